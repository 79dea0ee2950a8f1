//! ES10b.LoadEuiccPackage (SGP.32 v1.2 5.9.1, 2.11): verification of the eIM's package
//! (eIM, signature, EID, replay counter), execution of PSMOs and eCOs with the package
//! rules, the signed result (euiccSignEPR over the data and the association token) kept
//! until acknowledged.

use crate::common;
use crate::iot_common;

use euicc_sim::state::ProfileStatus;
use euicc_sim::{Es10Error, Es10Processor, Euicc, EuiccOptions};
use iot_common::*;
use proto::der::{Asn1, RawTlv};
use proto::sgp22::{
    DeleteNotificationStatus, NotificationEvent, NotificationSentRequest, NotificationSentResponse,
    PendingNotification, ProfileInfoListRequest,
};
use proto::sgp32::{
    AddEimResult, AddEimResultCode, DeleteEim, DeleteEimResult, DeleteProfileResult,
    DisableProfileResult, Eco, EimConfigurationData, EimIdInfo, EimPublicKeyData, EmptySequence,
    EnableProfileResult, EuiccPackage, EuiccPackageErrorCode, EuiccPackageErrorUnsigned,
    EuiccPackageResult, EuiccResultData, ListEimResult, ProcessingTerminated, Psmo,
    SGP32NotificationSearchCriteria, SGP32ProfileInfoListError, SGP32ProfileInfoListResponse,
    SGP32RetrieveNotificationsListRequest, SGP32RetrieveNotificationsListResponse, UpdateEimResult,
};

fn state_of(euicc: &Euicc, digits: &str) -> ProfileStatus {
    euicc.state().profile_by_iccid(digits).unwrap().state
}

/// The pending eUICC Package Results (RetrieveNotificationsList, euiccPackageResults).
fn pending_results(euicc: &mut Euicc) -> Vec<EuiccPackageResult> {
    let req = SGP32RetrieveNotificationsListRequest {
        search_criteria: Some(SGP32NotificationSearchCriteria::EuiccPackageResults(
            proto::der::Null,
        )),
    };
    match SGP32RetrieveNotificationsListResponse::from_der(&es10(euicc, &req)).unwrap() {
        SGP32RetrieveNotificationsListResponse::EuiccPackageResultList(l) => l,
        other => panic!("{other:?}"),
    }
}

fn error_code(r: &EuiccPackageResult) -> EuiccPackageErrorCode {
    match r {
        EuiccPackageResult::EuiccPackageErrorSigned(e) => {
            e.euicc_package_error_data_signed.euicc_package_error_code
        }
        other => panic!("not a signed error: {other:?}"),
    }
}

#[test]
fn sgp32_5_9_1_enable_result_is_signed_over_data_and_association_token() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    let r = load(&mut euicc, &req);

    assert_eq!(
        results(&r),
        [EuiccResultData::EnableResult(EnableProfileResult::Ok)]
    );
    let EuiccPackageResult::EuiccPackageResultSigned(s) = &r else {
        unreachable!()
    };
    let data = s.euicc_package_result_data_signed.value();
    assert_eq!(data.eim_id, EIM_ID);
    assert_eq!(data.counter_value, 1);
    assert_eq!(
        data.eim_transaction_id,
        Some(vec![0xE1, 0x4D, 1]),
        "eimTransactionId echoed"
    );
    assert!(
        verifies(&euicc, &r, TOKEN),
        "euiccSignEPR over data ‖ 84 01 05"
    );
    assert!(
        !verifies(&euicc, &r, TOKEN + 1),
        "another token does not verify"
    );

    assert_eq!(state_of(&euicc, LOCAL), ProfileStatus::Enabled);
    assert_eq!(state_of(&euicc, BOOTSTRAP), ProfileStatus::Disabled);
    assert!(
        euicc.take_refresh().is_some(),
        "the device is asked to refresh"
    );
    // The SM-DP+ learns about both changes from the profiles' notifications.
    let ops: Vec<NotificationEvent> = common::notifications(&mut euicc)
        .iter()
        .map(|n| match n {
            PendingNotification::OtherSignedNotification(o) => o
                .tbs_other_notification
                .profile_management_operation
                .clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        ops,
        [
            event(NotificationEvent::NOTIFICATION_DISABLE),
            event(NotificationEvent::NOTIFICATION_ENABLE)
        ]
    );
    // Kept for the eIM, with the seqNumber after the notifications'.
    let pending = pending_results(&mut euicc);
    assert_eq!(pending, std::slice::from_ref(&r));
    assert_eq!(seq_number(&r), 3);
}

