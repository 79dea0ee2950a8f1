//! DER values of the X.509 extensions that rcgen does not write the way SGP.22 wants
//! (RFC 5280 §4.2.1; encoded with the protocol core's DER writer).

use std::str::FromStr;

use proto::der::{Oid, Tag, write_constructed, write_tlv};
use rcgen::CustomExtension;

use crate::oid::{
    ID_AT_SERIAL_NUMBER, ID_CE_CERTIFICATE_POLICIES, ID_CE_EXT_KEY_USAGE, ID_CE_NAME_CONSTRAINTS,
    ID_CE_SUBJECT_ALT_NAME, ID_CE_SUBJECT_KEY_IDENTIFIER, arcs,
};

/// A dotted OID that could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid object identifier: {0:?}")]
pub struct BadOid(pub String);

fn oid_tlv(dotted: &str, tag: Tag, out: &mut Vec<u8>) -> Result<(), BadOid> {
    let oid = Oid::from_str(dotted).map_err(|_| BadOid(dotted.to_string()))?;
    write_tlv(tag, oid.contents(), out);
    Ok(())
}

fn custom(oid: &str, critical: bool, content: Vec<u8>) -> Result<CustomExtension, BadOid> {
    let arcs = arcs(oid).ok_or_else(|| BadOid(oid.to_string()))?;
    let mut ext = CustomExtension::from_oid_content(&arcs, content);
    ext.set_criticality(critical);
    Ok(ext)
}

/// certificatePolicies with one policy and no qualifiers:
///
/// ```text
/// certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
/// PolicyInformation ::= SEQUENCE { policyIdentifier CertPolicyId, ... }
/// ```
///
/// SGP.22 §4.5.2 marks it critical on the ECDSA certificates; TLS certificates carry it
/// non-critical (as SGP.26's CERT.DP.TLS does), because webpki refuses unknown critical
/// extensions on end-entity certificates.
pub fn certificate_policies(policy_oid: &str, critical: bool) -> Result<CustomExtension, BadOid> {
    let mut out = Vec::new();
    let mut result = Ok(());
    write_constructed(Tag::SEQUENCE, &mut out, |o| {
        write_constructed(Tag::SEQUENCE, o, |o| {
            result = oid_tlv(policy_oid, Tag::OBJECT_IDENTIFIER, o);
        });
    });
    result?;
    custom(ID_CE_CERTIFICATE_POLICIES, critical, out)
}

/// subjectKeyIdentifier (`KeyIdentifier ::= OCTET STRING`), non-critical.
pub fn subject_key_identifier(ski: &[u8]) -> Result<CustomExtension, BadOid> {
    let mut out = Vec::new();
    write_tlv(Tag::OCTET_STRING, ski, &mut out);
    custom(ID_CE_SUBJECT_KEY_IDENTIFIER, false, out)
}

/// subjectAltName with DNS names (`[2] IA5String`) then registered IDs (`[8] OID`),
/// non-critical. SGP.22 §4.5.2.1.0.4–6: the SM-DP+ OID is a registeredID on DPauth, DPpb and
/// DP TLS; the DP TLS certificate also names its FQDN as dNSName.
pub fn subject_alt_name(dns: &[&str], registered_ids: &[&str]) -> Result<CustomExtension, BadOid> {
    let mut out = Vec::new();
    let mut result = Ok(());
    write_constructed(Tag::SEQUENCE, &mut out, |o| {
        for name in dns {
            write_tlv(Tag::context(2, false), name.as_bytes(), o);
        }
        for id in registered_ids {
            if result.is_ok() {
                result = oid_tlv(id, Tag::context(8, false), o);
            }
        }
    });
    result?;
    custom(ID_CE_SUBJECT_ALT_NAME, false, out)
}

/// extKeyUsage (`SEQUENCE SIZE (1..MAX) OF KeyPurposeId`).
pub fn extended_key_usage(purposes: &[&str], critical: bool) -> Result<CustomExtension, BadOid> {
    let mut out = Vec::new();
    let mut result = Ok(());
    write_constructed(Tag::SEQUENCE, &mut out, |o| {
        for p in purposes {
            if result.is_ok() {
                result = oid_tlv(p, Tag::OBJECT_IDENTIFIER, o);
            }
        }
    });
    result?;
    custom(ID_CE_EXT_KEY_USAGE, critical, out)
}

/// nameConstraints (critical) with one permitted directoryName subtree
/// `{O = organization, serialNumber = EID prefix}`, as on SGP.26's EUM (SGP.22 §4.5.2.1.0.2):
///
/// ```text
/// NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, ... }
/// GeneralSubtree ::= SEQUENCE { base GeneralName, ... }   -- directoryName [4] Name (explicit)
/// ```
///
/// Written here rather than by rcgen: rcgen before 0.14.10 tags the directoryName
/// implicitly, dropping the Name's SEQUENCE.
pub fn name_constraints_eid_prefix(
    organization: &str,
    eid_prefix: &str,
) -> Result<CustomExtension, BadOid> {
    let mut out = Vec::new();
    let mut result = Ok(());
    write_constructed(Tag::SEQUENCE, &mut out, |o| {
        write_constructed(Tag::context(0, true), o, |o| {
            write_constructed(Tag::SEQUENCE, o, |o| {
                write_constructed(Tag::context(4, true), o, |o| {
                    write_constructed(Tag::SEQUENCE, o, |o| {
                        for (oid, tag, value) in [
                            ("2.5.4.10", Tag::UTF8_STRING, organization),
                            (ID_AT_SERIAL_NUMBER, Tag::PRINTABLE_STRING, eid_prefix),
                        ] {
                            write_constructed(Tag::SET, o, |o| {
                                write_constructed(Tag::SEQUENCE, o, |o| {
                                    if result.is_ok() {
                                        result = oid_tlv(oid, Tag::OBJECT_IDENTIFIER, o);
                                    }
                                    write_tlv(tag, value.as_bytes(), o);
                                });
                            });
                        }
                    });
                });
            });
        });
    });
    result?;
    custom(ID_CE_NAME_CONSTRAINTS, true, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5280_4_2_1_4_policies_encoding() {
        let ext = certificate_policies("2.23.146.1.2.1.4", true).unwrap();
        assert!(ext.criticality());
        assert_eq!(hex::encode(ext.content()), "300b3009060767811201020104");
    }

    #[test]
    fn rfc5280_4_2_1_6_san_dns_then_registered_id() {
        let ext = subject_alt_name(&["a.test"], &["2.999.10"]).unwrap();
        assert_eq!(hex::encode(ext.content()), "300d8206612e74657374880388370a");
        assert!(subject_alt_name(&[], &["not.an.oid"]).is_err());
    }
}
