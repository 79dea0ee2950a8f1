//! The subscription-routing server of rsp-lab: SGP.02's SM-SR role realised as an SGP.32 v1.2
//! eIM, plus the fleet registry and the localization policy.

pub mod policy;
