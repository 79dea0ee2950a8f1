//! A test case of a catalogue, generic over what it runs against (`C`: the SM-DP+'s or the
//! eIM's context), and running one: its verdict, its time and its evidence.

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use crate::evidence::Evidence;
use crate::report::{CaseResult, Verdict};
use crate::{ConformError, Stop};

/// A case's body: runs against the target through `ctx`, `Ok` when every expectation held.
pub type CaseFn<C> = for<'a> fn(&'a mut C) -> Pin<Box<dyn Future<Output = Result<(), Stop>> + 'a>>;

/// One test case of a catalogue.
pub struct Case<C> {
    /// Interface and function (`ES9+.InitiateAuthentication`).
    pub group: &'static str,
    /// Sequence number and title within the group (`#01 nominal`).
    pub title: &'static str,
    /// The GSMA test case it follows, if any (SGP.23's, in osmocom's naming).
    pub test_case: Option<&'static str>,
    /// The clause it checks (`SGP.22 5.6.1`).
    pub clause: &'static str,
    /// What it checks, in a sentence.
    pub checks: &'static str,
    /// Runs the case against the context.
    pub run: CaseFn<C>,
}

impl<C> Clone for Case<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Case<C> {}

impl<C> Case<C> {
    /// `group title`: `ES9+.InitiateAuthentication #01 nominal`.
    pub fn name(&self) -> String {
        format!("{} {}", self.group, self.title)
    }
}

impl<C> std::fmt::Debug for Case<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Case").field("name", &self.name()).finish()
    }
}

/// The cases of `all` whose name or test case contains one of `filter` (ASCII
/// case-insensitive), each once, in the order found; all of them for an empty filter.
pub fn select<C>(all: &[Case<C>], filter: &[String]) -> Result<Vec<Case<C>>, ConformError> {
    if filter.is_empty() {
        return Ok(all.to_vec());
    }
    let mut out: Vec<Case<C>> = Vec::new();
    for f in filter {
        let needle = f.to_ascii_lowercase();
        let found: Vec<&Case<C>> = all
            .iter()
            .filter(|c| {
                c.name().to_ascii_lowercase().contains(&needle)
                    || c.test_case
                        .is_some_and(|t| t.to_ascii_lowercase().contains(&needle))
            })
            .collect();
        if found.is_empty() {
            return Err(ConformError::NoCase(f.clone()));
        }
        for c in found {
            if !out.iter().any(|o| o.name() == c.name()) {
                out.push(*c);
            }
        }
    }
    Ok(out)
}

/// What a case runs with: at least its evidence.
pub(crate) trait CaseContext {
    fn evidence(&mut self) -> &mut Evidence;
}

/// Runs `case` with `ctx`; `evidence` names the case's folder (relative to the output).
pub(crate) async fn run_case<C: CaseContext>(
    case: &Case<C>,
    ctx: &mut C,
    evidence: String,
    started: Instant,
) -> CaseResult {
    let outcome = (case.run)(ctx).await;
    let (verdict, detail) = match outcome {
        Ok(()) => (Verdict::Pass, String::new()),
        Err(Stop::Fail(d)) => (Verdict::Fail, d),
        Err(Stop::NotApplicable(d)) => (Verdict::NotApplicable, d),
    };
    let result = CaseResult {
        name: case.name(),
        group: case.group.to_string(),
        test_case: case.test_case.map(str::to_string),
        clause: case.clause.to_string(),
        verdict,
        detail,
        evidence,
        millis: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    };
    ctx.evidence().write(
        "result.json",
        serde_json::to_string_pretty(&result)
            .unwrap_or_default()
            .as_bytes(),
    );
    tracing::info!(case = %result.name, verdict = result.verdict.label(), "{}", result.detail);
    result
}

/// A [`Case`] whose body is the `async fn` `$run`.
macro_rules! case {
    (
        group: $group:expr,
        title: $title:expr,
        test_case: $test_case:expr,
        clause: $clause:expr,
        checks: $checks:expr,
        run: $run:path $(,)?
    ) => {
        $crate::case::Case {
            group: $group,
            title: $title,
            test_case: $test_case,
            clause: $clause,
            checks: $checks,
            run: |ctx| Box::pin($run(ctx)),
        }
    };
}
pub(crate) use case;
