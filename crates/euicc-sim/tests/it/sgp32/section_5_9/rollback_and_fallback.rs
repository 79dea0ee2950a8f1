//! Rollback (SGP.32 v1.2 5.9.16) after an enable with rollbackFlag, the Fallback Attribute
//! PSMOs (2.11.1.1.3, 3.4.6, 3.4.7) and the Fallback Mechanism (5.9.20, 5.9.21), with the
//! state change the IPA reports next (6.3.2.6).

use crate::iot_common;

use euicc_sim::Euicc;
use euicc_sim::state::ProfileStatus;
use iot_common::*;
use proto::der::Asn1;
use proto::sgp32::{
    DeleteProfileResult, EmptySequence, EnableProfileResult, EuiccPackageResult, EuiccResultData,
    ExecuteFallbackMechanismRequest, ExecuteFallbackMechanismResponse,
    ExecuteFallbackMechanismResult, ProcessingTerminated, ProfileRollbackRequest,
    ProfileRollbackResponse, Psmo, PsmoIccid, ReturnFromFallbackRequest,
    ReturnFromFallbackResponse, ReturnFromFallbackResult, RollbackCmdResult, RollbackProfileResult,
    SGP32NotificationSearchCriteria, SGP32RetrieveNotificationsListRequest,
    SGP32RetrieveNotificationsListResponse, SetFallbackAttributeResult, StateChangeCause,
    UnsetFallbackAttributeResult,
};

fn state_of(euicc: &Euicc, digits: &str) -> ProfileStatus {
    euicc.state().profile_by_iccid(digits).unwrap().state
}

fn rollback(euicc: &mut Euicc) -> ProfileRollbackResponse {
    ProfileRollbackResponse::from_der(&es10(euicc, &ProfileRollbackRequest { refresh_flag: true }))
        .unwrap()
}

fn fallback(euicc: &mut Euicc) -> ExecuteFallbackMechanismResult {
    ExecuteFallbackMechanismResponse::from_der(&es10(
        euicc,
        &ExecuteFallbackMechanismRequest {
            refresh_flag: false,
        },
    ))
    .unwrap()
    .execute_fallback_mechanism_result
}

fn return_from_fallback(euicc: &mut Euicc) -> ReturnFromFallbackResult {
    ReturnFromFallbackResponse::from_der(&es10(
        euicc,
        &ReturnFromFallbackRequest {
            refresh_flag: false,
        },
    ))
    .unwrap()
    .return_from_fallback_result
}

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

fn set_fallback(digits: &str) -> Psmo {
    Psmo::SetFallbackAttribute(PsmoIccid {
        iccid: iccid(digits),
    })
}

fn unset_fallback() -> Psmo {
    Psmo::UnsetFallbackAttribute(EmptySequence {})
}

#[test]
fn sgp32_5_9_16_rollback_returns_to_the_previous_profile_and_replaces_the_result() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let package = exec(&mut euicc, &mut eim, vec![enable(LOCAL, true)]);
    assert_eq!(state_of(&euicc, LOCAL), ProfileStatus::Enabled);

    let r = rollback(&mut euicc);
    assert_eq!(r.cmd_result, RollbackCmdResult::Ok);
    assert_eq!(state_of(&euicc, BOOTSTRAP), ProfileStatus::Enabled);
    assert_eq!(state_of(&euicc, LOCAL), ProfileStatus::Disabled);
    let replacement = r.euicc_package_result.expect("the replacing result");
    assert!(verifies(&euicc, &replacement, TOKEN));
    assert_eq!(
        results(&replacement),
        [
            EuiccResultData::EnableResult(EnableProfileResult::Ok),
            EuiccResultData::RollbackResult(RollbackProfileResult::Ok),
        ]
    );
    assert!(seq_number(&replacement) > seq_number(&package));
    let EuiccPackageResult::EuiccPackageResultSigned(s) = &replacement else {
        unreachable!()
    };
    assert_eq!(s.euicc_package_result_data_signed.counter_value, 1);
    assert_eq!(
        pending_results(&mut euicc),
        std::slice::from_ref(&replacement),
        "the rolled-back package's result is replaced"
    );

    // Done once: a second rollback is not allowed.
    assert_eq!(
        rollback(&mut euicc).cmd_result,
        RollbackCmdResult::RollbackNotAllowed
    );
}

