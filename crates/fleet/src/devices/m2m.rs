//! One device of a run through the SGP.02 SM-SR: an M2M eUICC (SGP.02, with its ECASD and
//! ISD-R keys, the SM-SR's SMS address) with the bootstrap pre-loaded, enabled and holding
//! the Fall-Back Attribute, in an M2M device's modem ([`m2m_device::Modem`]) on the lab's
//! SMSC. The EUM registers its EIS at the SM-SR when it is made (ES1); it is switched on on
//! its deployment day and runs on its own from then on: the SM-SR's short messages reach
//! the card, the card's PoRs and notifications leave, a profile switch re-attaches the
//! modem, and a profile without service is rolled back by the card itself (SGP.02 3.2.2).
//!
//! The modem's network lets the bootstrap attach, and each local operator's IMSIs under
//! the device's own local MSISDN, except the local profiles the world draws as unable to
//! attach. The lab follows the device through the modem's registrations
//! ([`m2m_device::Modem::observe`]) and reads the card itself once the modem stopped.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use euicc_sim::apdu::Card;
use euicc_sim::m2m::{M2mPreload, M2mSetup, address_from_digits};
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use m2m_device::{Modem, ModemConfig, Network, Radio, Registration};
use sm_sr::SmSrHandle;
use sm_sr::eis::CardOwners;
use tokio::sync::{oneshot, watch};

use crate::devices::deploy::DeviceError;
use crate::devices::device::{DeviceLog, Site};
use crate::servers::m2m::{DEVICE_ACCOUNT, SMSR_MSISDN};
use crate::servers::{FIRST_OPERATOR, SMDP_FQDN};
use crate::world::World;
use crate::world::countries::{Country, Operator};
use crate::world::faults::attach_fails;
use crate::world::network::Attach;
use crate::world::rng::SimRng;

/// How often an idle modem sends STATUS (a card with a notification to repeat asks then).
const STATUS_INTERVAL: Duration = Duration::from_secs(5);

/// A modem running on its task; the task gives the modem back when stopped.
type Running = (
    oneshot::Sender<()>,
    tokio::task::JoinHandle<Modem<Card<Euicc>>>,
);

/// Where the modem is in its life.
enum Power {
    /// Made, not yet deployed.
    Off(Box<Modem<Card<Euicc>>>),
    On(Running),
    /// Stopped at the end: the card read back.
    Done(Box<Euicc>),
    /// Lost: its task failed.
    Gone,
}

/// A device of the fleet with an M2M eUICC.
pub struct M2mDevice {
    pub index: usize,
    pub eid: String,
    pub country: &'static Country,
    pub deploy_day: u32,
    pub partner: Operator,
    pub bootstrap_iccid: String,
    /// The MSISDN its local subscriptions are reached at (the operator gives it to the
    /// SM-DP with ES2.UpdateSubscriptionAddress before a download).
    pub local_msisdn: String,
    /// The radio link: its faults and its short messages counted.
    pub radio: Radio,
    pub log: DeviceLog,
    seen: watch::Receiver<Registration>,
    power: Power,
}

/// What a device is made from.
pub struct M2mParts<'a> {
    pub index: usize,
    pub creds: Credentials,
    pub country: &'static Country,
    pub deploy_day: u32,
    pub partner: Operator,
    /// The bootstrap's ICCID, IMSI and package.
    pub bootstrap: (&'a str, &'a str, Vec<u8>),
    /// The IMSIs of the country's local profiles that cannot attach.
    pub unable: &'a [String],
    pub radio: Radio,
}

/// Device `index`'s MSISDNs: the bootstrap's and its local one.
pub fn msisdns(index: usize) -> (String, String) {
    (format!("31600{index:07}"), format!("31700{index:07}"))
}

