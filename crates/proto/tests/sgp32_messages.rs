//! SGP.32 v1.2 messages against encodings checked by hand (tags from the ASN.1 module, DER
//! lengths counted), decoded back; and the ESep signatures over received octets.

mod sgp22_samples;
mod sgp32_samples;

use proto::crypto::{Signature, SigningKey};
use proto::der::{Asn1, Null, Preserved, RawTlv, Tag, Tlv};
use proto::sgp22::{
    CancelSessionResponseError, EUICCInfo2, Iccid, NotificationsListResultError,
    PendingNotification,
};
use proto::sgp32::*;

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace([' ', '\n'], "")).expect("test hex")
}

/// Encodes `v`, compares with `der`, decodes `der` and compares with `v`.
fn round_trip<T: Asn1 + PartialEq + std::fmt::Debug>(v: &T, der: &str) {
    let der = h(der);
    assert_eq!(hex::encode(v.to_der()), hex::encode(&der), "{}", T::NAME);
    assert_eq!(&T::from_der(&der).expect("decodes"), v, "{}", T::NAME);
}

/// The tags met walking down the first component at each level of `der`.
fn tag_path(der: &[u8], depth: usize) -> Vec<String> {
    let mut tags = Vec::new();
    let mut tlv = Tlv::parse_single(der).expect("one TLV");
    for _ in 0..depth {
        tags.push(tlv.tag.to_string());
        let Ok(mut inner) = tlv.contents() else { break };
        let Ok(next) = inner.read() else { break };
        tlv = next;
    }
    tags
}

const EID: &str = "89049032123451234512345678901234";
const ICCID: &str = "98001032547698103214";
const SIG: &str = "abababababababababababababababababababababababababababababababab\
                   abababababababababababababababababababababababababababababababab";

fn eid() -> [u8; 16] {
    h(EID).try_into().expect("16 octets")
}

fn iccid() -> Iccid {
    Iccid(h(ICCID).try_into().expect("10 octets"))
}

fn enable_package() -> EuiccPackageSigned {
    EuiccPackageSigned {
        eim_id: "eim".to_string(),
        eid_value: eid(),
        counter_value: 5,
        eim_transaction_id: None,
        euicc_package: EuiccPackage::PsmoList(vec![Psmo::Enable(PsmoEnable {
            iccid: iccid(),
            rollback_flag: Some(Null),
        })]),
    }
}

const ENABLE_PACKAGE: &str = "302c 800365696d 5a10{EID} 810105 a010 a30e 5a0a{ICCID} 0500";

fn with_consts(s: &str) -> String {
    s.replace("{EID}", EID)
        .replace("{ICCID}", ICCID)
        .replace("{SIG}", SIG)
}

#[test]
fn sgp32_2_11_1_1_euicc_package_request_with_an_enable_psmo() {
    // rollbackFlag is a universal NULL: the enable SEQUENCE has a tagged component, so no
    // automatic tags; psmoList is [0] of the automatically tagged CHOICE.
    let v = EuiccPackageRequest {
        euicc_package_signed: Preserved::new(enable_package()),
        eim_signature: h(SIG),
    };
    let der = with_consts(&format!("bf5171 {ENABLE_PACKAGE} 5f3740{{SIG}}"));
    round_trip(&v, &der);
    assert_eq!(
        v.to_json()["euiccPackageSigned"]["euiccPackage"]["psmoList"][0]["enable"]["iccid"],
        serde_json::json!(ICCID.to_uppercase())
    );
}

#[test]
fn sgp32_2_11_1_1_association_token_tlv_is_the_der_of_tag_84() {
    assert_eq!(association_token_tlv(5), h("840105"));
    assert_eq!(association_token_tlv(0), h("840100"));
    assert_eq!(association_token_tlv(128), h("84020080"));
    assert_eq!(association_token_tlv(300), h("8402012c"));
    // The same octets as the component of EimConfigurationData.
    let config = EimConfigurationData {
        eim_id: "e".to_string(),
        association_token: Some(128),
        ..EimConfigurationData::default()
    };
    assert_eq!(config.to_der(), h("3007 800165 84020080"));
}

