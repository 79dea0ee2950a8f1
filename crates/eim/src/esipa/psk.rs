//! The devices' DTLS pre-shared keys for ESipa over CoAP (RFC 4279 identities, RFC 7252
//! 9.1.3.1): one `identity:hexkey` per line, `#` comments, as provisioned with the devices.
//! The file holds secrets: it is refused when its group or others may read it.

use std::collections::HashMap;
use std::path::Path;

use infra::config::ConfigError;

/// The longest PSK identity (RFC 4279 5.3: at most 128 octets).
const MAX_IDENTITY: usize = 128;
/// The longest key (RFC 4279 5.3: at most 64 octets).
const MAX_KEY: usize = 64;

/// Reads the PSK file at `path`: identity → key.
pub(crate) fn read(path: &Path) -> Result<HashMap<Vec<u8>, Vec<u8>>, ConfigError> {
    let bad = |detail: String| ConfigError::Toml {
        path: path.to_path_buf(),
        detail,
    };
    private(path).map_err(bad)?;
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text).map_err(bad)
}

/// The `identity:hexkey` lines of `text`.
pub(crate) fn parse(text: &str) -> Result<HashMap<Vec<u8>, Vec<u8>>, String> {
    let mut psks = HashMap::new();
    for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((identity, key)) = line.rsplit_once(':') else {
            return Err(format!("line {n}: not identity:hexkey"));
        };
        let key = hex::decode(key.trim()).map_err(|_| format!("line {n}: the key is not hex"))?;
        let identity = identity.trim().as_bytes().to_vec();
        if identity.is_empty() || identity.len() > MAX_IDENTITY {
            return Err(format!(
                "line {n}: an identity has 1 to {MAX_IDENTITY} octets"
            ));
        }
        if key.is_empty() || key.len() > MAX_KEY {
            return Err(format!("line {n}: a key has 1 to {MAX_KEY} octets"));
        }
        if psks.insert(identity, key).is_some() {
            return Err(format!("line {n}: the identity is given twice"));
        }
    }
    Ok(psks)
}

#[cfg(unix)]
fn private(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| e.to_string())?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(format!(
            "holds keys but its mode is {:o}: chmod 600 it",
            mode & 0o777
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn private(_: &Path) -> Result<(), String> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_and_hex_keys_one_per_line() {
        let psks =
            parse("# devices\ndevice-1:00112233445566778899aabbccddeeff\n\n a:b:0A0B \n").unwrap();
        assert_eq!(psks[b"device-1".as_slice()].len(), 16);
        assert_eq!(
            psks[b"a:b".as_slice()],
            [0x0A, 0x0B],
            "the last colon splits"
        );
        assert!(parse("device-1").is_err());
        assert!(parse("device-1:zz").is_err());
        assert!(parse(":00").is_err());
        assert!(parse("d:00\nd:01").is_err(), "twice");
        assert!(parse(&format!("d:{}", "00".repeat(65))).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("psk.txt");
        std::fs::write(&path, "d:00\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(read(&path).unwrap_err().to_string().contains("chmod 600"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read(&path).unwrap().len(), 1);
    }
}
