//! The M2M eUICC of GSMA SGP.02 v4.2: the ISD-R as the SM-SR reaches it over ES5
//! (GlobalPlatform commands, SGP.02 4.1.1), the ISD-Ps it creates, enables, disables and
//! deletes, the Default Notifications it sends, and the keys it is made with.
//!
//! ```text
//!              SM-SR ── ES5 (SCP80 SMS / SCP81 HTTPS: remote scripts to TAR 000001)
//!                │
//!   card face ── ISD-R  [command]: E6 INSTALL, E2 STORE DATA (DGIs 3A0x), E4 DELETE,
//!                │                 F2 GET STATUS, CA GET DATA
//!                ├── ECASD  SK/CERT.ECASD.ECKA (GP Amd E, EUM-signed)
//!                └── ISD-P …89 TAR 00   SELECTABLE → PERSONALIZED → DISABLED ⇄ ENABLED
//!                      profile contents: the profile store (USIM of the enabled one)
//! ```
//!
//! - [`command`]: the processor, one GP command in, data and status word out
//!   ([`Euicc::process_isdr_command`](crate::Euicc::process_isdr_command),
//!   [`Euicc::process_isdr_apdu`](crate::Euicc::process_isdr_apdu)).
//! - one file per function: `create_isdp`, `enable`, `disable`, `fallback_attribute`,
//!   `smsr_address`, `confirmation`, `delete`, `get_status`, `get_data`; `store_data`
//!   dispatches the DGIs, `switch` holds the state changes they share.
//! - [`notification`]: the Default Notification (`E1`) and its queue; `outbox`: sending it
//!   by SMS in SEND SHORT MESSAGE, retries and roll-back; `resilience`: roll-back and the
//!   fall-back mechanism; `event`: the location status that triggers them.
//! - the SCP80 bearer: `envelope` (ENVELOPE dispatch), `sms_pp` (SMS-PP download: open,
//!   counter, script, PoR), `remote_script` (TS 102 226 expanded scripts), `keys`;
//!   `isdp`: packets to an ISD-P's TAR (the ES3.SendData relay).
//! - the SCP81 bearer: `bip` (the admin session a push asks for, over the terminal's BIP
//!   channel: OPEN CHANNEL, SEND/RECEIVE DATA, PSK-TLS and the GP Amendment B agent run
//!   by the card).
//! - SGP.02 download on the ISD-P: `isdp_keyset` (ES8.EstablishISDPKeySet, 3A01/3A02 with
//!   CERT.DP.ECDSA), `isdp_download` (SCP03t `84`/`85`/`86`), `isdp_install` (the package
//!   into its ISD-P).
//! - [`setup`]: the keys an M2M eUICC is made with; [`preload`]: profiles put on it at
//!   manufacture; [`eis`]: what the SM-SR needs to know of it (the EIS fields, as JSON).
//! - SM-SR change: `establish_keyset` (3A01/3A02, Scenario #3 with the ECASD),
//!   `key_derivation` (CRT, X9.63 KDF, receipt), `finalise_handover` (old keys deleted).
//! - [`aid`], [`dgi`], [`error`]: AIDs and TARs, STORE DATA DGIs, status words.

pub mod aid;
mod bip;
pub mod command;
mod compact_script;
mod confirmation;
mod create_isdp;
mod delete;
pub mod dgi;
mod disable;
pub mod eis;
mod enable;
mod envelope;
pub mod error;
mod establish_keyset;
mod event;
mod fallback_attribute;
mod finalise_handover;
mod get_data;
mod get_status;
mod isdp;
mod isdp_channel;
mod isdp_download;
mod isdp_install;
mod isdp_keyset;
mod key_derivation;
mod keys;
pub mod notification;
mod outbox;
pub mod preload;
mod remote_script;
mod resilience;
pub(crate) mod session;
pub mod setup;
mod sms_pp;
mod smsr_address;
mod store_data;
mod switch;

pub use command::is_isdr_instruction;
pub use create_isdp::MAX_ISDPS;
pub use eis::M2mEis;
pub use envelope::EnvelopeAnswer;
pub use error::IsdrError;
pub use isdp_download::MAX_PACKAGE_LEN;
pub use keys::ISD_R_MSL;
pub use preload::M2mPreload;
pub use setup::{M2mSetup, M2mSetupError};
pub use smsr_address::{address_digits, address_from_digits};
