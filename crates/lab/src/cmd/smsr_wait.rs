//! `rsp-lab smsr es4 --wait`: the call names a `wsa:ReplyTo` at an endpoint this command
//! opens ([`super::operator_endpoint`]) and waits for the function's asynchronous response
//! there (SGP.02 5: `RelatesTo` = the request's `MessageID`; WS-Addressing 1.0 Core 3.4).

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use soap::es4::Es4Callback;

use super::operator_endpoint::{
    EndpointError, OperatorEndpoint, Received, euicc_answer, header, to_json,
};
use super::smsr_es4::{Es4Args, Es4CmdError, eis_summary, outcome};

/// The `--wait` options of `rsp-lab smsr es4`.
#[derive(clap::Args)]
pub(crate) struct WaitArgs {
    /// Wait for the asynchronous response at a ReplyTo this command serves (HTTPS with the
    /// PKI's TLS server certificate) and print the function's outcome.
    #[arg(long)]
    pub wait: bool,
    /// Where the ReplyTo endpoint listens.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9460")]
    pub reply_listen: SocketAddr,
    /// The host named in the ReplyTo URL (a name of the PKI's TLS server certificate the
    /// SM-SR resolves to --reply-listen).
    #[arg(long, value_name = "HOST", default_value = "smdp.rsp-lab.test")]
    pub reply_host: String,
    /// How long to wait for the response, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub wait_secs: u64,
}

/// The path of the ReplyTo endpoint.
const REPLY_PATH: &str = "/gsma/operator/ES4";

impl WaitArgs {
    /// The endpoint and the `ReplyTo` URL naming it, when waiting.
    pub(crate) async fn open<D: soap::operation::Dispatch + Send + 'static>(
        &self,
        pki: &Path,
    ) -> Result<Option<(OperatorEndpoint<D>, String)>, EndpointError> {
        if !self.wait {
            return Ok(None);
        }
        let endpoint = OperatorEndpoint::open(pki, self.reply_listen).await?;
        let port = endpoint.addr.port();
        let url = format!("https://{}:{port}{REPLY_PATH}", self.reply_host);
        Ok(Some((endpoint, url)))
    }
}

/// The response relating to `message_id`, within `wait`; other messages received
/// meanwhile (notifications) are printed to stderr as JSON lines.
pub(crate) async fn response(
    endpoint: &mut OperatorEndpoint,
    message_id: &str,
    wait: Duration,
) -> Option<Es4Callback> {
    let take = async {
        while let Some(r) = endpoint.next().await {
            if r.relates_to.as_deref() == Some(message_id) && header(&r.message).is_some() {
                return Some(r.message);
            }
            note(&r);
        }
        None
    };
    tokio::time::timeout(wait, take).await.ok().flatten()
}

/// Waits for the response of the call `function` sent as `message_id`, then prints its
/// FunctionExecutionStatus and the card's answer (`EuiccResponseData`) or the EIS; an
/// error when it is not a success or did not come.
pub(crate) async fn finish(
    a: &Es4Args,
    function: &str,
    mut endpoint: OperatorEndpoint,
    message_id: &str,
) -> Result<(), Es4CmdError> {
    let wait = Duration::from_secs(a.wait.wait_secs);
    let Some(m) = response(&mut endpoint, message_id, wait).await else {
        return Err(Es4CmdError::NoResponse(function.to_string()));
    };
    let detail = match &m {
        Es4Callback::GetEis(r) | Es4Callback::AuditEis(r) => r.eis.as_ref().map(eis_summary),
        m => euicc_answer(m).map(|hex| format!("EuiccResponseData {hex}")),
    };
    let Some(h) = header(&m) else {
        return Err(Es4CmdError::NoResponse(function.to_string()));
    };
    outcome(a.client.json, function, 202, h, detail)
}

fn note(r: &Received) {
    eprintln!("{}", to_json(r));
}
