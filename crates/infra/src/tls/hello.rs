//! The client's first flight, read before a TLS stack sees it, to choose the SM-DP+'s curve
//! set (SGP.22 2.6.1: NIST P-256 or brainpoolP256r1) for the connection: only the
//! `supported_groups` extension of the ClientHello is looked at. Parsing is bounded
//! ([`MAX_FLIGHT`]) and never fails the connection: what is not a readable ClientHello is
//! handed on as it came ([`Flight::Other`]), and the TLS stack then refuses it as it would.

/// RFC 8422 5.1.1 / RFC 8446 4.2.7: NamedGroup secp256r1.
pub const SECP256R1: u16 = 23;
/// RFC 7027 2: NamedGroup brainpoolP256r1 (TLS 1.2; TLS 1.3 has its own codepoint, RFC 8734,
/// which the brainpool stack here does not speak).
pub const BRAINPOOL_P256R1: u16 = 26;

/// Octets read at most before choosing: a ClientHello of a few hundred octets (one of 2 KiB
/// with post-quantum key shares) fits many times. A client that sends more without
/// completing its ClientHello is handed on as [`Flight::Other`].
pub const MAX_FLIGHT: usize = 16 * 1024;

/// RFC 8446 5.1: a record's fragment is at most 2^14 octets.
const MAX_FRAGMENT: usize = 1 << 14;
/// RFC 8446 5.1: ContentType handshake.
const HANDSHAKE: u8 = 22;
/// RFC 8446 4: HandshakeType client_hello.
const CLIENT_HELLO: u8 = 1;
/// RFC 8446 4.2: ExtensionType supported_groups (RFC 8422's elliptic_curves).
const SUPPORTED_GROUPS: u16 = 10;

/// What the octets read so far are.
#[derive(Debug, PartialEq, Eq)]
pub enum Flight {
    /// The beginning of a ClientHello: read on.
    Incomplete,
    /// A complete ClientHello.
    Hello(ClientHello),
    /// Not a ClientHello this code reads (another protocol, SSLv2, a malformed or oversized
    /// message).
    Other,
}

/// What the curve choice needs of a ClientHello.
#[derive(Debug, PartialEq, Eq)]
pub struct ClientHello {
    /// The `supported_groups` list in the client's order, `None` without the extension.
    pub groups: Option<Vec<u16>>,
}

/// The curve set a connection is served with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveSet {
    NistP256,
    BrainpoolP256r1,
}

impl ClientHello {
    /// The curve set to serve. RFC 8422 5.1.1: the client lists its curves "ordered according
    /// to the client's preferences (favorite choice first)", and 5.1 forbids a server to use
    /// one it did not list, for the certificate as for ECDHE: the first of secp256r1 and
    /// brainpoolP256r1 in the client's list wins. Without the extension, or with neither
    /// curve in it, NIST P-256 (RFC 8422 5.1: without it the server may choose; with
    /// neither, the NIST stack refuses the handshake).
    pub fn curve_set(&self) -> CurveSet {
        let first = self.groups.as_deref().and_then(|g| {
            g.iter()
                .find(|&&n| n == SECP256R1 || n == BRAINPOOL_P256R1)
                .copied()
        });
        match first {
            Some(BRAINPOOL_P256R1) => CurveSet::BrainpoolP256r1,
            _ => CurveSet::NistP256,
        }
    }
}

/// Reads `buf`, the octets the client sent so far: TLS records of type handshake whose
/// fragments, joined, begin with a ClientHello (RFC 8446 5.1 allows a handshake message to
/// span records).
pub fn read(buf: &[u8]) -> Flight {
    let mut message = Vec::new();
    let mut rest = buf;
    loop {
        if let Some(done) = hello_in(&message) {
            return done;
        }
        let Some(header) = rest.get(..5) else {
            return incomplete(buf);
        };
        let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
        if header[0] != HANDSHAKE || header[1] != 3 || len == 0 || len > MAX_FRAGMENT {
            return Flight::Other;
        }
        let Some(fragment) = rest.get(5..5 + len) else {
            return incomplete(buf);
        };
        message.extend_from_slice(fragment);
        rest = &rest[5 + len..];
    }
}

fn incomplete(buf: &[u8]) -> Flight {
    if buf.len() >= MAX_FLIGHT {
        Flight::Other
    } else {
        Flight::Incomplete
    }
}

/// The ClientHello in `message` (handshake octets), `None` while it is incomplete.
fn hello_in(message: &[u8]) -> Option<Flight> {
    let header = message.get(..4)?;
    if header[0] != CLIENT_HELLO {
        return Some(Flight::Other);
    }
    let len = u32::from_be_bytes([0, header[1], header[2], header[3]]) as usize;
    if len > MAX_FLIGHT {
        return Some(Flight::Other);
    }
    let body = message.get(4..4 + len)?;
    Some(match client_hello(body) {
        Some(hello) => Flight::Hello(hello),
        None => Flight::Other,
    })
}

