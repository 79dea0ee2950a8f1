//! The ESipa messages the eIM exchanged, as written to `--trace-dir`, decode and re-encode
//! identically with an independent codec (asn1play / pycrate, SGP32Definitions v1.2): a run
//! through every function with real TLS, then `tools/crosscheck/check_trace.py`. Skipped with
//! a notice when no Python with asn1play is found (`$RSP_PYTHON`, then `<workspace>/.venv`);
//! a failure instead when `CI` is set.

use eim_testkit as support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use proto::ids::ActivationCode;
use proto::sgp32::{
    AuthenticateClientRequestEsipa, AuthenticateClientResponseEsipa, EimPackageResult,
    EsipaMessageFromEimToIpa as Out, EsipaMessageFromIpaToEim as In,
    GetBoundProfilePackageRequestEsipa, GetBoundProfilePackageResponseEsipa, GetEimPackageRequest,
    GetEimPackageResponse, HandleNotificationEsipa, InitiateAuthenticationRequestEsipa,
    InitiateAuthenticationResponseEsipa, IpaEuiccData, IpaEuiccDataResponse, ProfileDownloadData,
    ProfileDownloadTriggerResult, ProfileDownloadTriggerResultData, SGP32PendingNotification,
};
use serde_json::json;
use support::{Lab, TestEuicc};
use tests::eim_smdp::lab;

/// The Python interpreters tried for the cross-check, in order: `$RSP_PYTHON`, then the venv
/// `.ci/run` creates at the workspace root from `tools/crosscheck/requirements.txt`.
fn candidates() -> Vec<PathBuf> {
    let mut c: Vec<PathBuf> = std::env::var_os("RSP_PYTHON")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .into_iter()
        .collect();
    c.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python"));
    c
}

