//! SGP.22 5.6: ES9+ (LPA – SM-DP+).

mod field_quirks;
mod refusals;
