//! The faults a role serves on purpose to a device under test ([`infra::faults`]): which
//! kinds, which of its functions a rule may name, and the rules of the role's `[faults]`
//! table or of `--faults FILE` (which replaces the table).

use std::path::Path;
use std::time::SystemTime;

use infra::config::{ConfigError, ConfigFile};
use infra::faults::file::FaultsFile;
use infra::faults::{FaultKind, Faults, FaultsError, FileFaults};

/// What a role serves.
#[derive(Clone, Copy, Debug)]
pub struct Served {
    /// The role's name in messages (`smdp`, `eim`).
    pub role: &'static str,
    /// The kinds it serves; a rule of another kind is refused.
    pub kinds: &'static [FaultKind],
    /// The functions a rule may name, as the bindings name them.
    pub functions: &'static [&'static str],
}

impl Served {
    /// A role that serves no fault: every rule is refused.
    pub const fn none(role: &'static str) -> Served {
        Served {
            role,
            kinds: &[],
            functions: &[],
        }
    }

    /// The rules of a `[faults]` table, windows relative to `started`.
    pub fn build(&self, table: FileFaults, started: SystemTime) -> Result<Faults, FaultsError> {
        table.build(self.role, self.kinds, self.functions, started)
    }

    /// The rules of a table read from configuration, windows from now.
    pub(crate) fn configured(&self, table: FileFaults) -> Result<Faults, ConfigError> {
        self.build(table, SystemTime::now())
            .map_err(|e| ConfigError::Option(e.to_string()))
    }

    /// The rules of `--faults FILE`.
    pub(crate) fn read(&self, path: &Path) -> Result<Faults, ConfigError> {
        self.configured(ConfigFile::<FaultsFile>::read(path)?.content.faults)
    }
}
