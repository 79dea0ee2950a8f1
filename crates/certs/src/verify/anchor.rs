//! Trust anchors: the CI (and the lab's operator CA), checked once and then looked up by
//! key identifier (`euiccCiPKId`, SGP.22 §2.6.5).

use std::sync::Arc;

use proto::crypto::{Curve, PublicKey};

use super::ChainError;
use super::checks;
use crate::oid::CertRole;

/// A verified self-signed root: CERT.CI.ECDSA or the lab's operator CA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiAnchor {
    /// Shared: a fleet of eUICCs trusting one CI holds its octets once.
    der: Arc<[u8]>,
    role: CertRole,
    ski: Vec<u8>,
    public_key: PublicKey,
    subject_cn: Option<String>,
}

impl CiAnchor {
    /// Checks a root certificate: NIST P-256 or brainpoolP256r1, ecdsa-with-SHA256,
    /// self-signed signature valid,
    /// policy `id-rspRole-ci` (or the operator CA's lab policy), CA with keyCertSign, SKI.
    /// Validity is not checked (RFC 5280 §6.1.1: a trust anchor is input, not a path element).
    pub fn from_der(der: &[u8]) -> Result<CiAnchor, ChainError> {
        let f = checks::parse(der, CertRole::Ci)?;
        let role = if f
            .policies
            .iter()
            .any(|p| p == CertRole::OperatorCa.policy_oid())
        {
            CertRole::OperatorCa
        } else {
            CertRole::Ci
        };
        let public_key = checks::algorithms(&f, role)?;
        checks::role(&f, role)?;
        checks::usage(&f, role)?;
        let ski = checks::ski(&f, role)?;
        checks::signature(&f, &public_key, role)?;
        Ok(CiAnchor {
            der: Arc::from(der),
            role,
            ski,
            public_key,
            subject_cn: f.subject_cn().map(str::to_string),
        })
    }

    /// The certificate, DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The certificate, DER, shared rather than copied.
    pub fn der_shared(&self) -> Arc<[u8]> {
        self.der.clone()
    }

    /// [`CertRole::Ci`] or [`CertRole::OperatorCa`].
    pub fn role(&self) -> CertRole {
        self.role
    }

    /// Subject key identifier: the CI's `euiccCiPKId`.
    pub fn ski(&self) -> &[u8] {
        &self.ski
    }

    /// The CI public key (PK.CI.ECDSA).
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// The CI public key's uncompressed point.
    pub fn public_point(&self) -> &[u8; 65] {
        self.public_key.as_uncompressed_point()
    }

    /// The curve of the CI, and so of every certificate under it.
    pub fn curve(&self) -> Curve {
        self.public_key.curve()
    }

    /// Subject commonName, for reports.
    pub fn subject_cn(&self) -> Option<&str> {
        self.subject_cn.as_deref()
    }
}

/// The anchor of role `anchor_role` whose SKI equals `aki`.
pub(crate) fn find<'a>(
    anchors: &'a [CiAnchor],
    aki: &[u8],
    anchor_role: CertRole,
) -> Option<&'a CiAnchor> {
    anchors
        .iter()
        .find(|a| a.role == anchor_role && a.ski == aki)
}
