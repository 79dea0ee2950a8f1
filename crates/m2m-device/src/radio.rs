//! The radio link between the network and the modem, as a lab shapes it: MT short messages
//! lost before they reach the card (the SM-SR hears no PoR and sends again), PoRs held back
//! before they leave, and the short messages counted both ways.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Whether the next MT short message is lost; drawn once per message.
pub type LossDraw = Arc<dyn Fn() -> bool + Send + Sync>;

/// The link's faults and its counters; clones share the counters.
#[derive(Clone, Default)]
pub struct Radio {
    /// Loses an MT short message for the card when it returns true; none lost when unset.
    pub lose_mt: Option<LossDraw>,
    /// How long each PoR waits before it is submitted.
    pub por_delay: Duration,
    counts: Arc<Counters>,
}

#[derive(Default)]
struct Counters {
    mt: AtomicU64,
    mo: AtomicU64,
    lost: AtomicU64,
    mt_octets: AtomicU64,
    mo_octets: AtomicU64,
}

/// Short messages over the link so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RadioCounts {
    /// MT short messages for the card that arrived, lost ones included.
    pub mt: u64,
    /// MO short messages submitted (PoRs and the card's own).
    pub mo: u64,
    /// MT short messages lost before the card saw them.
    pub lost: u64,
    /// The TP-User-Data octets of the MT short messages.
    pub mt_octets: u64,
    /// The TP-User-Data octets of the MO short messages.
    pub mo_octets: u64,
}

impl Radio {
    /// A link losing the MT short messages `lose_mt` draws, holding each PoR `por_delay`.
    pub fn new(lose_mt: Option<LossDraw>, por_delay: Duration) -> Radio {
        Radio {
            lose_mt,
            por_delay,
            counts: Arc::default(),
        }
    }

    /// The counters so far.
    pub fn counts(&self) -> RadioCounts {
        let c = &self.counts;
        RadioCounts {
            mt: c.mt.load(Ordering::Relaxed),
            mo: c.mo.load(Ordering::Relaxed),
            lost: c.lost.load(Ordering::Relaxed),
            mt_octets: c.mt_octets.load(Ordering::Relaxed),
            mo_octets: c.mo_octets.load(Ordering::Relaxed),
        }
    }

    /// Counts an MT short message for the card of `octets` user data; whether it is lost.
    pub(crate) fn mt_lost(&self, octets: usize) -> bool {
        self.counts.mt.fetch_add(1, Ordering::Relaxed);
        (self.counts.mt_octets).fetch_add(octets as u64, Ordering::Relaxed);
        let lost = self.lose_mt.as_ref().is_some_and(|draw| draw());
        if lost {
            self.counts.lost.fetch_add(1, Ordering::Relaxed);
        }
        lost
    }

    /// Counts an MO short message of `octets` user data submitted.
    pub(crate) fn mo_sent(&self, octets: usize) {
        self.counts.mo.fetch_add(1, Ordering::Relaxed);
        (self.counts.mo_octets).fetch_add(octets as u64, Ordering::Relaxed);
    }
}

impl std::fmt::Debug for Radio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Radio")
            .field("lose_mt", &self.lose_mt.is_some())
            .field("por_delay", &self.por_delay)
            .field("counts", &self.counts())
            .finish()
    }
}