#[test]
fn sgp32_2_11_1_1_eim_signature_covers_received_package_then_association_token() {
    let eim = SigningKey::generate().expect("key");
    let request = EuiccPackageRequest::new_signed(enable_package(), 5, |data| {
        eim.sign(data).map(|s| s.as_raw().to_vec())
    })
    .expect("signed");
    let wire = request.to_der();

    // What the eUICC does: decode, then verify over the received octets.
    let received = EuiccPackageRequest::from_der(&wire).expect("decodes");
    let signed = received.signed_data(5);
    assert_eq!(
        hex::encode(&signed),
        with_consts(&format!("{ENABLE_PACKAGE}840105")).replace(' ', "")
    );
    let signature = Signature::from_raw(&received.eim_signature).expect("r‖s");
    assert!(eim.public_key().verify(&signed, &signature).is_ok());
    // Another eIM's token (replay towards another association) does not verify.
    assert!(
        eim.public_key()
            .verify(&received.signed_data(6), &signature)
            .is_err()
    );
}

#[test]
fn sgp32_2_11_1_1_signature_input_keeps_extensions_of_a_newer_eim() {
    // euiccPackageSigned with a trailing component this version does not know (9F7F):
    // the eIM signed it, so the kept octets and the signature input include it.
    let signed = with_consts(&ENABLE_PACKAGE.replace("302c", "3030")) + "9f7f0100";
    let der = h(&format!("bf5175 {signed} 5f3740{SIG}"));
    let v = EuiccPackageRequest::from_der(&der).expect("decodes");
    assert_eq!(v.euicc_package_signed.raw(), &h(&signed)[..]);
    assert_eq!(v.signed_data(5), h(&format!("{signed} 840105")));
    assert_eq!(v.to_der(), der, "relayed unchanged");
}

#[test]
fn sgp32_2_11_1_1_operations_of_later_versions_are_kept() {
    let psmo = Psmo::from_der(&h("bf7f03800101")).expect("unknown PSMO decodes");
    assert_eq!(psmo, Psmo::Unknown(RawTlv(h("bf7f03800101"))));
    let eco = Eco::from_der(&h("ac00")).expect("unknown eCO decodes");
    assert_eq!(eco, Eco::Unknown(RawTlv(h("ac00"))));
    let result = EuiccResultData::from_der(&h("9f7f0100")).expect("unknown result decodes");
    assert_eq!(result.to_der(), h("9f7f0100"));
}

#[test]
fn sgp32_2_11_1_1_eco_and_eim_configuration_data_tags() {
    // eimPublicKeyData is an untagged CHOICE under [5]: A5 wraps the A0/A1 alternative.
    let cert = sgp22_samples::cert("eIM");
    let cert_der = cert.as_bytes().to_vec();
    let add = Eco::AddEim(EimConfigurationData {
        eim_id: "e".to_string(),
        eim_public_key_data: Some(EimPublicKeyData::EimCertificate(cert)),
        indirect_profile_download: Some(Null),
        ..EimConfigurationData::default()
    });
    let der = add.to_der();
    let outer = Tlv::parse_single(&der).expect("TLV");
    assert_eq!(outer.tag, Tag::context(8, true));
    let mut components = outer.contents().expect("SEQUENCE");
    let parts: Vec<Tlv<'_>> = std::iter::from_fn(|| components.read().ok()).collect();
    let tags: Vec<Tag> = parts.iter().map(|c| c.tag).collect();
    assert_eq!(
        tags,
        [
            Tag::context(0, false),
            Tag::context(5, true),
            Tag::context(9, false)
        ]
    );
    // [5] wraps the CHOICE, whose automatic [1] replaces the certificate's own 30.
    let alternative = parts[1]
        .contents()
        .expect("A5")
        .read()
        .expect("alternative");
    assert_eq!(alternative.tag, Tag::context(1, true));
    let cert_tlv = Tlv::parse_single(&cert_der).expect("certificate");
    assert_eq!(alternative.value(), cert_tlv.value());
    assert_eq!(Eco::from_der(&der).expect("decodes"), add);
    round_trip(
        &Eco::DeleteEim(DeleteEim {
            eim_id: "e".to_string(),
        }),
        "a903 800165",
    );
    round_trip(&Eco::ListEim(EmptySequence {}), "ab00");
    round_trip(&Psmo::GetRat(EmptySequence {}), "a600");
    round_trip(
        &Psmo::ConfigureImmediateEnable(ConfigureImmediateProfileEnablingRequest {
            immediate_enable_flag: Some(Null),
            ..Default::default()
        }),
        "a702 8000",
    );
    round_trip(
        &Psmo::SetDefaultDpAddress(SGP32SetDefaultDpAddressRequest {
            default_dp_address: "a.b".to_string(),
        }),
        "bf6505 8003612e62",
    );
}

