//! The eIM catalogue: ESipa as an IoT device's IPA reaches it (SGP.32 v1.2 5.14, the ASN.1
//! binding of 6.3), one module per function, and the binding's own refusals
//! (`esipa::binding`).
//!
//! The device is the runner's: an IoT software eUICC (`euicc-sim`) with the run's
//! credentials and, for the cases that carry an eUICC Package through, the eIM's
//! Configuration Data (as AddInitialEim puts it), driven by the IPA (`ipa`). What
//! the eIM must already know comes from its operator interface where it has rsp-lab's
//! (`--operator-api`: the EID registered, an operation queued, its Configuration Data
//! read), or is stated (`--registered`: the eIM knows the EID and has nothing queued for
//! it); the indirect download takes an order at the SM-DP+ behind the eIM
//! (`--activation-code`). A case whose input is missing ends not-applicable and says which.

mod device;
pub mod esipa;
mod held_result;
mod operator;
mod wire;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use infra::tls::ServerTrust;
use lpa::Resolve;

use crate::case::{CaseContext, run_case};
use crate::evidence::{Evidence, slug};
use crate::report::{CaseResult, Report};
use crate::smdp::EuiccSource;
use crate::{ConformError, Stop};

pub use crate::case::select;
pub use operator::OperatorApiOptions;
pub use wire::EsipaAnswer;

pub(crate) use operator::OperatorApi;
pub(crate) use wire::EsipaWire;

/// A case of the eIM catalogue.
pub type Case = crate::case::Case<Ctx>;

/// What an eIM run is pointed at and given.
#[derive(Clone)]
pub struct EimOptions {
    /// The eIM's ESipa, `FQDN[:port]` (its `eimFqdn`): messages go to
    /// `https://<address>/gsma/rsp2/asn1`, or `coaps://…` with [`EimOptions::coap`].
    pub address: String,
    /// ESipa over CoAP on DTLS (SGP.32's CoAP binding) instead of HTTPS: the device's PSK,
    /// or `None` inside for the eIM's certificate checked against `trust`. The port is
    /// 5684 unless the address names one.
    pub coap: Option<Option<(Vec<u8>, Vec<u8>)>>,
    /// How the eIM's TLS certificate (and its operator API's) is checked.
    pub trust: ServerTrust,
    /// Connections to these hosts go elsewhere (`--resolve HOST:PORT:ADDR`).
    pub resolve: Vec<Resolve>,
    /// The eUICC's credentials.
    pub euicc: EuiccSource,
    /// The eIM's Configuration Data (DER EimConfigurationData) for the eUICC; read from
    /// the operator API when absent.
    pub eim_config: Option<Vec<u8>>,
    /// The eIM knows the eUICC's EID and has nothing queued for it.
    pub registered: bool,
    /// An Activation Code (SGP.22 4.1) of a released order at the SM-DP+ the eIM relays
    /// to, for the run's EID or any EID: the indirect download's case queues it.
    pub activation_code: Option<String>,
    /// rsp-lab's operator API of the eIM.
    pub operator_api: Option<OperatorApiOptions>,
    /// Where the evidence goes: one directory per case.
    pub out: PathBuf,
    /// Per request.
    pub timeout: Duration,
    /// Only the cases whose name contains one of these; all when empty.
    pub filter: Vec<String>,
}

impl std::fmt::Debug for EimOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EimOptions")
            .field("address", &self.address)
            .field("euicc", &self.euicc)
            .field("registered", &self.registered)
            .field("activation_code", &self.activation_code)
            .field("operator_api", &self.operator_api)
            .field("out", &self.out)
            .finish_non_exhaustive()
    }
}

impl EimOptions {
    /// The eIM's ESipa base URL (`https://…` or `coaps://…`).
    pub fn esipa_base(&self) -> String {
        let scheme = if self.coap.is_some() {
            "coaps"
        } else {
            "https"
        };
        format!("{scheme}://{}", self.address)
    }

