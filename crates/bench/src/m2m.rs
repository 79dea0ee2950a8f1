//! The M2M side the SGP.02 benchmarks share: a software M2M eUICC of the lab PKI with
//! pre-loaded profiles, and the M2M device's modem around it bound to the lab's SMSC.

use std::time::Duration;

use certs::CertRole;
use euicc_sim::apdu::Card;
use euicc_sim::m2m::{M2mPreload, M2mSetup, address_from_digits};
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use m2m_device::{Modem, ModemConfig, Network};
use proto::saip::{Personalization, minimal_profile};
use tokio::sync::oneshot;

/// The SM-SR's SMS address in the benchmarks.
pub(crate) const SM_SR: &str = "447700900123";

/// A profile of a card or the network: ICCID, IMSI, MSISDN.
pub(crate) type Subscription = (String, String, String);

/// An M2M eUICC with `creds`, `profiles` pre-loaded (the first enabled, with the Fall-Back
/// Attribute), its notifications to the SM-SR's address; the text says what failed.
pub(crate) fn card(
    pki: &certs::Pki,
    creds: Credentials,
    profiles: &[Subscription],
) -> Result<Euicc, String> {
    let (_, eum) = pki.require_key(CertRole::Eum).map_err(|x| x.to_string())?;
    let mut m2m = M2mSetup::generate(creds.eid().as_str(), eum).map_err(|x| x.to_string())?;
    m2m.smsr_address = address_from_digits(SM_SR);
    let mut euicc =
        Euicc::in_memory_m2m(creds, EuiccOptions::default(), m2m).map_err(|x| x.to_string())?;
    for (i, (iccid, imsi, _)) in profiles.iter().enumerate() {
        let package = minimal_profile(&Personalization {
            iccid: iccid.clone(),
            imsi: imsi.clone(),
            ki: vec![0x11; 16],
            opc: vec![0x22; 16],
        })
        .map_err(|x| x.to_string())?
        .to_der();
        let mut p = M2mPreload::from_package(package).map_err(|x| x.to_string())?;
        p.profile.enabled = i == 0;
        p.profile.fallback = i == 0;
        euicc.preload_m2m_profile(&p).map_err(|x| x.to_string())?;
    }
    Ok(euicc)
}

/// A running device: stop it with the sender, await the task.
pub(crate) type Device = (oneshot::Sender<()>, tokio::task::JoinHandle<()>);

/// The device's modem around `euicc`, attached on `network` and bound to the SMSC at
/// `smsc` as account `device`/`device`.
pub(crate) async fn start_device(
    euicc: Euicc,
    smsc: String,
    network: &[Subscription],
) -> Result<Device, String> {
    let network = network
        .iter()
        .map(|(_, imsi, msisdn)| {
            format!("[[subscriber]]\nimsi = \"{imsi}\"\nmsisdn = \"{msisdn}\"\n")
        })
        .collect::<String>();
    let config = ModemConfig {
        smsc,
        system_id: "device".into(),
        password: "device".into(),
        network: Network::from_toml(&network).map_err(|x| x.to_string())?,
        status_interval: Duration::from_millis(20),
        radio: Default::default(),
    };
    let mut modem = Modem::new(Card::new(euicc), config);
    modem.start().await.map_err(|x| x.to_string())?;
    let (stop, stopped) = oneshot::channel::<()>();
    let device = tokio::spawn(async move {
        let _ = modem
            .run(async {
                let _ = stopped.await;
            })
            .await;
    });
    Ok((stop, device))
}