fn has_asn1play(py: &Path) -> bool {
    Command::new(py)
        .args(["-c", "import asn1_play"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The first candidate that imports asn1play. None (with a notice) when none does, outside CI;
/// under CI (`CI` set) a missing asn1play is a failure, not a skip.
fn python() -> Option<PathBuf> {
    let tried = candidates();
    if let Some(py) = tried.iter().find(|p| has_asn1play(p)) {
        return Some(py.clone());
    }
    let msg = format!(
        "no Python with asn1play (tried {}; set RSP_PYTHON or create .venv with \
         tools/crosscheck/requirements.txt)",
        tried
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("CI is set: {msg}; the asn1play cross-check of the traced ESipa messages must run");
    }
    eprintln!("notice: {msg}; cross-check skipped");
    None
}

async fn next(lab: &Lab, e: &TestEuicc, plmn: Option<[u8; 3]>) -> GetEimPackageResponse {
    for _ in 0..100 {
        let r = lab
            .ipa
            .poll(GetEimPackageRequest {
                eid_value: e.eid_bcd(),
                r_plmn: plmn,
                ..GetEimPackageRequest::default()
            })
            .await;
        if !matches!(r, GetEimPackageResponse::EimPackageError(_)) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nothing queued")
}

/// Malformed requests the test sends on purpose: their answers are checked, they are not.
const FORGED: [&[u8]; 2] = [&[0xBF, 0x4F, 0x00], &[0xBF, 0x50, 0x03, 0x5A, 0x01, 0x00]];

/// Removes the traced copies of [`FORGED`].
fn drop_forged(dir: &Path) {
    for f in std::fs::read_dir(dir).unwrap() {
        let path = f.unwrap().path();
        let body = std::fs::read(&path).unwrap();
        if FORGED.contains(&body.as_slice()) {
            std::fs::remove_file(path).unwrap();
        }
    }
}

/// Drives every ESipa function once or more over the ASN.1 binding.
async fn exercise(lab: &Lab, dp: &sm_dp::SmDpHandle) {
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    // Errors first: unknown EID, missing EID, a broken result.
    let stranger = TestEuicc::issue(
        &lab.pki,
        proto::ids::Eid::from_prefix("890490321234512345123456789099")
            .unwrap()
            .as_str(),
        1,
    );
    lab.ipa.poll_eid(stranger.eid_bcd()).await;
    for forged in FORGED {
        lab.ipa.raw(forged.to_vec()).await;
    }
    // PSMOs with results and notifications.
    lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    lab.api
        .queue(
            &e.eid,
            json!({"type": "setFallback", "iccid": support::euicc::BOOTSTRAP_ICCID}),
        )
        .await;
    lab.api.queue(&e.eid, json!({"type": "euiccData"})).await;
    let GetEimPackageResponse::EuiccPackageRequest(r) =
        next(lab, &e, Some([0x62, 0xF2, 0x10])).await
    else {
        panic!()
    };
    let res = e.execute(&r);
    lab.ipa
        .provide(Some(e.eid_bcd()), EimPackageResult::EuiccPackageResult(res))
        .await;
    let GetEimPackageResponse::EuiccPackageRequest(r) = next(lab, &e, None).await else {
        panic!()
    };
    let res = e.execute(&r);
    let n = e.notification(
        proto::sgp22::NotificationEvent::NOTIFICATION_ENABLE,
        support::euicc::BOOTSTRAP_ICCID,
        dp.address(),
    );
    lab.ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EprAndNotifications(proto::sgp32::EprAndNotifications {
                euicc_package_result: res,
                notification_list: vec![SGP32PendingNotification::OtherSignedNotification(n)],
            }),
        )
        .await;
    let GetEimPackageResponse::IpaEuiccDataRequest(d) = next(lab, &e, None).await else {
        panic!()
    };
    lab.ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::IpaEuiccDataResponse(IpaEuiccDataResponse::IpaEuiccData(
                IpaEuiccData {
                    euicc_info1: Some(e.euicc_info1()),
                    euicc_info2: Some(e.euicc_info2()),
                    association_token: Some(7),
                    eim_transaction_id: d.eim_transaction_id.clone(),
                    ..IpaEuiccData::default()
                },
            )),
        )
        .await;
    // Every other PSMO and eCO, once.
    let eim = json!({"eimId": "eim2.example", "eimFqdn": "eim2.example", "eimIdType": 2,
                     "counterValue": 0, "indirectProfileDownload": true});
    for req in [
        json!({"type": "enable", "iccid": support::euicc::BOOTSTRAP_ICCID}),
        json!({"type": "delete", "iccid": "8949010000000000025"}),
        json!({"type": "getRat"}),
        json!({"type": "configureImmediateEnable", "immediateEnable": true,
               "defaultSmdpOid": "2.999.10", "defaultSmdpAddress": "smdp.rsp-lab.test"}),
        json!({"type": "unsetFallback"}),
        json!({"type": "setDefaultDpAddress", "address": "smdp.rsp-lab.test"}),
        json!({"type": "addEim", "eim": eim}),
        json!({"type": "updateEim", "eim": eim}),
        json!({"type": "deleteEim", "eimId": "eim2.example"}),
        json!({"type": "listEim"}),
    ] {
        lab.api.queue(&e.eid, req).await;
        let GetEimPackageResponse::EuiccPackageRequest(r) = next(lab, &e, None).await else {
            panic!()
        };
        let res = e.execute(&r);
        lab.ipa
            .provide(Some(e.eid_bcd()), EimPackageResult::EuiccPackageResult(res))
            .await;
    }
    // A relayed download.
    lab.api
        .queue(&e.eid, json!({"type": "localize", "country": "DE"}))
        .await;
    let GetEimPackageResponse::ProfileDownloadTriggerRequest(t) = next(lab, &e, None).await else {
        panic!()
    };
    let Some(ProfileDownloadData::ActivationCode(ac)) = &t.profile_download_data else {
        panic!()
    };
    let matching = ActivationCode::parse(ac).unwrap().matching_id.unwrap();
    let Some(Out::InitiateAuthenticationResponseEsipa(
        InitiateAuthenticationResponseEsipa::InitiateAuthenticationOkEsipa(ok),
    )) = lab
        .ipa
        .send(&In::InitiateAuthenticationRequestEsipa(
            InitiateAuthenticationRequestEsipa {
                euicc_challenge: [5; 16],
                smdp_address: None,
                euicc_info1: None,
                eim_transaction_id: t.eim_transaction_id.clone(),
            },
        ))
        .await
    else {
        panic!()
    };
    let tid = ok.transaction_id.clone().unwrap();
    let asr = e.authenticate_server(
        ok.server_signed1.raw(),
        &ok.server_signature1,
        ok.server_certificate.0.as_bytes(),
        matching.as_str(),
        false,
    );
    let Some(Out::AuthenticateClientResponseEsipa(
        AuthenticateClientResponseEsipa::AuthenticateClientOkDpEsipa(ac),
    )) = lab
        .ipa
        .send(&In::AuthenticateClientRequestEsipa(
            AuthenticateClientRequestEsipa {
                transaction_id: tid.clone(),
                authenticate_server_response: asr,
            },
        ))
        .await
    else {
        panic!()
    };
    let iccid = support::euicc::digits(&ac.profile_meta_data.as_ref().unwrap().iccid);
    let pdr = e.prepare_download(&tid, &ac.smdp_signature2, true);
    let Some(Out::GetBoundProfilePackageResponseEsipa(
        GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageOkEsipa(_),
    )) = lab
        .ipa
        .send(&In::GetBoundProfilePackageRequestEsipa(
            GetBoundProfilePackageRequestEsipa {
                transaction_id: tid.clone(),
                prepare_download_response: pdr,
            },
        ))
        .await
    else {
        panic!()
    };
    let compact = e.compact_installation(&tid, &iccid, dp.address(), dp.oid());
    lab.ipa
        .send(&In::HandleNotificationEsipa(
            HandleNotificationEsipa::PendingNotification(
                SGP32PendingNotification::CompactProfileInstallationResult(compact),
            ),
        ))
        .await;
    let pir = e.install(&iccid, tid.clone(), dp.address());
    lab.ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::ProfileDownloadTriggerResult(ProfileDownloadTriggerResult {
                eim_transaction_id: t.eim_transaction_id.clone(),
                profile_download_trigger_result_data:
                    ProfileDownloadTriggerResultData::ProfileInstallationResult(pir),
            }),
        )
        .await;
    let GetEimPackageResponse::EuiccPackageRequest(r) = next(lab, &e, None).await else {
        panic!()
    };
    let res = e.execute(&r);
    lab.ipa
        .send(&In::HandleNotificationEsipa(
            HandleNotificationEsipa::ProvideEimPackageResult(
                proto::sgp32::ProvideEimPackageResult {
                    eid_value: Some(e.eid_bcd()),
                    eim_package_result: EimPackageResult::EuiccPackageResult(res),
                },
            ),
        ))
        .await;
}

fn der_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|f| {
            let n = f.as_ref().unwrap().file_name().into_string().unwrap();
            n.contains("-esipa-") && n.ends_with(".der")
        })
        .count()
}

/// Runs `check_trace.py` on `trace` with `py`: (success, its output).
fn check_trace(py: &Path, trace: &Path) -> (bool, String) {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/crosscheck/check_trace.py");
    let out = Command::new(py).arg(script).arg(trace).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn sgp32_6_3_traced_esipa_messages_decode_with_asn1play() {
    let (lab, dp, _dir) = lab(&["de-local-a"]).await;
    exercise(&lab, &dp).await;
    drop_forged(&lab.trace);
    let n = der_files(&lab.trace);
    assert!(n >= 50, "{n} traced ESipa DER messages");
    let checked = python().map(|py| check_trace(&py, &lab.trace));
    lab.eim_shutdown().await;
    dp.shutdown().await;
    let Some((ok, text)) = checked else {
        return;
    };
    println!("{text}");
    assert!(ok, "asn1play disagrees:\n{text}");
    assert!(text.contains("0 failed"), "{text}");
}
