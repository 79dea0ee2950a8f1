//! SMPP 3.4 (SMS Forum, Short Message Peer-to-Peer Protocol Specification v3.4): the PDUs,
//! an ESME that binds to an SMSC, and the lab's SMSC, which routes short messages between
//! the ESMEs bound to it.
#![forbid(unsafe_code)]
