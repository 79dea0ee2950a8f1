//! Deploying the fleet: where and when each device goes (from the seed), and each device as
//! it leaves the factory: an IoT eUICC with its own EID and certificate from the lab's EUM,
//! the eIM configured as by ES10b.AddInitialEim (`Fleet::eim_configuration`), the bootstrap
//! profile of the global type pre-loaded, enabled and holding the Fallback Attribute
//! (SGP.32 v1.2 3.4.5), the device registered at the eIM, and its IPA.
//!
//! The bootstrap is personalized by the SM-DP+ (its inventory of the global type) but never
//! downloaded: the SM-DP+ records it as installed on that EID at manufacturing.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU32;
use std::time::Duration;

use base64::Engine as _;
use certs::{CertIssuer, CertRole, Pki};
use eim::{Fleet, Registration};
use euicc_sim::state::EimConfig;
use euicc_sim::{Credentials, Euicc, EuiccOptions, Preload};
use infra::trace::TraceDir;
use ipa::{EsipaClient, EsipaOptions, Ipa, IpaOptions};
use lpa::quirks::{Quirk, Quirks, QuirksFile};
use lpa::{Es9Options, LpaOptions, Resolve, ServerTrust};
use proto::sgp22::{Iccid, StoreMetadataRequest};
use sm_dp::SmDpView;

use crate::devices::device::{DeviceLog, SimDevice};
use crate::devices::route::{Personal, Route};
use crate::servers::{SMDP_FQDN, Servers};
use crate::world::World;
use crate::world::countries::{BOOTSTRAP_OPERATOR, Country};
use crate::world::faults::answer_loss;
use crate::world::inventory::GLOBAL_TYPE;
use crate::world::rng::SimRng;

/// The association token each eUICC answered AddInitialEim with (the first it hands out).
const ASSOCIATION_TOKEN: i64 = 1;
/// CoAP's ACK_TIMEOUT for the lab's devices (RFC 7252's is 2 s; 4.8.1 lets it change).
const COAP_ACK_TIMEOUT: Duration = Duration::from_millis(200);
/// EID serials of the fleet start here (the PKI's own eUICC has another).
const FIRST_SERIAL: u64 = 2_000_000;
const PLACEMENT_STREAM: u64 = 0x5EED_0000_0000_0000;
/// The sub-stream of the quirks drawn per device (`demo --quirks`).
const QUIRK_STREAM: u64 = 0x0012_4B00_0000_0000;
/// The stream of the devices' bindings in a mixed fleet.
const COAP_STREAM: u64 = 0x00C0_A900_0000_0000;

/// Where and when a device is deployed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub country: &'static Country,
    pub deploy_day: u32,
    /// Index of the local operator whose network it roams on with the bootstrap.
    pub partner: usize,
}

