//! A lab PKI on disk, our SM-DP+ on loopback with an inventory, and the runner's options
//! pointed at it (ES9+ and, when asked, ES2+ with the operator's certificate); our eIM with
//! that SM-DP+ behind it, and the eIM runner's options.

use std::time::Duration;

use certs::{CertRole, Pki};
use conform::smdp::{Es2Options, EuiccSource, SmdpOptions};
use infra::tls::{Identity, ServerTrust};
use lpa::Resolve;
use sm_dp::{CredentialSource, InventoryAdd, SmDp, SmDpConfig, SmDpHandle, Template};
use tempfile::TempDir;

pub(crate) const FQDN: &str = certs::generate::DEFAULT_SMDP_FQDN;
pub(crate) const OPERATOR: &str = "operator1";
pub(crate) const PROFILE_TYPE: &str = "conform";

/// A running SM-DP+ and what the runner needs to reach it.
pub(crate) struct Target {
    pub dir: TempDir,
    pub pki: Pki,
    pub smdp: SmDpHandle,
}

/// A lab PKI with [`OPERATOR`], written to `dir/pki`.
fn lab_pki(dir: &TempDir) -> Pki {
    let pki = certs::generate(&certs::LabPkiOptions {
        operators: vec![OPERATOR.into()],
        ..certs::LabPkiOptions::default()
    })
    .unwrap();
    pki.write_dir(&dir.path().join("pki")).unwrap();
    pki
}

/// Our SM-DP+ in `dir/smdp` with `profiles` profiles of [`PROFILE_TYPE`] for [`OPERATOR`].
async fn start_smdp(dir: &TempDir, pki: &Pki, profiles: u32) -> SmDpHandle {
    let mut c = SmDpConfig::new(dir.path().join("smdp"));
    c.server.credentials = CredentialSource::Pki(Box::new(pki.clone()));
    c.es9_listen = "127.0.0.1:0".parse().unwrap();
    c.es2_listen = "127.0.0.1:0".parse().unwrap();
    let smdp = SmDp::start(c).await.unwrap();
    if profiles > 0 {
        smdp.view()
            .add_inventory(&InventoryAdd {
                profile_type: PROFILE_TYPE.into(),
                template: Template::Minimal,
                count: profiles,
                iccid_start: "8949010000000000016".into(),
                imsi_start: "001010000000001".into(),
                operator: Some(OPERATOR.into()),
                service_provider_name: Some("Conform".into()),
                profile_name: None,
            })
            .await
            .unwrap();
    }
    smdp
}

impl Target {
    /// Our SM-DP+ with `profiles` profiles of [`PROFILE_TYPE`] for [`OPERATOR`].
    pub(crate) async fn start(profiles: u32) -> Target {
        let dir = tempfile::tempdir().unwrap();
        let pki = lab_pki(&dir);
        let smdp = start_smdp(&dir, &pki, profiles).await;
        Target { dir, pki, smdp }
    }

    /// The runner's options: ES9+ only, evidence in the temporary directory.
    pub(crate) fn options(&self) -> SmdpOptions {
        let ci = self.pki.require(CertRole::Ci).unwrap().cert_der.clone();
        let mut o = SmdpOptions::new(
            FQDN,
            ServerTrust::roots(vec![ci]),
            EuiccSource::Pki(self.dir.path().join("pki")),
        );
        o.resolve = vec![
            Resolve::parse(&format!("{FQDN}:443:{}", self.smdp.es9_addr())).unwrap(),
            Resolve::parse(&format!(
                "{FQDN}:{0}:{1}",
                self.smdp.es2_addr().port(),
                self.smdp.es2_addr()
            ))
            .unwrap(),
        ];
        o.out = self.dir.path().join("evidence");
        o.timeout = Duration::from_secs(30);
        o
    }

    /// The options with ES2+: orders placed as [`OPERATOR`].
    pub(crate) fn options_with_es2(&self) -> SmdpOptions {
        let mut o = self.options();
        let cred = self.pki.operator(OPERATOR).unwrap();
        let key = cred.key().unwrap().to_sec1_pem().unwrap();
        o.es2 = Some(Es2Options {
            url: format!("https://{FQDN}:{}", self.smdp.es2_addr().port()),
            identity: Identity {
                chain: vec![cred.cert_der.clone()],
                key_pem: key.as_bytes().to_vec(),
            },
            requester: OPERATOR.into(),
            profile_type: PROFILE_TYPE.into(),
        });
        o
    }
}

pub(crate) const EIM_FQDN: &str = certs::generate::DEFAULT_EIM_FQDN;
/// The runner's device's DTLS PSK (identity, key) at the eIM's CoAP listener.
pub(crate) const COAP_PSK: (&[u8], &[u8]) = (b"conform-device", b"conform-psk-0001");

