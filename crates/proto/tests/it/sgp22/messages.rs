//! SGP.22 v2.5 messages against encodings checked by hand (tags from the ASN.1 module, DER
//! lengths counted), decoded back; and the reference bound profile package.

use crate::sgp22_samples;

use proto::der::{Asn1, DecodeErrorKind, Preserved, RawTlv};
use proto::sgp22::*;

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace([' ', '\n'], "")).expect("test hex")
}

/// Encodes `v`, compares with `der`, decodes `der` and compares with `v`.
fn round_trip<T: Asn1 + PartialEq + std::fmt::Debug>(v: &T, der: &str) {
    let der = h(der);
    assert_eq!(hex::encode(v.to_der()), hex::encode(&der), "{}", T::NAME);
    assert_eq!(&T::from_der(&der).expect("decodes"), v, "{}", T::NAME);
}

const ICCID: &str = "98001032547698103214";

#[test]
fn sgp22_5_7_7_get_euicc_challenge() {
    round_trip(&GetEuiccChallengeRequest {}, "bf2e00");
    round_trip(
        &GetEuiccChallengeResponse {
            euicc_challenge: [0xA5; 16],
        },
        "bf2e12 8010 a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5",
    );
}

#[test]
fn sgp22_5_7_8_euicc_info1() {
    let ski = "f54172bdf98a95d65cbeb88a38a1c11d800a85c3";
    let v = EUICCInfo1 {
        svn: [2, 5, 0],
        euicc_ci_pkid_list_for_verification: vec![sgp22_samples::ski()],
        euicc_ci_pkid_list_for_signing: vec![sgp22_samples::ski()],
    };
    round_trip(
        &v,
        &format!("bf2035 8203020500 a916 0414{ski} aa16 0414{ski}"),
    );
    assert_eq!(
        v.to_json()["euiccCiPKIdListForSigning"][0],
        serde_json::json!(ski.to_uppercase())
    );
}

#[test]
fn sgp22_5_7_13_authenticate_server_response_error() {
    let v = AuthenticateServerResponse::AuthenticateResponseError(AuthenticateResponseError {
        transaction_id: vec![0x01],
        authenticate_error_code: AuthenticateErrorCode::CiPkUnknown,
    });
    round_trip(&v, "bf3808 a106 800101 020107");
    assert_eq!(
        v.to_json(),
        serde_json::json!({"authenticateResponseError":
            {"transactionId": "01", "authenticateErrorCode": "ciPKUnknown"}})
    );
}

#[test]
fn sgp22_5_7_13_ctx_params1_alternatives_of_later_versions_are_kept() {
    // A ctxParamsForDeviceChange-like [1] alternative from a newer peer.
    let der = h("a1 03 800100");
    let v = CtxParams1::from_der(&der).expect("unknown alternative decodes");
    assert_eq!(v, CtxParams1::Unknown(RawTlv(der.clone())));
    assert_eq!(v.to_der(), der);
}

#[test]
fn sgp22_5_7_13_euicc_signed1_keeps_received_octets_for_the_signature() {
    // euiccSigned1 with a trailing extension component (9F7F) a newer eUICC might add:
    // the signature covers it, so the kept octets must include it.
    let info2 = sgp22_samples::euicc_info2().to_der();
    let ctx = sgp22_samples::ctx_params1().to_der();
    let mut signed = h("800101 8303612e62 8410 22222222222222222222222222222222");
    signed.extend_from_slice(&info2);
    signed.extend_from_slice(&ctx);
    signed.extend_from_slice(&h("9f7f0100"));
    let mut signed1 = vec![0x30];
    proto::der::encode_length(signed.len(), &mut signed1);
    signed1.extend_from_slice(&signed);
    let cert = sgp22_samples::certificate_der("eUICC");
    let mut contents = signed1.clone();
    contents.extend_from_slice(&h(&format!("5f3740{}", "ab".repeat(64))));
    contents.extend_from_slice(&cert);
    contents.extend_from_slice(&cert);
    let mut der = vec![0x30];
    proto::der::encode_length(contents.len(), &mut der);
    der.extend_from_slice(&contents);

    let ok = AuthenticateResponseOk::from_der(&der).expect("decodes");
    assert_eq!(ok.euicc_signed1.raw(), &signed1[..]);
    assert_eq!(ok.euicc_signed1.server_address, "a.b");
    assert_eq!(ok.to_der(), der, "relayed unchanged");
    // A locally built value re-encodes without the unknown component.
    assert_ne!(
        Preserved::new(ok.euicc_signed1.value().clone()).raw(),
        &signed1[..]
    );
}