#[test]
fn sgp32_5_9_1_replayed_or_older_counter_is_refused_with_replay_error() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    eim.counter = 9;
    let first = eim.psmos(&euicc, vec![enable(LOCAL, false)]);
    assert_eq!(results(&load(&mut euicc, &first)).len(), 1);

    let replayed = load(&mut euicc, &first);
    assert_eq!(error_code(&replayed), EuiccPackageErrorCode::ReplayError);
    assert!(
        verifies(&euicc, &replayed, TOKEN),
        "euiccSignEPR covers the error with the token"
    );

    let older = eim.package_with(
        3,
        eid_of(&euicc),
        EuiccPackage::PsmoList(vec![enable(BOOTSTRAP, false)]),
    );
    assert_eq!(
        error_code(&load(&mut euicc, &older)),
        EuiccPackageErrorCode::ReplayError
    );
    assert_eq!(
        state_of(&euicc, LOCAL),
        ProfileStatus::Enabled,
        "nothing executed"
    );

    let too_big = eim.package_with(
        0x80_0000,
        eid_of(&euicc),
        EuiccPackage::PsmoList(vec![enable(BOOTSTRAP, false)]),
    );
    assert_eq!(
        error_code(&load(&mut euicc, &too_big)),
        EuiccPackageErrorCode::CounterValueOutOfRange
    );
    assert_eq!(
        euicc.eims()[0].counter_value,
        10,
        "refusals do not move the counter"
    );
}

#[test]
fn sgp32_5_9_1_package_for_another_eid_is_refused_with_invalid_eid() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let mut other = eid_of(&euicc);
    other[15] ^= 0x11;
    let req = eim.package_with(1, other, EuiccPackage::PsmoList(vec![enable(LOCAL, false)]));
    let r = load(&mut euicc, &req);
    assert_eq!(error_code(&r), EuiccPackageErrorCode::InvalidEid);
    assert!(verifies(&euicc, &r, TOKEN));
    assert_eq!(state_of(&euicc, BOOTSTRAP), ProfileStatus::Enabled);
    // The counter was not consumed: the same counter for the right EID is accepted.
    eim.counter = 0;
    let ok = eim.psmos(&euicc, vec![enable(LOCAL, false)]);
    assert_eq!(
        results(&load(&mut euicc, &ok)),
        [EuiccResultData::EnableResult(EnableProfileResult::Ok)]
    );
}

#[test]
fn sgp32_5_9_1_bad_eim_signature_is_refused_unsigned_with_the_association_token() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let mut req = eim.psmos(&euicc, vec![enable(LOCAL, false)]);
    req.eim_signature[10] ^= 0x01;
    let r = load(&mut euicc, &req);
    assert_eq!(
        r,
        EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
            eim_id: EIM_ID.into(),
            eim_transaction_id: Some(vec![0xE1, 0x4D, 1]),
            association_token: Some(TOKEN),
            euicc_package_unsigned_error_code: None,
        })
    );
    assert_eq!(state_of(&euicc, BOOTSTRAP), ProfileStatus::Enabled);
    assert!(
        pending_results(&mut euicc).is_empty(),
        "unsigned errors are not kept"
    );

    // A package signed over the data without the token does not verify either.
    let mut no_token = Eim::new();
    no_token.token = None;
    let req = no_token.psmos(&euicc, vec![enable(LOCAL, false)]);
    assert!(matches!(
        load(&mut euicc, &req),
        EuiccPackageResult::EuiccPackageErrorUnsigned(_)
    ));
}

#[test]
fn sgp32_5_9_1_unknown_eim_is_refused_unsigned() {
    let eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let mut stranger = Eim::new();
    stranger.id = "eim.elsewhere.test".into();
    let req = stranger.psmos(&euicc, vec![enable(LOCAL, false)]);
    assert_eq!(
        load(&mut euicc, &req),
        EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
            eim_id: "eim.elsewhere.test".into(),
            eim_transaction_id: Some(vec![0xE1, 0x4D, 1]),
            association_token: None,
            euicc_package_unsigned_error_code: None,
        })
    );
}

