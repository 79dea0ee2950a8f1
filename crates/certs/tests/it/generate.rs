//! The generated lab PKI: SGP.26 layout on disk, 0600 keys, chains that verify, a fleet.

use std::collections::HashSet;
use std::path::Path;

use certs::layout::role_files;
use certs::{
    CertIssuer, CertRole, LabPkiOptions, Pki, generate, verify_dir, verify_dp_cert,
    verify_euicc_chain,
};
use time::OffsetDateTime;

fn now() -> Option<OffsetDateTime> {
    Some(OffsetDateTime::now_utc())
}

#[test]
fn sgp26_layout_is_written_with_0600_keys_and_loads_back() {
    let pki = generate(&LabPkiOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = pki.write_dir(dir.path()).unwrap();

    for rel in [
        "CertificateIssuer/CERT_CI_ECDSA_NIST.der",
        "CertificateIssuer/CERT_CI_ECDSA_NIST.pem",
        "CertificateIssuer/SK_CI_ECDSA_NIST.pem",
        "EUM/CERT_EUM_ECDSA_NIST.der",
        "EUM/SK_EUM_ECDSA_NIST.pem",
        "eUICC/CERT_EUICC_ECDSA_NIST.der",
        "eUICC/SK_EUICC_ECDSA_NIST.pem",
        "DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der",
        "DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem",
        "DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der",
        "DPpb/SK_S_SM_DPpb_ECDSA_NIST.pem",
        "DPtls/CERT_S_SM_DP_TLS_NIST.der",
        "DPtls/SK_S_SM_DP_TLS_NIST.pem",
        "DSauth/CERT_S_SM_DSauth_ECDSA_NIST.der",
        "DSauth/SK_S_SM_DSauth_ECDSA_NIST.pem",
        "DStls/CERT_S_SM_DS_TLS_NIST.der",
        "DStls/CERT_S_SM_DS_TLS_NIST.pem",
        "DStls/SK_S_SM_DS_TLS_NIST.pem",
        "DSauth-alt/CERT_S_SM_DSauth_ECDSA_NIST.der",
        "DSauth-alt/SK_S_SM_DSauth_ECDSA_NIST.pem",
        "DStls-alt/CERT_S_SM_DS_TLS_NIST.der",
        "DStls-alt/SK_S_SM_DS_TLS_NIST.pem",
        "eIM/CERT_EIM_ECDSA_NIST.der",
        "eIM/SK_EIM_ECDSA_NIST.pem",
        "eIMtls/CERT_EIM_TLS_NIST.der",
        "eIMtls/SK_EIM_TLS_NIST.pem",
        "Operators/CERT_OPERATOR_CA_NIST.der",
        "Operators/SK_OPERATOR_CA_NIST.pem",
        "Operators/operator1/CERT_OPERATOR_TLS_NIST.der",
        "Operators/operator1/SK_OPERATOR_TLS_NIST.pem",
        "SMSR/CERT_SM_SR_TLS_NIST.der",
        "SMSR/CERT_SM_SR_TLS_NIST.pem",
        "SMSR/SK_SM_SR_TLS_NIST.pem",
        "SMSR/CERT_SR_ECDSA_NIST.der",
        "SMSR/SK_SR_ECDSA_NIST.pem",
        "SMDP/CERT_DP_ECDSA_NIST.der",
        "SMDP/SK_DP_ECDSA_NIST.pem",
    ] {
        let path = dir.path().join(rel);
        assert!(path.is_file(), "{rel} missing");
        assert!(written.contains(&path), "{rel} not reported");
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut keys = 0;
        for path in &written {
            let name = path.file_name().unwrap().to_str().unwrap();
            let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            if name.starts_with("SK_") {
                assert_eq!(mode, 0o600, "{}", path.display());
                keys += 1;
            }
        }
        assert_eq!(keys, 17);
        // Rewriting over looser permissions tightens them again.
        let sk = dir.path().join("DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem");
        std::fs::set_permissions(&sk, std::fs::Permissions::from_mode(0o644)).unwrap();
        pki.write_dir(dir.path()).unwrap();
        let mode = std::fs::metadata(&sk).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    let loaded = Pki::load_dir(dir.path()).unwrap();
    assert_eq!(loaded, pki);
    for role in CertRole::ALL {
        if role_files(role).is_some() {
            let (cred, _key) = loaded.require_key(role).unwrap();
            assert_eq!(cred.role, role);
        }
    }
    assert!(loaded.operator("operator1").unwrap().key.is_some());
}

#[test]
fn sgp22_4_5_2_every_generated_chain_verifies() {
    let opts = LabPkiOptions {
        smdp_fqdn: "dp.example.test".into(),
        smdp_oid: "2.999.77".into(),
        eid: "89049032000000000000000000000163".into(),
        operators: vec!["mno-a".into(), "mno-b".into()],
        ..LabPkiOptions::default()
    };
    assert!(certs::eid::is_valid_eid(&opts.eid));
    let pki = generate(&opts).unwrap();
    let cis = [pki.ci_anchor().unwrap()];
    let v = verify_euicc_chain(
        &cis,
        &pki.require(CertRole::Eum).unwrap().cert_der,
        &pki.require(CertRole::Euicc).unwrap().cert_der,
        now(),
    )
    .unwrap();
    assert_eq!(v.eid, opts.eid);
    let tls = verify_dp_cert(
        &cis,
        &pki.require(CertRole::DpTls).unwrap().cert_der,
        CertRole::DpTls,
        now(),
    )
    .unwrap();
    assert_eq!(tls.dns_names, ["dp.example.test"]);
    assert_eq!(tls.smdp_oid.as_deref(), Some("2.999.77"));
    assert_eq!(pki.operators().count(), 2);

    let dir = tempfile::tempdir().unwrap();
    pki.write_dir(dir.path()).unwrap();
    let report = verify_dir(dir.path(), now()).unwrap();
    assert!(report.all_ok(), "{report}");
    assert_eq!(report.files.len(), 18);
    let euicc = report.file("eUICC/CERT_EUICC_ECDSA_NIST.der").unwrap();
    assert_eq!(euicc.role, Some(CertRole::Euicc));
    let line = euicc.result.as_ref().unwrap();
    assert!(
        line.contains(&opts.eid) && line.contains("private key matches"),
        "{line}"
    );
}

/// SGP.22 4.5.2 certificate profiles: options that would break one are refused before
/// anything is issued (the eUICC serialNumber is a valid EID, under the EUM's nameConstraints
/// prefix; the DP TLS dNSName is a DNS name; operator ids make safe directory names).
#[test]
fn sgp22_4_5_2_options_that_break_the_certificate_profiles_are_refused() {
    let bad_eid = LabPkiOptions {
        eid: "89049032123451234512345678901234".into(),
        ..LabPkiOptions::default()
    };
    assert!(generate(&bad_eid).is_err());
    let outside = LabPkiOptions {
        eum_prefix: "89033023".into(),
        ..LabPkiOptions::default()
    };
    assert!(generate(&outside).is_err());
    let bad_fqdn = LabPkiOptions {
        smdp_fqdn: "not a name".into(),
        ..LabPkiOptions::default()
    };
    assert!(generate(&bad_fqdn).is_err());
    let bad_op = LabPkiOptions {
        operators: vec!["../escape".into()],
        ..LabPkiOptions::default()
    };
    assert!(generate(&bad_op).is_err());
}

#[test]
fn sgp22_4_5_2_1_0_3_a_fleet_of_1000_euiccs_from_one_eum() {
    let pki = generate(&LabPkiOptions::default()).unwrap();
    let eum = pki.require(CertRole::Eum).unwrap();
    let issuer = CertIssuer::new(eum).unwrap();
    assert_eq!(issuer.permitted_eid_prefixes(), ["89049032"]);
    let fleet = issuer.issue_euicc_fleet(1, 1000).unwrap();
    assert_eq!(fleet.len(), 1000);
    let eids: HashSet<&str> = fleet.iter().map(|e| e.eid.as_str()).collect();
    assert_eq!(eids.len(), 1000);
    let cis = [pki.ci_anchor().unwrap()];
    for e in fleet.iter().step_by(97) {
        let v = verify_euicc_chain(&cis, &eum.cert_der, &e.credential.cert_der, now()).unwrap();
        assert_eq!(v.eid, e.eid);
        assert_eq!(v.public_key, e.credential.key().unwrap().public_key());
    }
    // A loaded EUM (key from its SK file) issues as well.
    let dir = tempfile::tempdir().unwrap();
    pki.write_dir(dir.path()).unwrap();
    let loaded = Pki::load_dir(Path::new(dir.path())).unwrap();
    let again = CertIssuer::new(loaded.require(CertRole::Eum).unwrap())
        .unwrap()
        .issue_euicc_fleet(5000, 3)
        .unwrap();
    assert!(verify_euicc_chain(&cis, &eum.cert_der, &again[2].credential.cert_der, now()).is_ok());
}
