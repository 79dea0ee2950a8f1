//! Every failure kind of a GSMA chain is detected and maps to its SGP.22 code.

use std::sync::OnceLock;

use time::{Duration, OffsetDateTime};

use super::*;
use crate::generate::profile::{CertSpec, name};
use crate::generate::{CertIssuer, LabPkiOptions, generate};
use crate::oid::CertRole;
use crate::pki::{Credential, Pki};

fn lab() -> &'static Pki {
    static LAB: OnceLock<Pki> = OnceLock::new();
    LAB.get_or_init(|| generate(&LabPkiOptions::default()).expect("generate"))
}

fn other_lab() -> &'static Pki {
    static LAB: OnceLock<Pki> = OnceLock::new();
    LAB.get_or_init(|| generate(&LabPkiOptions::default()).expect("generate"))
}

fn cis() -> Vec<CiAnchor> {
    vec![lab().ci_anchor().unwrap()]
}

fn der(role: CertRole) -> &'static [u8] {
    &lab().require(role).unwrap().cert_der
}

fn now() -> Option<OffsetDateTime> {
    Some(OffsetDateTime::now_utc())
}

fn issuer(role: CertRole) -> CertIssuer {
    CertIssuer::new(lab().require(role).unwrap()).unwrap()
}

/// An eUICC certificate made by the lab EUM with a last-minute change.
fn crafted_euicc(eid: &str, mutate: impl FnOnce(&mut rcgen::CertificateParams)) -> Credential {
    let nb = OffsetDateTime::now_utc() - Duration::hours(1);
    issuer(CertRole::Eum)
        .issue_with(
            &CertSpec {
                role: CertRole::Euicc,
                subject: name(&[
                    ("O", "rsp-lab EUM"),
                    ("serialNumber", eid),
                    ("CN", "crafted"),
                ])
                .unwrap(),
                not_before: nb,
                not_after: nb + Duration::days(30),
                dns: &[],
                registered_ids: &[],
                permitted: None,
            },
            mutate,
        )
        .unwrap()
}

/// A DPauth certificate made by the lab CI with a last-minute change.
fn crafted_dp_auth(
    registered_ids: &[&str],
    mutate: impl FnOnce(&mut rcgen::CertificateParams),
) -> Credential {
    let nb = OffsetDateTime::now_utc() - Duration::hours(1);
    issuer(CertRole::Ci)
        .issue_with(
            &CertSpec {
                role: CertRole::DpAuth,
                subject: name(&[("O", "rsp-lab"), ("CN", "crafted")]).unwrap(),
                not_before: nb,
                not_after: nb + Duration::days(30),
                dns: &[],
                registered_ids,
                permitted: None,
            },
            mutate,
        )
        .unwrap()
}

fn tamper_signature(der: &[u8]) -> Vec<u8> {
    let mut bad = der.to_vec();
    // The last octet is inside the signature's s INTEGER.
    let last = bad.len() - 1;
    bad[last] ^= 0x01;
    bad
}

#[test]
fn sgp22_5_6_3_generated_euicc_chain_verifies() {
    let v = verify_euicc_chain(&cis(), der(CertRole::Eum), der(CertRole::Euicc), now()).unwrap();
    assert_eq!(v.eid, "89049032123451234512345678901235");
    assert_eq!(v.ci_ski, lab().ci_anchor().unwrap().ski());
    assert_eq!(v.eum_permitted_prefixes, ["89049032"]);
    let key = lab().require(CertRole::Euicc).unwrap().key().unwrap();
    assert_eq!(v.public_key, key.public_key());
    // The eUICC side checks without a clock.
    assert!(verify_euicc_chain(&cis(), der(CertRole::Eum), der(CertRole::Euicc), None).is_ok());
}

