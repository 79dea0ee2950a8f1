//! The SGP.02 side of the lab on loopback: the lab's SMSC, the SM-SR with SCP80 over it,
//! an M2M device (`m2m_device::Modem`) around the software M2M eUICC with a bootstrap
//! profile, and the operator of the SGP.02 SM-DP: its SOAP client with its operator
//! certificate and its HTTPS endpoint for the asynchronous ES2 responses.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use certs::{CertRole, Pki};
use euicc_sim::apdu::Card;
use euicc_sim::m2m::{M2mPreload, M2mSetup, address_from_digits};
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use infra::client::ClientOptions;
use infra::client::post_bounded;
use infra::tls::{Identity, ServerTrust};
use m2m_device::{Modem, ModemConfig, Network};
use proto::saip::{Personalization, minimal_profile};
use sm_sr::eis::CardOwners;
use sm_sr::{SmSr, SmSrConfig, SmSrHandle};
use smpp::{Account, Smsc, SmscConfig};
use soap::envelope::Envelope;
use soap::http::request_headers;
use tokio::sync::{mpsc, oneshot, watch};

use crate::lab::FQDN;

/// The SM-SR's identifier at the SM-DP (`Smsr-id`).
pub const SMSR_ID: &str = "sr-1";
/// The SM-SR's SMS address.
pub const SMSR_MSISDN: &str = "+4999000";
/// The card's bootstrap profile.
pub const BOOTSTRAP: &str = "8949449999999990023";
const BOOTSTRAP_IMSI: &str = "001020000000009";
const BOOTSTRAP_MSISDN: &str = "4915550009";

/// The host name of the SM-SR's TLS certificate.
pub fn smsr_host() -> String {
    certs::LabPkiOptions::default().smsr_fqdn
}

/// A loopback port free now, for a listener named before it is bound
/// ([`infra::startup::free_loopback_port`]).
pub fn free_port() -> SocketAddr {
    infra::startup::free_loopback_port().expect("a free port")
}

/// The SMSC, the SM-SR and the device with its card.
pub struct M2mLab {
    pub smsr: SmSrHandle,
    pub smsc: Smsc,
    pub eid: String,
    device: Option<(oneshot::Sender<()>, tokio::task::JoinHandle<()>)>,
    _dir: tempfile::TempDir,
}

/// The network the device attaches to: the bootstrap subscription and `more` (IMSI,
/// MSISDN) pairs, e.g. the local profiles the SM-DP will download.
fn network(more: &[(String, String)]) -> Network {
    let mut toml =
        format!("[[subscriber]]\nimsi = \"{BOOTSTRAP_IMSI}\"\nmsisdn = \"{BOOTSTRAP_MSISDN}\"\n");
    for (imsi, msisdn) in more {
        toml.push_str(&format!(
            "[[subscriber]]\nimsi = \"{imsi}\"\nmsisdn = \"{msisdn}\"\n"
        ));
    }
    Network::from_toml(&toml).expect("network")
}

/// An M2M eUICC of `pki` with the bootstrap profile enabled (fall-back); its notifications
/// go to the SM-SR's address.
pub fn m2m_card(pki: &Pki) -> Euicc {
    let creds = Credentials::from_pki(pki).expect("credentials");
    let (_, eum) = pki.require_key(CertRole::Eum).expect("EUM key");
    let mut setup = M2mSetup::generate(creds.eid().as_str(), eum).expect("M2M keys");
    setup.smsr_address = address_from_digits(SMSR_MSISDN.trim_start_matches('+'));
    let mut euicc = Euicc::in_memory_m2m(creds, EuiccOptions::default(), setup).expect("card");
    let package = minimal_profile(&Personalization {
        iccid: BOOTSTRAP.into(),
        imsi: BOOTSTRAP_IMSI.into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    })
    .expect("profile")
    .to_der();
    let mut bootstrap = M2mPreload::from_package(package).expect("bootstrap");
    bootstrap.profile.enabled = true;
    bootstrap.profile.fallback = true;
    euicc.preload_m2m_profile(&bootstrap).expect("bootstrap");
    euicc
}

