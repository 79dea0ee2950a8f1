//! `rsp-lab smdp es2`: an operator's client of the SGP.02 SM-DP's ES2 (SGP.02 5.3) over the
//! SOAP binding with mutual TLS, as `rsp-lab smsr es4` is of the SM-SR's ES4: the client
//! certificate `Operators/<id>/` of the PKI, the SM-DP trusted through the PKI's CI. An
//! asynchronous function (DownloadProfile, Enable/Disable/DeleteProfile) is answered `202`;
//! with `--wait` its response is awaited at a `ReplyTo` this command serves.

use std::time::Duration;

use proto::ids::{Eid, Iccid};
use soap::bodies::{BaseResponse, EisResponse, EuiccResponse};
use soap::eis::SubscriptionAddress;
use soap::envelope::{Addressing, EndpointReference, Envelope};
use soap::es2::{
    self as ops, DownloadProfileRequest, DownloadProfileResponse, Es2Callback, Es2EidRequest,
    Es2ProfileRequest, Es2Request, UpdateSubscriptionAddressRequest,
};
use soap::status::{RequestHeader, ResponseHeader};

use super::operator_endpoint::OperatorEndpoint;
use super::smsr_es4::{
    Es4CmdError as CmdError, OperatorClient, eis_summary, outcome, report, send,
};
use super::smsr_wait::WaitArgs;

/// The options of `rsp-lab smdp es2`.
#[derive(clap::Args)]
pub(crate) struct Es2Args {
    #[command(flatten)]
    client: OperatorClient,
    #[command(flatten)]
    wait: WaitArgs,
    #[command(subcommand)]
    function: Function,
}

/// The ES2 function to call.
#[derive(clap::Subcommand)]
enum Function {
    /// ES2.DownloadProfile: a profile of the operator's into a new ISD-P (SGP.02 3.1).
    DownloadProfile(DownloadArgs),
    /// ES2.EnableProfile, through the eUICC's SM-SR.
    Enable(ProfileArgs),
    /// ES2.DisableProfile.
    Disable(ProfileArgs),
    /// ES2.DeleteProfile.
    Delete(ProfileArgs),
    /// ES2.GetEIS, from the eUICC's SM-SR.
    GetEis(EidArgs),
    /// ES2.UpdateSubscriptionAddress: a profile's MSISDN, given to the SM-SR with the
    /// download.
    UpdateSubscriptionAddress(AddressArgs),
}

#[derive(clap::Args)]
struct EidArgs {
    /// The eUICC.
    #[arg(long)]
    eid: String,
    /// The SM-SR managing it (`Smsr-id`).
    #[arg(long)]
    smsr: String,
}

#[derive(clap::Args)]
struct ProfileArgs {
    #[command(flatten)]
    eid: EidArgs,
    /// The profile.
    #[arg(long)]
    iccid: String,
}

#[derive(clap::Args)]
struct DownloadArgs {
    #[command(flatten)]
    eid: EidArgs,
    /// Any available profile of this type.
    #[arg(long, required_unless_present = "iccid")]
    profile_type: Option<String>,
    /// This profile.
    #[arg(long)]
    iccid: Option<String>,
    /// Enable the profile once downloaded.
    #[arg(long)]
    enable: bool,
}

#[derive(clap::Args)]
struct AddressArgs {
    #[command(flatten)]
    profile: ProfileArgs,
    /// The profile's MSISDN.
    #[arg(long)]
    msisdn: String,
}

pub(crate) fn run(a: Es2Args) -> Result<(), CmdError> {
    let client = a.client.https()?;
    let c = &a.client;
    crate::runtime()?.block_on(async {
        let waiting = a.wait.open::<Es2Callback>(&c.pki).await?;
        let reply_to = waiting.as_ref().map(|(_, url)| url.as_str());
        let id = hex::encode(storage::random_bytes::<16>().unwrap_or_default());
        let message_id = format!("urn:uuid:{id}");
        let mut addressing = Addressing::request(&c.url, &c.operator, message_id.clone());
        addressing.reply_to = reply_to.map(EndpointReference::new);
        let request = request(&a.function, RequestHeader::new(id))?;
        let op = request.operation().0;
        let (status, text) = send(&client, &c.url, op, request.encode(addressing).encode()).await?;
        match waiting {
            Some((mut endpoint, _)) if status == 202 => {
                let wait = Duration::from_secs(a.wait.wait_secs);
                let Some(m) = response(&mut endpoint, &message_id, wait).await else {
                    return Err(CmdError::NoResponse(op.function.into()));
                };
                let Some((header, detail)) = summary(&m) else {
                    return Err(CmdError::NoResponse(op.function.into()));
                };
                outcome(c.json, op.function, 202, header, detail)
            }
            _ if status == 202 => report(c.json, op.function, 202, "Accepted", None),
            _ => {
                let bad = |detail: String| CmdError::Answer { status, detail };
                let env = Envelope::decode(text.as_bytes()).map_err(|e| bad(e.to_string()))?;
                let (header, detail) =
                    sync_response(&a.function, &env).map_err(|e| bad(e.to_string()))?;
                outcome(c.json, op.function, status, &header, detail)
            }
        }
    })
}

