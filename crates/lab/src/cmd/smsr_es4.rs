//! `rsp-lab smsr es4`: an operator's ES4 client (SGP.02 5.5) over the SOAP binding with
//! mutual TLS, its client certificate `Operators/<id>/` of the PKI, the SM-SR's trusted
//! through the PKI's CI. An asynchronous function is answered `202` (its response goes to
//! a `ReplyTo`, which this client gives with `--wait`, [`super::smsr_wait`]); a refusal or
//! a synchronous function prints its FunctionExecutionStatus.

use std::net::SocketAddr;
use std::path::PathBuf;

use certs::{CertRole, Pki};
use infra::client::ClientOptions;
use infra::tls::{Identity, ServerTrust};
use proto::ids::{Eid, Iccid};
use soap::bodies::{AuditEisRequest, EidRequest, EisResponse, EuiccResponse, ProfileRequest};
use soap::envelope::{Addressing, Envelope};
use soap::es4 as ops;
use soap::status::{RequestHeader, ResponseHeader};

/// How an operator reaches an SGP.02 server (`rsp-lab smsr es4`, `rsp-lab smdp es2`): its
/// client certificate `Operators/<id>/` of the PKI, the server trusted through the CI.
#[derive(clap::Args)]
pub(crate) struct OperatorClient {
    /// The lab PKI holding the operator's client certificate and the CI.
    #[arg(long)]
    pub(crate) pki: PathBuf,
    /// The operator (MNO-ID): `Operators/<ID>/` of the PKI, and `wsa:From`.
    #[arg(long)]
    pub(crate) operator: String,
    /// The server's endpoint: the SM-SR's ES4 (e.g.
    /// https://smsr.rsp-lab.test:8450/gsma/smsr/ES4) or the SM-DP's ES2 (e.g.
    /// https://smdp.rsp-lab.test:8470/gsma/smdp/ES2).
    #[arg(long)]
    pub(crate) url: String,
    /// Connect to ADDR instead of resolving the URL's host (like curl's --resolve).
    #[arg(long, value_name = "ADDR")]
    pub(crate) resolve: Option<SocketAddr>,
    /// Print the outcome as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

impl OperatorClient {
    /// The HTTPS client presenting the operator's certificate.
    pub(crate) fn https(&self) -> Result<reqwest::Client, Es4CmdError> {
        let pki = Pki::load_dir(&self.pki)?;
        let cred = pki.operator(&self.operator)?;
        let key = cred
            .key()?
            .to_sec1_pem()
            .map_err(|e| Es4CmdError::Id(e.to_string()))?;
        let identity = Identity {
            chain: vec![cred.cert_der.clone()],
            key_pem: key.as_bytes().to_vec(),
        };
        https_client(&pki, identity, &self.url, self.resolve)
    }
}

/// The options of `rsp-lab smsr es4`.
#[derive(clap::Args)]
pub(crate) struct Es4Args {
    #[command(flatten)]
    pub(crate) client: OperatorClient,
    #[command(flatten)]
    pub(crate) wait: super::smsr_wait::WaitArgs,
    #[command(subcommand)]
    function: Function,
}

/// The ES4 function to call.
#[derive(clap::Subcommand)]
enum Function {
    /// ES4.EnableProfile.
    Enable(ProfileArgs),
    /// ES4.DisableProfile.
    Disable(ProfileArgs),
    /// ES4.DeleteProfile.
    Delete(ProfileArgs),
    /// ES4.SetFallBackAttribute.
    SetFallback(ProfileArgs),
    /// ES4.GetEIS.
    GetEis(EidArgs),
    /// ES4.AuditEIS.
    AuditEis(EidArgs),
    /// ES4.PrepareSMSRChange, to the SM-SR the eUICC moves to (SGP.02 3.8).
    PrepareSmsrChange(ChangeArgs),
    /// ES4.SMSRChange, to the eUICC's current SM-SR (SGP.02 3.8); asynchronous.
    SmsrChange(ChangeArgs),
}

/// An SM-SR change of one eUICC.
#[derive(clap::Args)]
pub(crate) struct ChangeArgs {
    /// The eUICC.
    #[arg(long)]
    pub(crate) eid: String,
    /// The other SM-SR's identifier: the current one for prepare-smsr-change, the target
    /// one for smsr-change.
    #[arg(long)]
    pub(crate) smsr: String,
}

/// A function on one profile.
#[derive(clap::Args)]
pub(crate) struct ProfileArgs {
    /// The eUICC.
    #[arg(long)]
    pub(crate) eid: String,
    /// The profile.
    #[arg(long)]
    pub(crate) iccid: String,
}

/// A function on one eUICC.
#[derive(clap::Args)]
pub(crate) struct EidArgs {
    /// The eUICC.
    #[arg(long)]
    pub(crate) eid: String,
}

/// Why `rsp-lab smsr es4` failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Es4CmdError {
    /// The PKI or the operator's credential.
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    /// The client could not be built.
    #[error(transparent)]
    Client(#[from] infra::client::ClientError),
    /// An EID or ICCID does not parse.
    #[error("{0}")]
    Id(String),
    /// The request failed.
    #[error("{}", infra::client::error_chain(.0))]
    Http(#[from] reqwest::Error),
    /// The answer could not be read, or was too large.
    #[error("the answer: {0}")]
    Body(#[from] infra::client::BodyError),
    /// The answer is not the function's response.
    #[error("the answer (HTTP {status}) is not a response: {detail}")]
    Answer {
        /// Its HTTP status.
        status: u16,
        /// Why.
        detail: String,
    },
    /// The function failed; its status was printed.
    #[error("{0}")]
    Failed(String),
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The `--wait` endpoint did not open.
    #[error(transparent)]
    Endpoint(#[from] super::operator_endpoint::EndpointError),
    /// No response came within `--wait-secs`.
    #[error("{0}: no response at ReplyTo within --wait-secs")]
    NoResponse(String),
}

pub(crate) fn run(a: Es4Args) -> Result<(), Es4CmdError> {
    let client = a.client.https()?;
    let c = &a.client;
    let eis = matches!(a.function, Function::GetEis(_) | Function::AuditEis(_));
    let rt = crate::runtime()?;
    rt.block_on(async {
        let waiting = a.wait.open(&c.pki).await?;
        let reply_to = waiting.as_ref().map(|(_, url)| url.as_str());
        let (op, body, message_id) = request(&a, reply_to)?;
        let answered = send(&client, &c.url, &op, body).await?;
        match waiting {
            Some((endpoint, _)) if answered.0 == 202 => {
                super::smsr_wait::finish(&a, op.function, endpoint, &message_id).await
            }
            _ => answer(c.json, &op, eis, answered),
        }
    })
}

/// Prints the answer `(status, text)` to `op`: `202` accepted, else its response (with an
/// EIS when `eis`); an error when the function did not succeed.
pub(crate) fn answer(
    json: bool,
    op: &soap::operation::Operation,
    eis: bool,
    (status, text): (u16, String),
) -> Result<(), Es4CmdError> {
    if status == 202 {
        return report(json, op.function, status, "Accepted", None);
    }
    let bad = |detail: String| Es4CmdError::Answer { status, detail };
    let env = Envelope::decode(text.as_bytes()).map_err(|e| bad(e.to_string()))?;
    let (header, eis) = if eis {
        let r: EisResponse = op.decode_response(&env).map_err(|e| bad(e.to_string()))?;
        (r.header, r.eis.map(|e| eis_summary(&e)))
    } else {
        let r: EuiccResponse = op.decode_response(&env).map_err(|e| bad(e.to_string()))?;
        (r.header, None)
    };
    outcome(json, op.function, status, &header, eis)
}

/// POSTs the request `body` of `op` to `url`; the HTTP status and body of the answer.
pub(crate) fn post(
    client: &reqwest::Client,
    url: &str,
    op: &soap::operation::Operation,
    body: String,
) -> Result<(u16, String), Es4CmdError> {
    crate::runtime()?.block_on(send(client, url, op, body))
}

/// The most octets of an answer read (an EIS with its certificates is a few KiB).
const MAX_ANSWER: usize = 1024 * 1024;

/// POSTs the request; the HTTP status and body (at most [`MAX_ANSWER`] octets).
pub(crate) async fn send(
    client: &reqwest::Client,
    url: &str,
    op: &soap::operation::Operation,
    body: String,
) -> Result<(u16, String), Es4CmdError> {
    let headers = soap::http::request_headers(op.request_action);
    let (status, body) =
        infra::client::post_bounded(client, url, &headers, body, MAX_ANSWER).await?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// The EIS as an operator reads it: the EID, then one line per profile.
pub(crate) fn eis_summary(eis: &soap::eis::Eis) -> String {
    let mut text = format!("EID {}", eis.eid().as_str());
    for p in &eis.profiles {
        let msisdn = p
            .subscription_address
            .as_ref()
            .and_then(|a| a.msisdn.as_deref())
            .unwrap_or("-");
        text.push_str(&format!(
            "\n{} {} msisdn={msisdn}{}",
            p.iccid,
            p.state.as_str(),
            if p.fallback_attribute {
                " fallback"
            } else {
                ""
            },
        ));
    }
    text
}

/// Prints the FunctionExecutionStatus; an error when it is not a success.
pub(crate) fn outcome(
    json: bool,
    function: &str,
    status: u16,
    header: &ResponseHeader,
    eis: Option<String>,
) -> Result<(), Es4CmdError> {
    let s = &header.function_execution_status;
    let name = soap::status::status_str(s.status);
    let code = s
        .status_code_data
        .as_ref()
        .map(|d| (d.subject_code.clone(), d.reason_code.clone()));
    report(json, function, status, name, code.clone())?;
    if let Some(eis) = eis.filter(|_| !json) {
        println!("{eis}");
    }
    match code {
        Some((subject, reason)) if name != "Executed-Success" => Err(Es4CmdError::Failed(format!(
            "{function}: {name} {subject} / {reason}"
        ))),
        _ => Ok(()),
    }
}

/// Prints one function's outcome (a line, or JSON).
pub(crate) fn report(
    json: bool,
    function: &str,
    http: u16,
    status: &str,
    code: Option<(String, String)>,
) -> Result<(), Es4CmdError> {
    if json {
        let v = serde_json::json!({
            "function": function, "http": http, "status": status,
            "subjectCode": code.as_ref().map(|c| &c.0), "reasonCode": code.as_ref().map(|c| &c.1),
        });
        println!("{v}");
    } else {
        match &code {
            Some((s, r)) => println!("{function}: {status} ({s} / {r})"),
            None => println!("{function}: {status}"),
        }
    }
    Ok(())
}

/// The HTTPS client: `identity` presented, the PKI's CI trusted, `url`'s host at
/// `resolve` when given.
pub(crate) fn https_client(
    pki: &Pki,
    identity: Identity,
    url: &str,
    resolve: Option<SocketAddr>,
) -> Result<reqwest::Client, Es4CmdError> {
    let ci = pki.require(CertRole::Ci)?.cert_der.clone();
    let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
    o.identity = Some(identity);
    if let (Some(addr), Ok(url)) = (resolve, reqwest::Url::parse(url))
        && let Some(host) = url.host_str()
    {
        o.resolve = vec![(host.to_string(), addr)];
    }
    Ok(infra::client::build(&o)?)
}

/// The operation, the request envelope and its `MessageID`; `reply_to`: the `wsa:ReplyTo`.
fn request(
    a: &Es4Args,
    reply_to: Option<&str>,
) -> Result<(soap::operation::Operation, String, String), Es4CmdError> {
    let id = hex::encode(storage::random_bytes::<16>().unwrap_or_default());
    let message_id = format!("urn:uuid:{id}");
    let mut addressing = Addressing::request(&a.client.url, &a.client.operator, message_id.clone());
    addressing.reply_to = reply_to.map(soap::envelope::EndpointReference::new);
    let header = RequestHeader::new(id);
    let eid = |s: &str| Eid::parse_lenient(s).map_err(|e| Es4CmdError::Id(format!("--eid: {e}")));
    let profile = |p: &ProfileArgs| -> Result<ProfileRequest, Es4CmdError> {
        Ok(ProfileRequest {
            header: header.clone(),
            eid: eid(&p.eid)?,
            iccid: Iccid::parse_lenient(&p.iccid)
                .map_err(|e| Es4CmdError::Id(format!("--iccid: {e}")))?,
        })
    };
    let (op, env) = match &a.function {
        Function::Enable(p) => (
            ops::ENABLE_PROFILE,
            ops::ENABLE_PROFILE.request(addressing, &profile(p)?),
        ),
        Function::Disable(p) => (
            ops::DISABLE_PROFILE,
            ops::DISABLE_PROFILE.request(addressing, &profile(p)?),
        ),
        Function::Delete(p) => (
            ops::DELETE_PROFILE,
            ops::DELETE_PROFILE.request(addressing, &profile(p)?),
        ),
        Function::SetFallback(p) => (
            ops::SET_FALLBACK_ATTRIBUTE,
            ops::SET_FALLBACK_ATTRIBUTE.request(addressing, &profile(p)?),
        ),
        Function::GetEis(e) => {
            let msg = EidRequest {
                header,
                eid: eid(&e.eid)?,
            };
            (ops::GET_EIS, ops::GET_EIS.request(addressing, &msg))
        }
        Function::AuditEis(e) => {
            let msg = AuditEisRequest {
                header,
                eid: eid(&e.eid)?,
                iccids: Vec::new(),
            };
            (ops::AUDIT_EIS, ops::AUDIT_EIS.request(addressing, &msg))
        }
        Function::PrepareSmsrChange(c) => {
            let msg = ops::PrepareSmsrChangeRequest {
                header,
                eid: eid(&c.eid)?,
                current_smsr_id: c.smsr.clone(),
            };
            let op = ops::PREPARE_SMSR_CHANGE;
            (op, op.request(addressing, &msg))
        }
        Function::SmsrChange(c) => {
            let msg = ops::SmsrChangeRequest {
                header,
                eid: eid(&c.eid)?,
                target_smsr_id: c.smsr.clone(),
            };
            (ops::SMSR_CHANGE, ops::SMSR_CHANGE.request(addressing, &msg))
        }
    };
    Ok((op, env.encode(), message_id))
}
