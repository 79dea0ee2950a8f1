//! A quirks file (TOML): the quirks of a device, and for a fleet each quirk's share of the
//! devices.
//!
//! ```toml
//! # every device (ipa, lpa) or every device of the fleet (demo)
//! quirks = ["omit_eid_in_results"]
//!
//! # demo only: each quirk on this share of the devices, drawn by the run's seed
//! [share]
//! sgp22_euicc_info2 = 0.05
//! no_eim_transaction_id = 0.10
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Quirk, Quirks};

/// What a quirks file says.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuirksFile {
    /// On every device.
    #[serde(default)]
    pub quirks: Vec<Quirk>,
    /// On a share (0..=1) of a fleet's devices.
    #[serde(default)]
    pub share: BTreeMap<Quirk, f64>,
}

/// Why a quirks file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QuirksError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not TOML, or an unknown quirk or key (the message names it).
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: the share of {quirk} must be within 0 and 1, not {share}")]
    Share {
        path: PathBuf,
        quirk: Quirk,
        share: f64,
    },
    /// `[share]` is for a fleet; one device has its quirks or not.
    #[error("{path}: [share] is for `rsp-lab demo`; a single device takes `quirks = [...]`")]
    ShareForOneDevice { path: PathBuf },
}

impl QuirksFile {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<QuirksFile, QuirksError> {
        let text = std::fs::read_to_string(path).map_err(|source| QuirksError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        QuirksFile::parse(&text, path)
    }

    /// `text` as the quirks file `path`.
    pub fn parse(text: &str, path: &Path) -> Result<QuirksFile, QuirksError> {
        let file: QuirksFile = toml::from_str(text).map_err(|e| QuirksError::Parse {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        })?;
        if let Some((&quirk, &share)) = file.share.iter().find(|(_, s)| !(0.0..=1.0).contains(*s)) {
            return Err(QuirksError::Share {
                path: path.to_path_buf(),
                quirk,
                share,
            });
        }
        Ok(file)
    }

    /// The quirks of one device (`rsp-lab ipa`, `rsp-lab lpa`): `[share]` is refused.
    pub fn load_device(path: &Path) -> Result<Quirks, QuirksError> {
        let file = QuirksFile::load(path)?;
        if !file.share.is_empty() {
            return Err(QuirksError::ShareForOneDevice {
                path: path.to_path_buf(),
            });
        }
        Ok(file.quirks.into_iter().collect())
    }

    /// The quirks of a fleet's device: those of every device, and each shared one when
    /// `draw(quirk)` (uniform in [0, 1)) falls below its share.
    pub fn for_device(&self, mut draw: impl FnMut(Quirk) -> f64) -> Quirks {
        let mut q: Quirks = self.quirks.iter().copied().collect();
        for (&quirk, &share) in &self.share {
            if draw(quirk) < share {
                q.insert(quirk);
            }
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<QuirksFile, QuirksError> {
        QuirksFile::parse(text, Path::new("q.toml"))
    }

    #[test]
    fn a_quirks_file_names_quirks_and_shares() {
        let f = parse("quirks = [\"der_signatures\"]\n[share]\nomit_eid_in_poll = 0.5\n")
            .expect("valid");
        assert_eq!(f.quirks, vec![Quirk::DerSignatures]);
        assert_eq!(f.share.get(&Quirk::OmitEidInPoll), Some(&0.5));
        let q = f.for_device(|_| 0.4);
        assert!(q.has(Quirk::DerSignatures) && q.has(Quirk::OmitEidInPoll));
        assert!(!f.for_device(|_| 0.6).has(Quirk::OmitEidInPoll));
    }

    #[test]
    fn the_shipped_examples_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/quirks");
        let fleet = QuirksFile::load(&dir.join("field-fleet.toml")).expect("fleet example");
        assert_eq!(fleet.share.len(), Quirk::ALL.len());
        let device = QuirksFile::load_device(&dir.join("v1_0-ipa.toml")).expect("device example");
        assert!(device.has(Quirk::Sgp22EuiccInfo2) && device.has(Quirk::OmitEidInResults));
    }

    #[test]
    fn unknown_quirks_and_shares_out_of_range_are_refused() {
        let e = parse("quirks = [\"sends_flowers\"]").expect_err("unknown");
        assert!(e.to_string().contains("sends_flowers"), "{e}");
        assert!(matches!(
            parse("[share]\nder_signatures = 1.5"),
            Err(QuirksError::Share { .. })
        ));
        assert!(parse("quirk = []").is_err());
    }
}
