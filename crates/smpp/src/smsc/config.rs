//! The SMSC's accounts and limits.

use std::time::Duration;

use super::address::AddressRange;

/// An ESME account: who may bind, and for which addresses.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// The system_id the ESME binds with (max 15 characters).
    pub system_id: String,
    /// Its password (max 8 characters); never logged.
    pub password: String,
    /// The addresses it may bind for and send from; empty allows any.
    pub allowed: Vec<AddressRange>,
}

impl Account {
    /// An account allowed any address.
    pub fn new(system_id: &str, password: &str) -> Account {
        Account {
            system_id: system_id.into(),
            password: password.into(),
            allowed: Vec::new(),
        }
    }

    /// Restricts the account to `ranges`.
    pub fn allowing(mut self, ranges: impl IntoIterator<Item = AddressRange>) -> Account {
        self.allowed.extend(ranges);
        self
    }
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("system_id", &self.system_id)
            .field("allowed", &self.allowed)
            .finish_non_exhaustive()
    }
}

/// The bounds that keep one ESME or one address from filling the SMSC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Messages one session may have submitted and not yet seen delivered or expired;
    /// past it submit_sm gets ESME_RTHROTTLED.
    pub session_window: usize,
    /// Messages stored for one unbound address; past it ESME_RMSGQFUL.
    pub per_address: usize,
    /// Messages in the SMSC altogether; past it ESME_RMSGQFUL.
    pub total: usize,
    /// deliver_sm a session may have sent and not seen answered.
    pub delivery_window: usize,
    /// Connections served at once; further ones are closed as they arrive.
    pub sessions: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            session_window: 100,
            per_address: 100,
            total: 10_000,
            delivery_window: 10,
            sessions: 256,
        }
    }
}

/// The SMSC's configuration.
#[derive(Debug, Clone)]
pub struct SmscConfig {
    /// The system_id in bind responses (max 15 characters).
    pub system_id: String,
    /// Who may bind.
    pub accounts: Vec<Account>,
    /// Window and queue bounds.
    pub limits: Limits,
    /// How long a message without validity_period stays deliverable.
    pub default_validity: Duration,
    /// The longest validity a submit_sm may ask for; longer ones are cut to it.
    pub max_validity: Duration,
    /// How long one PDU write may take before the session is dropped (a safety net).
    pub write_timeout: Duration,
}

impl SmscConfig {
    /// A configuration with these accounts, the default limits, a 48-hour default and a
    /// 7-day maximum validity.
    pub fn new(accounts: Vec<Account>) -> SmscConfig {
        SmscConfig {
            system_id: "rsp-lab".into(),
            accounts,
            limits: Limits::default(),
            default_validity: Duration::from_secs(48 * 3600),
            max_validity: Duration::from_secs(7 * 24 * 3600),
            write_timeout: Duration::from_secs(30),
        }
    }
}
