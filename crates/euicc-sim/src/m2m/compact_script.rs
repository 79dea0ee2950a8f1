//! A remote command in the compact format (ETSI TS 102 226 5.1): the secured data is the
//! C-APDUs one after the other, and the response is the number of commands executed, the
//! status word of the last one and its response data. An SM-SR uses the expanded format
//! (SGP.02 2.4.3); the compact one is what generic OTA tools send, so the ISD-R answers it
//! too. Which format a packet holds is told by its first octet: `AA` or `AE` opens an
//! expanded command script (5.2), no C-APDU class used here begins with either.
//!
//! A C-APDU's fourth octet is Lc, except for the commands that only take data out (GET
//! RESPONSE, GET DATA, READ BINARY, READ RECORD), whose fourth octet is Le, as over T=0
//! (ISO/IEC 7816-3 12.2).

use crate::euicc::Euicc;

/// Instructions whose P3 is Le (ISO/IEC 7816-4 case 2 commands).
const OUTGOING: [u8; 4] = [0xC0, 0xCA, 0xB0, 0xB2];

/// The C-APDUs of a compact command, or `None` when the last one is cut short.
fn split(mut data: &[u8]) -> Option<Vec<&[u8]>> {
    let mut apdus = Vec::new();
    while !data.is_empty() {
        let len = match data {
            [_, _, _, _] => 4,
            [_, ins, _, _, _, ..] if OUTGOING.contains(ins) => 5,
            [_, _, _, _, lc, ..] => 5 + usize::from(*lc),
            _ => return None,
        };
        let (apdu, rest) = data.split_at_checked(len)?;
        apdus.push(apdu);
        data = rest;
    }
    Some(apdus)
}

impl Euicc {
    /// Runs a compact command addressed to the ISD-R; returns `n | SW | last data`.
    pub(super) fn run_compact_command(&mut self, data: &[u8]) -> Vec<u8> {
        let Some(apdus) = split(data) else {
            // TS 102 226 5.1.2 has no bad-format answer: nothing executed, SW "wrong length"
            return vec![0x00, 0x67, 0x00];
        };
        let mut executed = 0u8;
        let mut last = vec![0x90, 0x00];
        for apdu in apdus {
            last = self.process_isdr_apdu(apdu);
            executed = executed.saturating_add(1);
            if super::remote_script::is_failure(&last) {
                break;
            }
        }
        let sw_at = last.len().saturating_sub(2);
        let mut response = vec![executed];
        response.extend_from_slice(&last[sw_at..]);
        response.extend_from_slice(&last[..sw_at]);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn ts_102_226_5_1_commands_split_by_case() {
        let data = [
            0xA0, 0xA4, 0x00, 0x00, 0x02, 0x7F, 0x20, // case 3
            0xA0, 0xC0, 0x00, 0x00, 0x16, // case 2
            0x80, 0xCA, 0xFF, 0x21, 0x00, // case 2
            0x00, 0x70, 0x80, 0x01, // case 1
        ];
        let apdus = split(&data).expect("apdus");
        assert_eq!(apdus.len(), 4);
        assert_eq!(apdus[0].len(), 7);
        assert_eq!(apdus[3], [0x00, 0x70, 0x80, 0x01]);
        assert_eq!(split(&[0x80, 0xE2, 0x88, 0x00, 0x05, 0x3A]), None);
        assert_eq!(split(&[0x80, 0xE2]), None);
    }
}
