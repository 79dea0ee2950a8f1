//! The fleet's devices: each a real eUICC in memory, with an SGP.32 IPA that polls the eIM
//! ([`device`]), an SGP.22 LPAd that asks the root SM-DS ([`lpad`]) or, for SGP.02, an M2M
//! eUICC in its modem on the lab's SMSC ([`m2m`]); how each reaches
//! the servers ([`route`]); and how the fleet is made and placed ([`deploy`]).

pub mod deploy;
pub mod device;
pub mod lpad;
pub mod m2m;
pub mod route;
