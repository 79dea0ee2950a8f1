//! Writing the PKI to an SGP.26-layout directory and loading one back (see [`crate::layout`]).
//! Private keys are written with mode 0600.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use proto::crypto::{Curve, PublicKey};

use crate::gp::{GpCertificate, GpCredential};
use crate::key::{PrivateKey, public_key_pem};
use crate::layout::{
    DP_ECDSA_FILES, OPERATORS_DIR, RoleFiles, SR_ECDSA_FILES, SmdsSite, is_valid_operator_id,
    operator_files, role_files_on, sgp26_cert_alias, smds_files_on,
};
use crate::oid::CertRole;
use crate::pki::{Credential, Pki, PkiError};
use crate::verify::ChainError;
use crate::verify::facts::CertFacts;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PkiError + '_ {
    move |source| PkiError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn write_file(path: &Path, bytes: &[u8], secret: bool) -> Result<(), PkiError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if secret {
            opts.mode(0o600);
        }
        let mut file = opts.open(path).map_err(io(path))?;
        if secret {
            // `mode` only applies when the file is created; an existing file keeps its bits.
            file.set_permissions(fs::Permissions::from_mode(0o600))
                .map_err(io(path))?;
        }
        file.write_all(bytes).map_err(io(path))
    }
    #[cfg(not(unix))]
    {
        let _ = secret;
        let mut file = opts.open(path).map_err(io(path))?;
        file.write_all(bytes).map_err(io(path))
    }
}

fn key_texts(path: &Path, key: &PrivateKey) -> Result<(String, String), PkiError> {
    let err = |source| PkiError::Key {
        path: path.to_path_buf(),
        source,
    };
    Ok((
        key.to_sec1_pem().map_err(err)?.to_string(),
        public_key_pem(&key.public_key()),
    ))
}

fn write_credential(
    root: &Path,
    cred: &Credential,
    [der, pem, sk, pk]: [PathBuf; 4],
    cert_pem: bool,
    written: &mut Vec<PathBuf>,
) -> Result<(), PkiError> {
    let mut put = |rel: &Path, bytes: &[u8], secret: bool| -> Result<(), PkiError> {
        let path = root.join(rel);
        write_file(&path, bytes, secret)?;
        written.push(path);
        Ok(())
    };
    put(&der, &cred.cert_der, false)?;
    if cert_pem {
        put(&pem, cred.cert_pem().as_bytes(), false)?;
    }
    if let Some(key) = &cred.key {
        let (sk_text, pk_text) = key_texts(&root.join(&sk), key)?;
        put(&sk, sk_text.as_bytes(), true)?;
        put(&pk, pk_text.as_bytes(), false)?;
    }
    Ok(())
}

fn paths(f: &RoleFiles) -> [PathBuf; 4] {
    [f.cert_der(), f.cert_pem(), f.secret_key(), f.public_key()]
}

impl Pki {
    /// Writes every credential present into `dir` in the SGP.26 layout; returns the files
    /// written. Key files (`SK_*.pem`) get mode 0600.
    pub fn write_dir(&self, dir: &Path) -> Result<Vec<PathBuf>, PkiError> {
        let mut written = Vec::new();
        for cred in self.roles() {
            if let Some(files) = role_files_on(cred.role, cred.curve()) {
                write_credential(dir, cred, paths(&files), files.cert_pem, &mut written)?;
            }
        }
        for cred in self.alternative_smds() {
            if let Some(files) = smds_files_on(SmdsSite::Alternative, cred.role, cred.curve()) {
                write_credential(dir, cred, paths(&files), files.cert_pem, &mut written)?;
            }
        }
        for (id, cred) in self.operators() {
            write_credential(dir, cred, operator_files(id), true, &mut written)?;
        }
        if let Some(sr) = self.sr_ecdsa() {
            write_gp(dir, SR_ECDSA_FILES, sr, &mut written)?;
        }
        if let Some(dp) = self.dp_ecdsa() {
            write_gp(dir, DP_ECDSA_FILES, dp, &mut written)?;
        }
        Ok(written)
    }

