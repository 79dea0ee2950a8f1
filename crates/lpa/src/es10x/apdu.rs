//! ES10x over APDUs, the terminal side (SGP.22 5.7.2; GPCS v2.3 §11.7, §11.9, §11.11;
//! ISO/IEC 7816-4):
//!
//! ```text
//! TERMINAL CAPABILITY  80 AA 00 00 05 A9 03 83 01 xx   (optional, basic channel) -> 9000
//! MANAGE CHANNEL open  00 70 00 00 01                  -> channel number, 9000
//! SELECT ISD-R         0n A4 04 00 10 <ISD-R AID> 00   -> FCI (or 61xx), 9000
//! STORE DATA           8n E2 11 <block#> Lc <block>    more blocks follow -> 9000
//!                      8n E2 91 <block#> Lc <block>    last block -> response data or 61xx
//! GET RESPONSE         0n C0 00 00 <xx>                while 61xx
//! MANAGE CHANNEL close 00 70 80 0n
//! ```
//!
//! One ES10x request is cut into blocks of [`Es10Options::block_size`] octets (lpac's
//! default, 120; 6 to 255), numbered from 0. Every request, and every piece of a
//! segmented LoadBoundProfilePackage, is its own STORE DATA chain, all on the one logical
//! channel opened at the start (re-opening the channel breaks some eUICCs).
//! STORE DATA goes without Le (case 3), as lpac sends it; the card then announces its data
//! with `61xx`. A `6Cxx` answer (wrong Le) is followed by the same command with Le `xx`.

use std::fmt;

use crate::card_channel::{CardChannel, TransportError};
use euicc_sim::apdu::ISD_R_AID;

/// lpac's STORE DATA block size (`es10x_mss`).
pub const DEFAULT_BLOCK_SIZE: usize = 120;
/// Smallest block size accepted: a block must hold at least a short TLV header.
pub const MIN_BLOCK_SIZE: usize = 6;
/// Largest block size: Lc of a short APDU.
pub const MAX_BLOCK_SIZE: usize = 255;
/// Block numbers are one octet (P2), so a chain has at most 256 blocks.
const MAX_BLOCKS: usize = 256;

const INS_MANAGE_CHANNEL: u8 = 0x70;
const INS_SELECT: u8 = 0xA4;
const INS_STORE_DATA: u8 = 0xE2;
const INS_GET_RESPONSE: u8 = 0xC0;
const P1_MORE_BLOCKS: u8 = 0x11;
const P1_LAST_BLOCK: u8 = 0x91;
const SW_OK: u16 = 0x9000;

/// `Additional Terminal capability indications related to eUICC` (ETSI TS 102 221
/// 11.1.19.2.4, tag `83`): b1 LUId, b2 LPDd, b3 LDSd supported. A device LPA has all three
/// (lpac announces the same byte).
pub const EUICC_CAPABILITY_LPA: u8 = 0x07;
const INS_TERMINAL_CAPABILITY: u8 = 0xAA;

/// How the ES10 client talks to the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Es10Options {
    /// STORE DATA block size, 6 to 255 octets.
    pub block_size: usize,
    /// Use the basic channel instead of opening a logical channel.
    pub basic_channel: bool,
    /// Announce the device's eUICC-related capabilities with TERMINAL CAPABILITY (ETSI TS
    /// 102 221 11.1.19, tag `83` in template `A9`) on the basic channel before opening the
    /// logical channel. The terminal sends it after the card's reset, before the first
    /// application is selected, so a transport that is the terminal (a PC/SC reader) sends
    /// it, and one behind a terminal that did it already (a modem's `AT+CSIM`; the
    /// in-process card) does not. A refusal is logged, not fatal. `None`: not sent.
    pub terminal_capability: Option<u8>,
}

impl Default for Es10Options {
    fn default() -> Self {
        Es10Options {
            block_size: DEFAULT_BLOCK_SIZE,
            basic_channel: false,
            terminal_capability: None,
        }
    }
}

/// Why an ES10 exchange failed below the ES10 function level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Es10ClientError {
    /// The APDU could not be exchanged.
    Transport(TransportError),
    /// The card ended a command with this status word.
    Status { command: &'static str, sw: u16 },
    /// A response APDU shorter than a status word.
    ShortResponse { command: &'static str, len: usize },
    /// The block size is outside 6..=255.
    BlockSize(usize),
    /// The request is empty or needs more than 256 STORE DATA blocks.
    RequestLength(usize),
}

impl fmt::Display for Es10ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Es10ClientError::Transport(e) => write!(f, "card transport: {e}"),
            Es10ClientError::Status { command, sw } => {
                write!(f, "the card answered {command} with {sw:04X}")?;
                if let Some(meaning) = status_word_meaning(*sw) {
                    write!(f, " ({meaning})")?;
                }
                Ok(())
            }
            Es10ClientError::ShortResponse { command, len } => {
                write!(
                    f,
                    "the card answered {command} with {len} octets, no status word"
                )
            }
            Es10ClientError::BlockSize(n) => write!(
                f,
                "STORE DATA block size {n} is outside {MIN_BLOCK_SIZE}..={MAX_BLOCK_SIZE}"
            ),
            Es10ClientError::RequestLength(n) => write!(
                f,
                "an ES10 request of {n} octets cannot be sent in 1 to {MAX_BLOCKS} STORE DATA blocks"
            ),
        }
    }
}

