//! One peer's side of the exchanges a server holds (RFC 7252 4, 5; RFC 7959), without I/O:
//! a datagram in gives a reply to send at once, a whole request for the application, or
//! nothing; the application's response gives the datagram to send.
//!
//! - a confirmable request is answered in a piggybacked ACK (RFC 7252 5.2.1); a
//!   non-confirmable one in a NON response (5.2.3); an empty CON (a ping) with RST (4.3);
//! - a duplicate CON (its Message ID seen recently, 4.5) gets the same ACK again, or
//!   nothing while its request is still with the application;
//! - a request body in Block1 blocks (RFC 7959 2.5) is put together in order, answered
//!   2.31 Continue per block, refused 4.13 (with Size1) past [`Limits::max_body`] and 4.08
//!   when a block is missing; blocks of one body share their Uri-Path and Request-Tag (RFC
//!   9175 3);
//! - a response larger than a block goes in Block2 blocks (RFC 7959 2.4) of the size the
//!   client asked for or the server's, whichever is smaller; the client fetches the next
//!   ones with the same request and Block2 `NUM`;
//! - what is kept per peer is bounded: [`Limits::remembered`] Message IDs, a few bodies in
//!   the making and responses being fetched.

use std::collections::VecDeque;

use coap_lite::{CoapOption, MessageClass, MessageType, Packet, RequestType, ResponseType};

use crate::block::{BadBlock, Block, MAX_SZX};

/// RFC 9175 3: the Request-Tag option.
pub const REQUEST_TAG: u16 = 292;
/// Bodies put together at once, and responses kept for their next blocks, per peer.
const IN_FLIGHT: usize = 4;

/// What one peer may make the server keep.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest request body put together from blocks.
    pub max_body: usize,
    /// The largest response kept for its blocks to be fetched (a larger one is 5.00).
    pub max_response: usize,
    /// The server's largest block (SZX, 0 to 6).
    pub szx: u8,
    /// Message IDs remembered for duplicate detection.
    pub remembered: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body: 64 * 1024,
            max_response: 4 * 1024 * 1024,
            szx: MAX_SZX,
            remembered: 64,
        }
    }
}

/// A request as the application sees it: every block put together.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The method code (RFC 7252 5.8).
    pub method: RequestType,
    /// The Uri-Path segments joined with `/`, with a leading `/`.
    pub path: String,
    /// The Content-Format option (RFC 7252 5.10.3), if present.
    pub content_format: Option<u16>,
    /// The whole body.
    pub payload: Vec<u8>,
}

/// The application's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// The response code (RFC 7252 5.9).
    pub code: ResponseType,
    /// The Content-Format option, if any.
    pub content_format: Option<u16>,
    /// The whole body (sent in blocks when it needs more than one).
    pub payload: Vec<u8>,
}

impl Response {
    /// A response without a payload.
    pub fn empty(code: ResponseType) -> Response {
        Response {
            code,
            content_format: None,
            payload: Vec::new(),
        }
    }
}

/// What a datagram asks of the server.
#[derive(Debug)]
pub enum Incoming {
    /// Send this datagram back.
    Reply(Vec<u8>),
    /// Hand the request to the application, then give its response to
    /// [`Exchanges::respond`].
    Request(Pending),
    /// Nothing to do (an ACK, a RST, a duplicate in progress, a datagram that is no CoAP
    /// message and asks for no answer).
    Nothing,
}

/// A request with the application: how its response goes back.
#[derive(Debug)]
pub struct Pending {
    /// The request, every block put together.
    pub request: Request,
    message_id: u16,
    token: Vec<u8>,
    confirmable: bool,
    key: Key,
    /// The block size the client asked for its response, if it did.
    szx: Option<u8>,
    /// The last Block1 of the body, echoed in the response (RFC 7959 2.3).
    block1: Option<Block>,
}

/// The resource and Request-Tag a body's or a response's blocks share.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    path: String,
    tag: Option<Vec<u8>>,
}

struct Upload {
    key: Key,
    body: Vec<u8>,
}

struct Stored {
    key: Key,
    response: Response,
}

