//! The ESipa wire: the ASN.1 binding (SGP.32 v1.2 6.3: DER `EsipaMessageFromIpaToEim` in,
//! `EsipaMessageFromEimToIpa` out, `POST /gsma/rsp2/asn1`, `application/x-gsma-rsp-asn1`)
//! with the IPA's headers or the ones a case sets; every exchange kept as evidence.

use infra::keep_alive::KeepAlive;
use ipa::{ESIPA_ADMIN_PROTOCOL, ESIPA_ASN1_PATH, ESIPA_CONTENT_TYPE, ESIPA_USER_AGENT};
use proto::der::Asn1;
use proto::json::http::X_ADMIN_PROTOCOL;
use proto::sgp32::EsipaMessageFromEimToIpa;

use super::EimOptions;
use crate::evidence::Evidence;
use crate::wire::{fresh_connections, resolves_on, url_port};
use crate::{ConformError, Stop};

/// How the runner reaches the eIM's ESipa: HTTPS, or CoAP on DTLS (where the binding has
/// no headers: a case's are written to the evidence and not sent).
pub(crate) struct EsipaWire {
    transport: Transport,
    base: String,
}

enum Transport {
    Https(KeepAlive),
    Coaps {
        client: coaps::CoapClient,
        host: String,
        addr: std::net::SocketAddr,
    },
}

impl EsipaWire {
    pub(crate) fn new(options: &EimOptions) -> Result<EsipaWire, ConformError> {
        let base = options.esipa_base();
        let transport = match &options.coap {
            None => Transport::Https(fresh_connections(
                &options.trust,
                &options.resolve,
                url_port(&base),
                options.timeout,
            )?),
            Some(psk) => coap_transport(options, psk.clone())?,
        };
        Ok(EsipaWire { transport, base })
    }

    /// POSTs `body` (named `function` in the evidence) with the IPA's headers.
    pub(crate) async fn send(
        &self,
        ev: &mut Evidence,
        function: &'static str,
        body: Vec<u8>,
    ) -> Result<EsipaAnswer, Stop> {
        let headers = [
            ("content-type", ESIPA_CONTENT_TYPE),
            (X_ADMIN_PROTOCOL, ESIPA_ADMIN_PROTOCOL),
            ("user-agent", ESIPA_USER_AGENT),
        ];
        self.send_with(ev, function, &headers, body).await
    }

    /// POSTs `body` with exactly `headers`.
    pub(crate) async fn send_with(
        &self,
        ev: &mut Evidence,
        function: &'static str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<EsipaAnswer, Stop> {
        let head: String = headers.iter().map(|(n, v)| format!("{n}: {v}\n")).collect();
        ev.write(
            &format!("esipa-{function}-request-headers.txt"),
            head.as_bytes(),
        );
        ev.write(&format!("esipa-{function}-request.der"), &body);
        let url = format!("{}{ESIPA_ASN1_PATH}", self.base);
        let no_answer =
            |e: &dyn std::fmt::Display| Stop::fail(format!("{function}: no answer: {e}"));
        let (status, body) = match &self.transport {
            Transport::Https(http) => {
                let got = http
                    .post(&url, headers, body)
                    .await
                    .map_err(|e| no_answer(&e))?;
                (got.status, got.body.to_vec())
            }
            Transport::Coaps { client, host, addr } => {
                let got = (client.post(*addr, host, ESIPA_ASN1_PATH, &body).await)
                    .map_err(|e| no_answer(&e))?;
                (coaps::http::http_status(got.code), got.payload)
            }
        };
        let answer = EsipaAnswer {
            function,
            status,
            body,
        };
        let ext = if answer.body.first().is_some_and(|b| *b >= 0x80) {
            "der"
        } else {
            "txt"
        };
        ev.write(
            &format!("esipa-{function}-response-http{}.{ext}", answer.status),
            &answer.body,
        );
        Ok(answer)
    }
}

