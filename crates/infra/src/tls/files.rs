//! Certificate files as users hand them over: PEM with any number of `CERTIFICATE` blocks,
//! or one DER certificate. Trusted CIs, operator CAs and server roots are all read here.

use std::path::Path;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// The certificates (DER) of a file's content: every `CERTIFICATE` block of PEM text, or the
/// bytes themselves when they are not PEM.
pub fn certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let is_pem = bytes.windows(11).any(|w| w == b"-----BEGIN ");
    if !is_pem {
        return Ok(vec![bytes.to_vec()]);
    }
    let certs = CertificateDer::pem_slice_iter(bytes)
        .map(|c| c.map(|c| c.to_vec()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("PEM certificate: {e}"))?;
    if certs.is_empty() {
        return Err("no PEM certificate in the file".into());
    }
    Ok(certs)
}

/// The certificates of the file at `path`; the error names the file.
pub fn certificate_file(path: &Path) -> Result<Vec<Vec<u8>>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    certificates(&bytes).map_err(|e| format!("{}: {e}", path.display()))
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
        assert!(
            certificates(key_only)
                .unwrap_err()
                .contains("no PEM certificate")
        );
        let broken = b"-----BEGIN CERTIFICATE-----\nMAMCAQE=\n";
        assert!(certificates(broken).is_err());
        let missing = certificate_file(Path::new("/nonexistent/ca.pem")).unwrap_err();
        assert!(missing.starts_with("/nonexistent/ca.pem: "), "{missing}");
    }
}