/// What a request comes to at the exchange layer.
enum Step {
    /// The whole request, for the application.
    Whole(Pending),
    /// Answered here (2.31 Continue, a block of a kept response, a refusal).
    Answer(Response, Options),
}

/// The block options of a response.
#[derive(Clone, Copy, Default)]
struct Options {
    block1: Option<Block>,
    block2: Option<Block>,
}

/// The exchanges with one peer.
pub struct Exchanges {
    limits: Limits,
    /// Recent Message IDs of CON requests and the reply sent (`None`: in progress).
    seen: VecDeque<(u16, Option<Vec<u8>>)>,
    uploads: VecDeque<Upload>,
    stored: VecDeque<Stored>,
    next_id: u16,
}

impl Exchanges {
    /// No exchange yet; `first_id`: where this side's Message IDs start (RFC 7252 4.4:
    /// randomized).
    pub fn new(limits: Limits, first_id: u16) -> Exchanges {
        Exchanges {
            limits,
            seen: VecDeque::new(),
            uploads: VecDeque::new(),
            stored: VecDeque::new(),
            next_id: first_id,
        }
    }

    /// Takes one datagram from the peer.
    pub fn receive(&mut self, datagram: &[u8]) -> Incoming {
        let Ok(packet) = Packet::from_bytes(datagram) else {
            // RFC 7252 4.2: a CON that cannot be parsed is rejected with RST.
            return reset_for(datagram).map_or(Incoming::Nothing, Incoming::Reply);
        };
        let confirmable = packet.header.get_type() == MessageType::Confirmable;
        let mid = packet.header.message_id;
        let method = match packet.header.code {
            MessageClass::Request(m) => m,
            MessageClass::Empty if confirmable => return Incoming::Reply(reset(mid)),
            _ => return Incoming::Nothing,
        };
        if confirmable {
            if let Some((_, reply)) = self.seen.iter().find(|(id, _)| *id == mid) {
                return reply.clone().map_or(Incoming::Nothing, Incoming::Reply);
            }
            self.remember(mid, None);
        }
        let (response, options) = match self.request(method, &packet, confirmable) {
            Step::Whole(pending) => return Incoming::Request(pending),
            Step::Answer(response, options) => (response, options),
        };
        let mut reply = Packet::new();
        reply.header.message_id = mid;
        reply.set_token(packet.get_token().to_vec());
        if response.code == ResponseType::RequestEntityTooLarge {
            let max = u32::try_from(self.limits.max_body).unwrap_or(u32::MAX);
            reply.add_option(CoapOption::Size1, trimmed(max));
        }
        Incoming::Reply(self.finish(reply, confirmable, &response, options))
    }

    /// The datagram carrying the application's `response` to `pending` (its first block
    /// when it needs more than one; the rest kept for the client to fetch).
    pub fn respond(&mut self, pending: Pending, response: Response) -> Vec<u8> {
        let szx = pending.szx.unwrap_or(MAX_SZX).min(self.limits.szx);
        let response = if response.payload.len() > self.limits.max_response {
            tracing::warn!(
                octets = response.payload.len(),
                "CoAP response past the limit"
            );
            Response::empty(ResponseType::InternalServerError)
        } else {
            response
        };
        let blocks = response.payload.len() > 1 << (usize::from(szx) + 4);
        let mut options = Options {
            block1: pending.block1,
            block2: None,
        };
        let first = if blocks {
            let (first, block2) = block_of(&response, 0, szx);
            options.block2 = block2;
            self.keep(Stored {
                key: pending.key,
                response,
            });
            first
        } else {
            response
        };
        let mut packet = Packet::new();
        packet.header.message_id = pending.message_id;
        packet.set_token(pending.token);
        self.finish(packet, pending.confirmable, &first, options)
    }

    fn remember(&mut self, mid: u16, reply: Option<Vec<u8>>) {
        if let Some(entry) = self.seen.iter_mut().find(|(id, _)| *id == mid) {
            entry.1 = reply;
            return;
        }
        if self.seen.len() >= self.limits.remembered.max(1) {
            self.seen.pop_front();
        }
        self.seen.push_back((mid, reply));
    }

