//! The card side of vsmartcard's virtual smart-card reader `vpcd` (Debian package
//! `vsmartcard-vpcd`, a reader driver loaded by `pcscd`).
//!
//! `vpcd` listens on TCP port 35963 (Debian's `/etc/reader.conf.d/vpcd`: `DEVICENAME
//! /dev/null:0x8C7B`, i.e. listen on 35963) and the virtual card connects to it. Every
//! message in both directions is a 2-byte big-endian length followed by that many bytes.
//! From vpcd:
//!
//! ```text
//! 1 byte  '00'  power off          no answer
//! 1 byte  '01'  power on           no answer
//! 1 byte  '02'  reset              no answer
//! 1 byte  '04'  get ATR            answer: the ATR
//! n bytes       a command APDU     answer: the response APDU
//! ```
//!
//! (frankmorgner/vsmartcard `virtualsmartcard/src/vpcd/vpcd.c` and `vpcd.h`: `VPCD_CTRL_OFF`
//! 0, `VPCD_CTRL_ON` 1, `VPCD_CTRL_RESET` 2, `VPCD_CTRL_ATR` 4, `VPCD_CTRL_LEN` 1; vpcd polls
//! the ATR to see whether the card is present.)
//!
//! [`run`] connects, serves until vpcd goes away, and connects again with a growing pause
//! while vpcd is not up; a [`Shutdown`] handle stops it cleanly from another thread.

mod client;
mod frame;

pub use client::{SessionEnd, Shutdown, VpcdOptions, run, serve_connection};
pub use frame::{FrameReader, Polled, write_frame};

/// Default TCP port of vpcd's first reader slot.
pub const VPCD_PORT: u16 = 35963;

/// Control messages (one byte).
pub mod control {
    pub const POWER_OFF: u8 = 0x00;
    pub const POWER_ON: u8 = 0x01;
    pub const RESET: u8 = 0x02;
    pub const GET_ATR: u8 = 0x04;
}
