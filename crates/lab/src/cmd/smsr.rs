//! `rsp-lab smsr`: the name of the SGP.02 SM-SR (Subscription Manager – Secure Routing),
//! which rsp-lab does not have yet. The SGP.32 eIM, which this command used to run, is
//! `rsp-lab eim`; this one says so and fails, whatever it is given.

use std::ffi::OsString;

/// Anything after `smsr`, kept only to answer it.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Ignored.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    rest: Vec<OsString>,
}

/// The one answer of `rsp-lab smsr`.
#[derive(Debug, thiserror::Error)]
#[error(
    "rsp-lab has no SGP.02 SM-SR yet; the SGP.32 eIM is `rsp-lab eim` (e.g. `rsp-lab eim serve`)"
)]
pub(crate) struct NoSmSr;

/// Answers that the eIM is `rsp-lab eim`.
pub(crate) fn run(_args: Args) -> Result<(), NoSmSr> {
    Err(NoSmSr)
}
