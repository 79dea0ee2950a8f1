//! SGP.22 5.6: ES9+ (LPA – SM-DP+).

mod notification_matching;
mod refusals;
