//! The ESipa client, ASN.1 binding (SGP.32 v1.2 6.1, 6.3): every message is the DER of
//! `EsipaMessageFromIpaToEim`, POSTed over HTTPS to `/gsma/rsp2/asn1` of the eIM with
//! `Content-Type: application/x-gsma-rsp-asn1`, `X-Admin-Protocol: gsma/rsp/v2.1.0` and
//! `User-Agent: gsma-rsp-ipad`; the answer is HTTP 200 with the DER of
//! `EsipaMessageFromEimToIpa`, or 204 without a body where the function has no response
//! (HandleNotification).
//!
//! One [`EsipaClient`] (one set of kept-alive connections, [`infra::keep_alive`], one TLS
//! configuration) serves any number of IPAs: a fleet of simulated devices shares it, each
//! exchange taking an idle connection to the eIM and putting it back once the answer is
//! read, so a fleet keeps about one connection per session it runs at once.
//!
//! The same messages go over CoAP on DTLS to an eIM whose URL is `coaps://host[:port]`
//! (SGP.32's CoAP binding; [`coaps`]): POSTed to `/gsma/rsp2/asn1`, answered in 2.04
//! Changed (an empty one as HTTPS's 204), the device's PSK or the eIM's certificate
//! securing them.
//!
//! An SGP.32 v1.0 IPA ([`EsipaClient::speaking`]) sends and reads v1.0's octets
//! (`proto::sgp32::v1_0`, converted from and to the v1.2 model the IPA works on) over a
//! connection of its own, as a device's IPA does: a v1.0 eIM knows the device of a result
//! without EID by the connection it polled on. v1.0 has no error in the answer to
//! ProvideEimPackageResult; an eIM refuses with an HTTP error status.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use infra::keep_alive::{KeepAlive, KeepAliveOptions};
use infra::tls::{ServerTrust, client_config};
use infra::trace::{Direction, TraceDir};
use proto::der::Asn1;
use proto::json::http;
use proto::sgp32::v1_0 as v10;
use proto::sgp32::{EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim};

use super::error::IpaError;
use euicc_sim::Sgp32Version;
use lpa::fault::{AnswerLoss, LOST_ANSWER, lost};
use lpa::quirks::Quirks;

/// The path of the ASN.1 binding.
pub const ESIPA_ASN1_PATH: &str = http::ASN1_PATH;
/// The content type of the ASN.1 binding.
pub const ESIPA_CONTENT_TYPE: &str = http::CONTENT_TYPE_ASN1;
/// `X-Admin-Protocol` of SGP.32 v1.2.
pub const ESIPA_ADMIN_PROTOCOL: &str = http::ADMIN_PROTOCOL_ESIPA;
/// `User-Agent` of an IPA in the device (SGP.32 v1.2, since CR111005).
pub const ESIPA_USER_AGENT: &str = http::USER_AGENT_IPAD;

/// How the ESipa client connects.
#[derive(Clone)]
pub struct EsipaOptions {
    /// Roots for the eIM's TLS certificate (the lab CI), or no verification.
    pub trust: ServerTrust,
    /// `(host, address)`: connect to `address` for `host` (the lab's loopback servers).
    pub resolve: Vec<(String, SocketAddr)>,
    pub timeout: Duration,
    /// Every message written to this directory.
    pub trace: Option<TraceDir>,
    /// The device's DTLS pre-shared key (identity, key) for an eIM reached over CoAP;
    /// without it, the eIM's certificate (checked against `trust`).
    pub psk: Option<(Vec<u8>, Vec<u8>)>,
    /// CoAP's ACK_TIMEOUT when not RFC 7252's 2 s (4.8.1: a lab on loopback scales its
    /// timers down).
    pub coap_ack_timeout: Option<Duration>,
}

