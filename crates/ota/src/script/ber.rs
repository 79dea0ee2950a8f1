//! BER definite lengths of one to three octets (ITU-T X.690 8.1.3, as ETSI TS 102 226 5.2
//! uses them).

use super::ScriptError;
use crate::wire::Reader;

/// Reads `xx` (< 80), `81 xx` or `82 xx xx`.
pub(super) fn read_length(reader: &mut Reader<'_>) -> Result<usize, ScriptError> {
    match reader.u8().ok_or(ScriptError::Truncated)? {
        short @ 0x00..=0x7F => Ok(usize::from(short)),
        0x81 => reader.u8().map(usize::from).ok_or(ScriptError::Truncated),
        0x82 => reader
            .array::<2>()
            .map(|b| usize::from(u16::from_be_bytes(b)))
            .ok_or(ScriptError::Truncated),
        other => Err(ScriptError::LengthForm(other)),
    }
}

/// Writes the shortest of the three forms.
pub(super) fn write_length(out: &mut Vec<u8>, len: usize) -> Result<(), ScriptError> {
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0xFF => out.extend_from_slice(&[0x81, len as u8]),
        _ => {
            let len = u16::try_from(len).map_err(|_| ScriptError::TooLarge)?;
            out.push(0x82);
            out.extend_from_slice(&len.to_be_bytes());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_trip_in_their_shortest_form() {
        for (len, coded) in [
            (0, "00"),
            (0x7F, "7f"),
            (0x80, "8180"),
            (0xFF, "81ff"),
            (0x100, "820100"),
        ] {
            let mut out = Vec::new();
            write_length(&mut out, len).expect("fits");
            assert_eq!(hex::encode(&out), coded);
            assert_eq!(read_length(&mut Reader::new(&out)), Ok(len));
        }
        assert_eq!(
            read_length(&mut Reader::new(&[0x83, 1, 0, 0])),
            Err(ScriptError::LengthForm(0x83))
        );
        assert_eq!(
            read_length(&mut Reader::new(&[0x80])),
            Err(ScriptError::LengthForm(0x80))
        );
        assert_eq!(
            read_length(&mut Reader::new(&[0x82, 1])),
            Err(ScriptError::Truncated)
        );
        assert_eq!(
            write_length(&mut Vec::new(), 0x1_0000),
            Err(ScriptError::TooLarge)
        );
    }
}
