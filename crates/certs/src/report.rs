//! `rsp-lab certs verify DIR`: every certificate in a directory checked against the roots
//! found in it, one line per file.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::gp::GpCertificate;
use crate::key::PrivateKey;
use crate::oid::CertRole;
use crate::pki::PkiError;
use crate::verify::facts::{CertFacts, CertParseError};
use crate::verify::{
    ChainError, CiAnchor, verify_cert, verify_dp_cert, verify_euicc_chain, verify_eum_cert,
};

/// What went wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileError {
    /// The chain check failed.
    Chain(ChainError),
    /// No certificate policy names a known role.
    UnknownRole(Vec<String>),
    /// The `SK_*.pem` beside the certificate is unreadable or belongs to another key.
    Key(String),
    /// A GP Amendment E certificate (CERT.SR.ECDSA) that does not decode, names no CI of
    /// the directory, or whose signature does not verify.
    Gp(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Chain(e) => write!(f, "{e}"),
            FileError::UnknownRole(p) => write!(f, "no known role in certificate policies {p:?}"),
            FileError::Key(e) | FileError::Gp(e) => write!(f, "{e}"),
        }
    }
}

/// The outcome for one certificate file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// Path relative to the directory checked.
    pub path: PathBuf,
    /// Role from the certificate policy, when recognised.
    pub role: Option<CertRole>,
    /// A summary on success.
    pub result: Result<String, FileError>,
}

/// The outcome for a directory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DirReport {
    pub files: Vec<FileReport>,
}

impl DirReport {
    /// Whether every file passed.
    pub fn all_ok(&self) -> bool {
        self.files.iter().all(|f| f.result.is_ok())
    }

    /// The report of one file (path relative to the directory).
    pub fn file(&self, rel: &str) -> Option<&FileReport> {
        self.files.iter().find(|f| f.path == Path::new(rel))
    }
}

impl fmt::Display for DirReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.files {
            let role = r.role.map(|r| r.cert_name()).unwrap_or("?");
            match &r.result {
                Ok(s) => writeln!(f, "ok    {}  {role}  {s}", r.path.display())?,
                Err(e) => writeln!(f, "FAIL  {}  {role}  {e}", r.path.display())?,
            }
        }
        let failed = self.files.iter().filter(|r| r.result.is_err()).count();
        writeln!(f, "{} certificates, {failed} failed", self.files.len())
    }
}

fn collect_der(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PkiError> {
    let io = |source| PkiError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_der(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "der") {
            out.push(path);
        }
    }
    Ok(())
}

fn role_of(f: &CertFacts) -> Option<CertRole> {
    f.policies.iter().find_map(|p| CertRole::from_policy_oid(p))
}

/// Checks the `SK_<stem>.pem` beside a `CERT_<stem>.der`, if there is one.
fn key_note(path: &Path, facts: &CertFacts) -> Result<&'static str, FileError> {
    let Some(stem) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix("CERT_"))
        .and_then(|n| n.strip_suffix(".der"))
    else {
        return Ok("");
    };
    let sk = path.with_file_name(format!("SK_{stem}.pem"));
    if !sk.is_file() {
        return Ok("");
    }
    let text =
        fs::read_to_string(&sk).map_err(|e| FileError::Key(format!("{}: {e}", sk.display())))?;
    let key = PrivateKey::from_pem(&text)
        .map_err(|e| FileError::Key(format!("{}: {e}", sk.display())))?;
    if facts.public_key.as_ref().ok() == Some(&key.public_key()) {
        Ok(", private key matches")
    } else {
        Err(FileError::Key(format!(
            "{}: private key does not match the certificate",
            sk.display()
        )))
    }
}