fn result_data() -> EuiccPackageResultDataSigned {
    EuiccPackageResultDataSigned {
        eim_id: "eim".to_string(),
        counter_value: 5,
        eim_transaction_id: None,
        seq_number: 1,
        euicc_result: vec![EuiccResultData::EnableResult(EnableProfileResult::Ok)],
    }
}

#[test]
fn sgp32_2_11_2_1_euicc_package_result_signed() {
    let v = EuiccPackageResult::EuiccPackageResultSigned(EuiccPackageResultSigned {
        euicc_package_result_data_signed: Preserved::new(result_data()),
        euicc_sign_epr: h(SIG),
    });
    round_trip(
        &v,
        &format!("bf5157 a055 3010 800365696d 810105 830101 3003 830100 5f3740{SIG}"),
    );
    let (signed, signature) = v.signed_data(5).expect("signed result");
    assert_eq!(
        signed,
        h("3010 800365696d 810105 830101 3003 830100 840105")
    );
    assert_eq!(signature, &h(SIG)[..]);
}

#[test]
fn sgp32_2_11_2_1_euicc_sign_epr_and_epe_verify_over_received_data() {
    let euicc = SigningKey::generate().expect("key");
    let sign = |data: &[u8]| euicc.sign(data).map(|s| s.as_raw().to_vec());
    let results = [
        EuiccPackageResult::EuiccPackageResultSigned(
            EuiccPackageResultSigned::new_signed(result_data(), 7, sign).expect("signed"),
        ),
        EuiccPackageResult::EuiccPackageErrorSigned(
            EuiccPackageErrorSigned::new_signed(
                EuiccPackageErrorDataSigned {
                    eim_id: "eim".to_string(),
                    counter_value: 5,
                    eim_transaction_id: Some(vec![0x01]),
                    euicc_package_error_code: EuiccPackageErrorCode::CounterValueOutOfRange,
                },
                7,
                sign,
            )
            .expect("signed"),
        ),
    ];
    for result in results {
        // What the eIM does with the result relayed by the IPA.
        let received = EuiccPackageResult::from_der(&result.to_der()).expect("decodes");
        let (signed, raw) = received.signed_data(7).expect("signed alternative");
        let signature = Signature::from_raw(raw).expect("r‖s");
        assert!(euicc.public_key().verify(&signed, &signature).is_ok());
        let (other, _) = received.signed_data(8).expect("signed alternative");
        assert!(euicc.public_key().verify(&other, &signature).is_err());
    }
}

#[test]
fn sgp32_2_11_2_1_package_errors() {
    round_trip(
        &EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
            eim_id: "eim".to_string(),
            eim_transaction_id: None,
            association_token: Some(5),
        }),
        "bf510a a208 800365696d 840105",
    );
    let unsigned =
        EuiccPackageResult::from_der(&h("bf510a a208 800365696d 840105")).expect("decodes");
    assert!(unsigned.signed_data(5).is_none());
    round_trip(
        &EuiccPackageResult::EuiccPackageErrorSigned(EuiccPackageErrorSigned {
            euicc_package_error_data_signed: Preserved::new(EuiccPackageErrorDataSigned {
                eim_id: "eim".to_string(),
                counter_value: 5,
                eim_transaction_id: None,
                euicc_package_error_code: EuiccPackageErrorCode::ReplayError,
            }),
            euicc_sign_epe: h(SIG),
        }),
        &format!("bf5152 a150 300b 800365696d 810105 020104 5f3740{SIG}"),
    );
}

