//! TCA eUICC profile packages.

mod malformed;
mod ts48;
