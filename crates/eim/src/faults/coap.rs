//! ESipa over CoAP: the faults served message by message at the CoAP listener
//! ([`coaps::faults`]). A rule names a function for the kinds that meet a whole request or
//! its answer (`coap_lose_request`, `dtls_drop`: the request's `BFxx` tag; `coap_lose_ack`:
//! the answered request's); `coap_lose_block` meets any block after the first of a body,
//! so only a rule naming no function selects it. The EID is not known at this layer: rules
//! that select by EID do not apply.

use coaps::Peer;
use coaps::faults::{Fate, Message, MessageFaults, inspect};
use infra::faults::FaultKind;
use infra::metrics::requests::function_of_tag;

use crate::context::Ctx;

/// The eIM's faults, asked by its CoAP listener.
pub(crate) struct CoapFaults(pub(crate) Ctx);

/// The ESipa function of a request body (its message tag `BFxx`), if it has one.
fn function_of(payload: &[u8]) -> &'static str {
    match payload {
        [0xBF, n, ..] => function_of_tag(*n),
        _ => "",
    }
}

impl MessageFaults for CoapFaults {
    fn fate(&self, _: &Peer, message: Message<'_>) -> Fate {
        let faults = &self.0.faults;
        if faults.is_empty() {
            return Fate::Pass;
        }
        let (kinds, function): (&[FaultKind], &str) = match message {
            Message::In(bytes) => match inspect(bytes) {
                Some(seen) if seen.later_block() => (&[FaultKind::CoapLoseBlock], ""),
                Some(seen) if seen.request && seen.block1.is_none_or(|b| b.num == 0) => (
                    &[FaultKind::CoapLoseRequest, FaultKind::DtlsDrop],
                    function_of(seen.payload),
                ),
                _ => return Fate::Pass,
            },
            Message::Answer { request, .. } => {
                (&[FaultKind::CoapLoseAck], function_of(&request.payload))
            }
            Message::Other(bytes) => match inspect(bytes) {
                Some(seen) if seen.later_block() => (&[FaultKind::CoapLoseBlock], ""),
                _ => return Fate::Pass,
            },
        };
        let Some(picked) = faults.pick(kinds, function, None, super::now(&self.0)) else {
            return Fate::Pass;
        };
        let named = if function.is_empty() {
            "a block"
        } else {
            function
        };
        faults.injected_now(picked.kind, named, None);
        match picked.kind {
            FaultKind::DtlsDrop => Fate::DropSession,
            _ => Fate::Lose,
        }
    }
}
