//! The User Data Header (3GPP TS 23.040 9.2.3.24) and the elements OTA uses.
//!
//! ```text
//! UDHL(1) | { IEI(1) | IEDL(1) | IED(IEDL) } ...     UDHL counts the octets after itself
//! ```

use crate::wire::Reader;

/// IEI `00`: concatenated short messages, 8-bit reference (TS 23.040 9.2.3.24.1).
pub const IEI_CONCAT_8BIT: u8 = 0x00;
/// IEI `08`: concatenated short messages, 16-bit reference (TS 23.040 9.2.3.24.8).
pub const IEI_CONCAT_16BIT: u8 = 0x08;
/// IEI `70`: Command Packet Identifier (3GPP TS 31.115; TS 23.040 9.2.3.24).
pub const IEI_CPI: u8 = 0x70;
/// IEI `71`: Response Packet Identifier (3GPP TS 31.115; TS 23.040 9.2.3.24).
pub const IEI_RPI: u8 = 0x71;

/// A malformed user data header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UdhError {
    /// UDHL or an IEDL points past the end of the user data.
    #[error("the user data header runs past the user data")]
    Truncated,
    /// The header is longer than 140 octets can hold.
    #[error("the user data header is too long")]
    TooLong,
    /// A concatenation element with the wrong length.
    #[error("concatenation element {0:#04x} has the wrong length")]
    Concatenation(u8),
}

/// One information element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InformationElement {
    /// The identifier (IEI).
    pub iei: u8,
    /// The data (IED).
    pub data: Vec<u8>,
}

/// The concatenation element's fields (TS 23.040 9.2.3.24.1 and .8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Concatenation {
    /// The reference shared by all segments (8 or 16 bits).
    pub reference: u16,
    /// Whether the reference is coded on 16 bits (IEI `08`).
    pub wide_reference: bool,
    /// The number of segments.
    pub total: u8,
    /// This segment's number, from 1.
    pub sequence: u8,
}

impl Concatenation {
    /// The information element.
    pub fn element(self) -> InformationElement {
        let [hi, lo] = self.reference.to_be_bytes();
        if self.wide_reference {
            InformationElement {
                iei: IEI_CONCAT_16BIT,
                data: vec![hi, lo, self.total, self.sequence],
            }
        } else {
            InformationElement {
                iei: IEI_CONCAT_8BIT,
                data: vec![lo, self.total, self.sequence],
            }
        }
    }
}

/// A parsed user data header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserDataHeader {
    /// The elements in order.
    pub elements: Vec<InformationElement>,
}

impl UserDataHeader {
    /// Splits user data that starts with a header (TP-UDHI set) into the header and the
    /// rest; also returns the header's own octets, which a PoR's CC covers.
    pub fn parse(ud: &[u8]) -> Result<(Self, &[u8], &[u8]), UdhError> {
        let mut reader = Reader::new(ud);
        let udhl = reader.u8().ok_or(UdhError::Truncated)?;
        let body = reader.take(usize::from(udhl)).ok_or(UdhError::Truncated)?;
        let raw = ud.get(..1 + usize::from(udhl)).ok_or(UdhError::Truncated)?;
        let rest = reader.rest();
        let mut ies = Reader::new(body);
        let mut elements = Vec::new();
        while let Some(iei) = ies.u8() {
            let len = ies.u8().ok_or(UdhError::Truncated)?;
            let data = ies.take(usize::from(len)).ok_or(UdhError::Truncated)?;
            elements.push(InformationElement {
                iei,
                data: data.to_vec(),
            });
        }
        Ok((UserDataHeader { elements }, raw, rest))
    }

    /// UDHL followed by the elements.
    pub fn encode(&self) -> Result<Vec<u8>, UdhError> {
        let mut out = vec![0];
        for element in &self.elements {
            let len = u8::try_from(element.data.len()).map_err(|_| UdhError::TooLong)?;
            out.push(element.iei);
            out.push(len);
            out.extend_from_slice(&element.data);
        }
        let udhl = u8::try_from(out.len() - 1).map_err(|_| UdhError::TooLong)?;
        if out.len() > 140 {
            return Err(UdhError::TooLong);
        }
        out[0] = udhl;
        Ok(out)
    }

    /// The first element with this identifier.
    pub fn find(&self, iei: u8) -> Option<&InformationElement> {
        self.elements.iter().find(|e| e.iei == iei)
    }

    /// The concatenation element, 8 or 16-bit; `Ok(None)` without one.
    pub fn concatenation(&self) -> Result<Option<Concatenation>, UdhError> {
        let Some(element) = self
            .elements
            .iter()
            .find(|e| e.iei == IEI_CONCAT_8BIT || e.iei == IEI_CONCAT_16BIT)
        else {
            return Ok(None);
        };
        let wide = element.iei == IEI_CONCAT_16BIT;
        let (reference, total, sequence) = match (wide, element.data.as_slice()) {
            (false, &[r, t, s]) => (u16::from(r), t, s),
            (true, &[hi, lo, t, s]) => (u16::from_be_bytes([hi, lo]), t, s),
            _ => return Err(UdhError::Concatenation(element.iei)),
        };
        Ok(Some(Concatenation {
            reference,
            wide_reference: wide,
            total,
            sequence,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pysim_udh_examples_parse_and_round_trip() {
        // pySim test_sms.py: 0571007001ffabcd = RPI, then IE 70 with one octet, tail abcd.
        let bytes = hex::decode("0571007001ffabcd").expect("hex");
        let (udh, raw, rest) = UserDataHeader::parse(&bytes).expect("valid");
        assert_eq!(udh.elements.len(), 2);
        assert_eq!(udh.elements[0].iei, IEI_RPI);
        assert_eq!(udh.find(IEI_CPI).map(|e| e.data.clone()), Some(vec![0xFF]));
        assert_eq!(rest, [0xAB, 0xCD]);
        assert_eq!(raw, &bytes[..6]);
        assert_eq!(udh.encode().expect("fits"), raw);
    }

    #[test]
    fn truncated_headers_are_refused() {
        for bad in ["", "05", "0571", "02700470"] {
            let bytes = hex::decode(bad).expect("hex");
            assert_eq!(
                UserDataHeader::parse(&bytes).map(|_| ()),
                Err(UdhError::Truncated),
                "{bad}"
            );
        }
    }

    #[test]
    fn concatenation_elements_decode() {
        let bytes = hex::decode("0d700000032a0301080401020302").expect("hex");
        let (udh, _, _) = UserDataHeader::parse(&bytes).expect("valid");
        let concat = udh.concatenation().expect("well formed").expect("present");
        assert_eq!(
            (concat.reference, concat.total, concat.sequence),
            (0x2A, 3, 1)
        );
        assert!(!concat.wide_reference);
        let wide = Concatenation {
            reference: 0x0102,
            wide_reference: true,
            total: 3,
            sequence: 2,
        };
        assert_eq!(wide.element().data, [1, 2, 3, 2]);
        let bad = hex::decode("0400020102").expect("hex");
        let (udh, _, _) = UserDataHeader::parse(&bad).expect("valid");
        assert_eq!(udh.concatenation(), Err(UdhError::Concatenation(0)));
    }
}