impl std::error::Error for Es10ClientError {}

/// What a status word means, for the ones an eUICC gives (ISO/IEC 7816-4, GPCS §11).
pub fn status_word_meaning(sw: u16) -> Option<&'static str> {
    Some(match sw {
        0x6700 => "wrong length",
        0x6881 => "logical channel not supported or not open",
        0x6882 => "secure messaging not supported",
        0x6884 => "command chaining not supported",
        0x6982 => "security status not satisfied",
        0x6985 => "conditions of use not satisfied",
        0x6A80 => "incorrect values in the command data",
        0x6A81 => "function not supported",
        0x6A82 => "application not found",
        0x6A84 => "not enough memory space",
        0x6A86 => "incorrect P1-P2",
        0x6A88 => "referenced data not found",
        0x6D00 => "instruction not supported",
        0x6E00 => "class not supported",
        0x6F00 => "technical problem, no precise diagnosis",
        _ => return None,
    })
}

/// Class byte of an interindustry command on a logical channel (ISO/IEC 7816-4 §5.4.1):
/// `0000 00cc` for channels 0..3, `01x0 cccc` (channel − 4) for 4..19.
fn cla_interindustry(channel: u8) -> u8 {
    if channel < 4 {
        channel
    } else {
        0x40 | ((channel - 4) & 0x0F)
    }
}

/// Class byte of a GlobalPlatform command (GPCS §11.1.4): `1000 00cc` for channels 0..3,
/// `1100 cccc` (channel − 4) for 4..19.
fn cla_proprietary(channel: u8) -> u8 {
    if channel < 4 {
        0x80 | channel
    } else {
        0xC0 | ((channel - 4) & 0x0F)
    }
}

/// An ES10 client: a logical channel with the ISD-R selected.
pub struct Es10Client<C> {
    card: C,
    channel: u8,
    block_size: usize,
}

impl<C: CardChannel> Es10Client<C> {
    /// Opens a logical channel (or uses the basic channel) and selects the ISD-R on it.
    /// When the card refuses MANAGE CHANNEL, the basic channel is used.
    pub fn open(card: C, options: Es10Options) -> Result<Self, Es10ClientError> {
        if !(MIN_BLOCK_SIZE..=MAX_BLOCK_SIZE).contains(&options.block_size) {
            return Err(Es10ClientError::BlockSize(options.block_size));
        }
        let mut client = Es10Client {
            card,
            channel: 0,
            block_size: options.block_size,
        };
        if let Some(euicc) = options.terminal_capability {
            let apdu = [
                0x80,
                INS_TERMINAL_CAPABILITY,
                0x00,
                0x00,
                0x05,
                0xA9,
                0x03,
                0x83,
                0x01,
                euicc,
            ];
            match client.exchange("TERMINAL CAPABILITY", &apdu)? {
                (_, SW_OK) => {}
                // A card that is no UICC (a plain eSE, an eUICC in a test reader) may not
                // know the command; the ES10 functions may still work.
                (_, sw) => tracing::warn!(
                    sw = format!("{sw:04X}"),
                    "TERMINAL CAPABILITY refused; going on"
                ),
            }
        }
        if !options.basic_channel {
            match client.exchange("MANAGE CHANNEL", &[0x00, INS_MANAGE_CHANNEL, 0, 0, 1])? {
                (data, SW_OK) if data.len() == 1 && data[0] <= 19 => client.channel = data[0],
                (_, sw) => {
                    tracing::warn!(
                        sw = format!("{sw:04X}"),
                        "MANAGE CHANNEL open refused, using the basic channel"
                    );
                }
            }
        }
        let mut select = vec![
            cla_interindustry(client.channel),
            INS_SELECT,
            0x04,
            0x00,
            ISD_R_AID.len() as u8,
        ];
        select.extend_from_slice(&ISD_R_AID);
        select.push(0x00);
        match client.exchange("SELECT ISD-R", &select) {
            Ok((_, SW_OK)) => Ok(client),
            Ok((_, sw)) => {
                client.close_channel();
                Err(Es10ClientError::Status {
                    command: "SELECT ISD-R",
                    sw,
                })
            }
            Err(e) => Err(e),
        }
    }