#[test]
fn sgp22_5_7_15_profile_info_list() {
    let v = ProfileInfoListResponse::ProfileInfoListOk(vec![ProfileInfo {
        iccid: Some(sgp22_samples::iccid()),
        profile_state: Some(ProfileState::Enabled),
        profile_class: Some(ProfileClass::Operational),
        ..ProfileInfo::default()
    }]);
    round_trip(&v, &format!("bf2d17 a015 e313 5a0a{ICCID} 9f700101 950102"));
    round_trip(
        &ProfileInfoListRequest {
            search_criteria: Some(ProfileSearchCriteria::Iccid(sgp22_samples::iccid())),
            tag_list: Some(vec![0x5A, 0x9F, 0x70]),
        },
        &format!("bf2d13 a00c 5a0a{ICCID} 5c035a9f70"),
    );
    round_trip(
        &ProfileInfoListResponse::ProfileInfoListError(ProfileInfoListError::UndefinedError),
        "bf2d03 81017f",
    );
}

#[test]
fn sgp22_5_7_16_enable_profile_by_iccid() {
    round_trip(
        &EnableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(sgp22_samples::iccid()),
            refresh_flag: true,
        },
        &format!("bf3111 a00c 5a0a{ICCID} 8101ff"),
    );
    round_trip(
        &EnableProfileResponse {
            enable_result: EnableResult::CatBusy,
        },
        "bf3103 800105",
    );
}

#[test]
fn sgp22_5_7_18_delete_profile_is_a_tagged_choice() {
    round_trip(
        &DeleteProfileRequest::Iccid(sgp22_samples::iccid()),
        &format!("bf330c 5a0a{ICCID}"),
    );
    round_trip(
        &DeleteProfileRequest::IsdpAid(h("a0000005591010")),
        "bf3309 4f07a0000005591010",
    );
}

#[test]
fn sgp22_5_7_20_get_eid() {
    round_trip(&GetEuiccDataRequest::default(), "bf3e03 5c015a");
    round_trip(
        &GetEuiccDataResponse {
            eid_value: h("89049032123451234512345678901235")
                .try_into()
                .expect("16"),
        },
        "bf3e12 5a10 89049032123451234512345678901235",
    );
}

#[test]
fn sgp22_5_7_6_profile_installation_result_error() {
    let v = ProfileInstallationResult {
        profile_installation_result_data: Preserved::new(ProfileInstallationResultData {
            transaction_id: vec![0x01],
            notification_metadata: NotificationMetadata {
                seq_number: 1,
                profile_management_operation: NotificationEvent::from_bits(&[
                    NotificationEvent::NOTIFICATION_INSTALL,
                ]),
                notification_address: "a".to_string(),
                iccid: None,
            },
            smdp_oid: "2.999.10".parse().expect("oid"),
            final_result: FinalResult::ErrorResult(ErrorResult {
                bpp_command_id: BppCommandId::LoadProfileElements,
                error_reason: ErrorReason::InstallFailedDueToPeProcessingError,
                sima_response: None,
            }),
        }),
        euicc_sign_pir: EuiccSignPIR(vec![0xAA]),
    };
    let der = "bf3726 bf271f 800101 bf2f0a 800101 81020780 0c0161 06038837 0a \
               a208 a106 800105 81010c 5f3701aa";
    round_trip(&v, der);
    let decoded = ProfileInstallationResult::from_der(&h(der)).expect("decodes");
    assert_eq!(
        decoded.profile_installation_result_data.raw(),
        &h(der)[3..37]
    );
    assert_eq!(
        v.to_json()["profileInstallationResultData"]["finalResult"]["errorResult"]["errorReason"],
        serde_json::json!("installFailedDueToPEProcessingError")
    );
}

#[test]
fn sgp22_5_7_6_unknown_error_reason_of_a_newer_euicc_decodes() {
    // ErrorReason 31 (insufficientMinimumSecurityLevel in later versions).
    let v = ErrorResult::from_der(&h("3006 800105 81011f")).expect("decodes");
    assert_eq!(v.error_reason, ErrorReason::Other(31));
    assert_eq!(v.to_der(), h("3006 800105 81011f"));
}

