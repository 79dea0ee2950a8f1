//! The simulated world of the localization lab and the run that localizes a fleet in it.
//!
//! The modules stand in layers, each importing only those beneath it:
//!
//! - [`world`]: the simulation's primitives: the countries, their networks and rules, the
//!   scenario's events, the inventory's profile types, the injected faults and outages, the
//!   strategies and their cost, the clock and the seeded draws;
//! - [`servers`]: the SM-DP+, the eIM and the root SM-DS the run starts on loopback (or an
//!   SM-DP+ outside the lab), behind the gates an outage closes;
//! - [`devices`]: the fleet of real eUICCs, each with its IPA (SGP.32) or LPAd (SGP.22),
//!   and how the fleet is deployed;
//! - [`report`], [`ledger`]: what a run ends with: the report and its guarantees, gaps
//!   and charts; the roaming ledger written as the run goes;
//! - [`run`]: a whole run ([`run::run`]), day by day, through the eIM or by discovery
//!   (`rsp-lab demo --delivery smds`);
//! - [`compare`]: runs side by side, by strategy (`rsp-lab compare`) and by delivery.

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod compare;
pub mod devices;
pub mod ledger;
pub mod report;
pub mod run;
pub mod servers;
pub mod world;
