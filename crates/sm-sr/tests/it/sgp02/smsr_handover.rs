//! SGP.02 3.8, the SM-SR change end to end between two SM-SR instances: the lab's SMSC,
//! the M2M device with the software M2M eUICC, SM-SR1 (which has the EIS) and SM-SR2, each
//! the other's `[[peer]]` on its ES4/ES3/ES7 listener. The operator announces the change
//! at SM-SR2 (PrepareSMSRChange) and asks SM-SR1 for it (SMSRChange); the SM-SRs run
//! ES7 HandoverEUICC, AuthenticateSMSR and CreateAdditionalKeySet over mutual TLS, the
//! card establishes SM-SR2's key set, and SM-SR2 then manages the eUICC alone.

use sm_sr::config::{PeerSmSr, SmscLink};
use sm_sr::eis::ProfileState;
use sm_sr::es4::Es4Error;
use sm_sr::es7::ChangeError;
use sm_sr::status::{EID_REFUSED, SMSR_CHANGE_REFUSED, SMSR_UNKNOWN};
use sm_sr::{OperationState, Requester, SmSrConfig};
use smpp::{Account, Smsc, SmscConfig};

use crate::scp81_device::{
    BOOTSTRAP, Device, LOCAL, card, eis_json, operator, owners, profile_state, until_operation,
};
use crate::support::{Lab, tls_host};

const SR1: &str = "sr-1.rsp-lab.test";
const SR2: &str = "sr-2.rsp-lab.test";
const SR2_MSISDN: &str = "+4999002";

async fn smsc() -> Smsc {
    let accounts = vec![
        Account::new("smsr", "pw"),
        Account::new("smsr2", "pw"),
        Account::new("device", "pw"),
    ];
    let mut config = SmscConfig::new(accounts);
    config.limits.per_address = 16;
    Smsc::start("127.0.0.1:0", config).await.unwrap()
}

fn link(smsc: &Smsc, system_id: &str) -> SmscLink {
    SmscLink {
        address: smsc.local_addr().to_string(),
        system_id: system_id.into(),
        password: "pw".into(),
    }
}

/// A loopback port free now (the two SM-SRs name each other before either listens).
fn free_port() -> std::net::SocketAddr {
    infra::startup::free_loopback_port().unwrap()
}

fn peer(id: &str, addr: std::net::SocketAddr) -> PeerSmSr {
    PeerSmSr {
        id: id.into(),
        url: format!("https://{}:{}/gsma/smsr/ES7", tls_host(), addr.port()),
        resolve: Some(addr),
    }
}

/// The SMSC, both SM-SRs (SM-SR1 with the card's EIS), the device.
struct Rig {
    _smsc: Smsc,
    sr1: Lab,
    sr2: Lab,
    device: Device,
    eid: String,
}

/// The two SM-SRs' ES4/ES3/ES7 listeners.
type Ports = (std::net::SocketAddr, std::net::SocketAddr);

/// SM-SR1 on `ports.0`, its peer SM-SR2 at `ports.1`.
async fn start_sr1(smsc: &Smsc, (a1, a2): Ports) -> Lab {
    Lab::configured(link(smsc, "smsr"), |c| {
        c.smsr_id = SR1.into();
        c.es4_listen = a1;
        c.peers = vec![peer(SR2, a2)];
    })
    .await
}

/// SM-SR2 on `ports.1`, its peer SM-SR1 at `ports.0`.
async fn start_sr2(smsc: &Smsc, ports: Ports) -> Lab {
    Lab::configured(link(smsc, "smsr2"), |c| configure_sr2(c, smsc, ports)).await
}

/// SM-SR2's configuration: ES4/ES3/ES7 on `ports.1`, its peer SM-SR1 at `ports.0`.
fn configure_sr2(c: &mut SmSrConfig, smsc: &Smsc, (a1, a2): Ports) {
    c.smsr_id = SR2.into();
    c.sms_address = SR2_MSISDN.into();
    c.smsc = Some(link(smsc, "smsr2"));
    c.es4_listen = a2;
    c.peers = vec![peer(SR1, a1)];
}

