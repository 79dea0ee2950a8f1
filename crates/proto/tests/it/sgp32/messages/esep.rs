//! ESep (SGP.32 v1.2 2.11): eUICC packages, their results and signatures, the IPA's eUICC
//! data, download triggers.

use proto::crypto::{Signature, SigningKey};
use proto::der::{Asn1, Null, Preserved, RawTlv, Tag, Tlv};
use proto::sgp32::*;

use super::*;

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
            euicc_package_unsigned_error_code: None,
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
    // A peer sending the DEFAULT explicitly is refused: DER leaves it out (X.690 11.5).
    let err = SGP32ProfileInfo::from_der(&h(&format!("e310 5a0a{ICCID} 9f260100")))
        .expect_err("an encoded DEFAULT is not DER");
    assert_eq!(
        (err.offset, err.kind),
        (
            14,
            proto::der::DecodeErrorKind::NotDer(proto::der::DerRule::DefaultValueEncoded(
                "fallbackAttribute"
            ))
        )
    );
    // The other value of the component is taken.
    let set = SGP32ProfileInfo::from_der(&h(&format!("e310 5a0a{ICCID} 9f2601ff"))).unwrap();
    assert!(set.fallback_attribute);
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