    /// Options for the eIM at `address` with the eUICC of `euicc`: the rest empty,
    /// evidence in `conform-out`, 60 s per request.
    pub fn new(address: &str, trust: ServerTrust, euicc: EuiccSource) -> EimOptions {
        EimOptions {
            address: address.to_string(),
            coap: None,
            trust,
            resolve: Vec::new(),
            euicc,
            eim_config: None,
            registered: false,
            activation_code: None,
            operator_api: None,
            out: PathBuf::from("conform-out"),
            timeout: Duration::from_secs(60),
            filter: Vec::new(),
        }
    }
}

/// The whole catalogue, in the order it runs.
pub fn catalogue() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(esipa::get_eim_package::CASES);
    all.extend(esipa::provide_eim_package_result::CASES);
    all.extend(esipa::profile_download::CASES);
    all.extend(esipa::binding::CASES);
    all
}

/// What the cases of a run share.
pub(crate) struct Shared {
    pub(crate) options: EimOptions,
    pub(crate) wire: EsipaWire,
    pub(crate) api: Option<OperatorApi>,
    /// The EID of the run's eUICC.
    pub(crate) eid: String,
}

/// What a case works with: the eIM's interfaces, the run's EID, the case's evidence.
pub struct Ctx {
    pub(crate) shared: Arc<Shared>,
    pub(crate) ev: Evidence,
    dir: PathBuf,
}

impl CaseContext for Ctx {
    fn evidence(&mut self) -> &mut Evidence {
        &mut self.ev
    }
}

impl Ctx {
    /// The EID of the run's eUICC.
    pub(crate) fn eid(&self) -> &str {
        &self.shared.eid
    }

    /// The case's evidence directory (for the IPA's own trace).
    pub(crate) fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// The EID registered at the eIM with nothing queued: through the operator API, or as
    /// `--registered` states; not-applicable otherwise.
    pub(crate) async fn registered(&mut self) -> Result<String, Stop> {
        let eid = self.eid().to_string();
        if let Some(api) = &self.shared.api {
            api.register(&mut self.ev, &eid).await?;
            return Ok(eid);
        }
        if self.shared.options.registered {
            return Ok(eid);
        }
        Err(Stop::NotApplicable(
            "needs the EID known to the eIM: --operator-api, or --registered".into(),
        ))
    }
}

/// Runs the catalogue (or the cases `options.filter` selects).
pub async fn run(options: &EimOptions) -> Result<Report, ConformError> {
    let cases = select(&catalogue(), &options.filter)?;
    run_cases(options, &cases).await
}

/// Runs `cases` in order against the eIM of `options`.
pub async fn run_cases(options: &EimOptions, cases: &[Case]) -> Result<Report, ConformError> {
    std::fs::create_dir_all(&options.out).map_err(|source| ConformError::Evidence {
        path: options.out.clone(),
        source,
    })?;
    let eid = options.euicc.eid()?;
    let wire = EsipaWire::new(options)?;
    let api = options
        .operator_api
        .as_ref()
        .map(|o| OperatorApi::new(o, options))
        .transpose()?;
    let shared = Arc::new(Shared {
        options: options.clone(),
        wire,
        api,
        eid,
    });
    let mut results = Vec::new();
    for case in cases {
        results.push(run_one(&shared, case).await?);
    }
    Ok(Report {
        target: format!("eIM {} (ESipa)", options.address),
        cases: results,
    })
}

async fn run_one(shared: &Arc<Shared>, case: &Case) -> Result<CaseResult, ConformError> {
    let name = slug(&case.name());
    let dir = shared.options.out.join(&name);
    let ev = Evidence::create(&dir)?;
    let started = Instant::now();
    let mut ctx = Ctx {
        shared: shared.clone(),
        ev,
        dir,
    };
    Ok(run_case(case, &mut ctx, name, started).await)
}