#[test]
fn sgp32_5_9_16_rollback_result_keeps_processing_terminated_last() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    exec(
        &mut euicc,
        &mut eim,
        vec![enable(LOCAL, true), enable(BOOTSTRAP, false)],
    );
    let r = rollback(&mut euicc);
    assert_eq!(
        results(&r.euicc_package_result.unwrap()),
        [
            EuiccResultData::EnableResult(EnableProfileResult::Ok),
            EuiccResultData::RollbackResult(RollbackProfileResult::Ok),
            EuiccResultData::ProcessingTerminated(ProcessingTerminated::UnknownOrDamagedCommand),
        ]
    );
}

#[test]
fn sgp32_5_9_16_rollback_not_allowed_without_rollback_flag_or_after_the_next_package() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    assert_eq!(
        rollback(&mut euicc).cmd_result,
        RollbackCmdResult::RollbackNotAllowed
    );

    exec(&mut euicc, &mut eim, vec![enable(LOCAL, false)]);
    let r = rollback(&mut euicc);
    assert_eq!(r.cmd_result, RollbackCmdResult::RollbackNotAllowed);
    assert_eq!(r.euicc_package_result, None);
    assert_eq!(state_of(&euicc, LOCAL), ProfileStatus::Enabled);

    exec(&mut euicc, &mut eim, vec![enable(BOOTSTRAP, true)]);
    exec(&mut euicc, &mut eim, vec![Psmo::GetRat(EmptySequence {})]);
    assert_eq!(
        rollback(&mut euicc).cmd_result,
        RollbackCmdResult::RollbackNotAllowed,
        "a later package withdraws the rollback"
    );
}

#[test]
fn sgp32_2_11_1_1_3_rollback_not_available_cases() {
    let mut eim = Eim::new();
    let mut euicc = iot_euicc(&eim);
    preload(&mut euicc, LOCAL, false, false);
    let r = exec(&mut euicc, &mut eim, vec![enable(LOCAL, true)]);
    assert_eq!(
        results(&r),
        [EuiccResultData::EnableResult(
            EnableProfileResult::RollbackNotAvailable
        )],
        "nothing enabled to roll back to"
    );

    let mut euicc = fleet_euicc(&eim);
    let r = exec(
        &mut euicc,
        &mut eim,
        vec![enable(LOCAL, true), delete(BOOTSTRAP)],
    );
    assert_eq!(
        results(&r)[1],
        EuiccResultData::DeleteResult(DeleteProfileResult::RollbackNotAvailable),
        "the rollback target stays"
    );
}

