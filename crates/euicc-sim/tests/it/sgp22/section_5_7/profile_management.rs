//! ES10c profile management (SGP.22 5.7.15–5.7.19, 5.7.21) and the profile policy rules
//! (2.9): GetProfilesInfo with search criteria and tag lists, one enabled profile, PPR1 and
//! PPR2 on operational profiles, test profiles overriding PPR1, memory reset, nicknames.

use crate::common;

use common::*;
use euicc_sim::Euicc;
use euicc_sim::state::ProfileStatus;
use proto::der::Asn1;
use proto::sgp22::{
    DeleteProfileRequest, DeleteProfileResponse, DeleteResult, DisableProfileRequest,
    DisableProfileResponse, DisableResult, EnableProfileRequest, EnableProfileResponse,
    EnableResult, ErrorReason, EuiccMemoryResetRequest, EuiccMemoryResetResponse, FinalResult,
    Iccid, NotificationConfigurationInformation, NotificationEvent, OperatorId, PprIds,
    ProfileClass, ProfileIdentifier, ProfileInfo, ProfileInfoListError, ProfileInfoListRequest,
    ProfileInfoListResponse, ProfileSearchCriteria, ProfileState, ResetOptions, ResetResult,
    SetDefaultDpAddressRequest, SetNicknameRequest, SetNicknameResponse, SetNicknameResult,
    StoreMetadataRequest,
};

const OP_A: &str = "8949449999999990023";
const OP_B: &str = "8949449999999990031";
const TEST: &str = "8949449999999990049";

fn iccid(digits: &str) -> Iccid {
    Iccid(
        proto::ids::Iccid::parse_lenient(digits)
            .unwrap()
            .to_swapped_bcd(),
    )
}

fn install(euicc: &mut Euicc, m: &StoreMetadataRequest) {
    let digits = proto::ids::Iccid::from_swapped_bcd(&m.iccid.0).unwrap();
    let pir = download(euicc, &Smdp::new(), m, &profile(digits.as_str()));
    match &pir.profile_installation_result_data.final_result {
        FinalResult::SuccessResult(_) => {}
        e => panic!("{e:?}"),
    }
}

fn with_ppr(digits: &str, pprs: &[usize]) -> StoreMetadataRequest {
    StoreMetadataRequest {
        profile_owner: Some(OperatorId {
            mcc_mnc: [0x32, 0xF4, 0x10],
            gid1: None,
            gid2: None,
        }),
        profile_policy_rules: Some(PprIds::from_bits(pprs)),
        ..metadata(digits)
    }
}

fn test_profile(digits: &str) -> StoreMetadataRequest {
    StoreMetadataRequest {
        profile_class: ProfileClass::Test,
        ..metadata(digits)
    }
}

fn enable(euicc: &mut Euicc, digits: &str) -> EnableResult {
    EnableProfileResponse::from_der(&es10(
        euicc,
        &EnableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(iccid(digits)),
            refresh_flag: false,
        },
    ))
    .unwrap()
    .enable_result
}

fn disable(euicc: &mut Euicc, digits: &str) -> DisableResult {
    DisableProfileResponse::from_der(&es10(
        euicc,
        &DisableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(iccid(digits)),
            refresh_flag: false,
        },
    ))
    .unwrap()
    .disable_result
}

fn delete(euicc: &mut Euicc, digits: &str) -> DeleteResult {
    DeleteProfileResponse::from_der(&es10(euicc, &DeleteProfileRequest::Iccid(iccid(digits))))
        .unwrap()
        .delete_result
}

fn state_of(euicc: &Euicc, digits: &str) -> ProfileStatus {
    euicc.state().profile_by_iccid(digits).unwrap().state
}

fn profiles_info(euicc: &mut Euicc, req: &ProfileInfoListRequest) -> Vec<ProfileInfo> {
    match ProfileInfoListResponse::from_der(&es10(euicc, req)).unwrap() {
        ProfileInfoListResponse::ProfileInfoListOk(l) => l,
        e => panic!("{e:?}"),
    }
}

