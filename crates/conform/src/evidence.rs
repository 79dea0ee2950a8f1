//! The evidence of a case: every exchange written, in order, to the case's own directory
//! (`NN-<interface>-<function>-request.json`, `…-response.json`; ES10 exchanges with the
//! software eUICC as hex), so a verdict can be checked against what went over the wire.

use std::path::{Path, PathBuf};

use crate::ConformError;

/// Longest body written whole; a longer one (an oversized request, a bound profile
/// package) is cut there, its length noted in the file name's companion `.len` file.
const MAX_WRITTEN: usize = 256 * 1024;

/// One case's evidence directory.
pub(crate) struct Evidence {
    dir: PathBuf,
    next: u32,
}

impl Evidence {
    /// Creates (or empties) `dir`.
    pub(crate) fn create(dir: &Path) -> Result<Evidence, ConformError> {
        let err = |source| ConformError::Evidence {
            path: dir.to_path_buf(),
            source,
        };
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(err)?;
        }
        std::fs::create_dir_all(dir).map_err(err)?;
        Ok(Evidence {
            dir: dir.to_path_buf(),
            next: 1,
        })
    }

    /// Writes one item, `label` naming it (`es9p-initiateAuthentication-request.json`).
    /// A write that fails is logged, not fatal: the verdict stands without it.
    pub(crate) fn write(&mut self, label: &str, body: &[u8]) {
        let path = self.dir.join(format!("{:02}-{label}", self.next));
        self.next += 1;
        let cut = &body[..body.len().min(MAX_WRITTEN)];
        let mut result = std::fs::write(&path, cut);
        if cut.len() < body.len() && result.is_ok() {
            let note = format!("{} octets, the first {} kept\n", body.len(), cut.len());
            result = std::fs::write(path.with_extension("len"), note);
        }
        if let Err(e) = result {
            tracing::warn!(path = %path.display(), error = %e, "evidence not written");
        }
    }

    /// An ES10 exchange with the software eUICC, as hex.
    pub(crate) fn es10(&mut self, function: &str, request: &[u8], response: &[u8]) {
        let text = format!(
            "request  {}\nresponse {}\n",
            hex::encode_upper(request),
            hex::encode_upper(response)
        );
        self.write(&format!("es10-{function}.hex"), text.as_bytes());
    }
}

/// A directory name for a case: its name with every character that is not a letter, a
/// digit or `.` replaced by `_`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c);
        } else if c == '+' {
            out.push('p');
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_keeps_the_interface_and_the_sequence_readable() {
        assert_eq!(
            slug("ES9+.InitiateAuthentication #03 invalid server address"),
            "ES9p.InitiateAuthentication_03_invalid_server_address"
        );
    }
}
