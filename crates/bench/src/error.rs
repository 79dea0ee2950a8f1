//! Why the roles of a benchmark could not be started ([`super::server`]).

use tokio::task::JoinError;

/// A failure to set up a benchmark's PKI, runtimes or servers; its text is what
/// `rsp-lab bench` prints after `error: `.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The benchmark's lab PKI could not be generated.
    #[error("PKI: {0}")]
    Generate(#[from] certs::GenerateError),
    /// The PKI lacks a credential the benchmark needs.
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    /// A role's runtime could not be built.
    #[error("runtime: {0}")]
    Runtime(std::io::Error),
    /// A role's temporary directory could not be made.
    #[error("temporary directory: {0}")]
    TempDir(std::io::Error),
    /// The task starting a role (`SM-DP+`, `eIM`) panicked.
    #[error("{role} task: {source}")]
    Task {
        role: &'static str,
        source: JoinError,
    },
    /// The SM-DP+ did not start.
    #[error("SM-DP+: {0}")]
    SmDp(#[from] sm_dp::StartError),
    /// The eIM did not start.
    #[error("eIM: {0}")]
    Eim(#[from] eim::StartError),
    /// The SM-DS did not start.
    #[error("SM-DS: {0}")]
    SmDs(#[from] sm_ds::StartError),
    /// A role's runtime was already stopped.
    #[error("the runtime was stopped")]
    Stopped,
    /// Profiles could not be added to the SM-DP+'s inventory.
    #[error("inventory: {0}")]
    Inventory(#[from] sm_dp::InventoryError),
}

/// Why `rsp-lab bench download` could not run ([`super::download`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DownloadError {
    /// The SM-DP+ of an in-process run could not be started.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// More downloads asked for than an inventory holds.
    #[error("too many downloads")]
    TooMany,
    /// The PKI directory of an external SM-DP+ could not be read.
    #[error("{}: {source}", path.display())]
    PkiDir {
        path: std::path::PathBuf,
        source: certs::PkiError,
    },
    /// The PKI lacks the CI certificate.
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    /// The ES2+ client of the in-process SM-DP+ could not be made.
    #[error(transparent)]
    Es2(#[from] sm_dp::Es2ClientError),
    /// The ES2+ client of an external SM-DP+ could not be made.
    #[error("ES2+ client: {0}")]
    ExternalEs2(sm_dp::Es2ClientError),
    /// The client reading the SM-DP+'s metrics could not be made.
    #[error("metrics client: {0}")]
    MetricsClient(infra::client::ClientError),
    /// The SM-DP+ serves no metrics to count its handshakes from.
    #[error("the SM-DP+ serves no metrics")]
    NoMetrics,
    /// The SM-DP+'s metrics could not be fetched.
    #[error("the SM-DP+'s metrics: {0}")]
    Metrics(reqwest::Error),
    /// The SM-DP+'s metrics are not in the Prometheus text format.
    #[error("{0}")]
    Exposition(#[source] Box<infra::metrics::exposition::ExpositionError>),
    /// `--smdp URL` cannot be reached: `problem` says why.
    #[error("--smdp {url}: {problem}")]
    SmdpUrl { url: String, problem: String },
    /// `--smdp-pid` names no running process.
    #[error("--smdp-pid {0}: no such process to read the CPU time of")]
    NoProcess(u32),
    /// The devices' credentials could not be issued.
    #[error(transparent)]
    Credentials(#[from] fleet::devices::deploy::IssueError),
    /// A device's DownloadOrder was refused.
    #[error("DownloadOrder: {0}")]
    DownloadOrder(sm_dp::Es2ClientError),
    /// A device's ConfirmOrder was refused.
    #[error("ConfirmOrder: {0}")]
    ConfirmOrder(sm_dp::Es2ClientError),
    /// A device's eUICC could not be made.
    #[error(transparent)]
    Euicc(#[from] euicc_sim::EuiccError),
    /// A device's LPA could not be opened.
    #[error(transparent)]
    Lpa(#[from] lpa::LpaError),
}

/// Why `rsp-lab bench poll` could not run ([`super::poll`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PollError {
    /// The eIM could not be started.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// The devices' credentials could not be issued.
    #[error(transparent)]
    Credentials(#[from] fleet::devices::deploy::IssueError),
    /// The ESipa client could not be made.
    #[error(transparent)]
    Esipa(ipa::IpaError),
    /// A device could not be registered at the eIM.
    #[error("registration: {0}")]
    Registration(eim::EngineError),
    /// An operation could not be queued for a device.
    #[error("queue: {0}")]
    Queue(eim::EngineError),
    /// A device's eUICC could not be made.
    #[error("eUICC: {0}")]
    Euicc(euicc_sim::EuiccError),
    /// The floor of a package poll could not be timed.
    #[error("floor: {0}")]
    Floor(String),
    /// A device's IPA could not be made.
    #[error("IPA: {0}")]
    Ipa(ipa::IpaError),
}

/// Why `rsp-lab bench discovery` could not run ([`super::discovery`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiscoveryError {
    /// The SM-DS could not be started.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// The devices' credentials could not be issued.
    #[error(transparent)]
    Credentials(#[from] fleet::devices::deploy::IssueError),
    /// The address the SM-DS answers to is not an FQDN an eUICC could send.
    #[error("SM-DS address {address:?}: {source}")]
    Address {
        address: String,
        source: proto::ids::SmdpAddressError,
    },
    /// Event Records could not be stored in the SM-DS.
    #[error("seeding the SM-DS's events: {0}")]
    Seed(#[from] sm_ds::StoreError),
    /// The SM-DS holds another number of Event Records than were seeded.
    #[error("the SM-DS holds {held} Event Records where {wanted} were seeded")]
    Seeded { wanted: u64, held: i64 },
    /// A device's eUICC could not be made.
    #[error(transparent)]
    Euicc(#[from] euicc_sim::EuiccError),
    /// A device's LPA could not be opened.
    #[error(transparent)]
    Lpa(#[from] lpa::LpaError),
    /// The idle polls measured beside the discoveries could not run.
    #[error("idle polls beside: {0}")]
    Poll(#[from] PollError),
    /// The downloads measured beside the discoveries could not run.
    #[error("downloads beside: {0}")]
    Download(#[from] DownloadError),
    /// The profile of the downloads measured beside could not be made.
    #[error(transparent)]
    Template(#[from] TemplateError),
}

/// Why `rsp-lab bench fleet` could not run ([`super::fleet`]).
#[derive(Debug, thiserror::Error)]
#[error("{devices} devices: {source}")]
pub struct FleetError {
    /// The size whose run failed.
    pub devices: u32,
    pub source: fleet::run::RunError,
}

/// The minimal profile package could not be made ([`super::minimal_template`]).
#[derive(Debug, thiserror::Error)]
#[error("minimal profile: {0}")]
pub struct TemplateError(#[from] pub proto::saip::PersonalizeError);
