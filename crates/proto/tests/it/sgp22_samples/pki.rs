//! Small well-formed X.509 structures for the samples (not signed by anything).

fn tlv(tag: &[u8], contents: &[u8]) -> Vec<u8> {
    let mut out = tag.to_vec();
    proto::der::encode_length(contents.len(), &mut out);
    out.extend_from_slice(contents);
    out
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn name(cn: &str) -> Vec<u8> {
    let atv = tlv(
        &[0x30],
        &cat(&[
            &tlv(&[0x06], &[0x55, 0x04, 0x03]),
            &tlv(&[0x0C], cn.as_bytes()),
        ]),
    );
    tlv(&[0x30], &tlv(&[0x31], &atv))
}

fn ecdsa_sha256() -> Vec<u8> {
    tlv(
        &[0x30],
        &tlv(&[0x06], &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02]),
    )
}

fn signature_bits() -> Vec<u8> {
    let mut sig = vec![0x00];
    sig.extend_from_slice(&tlv(
        &[0x30],
        &cat(&[&tlv(&[0x02], &[0x11; 32]), &tlv(&[0x02], &[0x22; 32])]),
    ));
    tlv(&[0x03], &sig)
}

/// A small, well-formed X.509 v3 certificate (not signed by anything).
pub(crate) fn certificate_der(cn: &str) -> Vec<u8> {
    let version = tlv(&[0xA0], &tlv(&[0x02], &[0x02]));
    let serial = tlv(&[0x02], &[0x01]);
    let validity = tlv(
        &[0x30],
        &cat(&[
            &tlv(&[0x17], b"250101000000Z"),
            &tlv(&[0x17], b"350101000000Z"),
        ]),
    );
    let alg = tlv(
        &[0x30],
        &cat(&[
            &tlv(&[0x06], &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]),
            &tlv(&[0x06], &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]),
        ]),
    );
    let mut point = vec![0x00, 0x04];
    point.extend_from_slice(&[0x5A; 64]);
    let spki = tlv(&[0x30], &cat(&[&alg, &tlv(&[0x03], &point)]));
    let tbs = tlv(
        &[0x30],
        &cat(&[
            &version,
            &serial,
            &ecdsa_sha256(),
            &name("Test CI"),
            &validity,
            &name(cn),
            &spki,
        ]),
    );
    tlv(&[0x30], &cat(&[&tbs, &ecdsa_sha256(), &signature_bits()]))
}

/// A small, well-formed X.509 v2 CRL.
pub(crate) fn crl_der() -> Vec<u8> {
    let tbs = tlv(
        &[0x30],
        &cat(&[
            &tlv(&[0x02], &[0x01]),
            &ecdsa_sha256(),
            &name("Test CI"),
            &tlv(&[0x17], b"250101000000Z"),
            &tlv(&[0x17], b"250201000000Z"),
        ]),
    );
    tlv(&[0x30], &cat(&[&tbs, &ecdsa_sha256(), &signature_bits()]))
}