#[test]
fn sgp32_2_11_1_1_3_psmo_refusals_use_their_result_codes() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let req = eim.psmos(&euicc, vec![enable("8949449999999990999", false)]);
    assert_eq!(
        results(&load(&mut euicc, &req)),
        [EuiccResultData::EnableResult(
            EnableProfileResult::IccidOrAidNotFound
        )]
    );
    let req = eim.psmos(&euicc, vec![enable(BOOTSTRAP, false)]);
    assert_eq!(
        results(&load(&mut euicc, &req)),
        [EuiccResultData::EnableResult(
            EnableProfileResult::ProfileNotInDisabledState
        )]
    );
    let req = eim.psmos(&euicc, vec![delete(BOOTSTRAP)]);
    assert_eq!(
        results(&load(&mut euicc, &req)),
        [EuiccResultData::DeleteResult(
            DeleteProfileResult::ProfileNotInDisabledState
        )],
        "the enabled profile is not deleted"
    );
    let req = eim.psmos(&euicc, vec![disable(LOCAL)]);
    assert_eq!(
        results(&load(&mut euicc, &req)),
        [EuiccResultData::DisableResult(
            DisableProfileResult::ProfileNotInEnabledState
        )]
    );
    let req = eim.psmos(&euicc, vec![delete(LOCAL), delete(LOCAL)]);
    assert_eq!(
        results(&load(&mut euicc, &req)),
        [
            EuiccResultData::DeleteResult(DeleteProfileResult::Ok),
            EuiccResultData::DeleteResult(DeleteProfileResult::IccidOrAidNotFound),
        ]
    );
    assert!(euicc.state().profile_by_iccid(LOCAL).is_none());
}

#[test]
fn sgp32_2_11_1_1_3_one_enable_per_package_and_list_not_after_a_change() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let req = eim.psmos(
        &euicc,
        vec![
            enable(LOCAL, false),
            enable(BOOTSTRAP, false),
            disable(LOCAL),
        ],
    );
    assert_eq!(
        results(&load(&mut euicc, &req)),
        [
            EuiccResultData::EnableResult(EnableProfileResult::Ok),
            EuiccResultData::ProcessingTerminated(ProcessingTerminated::UnknownOrDamagedCommand),
        ],
        "a second enable stops the package; what follows is not executed"
    );
    assert_eq!(state_of(&euicc, LOCAL), ProfileStatus::Enabled);

    let list = Psmo::ListProfileInfo(ProfileInfoListRequest::default());
    let req = eim.psmos(&euicc, vec![disable(LOCAL), list.clone()]);
    assert_eq!(
        results(&load(&mut euicc, &req))[1],
        EuiccResultData::ListProfileInfoResult(SGP32ProfileInfoListResponse::ProfileInfoListError(
            SGP32ProfileInfoListError::ProfileChangeOngoing
        ))
    );

    let req = eim.psmos(&euicc, vec![list]);
    let EuiccResultData::ListProfileInfoResult(SGP32ProfileInfoListResponse::ProfileInfoListOk(
        infos,
    )) = &results(&load(&mut euicc, &req))[0]
    else {
        panic!("a profile list")
    };
    assert_eq!(infos.len(), 2);
    assert!(
        infos[0].fallback_attribute,
        "the bootstrap is the Fallback Profile"
    );
    assert!(!infos[1].fallback_attribute);

    let unknown = Psmo::Unknown(RawTlv::from_der(&[0x9F, 0x70, 0x00]).unwrap());
    let req = eim.psmos(&euicc, vec![unknown, enable(LOCAL, false)]);
    assert_eq!(
        results(&load(&mut euicc, &req)),
        [EuiccResultData::ProcessingTerminated(
            ProcessingTerminated::UnknownOrDamagedCommand
        )]
    );
}

#[test]
fn sgp32_5_9_12_acknowledged_results_are_removed() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let first = exec(&mut euicc, &mut eim, vec![Psmo::GetRat(EmptySequence {})]);
    let second = exec(&mut euicc, &mut eim, vec![enable(LOCAL, false)]);
    assert_eq!(pending_results(&mut euicc), [first.clone(), second.clone()]);

    let remove = |euicc: &mut Euicc, seq| {
        NotificationSentResponse::from_der(&es10(
            euicc,
            &NotificationSentRequest { seq_number: seq },
        ))
        .unwrap()
        .delete_notification_status
    };
    assert_eq!(
        remove(&mut euicc, seq_number(&first)),
        DeleteNotificationStatus::Ok
    );
    assert_eq!(pending_results(&mut euicc), std::slice::from_ref(&second));
    assert_eq!(
        remove(&mut euicc, seq_number(&first)),
        DeleteNotificationStatus::NothingToDelete
    );
    assert_eq!(
        remove(&mut euicc, seq_number(&second)),
        DeleteNotificationStatus::Ok
    );
    assert!(pending_results(&mut euicc).is_empty());
    assert_eq!(
        common::notifications(&mut euicc).len(),
        2,
        "notifications stay"
    );
}