#[test]
fn sgp22_4_5_2_generated_server_certificates_verify() {
    for role in [CertRole::DpAuth, CertRole::DpPb, CertRole::DpTls] {
        let v = verify_dp_cert(&cis(), der(role), role, now()).unwrap();
        assert_eq!(v.smdp_oid.as_deref(), Some("2.999.10"));
        assert_eq!(v.role, role);
    }
    let tls = verify_dp_cert(&cis(), der(CertRole::DpTls), CertRole::DpTls, now()).unwrap();
    assert_eq!(tls.dns_names, ["smdp.rsp-lab.test"]);
    let eim = verify_eim_cert(&cis(), der(CertRole::Eim), now()).unwrap();
    assert_eq!(eim.subject_cn.as_deref(), Some("eim.rsp-lab.test"));
    let eim_tls = verify_cert(&cis(), der(CertRole::EimTls), CertRole::EimTls, now()).unwrap();
    assert_eq!(eim_tls.dns_names, ["eim.rsp-lab.test"]);
    let op_ca = [lab().operator_ca_anchor().unwrap()];
    let op = verify_cert(
        &op_ca,
        &lab().operator("operator1").unwrap().cert_der,
        CertRole::OperatorClient,
        now(),
    )
    .unwrap();
    assert_eq!(op.subject_cn.as_deref(), Some("operator1"));
}

#[test]
fn sgp22_5_6_3_tampered_signature_is_detected() {
    let bad = tamper_signature(der(CertRole::Euicc));
    let err = verify_euicc_chain(&cis(), der(CertRole::Eum), &bad, now()).unwrap_err();
    assert_eq!(
        err,
        ChainError::BadSignature {
            cert: CertRole::Euicc
        }
    );
    assert_eq!(
        err.authenticate_client_error(),
        AuthenticateClientError::EuiccCertificateInvalid
    );
    assert_eq!(
        err.authenticate_client_error().status_code(),
        ("8.1.3", "6.1")
    );

    let bad_eum = tamper_signature(der(CertRole::Eum));
    let err = verify_euicc_chain(&cis(), &bad_eum, der(CertRole::Euicc), now()).unwrap_err();
    assert_eq!(
        err,
        ChainError::BadSignature {
            cert: CertRole::Eum
        }
    );
    assert_eq!(err.authenticate_client_error().value(), 1);

    let bad_dp = tamper_signature(der(CertRole::DpAuth));
    let err = verify_dp_cert(&cis(), &bad_dp, CertRole::DpAuth, None).unwrap_err();
    assert_eq!(
        err,
        ChainError::BadSignature {
            cert: CertRole::DpAuth
        }
    );
    assert_eq!(
        err.authenticate_server_error(),
        EuiccCertCheckError::InvalidCertificate
    );
}

/// Whether the process's memo holds `der` as verified under `issuer`.
fn remembered(der: &[u8], issuer: &proto::crypto::PublicKey) -> bool {
    let f = facts::CertFacts::parse(der).unwrap();
    memo::VERIFIED.verified_before(&memo::Triple::of(issuer, &f.tbs, &f.signature))
}

#[test]
fn a_verified_certificate_is_remembered_and_a_changed_copy_still_refused() {
    // A certificate of its own, so that no other test has verified it yet.
    let eid = crate::eid::eid_from_prefix("89049032", 4321).unwrap();
    let card = crafted_euicc(&eid, |_| {});
    let key_of = |role| lab().require(role).unwrap().key().unwrap().public_key();
    let (eum_key, ci_key) = (key_of(CertRole::Eum), key_of(CertRole::Ci));
    assert!(!remembered(&card.cert_der, &eum_key));

    let v = verify_euicc_chain(&cis(), der(CertRole::Eum), &card.cert_der, now()).unwrap();
    assert_eq!(v.eid, eid);
    assert!(remembered(&card.cert_der, &eum_key));
    assert!(remembered(der(CertRole::Eum), &ci_key));
    // The same octets under another key were never verified.
    assert!(!remembered(&card.cert_der, &ci_key));

    // A changed signature is verified, refused, and not remembered.
    let bad = tamper_signature(&card.cert_der);
    assert_eq!(
        verify_euicc_chain(&cis(), der(CertRole::Eum), &bad, now()).unwrap_err(),
        ChainError::BadSignature {
            cert: CertRole::Euicc
        }
    );
    assert!(!remembered(&bad, &eum_key));
    // The checks other than the signature still run on a remembered certificate.
    let later = Some(v.not_after + Duration::days(1));
    assert!(matches!(
        verify_euicc_chain(&cis(), der(CertRole::Eum), &card.cert_der, later),
        Err(ChainError::Expired { .. })
    ));
}