impl EsipaOptions {
    pub fn new(trust: ServerTrust) -> EsipaOptions {
        EsipaOptions {
            trust,
            resolve: Vec::new(),
            timeout: Duration::from_secs(30),
            trace: None,
            psk: None,
            coap_ack_timeout: None,
        }
    }
}

/// Idle connections a shared client keeps: more than a fleet runs sessions at once.
const SHARED_IDLE: usize = 256;

/// An HTTPS client for ESipa; cheap to clone.
#[derive(Clone)]
pub struct EsipaClient {
    /// Shared by the clones (one per device of a fleet); a v1.0 IPA's is its own.
    http: Arc<KeepAlive>,
    generation: Sgp32Version,
    trace: Option<TraceDir>,
    lose_answer: Option<AnswerLoss>,
    /// The device's departures from the specification ([`lpa::quirks`]).
    quirks: Quirks,
    /// For `coaps://` eIMs: the CoAP client, made on the first such request (its DTLS
    /// associations shared by the clones), and where each host is.
    coap: Option<Arc<LazyCoap>>,
    resolve: Arc<[(String, SocketAddr)]>,
}

impl std::fmt::Debug for EsipaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EsipaClient")
            .field("generation", &self.generation)
            .field(
                "trace",
                &self.trace.as_ref().map(|t| t.path().to_path_buf()),
            )
            .finish_non_exhaustive()
    }
}

/// The name of a message for logs and trace files.
pub(super) fn message_name(m: &EsipaMessageFromIpaToEim) -> &'static str {
    use EsipaMessageFromIpaToEim as M;
    match m {
        M::InitiateAuthenticationRequestEsipa(_) => "initiateAuthentication",
        M::AuthenticateClientRequestEsipa(_) => "authenticateClient",
        M::GetBoundProfilePackageRequestEsipa(_) => "getBoundProfilePackage",
        M::CancelSessionRequestEsipa(_) => "cancelSession",
        M::HandleNotificationEsipa(_) => "handleNotification",
        M::TransferEimPackageResponse(_) => "transferEimPackage",
        M::GetEimPackageRequest(_) => "getEimPackage",
        M::ProvideEimPackageResult(_) => "provideEimPackageResult",
        M::Unknown(_) => "unknown",
    }
}

impl EsipaClient {
    pub fn new(options: &EsipaOptions) -> Result<EsipaClient, IpaError> {
        let tls = client_config(&options.trust, None)
            .map_err(|e| IpaError::Setup(format!("HTTPS client: {e}")))?;
        let security = match (&options.psk, &options.trust) {
            (Some((identity, key)), _) => Some(coaps::ClientSecurity::Psk {
                identity: identity.clone(),
                key: key.clone(),
            }),
            (None, ServerTrust::Roots(roots)) => Some(coaps::ClientSecurity::Certificate {
                roots: roots.to_vec(),
            }),
            (None, ServerTrust::Insecure) => None,
        };
        let coap = security.map(|s| {
            Arc::new(LazyCoap {
                security: Arc::new(s),
                timeout: options.timeout,
                ack_timeout: options.coap_ack_timeout,
                loss: None,
                client: OnceLock::new(),
                template: None,
            })
        });
        Ok(EsipaClient {
            http: Arc::new(KeepAlive::new(KeepAliveOptions {
                resolve: options.resolve.clone(),
                timeout: options.timeout,
                max_idle: SHARED_IDLE,
                ..KeepAliveOptions::new(Arc::new(tls))
            })),
            generation: Sgp32Version::V1_2,
            trace: options.trace.clone(),
            lose_answer: None,
            quirks: Quirks::none(),
            coap,
            resolve: options.resolve.clone().into(),
        })
    }

    /// The client of an IPA speaking SGP.32 `generation`: this one for v1.2 and v1.3 (the
    /// same octets on ESipa), for v1.0 one with its own connection (see the module doc).
    pub fn speaking(&self, generation: Sgp32Version) -> Result<EsipaClient, IpaError> {
        let http = match generation {
            Sgp32Version::V1_2 | Sgp32Version::V1_3 => self.http.clone(),
            Sgp32Version::V1_0 => Arc::new(KeepAlive::new(KeepAliveOptions {
                max_idle: 1,
                ..self.http.options().clone()
            })),
        };
        Ok(EsipaClient {
            http,
            generation,
            ..self.clone()
        })
    }