#[test]
fn sgp22_5_7_15_get_profiles_info_search_criteria_and_tag_list() {
    let mut euicc = euicc();
    install(&mut euicc, &metadata(OP_A));
    install(&mut euicc, &test_profile(TEST));
    enable(&mut euicc, OP_A);

    let all = profiles_info(&mut euicc, &ProfileInfoListRequest::default());
    assert_eq!(all.len(), 2);
    let a = &all[0];
    assert_eq!(a.iccid, Some(iccid(OP_A)));
    assert_eq!(a.profile_state, Some(ProfileState::Enabled));
    assert_eq!(a.profile_class, Some(ProfileClass::Operational));
    assert_eq!(a.service_provider_name.as_deref(), Some("rsp-lab operator"));
    assert_eq!(
        a.isdp_aid.as_deref().map(hex::encode_upper).as_deref(),
        Some("A0000005591010FFFFFFFF8900001000")
    );
    assert_eq!(
        all[1].isdp_aid.as_deref().map(hex::encode_upper).as_deref(),
        Some("A0000005591010FFFFFFFF8900001100")
    );
    assert!(a.dp_proprietary_data.is_some(), "from ConfigureISDP");

    // By ICCID, AID and class.
    let by_iccid = profiles_info(
        &mut euicc,
        &ProfileInfoListRequest {
            search_criteria: Some(ProfileSearchCriteria::Iccid(iccid(TEST))),
            tag_list: None,
        },
    );
    assert_eq!(by_iccid.len(), 1);
    assert_eq!(by_iccid[0].profile_class, Some(ProfileClass::Test));
    let by_aid = profiles_info(
        &mut euicc,
        &ProfileInfoListRequest {
            search_criteria: Some(ProfileSearchCriteria::IsdpAid(a.isdp_aid.clone().unwrap())),
            tag_list: None,
        },
    );
    assert_eq!(by_aid[0].iccid, Some(iccid(OP_A)));
    let by_class = profiles_info(
        &mut euicc,
        &ProfileInfoListRequest {
            search_criteria: Some(ProfileSearchCriteria::ProfileClass(
                ProfileClass::Provisioning,
            )),
            tag_list: None,
        },
    );
    assert!(by_class.is_empty());

    // Tag list 5A 9F70 92: ICCID, state and name only.
    let selected = profiles_info(
        &mut euicc,
        &ProfileInfoListRequest {
            search_criteria: None,
            tag_list: Some(vec![0x5A, 0x9F, 0x70, 0x92]),
        },
    );
    assert_eq!(
        selected[0],
        ProfileInfo {
            iccid: Some(iccid(OP_A)),
            profile_state: Some(ProfileState::Enabled),
            profile_name: Some(format!("profile {OP_A}")),
            ..ProfileInfo::default()
        }
    );
    // A tag list that is not a run of tags.
    let r = es10(
        &mut euicc,
        &ProfileInfoListRequest {
            search_criteria: None,
            tag_list: Some(vec![0x9F]),
        },
    );
    assert_eq!(
        ProfileInfoListResponse::from_der(&r).unwrap(),
        ProfileInfoListResponse::ProfileInfoListError(ProfileInfoListError::IncorrectInputValues)
    );
}

#[test]
fn sgp22_5_7_16_unknown_profile_and_state_errors() {
    let mut euicc = euicc();
    install(&mut euicc, &metadata(OP_A));
    assert_eq!(enable(&mut euicc, OP_B), EnableResult::IccidOrAidNotFound);
    assert_eq!(disable(&mut euicc, OP_B), DisableResult::IccidOrAidNotFound);
    assert_eq!(delete(&mut euicc, OP_B), DeleteResult::IccidOrAidNotFound);
    assert_eq!(
        disable(&mut euicc, OP_A),
        DisableResult::ProfileNotInEnabledState
    );
    let r = EnableProfileResponse::from_der(&es10(
        &mut euicc,
        &EnableProfileRequest {
            profile_identifier: ProfileIdentifier::IsdpAid(vec![0xA0, 0, 0, 5, 0x59]),
            refresh_flag: true,
        },
    ))
    .unwrap();
    assert_eq!(r.enable_result, EnableResult::IccidOrAidNotFound);
}

