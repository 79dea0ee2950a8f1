//! Test support: an SM-SR on loopback with a fresh database in a temporary directory
//! (PostgreSQL when RSP_TEST_POSTGRES_URL is set), restartable on the same database, and
//! an EIS with three profiles of two operators.

use sm_sr::config::{Es4Credentials, OutboxPolicy, SmscLink};
use sm_sr::{Requester, SmSr, SmSrConfig, SmSrHandle};

pub(crate) const EID: &str = "89049032123451234512345678901235";
/// Operator A's enabled profile, holding the Fall-Back Attribute.
pub(crate) const P1: &str = "8949000000000000001";
/// Operator A's disabled profile, POL2 DISABLE/Auto-Delete.
pub(crate) const P2: &str = "8949000000000000002";
/// Operator B's disabled profile, POL2 ENABLE and DELETE Not-Allowed.
pub(crate) const P3: &str = "8949000000000000003";
pub(crate) const AID1: &str = "A0000005591010FFFFFFFF8900001000";
pub(crate) const AID2: &str = "A0000005591010FFFFFFFF8900001100";

/// The EIS JSON (the shape of `sm_sr::eis`).
pub(crate) fn eis_json() -> String {
    format!(
        r#"{{ "eid": "{EID}", "eumId": "eum-1", "remainingMemory": 65536,
          "info": {{ "platformType": "lab" }},
          "isdR": {{ "aid": "A0000005591010FFFFFFFF8900000100", "tar": "000001",
            "scp80": [ {{ "kvn": 1, "algorithm": "aes", "kic": "{k1}", "kid": "{k2}", "counter": 5 }} ],
            "scp81": [ {{ "kvn": 64, "keyId": 1, "psk": "{k3}" }} ] }},
          "profiles": [
            {{ "iccid": "{P1}", "isdPAid": "{AID1}", "mnoId": "mno-a", "smdpId": "dp", "profileType": "t",
               "state": "Enabled", "fallback": true, "msisdn": "+4900001" }},
            {{ "iccid": "{P2}", "isdPAid": "{AID2}", "mnoId": "mno-a", "smdpId": "dp", "profileType": "t",
               "state": "Disabled", "pol2": [ {{ "action": "DISABLE", "qualification": "Auto-Delete" }} ] }},
            {{ "iccid": "{P3}", "isdPAid": "A0000005591010FFFFFFFF8900001200", "mnoId": "mno-b",
               "smdpId": "dp", "profileType": "t", "state": "Disabled",
               "pol2": [ {{ "action": "ENABLE", "qualification": "Not-Allowed" }},
                         {{ "action": "DELETE", "qualification": "Not-Allowed" }} ] }} ] }}"#,
        k1 = "11".repeat(16),
        k2 = "22".repeat(16),
        k3 = "33".repeat(16),
    )
}

/// Card `i` of many: [`eis_json`] with an EID, ICCIDs and an MSISDN of its own; its EID
/// and its JSON. Its P2 is [`p2_of`].
pub(crate) fn eis_json_of(i: usize) -> (String, String) {
    let eid = proto::ids::Eid::from_prefix(&format!("89049032123451234512345600{i:04}"))
        .unwrap()
        .to_string();
    let json = eis_json()
        .replace(EID, &eid)
        .replace(P1, &format!("89490000000{i:04}0001"))
        .replace(P2, &p2_of(i))
        .replace(P3, &format!("89490000000{i:04}0003"))
        .replace("+4900001", &format!("+4970{i:05}"));
    (eid, json)
}

/// The ICCID of card `i`'s P2 (see [`eis_json_of`]).
pub(crate) fn p2_of(i: usize) -> String {
    format!("89490000000{i:04}0002")
}

/// A requester named `id` (an operator's MNO-ID).
pub(crate) fn requester(id: &str) -> Requester {
    Requester {
        id: id.into(),
        message_id: Some("urn:uuid:1".into()),
        reply_to: Some("https://mno.example/es4".into()),
        validity_secs: None,
    }
}

/// An SM-SR and the directory its database lives in.
pub(crate) struct Lab {
    pub smsr: SmSrHandle,
    dir: tempfile::TempDir,
    url: String,
    smsc: Option<SmscLink>,
    /// Attempts at a response before it is kept as failed.
    reply_attempts: u32,
}

