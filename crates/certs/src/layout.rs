//! The SGP.26 directory layout, extended with the lab's own roles.
//!
//! SGP.26 ships its test PKI as one directory per role (`CertificateIssuer/`, `DPauth/`,
//! `DPpb/`, `DPtls/`, `EUM/`, `eUICC/`) holding `CERT_*.der` certificates and `SK_*.pem`
//! private keys (`PK_*.pem` public keys beside them). The lab writes the same names for the
//! NIST P-256 set, names the SM-DS's credentials (SGP.22 4.5.2: CERT.DSauth.ECDSA,
//! CERT.DS.TLS) after the SM-DP+'s, and adds `eIM/`, `eIMtls/` and `Operators/`:
//!
//! ```text
//! CertificateIssuer/CERT_CI_ECDSA_NIST.der  .pem  SK_CI_ECDSA_NIST.pem
//! EUM/CERT_EUM_ECDSA_NIST.der               SK_EUM_ECDSA_NIST.pem
//! eUICC/CERT_EUICC_ECDSA_NIST.der           SK_EUICC_ECDSA_NIST.pem
//! DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der    SK_S_SM_DPauth_ECDSA_NIST.pem
//! DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der        SK_S_SM_DPpb_ECDSA_NIST.pem
//! DPtls/CERT_S_SM_DP_TLS_NIST.der  .pem     SK_S_SM_DP_TLS_NIST.pem
//! DSauth/CERT_S_SM_DSauth_ECDSA_NIST.der    SK_S_SM_DSauth_ECDSA_NIST.pem
//! DStls/CERT_S_SM_DS_TLS_NIST.der  .pem     SK_S_SM_DS_TLS_NIST.pem
//! eIM/CERT_EIM_ECDSA_NIST.der               SK_EIM_ECDSA_NIST.pem
//! eIMtls/CERT_EIM_TLS_NIST.der  .pem        SK_EIM_TLS_NIST.pem
//! Operators/CERT_OPERATOR_CA_NIST.der .pem  SK_OPERATOR_CA_NIST.pem
//! Operators/<operator id>/CERT_OPERATOR_TLS_NIST.der .pem  SK_OPERATOR_TLS_NIST.pem
//! SMSR/CERT_SM_SR_TLS_NIST.der  .pem        SK_SM_SR_TLS_NIST.pem
//! SMSR/CERT_SR_ECDSA_NIST.der               SK_SR_ECDSA_NIST.pem
//! SMDP/CERT_DP_ECDSA_NIST.der               SK_DP_ECDSA_NIST.pem
//! ```
//!
//! `SMSR/` holds the SGP.02 SM-SR's credentials: its TLS certificate (X.509, lab role) and
//! CERT.SR.ECDSA, which is not X.509 but a GP Amendment E `7F21` certificate signed by the
//! CI (SGP.02 2.3.2, 4.1.1.6; [`crate::gp`]), with its key ([`SR_ECDSA_FILES`]). `SMDP/`
//! holds the SGP.02 SM-DP's CERT.DP.ECDSA in the same form ([`DP_ECDSA_FILES`]; 4.1.3.1).
//!
//! Each `PK_*.pem` sits next to its `SK_*.pem`. `.pem` certificate copies are written for
//! the certificates TLS tools consume; loading reads only the `.der` files.
//!
//! The brainpoolP256r1 set (the guide's "Curve sets") uses SGP.26's `_BRP` names for the GSMA
//! application chains and the SM-DP+'s TLS certificate (SGP.22 2.6.1 allows brainpoolP256r1
//! for TLS; the SM-DP+ serves it to clients that offer that curve); eIM and operator
//! certificates exist on NIST P-256 only:
//!
//! ```text
//! CertificateIssuer/CERT_CI_ECDSA_BRP.der  .pem  SK_CI_ECDSA_BRP.pem
//! EUM/CERT_EUM_ECDSA_BRP.der               SK_EUM_ECDSA_BRP.pem
//! eUICC/CERT_EUICC_ECDSA_BRP.der           SK_EUICC_ECDSA_BRP.pem
//! DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der    SK_S_SM_DPauth_ECDSA_BRP.pem
//! DPpb/CERT_S_SM_DPpb_ECDSA_BRP.der        SK_S_SM_DPpb_ECDSA_BRP.pem
//! DPtls/CERT_S_SM_DP_TLS_BRP.der  .pem     SK_S_SM_DP_TLS_BRP.pem
//! DSauth/CERT_S_SM_DSauth_ECDSA_BRP.der    SK_S_SM_DSauth_ECDSA_BRP.pem
//! DStls/CERT_S_SM_DS_TLS_BRP.der  .pem     SK_S_SM_DS_TLS_BRP.pem
//! ```
//!
//! Those `DSauth/` and `DStls/` files are the root SM-DS's (the one every eUICC knows from
//! its factory, SGP.22 3.4). An alternative SM-DS (the one an operator runs, which forwards
//! to the root over ES15) has the same file names in `DSauth-alt/` and `DStls-alt/`
//! ([`smds_files_on`]).