    /// The logical channel in use.
    pub fn channel(&self) -> u8 {
        self.channel
    }

    /// The card.
    pub fn card(&self) -> &C {
        &self.card
    }

    /// The card, for commands outside ES10 (the channel stays open).
    pub fn card_mut(&mut self) -> &mut C {
        &mut self.card
    }

    /// Sends one ES10x request (or one piece of a segmented LoadBoundProfilePackage) as a
    /// STORE DATA chain and returns the response data (empty when the card has none).
    pub fn transact(&mut self, request: &[u8]) -> Result<Vec<u8>, Es10ClientError> {
        let count = request.len().div_ceil(self.block_size);
        if count == 0 || count > MAX_BLOCKS {
            return Err(Es10ClientError::RequestLength(request.len()));
        }
        let cla = cla_proprietary(self.channel);
        let mut response = Vec::new();
        for (number, block) in request.chunks(self.block_size).enumerate() {
            let last = number + 1 == count;
            let mut apdu = Vec::with_capacity(5 + block.len());
            apdu.extend_from_slice(&[
                cla,
                INS_STORE_DATA,
                if last { P1_LAST_BLOCK } else { P1_MORE_BLOCKS },
                number as u8,
                block.len() as u8,
            ]);
            apdu.extend_from_slice(block);
            let (data, sw) = self.exchange("STORE DATA", &apdu)?;
            if sw != SW_OK {
                return Err(Es10ClientError::Status {
                    command: "STORE DATA",
                    sw,
                });
            }
            if last {
                response = data;
            }
        }
        Ok(response)
    }

    /// Closes the logical channel (if one was opened) and gives the card back.
    pub fn close(mut self) -> C {
        self.close_channel();
        self.card
    }

    /// Gives the card back without closing the channel.
    pub fn into_inner(self) -> C {
        self.card
    }

    fn close_channel(&mut self) {
        if self.channel != 0 {
            let apdu = [0x00, INS_MANAGE_CHANNEL, 0x80, self.channel];
            match self.exchange("MANAGE CHANNEL close", &apdu) {
                Ok((_, SW_OK)) => {}
                Ok((_, sw)) => {
                    tracing::debug!(sw = format!("{sw:04X}"), "MANAGE CHANNEL close refused")
                }
                Err(e) => tracing::debug!(error = %e, "MANAGE CHANNEL close failed"),
            }
            self.channel = 0;
        }
    }

    /// One command with its `61xx` / `6Cxx` follow-ups; returns all response data and the
    /// final status word.
    fn exchange(
        &mut self,
        command: &'static str,
        apdu: &[u8],
    ) -> Result<(Vec<u8>, u16), Es10ClientError> {
        let (mut data, mut sw) = self.transmit(command, apdu)?;
        if sw >> 8 == 0x6C {
            // wrong Le: the same command with the Le the card asks for
            let mut again = apdu.to_vec();
            let has_le = apdu.len() == 5
                || apdu
                    .get(4)
                    .is_some_and(|lc| apdu.len() > 5 + usize::from(*lc));
            if has_le {
                again.pop();
            }
            again.push(sw as u8);
            (data, sw) = self.transmit(command, &again)?;
        }
        // a card may send 61xx repeatedly: bounded by the largest short chain of responses
        for _ in 0..=MAX_BLOCKS {
            if sw >> 8 != 0x61 {
                return Ok((data, sw));
            }
            let get = [
                cla_interindustry(self.channel),
                INS_GET_RESPONSE,
                0,
                0,
                sw as u8,
            ];
            let (more, next) = self.transmit("GET RESPONSE", &get)?;
            data.extend_from_slice(&more);
            sw = next;
        }
        Err(Es10ClientError::Status {
            command: "GET RESPONSE",
            sw,
        })
    }

