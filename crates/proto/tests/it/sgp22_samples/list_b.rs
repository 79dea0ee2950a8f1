//! Samples of the ES10c, RAT, CRL, ES9+, ES10a, LPAe and ES11 types.

use proto::der::{Asn1, GeneralizedTime, UtcTime};
use proto::sgp22::*;

use super::values::*;

pub(super) fn add(s: &mut Vec<(&'static str, Vec<u8>)>) {
    macro_rules! add {
        ($name:literal, $($v:expr),+ $(,)?) => {$( s.push(($name, Asn1::to_der(&$v))); )+};
    }
    // ES10c
    add!(
        "EnableProfileRequest",
        EnableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(iccid()),
            refresh_flag: true
        },
        EnableProfileRequest {
            profile_identifier: ProfileIdentifier::IsdpAid(vec![
                0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10
            ]),
            refresh_flag: false,
        },
    );
    add!(
        "EnableProfileResponse",
        EnableProfileResponse {
            enable_result: EnableResult::CatBusy
        }
    );
    add!(
        "DisableProfileRequest",
        DisableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(iccid()),
            refresh_flag: false
        }
    );
    add!(
        "DisableProfileResponse",
        DisableProfileResponse {
            disable_result: DisableResult::ProfileNotInEnabledState
        }
    );
    add!(
        "DeleteProfileRequest",
        DeleteProfileRequest::Iccid(iccid()),
        DeleteProfileRequest::IsdpAid(vec![0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10]),
    );
    add!(
        "DeleteProfileResponse",
        DeleteProfileResponse {
            delete_result: DeleteResult::DisallowedByPolicy
        }
    );
    add!(
        "EuiccMemoryResetRequest",
        EuiccMemoryResetRequest {
            reset_options: ResetOptions::from_bits(&[
                ResetOptions::DELETE_OPERATIONAL_PROFILES,
                ResetOptions::RESET_DEFAULT_SMDP_ADDRESS
            ]),
        }
    );
    add!(
        "EuiccMemoryResetResponse",
        EuiccMemoryResetResponse {
            reset_result: ResetResult::Ok
        }
    );
    add!("GetEuiccDataRequest", GetEuiccDataRequest::default());
    add!(
        "GetEuiccDataResponse",
        GetEuiccDataResponse {
            eid_value: [
                0x89, 0x04, 0x90, 0x32, 0x12, 0x34, 0x51, 0x23, 0x45, 0x12, 0x34, 0x56, 0x78, 0x90,
                0x12, 0x35
            ]
        }
    );
    add!("GetRatRequest", GetRatRequest {});
    let rule = ProfilePolicyAuthorisationRule {
        ppr_ids: PprIds::from_bits(&[PprIds::PPR1]),
        allowed_operators: vec![operator_id()],
        ppr_flags: PprFlags::from_bits(&[PprFlags::CONSENT_REQUIRED]),
    };
    add!(
        "GetRatResponse",
        GetRatResponse {
            rat: RulesAuthorisationTable(vec![rule.clone()])
        }
    );
    add!(
        "RulesAuthorisationTable",
        RulesAuthorisationTable(vec![rule.clone(), rule.clone()])
    );
    add!("ProfilePolicyAuthorisationRule", rule);
    // CRL
    add!("SegmentedCrlList", SegmentedCrlList(vec![crl(), crl()]));
    add!("LoadCRLRequest", LoadCRLRequest { crl: crl() });
    add!(
        "LoadCRLResponse",
        LoadCRLResponse::LoadCrlResponseOk(LoadCRLResponseOk {
            missing_parts: Some(vec![2, 3])
        }),
        LoadCRLResponse::LoadCrlResponseError(LoadCRLResponseError::FresherCrlAlreadyLoaded),
    );
    add!(
        "LoadCRLResponseOk",
        LoadCRLResponseOk {
            missing_parts: Some(vec![1])
        }
    );
    add!(
        "LoadCRLResponseError",
        LoadCRLResponseError::InvalidCrlFormat
    );
    add!(
        "ExpirationDate",
        Time::UtcTime(UtcTime("300101000000Z".to_string())),
        Time::GeneralTime(GeneralizedTime("20500101000000Z".to_string())),
    );
    add!("TotalPartialCrlNumber", 4i64);
    add!("PartialCrlNumber", 2i64);
    // ES9+
    let initiate = InitiateAuthenticationRequest {
        euicc_challenge: [0x11; 16],
        smdp_address: "smdp.example.com".to_string(),
        euicc_info1: euicc_info1(),
    };
    let authenticate_client = AuthenticateClientRequest {
        transaction_id: tid(),
        authenticate_server_response: AuthenticateServerResponse::AuthenticateResponseOk(
            authenticate_response_ok(),
        ),
    };
    let get_bpp = GetBoundProfilePackageRequest {
        transaction_id: tid(),
        prepare_download_response: PrepareDownloadResponse::DownloadResponseOk(
            prepare_download_ok(),
        ),
    };
    let cancel_es9 = CancelSessionRequestEs9 {
        transaction_id: tid(),
        cancel_session_response: CancelSessionResponse::CancelSessionResponseOk(
            cancel_session_response_ok(),
        ),
    };
    let handle = HandleNotification {
        pending_notification: PendingNotification::ProfileInstallationResult(pir(
            FinalResult::SuccessResult(success_result()),
        )),
    };
    add!(
        "RemoteProfileProvisioningRequest",
        RemoteProfileProvisioningRequest::InitiateAuthenticationRequest(initiate.clone()),
        RemoteProfileProvisioningRequest::AuthenticateClientRequest(authenticate_client.clone()),
        RemoteProfileProvisioningRequest::GetBoundProfilePackageRequest(get_bpp.clone()),
        RemoteProfileProvisioningRequest::CancelSessionRequestEs9(cancel_es9.clone()),
        RemoteProfileProvisioningRequest::HandleNotification(handle.clone()),
    );
    let initiate_response =
        InitiateAuthenticationResponse::InitiateAuthenticationOk(initiate_authentication_ok());
    let authenticate_client_response =
        AuthenticateClientResponseEs9::AuthenticateClientOk(authenticate_client_ok());
    let get_bpp_response =
        GetBoundProfilePackageResponse::GetBoundProfilePackageOk(GetBoundProfilePackageOk {
            transaction_id: tid(),
            bound_profile_package: bound_profile_package(),
        });
    add!(
        "RemoteProfileProvisioningResponse",
        RemoteProfileProvisioningResponse::InitiateAuthenticationResponse(
            initiate_response.clone()
        ),
        RemoteProfileProvisioningResponse::AuthenticateClientResponseEs9(
            authenticate_client_response.clone()
        ),
        RemoteProfileProvisioningResponse::GetBoundProfilePackageResponse(get_bpp_response.clone()),
        RemoteProfileProvisioningResponse::CancelSessionResponseEs9(
            CancelSessionResponseEs9::CancelSessionOk(CancelSessionOk {})
        ),
        RemoteProfileProvisioningResponse::AuthenticateClientResponseEs11(
            AuthenticateClientResponseEs11::AuthenticateClientOk(authenticate_client_ok_es11())
        ),
    );
    add!("InitiateAuthenticationRequest", initiate);
    add!(
        "InitiateAuthenticationResponse",
        initiate_response,
        InitiateAuthenticationResponse::InitiateAuthenticationError(
            InitiateAuthenticationError::CiPkNotSupported
        ),
    );
    add!("InitiateAuthenticationOkEs9", initiate_authentication_ok());
    add!(
        "AuthenticateClientRequest",
        authenticate_client,
        AuthenticateClientRequest {
            transaction_id: tid(),
            authenticate_server_response: AuthenticateServerResponse::AuthenticateResponseError(
                authenticate_response_error()
            ),
        },
    );
    add!(
        "AuthenticateClientResponseEs9",
        authenticate_client_response,
        AuthenticateClientResponseEs9::AuthenticateClientError(
            AuthenticateClientErrorEs9::EidMismatch
        ),
    );
    add!("AuthenticateClientOk", authenticate_client_ok());
    add!(
        "GetBoundProfilePackageRequest",
        get_bpp,
        GetBoundProfilePackageRequest {
            transaction_id: tid(),
            prepare_download_response: PrepareDownloadResponse::DownloadResponseError(
                prepare_download_error()
            ),
        },
    );
    add!(
        "GetBoundProfilePackageResponse",
        get_bpp_response,
        GetBoundProfilePackageResponse::GetBoundProfilePackageError(
            GetBoundProfilePackageError::InvalidTransactionId
        ),
    );
    add!(
        "GetBoundProfilePackageOk",
        GetBoundProfilePackageOk {
            transaction_id: tid(),
            bound_profile_package: bound_profile_package()
        }
    );
    add!(
        "HandleNotification",
        handle,
        HandleNotification {
            pending_notification: PendingNotification::OtherSignedNotification(
                other_signed_notification()
            )
        },
    );
    add!(
        "CancelSessionRequestEs9",
        cancel_es9,
        CancelSessionRequestEs9 {
            transaction_id: tid(),
            cancel_session_response: CancelSessionResponse::CancelSessionResponseError(
                CancelSessionResponseError::UndefinedError
            ),
        },
    );
    add!(
        "CancelSessionResponseEs9",
        CancelSessionResponseEs9::CancelSessionOk(CancelSessionOk {}),
        CancelSessionResponseEs9::CancelSessionError(CancelSessionErrorEs9::EuiccSignatureInvalid),
    );
    add!("CancelSessionOk", CancelSessionOk {});
    // ES10a
    add!(
        "EuiccConfiguredAddressesRequest",
        EuiccConfiguredAddressesRequest {}
    );
    add!(
        "EuiccConfiguredAddressesResponse",
        EuiccConfiguredAddressesResponse {
            default_dp_address: Some("smdp.example.com".to_string()),
            root_ds_address: "lpa.ds.gsma.com".to_string(),
        }
    );
    add!(
        "SetDefaultDpAddressRequest",
        SetDefaultDpAddressRequest {
            default_dp_address: "smdp.example.com".to_string()
        }
    );
    add!(
        "SetDefaultDpAddressResponse",
        SetDefaultDpAddressResponse {
            set_default_dp_address_result: SetDefaultDpAddressResult::Ok
        }
    );
    // LPAe
    add!(
        "ISDRProprietaryApplicationTemplate",
        ISDRProprietaryApplicationTemplate {
            svn: [2, 5, 0],
            lpae_support: Some(LpaeSupport::from_bits(&[LpaeSupport::LPAE_USING_CAT])),
        }
    );
    add!(
        "LpaeActivationRequest",
        LpaeActivationRequest {
            lpae_option: LpaeOption::from_bits(&[LpaeOption::ACTIVATE_SCWS_BASED_LPAE])
        }
    );
    add!(
        "LpaeActivationResponse",
        LpaeActivationResponse {
            lpae_activation_result: LpaeActivationResult::NotSupported
        }
    );
    // ES11
    add!(
        "AuthenticateClientResponseEs11",
        AuthenticateClientResponseEs11::AuthenticateClientOk(authenticate_client_ok_es11()),
        AuthenticateClientResponseEs11::AuthenticateClientError(
            AuthenticateClientErrorEs11::EventIdUnknown
        ),
    );
    add!("AuthenticateClientOkEs11", authenticate_client_ok_es11());
    add!(
        "EventEntries",
        EventEntries {
            event_id: "EVENT-2".to_string(),
            rsp_server_address: "smds.example.com".to_string()
        }
    );
    // Not in asn1play's module (an aid of the reference module only).
    add!(
        "InitialiseSecureChannelRequest-ver",
        InitialiseSecureChannelRequestVer {
            remote_op_id: RemoteOpId::InstallBoundProfilePackage,
            transaction_id: tid(),
            control_ref_template: control_ref_template(),
            smdp_otpk: otpk(),
            euicc_otpk: otpk(),
        }
    );
}
