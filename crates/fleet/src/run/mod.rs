//! A whole run of the localization lab: set up the servers and the inventory, deploy the
//! fleet, live the simulated days, let the last work finish, then read the end state into
//! the report and check the guarantees. The localizations reach the devices through the
//! eIM ([`by_eim`], SGP.32), by discovery at the root SM-DS ([`discovery`], SGP.22 3.6.3),
//! or through the SGP.02 SM-DP and SM-SR over SMS ([`sgp02`]).
//!
//! - [`options`], [`plan`]: what a run is asked for, and the inventory, fleet and world it
//!   plans from that before anything starts;
//! - [`rounds`], [`react`], [`joined`]: each simulated day's sessions, the fleet operator's
//!   reaction to the scenario's events, and the tasks they run on; [`day_parts`] and
//!   [`progress`]: where a day's time went, and what the terminal shows;
//! - [`gather`], [`outcome`]: the end state read from the servers and the eUICCs, and what
//!   the run produced; [`rotation`]: which local type an operator orders next, in the runs
//!   without an eIM;
//! - [`error`]: why a run could not be carried out.

pub mod by_eim;
pub mod day_parts;
pub mod discovery;
pub mod error;
pub mod gather;
pub mod joined;
pub mod options;
pub mod outcome;
pub mod plan;
pub mod progress;
pub mod react;
pub mod rotation;
pub mod rounds;
pub mod sgp02;

pub use error::RunError;
pub use outcome::DemoOutcome;

use crate::world::outage::Delivery;
use options::DemoOptions;
use progress::Progress;

/// Runs the lab: set-up, deployment, the simulated days, the drain, the end state, by the
/// delivery the options name.
pub async fn run(options: &DemoOptions, progress: &Progress) -> Result<DemoOutcome, RunError> {
    options.check()?;
    match options.delivery {
        Delivery::Eim => by_eim::run(options, progress).await,
        Delivery::Smds => discovery::run(options, progress).await,
        Delivery::Sgp02 => sgp02::run(options, progress).await,
    }
}
