//! The SM-DP+ catalogue: ES9+ as a device reaches it (SGP.22 5.6, the JSON binding of 6.5),
//! one module per function as SGP.23 4.3 groups its test cases, and the binding's own
//! refusals (`es9p::binding`).
//!
//! Every case starts from a new software eUICC (`euicc-sim`) with the credentials of the
//! run (`--pki DIR`: the lab's PKI, an eUICC certificate issued under its EUM; or
//! `--credentials DIR`: an SGP.26-layout directory with an eUICC certificate and key), so
//! no case sees another's session. The cases that need a profile to download take a
//! Matching ID: from ES2+ when an operator endpoint is given (DownloadOrder of
//! `--profile-type`, then ConfirmOrder with release), else from the `--matching-id` list,
//! one per case (or the same one each time with `--reuse-matching-id`, for servers whose
//! Matching IDs name a profile rather than an order). A case whose input is missing ends
//! not-applicable and says which.

mod card;
mod es2p;
pub mod es9p;
mod flow;
mod wire;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use infra::tls::{Identity, ServerTrust};
use lpa::{Es9Client, Es9Options, Resolve};

use crate::case::{CaseContext, run_case};
use crate::evidence::{Evidence, slug};
use crate::report::{CaseResult, Report};
use crate::wire::{HTTPS_PORT, resolves_on};
use crate::{ConformError, Stop};

pub use card::EuiccSource;
pub use es2p::Es2Options;
pub use wire::Answer;

pub(crate) use card::Card;
pub(crate) use es2p::Es2Client;
pub(crate) use wire::Wire;

/// What a run is pointed at and given.
#[derive(Clone)]
pub struct SmdpOptions {
    /// The SM-DP+ address, `FQDN[:port]` (SGP.22 4.1): where ES9+ requests go
    /// (`https://<address>/gsma/rsp2/es9plus/<function>`).
    pub address: String,
    /// The `smdpAddress` sent in InitiateAuthentication (default: `address`).
    pub smdp_address: Option<String>,
    /// How the SM-DP+'s TLS certificate (and the ES2+ endpoint's) is checked.
    pub trust: ServerTrust,
    /// Connections to these hosts go elsewhere (`--resolve HOST:PORT:ADDR`).
    pub resolve: Vec<Resolve>,
    /// The eUICC's credentials and trusted CIs.
    pub euicc: EuiccSource,
    /// Matching IDs the server holds released orders (or profiles) for.
    pub matching_ids: Vec<String>,
    /// The Matching IDs name profiles, not orders: the first serves every case.
    pub reuse_matching_ids: bool,
    /// An ES2+ endpoint to place the orders with.
    pub es2: Option<Es2Options>,
    /// Where the evidence goes: one directory per case.
    pub out: PathBuf,
    /// Per request.
    pub timeout: Duration,
    /// Only the cases whose name contains one of these (case-insensitive); all when empty.
    pub filter: Vec<String>,
}

impl std::fmt::Debug for SmdpOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmdpOptions")
            .field("address", &self.address)
            .field("smdp_address", &self.smdp_address)
            .field("euicc", &self.euicc)
            .field("es2", &self.es2)
            .field("out", &self.out)
            .finish_non_exhaustive()
    }
}

impl SmdpOptions {
    /// Options for the SM-DP+ at `address` with the eUICC of `euicc`: the rest empty,
    /// evidence in `conform-out`, 60 s per request.
    pub fn new(address: &str, trust: ServerTrust, euicc: EuiccSource) -> SmdpOptions {
        SmdpOptions {
            address: address.to_string(),
            smdp_address: None,
            trust,
            resolve: Vec::new(),
            euicc,
            matching_ids: Vec::new(),
            reuse_matching_ids: false,
            es2: None,
            out: PathBuf::from("conform-out"),
            timeout: Duration::from_secs(60),
            filter: Vec::new(),
        }
    }
}

/// A case of the SM-DP+ catalogue.
pub type Case = crate::case::Case<Ctx>;

pub use crate::case::select;

/// The whole catalogue, in the order it runs.
pub fn catalogue() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(es9p::initiate_authentication::CASES);
    all.extend(es9p::authenticate_client::CASES);
    all.extend(es9p::get_bound_profile_package::CASES);
    all.extend(es9p::cancel_session::CASES);
    all.extend(es9p::handle_notification::CASES);
    all.extend(es9p::binding::CASES);
    all.extend(es9p::asn1_binding::CASES);
    all
}

/// What the cases of a run share.
pub(crate) struct Shared {
    pub(crate) options: SmdpOptions,
    pub(crate) wire: Wire,
    pub(crate) es2: Option<Es2Client>,
    pool: Mutex<VecDeque<String>>,
    /// The EID every case's eUICC carries.
    pub(crate) eid: String,
}

/// What a case works with: the target's interfaces, a new eUICC, the case's evidence.
pub struct Ctx {
    pub(crate) shared: Arc<Shared>,
    pub(crate) card: Card,
    pub(crate) ev: Evidence,
}

impl Ctx {
    /// The `smdpAddress` a device sends (SGP.22 5.6.1).
    pub(crate) fn smdp_address(&self) -> &str {
        self.shared
            .options
            .smdp_address
            .as_deref()
            .unwrap_or(&self.shared.options.address)
    }

