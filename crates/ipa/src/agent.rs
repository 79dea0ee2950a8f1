//! [`Ipa`]: the IPA of one device (SGP.32 v1.2 3.1, 5.14): its eUICC, the eIM it polls,
//! and the shared ESipa client. Polling and what follows is in `poll`; each kind of eIM
//! Package in `package`, `euicc_data` and `download`; the recovery of connectivity (the
//! Fallback Mechanism) in `recovery`.
//!
//! Every eIM Configuration Data the eUICC holds (ES10b.GetEimConfigurationData, SGP.32
//! v1.2 5.9.18) is kept ([`Ipa::eims`]): the IPA polls one it can reach (an `eimFqdn` and
//! HTTPS retrieval, 2.11.1.1.1 `eimSupportedProtocol`), and reports the others with why it
//! cannot poll them (no FQDN; only CoAP, injection or `eimProprietary`, which this IPA does
//! not speak) instead of refusing the card.

use std::sync::Arc;
use std::time::Duration;

use proto::sgp22::{
    DeviceInfo, GetEuiccDataRequest, GetEuiccDataResponse, ProfileInfoListRequest, ProfileState,
};
use proto::sgp32::{
    EimConfigurationData, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim,
    ExecuteFallbackMechanismRequest, ExecuteFallbackMechanismResponse,
    ExecuteFallbackMechanismResult, GetEimConfigurationDataRequest,
    GetEimConfigurationDataResponse, IpaCapabilities, IpaFeatures, IpaSupportedProtocols,
    ReturnFromFallbackRequest, ReturnFromFallbackResponse, ReturnFromFallbackResult,
    SGP32ProfileInfoListResponse,
};

use super::card::{IpaCard, call};
use super::error::IpaError;
use super::esipa::EsipaClient;
use euicc_sim::Sgp32Version;
use euicc_sim::state::{EimConfig, EimProtocol};
use lpa::LpaOptions;
use lpa::quirks::Quirks;

/// After an `enable` PSMO with `rollbackFlag`, the IPA asks whether the device attaches to
/// a network with the new profile; if not, it rolls back (ES10b.ProfileRollback, SGP.32
/// v1.2 5.9.16). The lab's network model answers; without a probe every profile attaches.
pub trait AttachProbe: Send + Sync {
    /// Whether the device with EID `eid` attaches with the profile `iccid` enabled.
    fn attaches(&self, eid: &str, iccid: &str) -> bool;

    /// Whether the device, attached with the profile `iccid`, can reach its eIM (a network
    /// that attaches but does not route to the eIM: a wrong APN, a blocked address). When
    /// not, every ESipa exchange after the enable fails as a connection failure would, and
    /// the IPA rolls back once [`IpaOptions::rollback_after`] has passed. By default the eIM
    /// is reachable: a real device learns it by trying.
    fn reaches_eim(&self, eid: &str, iccid: &str) -> bool {
        let _ = (eid, iccid);
        true
    }
}

/// Any `Fn(eid, iccid) -> bool` is a probe.
impl<F: Fn(&str, &str) -> bool + Send + Sync> AttachProbe for F {
    fn attaches(&self, eid: &str, iccid: &str) -> bool {
        self(eid, iccid)
    }
}

/// How the IPA behaves.
#[derive(Clone, Debug)]
pub struct IpaOptions {
    /// The eIM's base URL (`https://host:port`, or `coaps://host:port` for ESipa over
    /// CoAP/DTLS); by default the eimFqdn of the eIM Configuration Data after `https://`,
    /// or `coaps://` when the eIM names CoAP retrieval and not HTTPS.
    pub eim_url: Option<String>,
    /// The eIM to poll; by default the first one reachable by HTTPS or CoAP retrieval.
    pub eim_id: Option<String>,
    /// `refreshFlag` of the IPA's own profile changes (rollback, fallback).
    pub refresh_flag: bool,
    /// `ipaCapabilities` of IpaEuiccData (SGP.32 v1.2 2.11.2.2).
    pub capabilities: IpaCapabilities,
    /// The device LPA for direct downloads (ES9+ trust, device information): its
    /// `device` is also the `deviceInfo` of IpaEuiccData and of an indirect download.
    /// Notifications other than the installation result are left to the eIM.
    pub lpa: LpaOptions,
    /// Runs of a direct download when the SM-DP+'s answer did not arrive (connection lost):
    /// the LPA cancelled the session with reason `timeout`, so the SM-DP+ kept the order and
    /// the next run continues it (SGP.22 3.1.5). At least 1.
    pub download_attempts: u32,
    /// The SGP.32 version spoken on ESipa: v1.2, or v1.0 as most IPAs in the field
    /// (its own TLS connection, v1.0's octets, no EID in its results).
    pub sgp32: Sgp32Version,
    /// After an `enable` PSMO with `rollbackFlag` whose profile attached: how long the IPA
    /// keeps trying to deliver the package's result to the eIM with the new profile
    /// (ESipa.ProvideEimPackageResult, retried with back-off) before it calls
    /// ES10b.ProfileRollback (SGP.32 v1.2 5.9.16) and delivers the rollback's result from
    /// the previous profile. Zero: one try. `None`: never roll back for that reason; a
    /// failed delivery ends the poll with its error.
    pub rollback_after: Option<Duration>,
}

