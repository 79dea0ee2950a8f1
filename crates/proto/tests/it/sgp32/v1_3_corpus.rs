//! What SGP.32 v1.3 adds (`proto::sgp32::v1_3`): its types round-trip through the
//! registry, their octets are those X.680 gives (automatic tagging of the `...WithCid`
//! SEQUENCEs, 25.3; the untagged `correlationId` CHOICE tagged explicitly, 31.2.7 c), a
//! v1.2 decoder skips the unsigned error code, v1.0 hears the pushed-package answers
//! without the correlation, and the values are written as a corpus for the cross-check
//! (`tools/crosscheck`, module `SGP32Definitions-v1.3`).

use crate::corpus;
use crate::sgp32_samples::EID;

use proto::asn1_type::Module;
use proto::der::Asn1;
use proto::sgp32::v1_0 as v10;
use proto::sgp32::v1_3::{
    CorrelationId, EimPackageErrorWithCid, EimPackageReceivedWithCid, SGP32UpdateMetadataRequest,
    TYPES,
};
use proto::sgp32::{
    EimPackageResultErrorCode, EuiccPackageErrorUnsigned, EuiccPackageResult,
    EuiccPackageUnsignedErrorCode, TransferEimPackageResponse,
};

const MODULE: &str = "SGP32Definitions-v1.3";

fn unsigned_with_code() -> EuiccPackageErrorUnsigned {
    EuiccPackageErrorUnsigned {
        eim_id: "eim".into(),
        eim_transaction_id: Some(vec![0x01, 0x02]),
        association_token: None,
        euicc_package_unsigned_error_code: Some(EuiccPackageUnsignedErrorCode::SizeOverflow),
    }
}

fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let by_tid = EimPackageReceivedWithCid {
        correlation_id: Some(CorrelationId::EimTransactionId(vec![1, 2, 3])),
    };
    let error = EimPackageErrorWithCid {
        correlation_id: Some(CorrelationId::EidValue(EID)),
        eim_package_error: EimPackageResultErrorCode::UnknownPackage,
    };
    vec![
        ("EimPackageReceivedWithCid", by_tid.to_der()),
        (
            "EimPackageReceivedWithCid",
            EimPackageReceivedWithCid::default().to_der(),
        ),
        ("EimPackageErrorWithCid", error.to_der()),
        (
            "EimPackageErrorWithCid",
            EimPackageErrorWithCid {
                correlation_id: None,
                eim_package_error: EimPackageResultErrorCode::UndefinedError,
            }
            .to_der(),
        ),
        (
            "EuiccPackageUnsignedErrorCode",
            EuiccPackageUnsignedErrorCode::UndefinedError.to_der(),
        ),
        ("EuiccPackageErrorUnsigned", unsigned_with_code().to_der()),
        (
            "UpdateMetadataRequest",
            SGP32UpdateMetadataRequest {
                profile_name: Some("Local".into()),
                fallback_allowed: Some(true),
                ..Default::default()
            }
            .to_der(),
        ),
    ]
}

#[test]
fn sgp32_v1_3_every_type_has_a_sample_that_round_trips() {
    corpus::every_type_round_trips(MODULE, Module::Sgp32V1_3, TYPES, &samples());
}

#[test]
fn sgp32_v1_3_pushed_package_answers_carry_the_correlation_under_automatic_tags() {
    let received =
        TransferEimPackageResponse::EimPackageReceivedWithCid(EimPackageReceivedWithCid {
            correlation_id: Some(CorrelationId::EimTransactionId(vec![1, 2, 3])),
        });
    // BF4E { BF60 { A0 { 80 03 010203 } } }
    assert_eq!(hex::encode(received.to_der()), "bf4e0abf6007a0058003010203");
    let error = TransferEimPackageResponse::EimPackageErrorWithCid(EimPackageErrorWithCid {
        correlation_id: Some(CorrelationId::EidValue(EID)),
        eim_package_error: EimPackageResultErrorCode::UnknownPackage,
    });
    // BF4E { BF61 { A0 { 5A 10 <EID> } 81 01 02 } }
    assert_eq!(
        hex::encode(error.to_der()),
        format!("bf4e1abf6117a0125a10{}810102", hex::encode(EID))
    );
    for m in [received, error] {
        assert_eq!(
            TransferEimPackageResponse::from_der(&m.to_der()).unwrap(),
            m
        );
    }
}

#[test]
fn sgp32_v1_3_unsigned_error_code_is_8f_and_skipped_by_what_reads_v1_2() {
    let r = EuiccPackageResult::EuiccPackageErrorUnsigned(unsigned_with_code());
    // BF51 { A2 { 80 03 "eim" 82 02 0102 8F 01 0F } }
    assert_eq!(
        hex::encode(r.to_der()),
        "bf510ea20c800365696d820201028f010f"
    );
    // v1.0's model of the result (EXTENSIBILITY IMPLIED) reads it without the code.
    let v10 = v10::EuiccPackageResult::from_der(&r.to_der()).expect("v1.0 skips [15]");
    assert!(matches!(
        v10,
        v10::EuiccPackageResult::EuiccPackageErrorUnsigned(_)
    ));
}

#[test]
fn sgp32_v1_3_update_metadata_has_fallback_allowed_at_9f67() {
    let m = SGP32UpdateMetadataRequest {
        fallback_allowed: Some(false),
        ..Default::default()
    };
    assert_eq!(hex::encode(m.to_der()), "bf2a049f670100");
}

#[test]
fn sgp32_v1_3_pushed_package_answers_reach_v1_0_without_the_correlation() {
    let received = TransferEimPackageResponse::EimPackageReceivedWithCid(Default::default());
    assert!(matches!(
        v10::TransferEimPackageResponse::from_v1_2(&received).unwrap(),
        v10::TransferEimPackageResponse::EimPackageReceived(_)
    ));
    let error = TransferEimPackageResponse::EimPackageErrorWithCid(EimPackageErrorWithCid {
        correlation_id: None,
        eim_package_error: EimPackageResultErrorCode::InvalidPackageFormat,
    });
    assert!(matches!(
        v10::TransferEimPackageResponse::from_v1_2(&error).unwrap(),
        v10::TransferEimPackageResponse::EimPackageError(
            EimPackageResultErrorCode::InvalidPackageFormat
        )
    ));
}

#[test]
fn write_corpus_for_crosscheck() {
    corpus::write(MODULE, samples());
}

#[test]
fn decode_pycrate_encodings() {
    corpus::decode_pycrate(MODULE);
}
