//! Short command APDUs (ISO/IEC 7816-4 5.1) as SCP03 wraps them: cases 1 to 4, Lc and Le
//! one octet each. Extended lengths are refused.

use crate::Scp03Error;

/// CLA bit 3: GlobalPlatform proprietary secure messaging (GPCS 11.1.4.1).
pub const CLA_SECURE_MESSAGING: u8 = 0x04;
/// INITIALIZE UPDATE (Amd D 7.1.1).
pub const INS_INITIALIZE_UPDATE: u8 = 0x50;
/// EXTERNAL AUTHENTICATE (Amd D 7.1.2).
pub const INS_EXTERNAL_AUTHENTICATE: u8 = 0x82;

/// A short command APDU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandApdu {
    /// CLA.
    pub cla: u8,
    /// INS.
    pub ins: u8,
    /// P1.
    pub p1: u8,
    /// P2.
    pub p2: u8,
    /// The command data (empty in cases 1 and 2).
    pub data: Vec<u8>,
    /// Le when present (cases 2 and 4).
    pub le: Option<u8>,
}

impl CommandApdu {
    /// Reads a short APDU; refuses a length that disagrees with Lc, or extended lengths.
    pub fn parse(bytes: &[u8]) -> Result<Self, Scp03Error> {
        let [cla, ins, p1, p2, rest @ ..] = bytes else {
            return Err(Scp03Error::Malformed("command APDU header"));
        };
        let (data, le) = match rest {
            [] => (&[][..], None),
            [le] => (&[][..], Some(*le)),
            [0, _, ..] => return Err(Scp03Error::Malformed("extended length")),
            [lc, body @ ..] => {
                let lc = usize::from(*lc);
                match body.len().checked_sub(lc) {
                    Some(0) => (body, None),
                    Some(1) => (&body[..lc], body.get(lc).copied()),
                    _ => return Err(Scp03Error::Malformed("command APDU Lc")),
                }
            }
        };
        Ok(CommandApdu {
            cla: *cla,
            ins: *ins,
            p1: *p1,
            p2: *p2,
            data: data.to_vec(),
            le,
        })
    }

    /// The APDU's octets; refuses data over 255 octets.
    pub fn encode(&self) -> Result<Vec<u8>, Scp03Error> {
        let mut out = vec![self.cla, self.ins, self.p1, self.p2];
        if !self.data.is_empty() {
            let lc = u8::try_from(self.data.len())
                .map_err(|_| Scp03Error::TooLong(self.data.len(), 255))?;
            out.push(lc);
            out.extend_from_slice(&self.data);
        }
        out.extend(self.le);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_cases_round_trip_and_bad_lengths_are_refused() {
        for hex in [
            "80f22002",
            "80ca006600",
            "80f220020a4f0212345c054f9f70c5",
            "80f28002024f0000",
        ] {
            let bytes = hex::decode(hex).unwrap();
            assert_eq!(CommandApdu::parse(&bytes).unwrap().encode().unwrap(), bytes);
        }
        assert!(CommandApdu::parse(&[0x80, 0xF2, 0x20]).is_err());
        assert!(CommandApdu::parse(&hex::decode("80f2200205aabb").unwrap()).is_err());
        assert!(CommandApdu::parse(&hex::decode("80f2200000000100").unwrap()).is_err());
    }
}
