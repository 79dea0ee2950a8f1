//! ESipa (SGP.32 v1.2 6.3, 5.14): the eIM package exchange and the relayed download.

use proto::der::{Asn1, Null, Preserved, Tag, Tlv};
use proto::sgp22::{CancelSessionResponseError, PendingNotification};
use proto::sgp32::*;

use super::*;

#[test]
fn sgp32_6_3_2_6_get_eim_package() {
    round_trip(
        &GetEimPackageRequest {
            eid_value: eid(),
            notify_state_change: Some(Null),
            state_change_cause: Some(StateChangeCause::Fallback),
            r_plmn: Some([0x00, 0xF1, 0x10]),
        },
        &format!("bf4f1c 5a10{EID} 8000 810101 820300f110"),
    );
    round_trip(
        &GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable),
        "bf4f03 020101",
    );
    let request = EuiccPackageRequest {
        euicc_package_signed: Preserved::new(enable_package()),
        eim_signature: h(SIG),
    };
    round_trip(
        &GetEimPackageResponse::EuiccPackageRequest(request),
        &with_consts(&format!("bf4f74 bf5171 {ENABLE_PACKAGE} 5f3740{{SIG}}")),
    );
}

#[test]
fn sgp32_6_3_2_7_provide_eim_package_result() {
    round_trip(
        &ProvideEimPackageResult {
            eid_value: Some(eid()),
            eim_package_result: EimPackageResult::EuiccPackageResult(
                EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
                    eim_id: "eim".to_string(),
                    eim_transaction_id: None,
                    association_token: Some(5),
                    euicc_package_unsigned_error_code: None,
                }),
            ),
        },
        &format!("bf501f 5a10{EID} bf510a a208 800365696d 840105"),
    );
    round_trip(
        &ProvideEimPackageResult {
            eid_value: None,
            eim_package_result: EimPackageResult::EimPackageResultResponseError(
                EimPackageResultResponseError {
                    eim_transaction_id: Some(vec![0x01]),
                    eim_package_result_error_code: EimPackageResultErrorCode::UnknownPackage,
                },
            ),
        },
        "bf5008 a006 800101 020102",
    );
    round_trip(
        &ProvideEimPackageResultResponse::EimAcknowledgements(EimAcknowledgements(vec![
            SequenceNumber(1),
            SequenceNumber(2),
        ])),
        "bf5009 bf5306 800101 800102",
    );
    round_trip(
        &ProvideEimPackageResultResponse::EmptyResponse(EmptySequence {}),
        "bf5002 3000",
    );
    round_trip(
        &ProvideEimPackageResultResponse::ProvideEimPackageResultError(
            ProvideEimPackageResultError::InvalidEid,
        ),
        "bf5003 020103",
    );
}

#[test]
fn sgp32_6_3_2_transfer_eim_package() {
    round_trip(
        &TransferEimPackageRequest::EimAcknowledgements(EimAcknowledgements(vec![SequenceNumber(
            4,
        )])),
        "bf4e06 bf5303 800104",
    );
    round_trip(
        &TransferEimPackageResponse::EimPackageReceived(Null),
        "bf4e02 0500",
    );
    round_trip(
        &TransferEimPackageResponse::EimPackageError(
            EimPackageResultErrorCode::InvalidPackageFormat,
        ),
        "bf4e03 020101",
    );
}

#[test]
fn sgp32_6_3_2_cancel_session_request_esipa_replaces_the_choice_tag() {
    // Automatic [1] on the [65] CHOICE is implicit: A1, not A1 BF41.
    round_trip(
        &CancelSessionRequestEsipa {
            transaction_id: vec![0x01],
            cancel_session_response: SGP32CancelSessionResponse::CancelSessionResponseError(
                CancelSessionResponseError::InvalidTransactionId,
            ),
        },
        "bf4108 800101 a103810105",
    );
    round_trip(
        &SGP32CancelSessionResponse::CompactCancelSessionResponseOk(
            CompactCancelSessionResponseOk {
                compact_euicc_cancel_session_signed: CompactEuiccCancelSessionSigned {
                    reason: Some(proto::sgp22::CancelSessionReason::Timeout),
                },
                euicc_cancel_session_signature: h(SIG),
            },
        ),
        &format!("bf414a a248 3003800102 5f3740{SIG}"),
    );
    round_trip(
        &CancelSessionResponseEsipa::CancelSessionOk(SGP32CancelSessionOk {}),
        "bf4102 a000",
    );
}