#[test]
fn sgp32_2_11_2_1_euicc_result_data_tags() {
    round_trip(
        &EuiccResultData::AddEimResult(AddEimResult::AssociationToken(7)),
        "a803 840107",
    );
    round_trip(
        &EuiccResultData::AddEimResult(AddEimResult::AddEimResultCode(
            AddEimResultCode::CiPkUnknown,
        )),
        "a803 020103",
    );
    round_trip(
        &EuiccResultData::ListEimResult(ListEimResult::EimIdList(vec![EimIdInfo {
            eim_id: "e".to_string(),
            eim_id_type: Some(EimIdType::EimIdTypeFqdn),
        }])),
        "ab0a a008 3006 800165 820102",
    );
    round_trip(
        &EuiccResultData::ListProfileInfoResult(SGP32ProfileInfoListResponse::ProfileInfoListOk(
            vec![SGP32ProfileInfo {
                iccid: Some(iccid()),
                fallback_attribute: true,
                ..SGP32ProfileInfo::default()
            }],
        )),
        &format!("bf2d14 a012 e310 5a0a{ICCID} 9f2601ff"),
    );
    round_trip(
        &EuiccResultData::GetRatResult(proto::sgp22::RulesAuthorisationTable(vec![])),
        "a600",
    );
    round_trip(
        &EuiccResultData::SetFallbackAttributeResult(SetFallbackAttributeResult::Ok),
        "8d0100",
    );
    round_trip(
        &EuiccResultData::UnsetFallbackAttributeResult(
            UnsetFallbackAttributeResult::FallbackProfileEnabled,
        ),
        "8e0103",
    );
    round_trip(
        &EuiccResultData::RollbackResult(RollbackProfileResult::Ok),
        "8c0100",
    );
    round_trip(
        &EuiccResultData::ProcessingTerminated(ProcessingTerminated::UnknownOrDamagedCommand),
        "020102",
    );
    round_trip(
        &EuiccResultData::SetDefaultDpAddressResult(SGP32SetDefaultDpAddressResponse {
            set_default_dp_address_result: proto::sgp22::SetDefaultDpAddressResult::Ok,
        }),
        "bf6503 800100",
    );
}

#[test]
fn sgp32_4_4_profile_info_fallback_attribute_defaults_to_false() {
    let mut info = SGP32ProfileInfo {
        iccid: Some(iccid()),
        ..SGP32ProfileInfo::default()
    };
    round_trip(&info, &format!("e30c 5a0a{ICCID}"));
    info.fallback_allowed = Some(true);
    info.ecall_indication = Some(false);
    round_trip(&info, &format!("e314 5a0a{ICCID} 9f7b0100 9f6701ff"));
    // A peer sending the DEFAULT explicitly is understood.
    let explicit =
        SGP32ProfileInfo::from_der(&h(&format!("e310 5a0a{ICCID} 9f260100"))).expect("decodes");
    assert!(!explicit.fallback_attribute);
}

#[test]
fn sgp32_2_11_1_2_ipa_euicc_data_request() {
    round_trip(
        &IpaEuiccDataRequest {
            tag_list: vec![0xA0, 0x84],
            euicc_ci_pk_identifier_to_be_used: None,
            search_criteria_notification: Some(SearchCriteriaNotification::SeqNumber(2)),
            search_criteria_euicc_package_result: Some(
                SearchCriteriaEuiccPackageResult::SeqNumber(3),
            ),
            eim_transaction_id: Some(vec![0x01]),
        },
        "bf5211 5c02a084 a103800102 a203800103 830101",
    );
}

#[test]
fn sgp32_2_11_2_2_ipa_euicc_data_response() {
    round_trip(
        &IpaEuiccDataResponse::IpaEuiccData(IpaEuiccData {
            default_smdp_address: Some("a.b".to_string()),
            association_token: Some(5),
            ..IpaEuiccData::default()
        }),
        "bf520a a008 8103612e62 840105",
    );
    round_trip(
        &IpaEuiccDataResponse::IpaEuiccDataResponseError(IpaEuiccDataResponseError {
            eim_transaction_id: None,
            ipa_euicc_data_error_code: IpaEuiccDataErrorCode::IncorrectTagList,
        }),
        "bf5205 a103 020101",
    );
}

#[test]
fn sgp32_2_11_1_profile_download_trigger() {
    round_trip(
        &ProfileDownloadTriggerRequest {
            profile_download_data: Some(ProfileDownloadData::ActivationCode("1$a.b$X".to_string())),
            eim_transaction_id: Some(vec![0x01]),
        },
        "bf540e a009 8007312461 2e622458 820101",
    );
    round_trip(
        &ProfileDownloadTriggerRequest {
            profile_download_data: Some(ProfileDownloadData::ContactDefaultSmdp(Null)),
            eim_transaction_id: None,
        },
        "bf5404 a002 8100",
    );
    round_trip(
        &ProfileDownloadTriggerRequest {
            profile_download_data: Some(ProfileDownloadData::ContactSmds(ContactSmds {
                smds_address: Some("x".to_string()),
            })),
            eim_transaction_id: None,
        },
        "bf5407 a005 a203800178",
    );
}

