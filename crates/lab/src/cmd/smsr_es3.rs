//! `rsp-lab smsr es3`: an SM-DP's ES3 client (SGP.02 5.4) over the SOAP binding with
//! mutual TLS, its client certificate the PKI's CERT.DP.TLS (`DPtls/`), `wsa:From` its
//! commonName (the SM-DP-ID the SM-SR names it by), the SM-SR trusted through the PKI's
//! CI. An asynchronous function is answered `202`, its response sent to `--reply-to`
//! when given; a refusal or a synchronous function prints its FunctionExecutionStatus.

use std::net::SocketAddr;
use std::path::PathBuf;

use certs::{CertRole, Pki};
use infra::tls::Identity;
use proto::ids::{Eid, Iccid};
use soap::bodies::{AuditEisRequest, EidRequest, ProfileRequest};
use soap::eis::SubscriptionAddress;
use soap::envelope::Addressing;
use soap::es3::{self as ops, CreateIsdpRequest, ProfileDownloadCompletedRequest, SendDataRequest};
use soap::message::Hex;
use soap::operation::Operation;
use soap::status::RequestHeader;

use super::smsr_es4::{EidArgs, Es4CmdError as CmdError, ProfileArgs, answer, https_client, post};

/// The options of `rsp-lab smsr es3`.
#[derive(clap::Args)]
pub(crate) struct Es3Args {
    /// The lab PKI holding the SM-DP's TLS certificate (`DPtls/`) and the CI.
    #[arg(long)]
    pki: PathBuf,
    /// The SM-SR's ES3 endpoint, e.g. https://smsr.rsp-lab.test:8450/gsma/smsr/ES3
    #[arg(long)]
    url: String,
    /// Connect to ADDR instead of resolving the URL's host (like curl's --resolve).
    #[arg(long, value_name = "ADDR")]
    resolve: Option<SocketAddr>,
    /// `wsa:ReplyTo` of an asynchronous function (none: its response is not sent).
    #[arg(long, value_name = "URL")]
    reply_to: Option<String>,
    /// Print the outcome as JSON.
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    function: Function,
}

/// The ES3 function to call.
#[derive(clap::Subcommand)]
enum Function {
    /// ES3.CreateISDP: a new ISD-P for a profile to download.
    CreateIsdp(CreateArgs),
    /// ES3.SendData: a command script (hex) to the ISD-R or an ISD-P.
    SendData(SendArgs),
    /// ES3.ProfileDownloadCompleted.
    DownloadCompleted(CompletedArgs),
    /// ES3.EnableProfile.
    Enable(ProfileArgs),
    /// ES3.DisableProfile.
    Disable(ProfileArgs),
    /// ES3.DeleteISDP.
    DeleteIsdp(ProfileArgs),
    /// ES3.GetEIS.
    GetEis(EidArgs),
    /// ES3.AuditEIS.
    AuditEis(EidArgs),
}

#[derive(clap::Args)]
struct CreateArgs {
    /// The eUICC.
    #[arg(long)]
    eid: String,
    /// The profile to be downloaded.
    #[arg(long)]
    iccid: String,
    /// The operator owning it (MNO-ID).
    #[arg(long)]
    mno: String,
    /// The non-volatile memory it needs, octets.
    #[arg(long, default_value_t = 0)]
    memory: u64,
}

#[derive(clap::Args)]
struct SendArgs {
    /// The eUICC.
    #[arg(long)]
    eid: String,
    /// The target security domain's AID (hex): an ISD-P of the SM-DP's profiles.
    #[arg(long)]
    sd_aid: String,
    /// The command script (hex): `AA…` expanded format, or its `22` C-APDU TLVs.
    #[arg(long)]
    data: String,
}

#[derive(clap::Args)]
struct CompletedArgs {
    /// The eUICC.
    #[arg(long)]
    eid: String,
    /// The profile.
    #[arg(long)]
    iccid: String,
    /// Its profile type.
    #[arg(long)]
    profile_type: Option<String>,
    /// Its MSISDN (the subscription address the SM-SR sends short messages to).
    #[arg(long)]
    msisdn: Option<String>,
}

pub(crate) fn run(a: Es3Args) -> Result<(), CmdError> {
    let pki = Pki::load_dir(&a.pki)?;
    let (identity, smdp_id) = smdp_identity(&pki)?;
    let client = https_client(&pki, identity, &a.url, a.resolve)?;
    let (op, body) = request(&a, &smdp_id)?;
    let eis = matches!(a.function, Function::GetEis(_) | Function::AuditEis(_));
    answer(a.json, &op, eis, post(&client, &a.url, &op, body)?)
}