    /// TLS connections this client opened: one per session run at once for a client a fleet
    /// shares; a v1.0 IPA's client counts its own.
    pub fn connections(&self) -> u64 {
        self.http.connections()
    }

    /// What this client put on the wire and took from it so far, each binding apart: for
    /// this client and every one made from it with [`EsipaClient::with_own_coap`] (their
    /// HTTPS connections are this one's; their CoAP associations count here too).
    pub fn wire(&self) -> Wire {
        let octets = self.http.octets();
        let coap = (self.coap.as_ref())
            .map(|c| c.template.as_ref().unwrap_or(c))
            .and_then(|c| c.client.get()?.as_ref().ok());
        Wire {
            https_connections: self.http.connections(),
            https_octets_sent: octets.sent(),
            https_octets_received: octets.received(),
            coap: coap.map(coaps::CoapClient::traffic).unwrap_or_default(),
            dtls_handshakes: coap.map_or((0, 0), coaps::CoapClient::handshakes),
        }
    }

    /// Ends the CoAP client's DTLS associations with close_notify, keeping their sessions
    /// (a device going to sleep; its next poll resumes the session). Nothing over HTTPS.
    pub async fn sleep(&self) {
        if let Some(Ok(coap)) = self.coap.as_ref().and_then(|c| c.client.get()) {
            coap.sleep().await;
        }
    }

    /// The SGP.32 generation spoken.
    pub fn generation(&self) -> Sgp32Version {
        self.generation
    }

    /// The same client (same connections) writing its trace files to `trace` instead (the lab
    /// gives each device its own directory).
    pub fn with_trace(&self, trace: TraceDir) -> EsipaClient {
        EsipaClient {
            trace: Some(trace),
            ..self.clone()
        }
    }

    /// The same client (same connections) whose answers `hook` may lose after the eIM
    /// processed the request ([`lpa::fault`]); one per device gives each its own draws.
    pub fn with_answer_loss(&self, hook: AnswerLoss) -> EsipaClient {
        EsipaClient {
            lose_answer: Some(hook),
            ..self.clone()
        }
    }

    /// The same client (same connections) sending as a device with `quirks` does
    /// ([`Quirks::esipa_message`], [`Quirks::esipa_octets`]).
    pub fn with_quirks(&self, quirks: Quirks) -> EsipaClient {
        EsipaClient {
            quirks,
            ..self.clone()
        }
    }

    /// The same client with CoAP associations of its own (its own sockets and DTLS
    /// sessions, as one device has); HTTPS connections stay shared. What it carries is
    /// counted with this client's ([`EsipaClient::wire`]): a fleet's total is read where
    /// its clients came from.
    pub fn with_own_coap(&self) -> EsipaClient {
        EsipaClient {
            coap: self.coap.as_ref().map(|c| Arc::new(c.fresh())),
            ..self.clone()
        }
    }

    /// The same client with CoAP associations of its own ([`EsipaClient::with_own_coap`])
    /// on a network that loses each datagram with probability `rate`, drawn with `seed`
    /// (the lab's model of a device's radio network; [`coaps::CoapClient::with_loss`]).
    pub fn with_own_lossy_coap(&self, rate: f64, seed: u64) -> EsipaClient {
        EsipaClient {
            coap: self.coap.as_ref().map(|c| {
                Arc::new(LazyCoap {
                    loss: Some((rate, seed)),
                    ..c.fresh()
                })
            }),
            ..self.clone()
        }
    }

    /// The quirks this client sends with.
    pub fn quirks(&self) -> &Quirks {
        &self.quirks
    }