#[test]
fn sgp32_2_11_2_3_profile_download_trigger_result_error() {
    round_trip(
        &ProfileDownloadTriggerResult {
            eim_transaction_id: Some(vec![0x01]),
            profile_download_trigger_result_data:
                ProfileDownloadTriggerResultData::ProfileDownloadError(ProfileDownloadError {
                    profile_download_error_reason: ProfileDownloadErrorReason::EcallActive,
                    error_response: Some(vec![0xAA]),
                }),
        },
        "bf540b 820101 3006 800168 0401aa",
    );
}

#[test]
fn sgp32_2_11_1_eim_acknowledgements() {
    round_trip(
        &EimAcknowledgements(vec![SequenceNumber(1), SequenceNumber(2)]),
        "bf5306 800101 800102",
    );
}

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

#[test]
fn sgp32_5_9_2_euicc_info2_iot_components() {
    let info = sgp32_samples::euicc_info2();
    let der = info.to_der();
    let iot = "b40b a0050403010200 8100 8200";
    assert!(
        hex::encode(&der).ends_with(&iot.replace(' ', "")),
        "iotSpecificInfo last, tag B4"
    );
    assert!(hex::encode(&der).contains("900100"), "ipaMode [16] ipad");
    round_trip(&info, &hex::encode(&der));
    // An SGP.22 reader skips the IoT components as extensions.
    let consumer = EUICCInfo2::from_der(&der).expect("SGP.22 EUICCInfo2 decodes");
    assert_eq!(consumer.svn, info.svn);
}

#[test]
fn sgp32_5_9_iot_es10b_functions() {
    round_trip(
        &ImmediateEnableRequest { refresh_flag: true },
        "bf5a03 8001ff",
    );
    round_trip(
        &ImmediateEnableResponse {
            immediate_enable_result: ImmediateEnableResult::ImmediateEnableNotAvailable,
        },
        "bf5a03 800101",
    );
    round_trip(
        &ProfileRollbackResponse {
            cmd_result: RollbackCmdResult::Ok,
            euicc_package_result: None,
        },
        "bf5803 020100",
    );
    round_trip(
        &ExecuteFallbackMechanismResponse {
            execute_fallback_mechanism_result: ExecuteFallbackMechanismResult::FallbackNotAvailable,
        },
        "bf5d03 800106",
    );
    round_trip(
        &ReturnFromFallbackRequest {
            refresh_flag: false,
        },
        "bf5e03 800100",
    );
    round_trip(
        &EnableEmergencyProfileResponse {
            enable_emergency_profile_result: EnableEmergencyProfileResult::EcallNotAvailable,
        },
        "bf5b03 800108",
    );
    round_trip(
        &DisableEmergencyProfileRequest { refresh_flag: true },
        "bf5c03 8001ff",
    );
    round_trip(
        &GetCertsRequest {
            euicc_ci_pkid: None,
        },
        "bf5600",
    );
    round_trip(
        &GetCertsResponse::GetCertsError(GetCertsError::InvalidCiPkId),
        "bf5603 810101",
    );
    assert_eq!(
        GetCertsError::UndefinedError.to_json(),
        serde_json::json!("undfinedError"),
        "the module's spelling"
    );
    round_trip(
        &AddInitialEimResponse::AddInitialEimOk(vec![
            AddInitialEimOkItem::AssociationToken(5),
            AddInitialEimOkItem::AddOk(Null),
        ]),
        "bf5707 a005 840105 0500",
    );
    round_trip(
        &ConfigureImmediateProfileEnablingRequest {
            immediate_enable_flag: Some(Null),
            ..Default::default()
        },
        "bf5902 8000",
    );
    round_trip(
        &GetEimConfigurationDataRequest {
            search_criteria: Some(EimSearchCriteria::EimId("e".to_string())),
        },
        "bf5505 a003 800165",
    );
    round_trip(
        &SGP32EuiccMemoryResetRequest {
            reset_options: SGP32ResetOptions::from_bits(&[
                SGP32ResetOptions::DELETE_OPERATIONAL_PROFILES,
                SGP32ResetOptions::RESET_EIM_CONFIG_DATA,
            ]),
        },
        "bf6404 82020284",
    );
    round_trip(
        &SGP32EuiccMemoryResetResponse {
            reset_result: SGP32ResetResult::Ok,
            reset_eim_result: None,
            reset_immediate_enable_config_result: Some(ResetImmediateEnableConfigResult::Ok),
        },
        "bf6406 800100 820100",
    );
    round_trip(
        &GetConnectivityParametersResponse::ConnectivityParameters(ConnectivityParameters {
            http_params: Some(vec![0xAA]),
        }),
        "bf5f05 a003 8101aa",
    );
    round_trip(
        &SGP32SetDefaultDpAddressRequest {
            default_dp_address: "a.b".to_string(),
        },
        "bf6505 8003612e62",
    );
    round_trip(
        &ISDRProprietaryApplicationTemplateIoT {
            euicc_configuration: EuiccConfiguration::from_bits(&[
                EuiccConfiguration::IPAE_SUPPORTED,
                EuiccConfiguration::ENABLED_PROFILE,
            ]),
        },
        "e104 800206c0",
    );
    round_trip(
        &IpaeActivationRequest {
            ipae_option: IpaeOption::from_bits(&[IpaeOption::ACTIVATE_IPAE]),
        },
        "bf4204 80020780",
    );
}

