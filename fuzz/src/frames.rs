//! Inputs that carry several messages (APDU sequences, ES10 request runs, BPP pieces): each
//! message is a 2-byte big-endian length and that many octets; the last one may be short.

/// The messages in `data`.
pub fn frames(data: &[u8]) -> Frames<'_> {
    Frames { rest: data }
}

/// Iterator over the messages of a framed input.
pub struct Frames<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Frames<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let [hi, lo, body @ ..] = self.rest else {
            self.rest = &[];
            return None;
        };
        let len = usize::from(u16::from_be_bytes([*hi, *lo])).min(body.len());
        let (frame, rest) = body.split_at(len);
        self.rest = rest;
        Some(frame)
    }
}
