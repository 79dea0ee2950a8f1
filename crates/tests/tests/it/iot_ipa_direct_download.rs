//! The IoT device against the real SM-DP+ (SGP.32 v1.2 3.2, 5.14; SGP.22 3.1.3): an eIM
//! stand-in on ESipa (HTTPS, ASN.1 binding) hands the IPA a ProfileDownloadTrigger with the
//! activation code of an ES2+ order; the IPA downloads directly from the SM-DP+ (ES9+) into
//! the IoT eUICC, the SM-DP+ completes the order from the installation result, the eIM gets
//! the result in ProvideEimPackageResult; then an enable with rollbackFlag, executed and
//! signed by the eUICC (verified with its certificate and the association token), and
//! acknowledged.
//!
//! The eIM stand-in signs with the lab PKI's eIM key; the end-to-end test with the real
//! eIM is `iot_localization.rs`.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use certs::CertRole;
use euicc_sim::state::{EimConfig, EimKey, ProfileStatus};
use euicc_sim::{Credentials, Euicc, EuiccOptions, Preload};
use infra::tls::{Identity, ServerTrust};
use ipa::{EsipaClient, EsipaOptions, Ipa, IpaOptions, PollOutcome};
use lpa::Resolve;
use lpa::fault::AnswerLoss;
use proto::crypto::{PublicKey, Signature, SigningKey};
use proto::der::{Asn1, Null, Preserved};
use proto::saip::{Personalization, minimal_profile};
use proto::sgp22::{Iccid, StoreMetadataRequest};
use proto::sgp32::ContactSmds;
use proto::sgp32::{
    EimAcknowledgements, EimPackageError, EimPackageResult, EnableProfileResult,
    EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim, EuiccPackage, EuiccPackageRequest,
    EuiccPackageResult, EuiccPackageSigned, EuiccResultData, GetEimPackageResponse,
    ProfileDownloadData, ProfileDownloadTriggerRequest, ProfileDownloadTriggerResultData,
    ProvideEimPackageResultResponse, Psmo, PsmoEnable, SequenceNumber, signature_input,
};
use sm_dp::OrderStatus;
use sm_dp::{ProfileState, Template};
use tests::{FQDN, Lab, Smds, lab_pki};

const EIM_HOST: &str = "eim.rsp-lab.test";
const TOKEN: i64 = 11;
const BOOTSTRAP: &str = "8949449999999991013";
const LOCAL0: &str = "8949449999999990023";

/// The eIM stand-in: packages to hand out, everything received, acknowledgements.
#[derive(Default)]
struct EimState {
    queue: VecDeque<GetEimPackageResponse>,
    received: Vec<EsipaMessageFromIpaToEim>,
}

fn acknowledged(result: &EimPackageResult) -> Vec<SequenceNumber> {
    let mut seqs = Vec::new();
    let mut epr = |r: &EuiccPackageResult| {
        if let EuiccPackageResult::EuiccPackageResultSigned(s) = r {
            seqs.push(SequenceNumber(
                s.euicc_package_result_data_signed.seq_number,
            ));
        }
    };
    match result {
        EimPackageResult::EuiccPackageResult(r) => epr(r),
        EimPackageResult::EprAndNotifications(e) => epr(&e.euicc_package_result),
        EimPackageResult::ProfileDownloadTriggerResult(t) => {
            if let ProfileDownloadTriggerResultData::ProfileInstallationResult(p) =
                &t.profile_download_trigger_result_data
            {
                seqs.push(SequenceNumber(
                    p.profile_installation_result_data
                        .notification_metadata
                        .seq_number,
                ));
            }
        }
        _ => {}
    }
    seqs
}