/// Default of [`IpaOptions::rollback_after`]: five minutes, long enough for a network's
/// PDN connection to come up after a REFRESH, short enough that a device cut off from its
/// eIM returns to a profile that reaches it within one poll interval.
pub const DEFAULT_ROLLBACK_AFTER: Duration = Duration::from_secs(300);

impl Default for IpaOptions {
    fn default() -> Self {
        IpaOptions {
            eim_url: None,
            eim_id: None,
            refresh_flag: true,
            capabilities: IpaCapabilities {
                ipa_features: IpaFeatures::from_bits(&[
                    IpaFeatures::DIRECT_RSP_SERVER_COMMUNICATION,
                    IpaFeatures::INDIRECT_RSP_SERVER_COMMUNICATION,
                ]),
                ipa_supported_protocols: Some(IpaSupportedProtocols::from_bits(&[
                    IpaSupportedProtocols::IPA_RETRIEVE_HTTPS,
                ])),
            },
            lpa: LpaOptions {
                process_notifications: false,
                ..LpaOptions::default()
            },
            download_attempts: 3,
            sgp32: Sgp32Version::V1_2,
            rollback_after: Some(DEFAULT_ROLLBACK_AFTER),
        }
    }
}

impl IpaOptions {
    /// `deviceInfo` of the device.
    pub fn device_info(&self) -> DeviceInfo {
        self.lpa.device.device_info()
    }
}

/// The eIM the IPA talks to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EimTarget {
    pub eim_id: String,
    /// `https://host[:port]`.
    pub base_url: String,
    /// The eIM relays downloads (`indirectProfileDownload`).
    pub indirect_profile_download: bool,
}

/// Why the IPA cannot poll an eIM whose configuration the eUICC holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EimUnusable {
    /// No `eimFqdn`, and no `--eim URL` given.
    NoFqdn,
    /// `eimSupportedProtocol` names no retrieval this IPA speaks (SGP.32 v1.2
    /// 2.11.1.1.1: `eimRetrieveHttps`, `eimRetrieveCoaps`): only these.
    NoRetrieval(Vec<EimProtocol>),
}

impl std::fmt::Display for EimUnusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EimUnusable::NoFqdn => write!(f, "no eimFqdn"),
            EimUnusable::NoRetrieval(protocols) => {
                let names: Vec<&str> = protocols.iter().map(|p| protocol_name(*p)).collect();
                write!(
                    f,
                    "eimSupportedProtocol names neither eimRetrieveHttps nor eimRetrieveCoaps \
                     (only {}), which this IPA does not speak",
                    names.join(", ")
                )
            }
        }
    }
}

/// The name of an `EimSupportedProtocol` bit as SGP.32 writes it.
fn protocol_name(p: EimProtocol) -> &'static str {
    match p {
        EimProtocol::RetrieveHttps => "eimRetrieveHttps",
        EimProtocol::RetrieveCoaps => "eimRetrieveCoaps",
        EimProtocol::InjectHttps => "eimInjectHttps",
        EimProtocol::InjectCoaps => "eimInjectCoaps",
        EimProtocol::Proprietary => "eimProprietary",
    }
}

/// One eIM Configuration Data of the eUICC, as the IPA sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EimEntry {
    pub eim_id: String,
    pub eim_fqdn: Option<String>,
    /// `None`: the IPA can poll it.
    pub unusable: Option<EimUnusable>,
}

