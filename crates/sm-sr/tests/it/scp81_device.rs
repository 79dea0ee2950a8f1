//! ES5 over HTTPS end to end (SGP.02 2.4.4, GP Amendment B 3.8; ETSI TS 102 223 BIP): the
//! lab's SMSC, an SM-SR with `[smsc]` and `[scp81]`, the M2M Device (`m2m_device::Modem`)
//! and the software M2M eUICC. An ES4 call makes the SM-SR send the push SMS; the card
//! opens its BIP channel through the device to the SM-SR's admin listener, runs PSK-TLS and
//! the admin agent itself, and the script and its response go over that session.

use std::future::Future;
use std::time::Duration;

use certs::CertRole;
use euicc_sim::apdu::Card;
use euicc_sim::m2m::{M2mPreload, M2mSetup, address_from_digits};
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use m2m_device::{Modem, ModemConfig, Network};
use proto::saip::{Personalization, minimal_profile};
use sm_sr::eis::{CardOwners, ProfileState};
use sm_sr::status::EUICC_EXECUTION_ERROR;
use sm_sr::{OperationState, Requester};
use smpp::{Account, Smsc, SmscConfig};
use tokio::sync::oneshot;

use crate::support::{Lab, SMSR_MSISDN, pki};

/// A safety net for each wait, never an assertion.
const NET: Duration = Duration::from_secs(30);
pub(crate) const BOOTSTRAP: &str = "8949449999999990023";
pub(crate) const LOCAL: &str = "8949449999999990031";
const BOOTSTRAP_IMSI: &str = "001010000000001";
const LOCAL_IMSI: &str = "001020000000002";
const BOOTSTRAP_MSISDN: &str = "4915550001";
const LOCAL_MSISDN: &str = "4915550002";

fn package(iccid: &str, imsi: &str) -> Vec<u8> {
    minimal_profile(&Personalization {
        iccid: iccid.into(),
        imsi: imsi.into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    })
    .expect("profile")
    .to_der()
}

/// An M2M eUICC: the bootstrap profile enabled (fall-back), a local one disabled; its
/// notifications go to the SM-SR's address.
pub(crate) fn card() -> Euicc {
    let creds = Credentials::from_pki(pki()).expect("credentials");
    let (_, eum) = pki().require_key(CertRole::Eum).expect("EUM key");
    let mut setup = M2mSetup::generate(creds.eid().as_str(), eum).expect("M2M keys");
    setup.smsr_address = address_from_digits(SMSR_MSISDN.trim_start_matches('+'));
    let mut euicc = Euicc::in_memory_m2m(creds, EuiccOptions::default(), setup).expect("card");
    let mut bootstrap = M2mPreload::from_package(package(BOOTSTRAP, BOOTSTRAP_IMSI)).unwrap();
    bootstrap.profile.enabled = true;
    bootstrap.profile.fallback = true;
    euicc.preload_m2m_profile(&bootstrap).expect("bootstrap");
    let local = M2mPreload::from_package(package(LOCAL, LOCAL_IMSI)).unwrap();
    euicc.preload_m2m_profile(&local).expect("local");
    euicc
}

/// The card's EIS as `rsp-lab euicc eis` prints it; `psk`: another SCP81 key in place of
/// the card's.
pub(crate) fn eis_json(euicc: &Euicc, psk: Option<&str>) -> String {
    let mut eis = serde_json::to_value(euicc.m2m_eis().expect("M2M EIS")).unwrap();
    if let Some(psk) = psk {
        eis["isd_r"]["scp81"][0]["psk"] = psk.into();
    }
    eis.to_string()
}

pub(crate) fn owners() -> CardOwners {
    CardOwners {
        eum_id: "eum-1".into(),
        mno_id: "mno-a".into(),
        smdp_id: "dp".into(),
        msisdns: vec![
            (BOOTSTRAP.into(), BOOTSTRAP_MSISDN.into()),
            (LOCAL.into(), LOCAL_MSISDN.into()),
        ],
    }
}

fn network() -> Network {
    Network::from_toml(&format!(
        "[[subscriber]]\nimsi = \"{BOOTSTRAP_IMSI}\"\nmsisdn = \"{BOOTSTRAP_MSISDN}\"\n\
         [[subscriber]]\nimsi = \"{LOCAL_IMSI}\"\nmsisdn = \"{LOCAL_MSISDN}\"\n"
    ))
    .expect("network")
}