/// RFC 8446 4.1.2 (the TLS 1.2 form, RFC 5246 7.4.1.2, is the same up to the extensions).
fn client_hello(body: &[u8]) -> Option<ClientHello> {
    let mut r = Reader(body);
    r.take(2 + 32)?; // legacy_version, random
    r.vector(1)?; // legacy_session_id
    r.vector(2)?; // cipher_suites
    r.vector(1)?; // legacy_compression_methods
    if r.0.is_empty() {
        return Some(ClientHello { groups: None });
    }
    let mut extensions = Reader(r.vector(2)?);
    let mut groups = None;
    while !extensions.0.is_empty() {
        let kind = extensions.u16()?;
        let data = extensions.vector(2)?;
        if kind == SUPPORTED_GROUPS {
            let mut list = Reader(Reader(data).vector(2)?);
            let mut named = Vec::new();
            while !list.0.is_empty() {
                named.push(list.u16()?);
            }
            groups = Some(named);
        }
    }
    Some(ClientHello { groups })
}

/// Big-endian fields off the front of a slice.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.0.split_at_checked(n)?;
        self.0 = tail;
        Some(head)
    }

    fn u16(&mut self) -> Option<u16> {
        let b = self.take(2)?;
        Some(u16::from_be_bytes([b[0], b[1]]))
    }

    /// A vector with a length prefix of `width` octets (1 or 2).
    fn vector(&mut self, width: usize) -> Option<&'a [u8]> {
        let len = match width {
            1 => usize::from(self.take(1)?[0]),
            _ => usize::from(self.u16()?),
        };
        self.take(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ClientHello with these extensions, as one handshake message.
    fn hello(extensions: &[(u16, Vec<u8>)]) -> Vec<u8> {
        let mut body = vec![3, 3];
        body.extend([0x11; 32]);
        body.push(0); // session id
        body.extend([0, 2, 0xc0, 0x2b]); // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        body.extend([1, 0]); // null compression
        let mut ext = Vec::new();
        for (kind, data) in extensions {
            ext.extend(kind.to_be_bytes());
            ext.extend((data.len() as u16).to_be_bytes());
            ext.extend(data);
        }
        body.extend((ext.len() as u16).to_be_bytes());
        body.extend(ext);
        let mut msg = vec![CLIENT_HELLO, 0];
        msg.extend((body.len() as u16).to_be_bytes());
        msg.extend(body);
        msg
    }

    fn groups(list: &[u16]) -> (u16, Vec<u8>) {
        let mut data = ((list.len() * 2) as u16).to_be_bytes().to_vec();
        for g in list {
            data.extend(g.to_be_bytes());
        }
        (SUPPORTED_GROUPS, data)
    }

    /// `msg` in records of at most `size` octets.
    fn records(msg: &[u8], size: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in msg.chunks(size) {
            out.extend([HANDSHAKE, 3, 1]);
            out.extend((chunk.len() as u16).to_be_bytes());
            out.extend(chunk);
        }
        out
    }

    fn curve_set(list: &[u16]) -> CurveSet {
        match read(&records(
            &hello(&[(13, vec![0, 2, 4, 3]), groups(list)]),
            512,
        )) {
            Flight::Hello(h) => h.curve_set(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rfc8422_5_1_1_the_clients_first_of_our_curves_is_served() {
        assert_eq!(curve_set(&[BRAINPOOL_P256R1]), CurveSet::BrainpoolP256r1);
        assert_eq!(
            curve_set(&[29, BRAINPOOL_P256R1, SECP256R1]),
            CurveSet::BrainpoolP256r1
        );
        assert_eq!(
            curve_set(&[29, SECP256R1, 24, BRAINPOOL_P256R1]),
            CurveSet::NistP256
        );
        assert_eq!(curve_set(&[SECP256R1]), CurveSet::NistP256);
        // Neither: the NIST stack answers (and refuses).
        assert_eq!(curve_set(&[29, 30]), CurveSet::NistP256);
        let without = read(&records(&hello(&[]), 512));
        assert_eq!(without, Flight::Hello(ClientHello { groups: None }));
    }

    #[test]
    fn a_hello_across_records_and_reads() {
        let wire = records(&hello(&[groups(&[BRAINPOOL_P256R1])]), 7);
        for cut in 0..wire.len() {
            assert_eq!(read(&wire[..cut]), Flight::Incomplete, "cut at {cut}");
        }
        assert!(matches!(read(&wire), Flight::Hello(_)));
    }

    #[test]
    fn what_is_not_a_hello_is_handed_on() {
        assert_eq!(read(b"GET / HTTP/1.1\r\n\r\n"), Flight::Other);
        // An alert record, a record over 2^14, a ServerHello.
        assert_eq!(read(&[21, 3, 3, 0, 2, 2, 40]), Flight::Other);
        assert_eq!(read(&[HANDSHAKE, 3, 3, 0x40, 1]), Flight::Other);
        assert_eq!(read(&records(&[2, 0, 0, 0], 512)), Flight::Other);
        // A length that runs past its vector.
        let mut bad = hello(&[groups(&[BRAINPOOL_P256R1])]);
        let n = bad.len();
        bad[n - 4] = 0x7f;
        assert_eq!(read(&records(&bad, 512)), Flight::Other);
        // A hello announced larger than the bound, and a flight that never completes one.
        assert_eq!(read(&records(&[1, 1, 0, 0], 512)), Flight::Other);
        let endless = records(&[1, 0, 0x3f, 0xff], 512)
            .into_iter()
            .chain(records(&vec![0; MAX_FLIGHT], MAX_FRAGMENT))
            .collect::<Vec<_>>();
        assert_eq!(read(&endless[..MAX_FLIGHT]), Flight::Other);
    }
}
