//! Ways to reach the card from outside the process.
//!
//! - [`stdio`]: newline-delimited JSON on a pair of byte streams, the protocol of lpac's
//!   `stdio` APDU driver; also runs an LPA as a child process wired to the card.
//! - [`vpcd`]: the card side of vsmartcard's virtual reader (`vpcd` under `pcscd`), so any
//!   PC/SC application sees a real card.

pub mod stdio;
pub mod vpcd;