/// The lab's SMSC; `store`: messages kept for an unbound address (0: a push to a device
/// not bound is refused, i.e. lost).
async fn smsc(store: usize) -> Smsc {
    let accounts = vec![Account::new("smsr", "pw"), Account::new("device", "pw")];
    let mut config = SmscConfig::new(accounts);
    config.limits.per_address = store;
    Smsc::start("127.0.0.1:0", config).await.unwrap()
}

fn link(smsc: &Smsc) -> sm_sr::config::SmscLink {
    sm_sr::config::SmscLink {
        address: smsc.local_addr().to_string(),
        system_id: "smsr".into(),
        password: "pw".into(),
    }
}

/// The device around a card, attached and running until stopped.
pub(crate) struct Device {
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Device {
    pub(crate) async fn start(smsc: &Smsc, euicc: Euicc) -> Device {
        let config = ModemConfig {
            smsc: smsc.local_addr().to_string(),
            system_id: "device".into(),
            password: "pw".into(),
            network: network(),
            status_interval: Duration::from_millis(50),
            radio: Default::default(),
        };
        let mut modem = Modem::new(Card::new(euicc), config);
        modem.start().await.expect("device attached");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = modem
                .run(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Device { stop, task }
    }

    pub(crate) async fn stop(self) {
        let _ = self.stop.send(());
        let _ = within(self.task).await;
    }
}

/// The SMSC, an SM-SR with both bearers and the card's EIS registered.
struct Rig {
    smsc: Smsc,
    lab: Lab,
    euicc: Option<Euicc>,
    eid: String,
}

impl Rig {
    /// `store`: the SMSC's store per unbound address; `psk`: an SCP81 key for the EIS in
    /// place of the card's.
    async fn new(store: usize, push_retry: Duration, attempts: u32, psk: Option<&str>) -> Rig {
        let smsc = smsc(store).await;
        let lab = Lab::with_both_bearers(link(&smsc), push_retry, attempts).await;
        let euicc = card();
        let eid = lab
            .smsr
            .import_card_eis(&eis_json(&euicc, psk), &owners())
            .await
            .unwrap();
        Rig {
            smsc,
            lab,
            euicc: Some(euicc),
            eid,
        }
    }

    async fn device(&mut self) -> Device {
        Device::start(&self.smsc, self.euicc.take().expect("one device")).await
    }

    /// Operator A's ES4.EnableProfile of the local profile: the operation.
    async fn enable_local(&self) -> String {
        let es4 = self.lab.smsr.es4();
        let accepted = es4.enable_profile(&operator(), &self.eid, LOCAL).await;
        accepted.unwrap().operation_id
    }

    /// Waits for the operation to end.
    async fn finished(&self, id: &str) -> sm_sr::Operation {
        until_operation(&self.lab, id, |o| {
            !matches!(
                o.state,
                OperationState::Sending | OperationState::AwaitingNotification
            )
        })
        .await
    }

    /// Waits until the command of operation `id` has been sent `n` times.
    async fn sent(&self, id: &str, n: u32) {
        within(async {
            while attempts(&self.lab, id).await < n {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
        .await
    }

    /// The states of the bootstrap and the local profile in the SM-SR's EIS.
    async fn states(&self) -> (ProfileState, ProfileState) {
        let eis = self.lab.smsr.eis(&self.eid).await.unwrap();
        (profile_state(&eis, BOOTSTRAP), profile_state(&eis, LOCAL))
    }
}

pub(crate) fn operator() -> Requester {
    Requester {
        id: "mno-a".into(),
        message_id: None,
        reply_to: None,
        validity_secs: None,
    }
}

async fn within<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(NET, f)
        .await
        .expect("within the safety net")
}

/// Polls until `done` holds of the operation `id` (the poll is the wait; the safety net
/// bounds it).
pub(crate) async fn until_operation(
    lab: &Lab,
    id: &str,
    done: impl Fn(&sm_sr::Operation) -> bool,
) -> sm_sr::Operation {
    within(async {
        loop {
            if let Some(op) = lab.smsr.operation(id).await.unwrap().filter(|o| done(o)) {
                return op;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
}

/// The sends made of operation `id`'s command so far.
async fn attempts(lab: &Lab, id: &str) -> u32 {
    let pending = lab.smsr.pending_commands(64).await.unwrap();
    pending
        .iter()
        .find(|c| c.operation_id == id)
        .map_or(0, |c| c.attempts)
}

pub(crate) fn profile_state(eis: &sm_sr::eis::Eis, iccid: &str) -> ProfileState {
    eis.profiles
        .iter()
        .find(|p| p.iccid == iccid)
        .map(|p| p.state)
        .expect("profile in the EIS")
}

/// SGP.02 3.2 over SCP81: ES4.EnableProfile → push SMS → OPEN CHANNEL → PSK-TLS → the
/// script → its response → the Default Notification from the profile now enabled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enable_profile_runs_over_the_pushed_https_session() {
    let mut rig = Rig::new(16, Duration::from_secs(30), 3, None).await;
    let device = rig.device().await;
    let id = rig.enable_local().await;
    let op = rig.finished(&id).await;
    assert_eq!(op.state, OperationState::Succeeded, "{op:?}");
    let (bootstrap, local) = rig.states().await;
    assert_eq!(
        (bootstrap, local),
        (ProfileState::Disabled, ProfileState::Enabled)
    );
    device.stop().await;
}

/// A card whose SCP81 key is not the EIS's: the handshake fails, the command is not
/// answered, the push goes again after the retry interval, and once the attempts are
/// used the operation fails with 8.4 / 4.2 (`EUICC_EXECUTION_ERROR`); the script never
/// went by SMS instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_psk_fails_the_handshake_and_the_push_is_retried() {
    let other = "5A".repeat(16);
    let mut rig = Rig::new(16, Duration::from_millis(300), 2, Some(&other)).await;
    let device = rig.device().await;
    let id = rig.enable_local().await;
    rig.sent(&id, 2).await;
    let op = rig.finished(&id).await;
    assert_eq!(op.state, OperationState::Failed, "{op:?}");
    let code = EUICC_EXECUTION_ERROR;
    let expected = (code.subject.to_string(), code.reason.to_string());
    assert_eq!(op.code, Some(expected));
    let (bootstrap, local) = rig.states().await;
    assert_eq!(
        (bootstrap, local),
        (ProfileState::Enabled, ProfileState::Disabled),
        "nothing ran"
    );
    device.stop().await;
}

/// A push that never reaches the card (the device is not bound and the SMSC stores
/// nothing, so it refuses the message) is sent again: only a second push can open the
/// session that completes the operation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_push_is_sent_again() {
    let mut rig = Rig::new(0, Duration::from_millis(300), 5, None).await;
    let id = rig.enable_local().await;
    rig.sent(&id, 1).await;
    let device = rig.device().await;
    let op = rig.finished(&id).await;
    assert_eq!(op.state, OperationState::Succeeded, "{op:?}");
    let (_, local) = rig.states().await;
    assert_eq!(local, ProfileState::Enabled);
    device.stop().await;
}

/// ES3 over HTTPS (SGP.02 2.4.4; GP Amd B 3.4.2): an SM-DP's CreateISDP goes to the ISD-R
/// over the pushed session, and its SendData to the new ISD-P with
/// `X-Admin-Targeted-Application` naming that ISD-P, whose answer comes back as the
/// operation's response (the ISD-R would answer GET STATUS with its own AID).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sm_dps_scripts_reach_the_isd_p_over_https() {
    use sm_sr::es3::CreateIsdp;

    let mut rig = Rig::new(16, Duration::from_secs(30), 3, None).await;
    let device = rig.device().await;
    let dp = crate::support::requester(&crate::sgp02::es3_https::smdp_id());
    let es3 = rig.lab.smsr.es3();
    let create = CreateIsdp {
        iccid: "8949000000000000077".into(),
        mno_id: "mno-a".into(),
        required_memory: 0,
    };
    let created = es3.create_isdp(&dp, &rig.eid, &create).await.unwrap();
    let op = rig.finished(&created.operation_id).await;
    assert_eq!(op.state, OperationState::Succeeded, "{op:?}");
    let eis = rig.lab.smsr.eis(&rig.eid).await.unwrap();
    let aid = eis
        .profile(&create.iccid)
        .expect("the new ISD-P")
        .isd_p_aid
        .clone();

    // GET STATUS of the ISD-P itself (GP 11.4), as a definite-length expanded script
    let get_status = hex::decode("AA07220580F2800200").unwrap();
    let sent = es3
        .send_data(&dp, &rig.eid, &aid, &get_status)
        .await
        .unwrap();
    let op = rig.finished(&sent.operation_id).await;
    assert_eq!(op.state, OperationState::Succeeded, "{op:?}");
    let response = hex::encode_upper(op.response.expect("the card's response"));
    assert!(
        response.contains(&hex::encode_upper(&aid)) && response.contains("9000"),
        "the ISD-P answered for itself: {response}"
    );
    device.stop().await;
}
