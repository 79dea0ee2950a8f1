//! Handing out response data under the terminal's Le: what does not fit goes out in `61XX`
//! and GET RESPONSE chunks.
//!
//! - ISO/IEC 7816-4: Ne is the maximum number of response bytes the terminal accepts (absent
//!   Le: none; short Le '00': 256). `61XX` tells that `XX` further bytes (`00`: 256 or more)
//!   can be read with GET RESPONSE.
//! - ETSI TS 102 221 §7.3.1.1 (APDUs over T=0, case 4) and SGP.22 §5.7: an eUICC answers a STORE
//!   DATA without Le with `61XX`, and the terminal collects the data with GET RESPONSE;
//!   lpac asks `80 C0 00 00 XX` with `XX` = SW2 until `9000`.
//!
//! Rules here: with no Le, all data waits and `61XX` is returned; with Le, up to Ne bytes go
//! out at once, followed by `9000` when nothing is left or `61XX` for the rest. A GET
//! RESPONSE asking more than is left gets what is left and `9000`. Any other command on the
//! same channel discards what was waiting.

use super::command::CommandApdu;
use super::status::{ResponseApdu, StatusWord};

/// Response data not yet read by the terminal on one logical channel.
#[derive(Clone, Default, Debug)]
pub struct PendingResponse {
    data: Vec<u8>,
    offset: usize,
}

impl PendingResponse {
    /// Bytes still waiting for GET RESPONSE.
    pub fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.offset)
    }

    pub fn clear(&mut self) {
        self.data.clear();
        self.offset = 0;
    }

    /// Sends `data` as the answer to a command whose Le gave `ne` (0 when absent).
    pub fn deliver(&mut self, data: Vec<u8>, ne: usize) -> ResponseApdu {
        self.data = data;
        self.offset = 0;
        self.next_chunk(ne)
    }

    /// Answers GET RESPONSE (ISO/IEC 7816-4; GPCS §11.1): the next up to `ne` bytes.
    pub fn get_response(&mut self, ne: usize) -> ResponseApdu {
        if self.remaining() == 0 {
            self.clear();
            return ResponseApdu::status(StatusWord::CONDITIONS_NOT_SATISFIED);
        }
        self.next_chunk(ne)
    }

    fn next_chunk(&mut self, ne: usize) -> ResponseApdu {
        let take = ne.min(self.remaining());
        let end = self.offset + take;
        let data = self.data.get(self.offset..end).unwrap_or_default().to_vec();
        self.offset = end;
        let left = self.remaining();
        if left == 0 {
            self.clear();
            ResponseApdu {
                data,
                sw: StatusWord::OK,
            }
        } else {
            ResponseApdu {
                data,
                sw: StatusWord::bytes_available(left),
            }
        }
    }
}

/// Handles GET RESPONSE (ISO/IEC 7816-4): P1 P2 '0000', no data field, Le present.
pub fn get_response(
    pending: &mut PendingResponse,
    cmd: &CommandApdu<'_>,
) -> Result<ResponseApdu, StatusWord> {
    if cmd.p1 != 0 || cmd.p2 != 0 {
        return Err(StatusWord::INCORRECT_P1_P2);
    }
    if !cmd.data.is_empty() || !cmd.has_le {
        return Err(StatusWord::WRONG_LENGTH);
    }
    Ok(pending.get_response(cmd.ne))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso7816_4_no_le_means_all_data_waits_behind_61xx() {
        let mut p = PendingResponse::default();
        let r = p.deliver(vec![7; 20], 0);
        assert_eq!(r, ResponseApdu::status(StatusWord(0x6114)));
        let r = p.get_response(0x14);
        assert_eq!((r.data.len(), r.sw), (20, StatusWord::OK));
        assert_eq!(p.remaining(), 0);
    }

    #[test]
    fn iso7816_4_empty_data_is_plain_9000() {
        let mut p = PendingResponse::default();
        assert_eq!(
            p.deliver(Vec::new(), 0),
            ResponseApdu::status(StatusWord::OK)
        );
        assert_eq!(
            p.deliver(Vec::new(), 256),
            ResponseApdu::status(StatusWord::OK)
        );
    }

    #[test]
    fn iso7816_4_le_shorter_than_data_gives_ne_bytes_and_61xx() {
        let mut p = PendingResponse::default();
        let data: Vec<u8> = (0..=255u8).chain(0..100).collect();
        let r = p.deliver(data.clone(), 256);
        assert_eq!(r.data, data[..256]);
        assert_eq!(r.sw, StatusWord(0x6164));
        // asking more than is left returns what is left
        let r = p.get_response(256);
        assert_eq!((r.data.as_slice(), r.sw), (&data[256..], StatusWord::OK));
    }

    #[test]
    fn iso7816_4_61xx_with_more_than_256_left_is_6100() {
        let mut p = PendingResponse::default();
        assert_eq!(p.deliver(vec![0; 600], 0).sw, StatusWord(0x6100));
        assert_eq!(p.get_response(256).sw, StatusWord(0x6100));
        assert_eq!(p.get_response(256).sw, StatusWord(0x6158));
        let last = p.get_response(0x58);
        assert_eq!((last.data.len(), last.sw), (0x58, StatusWord::OK));
    }

    #[test]
    fn get_response_without_waiting_data_is_6985() {
        let mut p = PendingResponse::default();
        assert_eq!(
            p.get_response(256),
            ResponseApdu::status(StatusWord::CONDITIONS_NOT_SATISFIED)
        );
    }
}