    fn keep(&mut self, stored: Stored) {
        self.stored.retain(|s| s.key != stored.key);
        if self.stored.len() >= IN_FLIGHT {
            self.stored.pop_front();
        }
        self.stored.push_back(stored);
    }

    /// What a request asks for: the whole request, or an answer of the exchange layer.
    fn request(&mut self, method: RequestType, packet: &Packet, confirmable: bool) -> Step {
        let refuse = |code| Step::Answer(Response::empty(code), Options::default());
        if let Some(option) = unknown_critical(packet) {
            tracing::debug!(option, "CoAP request with an unknown critical option");
            return refuse(ResponseType::BadOption);
        }
        let key = Key {
            path: path_of(packet),
            tag: first(packet, CoapOption::Unknown(REQUEST_TAG)).map(<[u8]>::to_vec),
        };
        let (Ok(block1), Ok(block2)) = (
            block(packet, CoapOption::Block1),
            block(packet, CoapOption::Block2),
        ) else {
            return refuse(ResponseType::BadOption);
        };
        if let Some(b2) = block2.filter(|b| b.num > 0) {
            return self.next_block(&key, b2);
        }
        let payload = match block1 {
            None => packet.payload.clone(),
            Some(b1) => match self.upload(&key, b1, &packet.payload) {
                Err(code) => return refuse(code),
                Ok(Some(body)) => body,
                Ok(None) => {
                    let ours = Block {
                        szx: b1.szx.min(self.limits.szx),
                        ..b1
                    };
                    let options = Options {
                        block1: Some(ours),
                        block2: None,
                    };
                    return Step::Answer(Response::empty(ResponseType::Continue), options);
                }
            },
        };
        if payload.len() > self.limits.max_body {
            return refuse(ResponseType::RequestEntityTooLarge);
        }
        Step::Whole(Pending {
            request: Request {
                method,
                path: key.path.clone(),
                content_format: first(packet, CoapOption::ContentFormat).map(uint),
                payload,
            },
            message_id: packet.header.message_id,
            token: packet.get_token().to_vec(),
            confirmable,
            key,
            szx: block2.map(|b| b.szx),
            block1,
        })
    }

    /// Block `b` of a request body (RFC 7959 2.5): the whole body once the last block came;
    /// a refusal's code.
    fn upload(
        &mut self,
        key: &Key,
        b: Block,
        data: &[u8],
    ) -> Result<Option<Vec<u8>>, ResponseType> {
        if b.more && data.len() != b.size() {
            return Err(ResponseType::BadRequest);
        }
        let at = self.uploads.iter().position(|u| u.key == *key);
        let taken = at.and_then(|i| self.uploads.remove(i));
        let mut upload = match (b.num, taken) {
            (0, _) => Upload {
                key: key.clone(),
                body: Vec::new(),
            },
            (_, Some(u)) => u,
            (_, None) => return Err(ResponseType::RequestEntityIncomplete),
        };
        // The client may lower the block size on the way: the block must start where the
        // body ends.
        if b.offset() != upload.body.len() {
            return Err(ResponseType::RequestEntityIncomplete);
        }
        if upload.body.len() + data.len() > self.limits.max_body {
            return Err(ResponseType::RequestEntityTooLarge);
        }
        upload.body.extend_from_slice(data);
        if !b.more {
            return Ok(Some(upload.body));
        }
        if self.uploads.len() >= IN_FLIGHT {
            self.uploads.pop_front();
        }
        self.uploads.push_back(upload);
        Ok(None)
    }

    /// Block `b` of a response kept for `key` (RFC 7959 2.4).
    fn next_block(&mut self, key: &Key, b: Block) -> Step {
        let Some(stored) = self.stored.iter().find(|s| s.key == *key) else {
            let incomplete = Response::empty(ResponseType::RequestEntityIncomplete);
            return Step::Answer(incomplete, Options::default());
        };
        let (response, block2) = block_of(&stored.response, b.num, b.szx.min(self.limits.szx));
        if block2.is_some_and(|b| !b.more) {
            self.stored.retain(|s| s.key != *key);
        }
        let options = Options {
            block1: None,
            block2,
        };
        Step::Answer(response, options)
    }