    fn transmit(
        &mut self,
        command: &'static str,
        apdu: &[u8],
    ) -> Result<(Vec<u8>, u16), Es10ClientError> {
        let mut response = self
            .card
            .transmit(apdu)
            .map_err(Es10ClientError::Transport)?;
        let Some(split) = response.len().checked_sub(2) else {
            return Err(Es10ClientError::ShortResponse {
                command,
                len: response.len(),
            });
        };
        let sw = u16::from_be_bytes([response[split], response[split + 1]]);
        response.truncate(split);
        tracing::trace!(
            command,
            c_apdu = %hex::encode_upper(apdu),
            sw = format!("{sw:04X}"),
            data_len = response.len(),
            "apdu"
        );
        Ok((response, sw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A card that records commands and answers from a script.
    struct Scripted {
        sent: Vec<Vec<u8>>,
        answers: Vec<Vec<u8>>,
    }

    impl CardChannel for Scripted {
        fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
            self.sent.push(command.to_vec());
            if self.answers.is_empty() {
                return Err(TransportError("script ended".into()));
            }
            Ok(self.answers.remove(0))
        }
    }

    #[test]
    fn iso7816_4_class_bytes_for_channels_0_to_19() {
        assert_eq!(cla_interindustry(0), 0x00);
        assert_eq!(cla_interindustry(3), 0x03);
        assert_eq!(cla_interindustry(4), 0x40);
        assert_eq!(cla_interindustry(19), 0x4F);
        assert_eq!(cla_proprietary(1), 0x81);
        assert_eq!(cla_proprietary(5), 0xC1);
    }

    #[test]
    fn gpcs_11_11_blocks_numbered_from_zero_last_one_91() {
        let card = Scripted {
            sent: Vec::new(),
            answers: vec![
                vec![0x01, 0x90, 0x00], // MANAGE CHANNEL: channel 1
                vec![0x90, 0x00],       // SELECT
                vec![0x90, 0x00],       // block 0
                vec![0x90, 0x00],       // block 1
                vec![0x61, 0x02],       // block 2 (last)
                vec![0xAA, 0xBB, 0x90, 0x00],
            ],
        };
        let options = Es10Options {
            block_size: 6,
            ..Es10Options::default()
        };
        let mut client = Es10Client::open(card, options).unwrap();
        let request: Vec<u8> = (0..14).collect();
        assert_eq!(client.transact(&request).unwrap(), [0xAA, 0xBB]);
        let sent = &client.card.sent;
        assert_eq!(sent[0], [0x00, 0x70, 0x00, 0x00, 0x01]);
        assert_eq!(&sent[1][..5], [0x01, 0xA4, 0x04, 0x00, 0x10]);
        assert_eq!(sent[2], [0x81, 0xE2, 0x11, 0x00, 6, 0, 1, 2, 3, 4, 5]);
        assert_eq!(sent[3], [0x81, 0xE2, 0x11, 0x01, 6, 6, 7, 8, 9, 10, 11]);
        assert_eq!(sent[4], [0x81, 0xE2, 0x91, 0x02, 2, 12, 13]);
        assert_eq!(sent[5], [0x01, 0xC0, 0x00, 0x00, 0x02]);
    }

    #[test]
    fn sgp22_5_7_2_block_size_outside_6_to_255_is_refused() {
        for size in [0, 5, 256] {
            let card = Scripted {
                sent: Vec::new(),
                answers: Vec::new(),
            };
            let options = Es10Options {
                block_size: size,
                basic_channel: true,
                ..Es10Options::default()
            };
            assert_eq!(
                Es10Client::open(card, options).err(),
                Some(Es10ClientError::BlockSize(size))
            );
        }
    }

    #[test]
    fn iso7816_4_6cxx_repeats_the_command_with_the_le_asked() {
        let card = Scripted {
            sent: Vec::new(),
            answers: vec![vec![0x6C, 0x05], vec![1, 2, 3, 4, 5, 0x90, 0x00]],
        };
        let mut client = Es10Client {
            card,
            channel: 0,
            block_size: 120,
        };
        let (data, sw) = client
            .exchange("GET RESPONSE", &[0, 0xC0, 0, 0, 0])
            .unwrap();
        assert_eq!((data.as_slice(), sw), (&[1, 2, 3, 4, 5][..], 0x9000));
        assert_eq!(client.card.sent[1], [0, 0xC0, 0, 0, 5]);
    }

    #[test]
    fn manage_channel_refused_falls_back_to_the_basic_channel() {
        let card = Scripted {
            sent: Vec::new(),
            answers: vec![vec![0x6A, 0x81], vec![0x90, 0x00]],
        };
        let client = Es10Client::open(card, Es10Options::default()).unwrap();
        assert_eq!(client.channel(), 0);
        assert_eq!(client.card.sent[1][0], 0x00);
    }

    #[test]
    fn status_word_of_a_refused_store_data_is_reported() {
        let card = Scripted {
            sent: Vec::new(),
            answers: vec![vec![0x90, 0x00], vec![0x6A, 0x88]],
        };
        let options = Es10Options {
            basic_channel: true,
            ..Es10Options::default()
        };
        let mut client = Es10Client::open(card, options).unwrap();
        let e = client.transact(&[0xBF, 0x99, 0x00]).unwrap_err();
        assert_eq!(
            e,
            Es10ClientError::Status {
                command: "STORE DATA",
                sw: 0x6A88
            }
        );
        assert!(e.to_string().contains("referenced data not found"));
    }
}
