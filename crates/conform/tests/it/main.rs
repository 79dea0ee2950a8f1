//! The conformance runner against rsp-lab's own SM-DP+ on loopback with real TLS: every
//! case of the catalogue passes, a wrong expectation fails, and missing inputs make cases
//! not applicable instead of passing them.

mod smdp;
mod support;
