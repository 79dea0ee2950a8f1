//! How a device reaches the servers: its route to one instance of each role, and what the
//! device itself changes on it (its answer-loss draw, its trace directory). Made by the
//! deployment ([`crate::devices::deploy`]), used by the device every day ([`crate::devices::device`]).

use infra::trace::TraceDir;
use ipa::EsipaClient;

/// How a device reaches one instance of each role.
#[derive(Clone)]
pub struct Route {
    /// ESipa client resolving the eIM name to this instance's HTTPS listener.
    pub esipa: EsipaClient,
    /// `https://host:port` of this eIM instance.
    pub eim_url: String,
    /// The same over CoAP (`coaps://host:port`), when the eIM serves it.
    pub coap: Option<(EsipaClient, String)>,
    /// This SM-DP+ instance's ES9+ listener.
    pub es9: std::net::SocketAddr,
}

impl Route {
    /// The route's clients, each counting what the devices' clients made from it carried.
    pub fn clients(&self) -> impl Iterator<Item = &EsipaClient> {
        std::iter::once(&self.esipa).chain(self.coap.as_ref().map(|(c, _)| c))
    }
}

/// What a device changes on a route: its answer-loss draw and trace directory.
#[derive(Clone, Default)]
pub struct Personal {
    pub loss: Option<lpa::fault::AnswerLoss>,
    pub trace: Option<TraceDir>,
    /// How the device departs from the specification (`demo --quirks`).
    pub quirks: lpa::quirks::Quirks,
    /// The device polls over CoAP: its country's datagram loss and the seed of its draws
    /// (the lab's network model, [`crate::world::countries::Country::datagram_loss`]);
    /// `None`: over HTTPS.
    pub coap_loss: Option<(f64, u64)>,
}

impl Personal {
    /// The eIM's URL on `route` for the device's binding.
    pub fn url(&self, route: &Route) -> String {
        match (self.coap_loss, &route.coap) {
            (Some(_), Some((_, url))) => url.clone(),
            _ => route.eim_url.clone(),
        }
    }

    /// The route's client with the device's faults, quirks and trace; over CoAP with
    /// DTLS associations of its own (a device has its own socket, where HTTPS devices
    /// share the lab's kept-alive connections) on its country's lossy network.
    pub fn client(&self, route: &Route) -> EsipaClient {
        let own = match (self.coap_loss, &route.coap) {
            (Some((rate, seed)), Some((coap, _))) => coap.with_own_lossy_coap(rate, seed),
            _ => route.esipa.clone(),
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