use std::path::{Path, PathBuf};

use proto::crypto::Curve;

use crate::oid::CertRole;

/// The directory of the SM-SR's credentials.
pub const SMSR_DIR: &str = "SMSR";

/// The directory of the SGP.02 SM-DP's CERT.DP.ECDSA.
pub const SMDP_DIR: &str = "SMDP";

/// Where CERT.DP.ECDSA (GP Amendment E form, `7F21`) and SK.DP.ECDSA of the SGP.02 SM-DP
/// live (its TLS certificate is CERT.DP.TLS, `DPtls/`).
pub const DP_ECDSA_FILES: RoleFiles = RoleFiles {
    dir: SMDP_DIR,
    stem: "DP_ECDSA_NIST",
    cert_pem: false,
};

/// Where CERT.SR.ECDSA (GP Amendment E form, `7F21`) and SK.SR.ECDSA live.
pub const SR_ECDSA_FILES: RoleFiles = RoleFiles {
    dir: SMSR_DIR,
    stem: "SR_ECDSA_NIST",
    cert_pem: false,
};

/// Where one credential lives, relative to the PKI directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleFiles {
    /// Directory, relative to the PKI root.
    pub dir: &'static str,
    /// File stem shared by certificate, secret and public key: `CERT_<stem>.der`,
    /// `SK_<stem>.pem`, `PK_<stem>.pem`.
    pub stem: &'static str,
    /// Whether a `.pem` copy of the certificate is written.
    pub cert_pem: bool,
}

impl RoleFiles {
    /// `dir/CERT_<stem>.der`.
    pub fn cert_der(&self) -> PathBuf {
        Path::new(self.dir).join(format!("CERT_{}.der", self.stem))
    }

    /// `dir/CERT_<stem>.pem`.
    pub fn cert_pem(&self) -> PathBuf {
        Path::new(self.dir).join(format!("CERT_{}.pem", self.stem))
    }

    /// `dir/SK_<stem>.pem`.
    pub fn secret_key(&self) -> PathBuf {
        Path::new(self.dir).join(format!("SK_{}.pem", self.stem))
    }

    /// `dir/PK_<stem>.pem`.
    pub fn public_key(&self) -> PathBuf {
        Path::new(self.dir).join(format!("PK_{}.pem", self.stem))
    }
}

/// Files of a role's NIST P-256 credential (every role but [`CertRole::OperatorClient`], see
/// [`operator_files`]; the SM-DS roles are the root SM-DS's, see [`smds_files_on`]).
pub fn role_files(role: CertRole) -> Option<RoleFiles> {
    role_files_on(role, Curve::NistP256)
}