#[test]
fn sgp22_5_6_3_expired_eum_and_euicc_are_told_apart() {
    // Past the end of everything: the EUM is checked first.
    let later = Some(OffsetDateTime::now_utc() + Duration::days(365 * 40));
    let err =
        verify_euicc_chain(&cis(), der(CertRole::Eum), der(CertRole::Euicc), later).unwrap_err();
    assert!(
        matches!(
            err,
            ChainError::Expired {
                cert: CertRole::Eum,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.authenticate_client_error(),
        AuthenticateClientError::EumCertificateExpired
    );
    assert_eq!(
        err.authenticate_client_error().status_code(),
        ("8.1.2", "6.3")
    );

    // A short-lived eUICC certificate under a valid EUM.
    let nb = OffsetDateTime::now_utc() - Duration::minutes(30);
    let short = issuer(CertRole::Eum)
        .issue_euicc_with_validity(
            "89049032123451234512345678901235",
            nb,
            nb + Duration::minutes(10),
        )
        .unwrap();
    let err = verify_euicc_chain(
        &cis(),
        der(CertRole::Eum),
        &short.credential.cert_der,
        now(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ChainError::Expired {
                cert: CertRole::Euicc,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(err.authenticate_client_error().value(), 4);
    // Inside its validity it passes; with no clock (eUICC side) it passes.
    assert!(
        verify_euicc_chain(
            &cis(),
            der(CertRole::Eum),
            &short.credential.cert_der,
            Some(nb + Duration::minutes(5))
        )
        .is_ok()
    );

    let earlier = Some(OffsetDateTime::now_utc() - Duration::days(2));
    let err = verify_dp_cert(&cis(), der(CertRole::DpPb), CertRole::DpPb, earlier).unwrap_err();
    assert!(
        matches!(
            err,
            ChainError::NotYetValid {
                cert: CertRole::DpPb,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn sgp22_4_5_2_wrong_role_is_detected() {
    let err = verify_dp_cert(&cis(), der(CertRole::DpPb), CertRole::DpAuth, now()).unwrap_err();
    assert_eq!(
        err,
        ChainError::WrongRole {
            cert: CertRole::DpAuth,
            found: vec!["2.23.146.1.2.1.5".into()]
        }
    );
    // An eUICC certificate passed as the EUM: it is not issued by the CI.
    let err =
        verify_euicc_chain(&cis(), der(CertRole::Euicc), der(CertRole::Euicc), now()).unwrap_err();
    assert!(
        matches!(
            err,
            ChainError::UnknownCi {
                cert: CertRole::Eum,
                ..
            }
        ),
        "{err}"
    );
    // The eIM key is not an SM-DP+ key.
    let err = verify_eim_cert(&cis(), der(CertRole::DpAuth), now()).unwrap_err();
    assert!(
        matches!(
            err,
            ChainError::WrongRole {
                cert: CertRole::Eim,
                ..
            }
        ),
        "{err}"
    );
    // A DPauth crafted with the eUICC policy.
    let odd = crafted_dp_auth(&["2.999.10"], |p| {
        p.custom_extensions
            .retain(|e| e.oid_components().collect::<Vec<_>>() != [2, 5, 29, 32]);
        p.custom_extensions
            .push(crate::ext::certificate_policies(CertRole::Euicc.policy_oid(), true).unwrap());
    });
    let err = verify_dp_cert(&cis(), &odd.cert_der, CertRole::DpAuth, now()).unwrap_err();
    assert!(matches!(err, ChainError::WrongRole { .. }), "{err}");
}

#[test]
fn sgp22_5_6_3_chain_to_an_unknown_ci_is_ci_pk_unknown() {
    let foreign = other_lab();
    let err = verify_euicc_chain(
        &cis(),
        &foreign.require(CertRole::Eum).unwrap().cert_der,
        &foreign.require(CertRole::Euicc).unwrap().cert_der,
        now(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ChainError::UnknownCi {
                cert: CertRole::Eum,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.authenticate_client_error(),
        AuthenticateClientError::CiPkUnknown
    );
    assert_eq!(err.authenticate_client_error().value(), 9);
    assert_eq!(
        err.authenticate_client_error().status_code(),
        ("8.11.1", "3.9")
    );

    let err = verify_dp_cert(
        &cis(),
        &foreign.require(CertRole::DpAuth).unwrap().cert_der,
        CertRole::DpAuth,
        None,
    )
    .unwrap_err();
    assert_eq!(
        err.authenticate_server_error(),
        EuiccCertCheckError::CiPkUnknown
    );
    assert_eq!(err.authenticate_server_error().value(), 7);
    assert_eq!(
        err.prepare_download_error(),
        EuiccCertCheckError::InvalidCertificate
    );
    // With both CIs trusted, the foreign chain verifies.
    let both = [cis().remove(0), foreign.ci_anchor().unwrap()];
    assert!(
        verify_euicc_chain(
            &both,
            &foreign.require(CertRole::Eum).unwrap().cert_der,
            &foreign.require(CertRole::Euicc).unwrap().cert_der,
            now()
        )
        .is_ok()
    );
}

#[test]
fn sgp22_4_5_2_1_0_2_eid_outside_the_eum_prefix_is_refused() {
    // Valid check digits, other prefix.
    let eid = crate::eid::eid_from_prefix("89033023", 42).unwrap();
    let outside = crafted_euicc(&eid, |_| {});
    let err = verify_euicc_chain(&cis(), der(CertRole::Eum), &outside.cert_der, now()).unwrap_err();
    assert!(
        matches!(&err, ChainError::EidOutsidePermitted { eid: e, .. } if *e == eid),
        "{err}"
    );
    assert_eq!(
        err.authenticate_client_error(),
        AuthenticateClientError::EuiccCertificateInvalid
    );
    // The issuer refuses to make one.
    assert!(issuer(CertRole::Eum).issue_euicc(&eid).is_err());

    // Right prefix, other organization than the permitted subtree's.
    let inside = crate::eid::eid_from_prefix("89049032", 7).unwrap();
    let other_org = crafted_euicc(&inside, |p| {
        p.distinguished_name = name(&[("O", "Elsewhere"), ("serialNumber", &inside)]).unwrap();
    });
    let err =
        verify_euicc_chain(&cis(), der(CertRole::Eum), &other_org.cert_der, now()).unwrap_err();
    assert!(
        matches!(err, ChainError::EidOutsidePermitted { .. }),
        "{err}"
    );

    // Bad check digits; no serialNumber at all.
    let bad = crafted_euicc("89049032123451234512345678901234", |_| {});
    let err = verify_euicc_chain(&cis(), der(CertRole::Eum), &bad.cert_der, now()).unwrap_err();
    assert!(matches!(err, ChainError::InvalidEid { .. }), "{err}");
    let none = crafted_euicc(&inside, |p| {
        p.distinguished_name = name(&[("O", "rsp-lab EUM"), ("CN", "no EID")]).unwrap();
    });
    let err = verify_euicc_chain(&cis(), der(CertRole::Eum), &none.cert_der, now()).unwrap_err();
    assert_eq!(err, ChainError::MissingEid);
}

#[test]
fn rfc5280_4_2_1_1_missing_or_mismatched_key_identifiers_are_detected() {
    let eid = crate::eid::eid_from_prefix("89049032", 8).unwrap();
    let no_aki = crafted_euicc(&eid, |p| p.use_authority_key_identifier_extension = false);
    let err = verify_euicc_chain(&cis(), der(CertRole::Eum), &no_aki.cert_der, now()).unwrap_err();
    assert_eq!(
        err,
        ChainError::MissingAki {
            cert: CertRole::Euicc
        }
    );

    let wrong = [0x55u8; 20];
    let mismatched = crafted_euicc(&eid, |p| {
        p.use_authority_key_identifier_extension = false;
        // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier }
        let mut value = vec![0x30, 22, 0x80, 20];
        value.extend_from_slice(&wrong);
        p.custom_extensions
            .push(rcgen::CustomExtension::from_oid_content(
                &[2, 5, 29, 35],
                value,
            ));
    });
    let err =
        verify_euicc_chain(&cis(), der(CertRole::Eum), &mismatched.cert_der, now()).unwrap_err();
    assert!(
        matches!(&err, ChainError::AkiMismatch { cert: CertRole::Euicc, aki, .. } if aki == &wrong),
        "{err}"
    );

    let no_ski = crafted_dp_auth(&["2.999.10"], |p| {
        p.custom_extensions
            .retain(|e| e.oid_components().collect::<Vec<_>>() != [2, 5, 29, 14]);
    });
    let err = verify_dp_cert(&cis(), &no_ski.cert_der, CertRole::DpAuth, now()).unwrap_err();
    assert_eq!(
        err,
        ChainError::MissingSki {
            cert: CertRole::DpAuth
        }
    );
}

#[test]
fn sgp22_4_5_2_key_usage_constraints_and_smdp_oid_are_checked() {
    let eid = crate::eid::eid_from_prefix("89049032", 9).unwrap();
    let signer = crafted_euicc(&eid, |p| {
        p.key_usages.push(rcgen::KeyUsagePurpose::KeyCertSign);
    });
    let err = verify_euicc_chain(&cis(), der(CertRole::Eum), &signer.cert_der, now()).unwrap_err();
    assert!(
        matches!(
            err,
            ChainError::KeyUsage {
                cert: CertRole::Euicc,
                ..
            }
        ),
        "{err}"
    );

    let no_oid = crafted_dp_auth(&[], |_| {});
    let err = verify_dp_cert(&cis(), &no_oid.cert_der, CertRole::DpAuth, now()).unwrap_err();
    assert_eq!(
        err,
        ChainError::MissingSmdpOid {
            cert: CertRole::DpAuth
        }
    );
    // verify_cert does not need the OID.
    assert!(verify_cert(&cis(), &no_oid.cert_der, CertRole::DpAuth, now()).is_ok());
}

#[test]
fn sgp22_4_5_2_eum_without_name_constraints_or_ca_flag_is_invalid() {
    let nb = OffsetDateTime::now_utc() - Duration::hours(1);
    let spec = CertSpec {
        role: CertRole::Eum,
        subject: name(&[("O", "rsp-lab EUM"), ("CN", "crafted EUM")]).unwrap(),
        not_before: nb,
        not_after: nb + Duration::days(30),
        dns: &[],
        registered_ids: &[],
        permitted: Some(("rsp-lab EUM", "89049032")),
    };
    let ci = issuer(CertRole::Ci);
    let unconstrained = ci
        .issue_with(&spec, |p| {
            p.custom_extensions
                .retain(|e| e.oid_components().collect::<Vec<_>>() != [2, 5, 29, 30])
        })
        .unwrap();
    let err = verify_eum_cert(&cis(), &unconstrained.cert_der, now()).unwrap_err();
    assert_eq!(err, ChainError::MissingNameConstraints);
    assert_eq!(
        err.authenticate_client_error(),
        AuthenticateClientError::EumCertificateInvalid
    );
    let not_ca = ci
        .issue_with(&spec, |p| p.is_ca = rcgen::IsCa::ExplicitNoCa)
        .unwrap();
    let err = verify_eum_cert(&cis(), &not_ca.cert_der, now()).unwrap_err();
    assert_eq!(
        err,
        ChainError::NotCa {
            cert: CertRole::Eum
        }
    );
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    for input in [&[][..], &[0x30, 0x03, 0x02, 0x01][..], &[0xFF; 40][..]] {
        let err = verify_euicc_chain(&cis(), input, der(CertRole::Euicc), now()).unwrap_err();
        assert!(matches!(
            err,
            ChainError::Malformed {
                cert: CertRole::Eum,
                ..
            }
        ));
        assert!(verify_dp_cert(&cis(), input, CertRole::DpAuth, None).is_err());
        assert!(CiAnchor::from_der(input).is_err());
    }
    // Every truncation of a real certificate.
    let good = der(CertRole::Euicc);
    for n in 0..good.len() {
        assert!(verify_euicc_chain(&cis(), der(CertRole::Eum), &good[..n], now()).is_err());
    }
}

/// SGP.22 5.6.3 with RFC 5280 6.1.3's order (signature, then validity, then policy): an
/// expired EUM certificate is "EUM Certificate - Expired" (8.1.2/6.3) even when its role is
/// wrong too, as in SGP.23's expired EUM test file, which carries the DPauth policy.
#[test]
fn sgp22_5_6_3_an_expired_eum_with_a_wrong_role_is_expired() {
    let nb = OffsetDateTime::now_utc() - Duration::days(400);
    let wrong = issuer(CertRole::Ci)
        .issue_with(
            &CertSpec {
                role: CertRole::DpAuth,
                subject: name(&[("O", "rsp-lab EUM"), ("CN", "expired")]).unwrap(),
                not_before: nb,
                not_after: nb + Duration::days(30),
                dns: &[],
                registered_ids: &[],
                permitted: None,
            },
            |_| {},
        )
        .unwrap();
    let err = verify_euicc_chain(&cis(), &wrong.cert_der, der(CertRole::Euicc), now()).unwrap_err();
    assert_eq!(
        err.authenticate_client_error().status_code(),
        ("8.1.2", "6.3"),
        "{err}"
    );
}