#[test]
fn sgp32_5_9_11_retrieve_notifications_list() {
    round_trip(
        &SGP32RetrieveNotificationsListRequest {
            search_criteria: Some(SGP32NotificationSearchCriteria::EuiccPackageResults(Null)),
        },
        "bf2b04 a002 8200",
    );
    round_trip(
        &SGP32RetrieveNotificationsListResponse::NotificationsListResultError(
            NotificationsListResultError::UndefinedError,
        ),
        "bf2b03 81017f",
    );
    round_trip(
        &SGP32RetrieveNotificationsListResponse::EuiccPackageResultList(vec![
            EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
                eim_id: "eim".to_string(),
                eim_transaction_id: None,
                association_token: None,
            }),
        ]),
        "bf2b0c a20a bf5107 a205 800365696d",
    );
}

#[test]
fn sgp32_6_3_2_esipa_messages_of_later_versions_are_kept() {
    let der = h("bf7f03800101");
    let v = EsipaMessageFromIpaToEim::from_der(&der).expect("unknown message decodes");
    assert_eq!(v, EsipaMessageFromIpaToEim::Unknown(RawTlv(der.clone())));
    assert_eq!(
        EsipaMessageFromEimToIpa::from_der(&der)
            .expect("decodes")
            .to_der(),
        der
    );
    // A known one is its alternative.
    let get = EsipaMessageFromEimToIpa::from_der(&h("bf4f03 020101")).expect("decodes");
    assert_eq!(
        get,
        EsipaMessageFromEimToIpa::GetEimPackageResponse(GetEimPackageResponse::EimPackageError(
            EimPackageError::NoEimPackageAvailable
        ))
    );
}

#[test]
fn sgp32_2_11_components_of_later_versions_are_skipped() {
    // Later drafts add euiccPackageUnsignedErrorCode [15] to EuiccPackageErrorUnsigned,
    // eSipaProprietaryProtocolInformation [10] to EimConfigurationData and
    // iotSpecificProfileInfo [100] to ProfileInfo; a v1.2 reader skips them.
    let unsigned =
        EuiccPackageResult::from_der(&h("bf510d a20b 800365696d 840105 8f010f")).expect("decodes");
    assert_eq!(
        unsigned,
        EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
            eim_id: "eim".to_string(),
            eim_transaction_id: None,
            association_token: Some(5),
        })
    );
    let config = EimConfigurationData::from_der(&h("3007 800165 aa023000")).expect("decodes");
    assert_eq!(config.eim_id, "e");
    let info =
        SGP32ProfileInfo::from_der(&h(&format!("e317 5a0a{ICCID} 9f2601ff bf6404 80020102")))
            .expect("decodes");
    assert!(info.fallback_attribute);
}
