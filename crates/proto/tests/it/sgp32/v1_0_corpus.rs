//! Every SGP.32 v1.0 type of `proto::sgp32::v1_0` round-trips through the registry, the
//! conversions to and from the v1.2 model keep what both versions can say, and the values
//! are written as a corpus for the cross-check against asn1play's v1.0 module
//! (`tools/crosscheck`).
//!
//! - `RSP_CORPUS_OUT=path`: write the corpus as JSON lines.
//! - `RSP_PYCRATE_CORPUS=path`: decode values that pycrate encoded and require our
//!   re-encoding to be byte-identical.

use crate::corpus;
use crate::sgp32_samples;
use crate::sgp32_v1_0_samples;

use std::collections::BTreeSet;

use proto::asn1_type::Module;
use proto::der::Asn1;
use proto::registry;
use proto::sgp32 as v12;
use proto::sgp32::v1_0::{self as v10, TYPES};

const MODULE: &str = "SGP32Definitions-v1.0";

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp32_v1_0_annex_registered_types_are_those_of_the_v1_0_module() {
    let Some(defined) = corpus::reference_types("SGP32Definitions-v1.0.asn") else {
        return;
    };
    let defined: BTreeSet<&str> = defined.iter().map(String::as_str).collect();
    let registered: BTreeSet<&str> = TYPES.iter().map(|e| e.name).collect();
    assert_eq!(registered.len(), TYPES.len(), "duplicate names in TYPES");
    let strangers: Vec<_> = registered.difference(&defined).collect();
    assert!(
        strangers.is_empty(),
        "not in the v1.0 module: {strangers:?}"
    );
    // What is not registered is v1.2's type under the same name (same octets and names).
    let v12_names: BTreeSet<&str> = v12::TYPES.iter().map(|e| e.name).collect();
    let unmapped: Vec<_> = defined
        .difference(&registered)
        .filter(|n| !v12_names.contains(*n))
        .collect();
    assert!(
        unmapped.is_empty(),
        "v1.0 types with no Rust type: {unmapped:?}"
    );
}

#[test]
fn sgp32_v1_0_annex_every_type_has_a_sample_that_round_trips() {
    let samples = sgp32_v1_0_samples::samples();
    let sampled: BTreeSet<&str> = samples.iter().map(|(n, _)| *n).collect();
    let registered: BTreeSet<&str> = TYPES.iter().map(|e| e.name).collect();
    let missing: Vec<_> = registered.difference(&sampled).collect();
    assert!(missing.is_empty(), "types without a sample: {missing:?}");
    for (name, der) in &samples {
        let e = corpus::entry(MODULE, name);
        assert_eq!(e.module, Module::Sgp32V1_0, "{name}");
        let decoded =
            (e.decode)(der).unwrap_or_else(|err| panic!("{name}: {err} in {}", hex::encode(der)));
        assert_eq!(hex::encode(&decoded.reencoded), hex::encode(der), "{name}");
    }
}

/// `rsp-lab decode` finds a message that only v1.0 reads as its v1.0 type.
#[test]
fn sgp32_v1_0_messages_only_v1_0_reads_are_detected_as_v1_0() {
    // (v1.0's `eimPackageError` has the octets of v1.2's ProvideEimPackageResultResponse
    // error: only the direction tells them apart.)
    let v10_only = v10::ProvideEimPackageResult::EprAndNotifications(v10::EprAndNotifications {
        euicc_package_result: sgp32_v1_0_samples::result_signed(),
        notification_list: sgp32_v1_0_samples::notification_lists().remove(0),
    })
    .to_der();
    let (found, _) = registry::detect(&v10_only).expect("detected");
    assert_eq!(
        (found.module, found.name),
        (Module::Sgp32V1_0, "ProvideEimPackageResult")
    );
    let shared =
        v10::ProvideEimPackageResult::EuiccPackageResult(sgp32_v1_0_samples::result_signed())
            .to_der();
    let (found, _) = registry::detect(&shared).expect("detected");
    assert_eq!(
        found.module,
        Module::Sgp32,
        "octets both read go to v1.2 first"
    );
}

#[test]
fn sgp32_v1_0_6_3_2_7_results_convert_to_the_v1_2_model_and_back() {
    let tid = Some(vec![0xE1, 0x01, 0x02, 0x03]);
    for p in sgp32_v1_0_samples::provided() {
        let up = p.to_v1_2(tid.clone()).expect("converts");
        // The result itself comes first; the package results of a notification list follow.
        let back = v10::ProvideEimPackageResult::from_v1_2(&up[0]).expect("back");
        match (&p, &back) {
            (
                v10::ProvideEimPackageResult::EprAndNotifications(a),
                v10::ProvideEimPackageResult::EprAndNotifications(b),
            ) => {
                assert_eq!(a.euicc_package_result, b.euicc_package_result);
                let (extra, _) = a.notification_list.to_v1_2_lists().expect("lists");
                let expected: usize = 1 + a
                    .notification_list
                    .to_v1_2_lists()
                    .expect("lists")
                    .1
                    .map_or(0, |r| r.len());
                assert_eq!(up.len(), expected);
                assert_eq!(
                    b.notification_list,
                    v10::SGP32RetrieveNotificationsListResponse::NotificationList(
                        extra.unwrap_or_default()
                    )
                );
            }
            _ => assert_eq!(back, p),
        }
    }
}

