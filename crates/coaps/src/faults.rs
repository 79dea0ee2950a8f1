//! Faults a server can be told to serve on purpose, message by message (what `rsp-lab
//! recovery run` arms at the eIM): the server asks its [`MessageFaults`] about each CoAP
//! message it takes in (after DTLS) and each it is about to send, and loses it, or drops
//! the peer's whole session without a word (a DTLS association the server forgot).
//!
//! What each loss makes the peer do is RFC 7252's: a lost confirmable request is sent
//! again after ACK_TIMEOUT (4.2); a lost ACK too, and the server answers the copy from what
//! it kept, without the application (4.5); a lost block is asked for again (RFC 7959 2.5);
//! after a dropped association the peer's requests go unanswered until it sets up a new one.

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