/// Verifies every `*.der` certificate under `dir` (recursively): roots as trust anchors,
/// EUMs against the CIs, eUICCs through the EUM whose SKI their AKI names, every other
/// role against its root; plus each `SK_*.pem` against its certificate. `now = None`
/// skips validity periods.
pub fn verify_dir(dir: &Path, now: Option<OffsetDateTime>) -> Result<DirReport, PkiError> {
    let mut paths = Vec::new();
    collect_der(dir, &mut paths)?;
    let mut certs = Vec::new();
    for path in paths {
        let der = fs::read(&path).map_err(|source| PkiError::Io {
            path: path.clone(),
            source,
        })?;
        let facts = CertFacts::parse(&der);
        certs.push((path, der, facts));
    }

    let anchors: Vec<CiAnchor> = certs
        .iter()
        .filter(|(_, _, f)| f.as_ref().is_ok_and(|f| f.self_issued()))
        .filter_map(|(_, der, _)| CiAnchor::from_der(der).ok())
        .collect();

    let mut report = DirReport::default();
    for (path, der, facts) in &certs {
        let rel = path.strip_prefix(dir).unwrap_or(path).to_path_buf();
        if der.starts_with(&GP_CERTIFICATE_TAG) {
            report.files.push(FileReport {
                path: rel,
                role: None,
                result: check_gp(der, &anchors),
            });
            continue;
        }
        let (role, result) = match facts {
            Err(detail) => (
                None,
                Err(FileError::Chain(ChainError::Malformed {
                    cert: CertRole::Ci,
                    detail: detail.clone(),
                })),
            ),
            Ok(f) => match role_of(f) {
                None => (None, Err(FileError::UnknownRole(f.policies.clone()))),
                Some(role) => (
                    Some(role),
                    check_one(role, der, f, &certs, &anchors, now)
                        .map_err(FileError::Chain)
                        .and_then(|s| key_note(path, f).map(|k| format!("{s}{k}"))),
                ),
            },
        };
        report.files.push(FileReport {
            path: rel,
            role,
            result,
        });
    }
    Ok(report)
}

/// The two octets of tag `7F21` (GP Amendment E §6.1) that open CERT.SR.ECDSA.
const GP_CERTIFICATE_TAG: [u8; 2] = [0x7F, 0x21];

/// A GP Amendment E certificate: signed by the CI its CA identifier names.
fn check_gp(der: &[u8], anchors: &[CiAnchor]) -> Result<String, FileError> {
    let cert = GpCertificate::decode(der).map_err(|e| FileError::Gp(e.to_string()))?;
    let anchor = anchors
        .iter()
        .find(|a| a.ski() == cert.body.ca_identifier.as_slice())
        .ok_or_else(|| {
            FileError::Gp(format!(
                "CA identifier {} names no CI here",
                hex::encode_upper(&cert.body.ca_identifier)
            ))
        })?;
    cert.verify(anchor.public_key())
        .map_err(|e| FileError::Gp(e.to_string()))?;
    Ok(format!(
        "GP Amendment E certificate type {:?}, signed by CI {}",
        cert.body.certificate_type,
        hex::encode_upper(anchor.ski())
    ))
}

type Loaded = (PathBuf, Vec<u8>, Result<CertFacts, CertParseError>);

fn check_one(
    role: CertRole,
    der: &[u8],
    f: &CertFacts,
    certs: &[Loaded],
    anchors: &[CiAnchor],
    now: Option<OffsetDateTime>,
) -> Result<String, ChainError> {
    let hex = hex::encode_upper;
    match role {
        CertRole::Ci | CertRole::OperatorCa => {
            let a = CiAnchor::from_der(der)?;
            if let Some(now) = now {
                if now > f.not_after {
                    return Err(ChainError::Expired {
                        cert: role,
                        not_after: f.not_after,
                    });
                }
            }
            Ok(format!("trust anchor, SKI {}", hex(a.ski())))
        }
        CertRole::Eum => {
            let v = verify_eum_cert(anchors, der, now)?;
            Ok(format!(
                "chains to CI {}, EID prefixes {:?}",
                hex(&v.ci_ski),
                f.permitted_eid_prefixes()
            ))
        }
        CertRole::Euicc => {
            let aki = f.aki.clone().ok_or(ChainError::MissingAki { cert: role })?;
            let eum = certs
                .iter()
                .find(|(_, _, ef)| {
                    ef.as_ref().is_ok_and(|ef| {
                        ef.ski.as_deref() == Some(aki.as_slice())
                            && role_of(ef) == Some(CertRole::Eum)
                    })
                })
                .ok_or(ChainError::IssuerNotFound { cert: role, aki })?;
            let v = verify_euicc_chain(anchors, &eum.1, der, now)?;
            Ok(format!("EID {}, chains to CI {}", v.eid, hex(&v.ci_ski)))
        }
        CertRole::DpAuth | CertRole::DpPb | CertRole::DpTls => {
            let v = verify_dp_cert(anchors, der, role, now)?;
            Ok(format!(
                "chains to CI {}, SM-DP+ OID {}{}",
                hex(&v.ci_ski),
                v.smdp_oid.unwrap_or_default(),
                if v.dns_names.is_empty() {
                    String::new()
                } else {
                    format!(", DNS {}", v.dns_names.join(" "))
                }
            ))
        }
        _ => {
            let v = verify_cert(anchors, der, role, now)?;
            Ok(format!(
                "chains to {} {}, CN {}",
                role.anchor_role().cert_name(),
                hex(&v.ci_ski),
                v.subject_cn.unwrap_or_default()
            ))
        }
    }
}