#[test]
fn sgp22_5_7_14_and_5_6_5_cancel_session() {
    round_trip(
        &CancelSessionRequest {
            transaction_id: vec![0x01],
            reason: CancelSessionReason::Timeout,
        },
        "bf4106 800101 810102",
    );
    // ES9+: automatic [1] replaces the [65] of the tagged CHOICE CancelSessionResponse
    // (X.680 31.2.7 c): A1 carries the alternative directly.
    round_trip(
        &CancelSessionRequestEs9 {
            transaction_id: vec![0x01],
            cancel_session_response: CancelSessionResponse::CancelSessionResponseError(
                CancelSessionResponseError::InvalidTransactionId,
            ),
        },
        "bf4108 800101 a103 810105",
    );
    round_trip(
        &CancelSessionResponseEs9::CancelSessionOk(CancelSessionOk {}),
        "bf4102 a000",
    );
}

#[test]
fn sgp22_5_6_4_handle_notification_wraps_the_untagged_choice() {
    let notification =
        sgp22_samples::pir(FinalResult::SuccessResult(sgp22_samples::success_result()));
    let pir = notification.to_der();
    let v = HandleNotification {
        pending_notification: PendingNotification::ProfileInstallationResult(notification),
    };
    let der = v.to_der();
    assert_eq!(&der[..2], &[0xBF, 0x3D]);
    let inner = &der[der.len() - pir.len()..];
    assert_eq!(inner, &pir[..]);
    let header_len = der.len() - pir.len();
    assert_eq!(
        der[header_len - 2 - usize::from(pir.len() > 127)],
        0xA0,
        "[0] wraps BF37"
    );
    assert_eq!(HandleNotification::from_der(&der).expect("decodes"), v);
}

#[test]
fn sgp22_6_6_remote_profile_provisioning_binding() {
    let request = RemoteProfileProvisioningRequest::InitiateAuthenticationRequest(
        InitiateAuthenticationRequest {
            euicc_challenge: [0x11; 16],
            smdp_address: "a.b".to_string(),
            euicc_info1: EUICCInfo1 {
                svn: [2, 5, 0],
                euicc_ci_pkid_list_for_verification: vec![],
                euicc_ci_pkid_list_for_signing: vec![],
            },
        },
    );
    round_trip(
        &request,
        "a226 bf3923 8110 11111111111111111111111111111111 8303612e62 bf2009 8203020500 a900 aa00",
    );
    round_trip(
        &RemoteProfileProvisioningResponse::GetBoundProfilePackageResponse(
            GetBoundProfilePackageResponse::GetBoundProfilePackageError(
                GetBoundProfilePackageError::InvalidTransactionId,
            ),
        ),
        "a206 bf3a03 81015f",
    );
    // An ES9+ response of a later version is kept, not refused.
    let newer = h("a205 bf4a020500");
    assert_eq!(
        RemoteProfileProvisioningResponse::from_der(&newer).expect("decodes"),
        RemoteProfileProvisioningResponse::Unknown(RawTlv(h("bf4a020500")))
    );
}

#[test]
fn sgp22_5_7_8_extensible_sequences_skip_components_of_newer_versions() {
    let der = h("bf2e17 8010 0102030405060708090a0b0c0d0e0f10 9f7f02aabb");
    let v = GetEuiccChallengeResponse::from_der(&der).expect("extension skipped");
    assert_eq!(v.euicc_challenge[15], 0x10);
    let err = GetEuiccChallengeResponse::from_der(&h("bf2e05 8003 010203")).unwrap_err();
    assert!(
        matches!(err.kind, DecodeErrorKind::InvalidValue(_)),
        "{err}"
    );
}

#[test]
fn sgp22_5_5_3_store_metadata_profile_class_default() {
    let v = StoreMetadataRequest {
        iccid: sgp22_samples::iccid(),
        service_provider_name: "S".to_string(),
        profile_name: "P".to_string(),
        icon_type: None,
        icon: None,
        profile_class: ProfileClass::Operational,
        notification_configuration_info: None,
        profile_owner: None,
        profile_policy_rules: None,
        service_specific_data_stored_in_euicc: None,
        service_specific_data_not_stored_in_euicc: None,
    };
    // DEFAULT operational is omitted in DER.
    round_trip(&v, &format!("bf2512 5a0a{ICCID} 910153 920150"));
    let test = StoreMetadataRequest {
        profile_class: ProfileClass::Test,
        ..v
    };
    round_trip(&test, &format!("bf2515 5a0a{ICCID} 910153 920150 950100"));
}