/// Files of a role's credential on `curve`: the NIST names above, SGP.26's `_BRP` names for
/// the brainpool CI, EUM, eUICC, DPauth, DPpb and DP TLS; `None` for a role the curve set
/// lacks.
pub fn role_files_on(role: CertRole, curve: Curve) -> Option<RoleFiles> {
    if curve == Curve::BrainpoolP256r1 {
        let (dir, stem, cert_pem) = match role {
            CertRole::Ci => ("CertificateIssuer", "CI_ECDSA_BRP", true),
            CertRole::Eum => ("EUM", "EUM_ECDSA_BRP", false),
            CertRole::Euicc => ("eUICC", "EUICC_ECDSA_BRP", false),
            CertRole::DpAuth => ("DPauth", "S_SM_DPauth_ECDSA_BRP", false),
            CertRole::DpPb => ("DPpb", "S_SM_DPpb_ECDSA_BRP", false),
            CertRole::DpTls => ("DPtls", "S_SM_DP_TLS_BRP", true),
            CertRole::DsAuth => ("DSauth", "S_SM_DSauth_ECDSA_BRP", false),
            CertRole::DsTls => ("DStls", "S_SM_DS_TLS_BRP", true),
            _ => return None,
        };
        return Some(RoleFiles {
            dir,
            stem,
            cert_pem,
        });
    }
    let (dir, stem, cert_pem) = match role {
        CertRole::Ci => ("CertificateIssuer", "CI_ECDSA_NIST", true),
        CertRole::Eum => ("EUM", "EUM_ECDSA_NIST", false),
        CertRole::Euicc => ("eUICC", "EUICC_ECDSA_NIST", false),
        CertRole::DpAuth => ("DPauth", "S_SM_DPauth_ECDSA_NIST", false),
        CertRole::DpPb => ("DPpb", "S_SM_DPpb_ECDSA_NIST", false),
        CertRole::DpTls => ("DPtls", "S_SM_DP_TLS_NIST", true),
        CertRole::DsAuth => ("DSauth", "S_SM_DSauth_ECDSA_NIST", false),
        CertRole::DsTls => ("DStls", "S_SM_DS_TLS_NIST", true),
        CertRole::Eim => ("eIM", "EIM_ECDSA_NIST", false),
        CertRole::EimTls => ("eIMtls", "EIM_TLS_NIST", true),
        CertRole::OperatorCa => (OPERATORS_DIR, "OPERATOR_CA_NIST", true),
        CertRole::SmSrTls => (SMSR_DIR, "SM_SR_TLS_NIST", true),
        CertRole::OperatorClient => return None,
    };
    Some(RoleFiles {
        dir,
        stem,
        cert_pem,
    })
}

/// Which SM-DS of the lab a credential belongs to (SGP.22 3.4: a root SM-DS and alternative
/// SM-DSs that forward to it over ES15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SmdsSite {
    /// The root SM-DS: `DSauth/`, `DStls/`.
    Root,
    /// The alternative SM-DS: `DSauth-alt/`, `DStls-alt/`.
    Alternative,
}

impl SmdsSite {
    /// Both sites, root first.
    pub const ALL: [SmdsSite; 2] = [SmdsSite::Root, SmdsSite::Alternative];
}

/// Files of an SM-DS credential (`role` is [`CertRole::DsAuth`] or [`CertRole::DsTls`]) of
/// `site` on `curve`; `None` for any other role.
pub fn smds_files_on(site: SmdsSite, role: CertRole, curve: Curve) -> Option<RoleFiles> {
    if !matches!(role, CertRole::DsAuth | CertRole::DsTls) {
        return None;
    }
    let root = role_files_on(role, curve)?;
    Some(match site {
        SmdsSite::Root => root,
        SmdsSite::Alternative => RoleFiles {
            dir: match role {
                CertRole::DsAuth => "DSauth-alt",
                _ => "DStls-alt",
            },
            ..root
        },
    })
}

