//! Lab PKIs on either or both curve sets (SGP.22 v2.5 §2.6.1, the guide's "Curve sets"): a CI per
//! curve with its own EUM, eUICC, DPauth, DPpb and DP TLS, written with SGP.26's `_BRP` names
//! and verifying as GSMA chains; eIM and operator credentials stay NIST P-256.

use certs::{
    CertIssuer, CertRole, ChainError, Curve, LabPkiOptions, Pki, generate, verify_dir,
    verify_dp_cert, verify_euicc_chain,
};
use proto::crypto::PublicKey;
use time::OffsetDateTime;

fn now() -> Option<OffsetDateTime> {
    Some(OffsetDateTime::now_utc())
}

fn options(curves: &[Curve]) -> LabPkiOptions {
    LabPkiOptions {
        curves: curves.to_vec(),
        ..LabPkiOptions::default()
    }
}

/// The chains of one curve: the eUICC through the EUM, DPauth, DPpb and DP TLS, all on
/// `curve`.
fn assert_chains_on(pki: &Pki, curve: Curve) {
    let ci =
        certs::CiAnchor::from_der(&pki.require_on(CertRole::Ci, curve).unwrap().cert_der).unwrap();
    assert_eq!(ci.curve(), curve);
    let cis = [ci];
    let eum = &pki.require_on(CertRole::Eum, curve).unwrap().cert_der;
    let euicc = pki.require_on(CertRole::Euicc, curve).unwrap();
    let v = verify_euicc_chain(&cis, eum, &euicc.cert_der, now()).unwrap();
    assert_eq!(v.public_key.curve(), curve);
    assert_eq!(v.public_key, euicc.key().unwrap().public_key());
    assert_eq!(v.eid, generate::DEFAULT_EID);
    for role in [CertRole::DpAuth, CertRole::DpPb, CertRole::DpTls] {
        let cred = pki.require_on(role, curve).unwrap();
        let v = verify_dp_cert(&cis, &cred.cert_der, role, now()).unwrap();
        assert_eq!(v.public_key.curve(), curve, "{role}");
        assert_eq!(
            PublicKey::from_certificate_der(&cred.cert_der).unwrap(),
            cred.key().unwrap().public_key()
        );
    }
}

#[test]
fn sgp22_2_6_1_both_curve_sets_each_chain_under_its_own_ci() {
    let pki = generate(&options(&[Curve::NistP256, Curve::BrainpoolP256r1])).unwrap();
    for role in [
        CertRole::Ci,
        CertRole::Eum,
        CertRole::Euicc,
        CertRole::DpAuth,
        CertRole::DpPb,
        CertRole::DpTls,
    ] {
        assert_eq!(
            pki.curves(role),
            [Curve::NistP256, Curve::BrainpoolP256r1],
            "{role}"
        );
    }
    for role in [CertRole::Eim, CertRole::EimTls, CertRole::OperatorCa] {
        assert_eq!(pki.curves(role), [Curve::NistP256], "{role}");
    }
    assert_chains_on(&pki, Curve::NistP256);
    assert_chains_on(&pki, Curve::BrainpoolP256r1);

    // A brainpool eUICC does not chain to the NIST CI, and a NIST EUM under the brainpool
    // CI's key identifier would be a foreign CI: each CI verifies its own chain only.
    let nist_ci = certs::CiAnchor::from_der(
        &pki.require_on(CertRole::Ci, Curve::NistP256)
            .unwrap()
            .cert_der,
    )
    .unwrap();
    let brp = Curve::BrainpoolP256r1;
    let err = verify_euicc_chain(
        &[nist_ci],
        &pki.require_on(CertRole::Eum, brp).unwrap().cert_der,
        &pki.require_on(CertRole::Euicc, brp).unwrap().cert_der,
        now(),
    )
    .unwrap_err();
    assert!(matches!(err, ChainError::UnknownCi { .. }), "{err}");
}