    /// A nominal InitiateAuthentication of the case's eUICC, the answer unchecked: for
    /// cases written outside the catalogue (and the runner's own tests).
    pub async fn initiate_authentication(&mut self) -> Result<Answer, Stop> {
        let hello = flow::hello(self)?;
        let address = self.smdp_address().to_string();
        flow::initiate_with(self, &hello, &address).await
    }

    /// A Matching ID of a released order for this eUICC's download (SGP.22 3.1.1): ordered
    /// over ES2+ when an endpoint is given, else the next of `--matching-id`.
    pub(crate) async fn matching_id(&mut self) -> Result<String, Stop> {
        if let Some(es2) = &self.shared.es2 {
            return es2.order(&mut self.ev, None, None, true).await;
        }
        let mut pool = self
            .shared
            .pool
            .lock()
            .map_err(|_| Stop::fail("matching ID pool poisoned"))?;
        let next = if self.shared.options.reuse_matching_ids {
            pool.front().cloned()
        } else {
            pool.pop_front()
        };
        next.ok_or_else(|| {
            Stop::NotApplicable(
                "no Matching ID left: give --es2 with an operator, or more --matching-id".into(),
            )
        })
    }

    /// A released order placed over ES2+ with `eid` and `confirmation_code`;
    /// not-applicable without an ES2+ endpoint.
    pub(crate) async fn order(
        &mut self,
        eid: Option<&str>,
        confirmation_code: Option<&str>,
    ) -> Result<String, Stop> {
        self.order_released(eid, confirmation_code, true).await
    }

    /// An order placed over ES2+, its profile released (ConfirmOrder's `releaseFlag`) or
    /// not; not-applicable without an ES2+ endpoint.
    pub(crate) async fn order_released(
        &mut self,
        eid: Option<&str>,
        confirmation_code: Option<&str>,
        release: bool,
    ) -> Result<String, Stop> {
        let es2 = self.shared.es2.as_ref().ok_or_else(|| {
            Stop::NotApplicable("needs an order placed over ES2+ (--es2 with an operator)".into())
        })?;
        es2.order(&mut self.ev, eid, confirmation_code, release)
            .await
    }
}

/// Runs the catalogue (or the cases `options.filter` selects).
pub async fn run(options: &SmdpOptions) -> Result<Report, ConformError> {
    let cases = select(&catalogue(), &options.filter)?;
    run_cases(options, &cases).await
}

/// Runs `cases` in order against the target of `options`.
pub async fn run_cases(options: &SmdpOptions, cases: &[Case]) -> Result<Report, ConformError> {
    std::fs::create_dir_all(&options.out).map_err(|source| ConformError::Evidence {
        path: options.out.clone(),
        source,
    })?;
    let eid = options.euicc.eid()?;
    let es9_port = proto::ids::SmdpAddress::parse(&options.address)
        .map_err(|e| ConformError::Setup(format!("SM-DP+ address {:?}: {e}", options.address)))?
        .port()
        .unwrap_or(HTTPS_PORT);
    let es9 = Es9Client::new(&Es9Options {
        trust: Some(options.trust.clone()),
        resolve: resolves_on(&options.resolve, es9_port)
            .into_iter()
            .cloned()
            .collect(),
        timeout: options.timeout,
        ..Es9Options::default()
    })
    .map_err(|e| ConformError::Setup(e.to_string()))?;
    let wire = Wire::new(es9, options, es9_port)?;
    let es2 = options
        .es2
        .as_ref()
        .map(|o| Es2Client::new(o, options))
        .transpose()?;
    let shared = Arc::new(Shared {
        options: options.clone(),
        wire,
        es2,
        pool: Mutex::new(options.matching_ids.iter().cloned().collect()),
        eid,
    });
    let mut results = Vec::new();
    for case in cases {
        results.push(run_one(&shared, case).await?);
    }
    Ok(Report {
        target: format!("SM-DP+ {} (ES9+)", options.address),
        cases: results,
    })
}

async fn run_one(shared: &Arc<Shared>, case: &Case) -> Result<CaseResult, ConformError> {
    let dir = slug(&case.name());
    let ev = Evidence::create(&shared.options.out.join(&dir))?;
    let started = Instant::now();
    let card = shared.options.euicc.card(&shared.eid)?;
    let mut ctx = Ctx {
        shared: shared.clone(),
        card,
        ev,
    };
    Ok(run_case(case, &mut ctx, dir, started).await)
}

impl CaseContext for Ctx {
    fn evidence(&mut self) -> &mut Evidence {
        &mut self.ev
    }
}

/// The operator's TLS identity for ES2+ from certificate and key files (PEM or DER
/// certificate, PEM key).
pub fn operator_identity(
    cert: &std::path::Path,
    key: &std::path::Path,
) -> Result<Identity, ConformError> {
    let chain = infra::tls::certificate_file(cert)
        .map_err(|e| ConformError::Setup(format!("operator certificate {e}")))?;
    let key_pem = std::fs::read(key)
        .map_err(|e| ConformError::Setup(format!("operator key {}: {e}", key.display())))?;
    Ok(Identity { chain, key_pem })
}