/// Our eIM on loopback (ESipa and the operator API), with our SM-DP+ behind it (ES9+ for
/// the downloads it relays), and what the runner needs to reach them.
pub(crate) struct EimTarget {
    pub dir: TempDir,
    pub pki: Pki,
    pub eim: eim::EimHandle,
    pub smdp: SmDpHandle,
}

impl EimTarget {
    /// The eIM has its devices download through it (`indirectProfileDownload`).
    pub(crate) async fn start() -> EimTarget {
        EimTarget::start_with(true).await
    }

    /// `indirect`: whether the eIM's Configuration Data says indirectProfileDownload.
    pub(crate) async fn start_with(indirect: bool) -> EimTarget {
        let dir = tempfile::tempdir().unwrap();
        let pki = lab_pki(&dir);
        let smdp = start_smdp(&dir, &pki, 2).await;
        let mut c = eim::EimServerConfig::new(dir.path().join("eim"));
        c.server.credentials = CredentialSource::Pki(Box::new(pki.clone()));
        c.esipa_listen = "127.0.0.1:0".parse().unwrap();
        c.api_listen = "127.0.0.1:0".parse().unwrap();
        c.smdp.es9_url = Some(format!("https://{FQDN}:{}", smdp.es9_addr().port()));
        c.smdp
            .resolve
            .insert(FQDN.into(), "127.0.0.1:0".parse().unwrap());
        c.indirect_profile_download = indirect;
        c.esipa_coap = Some(eim::EsipaCoap {
            listen: "127.0.0.1:0".parse().unwrap(),
            psks: [(COAP_PSK.0.to_vec(), COAP_PSK.1.to_vec())].into(),
        });
        let eim = eim::Eim::start(c).await.unwrap();
        EimTarget {
            dir,
            pki,
            eim,
            smdp,
        }
    }

    /// An order of [`PROFILE_TYPE`] for any EID, placed over ES2+ as [`OPERATOR`] and
    /// released: its Activation Code.
    pub(crate) async fn order(&self) -> String {
        let url = format!("https://{FQDN}:{}", self.smdp.es2_addr().port());
        let mut o = sm_dp::Es2ClientOptions::from_pki(&self.pki, OPERATOR, &url).unwrap();
        o.resolve = Some(self.smdp.es2_addr());
        let es2 = sm_dp::Es2Client::new(&o).unwrap();
        let ordered = es2
            .download_order(None, None, Some(PROFILE_TYPE.into()))
            .await
            .unwrap();
        let confirmed = es2
            .confirm_order(sm_dp::ConfirmOrder::new(ordered.iccid))
            .await
            .unwrap();
        format!("1${FQDN}${}", confirmed.matching_id)
    }

    /// The runner's options over CoAP on DTLS with [`COAP_PSK`] (with the operator API).
    pub(crate) fn options_over_coap(&self) -> conform::eim::EimOptions {
        let mut o = self.options_with_api();
        let coap = self.eim.esipa_coap_addr().unwrap();
        o.address = format!("{EIM_FQDN}:{}", coap.port());
        o.coap = Some(Some((COAP_PSK.0.to_vec(), COAP_PSK.1.to_vec())));
        o.resolve
            .push(Resolve::parse(&format!("{EIM_FQDN}:{0}:{1}", coap.port(), coap)).unwrap());
        o
    }

    /// The runner's options: ESipa only.
    pub(crate) fn options(&self) -> conform::eim::EimOptions {
        let ci = self.pki.require(CertRole::Ci).unwrap().cert_der.clone();
        let mut o = conform::eim::EimOptions::new(
            EIM_FQDN,
            ServerTrust::roots(vec![ci]),
            EuiccSource::Pki(self.dir.path().join("pki")),
        );
        o.resolve = vec![
            Resolve::parse(&format!("{EIM_FQDN}:443:{}", self.eim.esipa_addr())).unwrap(),
            Resolve::parse(&format!(
                "{EIM_FQDN}:{0}:{1}",
                self.eim.api_addr().port(),
                self.eim.api_addr()
            ))
            .unwrap(),
        ];
        o.out = self.dir.path().join("evidence");
        o.timeout = Duration::from_secs(30);
        o
    }

    /// The options with the operator API of [`OPERATOR`].
    pub(crate) fn options_with_api(&self) -> conform::eim::EimOptions {
        let mut o = self.options();
        let cred = self.pki.operator(OPERATOR).unwrap();
        let key = cred.key().unwrap().to_sec1_pem().unwrap();
        o.operator_api = Some(conform::eim::OperatorApiOptions {
            url: format!("https://{EIM_FQDN}:{}", self.eim.api_addr().port()),
            identity: Identity {
                chain: vec![cred.cert_der.clone()],
                key_pem: key.as_bytes().to_vec(),
            },
        });
        o
    }
}
