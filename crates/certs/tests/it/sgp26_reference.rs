//! SGP.26's public test certificates (CI, DPauth, DPpb, DP TLS with keys; no EUM or eUICC)
//! load and chain to their CI. Read from `../shared/reference`; skipped when absent.

use std::path::PathBuf;

use certs::{CertRole, ChainError, Curve, Pki, PkiError, verify_dir, verify_dp_cert};
use time::OffsetDateTime;
use time::macros::datetime;

fn reference() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/sgp26-test-certs");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "notice: {} absent, SGP.26 reference test skipped",
            dir.display()
        );
        None
    }
}

/// "Today" for the lab: after CERT.DP.TLS expired (2026-08-02).
const TODAY: OffsetDateTime = datetime!(2026-11-21 12:00 UTC);
/// Inside CERT.DP.TLS's validity (2025-06-30 .. 2026-08-02).
const INSIDE: OffsetDateTime = datetime!(2026-01-15 12:00 UTC);

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp26_reference_directory_loads_with_its_keys() {
    let Some(dir) = reference() else { return };
    let pki = Pki::load_dir(&dir).unwrap();
    for role in [CertRole::DpAuth, CertRole::DpPb, CertRole::DpTls] {
        assert!(pki.require_key(role).is_ok(), "{role}");
    }
    let ci = pki.require(CertRole::Ci).unwrap();
    assert!(ci.key.is_none());
    assert!(matches!(
        pki.require_key(CertRole::Ci),
        Err(PkiError::MissingKey {
            what: "SK.CI.ECDSA",
            ..
        })
    ));
    let err = pki.require(CertRole::Eum).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing CERT.EUM.ECDSA (expected EUM/CERT_EUM_ECDSA_NIST.der)"
    );
    assert!(pki.require(CertRole::Euicc).is_err());
    // SGP.22 identifies the CI by its SKI (euiccCiPKId).
    assert_eq!(
        hex::encode_upper(pki.ci_anchor().unwrap().ski()),
        "F54172BDF98A95D65CBEB88A38A1C11D800A85C3"
    );
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp26_dpauth_dppb_dptls_chain_to_the_test_ci() {
    let Some(dir) = reference() else { return };
    let pki = Pki::load_dir(&dir).unwrap();
    let cis = [pki.ci_anchor().unwrap()];
    for role in [CertRole::DpAuth, CertRole::DpPb] {
        let v = verify_dp_cert(
            &cis,
            &pki.require(role).unwrap().cert_der,
            role,
            Some(TODAY),
        )
        .unwrap();
        assert_eq!(v.smdp_oid.as_deref(), Some("2.999.10"));
        let key = pki.require(role).unwrap().key().unwrap();
        assert_eq!(v.public_key, key.public_key());
    }

    let tls = &pki.require(CertRole::DpTls).unwrap().cert_der;
    let err = verify_dp_cert(&cis, tls, CertRole::DpTls, Some(TODAY)).unwrap_err();
    assert_eq!(
        err,
        ChainError::Expired {
            cert: CertRole::DpTls,
            not_after: datetime!(2026-08-02 13:14:38 UTC)
        }
    );
    let v = verify_dp_cert(&cis, tls, CertRole::DpTls, Some(INSIDE)).unwrap();
    assert_eq!(v.dns_names, ["testsmdpplus1.example.com"]);
    assert_eq!(v.smdp_oid.as_deref(), Some("2.999.10"));
    // The eUICC, which keeps no time, accepts it.
    assert!(verify_dp_cert(&cis, tls, CertRole::DpTls, None).is_ok());
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp26_directory_report_per_file() {
    let Some(dir) = reference() else { return };
    let report = verify_dir(&dir, Some(INSIDE)).unwrap();
    let text = report.to_string();
    for rel in [
        "CertificateIssuer/CERT_CI_ECDSA_NIST.der",
        "DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der",
        "DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der",
        "DPtls/CERT_S_SM_DP_TLS_NIST.der",
    ] {
        let r = report.file(rel).unwrap();
        assert!(r.result.is_ok(), "{text}");
    }
    let tls = report.file("DPtls/CERT_S_SM_DP_TLS_NIST.der").unwrap();
    assert!(
        tls.result.as_ref().unwrap().contains("private key matches"),
        "{text}"
    );
    // The brainpoolP256r1 CI is a trust anchor of its own, with the SKI SGP.26 gives it.
    let brp = report
        .file("CertificateIssuer/CERT_CI_ECDSA_BRP.der")
        .unwrap();
    assert_eq!(
        brp.result.as_deref(),
        Ok("trust anchor, SKI C0BC70BA36929D43B467FF57570530E57AB8FCD8"),
        "{text}"
    );
    assert_eq!(report.files.len(), 5);

    let today = verify_dir(&dir, Some(TODAY)).unwrap();
    let tls = today.file("DPtls/CERT_S_SM_DP_TLS_NIST.der").unwrap();
    assert!(
        matches!(
            tls.result,
            Err(certs::report::FileError::Chain(ChainError::Expired { .. }))
        ),
        "{today}"
    );
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp26_brainpool_ci_loads_as_a_second_anchor() {
    let Some(dir) = reference() else { return };
    let pki = Pki::load_dir(&dir).unwrap();
    assert_eq!(
        pki.curves(CertRole::Ci),
        [Curve::NistP256, Curve::BrainpoolP256r1]
    );
    let anchors = pki.ci_anchors().unwrap();
    assert_eq!(anchors.len(), 2);
    let brp = &anchors[1];
    assert_eq!(brp.curve(), Curve::BrainpoolP256r1);
    assert_eq!(
        hex::encode_upper(brp.ski()),
        "C0BC70BA36929D43B467FF57570530E57AB8FCD8"
    );
    // The NIST DPauth chains to the NIST CI only.
    let dp_auth = &pki.require(CertRole::DpAuth).unwrap().cert_der;
    let v = verify_dp_cert(&anchors, dp_auth, CertRole::DpAuth, Some(INSIDE)).unwrap();
    assert_eq!(v.ci_ski, anchors[0].ski());
    assert!(matches!(
        verify_dp_cert(&anchors[1..], dp_auth, CertRole::DpAuth, Some(INSIDE)),
        Err(ChainError::UnknownCi { .. })
    ));
}
