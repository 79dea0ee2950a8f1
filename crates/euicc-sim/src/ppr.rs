//! Profile Policy Rules (SGP.22 v2.5 2.9.1): what a profile's metadata may forbid.

use serde::{Deserialize, Serialize};

/// A Profile Policy Rule that can be set in profile metadata (SGP.22 2.9.1, `PprIds`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ppr {
    /// `pprUpdateControl(0)`: how PPRs are updated over ES6.
    PprUpdateControl,
    /// `ppr1(1)`: disabling this profile is not allowed.
    Ppr1,
    /// `ppr2(2)`: deleting this profile is not allowed.
    Ppr2,
}

impl Ppr {
    /// The bit in `PprIds`.
    pub fn bit(self) -> usize {
        match self {
            Ppr::PprUpdateControl => 0,
            Ppr::Ppr1 => 1,
            Ppr::Ppr2 => 2,
        }
    }

    pub(crate) const ALL: [Ppr; 3] = [Ppr::PprUpdateControl, Ppr::Ppr1, Ppr::Ppr2];
}
