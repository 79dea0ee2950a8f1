//! A server's exchanges with one peer, datagram by datagram (RFC 7252, RFC 7959).

use coap_lite::{CoapOption, MessageClass, MessageType, Packet, RequestType, ResponseType};
use coaps::{Block, Exchanges, Incoming, Limits, Response};

const PATH: &str = "/gsma/rsp2/asn1";

/// A CON POST to [`PATH`] with Message ID `mid` and `payload`; `block1`, `block2` when set.
fn post(mid: u16, payload: &[u8], block1: Option<Block>, block2: Option<Block>) -> Vec<u8> {
    let mut p = Packet::new();
    p.header.set_type(MessageType::Confirmable);
    p.header.code = MessageClass::Request(RequestType::Post);
    p.header.message_id = mid;
    p.set_token(vec![0xA1, 0xB2]);
    for segment in PATH.trim_start_matches('/').split('/') {
        p.add_option(CoapOption::UriPath, segment.as_bytes().to_vec());
    }
    if let Some(b) = block1 {
        p.add_option(CoapOption::Block1, b.encode());
    }
    if let Some(b) = block2 {
        p.add_option(CoapOption::Block2, b.encode());
    }
    p.payload = payload.to_vec();
    p.to_bytes().unwrap()
}

fn block(num: u32, more: bool, szx: u8) -> Option<Block> {
    Some(Block { num, more, szx })
}

fn reply(incoming: Incoming) -> Packet {
    match incoming {
        Incoming::Reply(bytes) => Packet::from_bytes(&bytes).unwrap(),
        other => panic!("no reply: {other:?}"),
    }
}

fn code(p: &Packet) -> ResponseType {
    match p.header.code {
        MessageClass::Response(r) => r,
        other => panic!("{other:?}"),
    }
}

fn option_block(p: &Packet, o: CoapOption) -> Option<Block> {
    let v = p.get_option(o)?.front()?;
    Block::decode(v).ok()
}

fn changed(payload: &[u8]) -> Response {
    Response {
        code: ResponseType::Changed,
        content_format: Some(42),
        payload: payload.to_vec(),
    }
}

/// RFC 7252 5.2.1 and 4.5: the response rides on the ACK of the request; a retransmission
/// of the CON gets that same ACK, and nothing while the application still has it.
#[test]
fn rfc7252_a_con_request_is_answered_in_its_ack_and_its_duplicate_gets_the_same() {
    let mut x = Exchanges::new(Limits::default(), 7);
    let Incoming::Request(pending) = x.receive(&post(0x1234, b"hello", None, None)) else {
        panic!("a request")
    };
    assert_eq!(pending.request.path, PATH);
    assert_eq!(pending.request.payload, b"hello");
    assert!(matches!(
        x.receive(&post(0x1234, b"hello", None, None)),
        Incoming::Nothing
    ));
    let ack = x.respond(pending, changed(b"world"));
    let p = Packet::from_bytes(&ack).unwrap();
    assert_eq!(p.header.get_type(), MessageType::Acknowledgement);
    assert_eq!(p.header.message_id, 0x1234);
    assert_eq!(p.get_token(), [0xA1, 0xB2]);
    assert_eq!(code(&p), ResponseType::Changed);
    assert_eq!(p.payload, b"world");
    match x.receive(&post(0x1234, b"hello", None, None)) {
        Incoming::Reply(again) => assert_eq!(again, ack),
        other => panic!("{other:?}"),
    }
}

/// RFC 7959 2.5: a body in Block1 blocks, each answered 2.31 Continue, the last one's
/// response echoing its Block1; a block out of order is 4.08.
#[test]
fn rfc7959_a_request_body_comes_in_blocks_and_a_missing_block_is_refused() {
    let body: Vec<u8> = (0..40).collect();
    let mut x = Exchanges::new(Limits::default(), 7);
    let first = reply(x.receive(&post(1, &body[..16], block(0, true, 0), None)));
    assert_eq!(code(&first), ResponseType::Continue);
    assert_eq!(option_block(&first, CoapOption::Block1), block(0, true, 0));
    let skipped = reply(x.receive(&post(2, &body[32..], block(2, false, 0), None)));
    assert_eq!(code(&skipped), ResponseType::RequestEntityIncomplete);

    let mut x = Exchanges::new(Limits::default(), 7);
    reply(x.receive(&post(1, &body[..16], block(0, true, 0), None)));
    reply(x.receive(&post(2, &body[16..32], block(1, true, 0), None)));
    let Incoming::Request(pending) = x.receive(&post(3, &body[32..], block(2, false, 0), None))
    else {
        panic!("the whole body")
    };
    assert_eq!(pending.request.payload, body);
    let last = Packet::from_bytes(&x.respond(pending, changed(b"ok"))).unwrap();
    assert_eq!(option_block(&last, CoapOption::Block1), block(2, false, 0));
}

/// RFC 7959 2.9.3: a body past the server's limit is 4.13 with Size1 naming the limit,
/// whether it comes whole or in blocks.
#[test]
fn rfc7959_a_body_past_the_limit_is_refused_with_size1() {
    let limits = Limits {
        max_body: 32,
        ..Limits::default()
    };
    let mut x = Exchanges::new(limits, 7);
    let whole = reply(x.receive(&post(1, &[0; 33], None, None)));
    assert_eq!(code(&whole), ResponseType::RequestEntityTooLarge);
    let size1 = whole
        .get_option(CoapOption::Size1)
        .unwrap()
        .front()
        .unwrap();
    assert_eq!(size1, &[32]);
    reply(x.receive(&post(2, &[0; 16], block(0, true, 0), None)));
    reply(x.receive(&post(3, &[0; 16], block(1, true, 0), None)));
    let over = reply(x.receive(&post(4, &[0; 16], block(2, false, 0), None)));
    assert_eq!(code(&over), ResponseType::RequestEntityTooLarge);
}