/// The card's EIS registered at `sr1`, the device around the card attached; the EID.
async fn card_at(smsc: &Smsc, sr1: &Lab) -> (Device, String) {
    let euicc = card();
    let eid = sr1
        .smsr
        .import_card_eis(&eis_json(&euicc, None), &owners())
        .await
        .unwrap();
    (Device::start(smsc, euicc).await, eid)
}

impl Rig {
    async fn new() -> Rig {
        let smsc = smsc().await;
        let ports = (free_port(), free_port());
        let sr1 = start_sr1(&smsc, ports).await;
        let sr2 = start_sr2(&smsc, ports).await;
        let (device, eid) = card_at(&smsc, &sr1).await;
        Rig {
            _smsc: smsc,
            sr1,
            sr2,
            device,
            eid,
        }
    }

    /// PrepareSMSRChange at SM-SR2, SMSRChange at SM-SR1; the SMSRChange operation.
    async fn change(&self) -> sm_sr::Operation {
        self.sr2
            .smsr
            .prepare_smsr_change(&operator(), &self.eid, SR1)
            .await
            .unwrap();
        let accepted = self.sr1.smsr.smsr_change(&operator(), &self.eid, SR2).await;
        finished(&self.sr1, &accepted.unwrap().operation_id).await
    }
}

async fn finished(lab: &Lab, id: &str) -> sm_sr::Operation {
    until_operation(lab, id, |o| {
        !matches!(
            o.state,
            OperationState::Sending | OperationState::AwaitingNotification
        )
    })
    .await
}

#[tokio::test]
async fn sgp02_3_8_the_euicc_moves_to_sm_sr2_which_then_enables_a_profile_with_its_own_keys() {
    let rig = Rig::new().await;
    let op = rig.change().await;
    assert_eq!(op.state, OperationState::Succeeded, "{:?}", op.code);

    // SM-SR1 no longer has the EIS; SM-SR2 has it, with a new SCP80 key set of its own.
    assert!(rig.sr1.smsr.eis(&rig.eid).await.is_err());
    let eis = rig.sr2.smsr.eis(&rig.eid).await.unwrap();
    assert_eq!(profile_state(&eis, BOOTSTRAP), ProfileState::Enabled);
    assert_eq!(eis.isd_r.scp80.len(), 1);
    assert_ne!(
        eis.isd_r.scp80[0].kvn, 0x01,
        "the card's first key set was SM-SR1's"
    );

    // The operator now enables the local profile through SM-SR2: the command goes with the
    // new keys, the card's Default Notification comes to SM-SR2's address.
    let es4 = rig.sr2.smsr.es4();
    let id = es4
        .enable_profile(&operator(), &rig.eid, LOCAL)
        .await
        .unwrap()
        .operation_id;
    let op = finished(&rig.sr2, &id).await;
    assert_eq!(op.state, OperationState::Succeeded, "{:?}", op.code);
    let eis = rig.sr2.smsr.eis(&rig.eid).await.unwrap();
    assert_eq!(profile_state(&eis, LOCAL), ProfileState::Enabled);
    rig.device.stop().await;
}

#[tokio::test]
async fn sgp02_3_8_without_prepare_sm_sr2_refuses_and_sm_sr1_keeps_and_unlocks_the_euicc() {
    let rig = Rig::new().await;
    let accepted = rig.sr1.smsr.smsr_change(&operator(), &rig.eid, SR2).await;
    let id = accepted.unwrap().operation_id;
    let op = finished(&rig.sr1, &id).await;
    assert_eq!(op.state, OperationState::Failed);
    assert!(op.failed_with_code(SMSR_CHANGE_REFUSED), "{:?}", op.code);
    assert!(rig.sr2.smsr.eis(&rig.eid).await.is_err());
    let eis = rig.sr1.smsr.eis(&rig.eid).await.unwrap();
    assert_eq!(eis.isd_r.scp80.len(), 1, "SM-SR1 keeps its keys");
    // Unlocked: SM-SR1 manages the eUICC as before.
    let id = rig
        .sr1
        .smsr
        .es4()
        .enable_profile(&operator(), &rig.eid, LOCAL)
        .await
        .unwrap()
        .operation_id;
    assert_eq!(
        finished(&rig.sr1, &id).await.state,
        OperationState::Succeeded
    );
    rig.device.stop().await;
}