#[test]
fn sgp32_v1_0_6_3_2_7_signed_results_keep_their_octets_across_versions() {
    let v10 = sgp32_v1_0_samples::result_signed();
    let v12 = v10.to_v1_2().expect("v1.2 reads v1.0's octets");
    let v10::EuiccPackageResult::EuiccPackageResultSigned(a) = &v10 else {
        unreachable!()
    };
    let v12::EuiccPackageResult::EuiccPackageResultSigned(b) = &v12 else {
        panic!("alternative changed")
    };
    assert_eq!(
        a.euicc_package_result_data_signed.raw(),
        b.euicc_package_result_data_signed.raw(),
        "the signature covers the received octets"
    );
    assert_eq!(
        b.euicc_package_result_data_signed.eim_transaction_id,
        a.euicc_package_result_data_signed.transaction_id
    );
}

#[test]
fn sgp32_v1_0_2_11_2_2_euicc_data_moves_tags_and_lists() {
    let v10 = sgp32_v1_0_samples::ipa_euicc_data();
    let tid = vec![0x01, 0x02];
    let up = v10.to_v1_2(Some(tid.clone())).expect("converts");
    assert_eq!(up.eim_transaction_id, Some(tid));
    assert_eq!(up.default_smdp_address, v10.default_smdp_address);
    assert_eq!(up.notifications_list.as_ref().map(Vec::len), Some(4));
    assert_eq!(up.euicc_package_result_list.as_ref().map(Vec::len), Some(2));
    let der = v12::IpaEuiccData::to_der(&up);
    assert!(
        der.windows(2).any(|w| w == [0x81, 0x10]),
        "defaultSmdpAddress at 81"
    );
    assert_eq!(v10::IpaEuiccData::from_v1_2(&up).expect("back"), v10);
}

#[test]
fn sgp32_v1_0_2_11_1_2_data_requests_map_criteria_and_tags() {
    let v12req = sgp32_samples::ipa_euicc_data_request();
    let v10req = v10::IpaEuiccDataRequest::from_v1_2(&v12req);
    assert_eq!(
        v10req.tag_list,
        [0xBF, 0x2B, 0x80, 0xBF, 0x20, 0xBF, 0x22, 0xA5, 0xA6]
    );
    assert!(matches!(
        v10req.search_criteria,
        Some(v10::SearchCriteria::ProfileManagementOperation(_))
    ));
    let again = v10req.to_v1_2();
    assert_eq!(
        again.tag_list,
        [0xA0, 0x81, 0xBF, 0x20, 0xBF, 0x22, 0xA5, 0xA6]
    );
    assert_eq!(again.eim_transaction_id, None, "v1.0 has none");
    let results_only = v12::IpaEuiccDataRequest {
        tag_list: vec![0xA2],
        ..Default::default()
    };
    assert_eq!(
        v10::IpaEuiccDataRequest::from_v1_2(&results_only).search_criteria,
        Some(v10::SearchCriteria::EuiccPackageResults(proto::der::Null))
    );
}

#[test]
fn sgp32_v1_0_6_3_2_6_polls_and_answers_convert() {
    let v12poll = v12::GetEimPackageRequest {
        eid_value: sgp32_samples::EID,
        notify_state_change: None,
        state_change_cause: Some(v12::StateChangeCause::Fallback),
        r_plmn: Some([0x62, 0xF2, 0x10]),
    };
    let v10poll = v10::GetEimPackageRequest::from_v1_2(&v12poll);
    assert_eq!(
        hex::encode(v10poll.to_der()),
        format!(
            "bf4f19 5a10{} 8000 8103 62f210",
            hex::encode(sgp32_samples::EID)
        )
        .replace(' ', "")
    );
    assert_eq!(v10poll.to_v1_2().r_plmn, v12poll.r_plmn);
    for (e, expected) in [
        (
            v12::EimPackageError::MissingEid,
            v10::EimPackageError::UndefinedError,
        ),
        (
            v12::EimPackageError::NoEimPackageAvailable,
            v10::EimPackageError::NoEimPackageAvailable,
        ),
    ] {
        let r =
            v10::GetEimPackageResponse::from_v1_2(&v12::GetEimPackageResponse::EimPackageError(e))
                .expect("converts");
        assert_eq!(r, v10::GetEimPackageResponse::EimPackageError(expected));
    }
    let v12pkg = sgp32_samples::euicc_package_request();
    let v10pkg = v10::EuiccPackageRequest::from_v1_2(&v12pkg).expect("v1.0 reads it");
    assert_eq!(
        v10pkg.to_der(),
        v12pkg.to_der(),
        "the eIM's signed octets are kept"
    );
}

#[test]
fn sgp32_v1_0_6_3_2_7_errors_have_no_v1_0_form() {
    let error = v12::ProvideEimPackageResultResponse::ProvideEimPackageResultError(
        v12::ProvideEimPackageResultError::MissingEid,
    );
    assert_eq!(
        v10::ProvideEimPackageResultResponse::from_v1_2(&error),
        None
    );
    // A v1.2 error is an empty success to a v1.0 decoder: the reason it must not be sent.
    let read = v10::ProvideEimPackageResultResponse::from_der(&error.to_der()).expect("decodes");
    assert_eq!(read.eim_acknowledgements, None);
}

#[test]
fn write_corpus_for_crosscheck() {
    corpus::write(MODULE, sgp32_v1_0_samples::samples());
}

#[test]
fn decode_pycrate_encodings() {
    corpus::decode_pycrate(MODULE);
}
