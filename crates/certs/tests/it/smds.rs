//! The SM-DS credentials of the lab PKI (SGP.22 4.5.2: CERT.DSauth.ECDSA, CERT.DS.TLS) for a
//! root and an alternative SM-DS: their profiles, both curve sets, the layout on disk.

use certs::{CertRole, Curve, LabPkiOptions, Pki, SmdsSite, generate, verify_cert, verify_dir};
use time::OffsetDateTime;

fn now() -> Option<OffsetDateTime> {
    Some(OffsetDateTime::now_utc())
}

/// Each SM-DS has a DSauth and a DS TLS certificate under the CI, with the role OID of
/// SGP.22 4.5.2 (`id-rspRole-ds-auth`, `id-rspRole-ds-tls`), its own OID as registeredID and,
/// on the TLS one, its FQDN as dNSName; the two SM-DSs have distinct keys.
#[test]
fn sgp22_4_5_2_root_and_alternative_smds_credentials_chain_to_the_ci() {
    let pki = generate(&LabPkiOptions::default()).unwrap();
    let cis = pki.ci_anchors().unwrap();
    let mut keys = Vec::new();
    for (site, fqdn, oid) in [
        (SmdsSite::Root, "smds.rsp-lab.test", "2.999.20"),
        (SmdsSite::Alternative, "alt-smds.rsp-lab.test", "2.999.21"),
    ] {
        let (auth, key) = pki
            .require_smds_key_on(site, CertRole::DsAuth, Curve::NistP256)
            .unwrap();
        let v = verify_cert(&cis, &auth.cert_der, CertRole::DsAuth, now()).unwrap();
        assert_eq!(v.smdp_oid.as_deref(), Some(oid), "{site:?}");
        keys.push(key.public_key());
        let (tls, _) = pki
            .require_smds_key_on(site, CertRole::DsTls, Curve::NistP256)
            .unwrap();
        let v = verify_cert(&cis, &tls.cert_der, CertRole::DsTls, now()).unwrap();
        assert_eq!(v.dns_names, [fqdn], "{site:?}");
        assert_eq!(v.smdp_oid.as_deref(), Some(oid), "{site:?}");
        // CERT.DSauth is no CERT.DPauth: a role check tells them apart.
        assert!(verify_cert(&cis, &auth.cert_der, CertRole::DpAuth, now()).is_err());
    }
    assert_ne!(keys[0], keys[1]);
}

/// The root SM-DS's files are `DSauth/` and `DStls/`, the alternative's `DSauth-alt/` and
/// `DStls-alt/`, on both curve sets; keys are 0600, and everything loads back and verifies.
#[test]
fn sgp26_layout_of_both_smds_on_both_curves_loads_back() {
    let pki = generate(&LabPkiOptions {
        curves: vec![Curve::NistP256, Curve::BrainpoolP256r1],
        ..LabPkiOptions::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    pki.write_dir(dir.path()).unwrap();
    for rel in [
        "DSauth/SK_S_SM_DSauth_ECDSA_NIST.pem",
        "DSauth/SK_S_SM_DSauth_ECDSA_BRP.pem",
        "DStls/SK_S_SM_DS_TLS_NIST.pem",
        "DStls/SK_S_SM_DS_TLS_BRP.pem",
        "DSauth-alt/SK_S_SM_DSauth_ECDSA_NIST.pem",
        "DSauth-alt/SK_S_SM_DSauth_ECDSA_BRP.pem",
        "DStls-alt/SK_S_SM_DS_TLS_NIST.pem",
        "DStls-alt/SK_S_SM_DS_TLS_BRP.pem",
    ] {
        let path = dir.path().join(rel);
        assert!(path.is_file(), "{rel} missing");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{rel}");
        }
    }
    let back = Pki::load_dir(dir.path()).unwrap();
    assert_eq!(back, pki);
    for site in SmdsSite::ALL {
        for role in [CertRole::DsAuth, CertRole::DsTls] {
            assert_eq!(
                back.smds_curves(site, role),
                [Curve::NistP256, Curve::BrainpoolP256r1],
                "{site:?} {role}"
            );
        }
    }
    let report = verify_dir(dir.path(), now()).unwrap();
    assert!(report.all_ok(), "{report}");
}

/// A PKI directory without the alternative SM-DS names the file it lacks.
#[test]
fn a_missing_alternative_smds_names_its_file() {
    let err = Pki::new()
        .require_smds_key_on(SmdsSite::Alternative, CertRole::DsTls, Curve::NistP256)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "missing CERT.DS.TLS (expected DStls-alt/CERT_S_SM_DS_TLS_NIST.der)"
    );
}