async fn start_eim(lab: &Lab) -> (SocketAddr, Arc<Mutex<EimState>>) {
    let (cred, key) = lab.pki.require_key(CertRole::EimTls).unwrap();
    let identity = Identity {
        chain: vec![cred.cert_der.clone()],
        key_pem: key.to_sec1_pem().unwrap().as_bytes().to_vec(),
    };
    let tls = infra::tls::server_config(&identity, None).unwrap();
    let state = Arc::new(Mutex::new(EimState::default()));
    let s = state.clone();
    let router = Router::new().route(
        ipa::ESIPA_ASN1_PATH,
        post(move |body: Bytes| {
            let s = s.clone();
            async move {
                let Ok(m) = EsipaMessageFromIpaToEim::from_der(&body) else {
                    return StatusCode::BAD_REQUEST.into_response();
                };
                let mut st = s.lock().unwrap();
                st.received.push(m.clone());
                let answer = match m {
                    EsipaMessageFromIpaToEim::GetEimPackageRequest(_) => {
                        EsipaMessageFromEimToIpa::GetEimPackageResponse(
                            st.queue
                                .pop_front()
                                .unwrap_or(GetEimPackageResponse::EimPackageError(
                                    EimPackageError::NoEimPackageAvailable,
                                )),
                        )
                    }
                    EsipaMessageFromIpaToEim::ProvideEimPackageResult(p) => {
                        EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(
                            ProvideEimPackageResultResponse::EimAcknowledgements(
                                EimAcknowledgements(acknowledged(&p.eim_package_result)),
                            ),
                        )
                    }
                    _ => return StatusCode::NO_CONTENT.into_response(),
                };
                (StatusCode::OK, answer.to_der()).into_response()
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
    (addr, state)
}

fn iccid(digits: &str) -> Iccid {
    Iccid(
        proto::ids::Iccid::parse_lenient(digits)
            .unwrap()
            .to_swapped_bcd(),
    )
}

/// An IoT eUICC of the lab PKI associated with the eIM, the bootstrap profile pre-loaded,
/// enabled and the Fallback Profile.
fn iot_euicc(lab: &Lab) -> Euicc {
    let eim_cert = lab.pki.require(CertRole::Eim).unwrap().cert_der.clone();
    let eim = EimConfig {
        association_token: Some(TOKEN),
        ..EimConfig::new(
            certs::generate::DEFAULT_EIM_ID,
            EIM_HOST,
            EimKey::Certificate { der: eim_cert },
        )
    };
    let options = EuiccOptions {
        default_dp_address: Some(FQDN.into()),
        ..EuiccOptions::iot_with_eim(eim)
    };
    let mut euicc = Euicc::in_memory(Credentials::from_pki(&lab.pki).unwrap(), options).unwrap();
    let package = minimal_profile(&Personalization {
        iccid: BOOTSTRAP.into(),
        imsi: "001019990000001".into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    })
    .unwrap()
    .to_der();
    let metadata = StoreMetadataRequest::new(iccid(BOOTSTRAP), "Global IoT", "bootstrap");
    euicc
        .preload_profile(&Preload {
            enabled: true,
            fallback: true,
            ..Preload::new(package, metadata)
        })
        .unwrap();
    euicc
}

/// The eIM's signed enable of `digits` with rollbackFlag.
fn enable_package(lab: &Lab, eid: &str, counter: i64, digits: &str) -> EuiccPackageRequest {
    let (_, key) = lab.pki.require_key(CertRole::Eim).unwrap();
    let key = SigningKey::new(key.clone()).unwrap();
    let signed = Preserved::new(EuiccPackageSigned {
        eim_id: certs::generate::DEFAULT_EIM_ID.into(),
        eid_value: proto::ids::Eid::parse(eid).unwrap().to_bcd(),
        counter_value: counter,
        eim_transaction_id: Some(vec![0x42]),
        euicc_package: EuiccPackage::PsmoList(vec![Psmo::Enable(PsmoEnable {
            iccid: iccid(digits),
            rollback_flag: Some(Null),
        })]),
    });
    let sig = key
        .sign(&signature_input(signed.raw(), TOKEN))
        .unwrap()
        .as_raw()
        .to_vec();
    EuiccPackageRequest {
        euicc_package_signed: signed,
        eim_signature: sig,
    }
}

/// The IPA of `euicc`, polling the test eIM at `eim_addr` and downloading from the lab's
/// SM-DP+; `lose` loses chosen ES9+ answers.
fn ipa_for(lab: &Lab, eim_addr: SocketAddr, euicc: Euicc, lose: Option<AnswerLoss>) -> Ipa<Euicc> {
    ipa_reaching(lab, eim_addr, euicc, lose, Vec::new())
}

/// [`ipa_for`], its LPA also reaching the servers of `resolve` (an SM-DS).
fn ipa_reaching(
    lab: &Lab,
    eim_addr: SocketAddr,
    euicc: Euicc,
    lose: Option<AnswerLoss>,
    resolve: Vec<Resolve>,
) -> Ipa<Euicc> {
    let ci = lab.pki.require(CertRole::Ci).unwrap().cert_der.clone();
    let mut esipa = EsipaOptions::new(ServerTrust::roots(vec![ci]));
    esipa.resolve = vec![(EIM_HOST.into(), eim_addr)];
    let mut lpa = lab.lpa_options();
    lpa.process_notifications = false;
    lpa.es9.lose_answer = lose;
    lpa.es9.resolve.extend(resolve);
    let options = IpaOptions {
        lpa,
        ..IpaOptions::default()
    };
    Ipa::new(euicc, EsipaClient::new(&esipa).unwrap(), options).unwrap()
}

/// The eIM's download trigger: the activation code of the released order.
fn trigger(lab: &Lab, matching_id: &str, transaction: u8) -> GetEimPackageResponse {
    GetEimPackageResponse::ProfileDownloadTriggerRequest(ProfileDownloadTriggerRequest {
        profile_download_data: Some(ProfileDownloadData::ActivationCode(
            lab.activation_code(matching_id)
                .trim_start_matches("LPA:")
                .to_string(),
        )),
        eim_transaction_id: Some(vec![0x10, transaction]),
    })
}

/// SGP.32 v1.2 2.11.1 (`contactSmds`) with SGP.22 3.6.3: the trigger names the root SM-DS,
/// not an SM-DP+. With no event there the IPA answers profileDownloadError; once the order's
/// event is registered, the IPA retrieves it over ES11 and downloads the profile it
/// announces from the SM-DP+, with the EventID as Matching ID.
#[tokio::test]
async fn sgp32_2_11_1_contact_smds_downloads_the_event_the_smds_holds() {
    let pki = lab_pki();
    let smds = Smds::start(&pki).await;
    let lab = Lab::start_on(pki, |_| {}).await;
    lab.inventory("lab", Template::Minimal, 1, LOCAL0).await;
    let (eim_addr, eim) = start_eim(&lab).await;
    let euicc = iot_euicc(&lab);
    let eid = euicc.eid().to_string();
    let (iccid_ordered, matching_id) = lab.order("lab", Some(&eid), None).await;
    let mut ipa = ipa_reaching(&lab, eim_addr, euicc, None, vec![smds.resolve()]);
    let contact_smds = |transaction: u8| {
        GetEimPackageResponse::ProfileDownloadTriggerRequest(ProfileDownloadTriggerRequest {
            profile_download_data: Some(ProfileDownloadData::ContactSmds(ContactSmds {
                smds_address: Some(smds.host.into()),
            })),
            eim_transaction_id: Some(vec![0x10, transaction]),
        })
    };

    eim.lock().unwrap().queue.push_back(contact_smds(0x05));
    let PollOutcome::Download(d) = ipa.poll(Some([0x62, 0xF2, 0x10])).await.unwrap() else {
        panic!("a download")
    };
    assert!(
        matches!(
            d.result.profile_download_trigger_result_data,
            ProfileDownloadTriggerResultData::ProfileDownloadError(_)
        ),
        "no event yet: {:?}",
        d.result
    );
    assert_eq!(d.installed_iccid, None);

    let answer = smds.register_event(&eid, FQDN, &matching_id).await;
    assert_eq!(
        answer["header"]["functionExecutionStatus"]["status"], "Executed-Success",
        "{answer}"
    );
    eim.lock().unwrap().queue.push_back(contact_smds(0x06));
    let PollOutcome::Download(d) = ipa.poll(Some([0x62, 0xF2, 0x10])).await.unwrap() else {
        panic!("a download")
    };
    assert_eq!(d.installed_iccid.as_deref(), Some(iccid_ordered.as_str()));
    assert_eq!(d.result.eim_transaction_id, Some(vec![0x10, 0x06]));
    assert_eq!(lab.order_of(&matching_id).await.status, OrderStatus::Done);
    smds.handle.shutdown().await;
}

#[tokio::test]
async fn sgp32_3_2_ipa_downloads_directly_then_enables_with_rollback_allowed() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, LOCAL0).await;
    let (eim_addr, eim) = start_eim(&lab).await;
    let euicc = iot_euicc(&lab);
    let eid = euicc.eid().to_string();
    let (iccid_ordered, matching_id) = lab.order("lab", Some(&eid), None).await;

    let mut ipa = ipa_for(&lab, eim_addr, euicc, None);

    // The trigger: the activation code of the released order.
    eim.lock()
        .unwrap()
        .queue
        .push_back(trigger(&lab, &matching_id, 0x01));
    let PollOutcome::Download(d) = ipa.poll(Some([0x62, 0xF2, 0x10])).await.unwrap() else {
        panic!("a download")
    };
    assert!(!d.indirect);
    assert_eq!(d.installed_iccid.as_deref(), Some(iccid_ordered.as_str()));
    assert_eq!(d.result.eim_transaction_id, Some(vec![0x10, 0x01]));
    let ProfileDownloadTriggerResultData::ProfileInstallationResult(pir) =
        &d.result.profile_download_trigger_result_data
    else {
        panic!("{:?}", d.result)
    };
    let key =
        PublicKey::from_certificate_der(ipa.card().credentials().euicc_certificate()).unwrap();
    key.verify(
        pir.profile_installation_result_data.raw(),
        &Signature::from_raw(&pir.euicc_sign_pir.0).unwrap(),
    )
    .expect("euiccSignPIR verifies");
    // The SM-DP+ got the installation result from the IPA's LPA.
    assert_eq!(
        lab.profile(&iccid_ordered).await.state,
        ProfileState::Installed
    );
    assert_eq!(lab.order_of(&matching_id).await.status, OrderStatus::Done);

    // Enable with rollback allowed: executed, signed, delivered, acknowledged.
    let req = enable_package(&lab, &eid, 1, &iccid_ordered);
    eim.lock()
        .unwrap()
        .queue
        .push_back(GetEimPackageResponse::EuiccPackageRequest(req));
    let PollOutcome::Package(p) = ipa.poll(Some([0x62, 0xF2, 0x10])).await.unwrap() else {
        panic!("a package")
    };
    let EuiccPackageResult::EuiccPackageResultSigned(s) = &p.result else {
        panic!("{:?}", p.result)
    };
    assert_eq!(
        s.euicc_package_result_data_signed.euicc_result,
        [EuiccResultData::EnableResult(EnableProfileResult::Ok)]
    );
    let (data, sig) = p.result.signed_data(TOKEN).unwrap();
    key.verify(&data, &Signature::from_raw(sig).unwrap())
        .expect("euiccSignEPR verifies with the association token");
    assert_eq!(
        p.enabled_by_package.as_deref(),
        Some(iccid_ordered.as_str())
    );
    assert_eq!(p.delivery.acknowledged, p.delivery.removed);
    assert!(ipa.card().state().iot.package_results.is_empty());
    assert_eq!(
        ipa.card()
            .state()
            .profile_by_iccid(BOOTSTRAP)
            .unwrap()
            .state,
        ProfileStatus::Disabled
    );
    assert!(
        ipa.card().state().iot.rollback.is_some(),
        "rollback still possible"
    );
    let sent = eim.lock().unwrap().received.len();
    assert_eq!(sent, 4, "two polls, two results");
}

/// SGP.22 3.1.5 / 5.6.2: the device loses the SM-DP+'s answers mid-download (the SM-DP+
/// bound the package, the answer never arrived). The LPA cancels with reason timeout, the
/// SM-DP+ keeps the order, and the IPA runs the download again: the second run gets the
/// package bound to the same one-time key and installs it; one order, done.
#[tokio::test]
async fn sgp22_3_1_5_ipa_repeats_a_direct_download_whose_answer_was_lost() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 2, LOCAL0).await;
    let (eim_addr, eim) = start_eim(&lab).await;
    let euicc = iot_euicc(&lab);
    let eid = euicc.eid().to_string();
    let (iccid_ordered, matching_id) = lab.order("lab", Some(&eid), None).await;

    let lost = Arc::new(Mutex::new(Vec::new()));
    let record = lost.clone();
    // The first answer of getBoundProfilePackage and of authenticateClient are lost.
    let lose: AnswerLoss = Arc::new(move |_: &str, function: &str| {
        let mut seen = record.lock().unwrap();
        let first = !seen.iter().any(|f: &String| f == function);
        let lose = first && matches!(function, "getBoundProfilePackage" | "authenticateClient");
        seen.push(function.to_string());
        lose
    });
    assert_eq!(IpaOptions::default().download_attempts, 3);
    let mut ipa = ipa_for(&lab, eim_addr, euicc, Some(lose));
    eim.lock()
        .unwrap()
        .queue
        .push_back(trigger(&lab, &matching_id, 0x02));
    let PollOutcome::Download(d) = ipa.poll(None).await.unwrap() else {
        panic!("a download")
    };
    assert_eq!(d.installed_iccid.as_deref(), Some(iccid_ordered.as_str()));
    let calls = lost.lock().unwrap().clone();
    assert_eq!(
        calls
            .iter()
            .filter(|f| *f == "initiateAuthentication")
            .count(),
        3,
        "three runs: {calls:?}"
    );
    assert_eq!(
        lab.profile(&iccid_ordered).await.state,
        ProfileState::Installed
    );
    assert_eq!(lab.order_of(&matching_id).await.status, OrderStatus::Done);
    let profiles = &ipa.card().state().profiles;
    assert_eq!(profiles.len(), 2, "the bootstrap and the one downloaded");
}
