//! The SGP.02 SM-SR's credentials: CERT.SR.TLS (X.509, lab role) and CERT.SR.ECDSA (GP
//! Amendment E, SGP.02 2.3.2), written under `SMSR/` and verified from disk; the SGP.02
//! SM-DP's CERT.DP.ECDSA the same way under `SMDP/`.

use certs::gp::{GpCertificateType, KEY_USAGE_SIGNATURE};
use certs::report::FileError;
use certs::{CertRole, LabPkiOptions, Pki, PkiError, generate, verify_cert, verify_dir};
use time::OffsetDateTime;

fn now() -> Option<OffsetDateTime> {
    Some(OffsetDateTime::now_utc())
}

#[test]
fn sgp02_2_3_smsr_tls_certificate_names_its_fqdn_under_the_ci() {
    let pki = generate(&LabPkiOptions {
        smsr_fqdn: "sr2.example.test".into(),
        ..LabPkiOptions::default()
    })
    .unwrap();
    let cis = [pki.ci_anchor().unwrap()];
    let tls = pki.require(CertRole::SmSrTls).unwrap();
    let v = verify_cert(&cis, &tls.cert_der, CertRole::SmSrTls, now()).unwrap();
    assert_eq!(v.dns_names, ["sr2.example.test"]);
    // The lab role is not an SM-DP+'s: a DP TLS check refuses it.
    assert!(verify_cert(&cis, &tls.cert_der, CertRole::DpTls, now()).is_err());
}

#[test]
fn sgp02_2_3_2_cert_sr_ecdsa_is_signed_by_the_ci_and_loads_back() {
    let pki = generate(&LabPkiOptions::default()).unwrap();
    let (sr, key) = pki.require_sr_ecdsa().unwrap();
    assert_eq!(sr.public_key(), &key.public_key());
    let body = &sr.certificate.body;
    assert_eq!(body.certificate_type, Some(GpCertificateType::SmSr));
    assert_eq!(body.key_usage, KEY_USAGE_SIGNATURE);
    assert_eq!(body.subject_identifier, b"smsr.rsp-lab.test");
    assert_eq!(body.ca_identifier, pki.ci_anchor().unwrap().ski());
    let ci = pki.ci_anchor().unwrap();
    sr.verify(ci.public_key(), GpCertificateType::SmSr).unwrap();

    let dir = tempfile::tempdir().unwrap();
    pki.write_dir(dir.path()).unwrap();
    let loaded = Pki::load_dir(dir.path()).unwrap();
    assert_eq!(loaded.sr_ecdsa(), pki.sr_ecdsa());
    let report = verify_dir(dir.path(), now()).unwrap();
    assert!(report.all_ok(), "{report}");
    let line = report.file("SMSR/CERT_SR_ECDSA_NIST.der").unwrap();
    assert!(line.result.as_ref().unwrap().contains("SmSr"), "{line:?}");
}

#[test]
fn sgp02_4_1_3_1_cert_dp_ecdsa_is_an_sm_dps_signed_by_the_ci_and_loads_back() {
    let pki = generate(&LabPkiOptions::default()).unwrap();
    let (dp, key) = pki.require_dp_ecdsa().unwrap();
    assert_eq!(dp.public_key(), &key.public_key());
    assert_eq!(dp.certificate.body.subject_identifier, b"smdp.rsp-lab.test");
    let ci = pki.ci_anchor().unwrap();
    dp.verify(ci.public_key(), GpCertificateType::SmDp).unwrap();
    assert!(dp.verify(ci.public_key(), GpCertificateType::SmSr).is_err());

    let dir = tempfile::tempdir().unwrap();
    pki.write_dir(dir.path()).unwrap();
    assert_eq!(
        Pki::load_dir(dir.path()).unwrap().dp_ecdsa(),
        pki.dp_ecdsa()
    );
    let report = verify_dir(dir.path(), now()).unwrap();
    let line = report.file("SMDP/CERT_DP_ECDSA_NIST.der").unwrap();
    assert!(line.result.as_ref().unwrap().contains("SmDp"), "{line:?}");
}

#[test]
fn a_tampered_cert_sr_ecdsa_is_reported_and_a_foreign_key_refused() {
    let pki = generate(&LabPkiOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    pki.write_dir(dir.path()).unwrap();
    let path = dir.path().join("SMSR/CERT_SR_ECDSA_NIST.der");
    let mut bytes = std::fs::read(&path).unwrap();
    // The last octet of the subject identifier: still decodes, no longer verifies.
    let at = bytes
        .windows(17)
        .position(|w| w == b"smsr.rsp-lab.test")
        .unwrap();
    bytes[at + 16] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    let report = verify_dir(dir.path(), now()).unwrap();
    let line = report.file("SMSR/CERT_SR_ECDSA_NIST.der").unwrap();
    assert!(matches!(line.result, Err(FileError::Gp(_))), "{line:?}");

    // Another key beside the certificate is a mismatch, not a silent load.
    let other = generate(&LabPkiOptions::default()).unwrap();
    other.write_dir(dir.path()).unwrap();
    std::fs::write(&path, pki.sr_ecdsa().unwrap().certificate.to_bytes()).unwrap();
    assert!(matches!(
        Pki::load_dir(dir.path()),
        Err(PkiError::KeyMismatch { .. })
    ));
}