#[test]
fn sgp32_3_4_6_fallback_attribute_set_and_unset_rules() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    let r = exec(
        &mut euicc,
        &mut eim,
        vec![
            set_fallback("8949449999999990999"),
            set_fallback(LOCAL),
            unset_fallback(),
            set_fallback(BOOTSTRAP),
        ],
    );
    assert_eq!(
        results(&r),
        [
            EuiccResultData::SetFallbackAttributeResult(
                SetFallbackAttributeResult::IccidOrAidNotFound
            ),
            EuiccResultData::SetFallbackAttributeResult(
                SetFallbackAttributeResult::FallbackProfileEnabled
            ),
            EuiccResultData::UnsetFallbackAttributeResult(
                UnsetFallbackAttributeResult::FallbackProfileEnabled
            ),
            EuiccResultData::SetFallbackAttributeResult(SetFallbackAttributeResult::Ok),
        ],
        "the enabled Fallback Profile keeps its attribute"
    );

    // Once the bootstrap is disabled the attribute can move, and be removed.
    exec(&mut euicc, &mut eim, vec![enable(LOCAL, false)]);
    let r = exec(
        &mut euicc,
        &mut eim,
        vec![set_fallback(LOCAL), unset_fallback(), unset_fallback()],
    );
    assert_eq!(
        results(&r),
        [
            EuiccResultData::SetFallbackAttributeResult(SetFallbackAttributeResult::Ok),
            EuiccResultData::UnsetFallbackAttributeResult(
                UnsetFallbackAttributeResult::FallbackProfileEnabled
            ),
            EuiccResultData::UnsetFallbackAttributeResult(
                UnsetFallbackAttributeResult::FallbackProfileEnabled
            ),
        ]
    );
    let holders: Vec<&str> = euicc
        .state()
        .profiles
        .iter()
        .filter(|p| p.fallback_attribute)
        .map(|p| p.iccid.as_str())
        .collect();
    assert_eq!(holders, [LOCAL], "one Fallback Profile at a time");

    let r = exec(
        &mut euicc,
        &mut eim,
        vec![set_fallback(BOOTSTRAP), unset_fallback(), unset_fallback()],
    );
    assert_eq!(
        results(&r),
        [
            EuiccResultData::SetFallbackAttributeResult(
                SetFallbackAttributeResult::FallbackProfileEnabled
            ),
            EuiccResultData::UnsetFallbackAttributeResult(
                UnsetFallbackAttributeResult::FallbackProfileEnabled
            ),
            EuiccResultData::UnsetFallbackAttributeResult(
                UnsetFallbackAttributeResult::FallbackProfileEnabled
            ),
        ]
    );
    exec(&mut euicc, &mut eim, vec![enable(BOOTSTRAP, false)]);
    let r = exec(
        &mut euicc,
        &mut eim,
        vec![unset_fallback(), unset_fallback()],
    );
    assert_eq!(
        results(&r),
        [
            EuiccResultData::UnsetFallbackAttributeResult(UnsetFallbackAttributeResult::Ok),
            EuiccResultData::UnsetFallbackAttributeResult(
                UnsetFallbackAttributeResult::NoFallbackAttribute
            ),
        ]
    );
}

#[test]
fn sgp32_5_9_20_fallback_mechanism_and_return() {
    let mut eim = Eim::new();
    let mut euicc = fleet_euicc(&eim);
    assert_eq!(
        fallback(&mut euicc),
        ExecuteFallbackMechanismResult::ProfileNotInDisabledState,
        "the Fallback Profile is already enabled"
    );
    assert_eq!(
        return_from_fallback(&mut euicc),
        ReturnFromFallbackResult::FallbackNotAvailable
    );

    exec(&mut euicc, &mut eim, vec![enable(LOCAL, false)]);
    assert_eq!(
        euicc.pending_state_change(),
        None,
        "the eIM made that change"
    );
    assert_eq!(fallback(&mut euicc), ExecuteFallbackMechanismResult::Ok);
    assert_eq!(state_of(&euicc, BOOTSTRAP), ProfileStatus::Enabled);
    assert_eq!(state_of(&euicc, LOCAL), ProfileStatus::Disabled);
    assert_eq!(
        euicc.pending_state_change(),
        Some(StateChangeCause::Fallback)
    );

    // The profile to return to may not be deleted meanwhile.
    let r = exec(&mut euicc, &mut eim, vec![delete(LOCAL)]);
    assert_eq!(
        results(&r),
        [EuiccResultData::DeleteResult(
            DeleteProfileResult::ReturnFallbackProfile
        )]
    );

    euicc.clear_state_change().unwrap();
    assert_eq!(
        return_from_fallback(&mut euicc),
        ReturnFromFallbackResult::Ok
    );
    assert_eq!(state_of(&euicc, LOCAL), ProfileStatus::Enabled);
    assert_eq!(
        euicc.pending_state_change(),
        Some(StateChangeCause::Fallback)
    );
    assert_eq!(
        return_from_fallback(&mut euicc),
        ReturnFromFallbackResult::FallbackNotAvailable
    );
}

#[test]
fn sgp32_5_9_20_no_fallback_profile() {
    let mut eim = Eim::new();
    let mut euicc = iot_euicc(&eim);
    preload(&mut euicc, LOCAL, true, false);
    assert_eq!(
        fallback(&mut euicc),
        ExecuteFallbackMechanismResult::FallbackNotAvailable
    );
    assert_eq!(euicc.pending_state_change(), None);
    let _ = &mut eim;
}
