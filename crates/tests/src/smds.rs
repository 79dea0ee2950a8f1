//! The real SM-DS ([`sm_ds`]) on loopback beside a lab's SM-DP+, on the same PKI: ES11 for
//! the device LPA (server TLS with CERT.DS.TLS), and ES12 reached by a test client that
//! presents the SM-DP+'s CERT.DP.TLS, registering events as the SM-DP+ would (SGP.22 5.9.1).

use certs::{CertRole, Curve, Pki};
use infra::client::{ClientOptions, build};
use infra::tls::{Identity, ServerTrust};
use lpa::Resolve;
use proto::json::RequestHeader;
use proto::json::es12::{Es12Function, RegisterEventRequest};
use serde_json::Value;
use sm_ds::{CredentialSource, SmDs, SmDsConfig, SmDsHandle, SmdsSite};
use tempfile::TempDir;

/// The root SM-DS address (its CERT.DS.TLS dNSName; the eUICC's factory rootDsAddress).
pub const SMDS_FQDN: &str = certs::generate::DEFAULT_SMDS_FQDN;
/// The alternative SM-DS address (the lab PKI's DStls-alt/ dNSName).
pub const ALT_SMDS_FQDN: &str = certs::generate::DEFAULT_ALT_SMDS_FQDN;

/// A running SM-DS and an ES12 client with the SM-DP+'s TLS certificate.
pub struct Smds {
    pub handle: SmDsHandle,
    /// Its address: [`SMDS_FQDN`] or, for an alternative SM-DS, [`ALT_SMDS_FQDN`].
    pub host: &'static str,
    es12: reqwest::Client,
    _dir: TempDir,
}

impl Smds {
    /// The root SM-DS of `pki` with its default configuration.
    pub async fn start(pki: &Pki) -> Smds {
        Smds::start_with(pki, |_| {}).await
    }

    /// The root SM-DS of `pki`, its configuration changed by `tune` (which may make it the
    /// alternative SM-DS: `site`).
    pub async fn start_with(pki: &Pki, tune: impl FnOnce(&mut SmDsConfig)) -> Smds {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut c = SmDsConfig::new(dir.path(), CredentialSource::Pki(Box::new(pki.clone())));
        c.es11_listen = "127.0.0.1:0".parse().expect("address");
        c.es12_listen = "127.0.0.1:0".parse().expect("address");
        c.server.database_url = Some(storage::sqlite_url(&dir.path().join("smds.db")));
        tune(&mut c);
        let host = match c.site {
            SmdsSite::Root => SMDS_FQDN,
            SmdsSite::Alternative => ALT_SMDS_FQDN,
        };
        let handle = SmDs::start(c).await.expect("SM-DS starts");
        let (cred, key) = pki
            .require_key_on(CertRole::DpTls, Curve::NistP256)
            .expect("CERT.DP.TLS");
        let ci = pki.require(CertRole::Ci).expect("CI").cert_der.clone();
        let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
        o.identity = Some(Identity {
            chain: vec![cred.cert_der.clone()],
            key_pem: key.to_sec1_pem().expect("key").as_bytes().to_vec(),
        });
        o.resolve = vec![(host.into(), handle.es12_addr())];
        let es12 = build(&o).expect("ES12 client");
        Smds {
            handle,
            host,
            es12,
            _dir: dir,
        }
    }

    /// Where the LPA's connections to the SM-DS go (`--resolve HOST:*:ADDR`).
    pub fn resolve(&self) -> Resolve {
        Resolve {
            host: self.host.into(),
            port: None,
            addr: self.handle.es11_addr(),
        }
    }

    /// Its ES12 URL, e.g. for an alternative SM-DS's ES15 (`RootSmds::url`).
    pub fn es12_url(&self) -> String {
        format!("https://{}:{}", self.host, self.handle.es12_addr().port())
    }

    /// ES12.RegisterEvent as the SM-DP+ (SGP.22 5.9.1, forwarding indicator off); the
    /// answer's JSON.
    pub async fn register_event(
        &self,
        eid: &str,
        rsp_server_address: &str,
        event_id: &str,
    ) -> Value {
        self.register_event_with(eid, rsp_server_address, event_id, false)
            .await
    }

    /// RegisterEvent with the forwarding indicator given (an alternative SM-DS registers
    /// the event at the root too, ES15).
    pub async fn register_event_with(
        &self,
        eid: &str,
        rsp_server_address: &str,
        event_id: &str,
        forwarding_indicator: bool,
    ) -> Value {
        let request = RegisterEventRequest {
            header: RequestHeader::new("tests", "1"),
            eid: eid.into(),
            rsp_server_address: rsp_server_address.into(),
            event_id: event_id.into(),
            forwarding_indicator,
        };
        let url = format!("{}{}", self.es12_url(), Es12Function::RegisterEvent.path());
        let answer = self
            .es12
            .post(url)
            .header("Content-Type", "application/json;charset=UTF-8")
            .header("X-Admin-Protocol", "gsma/rsp/v2.5.0")
            .body(serde_json::to_vec(&request).expect("JSON"))
            .send()
            .await
            .expect("RegisterEvent sent");
        assert_eq!(answer.status().as_u16(), 200, "RegisterEvent's HTTP status");
        let body = answer.bytes().await.expect("RegisterEvent's answer");
        serde_json::from_slice(&body).expect("RegisterEvent's JSON answer")
    }
}
