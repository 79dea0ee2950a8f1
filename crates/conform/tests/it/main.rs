//! The conformance runner against rsp-lab's own SM-DP+ and eIM on loopback with real TLS:
//! every case of each catalogue passes, a wrong expectation fails, and missing inputs make
//! cases not applicable instead of passing them.

mod eim;
mod smdp;
mod support;
