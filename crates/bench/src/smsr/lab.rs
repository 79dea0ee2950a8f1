//! The benchmark's lab: a lab PKI, a software M2M eUICC with a bootstrap profile (enabled,
//! Fall-Back Attribute) and a local one, the lab's SMSC, the SM-SR bound to it with the
//! card's EIS (with `[scp81]` for the HTTPS bearer), and the device's modem bound as the
//! enabled profile's MSISDN.

use std::time::Duration;

use certs::{LabPkiOptions, generate};
use euicc_sim::Credentials;
use sm_sr::config::{Es4Credentials, Scp81Listener, SmscLink};
use sm_sr::eis::CardOwners;
use sm_sr::{OperationState, Requester, SmSr, SmSrConfig, SmSrHandle};
use smpp::{Account, Smsc, SmscConfig};
use tokio::sync::oneshot;

use super::{Bearer, PATIENCE, SmsrBenchError};
use crate::m2m::{SM_SR, Subscription, card, start_device};

const OPERATOR: &str = "operator1";
/// (ICCID, IMSI, MSISDN) of the bootstrap and the local profile.
const PROFILES: [(&str, &str, &str); 2] = [
    ("8949449999999990023", "001010000000001", "4915550001"),
    ("8949449999999990031", "262010000000002", "4915550002"),
];

/// The running lab.
pub(super) struct Lab {
    smsc: Smsc,
    smsr: SmSrHandle,
    eid: String,
    stop: oneshot::Sender<()>,
    device: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

fn setup(what: &str) -> impl Fn(String) -> SmsrBenchError + '_ {
    move |e| SmsrBenchError::Setup(format!("{what}: {e}"))
}

/// The card's two profiles: the bootstrap one (enabled, Fall-Back Attribute) and the local.
fn profiles() -> Vec<Subscription> {
    PROFILES
        .iter()
        .map(|(i, m, n)| (i.to_string(), m.to_string(), n.to_string()))
        .collect()
}

impl Lab {
    pub(super) async fn start(bearer: Bearer) -> Result<Lab, SmsrBenchError> {
        let pki = generate(&LabPkiOptions::default()).map_err(|x| setup("PKI")(x.to_string()))?;
        let creds = Credentials::from_pki(&pki).map_err(|x| setup("card")(x.to_string()))?;
        let euicc = card(&pki, creds, &profiles()).map_err(setup("card"))?;
        let accounts = vec![
            Account::new("smsr", "smsr"),
            Account::new("device", "device"),
        ];
        let smsc = Smsc::start("127.0.0.1:0", SmscConfig::new(accounts))
            .await
            .map_err(|x| setup("SMSC")(x.to_string()))?;
        let addr = smsc.local_addr().to_string();
        let dir = tempfile::tempdir().map_err(|x| setup("data directory")(x.to_string()))?;
        let smsr = start_smsr(&pki, dir.path(), &addr, bearer).await?;
        let eis =
            serde_json::to_string(&euicc.m2m_eis()).map_err(|x| setup("EIS")(x.to_string()))?;
        let owners = CardOwners {
            eum_id: "eum.rsp-lab.test".into(),
            mno_id: OPERATOR.into(),
            smdp_id: "smdp.rsp-lab.test".into(),
            msisdns: PROFILES.iter().map(|p| (p.0.into(), p.2.into())).collect(),
        };
        let eid = smsr
            .import_card_eis(&eis, &owners)
            .await
            .map_err(|x| setup("EIS")(x.to_string()))?;
        let (stop, device) = start_device(euicc, addr, &profiles())
            .await
            .map_err(setup("device"))?;
        Ok(Lab {
            smsc,
            smsr,
            eid,
            stop,
            device,
            _dir: dir,
        })
    }

    /// Operation `i`: ES4.EnableProfile of the profile not enabled before it, until the
    /// SM-SR has finished it.
    pub(super) async fn enable(&self, i: usize) -> Result<(), String> {
        let iccid = PROFILES[(i + 1) % 2].0;
        let requester = Requester {
            id: OPERATOR.into(),
            message_id: Some(format!("urn:uuid:bench-{i}")),
            reply_to: None,
            validity_secs: None,
        };
        let accepted = self
            .smsr
            .es4()
            .enable_profile(&requester, &self.eid, iccid)
            .await
            .map_err(|e| e.to_string())?;
        let id = accepted.operation_id;
        let done = async {
            loop {
                let op = self.smsr.operation(&id).await.map_err(|e| e.to_string())?;
                match op.map(|o| (o.state, o.code)) {
                    Some((OperationState::Succeeded, _)) => return Ok(()),
                    Some((s @ (OperationState::Failed | OperationState::Expired), code)) => {
                        return Err(format!("{} {code:?}", s.as_str()));
                    }
                    _ => tokio::time::sleep(Duration::from_millis(1)).await,
                }
            }
        };
        tokio::time::timeout(PATIENCE, done)
            .await
            .map_err(|_| "not finished in time".to_string())?
    }

    pub(super) async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.device.await;
        self.smsr.shutdown().await;
        self.smsc.stop().await;
    }
}

/// The SM-SR on the SMSC; with SCP81, its admin server on a loopback port too (the card's
/// EIS has an SCP81 key set, so every command then goes by push and admin session).
async fn start_smsr(
    pki: &certs::Pki,
    dir: &std::path::Path,
    smsc: &str,
    bearer: Bearer,
) -> Result<SmSrHandle, SmsrBenchError> {
    let mut c = SmSrConfig::new(dir, "smsr.rsp-lab.test");
    c.es4_listen = "127.0.0.1:0"
        .parse()
        .map_err(|_| setup("ES4")("address".into()))?;
    c.es4_credentials =
        Some(Es4Credentials::from_pki(pki).map_err(|x| setup("ES4")(x.to_string()))?);
    c.sms_address = SM_SR.into();
    c.smsc = Some(SmscLink {
        address: smsc.into(),
        system_id: "smsr".into(),
        password: "smsr".into(),
    });
    if bearer == Bearer::Scp81 {
        let listen = "127.0.0.1:0"
            .parse()
            .map_err(|_| setup("SCP81")("address".into()))?;
        c.scp81 = Some(Scp81Listener::new(listen, "/gp/admin"));
    }
    SmSr::start(c)
        .await
        .map_err(|x| setup("SM-SR")(x.to_string()))
}