#[test]
fn sgp32_6_3_2_4_handle_notification_wraps_the_pending_notification() {
    let compact =
        SGP32PendingNotification::CompactOtherSignedNotification(sgp32_samples::compact_other());
    let v = HandleNotificationEsipa::PendingNotification(compact.clone());
    let der = v.to_der();
    assert_eq!(tag_path(&der, 4), ["BF3D", "A0", "A1", "5A"]);
    assert_eq!(HandleNotificationEsipa::from_der(&der).expect("decodes"), v);
    assert!(compact.to_sgp22().is_none());
    let full = SGP32PendingNotification::OtherSignedNotification(
        sgp22_samples::other_signed_notification(),
    );
    assert_eq!(
        full.to_sgp22(),
        Some(PendingNotification::OtherSignedNotification(
            sgp22_samples::other_signed_notification()
        ))
    );
    let provide = HandleNotificationEsipa::ProvideEimPackageResult(ProvideEimPackageResult {
        eid_value: None,
        eim_package_result: EimPackageResult::EimPackageResultResponseError(
            EimPackageResultResponseError {
                eim_transaction_id: None,
                eim_package_result_error_code: EimPackageResultErrorCode::UndefinedError,
            },
        ),
    });
    round_trip(&provide, "bf3d08 bf5005 a003 02017f");
}

#[test]
fn sgp32_5_14_7_compact_profile_installation_result() {
    let compact = CompactProfileInstallationResult {
        compact_profile_installation_result_data: CompactProfileInstallationResultData {
            transaction_id: vec![0x01],
            seq_number: 8,
            iccid_present: false,
            compact_final_result: CompactFinalResult::CompactSuccessResult(CompactSuccessResult {
                compact_aid: [0x10, 0x00],
                sima_response: None,
            }),
        },
        euicc_sign_pir: proto::sgp22::EuiccSignPIR(h(SIG)),
    };
    let body = format!("a011 800101 020108 010100 a206a0044f021000 5f3740{SIG}");
    round_trip(&compact, &format!("3056 {body}"));
    round_trip(
        &SGP32PendingNotification::CompactProfileInstallationResult(compact),
        &format!("a056 {body}"),
    );
    assert_eq!(
        CompactSuccessResult::DEFAULT_SIMA_RESPONSE.to_vec(),
        h("3007a00530038001 00")
    );
}

#[test]
fn sgp32_5_14_3_authenticate_client_request_esipa_relays_the_compact_response() {
    let v = AuthenticateClientRequestEsipa {
        transaction_id: vec![0x01],
        authenticate_server_response:
            SGP32AuthenticateServerResponse::CompactAuthenticateResponseOk(
                sgp32_samples::compact_authenticate_response_ok(),
            ),
    };
    let der = v.to_der();
    let mut top = Tlv::parse_single(&der)
        .expect("TLV")
        .contents()
        .expect("SEQUENCE");
    assert_eq!(top.read().expect("tid").tag, Tag::context(0, false));
    let response = top.read().expect("response");
    assert_eq!(tag_path(response.raw, 4), ["BF38", "A2", "A0", "84"]);
    assert_eq!(
        AuthenticateClientRequestEsipa::from_der(&der).expect("decodes"),
        v
    );
}

#[test]
fn sgp32_5_14_3_iot_euicc_signed1_keeps_received_octets() {
    let ok = sgp32_samples::authenticate_response_ok();
    let der = ok.to_der();
    let received = SGP32AuthenticateResponseOk::from_der(&der).expect("decodes");
    assert_eq!(
        received.euicc_signed1.raw(),
        &sgp32_samples::euicc_signed1().to_der()[..]
    );
    assert_eq!(
        received.euicc_signed1.euicc_info2.ipa_mode,
        Some(IpaMode::Ipad)
    );
}