    /// Loads an SGP.26-layout directory: every role and curve whose `CERT_*.der` exists
    /// (`_NIST` and `_BRP` names, or SGP.26 v3's other name for it,
    /// [`crate::layout::sgp26_cert_alias`]), with its `SK_*.pem` when present (SEC1 or PKCS#8);
    /// the alternative SM-DS from `DSauth-alt/` and `DStls-alt/`; operators from
    /// `Operators/<id>/`. A key that does not match its certificate is an
    /// error. Chains are not verified here.
    pub fn load_dir(dir: &Path) -> Result<Pki, PkiError> {
        let mut pki = Pki::new();
        for role in CertRole::ALL {
            for curve in Curve::ALL {
                let Some(files) = role_files_on(role, curve) else {
                    continue;
                };
                let mut cert = files.cert_der();
                if !dir.join(&cert).is_file() {
                    cert = sgp26_cert_alias(role, curve).unwrap_or(cert);
                }
                if let Some(cred) = load_credential(dir, role, &cert, &files.secret_key())? {
                    pki.insert(cred);
                }
            }
        }
        for role in [CertRole::DsAuth, CertRole::DsTls] {
            for curve in Curve::ALL {
                let Some(files) = smds_files_on(SmdsSite::Alternative, role, curve) else {
                    continue;
                };
                let (cert, key) = (files.cert_der(), files.secret_key());
                if let Some(cred) = load_credential(dir, role, &cert, &key)? {
                    pki.insert_smds(SmdsSite::Alternative, cred);
                }
            }
        }
        let ops = dir.join(OPERATORS_DIR);
        if ops.is_dir() {
            let mut ids = Vec::new();
            for entry in fs::read_dir(&ops).map_err(io(&ops))? {
                let entry = entry.map_err(io(&ops))?;
                if entry.path().is_dir() {
                    if let Some(id) = entry.file_name().to_str() {
                        if is_valid_operator_id(id) {
                            ids.push(id.to_string());
                        }
                    }
                }
            }
            ids.sort();
            for id in ids {
                let [der, _, sk, _] = operator_files(&id);
                if let Some(cred) = load_credential(dir, CertRole::OperatorClient, &der, &sk)? {
                    pki.insert_operator(&id, cred);
                }
            }
        }
        if let Some(sr) = load_gp(dir, SR_ECDSA_FILES)? {
            pki.insert_sr_ecdsa(sr);
        }
        if let Some(dp) = load_gp(dir, DP_ECDSA_FILES)? {
            pki.insert_dp_ecdsa(dp);
        }
        Ok(pki)
    }
}

fn load_credential(
    root: &Path,
    role: CertRole,
    cert_rel: &Path,
    key_rel: &Path,
) -> Result<Option<Credential>, PkiError> {
    let cert_path = root.join(cert_rel);
    if !cert_path.is_file() {
        return Ok(None);
    }
    let cert_der = fs::read(&cert_path).map_err(io(&cert_path))?;
    let facts = CertFacts::parse(&cert_der).map_err(|detail| PkiError::Chain {
        path: cert_path.clone(),
        source: ChainError::Malformed { cert: role, detail },
    })?;
    let key = load_key(&root.join(key_rel), facts.public_key.as_ref().ok())?;
    Ok(Some(Credential {
        role,
        cert_der,
        key,
    }))
}

/// Writes a GP certificate (CERT.SR.ECDSA, CERT.DP.ECDSA: the `7F21` octets) and its key
/// files where `files` says.
fn write_gp(
    root: &Path,
    files: RoleFiles,
    sr: &GpCredential,
    written: &mut Vec<PathBuf>,
) -> Result<(), PkiError> {
    let der = root.join(files.cert_der());
    write_file(&der, &sr.certificate.to_bytes(), false)?;
    written.push(der);
    if let Some(key) = &sr.key {
        let (sk, pk) = (root.join(files.secret_key()), root.join(files.public_key()));
        let (sk_text, pk_text) = key_texts(&sk, key)?;
        write_file(&sk, sk_text.as_bytes(), true)?;
        write_file(&pk, pk_text.as_bytes(), false)?;
        written.extend([sk, pk]);
    }
    Ok(())
}

/// Reads a GP certificate where `files` says (bounded by the GP certificate's own size
/// limit) and its key when present; the key must match the certificate's public key.
fn load_gp(root: &Path, files: RoleFiles) -> Result<Option<GpCredential>, PkiError> {
    let cert_path = root.join(files.cert_der());
    if !cert_path.is_file() {
        return Ok(None);
    }
    let bytes = fs::read(&cert_path).map_err(io(&cert_path))?;
    let certificate = GpCertificate::decode(&bytes).map_err(|source| PkiError::GpCertificate {
        path: cert_path.clone(),
        source,
    })?;
    let key = load_key(
        &root.join(files.secret_key()),
        Some(&certificate.body.public_key),
    )?;
    Ok(Some(GpCredential { certificate, key }))
}

/// The private key at `key_path` when the file exists; it must belong to `expected` (the
/// certificate's public key).
fn load_key(key_path: &Path, expected: Option<&PublicKey>) -> Result<Option<PrivateKey>, PkiError> {
    if !key_path.is_file() {
        return Ok(None);
    }
    let text = fs::read_to_string(key_path).map_err(io(key_path))?;
    let key = PrivateKey::from_pem(&text).map_err(|source| PkiError::Key {
        path: key_path.to_path_buf(),
        source,
    })?;
    if expected != Some(&key.public_key()) {
        return Err(PkiError::KeyMismatch {
            path: key_path.to_path_buf(),
        });
    }
    Ok(Some(key))
}