#[test]
fn sgp22_2_9_1_ppr1_forbids_disabling_and_enabling_another_operational_profile() {
    let mut euicc = euicc();
    install(&mut euicc, &with_ppr(OP_A, &[PprIds::PPR1]));
    install(&mut euicc, &metadata(OP_B));
    assert_eq!(enable(&mut euicc, OP_A), EnableResult::Ok);
    assert_eq!(disable(&mut euicc, OP_A), DisableResult::DisallowedByPolicy);
    assert_eq!(enable(&mut euicc, OP_B), EnableResult::DisallowedByPolicy);
    assert_eq!(state_of(&euicc, OP_A), ProfileStatus::Enabled);
    assert_eq!(state_of(&euicc, OP_B), ProfileStatus::Disabled);
}

#[test]
fn sgp22_2_9_1_test_profile_overrides_ppr1_and_gives_the_operational_profile_back() {
    let mut euicc = euicc();
    install(&mut euicc, &with_ppr(OP_A, &[PprIds::PPR1]));
    install(&mut euicc, &test_profile(TEST));
    assert_eq!(enable(&mut euicc, OP_A), EnableResult::Ok);
    // SGP.21 TPRO8: a Test Profile may be enabled over PPR1.
    assert_eq!(enable(&mut euicc, TEST), EnableResult::Ok);
    assert_eq!(state_of(&euicc, OP_A), ProfileStatus::Disabled);
    // SGP.21 TPRO10: disabling it enables the operational profile again.
    assert_eq!(disable(&mut euicc, TEST), DisableResult::Ok);
    assert_eq!(state_of(&euicc, OP_A), ProfileStatus::Enabled);
    assert_eq!(state_of(&euicc, TEST), ProfileStatus::Disabled);
}

#[test]
fn sgp22_2_9_1_ppr2_forbids_deleting_an_operational_profile() {
    let mut euicc = euicc();
    install(&mut euicc, &with_ppr(OP_A, &[PprIds::PPR2]));
    assert_eq!(delete(&mut euicc, OP_A), DeleteResult::DisallowedByPolicy);
    assert!(euicc.state().profile_by_iccid(OP_A).is_some());
    // PPRs bind operational profiles only: a test profile with PPR2 is deleted.
    let mut m = test_profile(TEST);
    m.profile_policy_rules = Some(PprIds::from_bits(&[PprIds::PPR2]));
    install(&mut euicc, &m);
    assert_eq!(delete(&mut euicc, TEST), DeleteResult::Ok);
}

#[test]
fn sgp22_2_9_2_ppr1_is_forbidden_once_an_operational_profile_is_installed() {
    let mut euicc = euicc();
    install(&mut euicc, &metadata(OP_A));
    let info2 = proto::sgp22::EUICCInfo2::from_der(&es10(
        &mut euicc,
        &proto::sgp22::GetEuiccInfo2Request {},
    ))
    .unwrap();
    assert!(
        info2
            .forbidden_profile_policy_rules
            .is_some_and(|f| f.has(PprIds::PPR1))
    );
    let pir = download(
        &mut euicc,
        &Smdp::new(),
        &with_ppr(OP_B, &[PprIds::PPR1]),
        &profile(OP_B),
    );
    match &pir.profile_installation_result_data.final_result {
        FinalResult::ErrorResult(e) => assert_eq!(e.error_reason, ErrorReason::PprNotAllowed),
        ok => panic!("{ok:?}"),
    }
}

