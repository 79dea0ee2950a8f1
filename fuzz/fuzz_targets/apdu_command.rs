//! Command APDU parsing (ISO/IEC 7816-4 cases 1–4, short and extended lengths) and the class
//! byte: any octets.
//!
//! Invariants: a parsed command is rebuilt octet for octet from its fields (so no two
//! encodings parse to the same command and nothing is ignored); Ne is 0 exactly when Le is
//! absent and never beyond 65536; only inputs shorter than the header fail as too short.
#![no_main]

use euicc_sim::apdu::class::Class;
use euicc_sim::apdu::command::{ApduFormatError, CommandApdu};
use libfuzzer_sys::fuzz_target;
use rsp_fuzz::bounded;

fn le_octets(ne: usize, extended: bool) -> Vec<u8> {
    match (extended, ne) {
        (false, 256) => vec![0],
        (false, n) => vec![n as u8],
        (true, 65536) => vec![0, 0],
        (true, n) => (n as u16).to_be_bytes().to_vec(),
    }
}

fn rebuild(c: &CommandApdu<'_>) -> Vec<u8> {
    let mut out = c.header().to_vec();
    let has_data = !c.data.is_empty();
    if c.extended {
        out.push(0);
    }
    if has_data {
        if c.extended {
            out.extend((c.data.len() as u16).to_be_bytes());
        } else {
            out.push(c.data.len() as u8);
        }
        out.extend_from_slice(c.data);
    }
    if c.has_le {
        out.extend(le_octets(c.ne, c.extended));
    }
    out
}

fuzz_target!(|data: &[u8]| {
    bounded(data.len(), 1 << 12, 2, || {
        if let Some(&cla) = data.first() {
            if let Ok(class) = Class::decode(cla) {
                assert!(class.channel <= 3);
            }
        }
        match CommandApdu::parse(data) {
            Ok(c) => {
                assert_eq!(c.has_le, c.ne > 0, "Le present ⇔ Ne > 0");
                assert!(c.ne <= if c.extended { 65536 } else { 256 });
                assert!(c.data.len() <= if c.extended { 65535 } else { 255 });
                assert_eq!(rebuild(&c), data, "{c:?}");
            }
            Err(ApduFormatError::TooShort(n)) => assert!(data.len() < 4 && n == data.len()),
            // four octets are case 1 and five case 2S: a length error needs six or more
            Err(_) => assert!(data.len() >= 6),
        }
    });
});