impl EimEntry {
    fn of(c: &EimConfig) -> EimEntry {
        let unusable = if c.eim_fqdn.is_none() {
            Some(EimUnusable::NoFqdn)
        } else if !c.retrieves_over_https() && !c.retrieves_over_coaps() {
            Some(EimUnusable::NoRetrieval(c.supported_protocols.clone()))
        } else {
            None
        };
        EimEntry {
            eim_id: c.eim_id.clone(),
            eim_fqdn: c.eim_fqdn.clone(),
            unusable,
        }
    }

    /// The entry as JSON (`rsp-lab ipa run`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "eimId": self.eim_id,
            "eimFqdn": self.eim_fqdn,
            "unusable": self.unusable.as_ref().map(ToString::to_string),
        })
    }
}

/// The IPA of one device.
pub struct Ipa<C> {
    pub(super) card: C,
    pub(super) esipa: EsipaClient,
    pub(super) options: IpaOptions,
    pub(super) eid: String,
    pub(super) eid_bcd: [u8; 16],
    pub(super) eim: EimTarget,
    pub(super) probe: Option<Arc<dyn AttachProbe>>,
    /// Every eIM Configuration Data of the eUICC.
    pub(super) eims: Vec<EimEntry>,
    /// What the eUICC holds for the eIM (notifications, eUICC Package Results) is to be
    /// delivered before the next poll: at start-up, and after a rollback whose result
    /// could not be delivered.
    pub(super) pending_due: bool,
}

impl<C> std::fmt::Debug for Ipa<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ipa")
            .field("eid", &self.eid)
            .field("eim", &self.eim)
            .finish_non_exhaustive()
    }
}

/// The eIM to poll among the configured ones: the one named, else the first the IPA can
/// poll, else (with a URL given) the first; every configuration is kept and reported.
fn choose_eim(
    list: &[EimConfigurationData],
    options: &IpaOptions,
) -> Result<(EimTarget, Vec<EimEntry>), IpaError> {
    let configs: Vec<EimConfig> = list.iter().map(EimConfig::from_asn1).collect();
    let entries: Vec<EimEntry> = configs.iter().map(EimEntry::of).collect();
    let no_eim = || IpaError::NoEim {
        unusable: entries
            .iter()
            .filter_map(|e| e.unusable.as_ref().map(|u| format!("{}: {u}", e.eim_id)))
            .collect(),
    };
    let usable = |c: &&EimConfig| EimEntry::of(c).unusable.is_none();
    let chosen = match &options.eim_id {
        Some(id) => configs.iter().find(|c| &c.eim_id == id),
        None => configs
            .iter()
            .find(usable)
            .or(configs.first().filter(|_| options.eim_url.is_some())),
    }
    .ok_or_else(no_eim)?;
    let base_url = match (&options.eim_url, &chosen.eim_fqdn) {
        (Some(url), _) => url.clone(),
        (None, Some(fqdn)) if usable(&chosen) && chosen.retrieves_over_https() => {
            format!("https://{fqdn}")
        }
        (None, Some(fqdn)) if usable(&chosen) => format!("coaps://{fqdn}"),
        _ => return Err(no_eim()),
    };
    for e in &entries {
        if let Some(why) = &e.unusable {
            tracing::warn!(eim_id = %e.eim_id, "eIM configuration kept, not polled: {why}");
        }
    }
    Ok((
        EimTarget {
            eim_id: chosen.eim_id.clone(),
            base_url,
            indirect_profile_download: chosen.indirect_profile_download,
        },
        entries,
    ))
}

impl<C: IpaCard> Ipa<C> {
    /// Sets up the IPA on `card`: reads the EID (ES10c.GetEID) and the eIM Configuration
    /// Data (ES10b.GetEimConfigurationData) to know whom to poll.
    pub fn new(mut card: C, esipa: EsipaClient, options: IpaOptions) -> Result<Ipa<C>, IpaError> {
        let eid: GetEuiccDataResponse = call(
            &mut card,
            "ES10c.GetEID",
            &GetEuiccDataRequest { tag_list: [0x5A] },
        )?;
        let eims: GetEimConfigurationDataResponse = call(
            &mut card,
            "ES10b.GetEimConfigurationData",
            &GetEimConfigurationDataRequest::default(),
        )?;
        let (eim, eims) = choose_eim(&eims.eim_configuration_data_list, &options)?;
        let esipa = esipa.speaking(options.sgp32)?;
        let eid_text = proto::ids::Eid::from_bcd(&eid.eid_value)
            .map(|e| e.as_str().to_string())
            .unwrap_or_else(|_| hex::encode_upper(eid.eid_value));
        Ok(Ipa {
            card,
            esipa,
            options,
            eid: eid_text,
            eid_bcd: eid.eid_value,
            eim,
            probe: None,
            eims,
            pending_due: true,
        })
    }

