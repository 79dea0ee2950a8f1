//! Faults a server can be told to serve on purpose, message by message (what `rsp-lab
//! recovery run` arms at the eIM): the server asks its [`MessageFaults`] about each CoAP
//! message it takes in (after DTLS) and each it is about to send, and loses it, or drops
//! the peer's whole session without a word (a DTLS association the server forgot).
//!
//! What each loss makes the peer do is RFC 7252's: a lost confirmable request is sent
//! again after ACK_TIMEOUT (4.2); a lost ACK too, and the server answers the copy from what
//! it kept, without the application (4.5); a lost block is asked for again (RFC 7959 2.5);
//! after a dropped association the peer's requests go unanswered until it sets up a new one.

use coap_lite::{CoapOption, MessageClass, MessageType, Packet, RequestType};

use crate::block::Block;
use crate::exchange::Request;
use crate::server::Peer;

/// A message as the fault hook sees it.
#[derive(Clone, Copy, Debug)]
pub enum Message<'a> {
    /// A message the peer sent: a request, one of its Block1 blocks, an ACK, a ping.
    In(&'a [u8]),
    /// The first answer to `request`, carrying the application's response (or its first
    /// Block2 block).
    Answer {
        /// The whole request answered.
        request: &'a Request,
        /// The answer's octets.
        message: &'a [u8],
    },
    /// Any other message the server sends: a later Block2 block, a Block1 continuation
    /// (2.31), an answer given again to a duplicate, a reset.
    Other(&'a [u8]),
}

/// What happens to a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Taken in or sent as usual.
    Pass,
    /// Lost: as if the network had dropped it.
    Lose,
    /// The session ends here, silently: its state is forgotten, nothing is sent (no
    /// close_notify), so the peer's association is one the server no longer knows.
    DropSession,
}

/// Decides the fate of each message of a server.
pub trait MessageFaults: Send + Sync + 'static {
    /// The fate of `message`, of `peer`'s session.
    fn fate(&self, peer: &Peer, message: Message<'_>) -> Fate;
}

/// What a fault hook needs to know of a message to pick it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen<'a> {
    /// A confirmable POST: a request or one of its Block1 blocks.
    pub request: bool,
    /// Its Block1 option.
    pub block1: Option<Block>,
    /// Its Block2 option.
    pub block2: Option<Block>,
    /// Its payload.
    pub payload: &'a [u8],
}

impl Seen<'_> {
    /// A block after the first of a body in blocks, a request's (Block1) or an answer's
    /// (Block2).
    pub fn later_block(&self) -> bool {
        let later = |b: Option<Block>| b.is_some_and(|b| b.num > 0);
        (self.request && later(self.block1)) || (!self.request && later(self.block2))
    }
}

/// Reads `message` for a fault hook; `None` for octets that are not a CoAP message.
pub fn inspect(message: &[u8]) -> Option<Seen<'_>> {
    let p = Packet::from_bytes(message).ok()?;
    let block = |o| Block::decode(p.get_option(o)?.front()?).ok();
    let request = p.header.get_type() == MessageType::Confirmable
        && p.header.code == MessageClass::Request(RequestType::Post);
    let (block1, block2) = (block(CoapOption::Block1), block(CoapOption::Block2));
    // the payload as it lies in the message: after the 0xFF marker
    let payload = match p.payload.len() {
        0 => &[][..],
        n => &message[message.len() - n..],
    };
    Some(Seen {
        request,
        block1,
        block2,
        payload,
    })
}
