//! The simulated world of the localization lab and the run that localizes a fleet in it.
//!
//! - [`countries`], [`network`], [`world`], [`faults`]: the countries, their networks and
//!   rules, the attach model and the injected faults.
//! - [`servers`], [`inventory`], [`deploy`], [`device`]: the SM-DP+ and the eIM on loopback,
//!   the inventory, the fleet of real eUICCs with their IPAs.
//! - [`run`]: a whole run ([`run::run`]), day by day on the [`clock`], each day's sessions
//!   in [`rounds`] (their results [`joined`] by a task); [`outcome`],
//!   [`checks`] and [`report`]: what it ends with.
//! - [`strategy`], [`scenario`], [`react`]: the connectivity strategy a run uses (seed 001),
//!   the dated regulation and carrier events, the fleet operator's reaction through the eIM;
//!   [`gaps`], [`cost`] and [`compare`]: a run read as gaps, costs and event outcomes, and
//!   strategies side by side (`rsp-lab compare`).
//! - [`discovery`]: the same fleet localized without an eIM, by ES2+ orders announced at
//!   the root SM-DS and found by each device's LPAd (`rsp-lab demo --delivery smds`).

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod checks;
pub mod clock;
pub mod compare;
pub mod cost;
pub mod countries;
pub mod day_parts;
pub mod deploy;
pub mod device;
pub mod discovery;
pub mod error;
pub mod faults;
pub mod gaps;
pub mod gate;
pub mod html;
pub mod inventory;
pub mod joined;
pub mod ledger;
pub mod network;
pub mod observe;
pub mod options;
pub mod outcome;
pub mod outside;
pub mod progress;
pub mod react;
pub mod report;
pub mod rng;
pub mod rounds;
pub mod route;
pub mod run;
pub mod scenario;
pub mod servers;
pub mod strategy;
pub mod world;