/// CERT.DP.TLS with its key, and its commonName (the SM-DP-ID).
fn smdp_identity(pki: &Pki) -> Result<(Identity, String), CmdError> {
    let (cred, key) = pki.require_key(CertRole::DpTls)?;
    let key = key.to_sec1_pem().map_err(|e| CmdError::Id(e.to_string()))?;
    let cis = pki.ci_anchors()?;
    let verified = certs::verify_cert(&cis, &cred.cert_der, CertRole::DpTls, None)
        .map_err(|e| CmdError::Id(format!("CERT.DP.TLS: {e}")))?;
    let id = verified
        .subject_cn
        .ok_or_else(|| CmdError::Id("CERT.DP.TLS has no commonName".into()))?;
    let identity = Identity {
        chain: vec![cred.cert_der.clone()],
        key_pem: key.as_bytes().to_vec(),
    };
    Ok((identity, id))
}

fn eid(s: &str) -> Result<Eid, CmdError> {
    Eid::parse_lenient(s).map_err(|e| CmdError::Id(format!("--eid: {e}")))
}

fn iccid(s: &str) -> Result<Iccid, CmdError> {
    Iccid::parse_lenient(s).map_err(|e| CmdError::Id(format!("--iccid: {e}")))
}

fn hex_arg(name: &str, s: &str) -> Result<Hex, CmdError> {
    hex::decode(s)
        .map(Hex)
        .map_err(|e| CmdError::Id(format!("--{name}: {e}")))
}

/// The operation and the request envelope.
fn request(a: &Es3Args, smdp_id: &str) -> Result<(Operation, String), CmdError> {
    let id = hex::encode(storage::random_bytes::<16>().unwrap_or_default());
    let mut addressing = Addressing::request(&a.url, smdp_id, format!("urn:uuid:{id}"));
    if let Some(r) = &a.reply_to {
        addressing = addressing.with_reply_to(r);
    }
    let header = RequestHeader::new(id);
    let profile = |p: &ProfileArgs| -> Result<ProfileRequest, CmdError> {
        Ok(ProfileRequest {
            header: header.clone(),
            eid: eid(&p.eid)?,
            iccid: iccid(&p.iccid)?,
        })
    };
    let env = match &a.function {
        Function::CreateIsdp(c) => ops::CREATE_ISDP.request(
            addressing,
            &CreateIsdpRequest {
                header,
                eid: eid(&c.eid)?,
                iccid: iccid(&c.iccid)?,
                mno_id: c.mno.clone(),
                required_memory: c.memory,
                more_to_do: None,
            },
        ),
        Function::SendData(s) => ops::SEND_DATA.request(
            addressing,
            &SendDataRequest {
                header,
                eid: eid(&s.eid)?,
                sd_aid: hex_arg("sd-aid", &s.sd_aid)?,
                data: hex_arg("data", &s.data)?,
                more_to_do: None,
            },
        ),
        Function::DownloadCompleted(c) => ops::PROFILE_DOWNLOAD_COMPLETED.request(
            addressing,
            &ProfileDownloadCompletedRequest {
                header,
                eid: eid(&c.eid)?,
                iccid: iccid(&c.iccid)?,
                profile_type: c.profile_type.clone(),
                subscription_address: c.msisdn.clone().map(|m| SubscriptionAddress {
                    imsi: None,
                    msisdn: Some(m),
                }),
                pol2: None,
            },
        ),
        Function::Enable(p) => ops::ENABLE_PROFILE.request(addressing, &profile(p)?),
        Function::Disable(p) => ops::DISABLE_PROFILE.request(addressing, &profile(p)?),
        Function::DeleteIsdp(p) => ops::DELETE_ISDP.request(addressing, &profile(p)?),
        Function::GetEis(e) => {
            let msg = EidRequest {
                header,
                eid: eid(&e.eid)?,
            };
            ops::GET_EIS.request(addressing, &msg)
        }
        Function::AuditEis(e) => {
            let msg = AuditEisRequest {
                header,
                eid: eid(&e.eid)?,
                iccids: Vec::new(),
            };
            ops::AUDIT_EIS.request(addressing, &msg)
        }
    };
    Ok((operation_of(&a.function), env.encode()))
}

fn operation_of(f: &Function) -> Operation {
    match f {
        Function::CreateIsdp(_) => ops::CREATE_ISDP,
        Function::SendData(_) => ops::SEND_DATA,
        Function::DownloadCompleted(_) => ops::PROFILE_DOWNLOAD_COMPLETED,
        Function::Enable(_) => ops::ENABLE_PROFILE,
        Function::Disable(_) => ops::DISABLE_PROFILE,
        Function::DeleteIsdp(_) => ops::DELETE_ISDP,
        Function::GetEis(_) => ops::GET_EIS,
        Function::AuditEis(_) => ops::AUDIT_EIS,
    }
}
