//! The simple TLVs of the UICC's data objects (FCP, ARR rules, terminal capabilities,
//! proactive commands): one-octet tags, BER lengths up to two octets.

/// Appends tag, length and value.
pub(crate) fn push(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    out.push(tag);
    match value.len() {
        n @ 0..=0x7F => out.push(n as u8),
        n @ 0x80..=0xFF => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(value);
}

/// The TLVs of `data`, in order; `None` when they do not fit. Padding ('FF' or '00'
/// where a tag would start) ends the list, as in records of EF.ARR and EF.DIR.
pub(crate) fn parse(mut data: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    let mut out = Vec::new();
    while let [tag, rest @ ..] = data {
        if matches!(tag, 0x00 | 0xFF) {
            break;
        }
        let (len, rest) = match rest {
            [n @ 0..=0x7F, r @ ..] => (usize::from(*n), r),
            [0x81, n, r @ ..] => (usize::from(*n), r),
            [0x82, hi, lo, r @ ..] => (usize::from(*hi) << 8 | usize::from(*lo), r),
            _ => return None,
        };
        let value = rest.get(..len)?;
        out.push((*tag, value));
        data = &rest[len..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso7816_4_simple_tlvs_round_trip_and_stop_at_padding() {
        let mut out = Vec::new();
        push(&mut out, 0x80, &[1, 2]);
        push(&mut out, 0xA4, &[0x83, 0x01, 0x01]);
        out.extend([0xFF, 0xFF]);
        let parsed = parse(&out).expect("well formed");
        assert_eq!(
            parsed,
            vec![(0x80, &[1u8, 2][..]), (0xA4, &[0x83, 0x01, 0x01][..])]
        );
        assert_eq!(parse(&[0x80, 0x05, 0x01]), None);
        let mut long = Vec::new();
        push(&mut long, 0x62, &[0; 200]);
        assert_eq!(&long[..3], &[0x62, 0x81, 200]);
    }
}
