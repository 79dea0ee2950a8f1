//! The kinds of served faults, each declared once: its variant, its name in configurations,
//! logs and metrics, and what it does. [`KINDS`], the names and the counters' indices follow
//! from the one list; a role serves the kinds of its `SERVED` list, and the guide's table
//! of kinds is checked against [`KINDS`] by a test.

/// Declares [`FaultKind`] with its names, [`KINDS`] and the counters' indices.
macro_rules! fault_kinds {
    ($($(#[doc = $doc:literal])+ $kind:ident => $name:literal,)+) => {
        /// What goes wrong with a selected request.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum FaultKind {
            $($(#[doc = $doc])+ $kind,)+
        }

        /// Every kind, in the order their counts are kept.
        pub const KINDS: [FaultKind; [$($name),+].len()] = [$(FaultKind::$kind),+];

        impl FaultKind {
            /// The name in the configuration, logs and metrics.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FaultKind::$kind => $name,)+
                }
            }
        }
    };
}

fault_kinds! {
    /// The request is processed and committed, then the connection closed without an
    /// answer.
    LoseAnswer => "lose_answer",
    /// The answer is held back for a while before it is sent.
    Delay => "delay",
    /// GetBoundProfilePackage: part of the answer written, then the connection closed.
    CutBoundProfilePackage => "cut_bound_profile_package",
    /// GetBoundProfilePackage: one segment's MAC broken in the bound profile package.
    BreakMac => "break_mac",
    /// The eIM refuses connections: requests in the window are closed unanswered before
    /// any work is done.
    Unreachable => "unreachable",
    /// The SM-DP+: the order expires once the device authenticated (AuthenticateClient),
    /// before its package is bound.
    ExpireOrder => "expire_order",
    /// The eIM: an eUICC package signed with a counter value the eUICC used already.
    StaleCounter => "stale_counter",
    /// The eIM: an eUICC package whose signature does not verify.
    BadSignature => "bad_signature",
    /// ESipa over CoAP: a confirmable request lost on its way to the server; the device
    /// sends it again after ACK_TIMEOUT (RFC 7252 4.2).
    CoapLoseRequest => "coap_lose_request",
    /// ESipa over CoAP: the request is processed and committed, its ACK lost; the device
    /// sends the request again and gets the kept answer, not a second run (RFC 7252 4.5).
    CoapLoseAck => "coap_lose_ack",
    /// ESipa over CoAP: a block after the first of a body in blocks lost, a Block1 block of
    /// a request or a Block2 block of an answer; the device sends it or asks for it again
    /// (RFC 7959 2.5).
    CoapLoseBlock => "coap_lose_block",
    /// ESipa over CoAP: the server forgets the device's DTLS association without a word;
    /// the device's requests go unanswered until it sets up a new one.
    DtlsDrop => "dtls_drop",
}

impl FaultKind {
    /// Where its count is kept: its place in [`KINDS`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The kind named `name` in a configuration.
    pub fn parse(name: &str) -> Option<FaultKind> {
        KINDS.into_iter().find(|k| k.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_name_and_its_place_in_kinds() {
        for (i, k) in KINDS.into_iter().enumerate() {
            assert_eq!(k.index(), i);
            assert_eq!(FaultKind::parse(k.as_str()), Some(k));
        }
        let names: std::collections::BTreeSet<_> = KINDS.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), KINDS.len());
    }
}
