//! What one listener allows a client: how long the TLS handshake, a request head and a
//! request body may take, how long a keep-alive connection may sit idle, how many connections
//! are served at once, how many the kernel queues before they are accepted, and how large a
//! request head and body may be. The servers read them from the `[limits]` section of their
//! TOML file ([`apply_toml`]): keys directly under `[limits]` apply to every listener, keys
//! under `[limits.<listener>]` to that one only.
//!
//! ```toml
//! [limits]                      # every listener (the defaults)
//! handshake_timeout_ms = 10000  # TCP accepted → TLS handshake done
//! header_timeout_ms = 10000     # first octet of a request (or the handshake) → head complete
//! body_timeout_ms = 30000       # head complete → body complete
//! idle_timeout_ms = 30000       # keep-alive: response sent → first octet of the next request
//! max_connections = 512         # served at once; more wait in the kernel's listen backlog
//! listen_backlog = 1024         # connections the kernel queues before they are accepted
//! max_header_bytes = 16384      # request line and headers
//! max_body_bytes = 65536        # request body; larger ones get the interface's own error
//!
//! [limits.es2]                  # only this listener, over the keys above
//! max_connections = 64
//! ```

use std::time::Duration;

use serde::Deserialize;

/// The default listen backlog of every listener (`[limits] listen_backlog`): connections
/// the kernel completes and queues before they are accepted (`listen(2)`; Linux caps it at
/// `net.core.somaxconn`, 4096 by default). The standard library's and tokio's 128 drops the
/// SYN of every further client while the queue is full, and each such client waits for its
/// retransmission, a second or more: a burst of 256 devices starting their downloads at
/// once (`bench download --concurrency 256`) had one in twenty wait over a second in
/// InitiateAuthentication. With `max_connections` reached, clients also wait here.
pub const LISTEN_BACKLOG: u32 = 1024;

/// The largest `listen_backlog` (the kernel's own cap, `net.core.somaxconn`, is at most
/// this on Linux).
pub const MAX_LISTEN_BACKLOG: u32 = 65_535;

/// The smallest head buffer hyper accepts (its `max_buf_size` panics below it).
pub const MIN_HEADER_BYTES: usize = 8192;

/// Limits of one listener.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// From the accepted TCP connection to the finished TLS handshake.
    pub handshake_timeout: Duration,
    /// From the first octet of a request head to its end; for a connection's first request,
    /// from the end of the TLS handshake. A client that connects and then sends nothing, or
    /// drips the head, is cut off after this time however steadily it sends.
    pub header_timeout: Duration,
    /// From the end of a request head to the end of its body.
    pub body_timeout: Duration,
    /// A keep-alive connection with no request in progress is closed after this time.
    pub idle_timeout: Duration,
    /// Connections served at once on the listener. The listener stops accepting at the limit;
    /// further clients wait in the kernel's listen backlog until a connection ends.
    pub max_connections: usize,
    /// Connections the kernel completes and queues before the listener accepts them (the
    /// backlog of `listen(2)`, capped by `net.core.somaxconn` on Linux): a client beyond it
    /// has its SYN dropped and waits a second or more for the retransmission
    /// ([`crate::startup::bind`]).
    pub listen_backlog: u32,
    /// Largest request head (request line and header fields); at least [`MIN_HEADER_BYTES`].
    pub max_header_bytes: usize,
    /// Largest request body; a larger one is answered with the interface's own error.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    /// 10 s for the handshake and for a head (RFC 9112 leaves these to the server; Apache's
    /// mod_reqtimeout allows 20 s for a head, which a request of a few hundred octets never
    /// needs), 30 s for a body (a 256 KiB body at 10 KiB/s), 30 s of keep-alive idleness (an
    /// LPA's next ES9+ call follows within seconds; a later one pays one handshake), 512
    /// connections (two listeners and the database stay under the usual 1024 descriptors),
    /// 16 KiB of head (nginx's largest default header buffer is 8 KiB; ours carry a few
    /// short fields) and 64 KiB of body (see each server's listeners for theirs).
    fn default() -> Self {
        Limits {
            handshake_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30),
            max_connections: 512,
            listen_backlog: LISTEN_BACKLOG,
            max_header_bytes: 16 * 1024,
            max_body_bytes: 64 * 1024,
        }
    }
}