/// Device `index` goes to the countries in turn, on a day drawn over `deploy_days`.
pub fn placement(
    seed: u64,
    index: usize,
    countries: &[&'static Country],
    deploy_days: u32,
) -> Placement {
    let country = countries[index % countries.len()];
    let mut rng = SimRng::new(seed).fork(PLACEMENT_STREAM ^ index as u64);
    let deploy_day = u32::try_from(rng.below(u64::from(deploy_days.max(1)))).unwrap_or(0);
    let partner = usize::try_from(rng.below(country.operators.len() as u64)).unwrap_or(0);
    Placement {
        country,
        deploy_day,
        partner,
    }
}

/// Why a device could not be made.
#[derive(Debug, thiserror::Error)]
#[error("device {index}: {source}")]
pub struct DeployError {
    pub index: usize,
    pub source: DeviceError,
}

/// What failed in making one device ([`Factory::device`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceError {
    /// Its eUICC could not be made.
    #[error("eUICC: {0}")]
    Euicc(euicc_sim::EuiccError),
    /// The SM-DP+ did not personalize its bootstrap profile.
    #[error("bootstrap: {0}")]
    Bootstrap(sm_dp::SeedError),
    /// The lab could not personalize the bootstrap profile itself.
    #[error("bootstrap: {0}")]
    LabBootstrap(String),
    /// The bootstrap's ICCID does not parse.
    #[error("bootstrap ICCID {iccid}: {source}")]
    BootstrapIccid {
        iccid: String,
        source: proto::ids::IccidError,
    },
    /// The bootstrap profile could not be pre-loaded on the eUICC.
    #[error("bootstrap pre-load: {0}")]
    Preload(euicc_sim::FactoryError),
    /// The eIM refused its registration.
    #[error("registration at the eIM: {0}")]
    Registration(eim::EngineError),
    /// Its trace directory could not be made.
    #[error("trace directory {}: {source}", path.display())]
    Trace {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Its IPA could not be made.
    #[error("IPA: {0}")]
    Ipa(ipa::IpaError),
    /// Its M2M eUICC's keys could not be made (SGP.02: ECASD, ISD-R).
    #[error("M2M eUICC: {0}")]
    M2mSetup(Box<euicc_sim::m2m::M2mSetupError>),
    /// The SM-SR refused its EIS (SGP.02 ES1, the EUM's registration).
    #[error("EIS at the SM-SR: {0}")]
    Eis(Box<sm_sr::registry::RegistryError>),
    /// Its modem's network description.
    #[error("network: {0}")]
    Network(Box<m2m_device::NetworkError>),
    /// Its modem did not start (the card, or the SMSC refusing the bind).
    #[error("modem: {0}")]
    Modem(Box<m2m_device::ModemError>),
}

/// Why the fleet's credentials could not be issued ([`issue`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IssueError {
    /// The PKI lacks the EUM or the CI credential, or the EUM's key does not load.
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    /// The CI certificate is no trust anchor, or a card's credentials do not fit together.
    #[error(transparent)]
    Credentials(#[from] euicc_sim::CredentialsError),
    /// The EUM certificate does not chain to the CI.
    #[error("the lab's EUM certificate: {0}")]
    Eum(certs::ChainError),
    /// The EUM could not issue the cards' certificates.
    #[error(transparent)]
    Issue(#[from] certs::GenerateError),
    /// A thread issuing a share of the cards panicked.
    #[error("a credential thread panicked")]
    Panicked,
}

/// The EIDs and credentials of `count` eUICCs under the lab's EUM, made on every core.
pub fn issue(pki: &Pki, count: usize) -> Result<Vec<Credentials>, IssueError> {
    let eum = pki.require(CertRole::Eum)?;
    let ci = pki.require(CertRole::Ci)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = count.div_ceil(threads.max(1)).max(1);
    // What every card has in common is held once: the EUM certificate and the parsed CI.
    let eum_der: Arc<[u8]> = eum.cert_der.as_slice().into();
    let anchors = Credentials::anchors(std::slice::from_ref(&ci.cert_der))?;
    // The EUM certificate is checked once for the fleet; each card's own certificate, just
    // signed here, is checked by the eIM and the SM-DP+ when the card presents it.
    let verified_eum = certs::verify_eum_cert(&anchors, &eum_der, None).map_err(IssueError::Eum)?;
    let issue_chunk = |first: usize, n: usize| -> Result<Vec<Credentials>, IssueError> {
        let issuer = CertIssuer::new(eum)?;
        issuer
            .issue_euicc_fleet(FIRST_SERIAL + first as u64, n)?
            .into_iter()
            .map(|issued| {
                let key = issued.credential.key()?;
                Credentials::issued(
                    &issued.eid,
                    issued.credential.cert_der.clone(),
                    eum_der.clone(),
                    &verified_eum,
                    key.clone(),
                    anchors.clone(),
                )
                .map_err(IssueError::from)
            })
            .collect()
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .step_by(chunk)
            .map(|first| {
                let n = chunk.min(count - first);
                scope.spawn(move || issue_chunk(first, n))
            })
            .collect();
        let mut out = Vec::with_capacity(count);
        for h in handles {
            out.extend(h.join().map_err(|_| IssueError::Panicked)??);
        }
        Ok(out)
    })
}

/// Why what the devices of a run share could not be made ([`Factory::new`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FactoryError {
    /// The PKI lacks the CI certificate.
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    /// An ESipa client could not be made.
    #[error(transparent)]
    Esipa(#[from] ipa::IpaError),
}

/// What every device of a run shares.
pub struct Factory {
    pub fleet: Fleet,
    /// The lab's own SM-DP+; `None` for one outside the lab (the lab personalizes the
    /// bootstraps itself).
    pub smdp: Option<SmDpView>,
    pub esipa: EsipaClient,
    /// Every instance; a device uses instance `(index + day) % len` on a given day.
    pub routes: Arc<[Route]>,
    pub lpa: LpaOptions,
    pub eim: EimConfig,
    pub world: Arc<World>,
    pub seed: u64,
    pub drop_rate: f64,
    /// With `--trace-dir`: `devices/` in it, one directory per EID below.
    pub device_traces: Option<PathBuf>,
    /// `--quirks FILE`: the quirks of every device and the shares drawn per device.
    pub quirks: Option<QuirksFile>,
    /// The share of the devices that poll over CoAP, on their countries' lossy networks
    /// (0 without the eIM's CoAP listener).
    pub coap_share: f64,
}

impl Factory {
    /// The shared clients and configuration for the devices of `servers`.
    pub fn new(
        servers: &Servers,
        world: Arc<World>,
        trace_dir: Option<&std::path::Path>,
        seed: u64,
        drop_rate: f64,
    ) -> Result<Factory, FactoryError> {
        let ci = servers.pki.require(CertRole::Ci)?.cert_der.clone();
        let fleet = servers.eim.fleet();
        let mut eim = EimConfig::from_asn1(&fleet.eim_configuration(0));
        eim.association_token = Some(ASSOCIATION_TOKEN);
        let eim_host = servers
            .eim
            .eim_address()
            .rsplit_once(':')
            .map_or(servers.eim.eim_address(), |(h, _)| h)
            .to_string();
        let mut esipa = EsipaOptions::new(ServerTrust::roots(vec![ci.clone()]));
        esipa.resolve = vec![(eim_host.clone(), servers.eim.esipa_addr())];
        esipa.timeout = Duration::from_secs(30);
        // RFC 7252 4.8.1: the lab's timers scaled down with its time, so that a lost
        // datagram costs the run a fifth of a second, not two
        esipa.coap_ack_timeout = Some(COAP_ACK_TIMEOUT);
        let client = |addr: std::net::SocketAddr| {
            let mut o = esipa.clone();
            o.resolve = vec![(eim_host.clone(), addr)];
            EsipaClient::new(&o)
        };
        let routes = servers
            .instance_addrs()
            .into_iter()
            .map(|a| {
                let coap = match a.esipa_coap {
                    Some(addr) => {
                        Some((client(addr)?, format!("coaps://{eim_host}:{}", addr.port())))
                    }
                    None => None,
                };
                Ok(Route {
                    esipa: client(a.esipa)?,
                    eim_url: format!("https://{eim_host}:{}", a.esipa.port()),
                    coap,
                    es9: a.es9,
                })
            })
            .collect::<Result<Vec<_>, FactoryError>>()?;
        let lpa = LpaOptions {
            es9: Es9Options {
                trust: Some(ServerTrust::roots(vec![ci])),
                resolve: vec![Resolve {
                    host: servers.smdp_host().into(),
                    port: None,
                    addr: servers.smdp_addrs().0,
                }],
                timeout: Duration::from_secs(30),
                ..Es9Options::default()
            },
            process_notifications: false,
            ..LpaOptions::default()
        };
        Ok(Factory {
            fleet,
            smdp: servers.smdp_view(),
            esipa: EsipaClient::new(&esipa)?,
            routes: routes.into(),
            lpa,
            eim,
            world,
            seed,
            drop_rate,
            device_traces: trace_dir.map(|d| d.join("devices")),
            quirks: None,
            coap_share: if servers.esipa_coap { 1.0 } else { 0.0 },
        })
    }

    /// Whether device `index` polls over CoAP: all of them, none, or a share drawn from
    /// the run's seed.
    fn over_coap(&self, index: usize) -> bool {
        match self.coap_share {
            s if s >= 1.0 => true,
            s if s <= 0.0 => false,
            s => SimRng::new(self.seed ^ COAP_STREAM ^ index as u64).unit() < s,
        }
    }

    /// The quirks of device `index` ([`quirks_of`]).
    fn quirks_of(&self, index: usize) -> Quirks {
        match &self.quirks {
            Some(file) => quirks_of(file, self.seed, index),
            None => Quirks::none(),
        }
    }

    /// Registers the device `eid` at the eIM with its certificates and bootstrap profile.
    async fn register(
        &self,
        eid: &str,
        euicc_cert: &[u8],
        eum_cert: &[u8],
        bootstrap_iccid: &str,
    ) -> Result<(), DeviceError> {
        let b64 = |d: &[u8]| base64::engine::general_purpose::STANDARD.encode(d);
        self.fleet
            .register(&Registration {
                eid: eid.to_string(),
                euicc_certificate: Some(b64(euicc_cert)),
                eum_certificate: Some(b64(eum_cert)),
                counter_value: Some(0),
                association_token: Some(ASSOCIATION_TOKEN),
                eim_id: None,
                bootstrap_iccid: Some(bootstrap_iccid.to_string()),
            })
            .await
            .map_err(DeviceError::Registration)?;
        Ok(())
    }

    /// What device `index` (EID `eid`) changes on the shared LPA settings: its answer-loss
    /// draw (counted in `lost`), its quirks and its trace directory.
    fn personalize(
        &self,
        index: usize,
        eid: &str,
        lost: &Arc<AtomicU32>,
        country: &Country,
    ) -> Result<(Personal, LpaOptions), DeviceError> {
        let loss = answer_loss(self.seed, index as u64, self.drop_rate, lost.clone());
        let mut lpa = self.lpa.clone();
        lpa.es9.lose_answer = loss.clone();
        let quirks = self.quirks_of(index);
        lpa.es9.quirks = quirks.clone();
        let mut personal = Personal {
            loss,
            trace: None,
            quirks,
            // the draws of each device its own, reproducible from the run's seed
            coap_loss: self.over_coap(index).then(|| {
                let seed = self.seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                (country.datagram_loss(), seed)
            }),
        };
        if let Some(root) = &self.device_traces {
            let dir = root.join(eid);
            personal.trace = Some(TraceDir::new(&dir).map_err(|source| DeviceError::Trace {
                path: dir.clone(),
                source,
            })?);
            lpa.es9.trace_dir = Some(dir);
        }
        Ok((personal, lpa))
    }

    /// Makes device `index`: eUICC, bootstrap, registration, IPA.
    pub async fn device(
        &self,
        index: usize,
        creds: Credentials,
        place: Placement,
        bootstrap_iccid: &str,
    ) -> Result<SimDevice, DeployError> {
        let err = |source: DeviceError| DeployError { index, source };
        let options = EuiccOptions {
            default_dp_address: Some(SMDP_FQDN.into()),
            ..EuiccOptions::iot_with_eim(self.eim.clone())
        };
        let euicc_cert = creds.euicc_certificate().to_vec();
        let eum_cert = creds.eum_certificate().to_vec();
        let mut euicc = Euicc::in_memory(creds, options).map_err(|e| err(DeviceError::Euicc(e)))?;
        let eid = euicc.eid().to_string();
        preload_bootstrap(self.smdp.as_ref(), &mut euicc, bootstrap_iccid, index)
            .await
            .map_err(err)?;
        self.register(&eid, &euicc_cert, &eum_cert, bootstrap_iccid)
            .await
            .map_err(err)?;
        let lost = Arc::new(AtomicU32::new(0));
        let (personal, lpa) = self
            .personalize(index, &eid, &lost, place.country)
            .map_err(err)?;
        let esipa = personal.client(&self.routes[0]);
        let options = IpaOptions {
            lpa,
            // the route's URL: over CoAP the eIM configuration's eimFqdn names the HTTPS port
            eim_url: Some(personal.url(&self.routes[0])),
            // The devices' hours pass within a session of a simulated day: with the eIM
            // unreachable after an enable for longer than the IPA waits, one failed delivery
            // stands for them. Without that fault the IPA never rolls back for it, and a
            // lost answer ends the poll as it always did.
            rollback_after: (self.world.eim_unreachable_rate > 0.0).then_some(Duration::ZERO),
            ..IpaOptions::default()
        };
        let mut ipa = Ipa::new(euicc, esipa, options).map_err(|e| err(DeviceError::Ipa(e)))?;
        ipa.set_attach_probe(self.world.clone());
        Ok(SimDevice {
            index,
            eid,
            country: place.country,
            deploy_day: place.deploy_day,
            partner: place.country.operators[place.partner % place.country.operators.len()],
            bootstrap_iccid: bootstrap_iccid.to_string(),
            ipa,
            lost,
            log: DeviceLog {
                instance_polls: vec![0; self.routes.len()],
                ..DeviceLog::default()
            },
            routes: self.routes.clone(),
            personal,
            open: None,
        })
    }
}

/// The quirks of device `index` of a run with `seed`: those of every device, and each
/// shared one drawn from the seed, the device and the quirk alone (adding a device or a
/// quirk changes no other draw).
pub fn quirks_of(file: &QuirksFile, seed: u64, index: usize) -> Quirks {
    file.for_device(|q| {
        let k = Quirk::ALL.iter().position(|&x| x == q).unwrap_or(0) as u64;
        SimRng::new(seed)
            .fork(QUIRK_STREAM ^ (k << 40) ^ index as u64)
            .unit()
    })
}

/// A bootstrap profile personalized by the lab: the minimal profile with `iccid` and an
/// international IMSI (MCC 901) of the device's index; its keys are fixed (the network model
/// does not authenticate).
fn lab_bootstrap(iccid: &str, index: usize) -> Result<Vec<u8>, DeviceError> {
    let personalization = proto::saip::Personalization {
        iccid: iccid.to_string(),
        imsi: format!("90140{:010}", index % 10_000_000_000),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    };
    proto::saip::minimal_profile(&personalization)
        .map(|p| p.to_der())
        .map_err(|e| DeviceError::LabBootstrap(e.to_string()))
}

/// Puts the bootstrap profile `iccid` on the eUICC of device `index`, enabled and fallback:
/// the SM-DP+'s personalized package, recorded there as installed on that EID, or, with an
/// SM-DP+ outside the lab (`smdp` `None`), a minimal profile the lab personalizes itself.
pub(crate) async fn preload_bootstrap(
    smdp: Option<&SmDpView>,
    euicc: &mut Euicc,
    iccid: &str,
    index: usize,
) -> Result<(), DeviceError> {
    let package = match smdp {
        Some(view) => view
            .manufacture(iccid, euicc.eid())
            .await
            .map_err(DeviceError::Bootstrap)?,
        None => lab_bootstrap(iccid, index)?,
    };
    let coded = proto::ids::Iccid::parse(iccid)
        .map_err(|source| DeviceError::BootstrapIccid {
            iccid: iccid.to_string(),
            source,
        })?
        .to_swapped_bcd();
    let metadata = StoreMetadataRequest::new(Iccid(coded), BOOTSTRAP_OPERATOR.name, GLOBAL_TYPE);
    euicc
        .preload_profile(&Preload {
            enabled: true,
            fallback: true,
            ..Preload::new(package, metadata)
        })
        .map(|_| ())
        .map_err(DeviceError::Preload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::countries::COUNTRIES;

    #[test]
    fn quirks_are_drawn_per_device_at_their_share_and_seeded() {
        let file = QuirksFile {
            quirks: vec![Quirk::DerSignatures],
            share: [
                (Quirk::OmitEidInResults, 0.15),
                (Quirk::NotificationsTwice, 0.5),
            ]
            .into_iter()
            .collect(),
        };
        let n = 4000;
        let drawn: Vec<Quirks> = (0..n).map(|i| quirks_of(&file, 7, i)).collect();
        let with = |q: Quirk| drawn.iter().filter(|d| d.has(q)).count();
        assert_eq!(with(Quirk::DerSignatures), n);
        assert!(
            (480..720).contains(&with(Quirk::OmitEidInResults)),
            "{}",
            with(Quirk::OmitEidInResults)
        );
        assert!(
            (1850..2150).contains(&with(Quirk::NotificationsTwice)),
            "{}",
            with(Quirk::NotificationsTwice)
        );
        let both = drawn
            .iter()
            .filter(|d| d.has(Quirk::OmitEidInResults) && d.has(Quirk::NotificationsTwice))
            .count();
        assert!((220..380).contains(&both), "independent draws: {both}");
        assert_eq!(drawn[17], quirks_of(&file, 7, 17));
        assert_ne!(
            drawn,
            (0..n).map(|i| quirks_of(&file, 8, i)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn placement_is_round_robin_and_seeded() {
        let countries: Vec<&'static Country> = COUNTRIES.iter().take(3).collect();
        let a: Vec<Placement> = (0..9).map(|i| placement(5, i, &countries, 28)).collect();
        let b: Vec<Placement> = (0..9).map(|i| placement(5, i, &countries, 28)).collect();
        assert_eq!(a, b);
        assert_eq!(a[0].country.code, a[3].country.code);
        assert_ne!(a[0].country.code, a[1].country.code);
        assert!(a.iter().all(|p| p.deploy_day < 28 && p.partner < 2));
        let other: Vec<Placement> = (0..9).map(|i| placement(6, i, &countries, 28)).collect();
        assert_ne!(a, other);
    }

    /// A card made without checking its own certificate again is what a peer's check of
    /// that certificate finds: the chain verifies as the eIM and the SM-DP+ verify it, with
    /// the card's EID, its key's public half and the CI it signs under.
    #[test]
    fn issued_cards_pass_the_peers_chain_check() {
        let pki = certs::generate(&certs::LabPkiOptions::default()).expect("lab PKI");
        let ci = pki.require(CertRole::Ci).expect("CI").cert_der.clone();
        let anchors = Credentials::anchors(&[ci]).expect("CI anchor");
        for card in issue(&pki, 4).expect("four cards") {
            let v = certs::verify_euicc_chain(
                &anchors,
                card.eum_certificate(),
                card.euicc_certificate(),
                None,
            )
            .expect("the chain a peer checks");
            assert_eq!(v.eid, card.eid().as_str());
            assert_eq!(v.public_key.as_uncompressed_point(), card.public_key());
            assert_eq!(card.ci_pkids_for_signing(), vec![v.ci_ski.clone()]);
            let message = b"signed by the card";
            let signature = card.sign(message).expect("a signature");
            let signature = proto::crypto::Signature::from_raw(&signature).expect("r ‖ s");
            assert!(v.public_key.verify(message, &signature).is_ok());
        }
    }

    /// A fleet's cards hold what they have in common once (its memory per device is what
    /// lets 100,000 of them fit): one EUM certificate and one parsed CI for all of them,
    /// each card with its own EID, certificate and key, and each card's state record
    /// pointing at the same shared octets.
    #[test]
    fn issued_cards_share_the_eum_certificate_and_the_ci() {
        let pki = certs::generate(&certs::LabPkiOptions::default()).expect("lab PKI");
        let cards = issue(&pki, 3).expect("three cards");
        let eum = pki.require(CertRole::Eum).expect("EUM").cert_der.as_slice();
        let eids: std::collections::BTreeSet<&str> =
            cards.iter().map(|c| c.eid().as_str()).collect();
        assert_eq!(eids.len(), 3, "every card has its own EID");
        for c in &cards {
            assert_eq!(c.eum_certificate(), eum);
            assert_eq!(c.trusted_cis().len(), 1);
        }
        let eum_at = |c: &Credentials| c.eum_certificate().as_ptr();
        let ci_at = |c: &Credentials| c.trusted_cis().as_ptr();
        assert_eq!(eum_at(&cards[0]), eum_at(&cards[2]), "one EUM certificate");
        assert_eq!(ci_at(&cards[0]), ci_at(&cards[2]), "one parsed CI");
        assert_ne!(
            cards[0].euicc_certificate().as_ptr(),
            cards[1].euicc_certificate().as_ptr()
        );
        let [a, b, _] = <[Credentials; 3]>::try_from(cards).expect("three");
        let options = EuiccOptions::default();
        let (a, b) = (
            Euicc::in_memory(a, options.clone()).expect("eUICC"),
            Euicc::in_memory(b, options).expect("eUICC"),
        );
        let eum_in_record = |e: &Euicc| match &e.state().credentials {
            euicc_sim::state::CredentialsRecord::Inline {
                eum_certificate, ..
            } => eum_certificate.as_ptr(),
            other => panic!("an inline record, not {other:?}"),
        };
        assert_eq!(
            eum_in_record(&a),
            eum_in_record(&b),
            "the state records share it"
        );
    }
}