#[test]
fn sgp22_5_5_1_initialise_secure_channel_signed_data() {
    let isc = sgp22_samples::initialise_secure_channel();
    let der = isc.to_der();
    let euicc_otpk = vec![0x04; 65];
    let signed = InitialiseSecureChannelRequest::signed_data(&der, &euicc_otpk).expect("signed");
    let mut expected =
        h("820101 8010 0102030405060708090a0b0c0d0e0f10 a610 800188 810110 84086d61686c7a656974");
    expected.extend_from_slice(&h("5f4941"));
    expected.extend_from_slice(&sgp22_samples::otpk());
    expected.extend_from_slice(&h("5f4941"));
    expected.extend_from_slice(&euicc_otpk);
    assert_eq!(hex::encode(&signed), hex::encode(&expected));
    // The module's verification structure has the same contents.
    let ver = InitialiseSecureChannelRequestVer {
        remote_op_id: isc.remote_op_id,
        transaction_id: isc.transaction_id.clone(),
        control_ref_template: isc.control_ref_template.clone(),
        smdp_otpk: isc.smdp_otpk.clone(),
        euicc_otpk,
    };
    assert!(ver.to_der().ends_with(&signed));
}

fn reference(path: &str) -> Option<String> {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference")
        .join(path);
    match std::fs::read_to_string(&full) {
        Ok(s) => Some(s),
        Err(_) => {
            eprintln!("reference data {} not found: test skipped", full.display());
            None
        }
    }
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp22_2_5_4_reference_bound_profile_package_round_trips() {
    use base64::Engine;
    let Some(text) = reference("vectors/bsp-vectors.json") else {
        return;
    };
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let b64 = v["bpp_decode"]["bpp_der_b64"]
        .as_str()
        .expect("bpp_der_b64");
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("base64");

    let bpp = BoundProfilePackage::from_der(&der).expect("BPP decodes");
    assert_eq!(bpp.to_der(), der, "re-encoded byte for byte");
    let isc = &bpp.initialise_secure_channel_request;
    assert_eq!(isc.remote_op_id, RemoteOpId::InstallBoundProfilePackage);
    assert_eq!(isc.control_ref_template.key_type, [0x88]);
    assert_eq!(isc.control_ref_template.key_len, [0x10]);
    assert_eq!(isc.control_ref_template.host_id, b"mahlzeit".to_vec());
    assert_eq!(isc.smdp_otpk.len(), 65);
    assert_eq!(isc.smdp_sign.len(), 64);
    assert_eq!(bpp.first_sequence_of87.len(), 1);
    assert_eq!(bpp.sequence_of88.len(), 1);
    assert_eq!(
        bpp.second_sequence_of87, None,
        "this package has no ReplaceSessionKeys"
    );
    assert_eq!(bpp.sequence_of86.len(), 13);
    // The BF23 octets kept for the smdpSign check are those received.
    assert_eq!(isc.raw(), &der[5..5 + isc.raw().len()]);
    let signed =
        InitialiseSecureChannelRequest::signed_data(isc.raw(), &[0x04; 65]).expect("signed");
    assert_eq!(&signed[..3], &[0x82, 0x01, 0x01]);

    // The decrypted StoreMetadata and ConfigureISDP of the same vector.
    let plain = |k: &str| h(v["bpp_decode"][k].as_str().expect("plain"));
    let smr = StoreMetadataRequest::from_der(&plain("store_metadata_plain")).expect("BF25");
    assert_eq!(smr.service_provider_name, "OsmocomSPN");
    assert_eq!(smr.profile_class, ProfileClass::Operational);
    assert_eq!(smr.to_der(), plain("store_metadata_plain"));
    let cfg = ConfigureISDPRequest::from_der(&plain("configure_isdp_plain")).expect("BF24");
    assert_eq!(cfg, ConfigureISDPRequest::default());
}