impl Limits {
    /// Why these limits cannot be served, if they cannot.
    pub fn check(&self) -> Result<(), LimitsError> {
        let timeouts = [
            ("handshake_timeout_ms", self.handshake_timeout),
            ("header_timeout_ms", self.header_timeout),
            ("body_timeout_ms", self.body_timeout),
            ("idle_timeout_ms", self.idle_timeout),
        ];
        if let Some((name, _)) = timeouts.iter().find(|(_, d)| d.is_zero()) {
            return Err(LimitsError::Zero(name));
        }
        if self.max_connections == 0 {
            return Err(LimitsError::Zero("max_connections"));
        }
        if !(1..=MAX_LISTEN_BACKLOG).contains(&self.listen_backlog) {
            return Err(LimitsError::Backlog);
        }
        if self.max_header_bytes < MIN_HEADER_BYTES {
            return Err(LimitsError::HeaderBytes);
        }
        if self.max_body_bytes == 0 {
            return Err(LimitsError::Zero("max_body_bytes"));
        }
        Ok(())
    }
}

/// One table of the `[limits]` section: every key optional.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LimitsFile {
    handshake_timeout_ms: Option<u64>,
    header_timeout_ms: Option<u64>,
    body_timeout_ms: Option<u64>,
    idle_timeout_ms: Option<u64>,
    max_connections: Option<usize>,
    listen_backlog: Option<u32>,
    max_header_bytes: Option<usize>,
    max_body_bytes: Option<usize>,
}

impl LimitsFile {
    fn apply(&self, l: &mut Limits) {
        let ms = Duration::from_millis;
        if let Some(v) = self.handshake_timeout_ms {
            l.handshake_timeout = ms(v);
        }
        if let Some(v) = self.header_timeout_ms {
            l.header_timeout = ms(v);
        }
        if let Some(v) = self.body_timeout_ms {
            l.body_timeout = ms(v);
        }
        if let Some(v) = self.idle_timeout_ms {
            l.idle_timeout = ms(v);
        }
        if let Some(v) = self.max_connections {
            l.max_connections = v;
        }
        if let Some(v) = self.listen_backlog {
            l.listen_backlog = v;
        }
        if let Some(v) = self.max_header_bytes {
            l.max_header_bytes = v;
        }
        if let Some(v) = self.max_body_bytes {
            l.max_body_bytes = v;
        }
    }
}

/// Applies a server's `[limits]` section to its listeners' limits (named as in the section's
/// sub-tables): first the keys of `[limits]` to all, then each `[limits.<name>]` to its
/// listener. The result is checked; an unknown key or listener is an error.
pub fn apply_toml(
    section: &toml::Table,
    listeners: &mut [(&str, &mut Limits)],
) -> Result<(), LimitsError> {
    let mut common = toml::Table::new();
    let mut own = Vec::new();
    for (key, value) in section {
        match (listeners.iter().position(|(n, _)| n == key), value) {
            (Some(i), toml::Value::Table(t)) => own.push((i, t.clone())),
            (Some(_), _) => return Err(LimitsError::NotATable(key.clone())),
            (None, toml::Value::Table(_)) => {
                let names: Vec<&str> = listeners.iter().map(|(n, _)| *n).collect();
                return Err(LimitsError::NoListener {
                    key: key.clone(),
                    listeners: names.join(", "),
                });
            }
            (None, v) => {
                common.insert(key.clone(), v.clone());
            }
        }
    }
    let parse = |prefix: &str, t: toml::Table| {
        toml::Value::Table(t)
            .try_into::<LimitsFile>()
            .map_err(|e| LimitsError::Toml {
                section: prefix.to_string(),
                detail: e.to_string().trim().to_string(),
            })
    };
    let common = parse("limits", common)?;
    for (_, limits) in listeners.iter_mut() {
        common.apply(limits);
    }
    for (i, table) in own {
        let name = listeners[i].0;
        parse(&format!("limits.{name}"), table)?.apply(listeners[i].1);
    }
    for (name, limits) in listeners.iter() {
        limits.check().map_err(|e| e.of_listener(name))?;
    }
    Ok(())
}

