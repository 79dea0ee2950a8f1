//! The fleet's devices: each a real eUICC in memory, with an SGP.32 IPA that polls the eIM
//! ([`device`]) or an SGP.22 LPAd that asks the root SM-DS ([`lpad`]); how each reaches
//! the servers ([`route`]); and how the fleet is made and placed ([`deploy`]).

pub mod deploy;
pub mod device;
pub mod lpad;
pub mod route;
