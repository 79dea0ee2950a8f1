//! Samples of the ESipa types and of the compact ES10b responses they relay.

use proto::der::{Asn1, Null, Preserved};
use proto::sgp22::{CancelSessionErrorEs9, CancelSessionOk, CancelSessionResponseError};
use proto::sgp32::*;

use super::values::*;
use crate::sgp22_samples as s22;

pub(super) fn add(s: &mut Vec<(&'static str, Vec<u8>)>) {
    macro_rules! add {
        ($name:literal, $($v:expr),+ $(,)?) => {$( s.push(($name, Asn1::to_der(&$v))); )+};
    }
    let auth_server_responses = [
        SGP32AuthenticateServerResponse::AuthenticateResponseOk(authenticate_response_ok()),
        SGP32AuthenticateServerResponse::AuthenticateResponseError(
            s22::authenticate_response_error(),
        ),
        SGP32AuthenticateServerResponse::CompactAuthenticateResponseOk(
            compact_authenticate_response_ok(),
        ),
    ];
    let prepare_download_responses = [
        SGP32PrepareDownloadResponse::DownloadResponseOk(s22::prepare_download_ok()),
        SGP32PrepareDownloadResponse::DownloadResponseError(s22::prepare_download_error()),
        SGP32PrepareDownloadResponse::CompactDownloadResponseOk(compact_prepare_download_ok()),
    ];
    let cancel_session_responses = [
        SGP32CancelSessionResponse::CancelSessionResponseOk(s22::cancel_session_response_ok()),
        SGP32CancelSessionResponse::CancelSessionResponseError(
            CancelSessionResponseError::InvalidTransactionId,
        ),
        SGP32CancelSessionResponse::CompactCancelSessionResponseOk(compact_cancel_ok()),
    ];
    // Compact ES10b responses
    for r in prepare_download_responses.clone() {
        add!("SGP32-PrepareDownloadResponse", r);
    }
    add!(
        "CompactPrepareDownloadResponseOk",
        compact_prepare_download_ok()
    );
    add!(
        "CompactEuiccSigned2",
        compact_prepare_download_ok().compact_euicc_signed2,
        CompactEuiccSigned2::default(),
    );
    add!("SGP32-EuiccSigned1", euicc_signed1());
    add!("SGP32-AuthenticateResponseOk", authenticate_response_ok());
    for r in auth_server_responses.clone() {
        add!("SGP32-AuthenticateServerResponse", r);
    }
    add!(
        "CompactAuthenticateResponseOk",
        compact_authenticate_response_ok(),
        CompactAuthenticateResponseOk {
            signed_data: CompactSignedData::EuiccSigned1(Preserved::new(euicc_signed1())),
            euicc_signature1: s22::sig(),
            euicc_certificate: None,
            eum_certificate: None,
        },
    );
    add!(
        "CompactEuiccSigned1",
        CompactEuiccSigned1 {
            ext_card_resource: vec![0x81, 0x01, 0x00, 0x82, 0x04, 0x00, 0x04, 0x00, 0x00],
            ctx_params1: Some(s22::ctx_params1()),
        },
        CompactEuiccSigned1 {
            ext_card_resource: vec![],
            ctx_params1: None,
        },
    );
    for r in cancel_session_responses.clone() {
        add!("SGP32-CancelSessionResponse", r);
    }
    add!("CompactCancelSessionResponseOk", compact_cancel_ok());
    add!(
        "CompactEuiccCancelSessionSigned",
        compact_cancel_ok().compact_euicc_cancel_session_signed,
        CompactEuiccCancelSessionSigned { reason: None },
    );
    add!(
        "SGP32-AuthenticateClientRequest",
        SGP32AuthenticateClientRequest {
            transaction_id: s22::tid(),
            authenticate_server_response: auth_server_responses[0].clone(),
        }
    );
    // ESipa: authentication
    let init_request = InitiateAuthenticationRequestEsipa {
        euicc_challenge: [0x11; 16],
        smdp_address: Some("smdp.example.com".to_string()),
        euicc_info1: Some(s22::euicc_info1()),
        eim_transaction_id: Some(eim_tid()),
    };
    add!(
        "InitiateAuthenticationRequestEsipa",
        init_request.clone(),
        InitiateAuthenticationRequestEsipa {
            euicc_challenge: [0x12; 16],
            ..InitiateAuthenticationRequestEsipa::default()
        },
    );
    let init_responses = [
        InitiateAuthenticationResponseEsipa::InitiateAuthenticationOkEsipa(
            initiate_authentication_ok(),
        ),
        InitiateAuthenticationResponseEsipa::InitiateAuthenticationErrorEsipa(
            InitiateAuthenticationErrorEsipa::InvalidEimTransactionId,
        ),
    ];
    for r in init_responses.clone() {
        add!("InitiateAuthenticationResponseEsipa", r);
    }
    add!(
        "InitiateAuthenticationOkEsipa",
        initiate_authentication_ok(),
        InitiateAuthenticationOkEsipa {
            transaction_id: None,
            matching_id: None,
            ctx_params1: None,
            ..initiate_authentication_ok()
        },
    );
    let auth_client_requests: Vec<AuthenticateClientRequestEsipa> = auth_server_responses
        .iter()
        .map(|r| AuthenticateClientRequestEsipa {
            transaction_id: s22::tid(),
            authenticate_server_response: r.clone(),
        })
        .collect();
    for r in auth_client_requests.clone() {
        add!("AuthenticateClientRequestEsipa", r);
    }
    let auth_client_responses = [
        AuthenticateClientResponseEsipa::AuthenticateClientOkDpEsipa(authenticate_client_ok_dp()),
        AuthenticateClientResponseEsipa::AuthenticateClientOkDsEsipa(authenticate_client_ok_ds()),
        AuthenticateClientResponseEsipa::AuthenticateClientErrorEsipa(
            AuthenticateClientErrorEsipa::EventIdUnknown,
        ),
    ];
    for r in auth_client_responses.clone() {
        add!("AuthenticateClientResponseEsipa", r);
    }
    add!(
        "AuthenticateClientOkDPEsipa",
        authenticate_client_ok_dp(),
        AuthenticateClientOkDPEsipa {
            transaction_id: None,
            profile_meta_data: None,
            hash_cc: None,
            ..authenticate_client_ok_dp()
        },
    );
    add!(
        "AuthenticateClientOkDSEsipa",
        authenticate_client_ok_ds(),
        AuthenticateClientOkDSEsipa {
            transaction_id: s22::tid(),
            profile_download_trigger: None,
        },
    );
    // ESipa: download
    let bpp_requests: Vec<GetBoundProfilePackageRequestEsipa> = prepare_download_responses
        .iter()
        .map(|r| GetBoundProfilePackageRequestEsipa {
            transaction_id: s22::tid(),
            prepare_download_response: r.clone(),
        })
        .collect();
    for r in bpp_requests.clone() {
        add!("GetBoundProfilePackageRequestEsipa", r);
    }
    let bpp_ok = GetBoundProfilePackageOkEsipa {
        transaction_id: Some(s22::tid()),
        bound_profile_package: s22::bound_profile_package(),
    };
    let bpp_responses = [
        GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageOkEsipa(bpp_ok.clone()),
        GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageErrorEsipa(
            GetBoundProfilePackageErrorEsipa::MetadataMismatch,
        ),
    ];
    for r in bpp_responses.clone() {
        add!("GetBoundProfilePackageResponseEsipa", r);
    }
    add!(
        "GetBoundProfilePackageOkEsipa",
        bpp_ok,
        GetBoundProfilePackageOkEsipa {
            transaction_id: None,
            bound_profile_package: s22::bound_profile_package(),
        },
    );
    let mut handle_notifications: Vec<HandleNotificationEsipa> = notifications()
        .into_iter()
        .map(HandleNotificationEsipa::PendingNotification)
        .collect();
    handle_notifications.push(HandleNotificationEsipa::ProvideEimPackageResult(
        provide_result(EimPackageResult::EuiccPackageResult(result_signed())),
    ));
    for n in handle_notifications.clone() {
        add!("HandleNotificationEsipa", n);
    }
    let cancel_requests: Vec<CancelSessionRequestEsipa> = cancel_session_responses
        .iter()
        .map(|r| CancelSessionRequestEsipa {
            transaction_id: s22::tid(),
            cancel_session_response: r.clone(),
        })
        .collect();
    for r in cancel_requests.clone() {
        add!("CancelSessionRequestEsipa", r);
    }
    let cancel_responses = [
        CancelSessionResponseEsipa::CancelSessionOk(CancelSessionOk {}),
        CancelSessionResponseEsipa::CancelSessionError(
            CancelSessionErrorEs9::EuiccSignatureInvalid,
        ),
    ];
    for r in cancel_responses.clone() {
        add!("CancelSessionResponseEsipa", r);
    }
    add!("SGP32-CancelSessionOk", CancelSessionOk {});
    // ESipa: eIM packages
    add!("StateChangeCause", StateChangeCause::ImmediateEnableProfile);
    let get_package_request = GetEimPackageRequest {
        eid_value: EID,
        notify_state_change: Some(Null),
        state_change_cause: Some(StateChangeCause::Fallback),
        r_plmn: Some([0x00, 0xF1, 0x10]),
    };
    add!(
        "GetEimPackageRequest",
        get_package_request.clone(),
        GetEimPackageRequest {
            eid_value: EID,
            ..GetEimPackageRequest::default()
        },
    );
    let get_package_responses = [
        GetEimPackageResponse::EuiccPackageRequest(euicc_package_request()),
        GetEimPackageResponse::IpaEuiccDataRequest(ipa_euicc_data_request()),
        GetEimPackageResponse::ProfileDownloadTriggerRequest(download_trigger()),
        GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable),
    ];
    for r in get_package_responses.clone() {
        add!("GetEimPackageResponse", r);
    }
    add!(
        "EimPackageResultErrorCode",
        EimPackageResultErrorCode::UnknownPackage
    );
    let response_error = EimPackageResultResponseError {
        eim_transaction_id: Some(eim_tid()),
        eim_package_result_error_code: EimPackageResultErrorCode::InvalidPackageFormat,
    };
    add!("EimPackageResultResponseError", response_error.clone());
    let eim_package_results = [
        EimPackageResult::EuiccPackageResult(error_signed()),
        EimPackageResult::EprAndNotifications(epr_and_notifications()),
        EimPackageResult::IpaEuiccDataResponse(
            IpaEuiccDataResponse::IpaEuiccData(ipa_euicc_data()),
        ),
        EimPackageResult::ProfileDownloadTriggerResult(download_result()),
        EimPackageResult::EimPackageResultResponseError(response_error),
    ];
    for r in eim_package_results.clone() {
        add!("EimPackageResult", r);
    }
    let provide_results: Vec<ProvideEimPackageResult> = eim_package_results
        .iter()
        .cloned()
        .map(provide_result)
        .collect();
    for r in provide_results.clone() {
        add!("ProvideEimPackageResult", r);
    }
    add!(
        "ProvideEimPackageResult",
        ProvideEimPackageResult {
            eid_value: None,
            eim_package_result: EimPackageResult::EuiccPackageResult(error_unsigned()),
        }
    );
    let provide_responses = [
        ProvideEimPackageResultResponse::EimAcknowledgements(EimAcknowledgements(vec![
            SequenceNumber(3),
            SequenceNumber(8),
        ])),
        ProvideEimPackageResultResponse::EmptyResponse(EmptySequence {}),
        ProvideEimPackageResultResponse::ProvideEimPackageResultError(
            ProvideEimPackageResultError::MissingEid,
        ),
    ];
    for r in provide_responses.clone() {
        add!("ProvideEimPackageResultResponse", r);
    }
    let transfer_requests = [
        TransferEimPackageRequest::EuiccPackageRequest(euicc_package_request()),
        TransferEimPackageRequest::IpaEuiccDataRequest(ipa_euicc_data_request()),
        TransferEimPackageRequest::EimAcknowledgements(EimAcknowledgements(vec![SequenceNumber(
            1,
        )])),
        TransferEimPackageRequest::ProfileDownloadTriggerRequest(download_trigger()),
    ];
    for r in transfer_requests.clone() {
        add!("TransferEimPackageRequest", r);
    }
    let transfer_responses = [
        TransferEimPackageResponse::EuiccPackageResult(result_signed()),
        TransferEimPackageResponse::EprAndNotifications(epr_and_notifications()),
        TransferEimPackageResponse::IpaEuiccDataResponse(
            IpaEuiccDataResponse::IpaEuiccDataResponseError(IpaEuiccDataResponseError {
                eim_transaction_id: Some(eim_tid()),
                ipa_euicc_data_error_code: IpaEuiccDataErrorCode::UndefinedError,
            }),
        ),
        TransferEimPackageResponse::EimPackageReceived(Null),
        TransferEimPackageResponse::EimPackageError(EimPackageResultErrorCode::UnknownPackage),
    ];
    for r in transfer_responses.clone() {
        add!("TransferEimPackageResponse", r);
    }
    // The two ESipa message CHOICEs, every alternative
    let mut from_ipa = vec![
        EsipaMessageFromIpaToEim::InitiateAuthenticationRequestEsipa(init_request),
        EsipaMessageFromIpaToEim::GetEimPackageRequest(get_package_request),
    ];
    from_ipa.extend(
        auth_client_requests
            .into_iter()
            .map(EsipaMessageFromIpaToEim::AuthenticateClientRequestEsipa),
    );
    from_ipa.extend(
        bpp_requests
            .into_iter()
            .map(EsipaMessageFromIpaToEim::GetBoundProfilePackageRequestEsipa),
    );
    from_ipa.extend(
        cancel_requests
            .into_iter()
            .map(EsipaMessageFromIpaToEim::CancelSessionRequestEsipa),
    );
    from_ipa.extend(
        handle_notifications
            .into_iter()
            .map(EsipaMessageFromIpaToEim::HandleNotificationEsipa),
    );
    from_ipa.extend(
        transfer_responses
            .into_iter()
            .map(EsipaMessageFromIpaToEim::TransferEimPackageResponse),
    );
    from_ipa.extend(
        provide_results
            .into_iter()
            .map(EsipaMessageFromIpaToEim::ProvideEimPackageResult),
    );
    for m in from_ipa {
        add!("EsipaMessageFromIpaToEim", m);
    }
    let mut from_eim: Vec<EsipaMessageFromEimToIpa> = Vec::new();
    from_eim.extend(
        init_responses
            .into_iter()
            .map(EsipaMessageFromEimToIpa::InitiateAuthenticationResponseEsipa),
    );
    from_eim.extend(
        auth_client_responses
            .into_iter()
            .map(EsipaMessageFromEimToIpa::AuthenticateClientResponseEsipa),
    );
    from_eim.extend(
        bpp_responses
            .into_iter()
            .map(EsipaMessageFromEimToIpa::GetBoundProfilePackageResponseEsipa),
    );
    from_eim.extend(
        cancel_responses
            .into_iter()
            .map(EsipaMessageFromEimToIpa::CancelSessionResponseEsipa),
    );
    from_eim.extend(
        transfer_requests
            .into_iter()
            .map(EsipaMessageFromEimToIpa::TransferEimPackageRequest),
    );
    from_eim.extend(
        get_package_responses
            .into_iter()
            .map(EsipaMessageFromEimToIpa::GetEimPackageResponse),
    );
    from_eim.extend(
        provide_responses
            .into_iter()
            .map(EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse),
    );
    for m in from_eim {
        add!("EsipaMessageFromEimToIpa", m);
    }
}
