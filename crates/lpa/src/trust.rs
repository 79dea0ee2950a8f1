//! Trusted roots for the SM-DP+'s TLS certificate (SGP.22 2.6.6: CERT.DP.TLS chains to a
//! GSMA CI): certificate files given by the user, PEM (any number of certificates) or DER.

use std::path::Path;

use super::error::LpaError;

/// The certificates (DER) of one file ([`infra::tls::certificate_file`]).
pub fn load_ca_file(path: &Path) -> Result<Vec<Vec<u8>>, LpaError> {
    infra::tls::certificate_file(path).map_err(|e| LpaError::Setup(format!("CA file {e}")))
}

/// The certificates of every file.
pub fn load_ca_files(paths: &[impl AsRef<Path>]) -> Result<Vec<Vec<u8>>, LpaError> {
    let mut all = Vec::new();
    for p in paths {
        all.extend(load_ca_file(p.as_ref())?);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_with_two_certificates_and_der_files_load() {
        let dir = tempfile::tempdir().unwrap();
        let pem = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n\
                   -----BEGIN CERTIFICATE-----\nMAMCAQI=\n-----END CERTIFICATE-----\n";
        std::fs::write(dir.path().join("a.pem"), pem).unwrap();
        std::fs::write(dir.path().join("b.der"), [0x30, 0x03, 0x02, 0x01, 0x03]).unwrap();
        let certs = load_ca_files(&[dir.path().join("a.pem"), dir.path().join("b.der")]).unwrap();
        assert_eq!(
            certs,
            vec![
                vec![0x30, 0x03, 0x02, 0x01, 0x01],
                vec![0x30, 0x03, 0x02, 0x01, 0x02],
                vec![0x30, 0x03, 0x02, 0x01, 0x03]
            ]
        );
        assert!(load_ca_file(&dir.path().join("missing")).is_err());
    }
}
