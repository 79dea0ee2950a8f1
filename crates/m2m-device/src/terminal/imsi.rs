//! The IMSI of the enabled profile, as a modem reads it to attach: SELECT ADF.USIM by its
//! partial AID, SELECT EF.IMSI, READ BINARY (ETSI TS 102 221 11.1.1, 11.1.3; 3GPP TS 31.102
//! 4.2.2).

use super::{Terminal, TerminalError};
use lpa::CardChannel;

/// The USIM application's AID prefix (RID `A000000087`, application code `1002`;
/// ETSI TS 101 220 Annex E).
const USIM_PARTIAL_AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02];

impl<C: CardChannel> Terminal<C> {
    /// The IMSI of the enabled profile's USIM, or `None` when the card has no USIM
    /// (no profile enabled) or EF.IMSI is empty.
    pub fn imsi(&mut self) -> Result<Option<String>, TerminalError> {
        let mut select = vec![0x00, 0xA4, 0x04, 0x04, USIM_PARTIAL_AID.len() as u8];
        select.extend_from_slice(&USIM_PARTIAL_AID);
        if self.exchange(&select)?.sw != 0x9000 {
            return Ok(None);
        }
        let ef = self.exchange(&[0x00, 0xA4, 0x00, 0x04, 0x02, 0x6F, 0x07])?;
        if ef.sw != 0x9000 {
            return Ok(None);
        }
        let read = self.exchange(&[0x00, 0xB0, 0x00, 0x00, 0x09])?;
        if read.sw != 0x9000 {
            return Ok(None);
        }
        Ok(decode(&read.data))
    }
}

/// EF.IMSI (TS 31.102 4.2.2): a length octet, then BCD digits with the parity nibble first.
fn decode(ef: &[u8]) -> Option<String> {
    let (&len, bcd) = ef.split_first()?;
    let bcd = bcd.get(..usize::from(len))?;
    let mut digits = String::new();
    for (i, byte) in bcd.iter().enumerate() {
        for (j, nibble) in [byte & 0x0F, byte >> 4].into_iter().enumerate() {
            if i == 0 && j == 0 {
                continue; // parity
            }
            if nibble <= 9 {
                digits.push(char::from(b'0' + nibble));
            }
        }
    }
    (!digits.is_empty()).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn ef_imsi_decodes_with_its_parity_nibble() {
        // 001010123456789: odd length, parity nibble 9 (TS 31.102 4.2.2).
        let ef = [0x08, 0x09, 0x10, 0x10, 0x10, 0x32, 0x54, 0x76, 0x98];
        assert_eq!(decode(&ef).as_deref(), Some("001010123456789"));
        assert_eq!(decode(&[0xFF; 9]), None);
        assert_eq!(decode(&[]), None);
    }
}
