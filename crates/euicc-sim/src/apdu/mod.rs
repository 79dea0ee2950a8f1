//! The card face of the eUICC: ISO/IEC 7816-4 and GlobalPlatform APDUs in front of the ISD-R,
//! and the routing of the UICC's commands (file system, PINs, USIM, terminal) to
//! [`crate::uicc`].
//!
//! - [`command`]: command APDU parsing (cases 1–4, short and extended lengths).
//! - [`class`]: the class byte (logical channels 0..3, interindustry or proprietary).
//! - [`status`]: status words with their sources, the response APDU.
//! - [`channel`]: logical channels and their state.
//! - [`select`], [`manage_channel`], [`store_data`], [`response`]: the commands (SELECT,
//!   MANAGE CHANNEL, STORE DATA chaining, GET RESPONSE and Le handling).
//! - [`atr`]: the Answer-To-Reset.
//! - [`card`]: [`Card`], power, reset and `transmit`.
//!
//! Choices where the specifications leave room are documented in each module; the most
//! visible: STORE DATA on a channel without the ISD-R selected is `6985`; an out-of-sequence
//! STORE DATA block number is `6A86`; an oversize ES10x request is `6A84`; GET RESPONSE with
//! nothing waiting is `6985`; extended-length APDUs are `6700` (the ATR does not announce
//! them).

pub mod application;
pub mod atr;
pub mod card;
pub mod channel;
pub mod class;
pub mod command;
pub mod instruction;
pub mod manage_channel;
pub mod response;
pub mod select;
pub mod status;
pub mod store_data;

pub use atr::ATR;
pub use card::Card;
pub use command::CommandApdu;
pub use select::{ECASD_AID, ISD_R_AID};
pub use status::{ResponseApdu, StatusWord};