/// Why limits cannot be served, or a `[limits]` section cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitsError {
    /// A limit that must be at least 1 is 0.
    #[error("{0} must be at least 1")]
    Zero(&'static str),
    /// The listen backlog is outside what the kernel takes.
    #[error("listen_backlog must be between 1 and {MAX_LISTEN_BACKLOG}")]
    Backlog,
    /// The header limit is below what a request head needs.
    #[error("max_header_bytes must be at least {MIN_HEADER_BYTES}")]
    HeaderBytes,
    /// `[limits.NAME]` of a listener is not a table.
    #[error("limits.{0}: a table of limits")]
    NotATable(String),
    /// A sub-table names no listener of the server.
    #[error("limits.{key}: no such listener (listeners: {listeners})")]
    NoListener {
        /// The sub-table's name.
        key: String,
        /// The server's listeners, comma-separated.
        listeners: String,
    },
    /// A section's keys do not read as limits.
    #[error("{section}: {detail}")]
    Toml {
        /// `limits` or `limits.NAME`.
        section: String,
        /// The TOML reader's words.
        detail: String,
    },
    /// The limits of this listener cannot be served.
    #[error("limits.{listener}: {source}")]
    Listener {
        /// The listener's name.
        listener: String,
        /// Why.
        source: Box<LimitsError>,
    },
}

impl LimitsError {
    /// This error, said of the listener `name`.
    pub fn of_listener(self, name: &str) -> LimitsError {
        LimitsError::Listener {
            listener: name.to_string(),
            source: Box::new(self),
        }
    }
}

/// Descriptors a server needs besides its connections: listeners, the database pool, log and
/// trace files, outgoing HTTPS clients.
const DESCRIPTOR_RESERVE: u64 = 64;

/// Warns when the process may open fewer files than `listeners` could hold connections
/// (plus a reserve for the rest of the server): the connection limit would then not protect
/// the server, `accept` would fail with "too many open files" first. nginx warns likewise
/// when worker_connections exceed the open-file limit.
pub fn check_descriptors(server: &str, listeners: &[&Limits]) {
    let wanted: u64 = listeners.iter().map(|l| l.max_connections as u64).sum();
    let Some(soft) = crate::sys::open_file_limit() else {
        return;
    };
    if wanted + DESCRIPTOR_RESERVE > soft {
        tracing::warn!(
            server,
            max_connections = wanted,
            open_file_limit = soft,
            "the listeners' max_connections plus {DESCRIPTOR_RESERVE} descriptors for the rest \
             exceed the open-file limit: raise it (ulimit -n) or lower [limits] max_connections"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(text: &str) -> toml::Table {
        toml::from_str::<toml::Table>(text).unwrap()["limits"]
            .as_table()
            .unwrap()
            .clone()
    }

    #[test]
    fn common_keys_then_the_listeners_own() {
        let (mut a, mut b) = (Limits::default(), Limits::default());
        b.max_body_bytes = 4096;
        apply_toml(
            &section(
                "[limits]\nheader_timeout_ms = 250\nmax_connections = 8\n\
                 [limits.b]\nmax_connections = 2\nlisten_backlog = 4096\n",
            ),
            &mut [("a", &mut a), ("b", &mut b)],
        )
        .unwrap();
        assert_eq!(a.header_timeout, Duration::from_millis(250));
        assert_eq!(b.header_timeout, Duration::from_millis(250));
        assert_eq!((a.max_connections, b.max_connections), (8, 2));
        assert_eq!((a.listen_backlog, b.listen_backlog), (1024, 4096));
        assert_eq!(a.max_body_bytes, Limits::default().max_body_bytes);
        assert_eq!(b.max_body_bytes, 4096, "a listener's own default is kept");
    }

    #[test]
    fn unknown_keys_listeners_and_unusable_values_are_refused() {
        for (text, needle) in [
            ("[limits]\nmax_conections = 3\n", "max_conections"),
            ("[limits.c]\nmax_connections = 3\n", "no such listener"),
            ("[limits]\na = 3\n", "limits.a: a table"),
            (
                "[limits.a]\nmax_connections = 0\n",
                "limits.a: max_connections",
            ),
            ("[limits]\nmax_header_bytes = 100\n", "at least 8192"),
            ("[limits]\nidle_timeout_ms = 0\n", "idle_timeout_ms"),
            ("[limits]\nlisten_backlog = 0\n", "listen_backlog must be"),
            (
                "[limits]\nlisten_backlog = 70000\n",
                "listen_backlog must be",
            ),
        ] {
            let mut a = Limits::default();
            let err = apply_toml(&section(text), &mut [("a", &mut a)])
                .unwrap_err()
                .to_string();
            assert!(err.contains(needle), "{text:?}: {err}");
        }
    }
}