    /// Sends `message` to the eIM at `base_url` (`https://host[:port]`); `None` when the eIM
    /// answered 204 No Content.
    pub async fn send(
        &self,
        base_url: &str,
        message: &EsipaMessageFromIpaToEim,
    ) -> Result<Option<EsipaMessageFromEimToIpa>, IpaError> {
        let function = message_name(message);
        let url = format!("{}{ESIPA_ASN1_PATH}", base_url.trim_end_matches('/'));
        let quirked;
        let message = if self.quirks.is_empty() {
            message
        } else {
            quirked = self
                .quirks
                .esipa_message(message.clone())
                .map_err(|e| IpaError::Setup(format!("{function} with quirks: {e}")))?;
            &quirked
        };
        let body = match self.generation {
            Sgp32Version::V1_2 | Sgp32Version::V1_3 => message.to_der(),
            Sgp32Version::V1_0 => v10::EsipaMessageFromIpaToEim::from_v1_2(message)
                .map_err(|e| IpaError::Setup(format!("{function} has no v1.0 form: {e}")))?
                .to_der(),
        };
        let body = self.quirks.esipa_octets(body);
        if let Some(t) = &self.trace {
            t.write("esipa", function, Direction::Request, &body);
        }
        let headers = [
            ("content-type", ESIPA_CONTENT_TYPE),
            (http::X_ADMIN_PROTOCOL, ESIPA_ADMIN_PROTOCOL),
            ("user-agent", ESIPA_USER_AGENT),
        ];
        let connection = |detail: String| IpaError::Connection {
            function,
            url: url.clone(),
            detail,
        };
        let (status, bytes) = if let Some(authority) = url.strip_prefix("coaps://") {
            let (status, payload) = self.coap_post(authority, body).await.map_err(connection)?;
            (status, payload.into())
        } else {
            let answer = (self.http.post(&url, &headers, body).await)
                .map_err(|e| connection(e.to_string()))?;
            (answer.status, answer.body)
        };
        if let Some(t) = &self.trace {
            t.write("esipa", function, Direction::Response, &bytes);
        }
        if lost(self.lose_answer.as_ref(), "esipa", function) {
            return Err(IpaError::Connection {
                function,
                url,
                detail: LOST_ANSWER.into(),
            });
        }
        match status {
            204 => Ok(None),
            200 if bytes.is_empty() => Ok(None),
            200 => self
                .read_answer(&bytes)
                .map(Some)
                .map_err(|e| IpaError::EimAnswer {
                    function,
                    detail: e.to_string(),
                }),
            _ => Err(IpaError::Http {
                function,
                url,
                status,
            }),
        }
    }
}

/// What an [`EsipaClient`] carried ([`EsipaClient::wire`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wire {
    /// TLS connections opened (each a TCP connection and a full handshake).
    pub https_connections: u64,
    /// TLS records sent over them (the TCP payload), handshakes included.
    pub https_octets_sent: u64,
    /// TLS records received.
    pub https_octets_received: u64,
    /// The CoAP client's datagrams, octets and retransmissions.
    pub coap: coaps::Traffic,
    /// DTLS handshakes, and how many of them resumed a session.
    pub dtls_handshakes: (u64, u64),
}

impl std::iter::Sum for Wire {
    fn sum<I: Iterator<Item = Wire>>(iter: I) -> Wire {
        iter.fold(Wire::default(), |a, w| Wire {
            https_connections: a.https_connections + w.https_connections,
            https_octets_sent: a.https_octets_sent + w.https_octets_sent,
            https_octets_received: a.https_octets_received + w.https_octets_received,
            coap: a.coap + w.coap,
            dtls_handshakes: (
                a.dtls_handshakes.0 + w.dtls_handshakes.0,
                a.dtls_handshakes.1 + w.dtls_handshakes.1,
            ),
        })
    }
}