/// The request of `f`.
fn request(f: &Function, header: RequestHeader) -> Result<Es2Request, CmdError> {
    let eid =
        |e: &EidArgs| Eid::parse_lenient(&e.eid).map_err(|e| CmdError::Id(format!("--eid: {e}")));
    let iccid =
        |i: &str| Iccid::parse_lenient(i).map_err(|e| CmdError::Id(format!("--iccid: {e}")));
    let profile = |p: &ProfileArgs| -> Result<Es2ProfileRequest, CmdError> {
        Ok(Es2ProfileRequest {
            header: header.clone(),
            eid: eid(&p.eid)?,
            smsr_id: p.eid.smsr.clone(),
            iccid: iccid(&p.iccid)?,
        })
    };
    Ok(match f {
        Function::DownloadProfile(d) => Es2Request::DownloadProfile(DownloadProfileRequest {
            header: header.clone(),
            eid: eid(&d.eid)?,
            smsr_id: d.eid.smsr.clone(),
            profile_type: d.profile_type.clone(),
            iccid: d.iccid.as_deref().map(iccid).transpose()?,
            enable_profile: Some(d.enable),
        }),
        Function::Enable(p) => Es2Request::EnableProfile(profile(p)?),
        Function::Disable(p) => Es2Request::DisableProfile(profile(p)?),
        Function::Delete(p) => Es2Request::DeleteProfile(profile(p)?),
        Function::GetEis(e) => Es2Request::GetEis(Es2EidRequest {
            header: header.clone(),
            eid: eid(e)?,
            smsr_id: e.smsr.clone(),
        }),
        Function::UpdateSubscriptionAddress(u) => {
            Es2Request::UpdateSubscriptionAddress(UpdateSubscriptionAddressRequest {
                header: header.clone(),
                eid: eid(&u.profile.eid)?,
                smsr_id: u.profile.eid.smsr.clone(),
                iccid: iccid(&u.profile.iccid)?,
                subscription_address: SubscriptionAddress {
                    imsi: None,
                    msisdn: Some(u.msisdn.clone()),
                },
            })
        }
    })
}

/// A synchronous answer to `f`: its header and what it carries.
fn sync_response(
    f: &Function,
    env: &Envelope,
) -> Result<(ResponseHeader, Option<String>), soap::message::MessageError> {
    Ok(match f {
        Function::DownloadProfile(_) => {
            let r: DownloadProfileResponse = ops::DOWNLOAD_PROFILE.decode_response(env)?;
            download_summary(&r)
        }
        Function::GetEis(_) => {
            let r: EisResponse = ops::GET_EIS.decode_response(env)?;
            (r.header, r.eis.as_ref().map(eis_summary))
        }
        Function::UpdateSubscriptionAddress(_) => {
            let r: BaseResponse = ops::UPDATE_SUBSCRIPTION_ADDRESS.decode_response(env)?;
            (r.header, None)
        }
        Function::Enable(_) | Function::Disable(_) | Function::Delete(_) => {
            let r: EuiccResponse = ops::ENABLE_PROFILE.decode_response(env)?;
            euicc_summary(&r)
        }
    })
}

fn download_summary(r: &DownloadProfileResponse) -> (ResponseHeader, Option<String>) {
    let iccid = r.iccid.as_ref().map(|i| format!("ICCID {}", i.as_str()));
    (r.header.clone(), iccid)
}

fn euicc_summary(r: &EuiccResponse) -> (ResponseHeader, Option<String>) {
    let data = r
        .euicc_response_data
        .as_ref()
        .map(|h| format!("EuiccResponseData {}", hex::encode_upper(&h.0)));
    (r.header.clone(), data)
}

/// The header and detail of an asynchronous response (`None` for a notification).
fn summary(m: &Es2Callback) -> Option<(&ResponseHeader, Option<String>)> {
    Some(match m {
        Es2Callback::DownloadProfile(r) => (&r.header, download_summary(r).1),
        Es2Callback::GetEis(r) => (&r.header, r.eis.as_ref().map(eis_summary)),
        Es2Callback::UpdatePolicyRules(r) | Es2Callback::UpdateSubscriptionAddress(r) => {
            (&r.header, None)
        }
        Es2Callback::EnableProfile(r)
        | Es2Callback::DisableProfile(r)
        | Es2Callback::DeleteProfile(r) => (&r.header, euicc_summary(r).1),
        Es2Callback::ProfileEnabled(_)
        | Es2Callback::ProfileDisabled(_)
        | Es2Callback::ProfileDeleted(_)
        | Es2Callback::SmsrChanged(_) => return None,
    })
}

/// The response relating to `message_id`, within `wait`; notifications received meanwhile
/// are printed to stderr.
async fn response(
    endpoint: &mut OperatorEndpoint<Es2Callback>,
    message_id: &str,
    wait: Duration,
) -> Option<Es2Callback> {
    let take = async {
        while let Some(r) = endpoint.next().await {
            if summary(&r.message).is_some() && r.relates_to.as_deref() == Some(message_id) {
                return Some(r.message);
            }
            eprintln!(
                "{}: {}",
                r.message.operation().0.function,
                r.relates_to.unwrap_or_default()
            );
        }
        None
    };
    tokio::time::timeout(wait, take).await.ok().flatten()
}