impl M2mLab {
    /// Starts the SMSC and the SM-SR (ES3/ES4 on `listen`, its responses to the SM-DP's
    /// host sent to loopback), registers the card's EIS (the bootstrap profile the
    /// operator `mno`'s) and attaches the device; `subscribers` are the network's other
    /// subscriptions; `smdp_notify`: where the SM-SR sends the SM-DP's ES3 notifications.
    pub async fn start(
        pki: &Pki,
        listen: SocketAddr,
        mno: &str,
        subscribers: &[(String, String)],
        smdp_notify: Option<&str>,
    ) -> M2mLab {
        let dir = tempfile::tempdir().expect("temporary directory");
        let accounts = vec![Account::new("smsr", "pw"), Account::new("device", "pw")];
        let mut sc = SmscConfig::new(accounts);
        sc.limits.per_address = 16;
        let smsc = Smsc::start("127.0.0.1:0", sc).await.expect("SMSC");
        let mut c = SmSrConfig::new(dir.path(), SMSR_ID);
        c.es4_listen = listen;
        c.es4_credentials =
            Some(sm_sr::config::Es4Credentials::from_pki(pki).expect("SM-SR credentials"));
        c.outbox.poll = Duration::from_millis(200);
        c.outbox.backoff = Duration::from_millis(50);
        c.outbox.resolve = vec![(FQDN.into(), "127.0.0.1:0".parse().expect("address"))];
        c.server.database_url = Some(storage::sqlite_url(&dir.path().join("smsr.db")));
        c.sms_address = SMSR_MSISDN.into();
        c.smsc = Some(sm_sr::config::SmscLink {
            address: smsc.local_addr().to_string(),
            system_id: "smsr".into(),
            password: "pw".into(),
        });
        if let Some(url) = smdp_notify {
            let endpoint = sm_sr::config::OperatorEndpoint {
                notify_url: url.into(),
                resolve: Some("127.0.0.1:0".parse().expect("address")),
            };
            c.smdps.insert(FQDN.into(), endpoint);
        }
        let smsr = SmSr::start(c).await.expect("SM-SR starts");
        let euicc = m2m_card(pki);
        let eis = serde_json::to_value(euicc.m2m_eis().expect("M2M EIS")).expect("EIS JSON");
        let owners = CardOwners {
            eum_id: "eum-1".into(),
            mno_id: mno.into(),
            smdp_id: "bootstrap-dp".into(),
            msisdns: vec![(BOOTSTRAP.into(), BOOTSTRAP_MSISDN.into())],
        };
        let eid = smsr
            .import_card_eis(&eis.to_string(), &owners)
            .await
            .expect("EIS registered");
        let config = ModemConfig {
            smsc: smsc.local_addr().to_string(),
            system_id: "device".into(),
            password: "pw".into(),
            network: network(subscribers),
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
        M2mLab {
            smsr,
            smsc,
            eid,
            device: Some((stop, task)),
            _dir: dir,
        }
    }

    /// The SM-DP's settings for this SM-SR: its ES3 URL at `listen`.
    pub fn smsr_endpoint(listen: SocketAddr) -> sm_dp::sgp02::SmsrEndpoint {
        sm_dp::sgp02::SmsrEndpoint {
            url: format!("https://{}:{}/gsma/smsr/ES3", smsr_host(), listen.port()),
            resolve: Some(listen),
        }
    }

    /// Stops the device.
    pub async fn stop_device(&mut self) {
        if let Some((stop, task)) = self.device.take() {
            let _ = stop.send(());
            let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
        }
    }
}

/// The operator of the SGP.02 SM-DP: a SOAP client with its operator certificate, and its
/// endpoint for the asynchronous ES2 responses (`ReplyTo`), which presents CERT.DP.TLS.
pub struct M2mOperator {
    /// The operator's name (its certificate's commonName).
    pub id: String,
    client: reqwest::Client,
    /// The SM-DP's ES2 URL.
    pub es2_url: String,
    /// Where the SM-DP sends responses.
    pub reply_to: String,
    received: mpsc::Receiver<Envelope>,
    _stop: watch::Sender<bool>,
}

impl M2mOperator {
    /// The operator `id` of `pki`, calling the SGP.02 SM-DP listening at `sgp02`.
    pub async fn start(pki: &Pki, id: &str, sgp02: SocketAddr) -> M2mOperator {
        let cred = pki.operator(id).expect("operator certificate");
        let key = cred
            .key()
            .expect("operator key")
            .to_sec1_pem()
            .expect("PEM");
        let ci = pki.require(CertRole::Ci).expect("CI").cert_der.clone();
        let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
        o.identity = Some(Identity {
            chain: vec![cred.cert_der.clone()],
            key_pem: key.as_bytes().to_vec(),
        });
        o.resolve = vec![(FQDN.into(), sgp02)];
        let client = infra::client::build(&o).expect("client");
        let (dp, dp_key) = pki.require_key(CertRole::DpTls).expect("DP TLS");
        let identity = Identity {
            chain: vec![dp.cert_der.clone()],
            key_pem: dp_key.to_sec1_pem().expect("PEM").as_bytes().to_vec(),
        };
        let tls = infra::tls::server_config(&identity, None).expect("TLS");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("listener");
        let port = listener.local_addr().expect("address").port();
        let (tx, received) = mpsc::channel(64);
        let router = Router::new().fallback(post(move |body: axum::body::Bytes| {
            let tx = tx.clone();
            async move {
                match Envelope::decode(&body) {
                    Ok(env) => {
                        let _ = tx.send(env).await;
                        StatusCode::ACCEPTED
                    }
                    Err(_) => StatusCode::BAD_REQUEST,
                }
            }
        }));
        let (stop, stopping) = watch::channel(false);
        let shutdown = infra::serve::until_stopped(stopping);
        tokio::spawn(infra::serve::serve_tls(listener, tls, router, shutdown));
        M2mOperator {
            id: id.into(),
            client,
            es2_url: format!("https://{FQDN}:{}/gsma/smdp/ES2", sgp02.port()),
            reply_to: format!("https://{FQDN}:{port}/es2"),
            received,
            _stop: stop,
        }
    }

    /// POSTs the request `env`; the HTTP status and the body.
    pub async fn post(&self, env: &Envelope) -> (u16, String) {
        let action = env.addressing.action.clone().unwrap_or_default();
        self.post_text(&action, env.encode()).await
    }

    /// POSTs `body` as a SOAP request of `action`; the HTTP status and the body.
    pub async fn post_text(&self, action: &str, body: String) -> (u16, String) {
        let headers = request_headers(action);
        let url = &self.es2_url;
        let (status, body) = post_bounded(&self.client, url, &headers, body, 1 << 20)
            .await
            .expect("the SM-DP answers");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// The next response the SM-DP sent, within `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<Envelope> {
        tokio::time::timeout(wait, self.received.recv())
            .await
            .ok()
            .flatten()
    }
}