/// The SM-SR's SMS address in the SCP80 tests.
pub(crate) const SMSR_MSISDN: &str = "+4999000";

impl Lab {
    /// A fresh SM-SR with the EIS of [`eis_json`] registered.
    pub(crate) async fn with_eis() -> Lab {
        let lab = Lab::start().await;
        assert_eq!(lab.smsr.import_eis_json(&eis_json()).await.unwrap(), EID);
        lab
    }

    pub(crate) async fn start() -> Lab {
        Lab::start_with(None).await
    }

    /// An SM-SR bound to the SMSC of `smsc`, with the EIS registered.
    pub(crate) async fn with_smsc(smsc: SmscLink) -> Lab {
        let lab = Lab::start_with(Some(smsc)).await;
        lab.smsr.import_eis_json(&eis_json()).await.unwrap();
        lab
    }

    async fn start_with(smsc: Option<SmscLink>) -> Lab {
        Lab::start_full(smsc, 1000).await
    }

    /// A fresh SM-SR giving up on a response after `reply_attempts`, with the EIS.
    pub(crate) async fn with_eis_and_reply_attempts(reply_attempts: u32) -> Lab {
        let lab = Lab::start_full(None, reply_attempts).await;
        lab.smsr.import_eis_json(&eis_json()).await.unwrap();
        lab
    }

    async fn start_full(smsc: Option<SmscLink>, reply_attempts: u32) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let url = storage::testing::database_url(dir.path(), "smsr_test").await;
        let smsr = SmSr::start(config(dir.path(), &url, smsc.clone(), reply_attempts))
            .await
            .expect("SM-SR starts");
        Lab {
            smsr,
            dir,
            url,
            smsc,
            reply_attempts,
        }
    }

    /// A fresh SM-SR with the EIS that POSTs operator `mno_id`'s notifications to `url`.
    pub(crate) async fn with_operator_endpoint(mno_id: &str, url: &str) -> Lab {
        Lab::with_notify_endpoint(|c| &mut c.operators, mno_id, url).await
    }

    /// A fresh SM-SR with the EIS that POSTs SM-DP `smdp_id`'s ES3 notifications to `url`.
    pub(crate) async fn with_smdp_endpoint(smdp_id: &str, url: &str) -> Lab {
        Lab::with_notify_endpoint(|c| &mut c.smdps, smdp_id, url).await
    }

    async fn with_notify_endpoint(
        table: fn(&mut SmSrConfig) -> &mut sm_sr::config::Operators,
        id: &str,
        url: &str,
    ) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let db = storage::testing::database_url(dir.path(), "smsr_test").await;
        let mut c = config(dir.path(), &db, None, 1000);
        let endpoint = sm_sr::config::OperatorEndpoint {
            notify_url: url.into(),
            resolve: None,
        };
        table(&mut c).insert(id.into(), endpoint);
        let smsr = SmSr::start(c).await.expect("SM-SR starts");
        smsr.import_eis_json(&eis_json()).await.unwrap();
        Lab {
            smsr,
            dir,
            url: db,
            smsc: None,
            reply_attempts: 1000,
        }
    }

    /// Operator A's ES4.EnableProfile of P2, accepted.
    pub(crate) async fn enable_p2(&self) -> sm_sr::es4::Accepted {
        let a = requester("mno-a");
        self.smsr.es4().enable_profile(&a, EID, P2).await.unwrap()
    }

    /// A fresh SM-SR with its SCP81 admin server on a loopback port and the EIS registered.
    pub(crate) async fn with_scp81() -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let url = storage::testing::database_url(dir.path(), "smsr_test").await;
        let mut c = config(dir.path(), &url, None, 3);
        c.scp81 = Some(sm_sr::config::Scp81Listener::new(
            "127.0.0.1:0".parse().unwrap(),
            "/gp/admin",
        ));
        let smsr = SmSr::start(c).await.expect("SM-SR starts");
        smsr.import_eis_json(&eis_json()).await.unwrap();
        Lab {
            smsr,
            dir,
            url,
            smsc: None,
            reply_attempts: 3,
        }
    }

    /// A fresh SM-SR with both bearers: `[smsc]` on `smsc` and `[scp81]` on a loopback
    /// port, a push sent again after `push_retry`, a command tried `max_attempts` times;
    /// no EIS.
    pub(crate) async fn with_both_bearers(
        smsc: SmscLink,
        push_retry: std::time::Duration,
        max_attempts: u32,
    ) -> Lab {
        Lab::configured(smsc, |c| {
            let mut scp81 =
                sm_sr::config::Scp81Listener::new("127.0.0.1:0".parse().unwrap(), "/gp/admin");
            scp81.push_retry = push_retry;
            c.scp81 = Some(scp81);
            c.operations.max_attempts = max_attempts;
        })
        .await
    }

    /// A fresh SM-SR on `smsc` whose test configuration `adjust` changes; no EIS.
    pub(crate) async fn configured(smsc: SmscLink, adjust: impl FnOnce(&mut SmSrConfig)) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let url = storage::testing::database_url(dir.path(), "smsr_test").await;
        let mut c = config(dir.path(), &url, Some(smsc.clone()), 3);
        adjust(&mut c);
        let smsr = SmSr::start(c).await.expect("SM-SR starts");
        Lab {
            smsr,
            dir,
            url,
            smsc: Some(smsc),
            reply_attempts: 3,
        }
    }

    /// Stops the SM-SR and starts another on the same database.
    pub(crate) async fn restart(self) -> Lab {
        self.restart_configured(|_| {}).await
    }

    /// Stops the SM-SR and starts another on the same database, with the test
    /// configuration `adjust` changes.
    pub(crate) async fn restart_configured(self, adjust: impl FnOnce(&mut SmSrConfig)) -> Lab {
        self.smsr.shutdown().await;
        let mut c = config(
            self.dir.path(),
            &self.url,
            self.smsc.clone(),
            self.reply_attempts,
        );
        adjust(&mut c);
        let smsr = SmSr::start(c).await.expect("SM-SR starts");
        Lab { smsr, ..self }
    }
}