    /// Fills in the response's type, Message ID, code, options and payload; a CON's reply
    /// is remembered for its duplicates.
    fn finish(
        &mut self,
        mut packet: Packet,
        confirmable: bool,
        response: &Response,
        options: Options,
    ) -> Vec<u8> {
        let mid = packet.header.message_id;
        if confirmable {
            packet.header.set_type(MessageType::Acknowledgement);
        } else {
            packet.header.set_type(MessageType::NonConfirmable);
            packet.header.message_id = self.next_id;
            self.next_id = self.next_id.wrapping_add(1);
        }
        packet.header.code = MessageClass::Response(response.code);
        if let Some(cf) = response.content_format {
            packet.add_option(CoapOption::ContentFormat, trimmed(u32::from(cf)));
        }
        if let Some(b) = options.block1 {
            packet.add_option(CoapOption::Block1, b.encode());
        }
        if let Some(b) = options.block2 {
            packet.add_option(CoapOption::Block2, b.encode());
        }
        packet.payload = response.payload.clone();
        let bytes = packet.to_bytes_unlimited().unwrap_or_default();
        if confirmable {
            self.remember(mid, Some(bytes.clone()));
        }
        bytes
    }
}

/// Block `num` of `response` at size `szx`, with its Block2 option; 4.02 when the
/// response does not reach that block.
fn block_of(response: &Response, num: u32, szx: u8) -> (Response, Option<Block>) {
    match Block::slice(&response.payload, num, szx) {
        Some((b, data)) => (
            Response {
                code: response.code,
                content_format: response.content_format,
                payload: data.to_vec(),
            },
            Some(b),
        ),
        None => (Response::empty(ResponseType::BadOption), None),
    }
}

/// The options of RFC 7252 5.10, RFC 7959 and RFC 9175 this server acts on or may ignore.
const KNOWN: [u16; 12] = [1, 3, 4, 5, 7, 11, 12, 15, 17, 23, 27, 60];

/// A critical option (odd number, RFC 7252 5.4.1) this server does not know.
fn unknown_critical(packet: &Packet) -> Option<u16> {
    packet
        .options()
        .map(|(n, _)| *n)
        .find(|n| n % 2 == 1 && !KNOWN.contains(n) && *n != REQUEST_TAG)
}

fn first(packet: &Packet, option: CoapOption) -> Option<&[u8]> {
    packet
        .get_option(option)
        .and_then(|values| values.front())
        .map(Vec::as_slice)
}

fn block(packet: &Packet, option: CoapOption) -> Result<Option<Block>, BadBlock> {
    first(packet, option).map(Block::decode).transpose()
}

/// The Uri-Path segments as one path, `/` first.
fn path_of(packet: &Packet) -> String {
    let segments: Vec<String> = packet
        .get_option(CoapOption::UriPath)
        .map(|values| {
            values
                .iter()
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .collect()
        })
        .unwrap_or_default();
    format!("/{}", segments.join("/"))
}

/// An unsigned option value (RFC 7252 3.2), at most 2 octets read for a Content-Format.
fn uint(value: &[u8]) -> u16 {
    value
        .iter()
        .fold(0u16, |v, b| v.wrapping_shl(8) | u16::from(*b))
}

/// `v` in as few octets as it needs.
fn trimmed(v: u32) -> Vec<u8> {
    let octets = v.to_be_bytes();
    let first = octets.iter().position(|b| *b != 0).unwrap_or(octets.len());
    octets[first..].to_vec()
}

/// An empty RST for Message ID `mid` (RFC 7252 4.2).
fn reset(mid: u16) -> Vec<u8> {
    let [hi, lo] = mid.to_be_bytes();
    vec![0x70, 0x00, hi, lo]
}

/// The RST for a datagram that is a CON by its first octet but does not parse.
fn reset_for(datagram: &[u8]) -> Option<Vec<u8>> {
    match datagram {
        [first, _, hi, lo, ..] if first >> 6 == 1 && (first >> 4) & 0x03 == 0 => {
            Some(reset(u16::from_be_bytes([*hi, *lo])))
        }
        _ => None,
    }
}