/// The CoAP client of an [`EsipaClient`], made on the first `coaps://` request: an IPA
/// that speaks HTTPS only never sets up a DTLS context.
struct LazyCoap {
    security: Arc<coaps::ClientSecurity>,
    timeout: Duration,
    ack_timeout: Option<Duration>,
    /// The modelled network's loss `(rate, seed)` ([`coaps::CoapClient::with_loss`]).
    loss: Option<(f64, u64)>,
    client: OnceLock<Result<coaps::CoapClient, String>>,
    /// The client this one was made fresh from ([`EsipaClient::with_own_coap`]).
    template: Option<Arc<LazyCoap>>,
}

impl LazyCoap {
    fn get(&self) -> Result<&coaps::CoapClient, String> {
        let lossy = |c: coaps::CoapClient| match self.loss {
            Some((rate, seed)) => c.with_loss(rate, seed),
            None => c,
        };
        let made = self.client.get_or_init(|| match &self.template {
            // associations of its own, counted with the template's
            Some(t) => t.get().map(coaps::CoapClient::fresh).map(lossy),
            None => coaps::CoapClient::new((*self.security).clone(), coaps::block::MAX_SZX)
                .map(|c| c.with_handshake_timeout(self.timeout))
                .map(|c| match self.ack_timeout {
                    Some(t) => c.with_ack_timeout(t),
                    None => c,
                })
                .map(lossy)
                .map_err(|e| format!("CoAP client: {e}")),
        });
        made.as_ref().map_err(Clone::clone)
    }

    /// The same configuration with associations of its own, counting into this one's
    /// template (the first client of the line).
    fn fresh(self: &Arc<LazyCoap>) -> LazyCoap {
        LazyCoap {
            security: self.security.clone(),
            timeout: self.timeout,
            ack_timeout: self.ack_timeout,
            loss: self.loss,
            client: OnceLock::new(),
            template: Some(self.template.clone().unwrap_or_else(|| self.clone())),
        }
    }
}

impl EsipaClient {
    /// POSTs `body` over CoAP/DTLS to the eIM at `authority` (`host[:port]/…`, 5684 by
    /// default, RFC 7252 6.2); the answer as the HTTPS binding's status and body.
    async fn coap_post(&self, authority: &str, body: Vec<u8>) -> Result<(u16, Vec<u8>), String> {
        let coap = (self.coap.as_ref())
            .ok_or("no DTLS credentials for coaps:// (a PSK or the eIM's CA)")?
            .get()?;
        let authority = authority.split('/').next().unwrap_or_default();
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (
                h,
                Some(p.parse::<u16>().map_err(|_| format!("port {p:?}"))?),
            ),
            None => (authority, None),
        };
        // a resolved host keeps the URL's port when it names one (the HTTPS and CoAP
        // listeners of one eIM share its address, not its port)
        let addr = match self.resolve.iter().find(|(h, _)| h == host) {
            Some((_, a)) => port.map_or(*a, |p| SocketAddr::new(a.ip(), p)),
            None => tokio::net::lookup_host((host, port.unwrap_or(5684)))
                .await
                .map_err(|e| format!("{host}: {e}"))?
                .next()
                .ok_or_else(|| format!("{host}: no address"))?,
        };
        let r = (coap.post(addr, host, ESIPA_ASN1_PATH, &body).await).map_err(|e| e.to_string())?;
        Ok((coaps::http::http_status(r.code), r.payload))
    }

    /// The eIM's answer as the v1.2 message the IPA works on.
    fn read_answer(
        &self,
        bytes: &[u8],
    ) -> Result<EsipaMessageFromEimToIpa, proto::der::DecodeError> {
        match self.generation {
            Sgp32Version::V1_2 | Sgp32Version::V1_3 => EsipaMessageFromEimToIpa::from_der(bytes),
            Sgp32Version::V1_0 => v10::EsipaMessageFromEimToIpa::from_der(bytes)?.to_v1_2(),
        }
    }
}