#[test]
fn sgp32_2_11_1_1_2_eim_configuration_operations() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let key = EimPublicKeyData::EimPublicKey(proto::sgp22::SubjectPublicKeyInfo(
        proto::der::RawSequence(eim.key.public_key().to_spki_der()),
    ));
    let second = EimConfigurationData {
        eim_id: "eim2.rsp-lab.test".into(),
        eim_fqdn: Some("eim2.rsp-lab.test".into()),
        association_token: Some(0),
        eim_public_key_data: Some(key),
        ..EimConfigurationData::default()
    };
    let req = eim.package(
        &euicc,
        EuiccPackage::EcoList(vec![
            Eco::AddEim(second.clone()),
            Eco::AddEim(second.clone()),
            Eco::ListEim(EmptySequence {}),
        ]),
    );
    let r = results(&load(&mut euicc, &req));
    assert_eq!(
        r[0],
        EuiccResultData::AddEimResult(AddEimResult::AssociationToken(TOKEN + 1)),
        "a new token, after the configured one"
    );
    assert_eq!(
        r[1],
        EuiccResultData::AddEimResult(AddEimResult::AddEimResultCode(
            AddEimResultCode::AssociatedEimAlreadyExists
        ))
    );
    assert_eq!(
        r[2],
        EuiccResultData::ListEimResult(ListEimResult::EimIdList(vec![
            EimIdInfo {
                eim_id: EIM_ID.into(),
                eim_id_type: None
            },
            EimIdInfo {
                eim_id: "eim2.rsp-lab.test".into(),
                eim_id_type: None
            },
        ]))
    );

    let update = EimConfigurationData {
        eim_id: "eim2.rsp-lab.test".into(),
        counter_value: Some(0x80_0000),
        ..EimConfigurationData::default()
    };
    let fine = EimConfigurationData {
        counter_value: Some(40),
        ..update.clone()
    };
    let req = eim.package(
        &euicc,
        EuiccPackage::EcoList(vec![
            Eco::UpdateEim(update),
            Eco::UpdateEim(fine),
            Eco::UpdateEim(EimConfigurationData {
                eim_id: "nobody".into(),
                ..EimConfigurationData::default()
            }),
            Eco::DeleteEim(DeleteEim {
                eim_id: EIM_ID.into(),
            }),
            Eco::DeleteEim(DeleteEim {
                eim_id: "eim2.rsp-lab.test".into(),
            }),
        ]),
    );
    let r = load(&mut euicc, &req);
    assert!(
        verifies(&euicc, &r, TOKEN),
        "signed with the sender's token, though deleted"
    );
    assert_eq!(
        results(&r),
        [
            EuiccResultData::UpdateEimResult(UpdateEimResult::CounterValueOutOfRange),
            EuiccResultData::UpdateEimResult(UpdateEimResult::Ok),
            EuiccResultData::UpdateEimResult(UpdateEimResult::EimNotFound),
            EuiccResultData::DeleteEimResult(DeleteEimResult::Ok),
            EuiccResultData::DeleteEimResult(DeleteEimResult::LastEimDeleted),
        ]
    );
    assert!(euicc.eims().is_empty());
}

#[test]
fn sgp32_5_9_consumer_euicc_has_no_iot_functions() {
    let eim = Eim::new();
    let mut euicc = Euicc::in_memory(common::credentials(), EuiccOptions::default()).unwrap();
    let req = eim.package_with(1, eid_of(&euicc), EuiccPackage::PsmoList(vec![]));
    let err = euicc.try_process_es10(&req.to_der()).unwrap_err();
    assert!(matches!(err, Es10Error::UnknownFunction(_)), "{err:?}");
    assert_eq!(err.status_word(), 0x6A88);
}

#[test]
fn sgp32_5_9_1_malformed_package_ends_with_a_status_word() {
    let eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let err = euicc
        .try_process_es10(&[0xBF, 0x51, 0x03, 0x30, 0x01, 0x00])
        .unwrap_err();
    assert_eq!(err.status_word(), 0x6A80);
}

#[test]
fn sgp32_5_9_1_state_survives_a_restart() {
    let mut eim = Eim::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iot.json");
    let mut euicc = Euicc::create(
        &path,
        common::credentials(),
        EuiccOptions::iot_with_eim(eim.config()),
    )
    .unwrap();
    preload(&mut euicc, BOOTSTRAP, true, true);
    preload(&mut euicc, LOCAL, false, false);
    let req = eim.psmos(&euicc, vec![enable(LOCAL, true)]);
    let r = load(&mut euicc, &req);
    drop(euicc);

    let mut again = Euicc::open(&path).unwrap();
    assert_eq!(again.eims()[0].counter_value, 1);
    assert_eq!(pending_results(&mut again), [r]);
    assert!(again.state().iot.rollback.is_some());
    assert_eq!(
        error_code(&load(&mut again, &req)),
        EuiccPackageErrorCode::ReplayError,
        "the counter was persisted"
    );
}
