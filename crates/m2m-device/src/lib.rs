//! The M2M Device around an SGP.02 eUICC, as the SM-SR's ES5 reaches it: the terminal
//! (ETSI TS 102 223, 3GPP TS 31.111) that hands short messages to the card as SMS-PP data
//! download and runs the card's proactive commands, and the modem that receives and sends
//! those short messages through an SMSC over SMPP 3.4.
//!
//! - [`Terminal`]: the card-facing half, synchronous, over any [`lpa::CardChannel`] (the
//!   software eUICC in process, a PC/SC reader, a modem's `AT+CSIM`): TERMINAL PROFILE,
//!   ENVELOPE (SMS-PP download, event download), FETCH, TERMINAL RESPONSE, reading the
//!   enabled profile's IMSI.
//! - [`Network`]: which subscriptions the simulated network lets attach and the MSISDN
//!   each is reached at.
//! - [`modem`]: the device's life on the network: attached or not, bound to the SMSC as its
//!   MSISDN while attached, every MT short message to the card, every MO short message the
//!   card asks for to the SMSC, and the card's BIP channel as a TCP connection (module
//!   `channel`: the ISD-R's SCP81 admin session to the SM-SR).
//! - [`Radio`]: the link's faults a lab injects (MT short messages lost, PoRs delayed)
//!   and the short messages counted both ways.
#![forbid(unsafe_code)]

mod channel;
pub mod modem;
mod network;
pub mod radio;
pub mod terminal;

pub use modem::{Modem, ModemConfig, ModemError, Registration};
pub use network::{Network, NetworkError, Subscriber};
pub use radio::{Radio, RadioCounts};
pub use terminal::{Download, GeneralResult, Proactive, Terminal, TerminalError};
