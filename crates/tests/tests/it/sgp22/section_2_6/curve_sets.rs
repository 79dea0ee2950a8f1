//! Both curve sets end to end (SGP.22 v2.5 §2.6.1, §3.1.2, §5.6.1; the guide's "Curve sets"): an
//! SM-DP+ holding DPauth/DPpb under a NIST P-256 CI and a brainpoolP256r1 CI picks, in
//! ES9+.InitiateAuthentication, a CI the eUICC lists for verification and for signing; the
//! eUICC then signs with its chain under that CI and the one-time keys of the BPP are on
//! that curve. Real TLS (NIST P-256: rustls has no brainpool) on loopback, the real
//! SM-DP+, the device LPA and a software eUICC behind the APDU layer.

use certs::{CertRole, Curve, LabPkiOptions, Pki};
use euicc_sim::Credentials;
use lpa::DownloadRequest;
use proto::json::StatusCode;
use sm_dp::{OrderStatus, ProfileState, Template};
use tests::{Lab, OPERATOR, TestEuicc};

const ICCID0: &str = "8949449999999990023";
/// notificationPointId of SGP.22 5.3.5 for the installation result.
const BPP_INSTALLATION: i64 = 4;

/// A lab PKI with both curve sets (one EID, a CI per curve).
fn both_curves() -> Pki {
    certs::generate(&LabPkiOptions {
        operators: vec![OPERATOR.into()],
        curves: vec![Curve::NistP256, Curve::BrainpoolP256r1],
        ..LabPkiOptions::default()
    })
    .expect("lab PKI on both curves")
}

/// The part of `pki` on NIST P-256 only: what an SM-DP+ without brainpool holds.
fn nist_only(pki: &Pki) -> Pki {
    let mut out = Pki::new();
    for cred in pki.roles().filter(|c| c.curve() == Curve::NistP256) {
        out.insert(cred.clone());
    }
    for (id, cred) in pki.operators() {
        out.insert_operator(id, cred.clone());
    }
    out
}

/// An eUICC with the chain of `curve` only, trusting that curve's CI only.
fn single_curve_euicc(lab: &Lab, name: &str, curve: Curve) -> TestEuicc {
    let (euicc, key) = lab.pki.require_key_on(CertRole::Euicc, curve).unwrap();
    let creds = Credentials::new(
        euicc.cert_der.clone(),
        lab.pki
            .require_on(CertRole::Eum, curve)
            .unwrap()
            .cert_der
            .clone(),
        key.clone(),
        &[lab
            .pki
            .require_on(CertRole::Ci, curve)
            .unwrap()
            .cert_der
            .clone()],
    )
    .unwrap();
    assert_eq!(creds.chains().len(), 1);
    TestEuicc::create(&lab.dir.path().join(format!("{name}.json")), creds)
}

fn ski_of(pki: &Pki, curve: Curve) -> Vec<u8> {
    certs::CiAnchor::from_der(&pki.require_on(CertRole::Ci, curve).unwrap().cert_der)
        .unwrap()
        .ski()
        .to_vec()
}

/// Orders a profile for `device`, downloads it and checks that it is installed on both
/// sides; returns the ICCID.
async fn download(lab: &Lab, device: &TestEuicc) -> String {
    let (iccid, matching_id) = lab.order("lab", Some(&device.eid), None).await;
    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let report = lpa.download(&request).await.expect("download");
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    assert!(report.notifications[0].accepted(), "{report}");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    assert_eq!(lab.order_of(&matching_id).await.status, OrderStatus::Done);
    assert_eq!(lpa.list_profiles().unwrap().len(), 1);
    iccid
}

#[tokio::test]
async fn sgp22_5_6_1_brainpool_only_euicc_downloads_from_an_smdp_with_both_cis() {
    let lab = Lab::start_on(both_curves(), |_| {}).await;
    lab.inventory("lab", Template::Minimal, 2, ICCID0).await;
    let device = single_curve_euicc(&lab, "brainpool", Curve::BrainpoolP256r1);
    let info = device.open().info();
    let brp = hex::encode_upper(ski_of(&lab.pki, Curve::BrainpoolP256r1));
    assert_eq!(info.ci_pkids_for_signing, std::slice::from_ref(&brp));
    assert_eq!(info.ci_pkids_for_verification, [brp]);
    // Only the brainpool chain can authenticate this eUICC, verify the brainpool DPauth and
    // DPpb, agree on brainpool one-time keys and sign the installation result: success
    // means the SM-DP+ chose the brainpool CI.
    let iccid = download(&lab, &device).await;
    // The operator hears of it over TLS (NIST P-256) from an SM-DP+ trusting both CIs.
    let points = lab.inbox.wait_for_point(&iccid, BPP_INSTALLATION).await;
    assert!(
        points.contains(&(BPP_INSTALLATION, "Executed-Success".into())),
        "{points:?}"
    );
}

#[tokio::test]
async fn sgp22_5_6_1_nist_only_euicc_downloads_from_the_same_smdp() {
    let lab = Lab::start_on(both_curves(), |_| {}).await;
    lab.inventory("lab", Template::Minimal, 2, ICCID0).await;
    let device = single_curve_euicc(&lab, "nist", Curve::NistP256);
    let info = device.open().info();
    assert_eq!(
        info.ci_pkids_for_signing,
        [hex::encode_upper(ski_of(&lab.pki, Curve::NistP256))]
    );
    download(&lab, &device).await;
}

#[tokio::test]
async fn sgp22_2_6_1_euicc_with_both_chains_downloads_and_lists_both_cis() {
    let lab = Lab::start_on(both_curves(), |_| {}).await;
    lab.inventory("lab", Template::Minimal, 2, ICCID0).await;
    let device = lab.euicc("both", None);
    let euicc = device.open();
    assert_eq!(euicc.credentials().chains().len(), 2);
    let info = euicc.info();
    assert_eq!(info.ci_pkids_for_signing.len(), 2);
    assert_eq!(info.ci_pkids_for_verification.len(), 2);
    download(&lab, &device).await;
}

/// SGP.22 5.6.1: an SM-DP+ holding only the NIST set, asked by an eUICC whose only chain is
/// brainpool, answers ciPKNotSupported (8.8.2/3.1) before signing anything; a NIST eUICC of
/// the same lab downloads from it.
#[tokio::test]
async fn sgp22_5_6_1_nist_only_smdp_refuses_a_brainpool_only_euicc_8_8_2_3_1() {
    let pki = both_curves();
    let smdp_pki = nist_only(&pki);
    assert_eq!(smdp_pki.curves(CertRole::DpAuth), [Curve::NistP256]);
    let lab = Lab::start_on(pki, move |c| {
        c.server.credentials = sm_dp::CredentialSource::Pki(Box::new(smdp_pki.clone()));
    })
    .await;
    lab.inventory("lab", Template::Minimal, 2, ICCID0).await;
    let device = single_curve_euicc(&lab, "brainpool", Curve::BrainpoolP256r1);
    let (iccid, matching_id) = lab.order("lab", Some(&device.eid), None).await;
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let e = device
        .lpa(lab.lpa_options())
        .download(&request)
        .await
        .unwrap_err();
    assert!(
        e.is_server_code(StatusCode::SECURITY_CONFIGURATION_UNSUPPORTED),
        "{e}"
    );
    assert_eq!(e.function(), Some("initiateAuthentication"));
    assert!(device.open().info().profiles.is_empty());
    assert_eq!(lab.order_of(&matching_id).await.status, OrderStatus::Open);
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);

    let nist = single_curve_euicc(&lab, "nist", Curve::NistP256);
    download(&lab, &nist).await;
}
