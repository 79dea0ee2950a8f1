//! SGP.22 6.5: the HTTPS bindings of ES9+.

mod protocol_abuse;