#[test]
fn sgp22_5_7_19_memory_reset_deletes_by_class_whatever_the_policy() {
    let mut euicc = euicc();
    install(&mut euicc, &with_ppr(OP_A, &[PprIds::PPR1, PprIds::PPR2]));
    install(&mut euicc, &test_profile(TEST));
    enable(&mut euicc, OP_A);
    let reset = |e: &mut Euicc, bits: &[usize]| {
        EuiccMemoryResetResponse::from_der(&es10(
            e,
            &EuiccMemoryResetRequest {
                reset_options: ResetOptions::from_bits(bits),
            },
        ))
        .unwrap()
        .reset_result
    };
    let before = euicc.state().notifications.len();
    assert_eq!(
        reset(&mut euicc, &[ResetOptions::DELETE_OPERATIONAL_PROFILES]),
        ResetResult::Ok
    );
    assert!(euicc.state().profile_by_iccid(OP_A).is_none());
    assert!(euicc.state().profile_by_iccid(TEST).is_some());
    assert_eq!(
        euicc.state().notifications.len(),
        before + 1,
        "a delete notification for the SM-DP+"
    );
    assert_eq!(
        reset(&mut euicc, &[ResetOptions::DELETE_OPERATIONAL_PROFILES]),
        ResetResult::NothingToDelete
    );
    assert_eq!(
        reset(
            &mut euicc,
            &[ResetOptions::DELETE_FIELD_LOADED_TEST_PROFILES]
        ),
        ResetResult::Ok
    );
    assert!(euicc.state().profiles.is_empty());

    // The default SM-DP+ address goes back to the one set at creation (none).
    es10(
        &mut euicc,
        &SetDefaultDpAddressRequest {
            default_dp_address: "smdp.example.test".into(),
        },
    );
    assert_eq!(
        reset(&mut euicc, &[ResetOptions::RESET_DEFAULT_SMDP_ADDRESS]),
        ResetResult::Ok
    );
    assert_eq!(euicc.state().default_dp_address, None);
}

#[test]
fn sgp22_5_7_21_set_nickname() {
    let mut euicc = euicc();
    install(&mut euicc, &metadata(OP_A));
    let set = |e: &mut Euicc, digits: &str, nick: &str| {
        SetNicknameResponse::from_der(&es10(
            e,
            &SetNicknameRequest {
                iccid: iccid(digits),
                profile_nickname: nick.into(),
            },
        ))
        .unwrap()
        .set_nickname_result
    };
    assert_eq!(set(&mut euicc, OP_A, "work"), SetNicknameResult::Ok);
    assert_eq!(set(&mut euicc, OP_B, "x"), SetNicknameResult::IccidNotFound);
    assert_eq!(
        set(&mut euicc, OP_A, &"é".repeat(65)),
        SetNicknameResult::UndefinedError
    );
    let info = profiles_info(&mut euicc, &ProfileInfoListRequest::default());
    assert_eq!(info[0].profile_nickname.as_deref(), Some("work"));
}

#[test]
fn sgp22_3_5_notifications_go_where_the_metadata_says() {
    let mut euicc = euicc();
    let mut m = metadata(OP_A);
    m.notification_configuration_info = Some(vec![
        NotificationConfigurationInformation {
            profile_management_operation: NotificationEvent::from_bits(&[
                NotificationEvent::NOTIFICATION_ENABLE,
                NotificationEvent::NOTIFICATION_DELETE,
            ]),
            notification_address: "a.example.test".into(),
        },
        NotificationConfigurationInformation {
            profile_management_operation: NotificationEvent::from_bits(&[
                NotificationEvent::NOTIFICATION_ENABLE,
            ]),
            notification_address: "b.example.test".into(),
        },
    ]);
    install(&mut euicc, &m);
    let count = euicc.state().notifications.len();
    enable(&mut euicc, OP_A);
    disable(&mut euicc, OP_A);
    delete(&mut euicc, OP_A);
    let made: Vec<(String, String)> = euicc.state().notifications[count..]
        .iter()
        .map(|n| (format!("{:?}", n.operation), n.address.clone()))
        .collect();
    assert_eq!(
        made,
        [
            ("Enable".to_string(), "a.example.test".to_string()),
            ("Enable".to_string(), "b.example.test".to_string()),
            ("Delete".to_string(), "a.example.test".to_string()),
        ],
        "no disable notification was asked for"
    );
}
