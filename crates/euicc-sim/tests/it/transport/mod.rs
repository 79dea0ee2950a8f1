//! The card's transports: lpac's stdio driver and vsmartcard's vpcd.

mod stdio;
mod vpcd;