/// The CoAP client of a run: the PSK, or the eIM's certificate; the address of the eIM's
/// host (`--resolve` for its port, else the name's).
fn coap_transport(
    options: &EimOptions,
    psk: Option<(Vec<u8>, Vec<u8>)>,
) -> Result<Transport, ConformError> {
    let setup = |e: String| ConformError::Setup(format!("CoAP: {e}"));
    let security = match (psk, &options.trust) {
        (Some((identity, key)), _) => coaps::ClientSecurity::Psk { identity, key },
        (None, infra::tls::ServerTrust::Roots(roots)) => coaps::ClientSecurity::Certificate {
            roots: roots.to_vec(),
        },
        (None, infra::tls::ServerTrust::Insecure) => {
            return Err(setup("--insecure: give a PSK or the eIM's CA".into()));
        }
    };
    let client = coaps::CoapClient::new(security, coaps::block::MAX_SZX)
        .map_err(|e| setup(e.to_string()))?
        .with_handshake_timeout(options.timeout);
    let port = url_port(&options.esipa_base());
    let host = (options.address.rsplit_once(':')).map_or(options.address.as_str(), |(h, _)| h);
    let addr = match resolves_on(&options.resolve, port)
        .into_iter()
        .find(|r| r.host == host)
    {
        Some(r) => r.addr,
        None => std::net::ToSocketAddrs::to_socket_addrs(&(host, port))
            .map_err(|e| setup(format!("{host}: {e}")))?
            .next()
            .ok_or_else(|| setup(format!("{host}: no address")))?,
    };
    Ok(Transport::Coaps {
        client,
        host: host.to_string(),
        addr,
    })
}

/// An HTTP answer of the eIM.
#[derive(Clone, Debug)]
pub struct EsipaAnswer {
    /// The ESipa function asked (for the messages).
    pub function: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// The body as received.
    pub body: Vec<u8>,
}

impl EsipaAnswer {
    /// What was answered, in one line.
    pub fn describe(&self) -> String {
        if self.status == 200 {
            if let Ok(m) = EsipaMessageFromEimToIpa::from_der(&self.body) {
                let text = format!("{m:?}");
                let text: String = text.chars().take(160).collect();
                return format!("HTTP 200, {text}");
            }
        }
        let body = String::from_utf8_lossy(&self.body);
        let body: String = body.chars().take(120).collect();
        if body.is_empty() {
            format!("HTTP {} without a body", self.status)
        } else {
            format!("HTTP {}, body {body:?}", self.status)
        }
    }

    /// The eIM's message (HTTP 200 with a DER EsipaMessageFromEimToIpa).
    pub fn message(&self) -> Result<EsipaMessageFromEimToIpa, Stop> {
        if self.status != 200 {
            return Err(Stop::fail(format!(
                "{}: expected HTTP 200 with an ESipa message, got {}",
                self.function,
                self.describe()
            )));
        }
        EsipaMessageFromEimToIpa::from_der(&self.body).map_err(|e| {
            Stop::fail(format!(
                "{}: the answer is no EsipaMessageFromEimToIpa: {e}",
                self.function
            ))
        })
    }

    /// Not executed: an HTTP 4xx status, or the function's own error value, `is_error`
    /// saying which (SGP.32 v1.2 6.3: a message the binding cannot take is refused; a
    /// 5xx is a server fault, not a refusal).
    pub fn refused(
        &self,
        is_error: impl FnOnce(&EsipaMessageFromEimToIpa) -> bool,
    ) -> Result<(), Stop> {
        if (400..500).contains(&self.status) {
            return Ok(());
        }
        if self.status == 200 {
            if let Ok(m) = EsipaMessageFromEimToIpa::from_der(&self.body) {
                if is_error(&m) {
                    return Ok(());
                }
            }
        }
        Err(Stop::fail(format!(
            "{}: expected a refusal (HTTP 4xx, or the function's error), got {}",
            self.function,
            self.describe()
        )))
    }
}
