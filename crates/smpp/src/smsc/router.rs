//! Routing by destination_addr (SMPP 3.4 2.2: the SMSC forwards to the ESME bound for the
//! address) and store-and-forward for addresses no receiver is bound for.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use tokio::sync::mpsc;

use super::address::AddressRange;
use super::message::Message;
use crate::pdu::CommandStatus;

/// A session bound as receiver or transceiver.
struct Receiver {
    session: u64,
    ranges: Vec<AddressRange>,
    tx: mpsc::UnboundedSender<Message>,
}

impl Receiver {
    /// How specifically this receiver names `address`, if at all.
    fn fit(&self, address: &str) -> Option<usize> {
        self.ranges
            .iter()
            .filter(|r| r.matches(address))
            .map(AddressRange::specificity)
            .max()
    }
}

#[derive(Default)]
struct State {
    /// The bound receivers by the order they bound in (earlier first).
    receivers: BTreeMap<u64, Receiver>,
    /// The receivers bound for each exact address: most destinations are found here
    /// without looking at every receiver.
    exact: HashMap<String, BTreeSet<u64>>,
    /// The receivers bound with at least one prefix.
    with_prefix: BTreeSet<u64>,
    next: u64,
    stored: HashMap<String, VecDeque<Message>>,
}

impl State {
    fn add(&mut self, receiver: Receiver) {
        let key = self.next;
        self.next += 1;
        for range in &receiver.ranges {
            match range {
                AddressRange::Exact(a) => {
                    self.exact.entry(a.clone()).or_default().insert(key);
                }
                AddressRange::Prefix(_) => {
                    self.with_prefix.insert(key);
                }
            }
        }
        self.receivers.insert(key, receiver);
    }

    fn remove(&mut self, key: u64) {
        let Some(receiver) = self.receivers.remove(&key) else {
            return;
        };
        self.with_prefix.remove(&key);
        for range in &receiver.ranges {
            if let AddressRange::Exact(a) = range
                && let Some(keys) = self.exact.get_mut(a)
            {
                keys.remove(&key);
                if keys.is_empty() {
                    self.exact.remove(a);
                }
            }
        }
    }

    /// The most specific receiver bound for `address`, the earliest bound among equals:
    /// one bound for the address itself outranks every prefix.
    fn best(&self, address: &str) -> Option<u64> {
        if let Some(&key) = self.exact.get(address).and_then(|keys| keys.first()) {
            return Some(key);
        }
        (self.with_prefix.iter())
            .filter_map(|&key| {
                let fit = self.receivers.get(&key)?.fit(address)?;
                Some((fit, std::cmp::Reverse(key)))
            })
            .max()
            .map(|(_, std::cmp::Reverse(key))| key)
    }
}

/// The bound receivers and the stored messages, behind one lock held only briefly.
pub(crate) struct Router {
    state: Mutex<State>,
    per_address: usize,
}

