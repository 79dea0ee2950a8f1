//! How a device reaches the servers: its route to one instance of each role, and what the
//! device itself changes on it (its answer-loss draw, its trace directory). Made by the
//! deployment ([`crate::devices::deploy`]), used by the device every day ([`crate::devices::device`]).

use infra::trace::TraceDir;
use ipa::EsipaClient;

/// How a device reaches one instance of each role.
#[derive(Clone)]
pub struct Route {
    /// ESipa client resolving the eIM name to this instance.
    pub esipa: EsipaClient,
    /// `https://host:port` of this eIM instance (`coaps://` over CoAP).
    pub eim_url: String,
    /// This SM-DP+ instance's ES9+ listener.
    pub es9: std::net::SocketAddr,
}

/// What a device changes on a route: its answer-loss draw and trace directory.
#[derive(Clone, Default)]
pub struct Personal {
    pub loss: Option<lpa::fault::AnswerLoss>,
    pub trace: Option<TraceDir>,
    /// How the device departs from the specification (`demo --quirks`).
    pub quirks: lpa::quirks::Quirks,
    /// Over CoAP: its country's datagram loss and the seed of its draws (the lab's
    /// network model, [`crate::world::countries::Country::datagram_loss`]).
    pub coap_loss: Option<(f64, u64)>,
}

impl Personal {
    /// The route's client with the device's faults, quirks and trace; over CoAP with
    /// DTLS associations of its own (a device has its own socket, where HTTPS devices
    /// share the lab's kept-alive connections) on its country's lossy network.
    pub fn client(&self, route: &Route) -> EsipaClient {
        let own = match self.coap_loss {
            Some((rate, seed)) => route.esipa.with_own_lossy_coap(rate, seed),
            None => route.esipa.with_own_coap(),
        };
        let c = match &self.loss {
            Some(l) => own.with_answer_loss(l.clone()),
            None => own,
        };
        let c = if self.quirks.is_empty() {
            c
        } else {
            c.with_quirks(self.quirks.clone())
        };
        match &self.trace {
            Some(t) => c.with_trace(t.clone()),
            None => c,
        }
    }
}