/// Another name a role's certificate has in SGP.26 v3's files, read when the layout's own
/// name is absent (the key keeps its name): the renewed DP TLS certificates of the test set
/// are `DPtls/CERT_S_SM_DP_VARO_TLS_NIST.der` and `_BRP.der`, beside `SK_S_SM_DP_TLS_NIST.pem`
/// and `_BRP.pem`.
pub fn sgp26_cert_alias(role: CertRole, curve: Curve) -> Option<PathBuf> {
    let name = match (role, curve) {
        (CertRole::DpTls, Curve::NistP256) => "CERT_S_SM_DP_VARO_TLS_NIST.der",
        (CertRole::DpTls, Curve::BrainpoolP256r1) => "CERT_S_SM_DP_VARO_TLS_BRP.der",
        _ => return None,
    };
    Some(Path::new("DPtls").join(name))
}

/// The directory holding the operator CA and one sub-directory per operator.
pub const OPERATORS_DIR: &str = "Operators";

/// Stem of an operator's client certificate files inside `Operators/<id>/`.
pub const OPERATOR_STEM: &str = "OPERATOR_TLS_NIST";

/// Paths of an operator's client credential: (certificate DER, certificate PEM, secret key,
/// public key), relative to the PKI root.
pub fn operator_files(operator_id: &str) -> [PathBuf; 4] {
    let dir = Path::new(OPERATORS_DIR).join(operator_id);
    [
        dir.join(format!("CERT_{OPERATOR_STEM}.der")),
        dir.join(format!("CERT_{OPERATOR_STEM}.pem")),
        dir.join(format!("SK_{OPERATOR_STEM}.pem")),
        dir.join(format!("PK_{OPERATOR_STEM}.pem")),
    ]
}

/// Whether `id` is usable as an operator id (a directory name and a certificate CN):
/// 1 to 64 of `A-Z a-z 0-9 - _ .`, not starting with a dot.
pub fn is_valid_operator_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp26_file_names() {
        let dp = role_files(CertRole::DpAuth).unwrap();
        assert_eq!(
            dp.cert_der(),
            Path::new("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der")
        );
        assert_eq!(
            dp.secret_key(),
            Path::new("DPauth/SK_S_SM_DPauth_ECDSA_NIST.pem")
        );
        let tls = role_files(CertRole::DpTls).unwrap();
        assert_eq!(tls.cert_der(), Path::new("DPtls/CERT_S_SM_DP_TLS_NIST.der"));
        assert_eq!(tls.secret_key(), Path::new("DPtls/SK_S_SM_DP_TLS_NIST.pem"));
        let ci = role_files(CertRole::Ci).unwrap();
        assert_eq!(
            ci.cert_der(),
            Path::new("CertificateIssuer/CERT_CI_ECDSA_NIST.der")
        );
        let brp = role_files_on(CertRole::Ci, Curve::BrainpoolP256r1).unwrap();
        assert_eq!(
            brp.cert_der(),
            Path::new("CertificateIssuer/CERT_CI_ECDSA_BRP.der")
        );
        let brp_tls = role_files_on(CertRole::DpTls, Curve::BrainpoolP256r1).unwrap();
        assert_eq!(
            brp_tls.cert_pem(),
            Path::new("DPtls/CERT_S_SM_DP_TLS_BRP.pem")
        );
        assert_eq!(
            brp_tls.secret_key(),
            Path::new("DPtls/SK_S_SM_DP_TLS_BRP.pem")
        );
        assert_eq!(role_files_on(CertRole::Eim, Curve::BrainpoolP256r1), None);
        let ds = smds_files_on(SmdsSite::Root, CertRole::DsAuth, Curve::NistP256).unwrap();
        assert_eq!(
            ds.cert_der(),
            Path::new("DSauth/CERT_S_SM_DSauth_ECDSA_NIST.der")
        );
        let alt = smds_files_on(SmdsSite::Alternative, CertRole::DsTls, Curve::NistP256).unwrap();
        assert_eq!(
            alt.secret_key(),
            Path::new("DStls-alt/SK_S_SM_DS_TLS_NIST.pem")
        );
        assert_eq!(
            smds_files_on(SmdsSite::Alternative, CertRole::DpTls, Curve::NistP256),
            None
        );
        assert!(is_valid_operator_id("operator1"));
        assert!(!is_valid_operator_id("../x"));
        assert!(!is_valid_operator_id(""));
    }
}
