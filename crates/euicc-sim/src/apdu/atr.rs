//! The Answer-To-Reset of the software eUICC (ISO/IEC 7816-3 §8.2, historical bytes per
//! ISO/IEC 7816-4 compact-TLV; UICC requirements in ETSI TS 102 221 §6.3).
//!
//! ```text
//! 3B          TS  direct convention
//! 9F          T0  TA1 and TD1 present, K = 15 historical bytes
//! 96          TA1 Fi = 512, Di = 32
//! 80          TD1 TD2 present, protocol T=0
//! 1F          TD2 TA3 present, T=15 (global interface bytes follow)
//! C7          TA3 clock stop: no preference; classes A, B and C (5 V, 3 V, 1.8 V)
//! 80          category indicator: compact-TLV data objects follow
//! 31 E0       card service data
//! 73 FE 21 1B card capabilities; third byte '1B': no command chaining, no extended
//!             Lc/Le, logical channels assigned by card or terminal, at most 4 channels (0..3)
//! 63 52 53 50 pre-issuing data "RSP"
//! 83 01 90 00 status indicator: life cycle '01', SW 9000
//! 97          TCK (XOR of T0 .. last historical byte; present because T=15 is indicated)
//! ```
//!
//! The protocol offered is T=0, which every UICC supports (ETSI TS 102 221 §7); an APDU
//! transport such as vpcd or the stdio bridge carries whole APDUs anyway. pcsc-lite parses
//! this ATR to T=0.

/// The ATR returned on power-on and reset.
pub const ATR: [u8; 22] = [
    0x3B, 0x9F, 0x96, 0x80, 0x1F, 0xC7, 0x80, 0x31, 0xE0, 0x73, 0xFE, 0x21, 0x1B, 0x63, 0x52, 0x53,
    0x50, 0x83, 0x01, 0x90, 0x00, 0x97,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks the interface bytes (ISO/IEC 7816-3 §8.2.2/§8.2.3) and returns (protocols
    /// indicated, historical bytes, TCK present).
    fn walk(atr: &[u8]) -> (Vec<u8>, Vec<u8>, bool) {
        assert_eq!(atr[0], 0x3B, "TS: direct convention");
        let k = usize::from(atr[1] & 0x0F);
        let mut y = atr[1] >> 4;
        let mut i = 2;
        let mut protocols = Vec::new();
        loop {
            for bit in 0..3 {
                if y & (1 << bit) != 0 {
                    i += 1; // TAi, TBi, TCi
                }
            }
            if y & 0x08 == 0 {
                break;
            }
            let td = atr[i];
            i += 1;
            protocols.push(td & 0x0F);
            y = td >> 4;
        }
        let historical = atr[i..i + k].to_vec();
        let tck = atr.len() == i + k + 1;
        assert!(tck || atr.len() == i + k, "no trailing bytes");
        (protocols, historical, tck)
    }

    #[test]
    fn iso7816_3_8_2_atr_structure_and_tck() {
        let (protocols, historical, tck) = walk(&ATR);
        assert_eq!(protocols, [0, 15]);
        assert_eq!(historical.len(), 15);
        // TCK is mandatory when any protocol other than T=0 is indicated (§8.2.5)
        assert!(tck);
        assert_eq!(ATR[1..].iter().fold(0u8, |x, b| x ^ b), 0, "TCK");
        assert!(ATR.len() <= 33, "an ATR has at most 33 bytes");
    }

    #[test]
    fn iso7816_4_historical_bytes_are_compact_tlv_announcing_4_channels() {
        let (_, historical, _) = walk(&ATR);
        assert_eq!(historical[0], 0x80, "category indicator");
        let mut objects = Vec::new();
        let mut rest = &historical[1..];
        while let [tl, tail @ ..] = rest {
            let len = usize::from(tl & 0x0F);
            objects.push((tl >> 4, tail[..len].to_vec()));
            rest = &tail[len..];
        }
        let caps = objects
            .iter()
            .find(|(t, _)| *t == 7)
            .map(|(_, v)| v.clone());
        let caps = caps.unwrap_or_default();
        assert_eq!(caps.len(), 3);
        assert_eq!(caps[2] & 0x07, 3, "maximum logical channels = 3 + 1");
        assert_eq!(caps[2] & 0x40, 0, "no extended Lc/Le");
        assert_eq!(caps[2] & 0x80, 0, "no command chaining");
        let status = objects
            .iter()
            .find(|(t, _)| *t == 8)
            .map(|(_, v)| v.clone());
        assert_eq!(status, Some(vec![0x01, 0x90, 0x00]));
    }
}