    /// Every eIM Configuration Data of the eUICC, those the IPA cannot poll with why.
    pub fn eims(&self) -> &[EimEntry] {
        &self.eims
    }

    /// Sets the probe asked after an enable with rollback allowed.
    pub fn set_attach_probe(&mut self, probe: Arc<dyn AttachProbe>) {
        self.probe = Some(probe);
    }

    /// Whether the device attaches with `iccid` enabled (always, without a probe).
    pub fn probe_attaches(&self, iccid: &str) -> bool {
        self.probe
            .as_ref()
            .is_none_or(|p| p.attaches(&self.eid, iccid))
    }

    /// Behaves from now on as a device with `quirks` ([`lpa::quirks`]): on ESipa, and on
    /// ES9+ in a direct download.
    pub fn set_quirks(&mut self, quirks: Quirks) {
        self.esipa = self.esipa.with_quirks(quirks.clone());
        self.options.lpa.es9.quirks = quirks;
    }

    /// Polls another instance of the same eIM from now on (several instances behind one
    /// eIM name): its client and `https://host:port`.
    pub fn reroute(&mut self, esipa: EsipaClient, base_url: String) {
        self.esipa = esipa;
        self.eim.base_url = base_url;
    }

    /// The options, to point downloads at another SM-DP+ instance.
    pub fn options_mut(&mut self) -> &mut IpaOptions {
        &mut self.options
    }

    /// The EID (32 digits).
    pub fn eid(&self) -> &str {
        &self.eid
    }

    /// The eIM polled.
    pub fn eim(&self) -> &EimTarget {
        &self.eim
    }

    pub fn card(&self) -> &C {
        &self.card
    }

    pub fn card_mut(&mut self) -> &mut C {
        &mut self.card
    }

    pub fn into_card(self) -> C {
        self.card
    }

    /// ES10b.ExecuteFallbackMechanism (SGP.32 v1.2 5.9.20), e.g. when the enabled profile
    /// cannot register: the eUICC enables the Fallback Profile and the next poll tells the
    /// eIM (`stateChangeCause fallback`).
    pub fn execute_fallback(&mut self) -> Result<ExecuteFallbackMechanismResult, IpaError> {
        let r: ExecuteFallbackMechanismResponse = call(
            &mut self.card,
            "ES10b.ExecuteFallbackMechanism",
            &ExecuteFallbackMechanismRequest {
                refresh_flag: self.options.refresh_flag,
            },
        )?;
        Ok(r.execute_fallback_mechanism_result)
    }

    /// ES10b.ReturnFromFallback (SGP.32 v1.2 5.9.21).
    pub fn return_from_fallback(&mut self) -> Result<ReturnFromFallbackResult, IpaError> {
        let r: ReturnFromFallbackResponse = call(
            &mut self.card,
            "ES10b.ReturnFromFallback",
            &ReturnFromFallbackRequest {
                refresh_flag: self.options.refresh_flag,
            },
        )?;
        Ok(r.return_from_fallback_result)
    }

    /// ICCID (digits) of the enabled profile (ES10c.GetProfilesInfo).
    pub fn enabled_iccid(&mut self) -> Result<Option<String>, IpaError> {
        let r: SGP32ProfileInfoListResponse = call(
            &mut self.card,
            "ES10c.GetProfilesInfo",
            &ProfileInfoListRequest {
                search_criteria: None,
                tag_list: Some(vec![0x5A, 0x9F, 0x70]),
            },
        )?;
        let SGP32ProfileInfoListResponse::ProfileInfoListOk(list) = r else {
            return Ok(None);
        };
        Ok(list
            .iter()
            .find(|p| p.profile_state == Some(ProfileState::Enabled))
            .and_then(|p| p.iccid.as_ref())
            .and_then(|i| proto::ids::Iccid::from_swapped_bcd(&i.0).ok())
            .map(|i| i.as_str().to_string()))
    }

    /// Sends one message to the eIM.
    pub(super) async fn esipa(
        &self,
        message: EsipaMessageFromIpaToEim,
    ) -> Result<Option<EsipaMessageFromEimToIpa>, IpaError> {
        self.esipa.send(&self.eim.base_url, &message).await
    }
}
