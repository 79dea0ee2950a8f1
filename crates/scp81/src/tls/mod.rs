//! PSK-TLS for SCP81 (GP Card Specification Amendment B, PSK TLS; SGP.02 2.4.4), through
//! the system's OpenSSL: rustls has no TLS 1.2 pre-shared-key cipher suites (RFC 4279,
//! RFC 5487).
//!
//! - TLS 1.2 only (SGP.02 2.4.4). The card opens the connection; the admin server answers
//!   with the key found for the PSK identity the card sends ([`PskAcceptor`]); the card's
//!   side is [`PskConnector`].
//! - Cipher suites ([`CipherSuite`]): SGP.02 2.4.4 names TLS_PSK_WITH_AES_128_GCM_SHA256
//!   and TLS_PSK_WITH_AES_128_CBC_SHA256, the default. Cards in the field also offer
//!   TLS_PSK_WITH_AES_128_CBC_SHA (a ClientHello of `00AE 008C 008B 00B0 002C`), which a
//!   configuration may add. TLS_PSK_WITH_3DES_EDE_CBC_SHA (`008B`) is left out: the
//!   OpenSSL 3 this builds on no longer offers 3DES at any security level, and the NULL
//!   suites (`00B0`, `002C`) give no confidentiality.
//! - No session resumption (SGP.02 2.4.4): no tickets, no session cache, on both sides.
//! - One time limit on the handshake, as a safety net against a silent peer.
//! - Keys are 16 to 32 bytes ([`Psk`]), zeroized when dropped and never printed.

mod client;
mod context;
mod error;
mod psk;
mod server;

use std::time::Duration;

pub use client::PskConnector;
pub use error::TlsError;
pub use psk::{MAX_PSK_LEN, MIN_PSK_LEN, Psk};
pub use server::{PskAcceptor, peer_identity};

/// A PSK-TLS connection (either side), over the stream `S`.
pub type TlsStream<S> = tokio_openssl::SslStream<S>;

/// The TLS 1.2 pre-shared-key cipher suites SCP81 uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CipherSuite {
    /// TLS_PSK_WITH_AES_128_GCM_SHA256, `00A8` (RFC 5487 2; SGP.02 2.4.4).
    Aes128GcmSha256,
    /// TLS_PSK_WITH_AES_128_CBC_SHA256, `00AE` (RFC 5487 3; SGP.02 2.4.4).
    Aes128CbcSha256,
    /// TLS_PSK_WITH_AES_128_CBC_SHA, `008C` (RFC 4279 2): not named by SGP.02, offered by
    /// cards that also speak older GP Amendment B versions.
    Aes128CbcSha,
}

impl CipherSuite {
    /// The two suites SGP.02 2.4.4 names.
    pub const SGP02: [CipherSuite; 2] =
        [CipherSuite::Aes128GcmSha256, CipherSuite::Aes128CbcSha256];

    /// The IANA code point.
    pub fn code(self) -> u16 {
        match self {
            CipherSuite::Aes128GcmSha256 => 0x00A8,
            CipherSuite::Aes128CbcSha256 => 0x00AE,
            CipherSuite::Aes128CbcSha => 0x008C,
        }
    }

    /// OpenSSL's name for the suite.
    pub fn openssl_name(self) -> &'static str {
        match self {
            CipherSuite::Aes128GcmSha256 => "PSK-AES128-GCM-SHA256",
            CipherSuite::Aes128CbcSha256 => "PSK-AES128-CBC-SHA256",
            CipherSuite::Aes128CbcSha => "PSK-AES128-CBC-SHA",
        }
    }

    /// The suite of an OpenSSL name.
    pub fn from_openssl_name(name: &str) -> Option<CipherSuite> {
        [
            CipherSuite::Aes128GcmSha256,
            CipherSuite::Aes128CbcSha256,
            CipherSuite::Aes128CbcSha,
        ]
        .into_iter()
        .find(|s| s.openssl_name() == name)
    }
}

/// What both sides of the PSK-TLS link are configured with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsConfig {
    /// The cipher suites offered (client) or accepted (server), in preference order.
    pub suites: Vec<CipherSuite>,
    /// The longest a handshake may take before the connection is dropped.
    pub handshake_timeout: Duration,
}

impl Default for TlsConfig {
    /// SGP.02's two suites and a 30-second handshake limit.
    fn default() -> Self {
        TlsConfig {
            suites: CipherSuite::SGP02.to_vec(),
            handshake_timeout: Duration::from_secs(30),
        }
    }
}

/// The cipher suite a connection negotiated.
pub fn negotiated_suite<S>(stream: &TlsStream<S>) -> Option<CipherSuite> {
    let cipher = stream.ssl().current_cipher()?;
    CipherSuite::from_openssl_name(cipher.name())
}
