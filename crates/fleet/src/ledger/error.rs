//! Why the roaming ledger of a run could not be written, read back or settled.

use std::path::PathBuf;

/// A failure of the ledger's writing ([`super::write`]) or of its live feed
/// ([`super::live`]); its text is what the command prints.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerRunError {
    /// The ledger's directory could not be created.
    #[error("{}: {source}", path.display())]
    Directory {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A partner's signing key could not be generated.
    #[error(transparent)]
    Key(#[from] proto::crypto::KeyError),
    /// A partner's database could not be opened.
    #[error("{partner}: {source}")]
    Open {
        partner: String,
        source: storage::StoreError,
    },
    /// `partners.json` could not be written.
    #[error(transparent)]
    Partners(ledger::directory::FolderError),
    /// An entry could not be appended, a log's head published or the databases written.
    #[error(transparent)]
    Ledger(#[from] ledger::exchange::LedgerError),
    /// The partners' copies could not be read back and verified.
    #[error(transparent)]
    Verify(ledger::directory::FolderError),
    /// The SM-DP+'s orders or notifications could not be read (its view).
    #[error(transparent)]
    SmDp(#[from] storage::StoreError),
    /// The eIM's operations of a device could not be read.
    #[error(transparent)]
    Eim(#[from] eim::EngineError),
    /// The ES2+ client of the download bursts could not be made.
    #[error(transparent)]
    Es2(#[from] sm_dp::Es2ClientError),
    /// A burst's EID is not one.
    #[error(transparent)]
    Eid(#[from] proto::ids::EidError),
    /// The SM-DP+'s `/metrics` listener could not be reached.
    #[error("SM-DP+ metrics: {0}")]
    MetricsConnect(std::io::Error),
    /// The request for `/metrics` or its answer was cut.
    #[error("{0}")]
    MetricsExchange(std::io::Error),
}
