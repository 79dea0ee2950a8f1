//! A small eIM for the IPA tests: the ESipa ASN.1 binding over HTTPS (the lab PKI's eIM
//! TLS certificate), a queue of eIM Packages for GetEimPackage, every received message
//! kept, results acknowledged; for an indirect download it answers as the SM-DP+ would
//! (with the test SM-DP+ of `common`).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use certs::CertRole;
use euicc_sim::{Euicc, EuiccOptions};
use infra::tls::{Identity, ServerTrust};
use ipa::{EsipaClient, EsipaOptions};
use proto::der::Asn1;
use proto::sgp22::{AuthenticateServerResponse, PrepareDownloadResponse};
use proto::sgp32::{
    AuthenticateClientOkDPEsipa, AuthenticateClientResponseEsipa, EimAcknowledgements,
    EimPackageError, EimPackageResult, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim,
    EuiccPackageResult, GetBoundProfilePackageOkEsipa, GetBoundProfilePackageResponseEsipa,
    GetEimPackageResponse, InitiateAuthenticationOkEsipa, InitiateAuthenticationResponseEsipa,
    ProfileDownloadTriggerResultData, ProvideEimPackageResultResponse, SequenceNumber,
};

use crate::common::{Smdp, credentials, fresh_tid, metadata, pki, profile};

pub(crate) const EIM_HOST: &str = "eim.rsp-lab.test";

/// What the eIM holds and has seen.
#[derive(Default)]
pub(crate) struct Eim {
    /// Answers to GetEimPackage, in order; then noEimPackageAvailable.
    pub queue: VecDeque<GetEimPackageResponse>,
    /// Every message received, with its Content-Type, X-Admin-Protocol and User-Agent.
    pub received: Vec<(EsipaMessageFromIpaToEim, [String; 3])>,
    /// Acknowledge the seqNumbers of what is delivered (else an empty response).
    pub acknowledge: bool,
    /// The profile an indirect download installs.
    pub download_iccid: Option<String>,
    /// So many ProvideEimPackageResult requests are answered 503 by a gateway in front of
    /// the eIM, which never sees them (the eIM cannot be reached).
    pub unavailable_results: usize,
    /// So many ProvideEimPackageResult requests get no answer for ten seconds (the eIM
    /// withholds it; the IPA's timeout is shorter).
    pub withheld_results: usize,
    /// The download session: its transaction ID.
    tid: Option<Vec<u8>>,
    smdp_signature2: Option<Vec<u8>>,
}

pub(crate) struct FakeEim {
    pub addr: SocketAddr,
    pub eim: Arc<Mutex<Eim>>,
}