impl M2mDevice {
    /// Makes the card (keys, bootstrap), registers its EIS at the SM-SR with the bootstrap
    /// the first operator's, and builds the modem around it on the SMSC at `smsc`.
    pub async fn make(
        parts: M2mParts<'_>,
        eum: &certs::PrivateKey,
        smsr: &SmSrHandle,
        smsc: &str,
    ) -> Result<M2mDevice, DeviceError> {
        let (bootstrap_iccid, bootstrap_imsi, package) = parts.bootstrap;
        let eid = parts.creds.eid().as_str().to_string();
        let mut setup =
            M2mSetup::generate(&eid, eum).map_err(|e| DeviceError::M2mSetup(Box::new(e)))?;
        setup.smsr_address = address_from_digits(SMSR_MSISDN);
        let mut euicc = Euicc::in_memory_m2m(parts.creds, EuiccOptions::default(), setup)
            .map_err(DeviceError::Euicc)?;
        let mut p = M2mPreload::from_package(package).map_err(DeviceError::Preload)?;
        p.profile.enabled = true;
        p.profile.fallback = true;
        euicc
            .preload_m2m_profile(&p)
            .map_err(DeviceError::Preload)?;
        let (bootstrap_msisdn, local_msisdn) = msisdns(parts.index);
        if let Some(eis) = euicc.m2m_eis() {
            let owners = CardOwners {
                eum_id: "eum.rsp-lab.test".into(),
                mno_id: FIRST_OPERATOR.into(),
                smdp_id: SMDP_FQDN.into(),
                msisdns: vec![(bootstrap_iccid.to_string(), bootstrap_msisdn.clone())],
            };
            let text = serde_json::to_string(&eis).unwrap_or_default();
            smsr.import_card_eis(&text, &owners)
                .await
                .map_err(|e| DeviceError::Eis(Box::new(e)))?;
        }
        let network = network(
            (bootstrap_imsi, &bootstrap_msisdn),
            parts.country,
            parts.unable,
            &local_msisdn,
        )?;
        let (id, password) = DEVICE_ACCOUNT;
        let config = ModemConfig {
            smsc: smsc.to_string(),
            system_id: id.into(),
            password: password.into(),
            network,
            status_interval: STATUS_INTERVAL,
            radio: parts.radio.clone(),
        };
        let modem = Modem::new(Card::new(euicc), config);
        Ok(M2mDevice {
            index: parts.index,
            eid,
            country: parts.country,
            deploy_day: parts.deploy_day,
            partner: parts.partner,
            bootstrap_iccid: bootstrap_iccid.to_string(),
            local_msisdn,
            radio: parts.radio,
            log: DeviceLog::default(),
            seen: modem.observe(),
            power: Power::Off(Box::new(modem)),
        })
    }