impl Router {
    /// A router storing at most `per_address` messages for one unbound address.
    pub(crate) fn new(per_address: usize) -> Router {
        Router {
            state: Mutex::new(State::default()),
            per_address,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Hands `message` to the most specific receiver bound for its destination, or stores
    /// it; a full store for that address is ESME_RMSGQFUL (SMPP 3.4 5.1.3). Messages found
    /// expired in that address's store are returned for their receipts.
    pub(crate) fn route(
        &self,
        message: Message,
        now: Instant,
    ) -> (Result<(), CommandStatus>, Vec<Message>) {
        let mut state = self.lock();
        let Some(message) = forward(&mut state, message) else {
            return (Ok(()), Vec::new());
        };
        let queue = state
            .stored
            .entry(message.destination().to_owned())
            .or_default();
        let expired = take_expired(queue, now);
        if queue.len() >= self.per_address {
            return (Err(CommandStatus::ESME_RMSGQFUL), expired);
        }
        queue.push_back(message);
        (Ok(()), expired)
    }

    /// Puts back a message a session took but did not deliver: to another receiver, or to
    /// the front of its address's store, beyond the per-address bound (it was accepted).
    pub(crate) fn requeue(&self, message: Message) {
        let mut state = self.lock();
        if let Some(message) = forward(&mut state, message) {
            state
                .stored
                .entry(message.destination().to_owned())
                .or_default()
                .push_front(message);
        }
    }

    /// Registers a bound receiver and hands it the stored messages it is bound for; returns
    /// those found expired.
    pub(crate) fn attach(
        &self,
        session: u64,
        ranges: Vec<AddressRange>,
        tx: mpsc::UnboundedSender<Message>,
        now: Instant,
    ) -> Vec<Message> {
        let mut state = self.lock();
        let expired = drain(&mut state, &ranges, &tx, now);
        state.add(Receiver {
            session,
            ranges,
            tx,
        });
        expired
    }

    /// Hands a bound receiver the stored messages it is bound for again (after it
    /// answered a temporary error and then accepted one); returns those found expired.
    pub(crate) fn reoffer(
        &self,
        ranges: &[AddressRange],
        tx: &mpsc::UnboundedSender<Message>,
        now: Instant,
    ) -> Vec<Message> {
        drain(&mut self.lock(), ranges, tx, now)
    }

    /// Stores a message its receiver answered with a temporary error, without routing it
    /// back to that receiver at once.
    pub(crate) fn hold(&self, message: Message) {
        let mut state = self.lock();
        state
            .stored
            .entry(message.destination().to_owned())
            .or_default()
            .push_back(message);
    }

    /// Removes a session's registration; nothing is routed to it afterwards.
    pub(crate) fn detach(&self, session: u64) {
        let mut state = self.lock();
        let keys: Vec<u64> = (state.receivers.iter())
            .filter(|(_, r)| r.session == session)
            .map(|(&key, _)| key)
            .collect();
        for key in keys {
            state.remove(key);
        }
    }
}

/// Moves the stored messages for `ranges` to `tx`; returns the expired ones.
fn drain(
    state: &mut State,
    ranges: &[AddressRange],
    tx: &mpsc::UnboundedSender<Message>,
    now: Instant,
) -> Vec<Message> {
    let mut expired = Vec::new();
    let addresses: Vec<String> = state
        .stored
        .keys()
        .filter(|a| ranges.iter().any(|r| r.matches(a)))
        .cloned()
        .collect();
    for address in addresses {
        let Some(mut queue) = state.stored.remove(&address) else {
            continue;
        };
        expired.extend(take_expired(&mut queue, now));
        for message in queue {
            if let Err(returned) = tx.send(message) {
                state
                    .stored
                    .entry(address.clone())
                    .or_default()
                    .push_back(returned.0);
            }
        }
    }
    expired
}

/// Sends to the best receiver still listening; gives the message back when none is.
fn forward(state: &mut State, mut message: Message) -> Option<Message> {
    loop {
        let Some(best) = state.best(message.destination()) else {
            return Some(message);
        };
        let Some(receiver) = state.receivers.get(&best) else {
            return Some(message);
        };
        match receiver.tx.send(message) {
            Ok(()) => return None,
            Err(returned) => {
                message = returned.0;
                state.remove(best);
            }
        }
    }
}

fn take_expired(queue: &mut VecDeque<Message>, now: Instant) -> Vec<Message> {
    let mut expired = Vec::new();
    let mut live = VecDeque::with_capacity(queue.len());
    for message in queue.drain(..) {
        if message.expires > now {
            live.push_back(message)
        } else {
            expired.push(message)
        }
    }
    *queue = live;
    expired
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A receiver bound for `ranges` (routing only looks at them; nothing is sent).
    fn receiver(session: u64, ranges: &[&str]) -> Receiver {
        let (tx, _) = mpsc::unbounded_channel();
        Receiver {
            session,
            ranges: ranges.iter().map(|r| r.parse().unwrap()).collect(),
            tx,
        }
    }

    fn unbind(state: &mut State, session: u64) {
        let keys: Vec<u64> = (state.receivers.iter())
            .filter(|(_, r)| r.session == session)
            .map(|(&key, _)| key)
            .collect();
        keys.into_iter().for_each(|key| state.remove(key));
    }

    fn session_of(state: &State, address: &str) -> Option<u64> {
        let key = state.best(address)?;
        state.receivers.get(&key).map(|r| r.session)
    }

    /// SMPP 3.4 2.2: the bound receiver for the address; here the most specific range,
    /// the earliest bound among equals, and none once it is gone.
    #[test]
    fn the_most_specific_and_earliest_receiver_takes_the_address() {
        let mut state = State::default();
        state.add(receiver(1, &["49*"]));
        state.add(receiver(2, &["4915*"]));
        state.add(receiver(3, &["4915550001"]));
        state.add(receiver(4, &["4915550001", "*"]));
        state.add(receiver(5, &["4915*"]));
        assert_eq!(session_of(&state, "4915550001"), Some(3), "exact, earliest");
        assert_eq!(
            session_of(&state, "4915550002"),
            Some(2),
            "longest prefix, earliest"
        );
        assert_eq!(session_of(&state, "4916"), Some(1));
        assert_eq!(session_of(&state, "33"), Some(4), "the catch-all");
        unbind(&mut state, 3);
        assert_eq!(session_of(&state, "4915550001"), Some(4));
        unbind(&mut state, 2);
        assert_eq!(session_of(&state, "4915550002"), Some(5));
        unbind(&mut state, 4);
        assert_eq!(session_of(&state, "4915550001"), Some(5));
        assert_eq!(session_of(&state, "33"), None);
        assert!(state.exact.is_empty(), "no exact address left behind");
    }
}