fn seq_numbers(result: &EimPackageResult) -> Vec<i64> {
    let epr = |r: &EuiccPackageResult| match r {
        EuiccPackageResult::EuiccPackageResultSigned(s) => {
            vec![s.euicc_package_result_data_signed.seq_number]
        }
        _ => Vec::new(),
    };
    match result {
        EimPackageResult::EuiccPackageResult(r) => epr(r),
        EimPackageResult::EprAndNotifications(e) => {
            let mut v = epr(&e.euicc_package_result);
            for n in &e.notification_list {
                if let Some(p) = n.to_sgp22() {
                    v.push(match p {
                        proto::sgp22::PendingNotification::ProfileInstallationResult(p) => {
                            p.profile_installation_result_data
                                .notification_metadata
                                .seq_number
                        }
                        proto::sgp22::PendingNotification::OtherSignedNotification(o) => {
                            o.tbs_other_notification.seq_number
                        }
                    });
                }
            }
            v
        }
        EimPackageResult::ProfileDownloadTriggerResult(t) => {
            match &t.profile_download_trigger_result_data {
                ProfileDownloadTriggerResultData::ProfileInstallationResult(p) => vec![
                    p.profile_installation_result_data
                        .notification_metadata
                        .seq_number,
                ],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

fn answer(m: EsipaMessageFromEimToIpa) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/x-gsma-rsp-asn1")],
        m.to_der(),
    )
        .into_response()
}

/// The eIM's answer to one message.
fn handle(eim: &Mutex<Eim>, headers: &HeaderMap, body: &[u8]) -> Response {
    let Ok(message) = EsipaMessageFromIpaToEim::from_der(body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let mut e = eim.lock().unwrap();
    if matches!(
        message,
        EsipaMessageFromIpaToEim::ProvideEimPackageResult(_)
    ) && e.unavailable_results > 0
    {
        e.unavailable_results -= 1;
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    e.received.push((
        message.clone(),
        [h("content-type"), h("x-admin-protocol"), h("user-agent")],
    ));
    let smdp = Smdp::new();
    // The SM-DP+ binds for the eUICC with these credentials (EID and key).
    let twin = || Euicc::in_memory(credentials(), EuiccOptions::default()).unwrap();
    use EsipaMessageFromIpaToEim as M;
    match message {
        M::GetEimPackageRequest(_) => {
            let next = e
                .queue
                .pop_front()
                .unwrap_or(GetEimPackageResponse::EimPackageError(
                    EimPackageError::NoEimPackageAvailable,
                ));
            answer(EsipaMessageFromEimToIpa::GetEimPackageResponse(next))
        }
        M::ProvideEimPackageResult(p) => {
            let r = if e.acknowledge {
                ProvideEimPackageResultResponse::EimAcknowledgements(EimAcknowledgements(
                    seq_numbers(&p.eim_package_result)
                        .into_iter()
                        .map(SequenceNumber)
                        .collect(),
                ))
            } else {
                ProvideEimPackageResultResponse::EmptyResponse(Default::default())
            };
            answer(EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(r))
        }
        M::InitiateAuthenticationRequestEsipa(r) => {
            let tid = fresh_tid();
            e.tid = Some(tid.clone());
            let a = smdp.authenticate_server_request(r.euicc_challenge, &tid);
            answer(
                EsipaMessageFromEimToIpa::InitiateAuthenticationResponseEsipa(
                    InitiateAuthenticationResponseEsipa::InitiateAuthenticationOkEsipa(
                        InitiateAuthenticationOkEsipa {
                            transaction_id: Some(tid),
                            server_signed1: a.server_signed1,
                            server_signature1: a.server_signature1,
                            euicc_ci_pk_identifier_to_be_used: a.euicc_ci_pkid_to_be_used,
                            server_certificate: a.server_certificate,
                            matching_id: Some("MATCHING-ID-1".into()),
                            ctx_params1: None,
                        },
                    ),
                ),
            )
        }
        M::AuthenticateClientRequestEsipa(r) => {
            let der = r.authenticate_server_response.to_der();
            let Ok(AuthenticateServerResponse::AuthenticateResponseOk(ok)) =
                AuthenticateServerResponse::from_der(&der)
            else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            let p = smdp.prepare_download_request(&ok, &r.transaction_id);
            e.smdp_signature2 = Some(p.smdp_signature2.clone());
            answer(EsipaMessageFromEimToIpa::AuthenticateClientResponseEsipa(
                AuthenticateClientResponseEsipa::AuthenticateClientOkDpEsipa(
                    AuthenticateClientOkDPEsipa {
                        transaction_id: Some(r.transaction_id),
                        profile_meta_data: None,
                        smdp_signed2: p.smdp_signed2,
                        smdp_signature2: p.smdp_signature2,
                        smdp_certificate: p.smdp_certificate,
                        hash_cc: None,
                    },
                ),
            ))
        }
        M::GetBoundProfilePackageRequestEsipa(r) => {
            let der = r.prepare_download_response.to_der();
            let (Ok(PrepareDownloadResponse::DownloadResponseOk(ok)), Some(sig2), Some(iccid)) = (
                PrepareDownloadResponse::from_der(&der),
                e.smdp_signature2.clone(),
                e.download_iccid.clone(),
            ) else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            let bpp = smdp.bind(
                &twin(),
                &ok,
                &sig2,
                &r.transaction_id,
                &metadata(&iccid),
                &profile(&iccid),
            );
            answer(
                EsipaMessageFromEimToIpa::GetBoundProfilePackageResponseEsipa(
                    GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageOkEsipa(
                        GetBoundProfilePackageOkEsipa {
                            transaction_id: Some(r.transaction_id),
                            bound_profile_package: bpp,
                        },
                    ),
                ),
            )
        }
        _ => StatusCode::NO_CONTENT.into_response(),
    }
}

impl FakeEim {
    /// Starts the eIM on an ephemeral loopback port.
    pub(crate) async fn start() -> FakeEim {
        let (cred, key) = pki().require_key(CertRole::EimTls).unwrap();
        let identity = Identity {
            chain: vec![cred.cert_der.clone()],
            key_pem: key.to_sec1_pem().unwrap().as_bytes().to_vec(),
        };
        let tls = infra::tls::server_config(&identity, None).unwrap();
        let eim = Arc::new(Mutex::new(Eim {
            acknowledge: true,
            ..Eim::default()
        }));
        let state = eim.clone();
        let router = Router::new().route(
            ipa::ESIPA_ASN1_PATH,
            post(move |headers: HeaderMap, body: Bytes| {
                let state = state.clone();
                async move {
                    let withhold = {
                        let mut e = state.lock().unwrap();
                        let result = matches!(
                            EsipaMessageFromIpaToEim::from_der(&body),
                            Ok(EsipaMessageFromIpaToEim::ProvideEimPackageResult(_))
                        );
                        let withhold = result && e.withheld_results > 0;
                        if withhold {
                            e.withheld_results -= 1;
                        }
                        withhold
                    };
                    if withhold {
                        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
                    }
                    handle(&state, &headers, &body)
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(infra::serve::serve_tls(
            listener,
            tls,
            router,
            std::future::pending(),
        ));
        FakeEim { addr, eim }
    }

    /// An ESipa client trusting the lab CI, with the eIM's name resolved to this server.
    pub(crate) fn client(&self) -> EsipaClient {
        self.client_waiting(std::time::Duration::from_secs(30))
    }

    /// [`FakeEim::client`] waiting at most `timeout` for an answer.
    pub(crate) fn client_waiting(&self, timeout: std::time::Duration) -> EsipaClient {
        let ci = pki().require(CertRole::Ci).unwrap().cert_der.clone();
        let mut o = EsipaOptions::new(ServerTrust::roots(vec![ci]));
        o.resolve = vec![(EIM_HOST.into(), self.addr)];
        o.timeout = timeout;
        EsipaClient::new(&o).unwrap()
    }

    /// The next `n` ProvideEimPackageResult requests are not answered in time.
    pub(crate) fn withhold_results(&self, n: usize) {
        self.eim.lock().unwrap().withheld_results = n;
    }

    /// The next `n` ProvideEimPackageResult requests do not reach the eIM (HTTP 503).
    pub(crate) fn unavailable_for(&self, n: usize) {
        self.eim.lock().unwrap().unavailable_results = n;
    }

    pub(crate) fn set_acknowledge(&self, acknowledge: bool) {
        self.eim.lock().unwrap().acknowledge = acknowledge;
    }

    pub(crate) fn push(&self, p: GetEimPackageResponse) {
        self.eim.lock().unwrap().queue.push_back(p);
    }

    /// The messages received so far.
    pub(crate) fn received(&self) -> Vec<EsipaMessageFromIpaToEim> {
        self.eim
            .lock()
            .unwrap()
            .received
            .iter()
            .map(|(m, _)| m.clone())
            .collect()
    }

    pub(crate) fn headers(&self) -> Vec<[String; 3]> {
        self.eim
            .lock()
            .unwrap()
            .received
            .iter()
            .map(|(_, h)| h.clone())
            .collect()
    }
}
