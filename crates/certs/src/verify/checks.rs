//! The single checks a GSMA chain is made of (SGP.22 §4.5.2, RFC 5280 §6.1 where it applies).

use proto::crypto::{KeyError, PublicKey, Signature};
use time::OffsetDateTime;

use super::ChainError;
use super::facts::CertFacts;
use super::memo::{Triple, VERIFIED};
use crate::oid::{CertRole, ECDSA_WITH_SHA256};

/// Parses, naming the certificate on failure.
pub(crate) fn parse(der: &[u8], cert: CertRole) -> Result<CertFacts, ChainError> {
    CertFacts::parse(der).map_err(|detail| ChainError::Malformed { cert, detail })
}

/// A key on NIST P-256 or brainpoolP256r1, ecdsa-with-SHA256 signature (SGP.22 §2.6.1);
/// returns the key.
pub(crate) fn algorithms(f: &CertFacts, cert: CertRole) -> Result<PublicKey, ChainError> {
    let key = f
        .public_key
        .clone()
        .map_err(|e| ChainError::UnsupportedCurve {
            cert,
            // the curve's OID alone, or what else the key is
            found: match e {
                KeyError::UnsupportedCurve(oid) => oid,
                other => other.to_string(),
            },
        })?;
    if f.signature_algorithm != ECDSA_WITH_SHA256 {
        return Err(ChainError::UnsupportedSignatureAlgorithm {
            cert,
            found: f.signature_algorithm.clone(),
        });
    }
    Ok(key)
}

/// The certificate's key is on its issuer's curve (SGP.22 §2.6.1: a certificate chain uses
/// one curve set throughout).
pub(crate) fn same_curve(
    key: &PublicKey,
    issuer: &PublicKey,
    cert: CertRole,
) -> Result<(), ChainError> {
    if key.curve() == issuer.curve() {
        Ok(())
    } else {
        Err(ChainError::UnsupportedCurve {
            cert,
            found: format!("{} under a {} issuer", key.curve(), issuer.curve()),
        })
    }
}

/// The signature over the received tbsCertificate bytes, with the issuer's key; a triple
/// that verified before in this process is not verified again ([`super::memo`]).
pub(crate) fn signature(
    f: &CertFacts,
    issuer: &PublicKey,
    cert: CertRole,
) -> Result<(), ChainError> {
    let triple = Triple::of(issuer, &f.tbs, &f.signature);
    if VERIFIED.verified_before(&triple) {
        return Ok(());
    }
    let signature =
        Signature::from_der(&f.signature).map_err(|_| ChainError::BadSignature { cert })?;
    issuer
        .verify(&f.tbs, &signature)
        .map_err(|_| ChainError::BadSignature { cert })?;
    VERIFIED.remember(triple);
    Ok(())
}

/// Validity period at `now`; `None` skips the check (the eUICC has no trusted time).
pub(crate) fn validity(
    f: &CertFacts,
    now: Option<OffsetDateTime>,
    cert: CertRole,
) -> Result<(), ChainError> {
    let Some(now) = now else { return Ok(()) };
    if now < f.not_before {
        return Err(ChainError::NotYetValid {
            cert,
            not_before: f.not_before,
        });
    }
    if now > f.not_after {
        return Err(ChainError::Expired {
            cert,
            not_after: f.not_after,
        });
    }
    Ok(())
}

/// The role's policy OID is among the certificate policies.
pub(crate) fn role(f: &CertFacts, cert: CertRole) -> Result<(), ChainError> {
    if f.policies.iter().any(|p| p == cert.policy_oid()) {
        Ok(())
    } else {
        Err(ChainError::WrongRole {
            cert,
            found: f.policies.clone(),
        })
    }
}

/// CA certificates: cA = TRUE and keyCertSign. End entities: digitalSignature and no
/// keyCertSign (SGP.22 §4.5.2.1.0.x keyUsage per certificate).
pub(crate) fn usage(f: &CertFacts, cert: CertRole) -> Result<(), ChainError> {
    let ku = f.key_usage.ok_or(ChainError::KeyUsage {
        cert,
        detail: "extension missing",
    })?;
    if cert.is_root() || cert == CertRole::Eum {
        if !f.is_ca {
            return Err(ChainError::NotCa { cert });
        }
        if !ku.key_cert_sign {
            return Err(ChainError::KeyUsage {
                cert,
                detail: "lacks keyCertSign",
            });
        }
    } else {
        if !ku.digital_signature {
            return Err(ChainError::KeyUsage {
                cert,
                detail: "lacks digitalSignature",
            });
        }
        if ku.key_cert_sign || f.is_ca {
            return Err(ChainError::KeyUsage {
                cert,
                detail: "allows certificate signing on an end-entity certificate",
            });
        }
    }
    Ok(())
}

/// subjectKeyIdentifier present.
pub(crate) fn ski(f: &CertFacts, cert: CertRole) -> Result<Vec<u8>, ChainError> {
    f.ski.clone().ok_or(ChainError::MissingSki { cert })
}

/// authorityKeyIdentifier present.
pub(crate) fn aki(f: &CertFacts, cert: CertRole) -> Result<Vec<u8>, ChainError> {
    f.aki.clone().ok_or(ChainError::MissingAki { cert })
}

/// authorityKeyIdentifier equals the issuer's subjectKeyIdentifier.
pub(crate) fn linked(f: &CertFacts, issuer_ski: &[u8], cert: CertRole) -> Result<(), ChainError> {
    let aki = aki(f, cert)?;
    if aki == issuer_ski {
        Ok(())
    } else {
        Err(ChainError::AkiMismatch {
            cert,
            aki,
            issuer_ski: issuer_ski.to_vec(),
        })
    }
}