#[test]
fn sgp26_brp_files_are_written_and_load_back_with_their_curve() {
    let pki = generate(&options(&[Curve::BrainpoolP256r1])).unwrap();
    let dir = tempfile::tempdir().unwrap();
    pki.write_dir(dir.path()).unwrap();
    for rel in [
        "CertificateIssuer/CERT_CI_ECDSA_BRP.der",
        "CertificateIssuer/SK_CI_ECDSA_BRP.pem",
        "EUM/CERT_EUM_ECDSA_BRP.der",
        "eUICC/CERT_EUICC_ECDSA_BRP.der",
        "eUICC/SK_EUICC_ECDSA_BRP.pem",
        "DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der",
        "DPpb/SK_S_SM_DPpb_ECDSA_BRP.pem",
        "DPtls/CERT_S_SM_DP_TLS_BRP.der",
        "DPtls/CERT_S_SM_DP_TLS_BRP.pem",
        "DPtls/SK_S_SM_DP_TLS_BRP.pem",
        // NIST TLS and the rest stay on NIST P-256 under the NIST CI.
        "CertificateIssuer/CERT_CI_ECDSA_NIST.der",
        "DPtls/CERT_S_SM_DP_TLS_NIST.der",
        "eIM/CERT_EIM_ECDSA_NIST.der",
    ] {
        assert!(dir.path().join(rel).is_file(), "{rel} missing");
    }
    for absent in [
        "eUICC/CERT_EUICC_ECDSA_NIST.der",
        "DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der",
    ] {
        assert!(!dir.path().join(absent).exists(), "{absent} written");
    }
    let back = Pki::load_dir(dir.path()).unwrap();
    assert_eq!(back, pki);
    let key = back
        .require_key_on(CertRole::Euicc, Curve::BrainpoolP256r1)
        .unwrap()
        .1;
    assert_eq!(key.curve(), Curve::BrainpoolP256r1);
    // `get` falls back to the brainpool credential when there is no NIST one.
    assert_eq!(
        back.get(CertRole::Euicc).unwrap().curve(),
        Curve::BrainpoolP256r1
    );
    assert_chains_on(&back, Curve::BrainpoolP256r1);

    let report = verify_dir(dir.path(), now()).unwrap();
    assert!(report.files.iter().all(|f| f.result.is_ok()), "{report}");
    let euicc = report.file("eUICC/CERT_EUICC_ECDSA_BRP.der").unwrap();
    assert!(
        euicc
            .result
            .as_ref()
            .unwrap()
            .contains("private key matches"),
        "{report}"
    );
}

#[test]
fn sgp22_4_5_2_1_0_3_a_brainpool_eum_issues_brainpool_euiccs() {
    let pki = generate(&options(&[Curve::BrainpoolP256r1])).unwrap();
    let eum = pki
        .require_on(CertRole::Eum, Curve::BrainpoolP256r1)
        .unwrap();
    let issuer = CertIssuer::new(eum).unwrap();
    assert_eq!(issuer.curve(), Curve::BrainpoolP256r1);
    let fleet = issuer.issue_euicc_fleet(1, 3).unwrap();
    let ci = certs::CiAnchor::from_der(
        &pki.require_on(CertRole::Ci, Curve::BrainpoolP256r1)
            .unwrap()
            .cert_der,
    )
    .unwrap();
    for e in &fleet {
        let v = verify_euicc_chain(
            std::slice::from_ref(&ci),
            &eum.cert_der,
            &e.credential.cert_der,
            now(),
        )
        .unwrap();
        assert_eq!(v.eid, e.eid);
        assert_eq!(v.public_key.curve(), Curve::BrainpoolP256r1);
    }
}

#[test]
fn options_without_a_curve_are_refused() {
    assert!(generate(&options(&[])).is_err());
}

#[test]
fn sgp26_v3_varo_dp_tls_names_load_as_cert_dp_tls() {
    let pki = generate(&options(&[Curve::NistP256, Curve::BrainpoolP256r1])).unwrap();
    let dir = tempfile::tempdir().unwrap();
    pki.write_dir(dir.path()).unwrap();
    let tls = dir.path().join("DPtls");
    for (ours, varo) in [
        (
            "CERT_S_SM_DP_TLS_NIST.der",
            "CERT_S_SM_DP_VARO_TLS_NIST.der",
        ),
        ("CERT_S_SM_DP_TLS_BRP.der", "CERT_S_SM_DP_VARO_TLS_BRP.der"),
    ] {
        std::fs::rename(tls.join(ours), tls.join(varo)).unwrap();
    }
    let back = Pki::load_dir(dir.path()).unwrap();
    for curve in Curve::ALL {
        let (cred, key) = back.require_key_on(CertRole::DpTls, curve).unwrap();
        assert_eq!(
            cred.cert_der,
            pki.require_on(CertRole::DpTls, curve).unwrap().cert_der
        );
        assert_eq!(key.curve(), curve);
    }
}
