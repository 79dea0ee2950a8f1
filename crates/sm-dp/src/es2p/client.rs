//! An ES2+ client for operators (`rsp-lab es2 --pki DIR --smdp URL download-order|
//! confirm-order|cancel-order|release-profile ...`): mutually authenticated TLS with the
//! operator's certificate from the lab PKI, the SGP.22 headers, and the JSON answers.

use std::net::SocketAddr;
use std::path::Path;

use certs::{CertRole, Pki};
use infra::client::{ClientOptions, build};
use infra::tls::{Identity, ServerTrust};
use proto::ids::{Eid, Iccid};
use proto::json::es2p::{
    CancelOrderRequest, ConfirmOrderRequest, ConfirmOrderResponse, DownloadOrderRequest,
    DownloadOrderResponse, Es2Function, FinalProfileStatusIndicator, ReleaseProfileRequest,
};
use proto::json::http::{ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL};
use proto::json::{EmptyResponse, RequestHeader, ResponseError, decode_response};
use serde::Serialize;
use serde_json::Value;

/// Why a call did not give the expected answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Es2ClientError {
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    #[error("operator key: {0}")]
    Key(String),
    #[error(transparent)]
    Client(#[from] infra::client::ClientError),
    #[error("SM-DP+ URL {0:?}: {1}")]
    Url(String, String),
    #[error("HTTP: {0}")]
    Http(#[from] reqwest::Error),
    #[error("HTTP status {status}: {body}")]
    Status { status: u16, body: String },
    /// The SM-DP+ answered, with status Failed (or a body that is not the expected one).
    #[error("{0}")]
    Response(#[from] ResponseError),
}

/// How to reach the SM-DP+.
#[derive(Clone)]
pub struct Es2ClientOptions {
    /// `https://host[:port]` of the ES2+ listener.
    pub smdp_url: String,
    /// The operator's client certificate and key.
    pub identity: Identity,
    /// Roots the SM-DP+'s TLS certificate must chain to (the CI).
    pub server_roots: Vec<Vec<u8>>,
    /// Connect to this address instead of resolving the URL's host (`--resolve`).
    pub resolve: Option<SocketAddr>,
    /// `functionRequesterIdentifier` of the request headers.
    pub requester: String,
}

impl Es2ClientOptions {
    /// From a lab PKI: the client credential of `operator` and the CI as server root.
    pub fn from_pki(pki: &Pki, operator: &str, smdp_url: &str) -> Result<Self, Es2ClientError> {
        let cred = pki.operator(operator)?;
        let key = cred
            .key()?
            .to_sec1_pem()
            .map_err(|e| Es2ClientError::Key(e.to_string()))?;
        Ok(Es2ClientOptions {
            smdp_url: smdp_url.to_string(),
            identity: Identity {
                chain: vec![cred.cert_der.clone()],
                key_pem: key.as_bytes().to_vec(),
            },
            server_roots: vec![pki.require(CertRole::Ci)?.cert_der.clone()],
            resolve: None,
            requester: operator.to_string(),
        })
    }

    /// From an SGP.26-layout PKI directory (`--pki DIR`).
    pub fn from_pki_dir(
        dir: &Path,
        operator: &str,
        smdp_url: &str,
    ) -> Result<Self, Es2ClientError> {
        Es2ClientOptions::from_pki(&Pki::load_dir(dir)?, operator, smdp_url)
    }
}

/// An ES2+ client.
pub struct Es2Client {
    http: reqwest::Client,
    base: String,
    requester: String,
}

impl Es2Client {
    pub fn new(o: &Es2ClientOptions) -> Result<Es2Client, Es2ClientError> {
        let mut opts = ClientOptions::new(ServerTrust::roots(o.server_roots.clone()));
        opts.identity = Some(o.identity.clone());
        if let Some(addr) = o.resolve {
            let url = reqwest::Url::parse(&o.smdp_url)
                .map_err(|e| Es2ClientError::Url(o.smdp_url.clone(), e.to_string()))?;
            let host = url
                .host_str()
                .ok_or_else(|| Es2ClientError::Url(o.smdp_url.clone(), "no host".into()))?;
            opts.resolve.push((host.to_string(), addr));
        }
        Ok(Es2Client {
            http: build(&opts)?,
            base: o.smdp_url.trim_end_matches('/').to_string(),
            requester: o.requester.clone(),
        })
    }

    /// A request header with a fresh call identifier.
    pub fn header(&self) -> RequestHeader {
        let id = crate::store::random_bytes::<8>()
            .map(hex::encode)
            .unwrap_or_else(|_| crate::store::now_ms().to_string());
        RequestHeader::new(self.requester.clone(), id)
    }

    /// Posts a body to `function` and returns the JSON answer as it came, whatever its
    /// status (what the CLI prints).
    pub async fn call<B: Serialize>(
        &self,
        f: Es2Function,
        body: &B,
    ) -> Result<Value, Es2ClientError> {
        let bytes = self.post(f, body).await?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Es2ClientError::Response(ResponseError::Json(proto::json::JsonError::from(e)))
        })
    }

    async fn post<B: Serialize>(
        &self,
        f: Es2Function,
        body: &B,
    ) -> Result<Vec<u8>, Es2ClientError> {
        let body = serde_json::to_vec(body).map_err(|e| {
            Es2ClientError::Response(ResponseError::Json(proto::json::JsonError::from(e)))
        })?;
        let r = self
            .http
            .post(format!("{}{}", self.base, f.path()))
            .header(http::header::CONTENT_TYPE, CONTENT_TYPE_JSON)
            .header(X_ADMIN_PROTOCOL, ADMIN_PROTOCOL_SGP22)
            .body(body)
            .send()
            .await?;
        let status = r.status().as_u16();
        let bytes = r.bytes().await?.to_vec();
        if status != 200 {
            return Err(Es2ClientError::Status {
                status,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
        Ok(bytes)
    }

    /// ES2+.DownloadOrder; `Failed` comes back as [`Es2ClientError::Response`].
    pub async fn download_order(
        &self,
        eid: Option<Eid>,
        iccid: Option<Iccid>,
        profile_type: Option<String>,
    ) -> Result<DownloadOrderResponse, Es2ClientError> {
        let body = DownloadOrderRequest {
            header: self.header(),
            eid,
            iccid,
            profile_type,
        };
        Ok(decode_response(
            &self.post(Es2Function::DownloadOrder, &body).await?,
        )?)
    }

    /// ES2+.ConfirmOrder.
    pub async fn confirm_order(
        &self,
        req: ConfirmOrder,
    ) -> Result<ConfirmOrderResponse, Es2ClientError> {
        let body = req.into_request(self.header());
        Ok(decode_response(
            &self.post(Es2Function::ConfirmOrder, &body).await?,
        )?)
    }

    /// ES2+.CancelOrder.
    pub async fn cancel_order(
        &self,
        iccid: Iccid,
        eid: Option<Eid>,
        matching_id: Option<String>,
        final_status: FinalProfileStatusIndicator,
    ) -> Result<(), Es2ClientError> {
        let body = CancelOrderRequest {
            header: self.header(),
            iccid,
            eid,
            matching_id,
            final_profile_status_indicator: final_status,
        };
        decode_response::<EmptyResponse>(&self.post(Es2Function::CancelOrder, &body).await?)?;
        Ok(())
    }

    /// ES2+.ReleaseProfile.
    pub async fn release_profile(&self, iccid: Iccid) -> Result<(), Es2ClientError> {
        let body = ReleaseProfileRequest {
            header: self.header(),
            iccid,
        };
        decode_response::<EmptyResponse>(&self.post(Es2Function::ReleaseProfile, &body).await?)?;
        Ok(())
    }
}

/// The inputs of ConfirmOrder.
#[derive(Clone, Debug)]
pub struct ConfirmOrder {
    pub iccid: Iccid,
    pub eid: Option<Eid>,
    /// `None`: the SM-DP+ generates one; `Some("")`: download by EID alone.
    pub matching_id: Option<String>,
    pub confirmation_code: Option<String>,
    pub smds_address: Option<proto::ids::SmdpAddress>,
    pub release_flag: bool,
}

impl ConfirmOrder {
    /// Confirm `iccid` with a generated Matching ID, no code, released.
    pub fn new(iccid: Iccid) -> ConfirmOrder {
        ConfirmOrder {
            iccid,
            eid: None,
            matching_id: None,
            confirmation_code: None,
            smds_address: None,
            release_flag: true,
        }
    }

    /// The request body.
    pub fn into_request(self, header: RequestHeader) -> ConfirmOrderRequest {
        ConfirmOrderRequest {
            header,
            iccid: self.iccid,
            eid: self.eid,
            matching_id: self.matching_id,
            confirmation_code: self.confirmation_code,
            smds_address: self.smds_address,
            release_flag: self.release_flag,
        }
    }
}