    /// Where the device is.
    pub fn site(&self) -> Site<'_> {
        Site {
            country: self.country,
            partner: self.partner,
            bootstrap_iccid: &self.bootstrap_iccid,
        }
    }

    /// Switches the device on (its deployment day): the card powered, the first attach,
    /// the modem bound to the SMSC and running from then on.
    pub async fn switch_on(&mut self) -> Result<(), DeviceError> {
        let Power::Off(mut modem) = std::mem::replace(&mut self.power, Power::Gone) else {
            return Ok(());
        };
        modem
            .start()
            .await
            .map_err(|e| DeviceError::Modem(Box::new(e)))?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            if let Err(e) = modem
                .run(async {
                    let _ = stopped.await;
                })
                .await
            {
                tracing::warn!(error = %e, "M2M device stopped");
            }
            *modem
        });
        self.power = Power::On((stop, task));
        Ok(())
    }

    /// Whether the device is on the network (switched on, not stopped).
    pub fn is_on(&self) -> bool {
        matches!(self.power, Power::On(_))
    }

    /// The enabled profile as the network last saw it: its ICCID (by the IMSI) and whether
    /// it attached.
    pub fn registration(&self, by_imsi: &HashMap<String, String>) -> (Option<String>, bool) {
        let r = self.seen.borrow();
        let iccid = r.imsi.as_ref().and_then(|i| by_imsi.get(i)).cloned();
        (iccid, r.attached.is_some())
    }

    /// Records the day's attach from the modem's last registration (only once it is on).
    pub fn attach(
        &mut self,
        day: u32,
        world: &World,
        by_imsi: &HashMap<String, String>,
    ) -> Option<Attach> {
        if !self.is_on() {
            return None;
        }
        let (iccid, _) = self.registration(by_imsi);
        let iccid = iccid.unwrap_or_default();
        let site = Site {
            country: self.country,
            partner: self.partner,
            bootstrap_iccid: &self.bootstrap_iccid,
        };
        Some(self.log.attach_with(&iccid, site, day, world).0)
    }

    /// Stops the modem and reads the card back; the card, unless the modem was lost or
    /// never switched on (then the card as made).
    pub async fn stop(&mut self) -> Option<&Euicc> {
        let power = std::mem::replace(&mut self.power, Power::Gone);
        self.power = match power {
            Power::On((stop, task)) => {
                let _ = stop.send(());
                match task.await {
                    Ok(modem) => Power::Done(Box::new(modem.into_card().into_processor())),
                    Err(_) => Power::Gone,
                }
            }
            Power::Off(modem) => Power::Done(Box::new(modem.into_card().into_processor())),
            other => other,
        };
        match &self.power {
            Power::Done(euicc) => Some(euicc),
            _ => None,
        }
    }
}

/// The device's network: the bootstrap, the local profiles that cannot attach refused,
/// then each local operator's IMSIs (by MCC and MNC) at the device's local MSISDN.
fn network(
    (bootstrap_imsi, bootstrap_msisdn): (&str, &str),
    country: &Country,
    unable: &[String],
    local_msisdn: &str,
) -> Result<Network, DeviceError> {
    let mut toml =
        format!("[[subscriber]]\nimsi = \"{bootstrap_imsi}\"\nmsisdn = \"{bootstrap_msisdn}\"\n");
    for imsi in unable {
        toml.push_str(&format!(
            "[[subscriber]]\nimsi = \"{imsi}\"\nmsisdn = \"{local_msisdn}\"\nattach = false\n"
        ));
    }
    for op in country.operators {
        toml.push_str(&format!(
            "[[subscriber]]\nimsi = \"{}{}*\"\nmsisdn = \"{local_msisdn}\"\n",
            op.mcc, op.mnc
        ));
    }
    Network::from_toml(&toml).map_err(|e| DeviceError::Network(Box::new(e)))
}

/// The IMSIs of `country`'s local profiles in `world` that cannot attach (drawn from the
/// seed and the ICCID, as for every other device of the lab).
pub fn unable_imsis(world: &World, country: &Country) -> Vec<String> {
    let mut out: Vec<String> = (world.catalog.iter())
        .filter(|(_, p)| p.country == Some(country.code))
        .filter(|(iccid, _)| attach_fails(world.seed, world.attach_failure_rate, iccid))
        .map(|(_, p)| p.imsi.clone())
        .collect();
    out.sort();
    out
}

/// IMSI → ICCID of every profile of the world.
pub fn by_imsi(world: &World) -> HashMap<String, String> {
    (world.catalog.iter())
        .map(|(iccid, p)| (p.imsi.clone(), iccid.clone()))
        .collect()
}

/// A loss draw for device `index`: each MT short message lost with probability `rate`, in
/// a stream of its own drawn from the seed, so the same run loses the same messages.
pub fn loss(seed: u64, index: u64, rate: f64) -> Option<m2m_device::radio::LossDraw> {
    if rate <= 0.0 {
        return None;
    }
    /// The stream of the radio's draws, apart from the other draws of the seed.
    const RADIO: u64 = 0x5A5A_0002;
    let rng = std::sync::Mutex::new(SimRng::new(seed ^ RADIO).fork(index));
    Some(Arc::new(move || {
        rng.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .chance(rate)
    }))
}