#[tokio::test]
async fn sgp02_3_8_an_unknown_target_or_a_foreign_operator_is_refused_at_once() {
    let rig = Rig::new().await;
    let unknown = rig
        .sr1
        .smsr
        .smsr_change(&operator(), &rig.eid, "sr-9")
        .await;
    assert!(matches!(&unknown, Err(e) if e.code() == Some(SMSR_UNKNOWN)));
    let stranger = Requester {
        id: "mno-c".into(),
        ..operator()
    };
    let foreign = rig.sr1.smsr.smsr_change(&stranger, &rig.eid, SR2).await;
    assert!(matches!(foreign, Err(ChangeError::NotOwner(_))));
    let unprepared = rig
        .sr2
        .smsr
        .prepare_smsr_change(&operator(), &rig.eid, "sr-9")
        .await;
    assert!(matches!(unprepared, Err(ChangeError::UnknownSmsr(_))));
    rig.device.stop().await;
}

/// POSTs ES7.AuthenticateSMSR for `eid` from `from` to `lab`'s ES7 endpoint with client
/// `c`; the FunctionExecutionStatus codes of the answer.
async fn authenticate_from(
    lab: &Lab,
    c: &reqwest::Client,
    from: &str,
    eid: &str,
) -> Option<(String, String)> {
    use soap::es7::{AUTHENTICATE_SMSR, AuthenticateSmsrRequest, AuthenticateSmsrResponse};
    let url = format!(
        "https://{}:{}{}",
        tls_host(),
        lab.smsr.es4_addr().port(),
        sm_sr::es7::listener::ES7_PATH
    );
    let msg = AuthenticateSmsrRequest {
        header: soap::status::RequestHeader::new("es7-1"),
        eid: proto::ids::Eid::parse_lenient(eid).unwrap(),
        smsr_certificate: soap::message::Hex(sr_certificate()),
    };
    let a = soap::envelope::Addressing::request(&url, from, "urn:uuid:es7-1");
    let r = c
        .post(&url)
        .header("content-type", "text/xml; charset=utf-8")
        .header(
            "soapaction",
            format!("\"{}\"", AUTHENTICATE_SMSR.request_action),
        )
        .body(AUTHENTICATE_SMSR.request(a, &msg).encode())
        .send()
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    let env = soap::envelope::Envelope::decode(text.as_bytes()).unwrap();
    let r: AuthenticateSmsrResponse = AUTHENTICATE_SMSR.decode_response(&env).unwrap();
    assert!(r.random_challenge.is_none(), "{text}");
    let s = r.header.function_execution_status;
    s.status_code_data.map(|d| (d.subject_code, d.reason_code))
}

/// CERT.SR.ECDSA of the test PKI.
fn sr_certificate() -> Vec<u8> {
    let (sr, _) = crate::support::pki().require_sr_ecdsa().unwrap();
    sr.certificate.to_bytes()
}

