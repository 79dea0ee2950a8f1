//! Certificate files as users hand them over: PEM with any number of `CERTIFICATE` blocks,
//! or one DER certificate. Trusted CIs, operator CAs and server roots are all read here.

use std::path::{Path, PathBuf};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// The certificates (DER) of a file's content: every `CERTIFICATE` block of PEM text, or the
/// bytes themselves when they are not PEM.
pub fn certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, CertificateFileError> {
    let is_pem = bytes.windows(11).any(|w| w == b"-----BEGIN ");
    if !is_pem {
        return Ok(vec![bytes.to_vec()]);
    }
    let certs = CertificateDer::pem_slice_iter(bytes)
        .map(|c| c.map(|c| c.to_vec()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(CertificateFileError::Pem)?;
    if certs.is_empty() {
        return Err(CertificateFileError::NoCertificate);
    }
    Ok(certs)
}

/// The certificates of the file at `path`; the error names the file.
pub fn certificate_file(path: &Path) -> Result<Vec<Vec<u8>>, CertificateFileError> {
    let bytes = std::fs::read(path).map_err(|source| CertificateFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    certificates(&bytes).map_err(|source| CertificateFileError::In {
        path: path.to_path_buf(),
        source: Box::new(source),
    })
}

/// Why a certificate file gave no certificates.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CertificateFileError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A PEM block does not decode.
    #[error("PEM certificate: {0}")]
    Pem(rustls::pki_types::pem::Error),
    /// PEM text without a `CERTIFICATE` block.
    #[error("no PEM certificate in the file")]
    NoCertificate,
    /// What was wrong with the content of this file.
    #[error("{}: {source}", path.display())]
    In {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        source: Box<CertificateFileError>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_der_and_garbage() {
        let pem = b"junk\n-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n\
                    -----BEGIN PRIVATE KEY-----\nMAMCAQI=\n-----END PRIVATE KEY-----\n\
                    -----BEGIN CERTIFICATE-----\nMAMCAQI=\n-----END CERTIFICATE-----\n";
        assert_eq!(
            certificates(pem).unwrap(),
            vec![vec![0x30, 3, 2, 1, 1], vec![0x30, 3, 2, 1, 2]]
        );
        assert_eq!(certificates(&[0x30, 0]).unwrap(), vec![vec![0x30, 0]]);
        let key_only = b"-----BEGIN PRIVATE KEY-----\nMAMCAQI=\n-----END PRIVATE KEY-----\n";
        assert!(matches!(
            certificates(key_only),
            Err(CertificateFileError::NoCertificate)
        ));
        let broken = b"-----BEGIN CERTIFICATE-----\nMAMCAQE=\n";
        assert!(certificates(broken).is_err());
        let missing = certificate_file(Path::new("/nonexistent/ca.pem")).unwrap_err();
        assert!(
            matches!(missing, CertificateFileError::Read { .. }),
            "{missing}"
        );
        assert!(
            missing.to_string().starts_with("/nonexistent/ca.pem: "),
            "{missing}"
        );
    }
}
