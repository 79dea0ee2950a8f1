//! `rsp-lab smsr notifications --listen ADDR --pki DIR --operator ID`: an operator's ES4
//! endpoint ([`super::operator_endpoint`]) printing each Handle*Notification (SGP.02 5.5)
//! and asynchronous response the SM-SR sends it, one JSON line each, until Ctrl-C or
//! `--count` messages. The SM-SR names it in `[operators.<ID>] notify_url`.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::operator_endpoint::{EndpointError, OperatorEndpoint, to_json};

/// The options of `rsp-lab smsr notifications`.
#[derive(clap::Args)]
pub(crate) struct NotificationsArgs {
    /// Where to listen (HTTPS).
    #[arg(long, value_name = "ADDR")]
    listen: SocketAddr,
    /// The lab PKI: its TLS server certificate (CERT.DP.TLS) is served.
    #[arg(long)]
    pki: PathBuf,
    /// The operator (MNO-ID) the endpoint is for, printed on start.
    #[arg(long)]
    operator: String,
    /// Exit after this many messages (default: run until Ctrl-C).
    #[arg(long)]
    count: Option<u64>,
}

/// Why `rsp-lab smsr notifications` failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum NotificationsError {
    /// The endpoint did not open.
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
}

pub(crate) fn run(a: NotificationsArgs) -> Result<(), NotificationsError> {
    crate::runtime()?.block_on(async {
        let mut endpoint = OperatorEndpoint::open(&a.pki, a.listen).await?;
        eprintln!(
            "operator {} takes ES4 notifications on {}",
            a.operator, endpoint.addr
        );
        let mut seen = 0u64;
        while a.count.is_none_or(|n| seen < n) {
            tokio::select! {
                r = endpoint.next() => match r {
                    Some(r) => println!("{}", to_json(&r)),
                    None => break,
                },
                _ = tokio::signal::ctrl_c() => break,
            }
            seen += 1;
        }
        Ok(())
    })
}