/// The host name of the test PKI's TLS certificate (the SM-SR's, and the test callback
/// listeners').
pub(crate) fn tls_host() -> String {
    certs::LabPkiOptions::default().smsr_fqdn
}

/// The operators of the test PKI: the MNO-IDs of the EIS's profiles, and one unknown to it.
pub(crate) const OPERATORS: [&str; 3] = ["mno-a", "mno-b", "mno-c"];

/// One lab PKI for every test (generating keys is the slow part), with [`OPERATORS`].
pub(crate) fn pki() -> &'static certs::Pki {
    static PKI: std::sync::OnceLock<certs::Pki> = std::sync::OnceLock::new();
    PKI.get_or_init(|| {
        let opts = certs::LabPkiOptions {
            operators: OPERATORS.iter().map(|s| s.to_string()).collect(),
            ..certs::LabPkiOptions::default()
        };
        certs::generate(&opts).expect("lab PKI")
    })
}

/// The test SM-SR's configuration: ES4 on a free loopback port with the test PKI.
fn config(
    dir: &std::path::Path,
    url: &str,
    smsc: Option<SmscLink>,
    reply_attempts: u32,
) -> SmSrConfig {
    let mut c = SmSrConfig::new(dir, "smsr-test");
    c.es4_listen = "127.0.0.1:0".parse().unwrap();
    c.es4_credentials = Some(Es4Credentials::from_pki(pki()).expect("ES4 credentials"));
    // Callbacks to the test PKI's TLS host go to loopback; retried at once.
    c.outbox = OutboxPolicy {
        poll: std::time::Duration::from_millis(20),
        backoff: std::time::Duration::from_millis(20),
        max_attempts: reply_attempts,
        resolve: vec![(tls_host(), "127.0.0.1:0".parse().unwrap())],
    };
    c.server.database_url = Some(url.to_string());
    c.sms_address = SMSR_MSISDN.into();
    c.smsc = smsc;
    c
}

/// Upper-case hex.
pub(crate) fn h(b: &[u8]) -> String {
    hex::encode_upper(b)
}