fn smsr_identity() -> infra::tls::Identity {
    let (cred, key) = crate::support::pki()
        .require_key(certs::CertRole::SmSrTls)
        .unwrap();
    infra::tls::Identity {
        chain: vec![cred.cert_der.clone()],
        key_pem: key.to_sec1_pem().unwrap().as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn sgp02_5_7_es7_takes_only_a_peer_named_by_certificate_and_from() {
    let rig = Rig::new().await;
    let smsr = crate::sgp02::es3_https::client_with(&rig.sr1, Some(smsr_identity()));
    let operator = crate::sgp02::es3_https::client_with(
        &rig.sr1,
        Some(crate::sgp02::es4_https::operator_identity("mno-a")),
    );
    let unknown = Some(("1.1".to_string(), "1.1".to_string()));
    // A CERT.SR.TLS whose wsa:From is no peer, and a peer's name under an operator's
    // certificate: function requester unknown.
    assert_eq!(
        authenticate_from(&rig.sr1, &smsr, "sr-9", &rig.eid).await,
        unknown
    );
    assert_eq!(
        authenticate_from(&rig.sr1, &operator, SR2, &rig.eid).await,
        unknown
    );
    // The peer itself, for an eUICC it is not being handed: refused, nothing sent.
    let refused = authenticate_from(&rig.sr1, &smsr, SR2, &rig.eid).await;
    assert_eq!(refused, Some(("8.7".into(), "3.8".into())));
    for c in rig.sr1.smsr.pending_commands(8).await.unwrap() {
        let op = rig
            .sr1
            .smsr
            .operation(&c.operation_id)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(op.function, sm_sr::Function::AuthenticateSmsr);
    }
    rig.device.stop().await;
}

#[tokio::test]
async fn sgp02_3_8_an_unreachable_sm_sr2_is_tried_again_until_it_takes_the_euicc() {
    let smsc = smsc().await;
    let ports = (free_port(), free_port());
    let sr1 = start_sr1(&smsc, ports).await;
    let (device, eid) = card_at(&smsc, &sr1).await;
    let id = sr1
        .smsr
        .smsr_change(&operator(), &eid, SR2)
        .await
        .unwrap()
        .operation_id;
    // SM-SR2 is not there yet: the operation waits, the eUICC stays locked at SM-SR1.
    let pending = sr1.smsr.operation(&id).await.unwrap().unwrap();
    assert_eq!(pending.state, OperationState::Sending);
    let during = sr1
        .smsr
        .es4()
        .enable_profile(&operator(), &eid, LOCAL)
        .await;
    let e = during.expect_err("locked while handed over");
    assert!(matches!(e, Es4Error::Locked(_)), "{e}");
    assert_eq!(e.code(), Some(EID_REFUSED));
    let again = sr1.smsr.smsr_change(&operator(), &eid, SR2).await;
    assert!(matches!(again, Err(ChangeError::Busy(_))));
    // SM-SR2 is prepared while SM-SR1 cannot reach it (on another port), then comes up
    // where SM-SR1 looks for it: a retry that reached it before the preparation would be
    // refused (3.8: PrepareSMSRChange precedes SMSRChange).
    let sr2 = start_sr2(&smsc, (ports.0, free_port())).await;
    // Another operator of the fleet announces the change: mno-a, whose profiles are on
    // the eUICC, is told by SM-SR2 once it took the eUICC over.
    let other = Requester {
        id: "mno-b".into(),
        ..operator()
    };
    sr2.smsr
        .prepare_smsr_change(&other, &eid, SR1)
        .await
        .unwrap();
    let sr2 = sr2
        .restart_configured(|c| configure_sr2(c, &smsc, ports))
        .await;
    let op = finished(&sr1, &id).await;
    assert_eq!(op.state, OperationState::Succeeded, "{:?}", op.code);
    assert!(sr2.smsr.eis(&eid).await.is_ok());
    let owed = sr2.smsr.owed_notifications().await.unwrap();
    let mut told: Vec<_> = owed
        .iter()
        .filter(|n| n.function == "HandleSMSRChangeNotification")
        .map(|n| (n.interface, n.recipient.as_str(), n.eid.as_str()))
        .collect();
    told.sort_by_key(|t| t.1);
    let dp = owners().smdp_id;
    let want = [
        (sm_sr::NotifyInterface::Es3, dp.as_str(), eid.as_str()),
        (sm_sr::NotifyInterface::Es4, "mno-a", eid.as_str()),
    ];
    assert_eq!(told, want);
    device.stop().await;
}

#[tokio::test]
async fn sgp02_3_8_a_handover_repeated_after_the_commit_is_taken_as_done() {
    // SM-SR2 already manages the eUICC (it committed; its answer never reached SM-SR1):
    // the repeated HandoverEUICC is answered "already managed", and SM-SR1 lets go.
    let rig = Rig::new().await;
    let euicc_eis = rig.sr1.smsr.eis(&rig.eid).await.unwrap();
    rig.sr2
        .smsr
        .import_eis_json(&euicc_eis.to_json())
        .await
        .unwrap();
    let prepared = rig
        .sr2
        .smsr
        .prepare_smsr_change(&operator(), &rig.eid, SR1)
        .await;
    assert!(matches!(prepared, Err(ChangeError::AlreadyManaged(_))));
    let id = rig
        .sr1
        .smsr
        .smsr_change(&operator(), &rig.eid, SR2)
        .await
        .unwrap()
        .operation_id;
    let op = finished(&rig.sr1, &id).await;
    assert_eq!(op.state, OperationState::Succeeded, "{:?}", op.code);
    assert!(rig.sr1.smsr.eis(&rig.eid).await.is_err());
    rig.device.stop().await;
}