/// RFC 7959 2.4: a response larger than the block size asked for goes in Block2 blocks,
/// fetched one by one with the same request.
#[test]
fn rfc7959_a_large_response_is_fetched_in_blocks() {
    let body: Vec<u8> = (0..3000u32).map(|i| i as u8).collect();
    let mut x = Exchanges::new(Limits::default(), 7);
    let Incoming::Request(pending) = x.receive(&post(1, b"poll", None, block(0, false, 5))) else {
        panic!("a request")
    };
    let first = Packet::from_bytes(&x.respond(pending, changed(&body))).unwrap();
    assert_eq!(option_block(&first, CoapOption::Block2), block(0, true, 5));
    let mut got = first.payload.clone();
    let mut num = 1;
    loop {
        let next = reply(x.receive(&post(1 + num as u16, b"", None, block(num, false, 5))));
        assert_eq!(code(&next), ResponseType::Changed);
        let b = option_block(&next, CoapOption::Block2).unwrap();
        assert_eq!(b.num, num);
        got.extend_from_slice(&next.payload);
        if !b.more {
            break;
        }
        num += 1;
    }
    assert_eq!(got, body);
    assert_eq!(num, 5, "3,000 octets in 512-octet blocks");
    let gone = reply(x.receive(&post(20, b"", None, block(1, false, 5))));
    assert_eq!(
        code(&gone),
        ResponseType::RequestEntityIncomplete,
        "not kept after the last"
    );
}

/// RFC 7252 4.2, 4.3, 5.4.1: an empty CON is answered RST, a CON that does not parse RST,
/// an unknown critical option 4.02.
#[test]
fn rfc7252_pings_garbage_and_unknown_critical_options() {
    let mut x = Exchanges::new(Limits::default(), 7);
    let ping = [0x40, 0x00, 0x12, 0x34];
    assert!(matches!(x.receive(&ping), Incoming::Reply(r) if r == [0x70, 0x00, 0x12, 0x34]));
    let garbage = [0x42, 0x02, 0x00, 0x09, 0xA1];
    assert!(matches!(x.receive(&garbage), Incoming::Reply(r) if r == [0x70, 0x00, 0x00, 0x09]));
    assert!(matches!(x.receive(&[0xFF]), Incoming::Nothing));
    let mut p = Packet::from_bytes(&post(3, b"x", None, None)).unwrap();
    p.add_option(CoapOption::Unknown(2049), vec![1]);
    let refused = reply(x.receive(&p.to_bytes().unwrap()));
    assert_eq!(code(&refused), ResponseType::BadOption);
}

/// RFC 9175 3: two bodies to the same resource under different Request-Tags are put
/// together apart, their blocks interleaved.
#[test]
fn rfc9175_request_tags_keep_two_bodies_apart() {
    let tagged = |mid: u16, data: &[u8], b: Option<Block>, tag: u8| {
        let mut p = Packet::from_bytes(&post(mid, data, b, None)).unwrap();
        p.add_option(CoapOption::Unknown(coaps::exchange::REQUEST_TAG), vec![tag]);
        p.to_bytes().unwrap()
    };
    let mut x = Exchanges::new(Limits::default(), 7);
    reply(x.receive(&tagged(1, &[1; 16], block(0, true, 0), 0xA)));
    reply(x.receive(&tagged(2, &[2; 16], block(0, true, 0), 0xB)));
    let Incoming::Request(a) = x.receive(&tagged(3, &[1; 4], block(1, false, 0), 0xA)) else {
        panic!("body A")
    };
    let Incoming::Request(b) = x.receive(&tagged(4, &[2; 4], block(1, false, 0), 0xB)) else {
        panic!("body B")
    };
    assert_eq!(a.request.payload, [[1u8; 16].as_slice(), &[1; 4]].concat());
    assert_eq!(b.request.payload, [[2u8; 16].as_slice(), &[2; 4]].concat());
}

/// Malformed input never panics: 20,000 pseudo-random datagrams (CoAP-looking first octets
/// half of the time), each answered with a reply, a request or nothing.
#[test]
fn random_datagrams_never_panic() {
    let mut x = Exchanges::new(Limits::default(), 7);
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 64) as usize;
        let mut d: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        if let Some(first) = d.first_mut().filter(|_| next() % 2 == 0) {
            *first = 0x40 | (*first & 0x1F);
        }
        if let Incoming::Request(p) = x.receive(&d) {
            x.respond(p, changed(b"ok"));
        }
    }
}

/// A response larger than the request-body limit still goes in Block2 blocks (a relayed
/// Bound Profile Package is larger than any request); one past the response limit is 5.00.
#[test]
fn responses_larger_than_requests_go_in_blocks_up_to_their_own_limit() {
    let limits = Limits {
        max_body: 1024,
        max_response: 8 * 1024,
        ..Limits::default()
    };
    let mut x = Exchanges::new(limits, 7);
    let Incoming::Request(p) = x.receive(&post(1, b"", None, None)) else {
        panic!("a request")
    };
    let first = Packet::from_bytes(&x.respond(p, changed(&[7; 5000]))).unwrap();
    assert_eq!(option_block(&first, CoapOption::Block2), block(0, true, 6));
    let Incoming::Request(p) = x.receive(&post(2, b"", None, None)) else {
        panic!("a request")
    };
    let over = Packet::from_bytes(&x.respond(p, changed(&[7; 9000]))).unwrap();
    assert_eq!(code(&over), ResponseType::InternalServerError);
}
