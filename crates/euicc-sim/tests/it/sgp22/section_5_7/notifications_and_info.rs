//! ES10b notification functions (SGP.22 5.7.9–5.7.11), EUICCInfo1/2 (5.7.8), GetEID
//! (5.7.20), configured addresses (5.7.3, 5.7.4), GetRAT (5.7.22), and the requests the
//! ISD-R refuses with a status word.

use crate::common;

use common::*;
use euicc_sim::{Es10Error, Es10Processor};
use proto::der::Asn1;
use proto::sgp22::{
    DeleteNotificationStatus, EUICCInfo1, EUICCInfo2, EuiccConfiguredAddressesRequest,
    EuiccConfiguredAddressesResponse, GetEuiccDataRequest, GetEuiccDataResponse,
    GetEuiccInfo1Request, GetEuiccInfo2Request, GetRatRequest, GetRatResponse,
    ListNotificationRequest, ListNotificationResponse, NotificationEvent,
    NotificationSearchCriteria, NotificationSentRequest, NotificationSentResponse,
    PendingNotification, PprIds, RetrieveNotificationsListRequest,
    RetrieveNotificationsListResponse, RspCapability, SetDefaultDpAddressRequest,
    SetDefaultDpAddressResponse, SetDefaultDpAddressResult, UICCCapability,
};

#[test]
fn sgp22_5_7_9_list_retrieve_remove_notifications() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    for iccid in ["8949449999999990023", "8949449999999990031"] {
        download(&mut euicc, &smdp, &metadata(iccid), &profile(iccid));
    }
    let list = match ListNotificationResponse::from_der(&es10(
        &mut euicc,
        &ListNotificationRequest::default(),
    ))
    .unwrap()
    {
        ListNotificationResponse::NotificationMetadataList(l) => l,
        e => panic!("{e:?}"),
    };
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].seq_number + 1, list[1].seq_number);
    assert_eq!(list[0].notification_address, smdp.address);
    // Filter by operation: no enable notification yet.
    let r = es10(
        &mut euicc,
        &ListNotificationRequest {
            profile_management_operation: Some(NotificationEvent::from_bits(&[
                NotificationEvent::NOTIFICATION_ENABLE,
            ])),
        },
    );
    assert_eq!(hex::encode(r), "bf2802a000");
    // Retrieve one by sequence number: the stored signed result, as it was returned at the
    // end of the installation.
    let seq = list[1].seq_number;
    let r = es10(
        &mut euicc,
        &RetrieveNotificationsListRequest {
            search_criteria: Some(NotificationSearchCriteria::SeqNumber(seq)),
        },
    );
    let RetrieveNotificationsListResponse::NotificationList(one) =
        RetrieveNotificationsListResponse::from_der(&r).unwrap()
    else {
        panic!()
    };
    assert_eq!(one.len(), 1);
    let PendingNotification::ProfileInstallationResult(pir) = &one[0] else {
        panic!()
    };
    assert_eq!(
        pir.profile_installation_result_data
            .notification_metadata
            .seq_number,
        seq
    );
    assert!(signature_verifies(&euicc, &one[0]));
    // Remove it; removing again finds nothing.
    let remove = |e: &mut euicc_sim::Euicc, seq_number| {
        NotificationSentResponse::from_der(&es10(e, &NotificationSentRequest { seq_number }))
            .unwrap()
            .delete_notification_status
    };
    assert_eq!(remove(&mut euicc, seq), DeleteNotificationStatus::Ok);
    assert_eq!(
        remove(&mut euicc, seq),
        DeleteNotificationStatus::NothingToDelete
    );
    assert_eq!(notifications(&mut euicc).len(), 1);
    // Sequence numbers are never reused.
    download(
        &mut euicc,
        &smdp,
        &metadata("8949449999999990049"),
        &profile("8949449999999990049"),
    );
    assert!(euicc.state().notifications.last().unwrap().seq_number > seq);
}

#[test]
fn sgp22_5_7_8_euicc_info_tells_what_this_euicc_supports() {
    let mut euicc = euicc();
    let ci = pki().ci_anchor().unwrap().ski().to_vec();
    let info1 = EUICCInfo1::from_der(&es10(&mut euicc, &GetEuiccInfo1Request {})).unwrap();
    assert_eq!(info1.svn, [2, 5, 0]);
    assert_eq!(
        info1.euicc_ci_pkid_list_for_verification,
        std::slice::from_ref(&ci)
    );
    assert_eq!(
        info1.euicc_ci_pkid_list_for_signing,
        std::slice::from_ref(&ci)
    );
    let info2 = EUICCInfo2::from_der(&es10(&mut euicc, &GetEuiccInfo2Request {})).unwrap();
    assert_eq!(info2.svn, [2, 5, 0]);
    assert_eq!(info2.profile_version, [3, 3, 1]);
    assert!(info2.rsp_capability.has(RspCapability::ADDITIONAL_PROFILE));
    assert!(
        info2
            .rsp_capability
            .has(RspCapability::TEST_PROFILE_SUPPORT)
    );
    assert!(!info2.rsp_capability.has(RspCapability::CRL_SUPPORT));
    assert!(!info2.rsp_capability.has(RspCapability::RPM_SUPPORT));
    // uiccCapability: what the card runs (USIM, ISIM; MILENAGE, TUAK, the TS 34.108 test
    // algorithm), nothing it does not (CSIM, CAVE, BER-TLV files, DF links)
    let uicc = &info2.uicc_capability;
    for bit in [
        UICCCapability::USIM_SUPPORT,
        UICCCapability::ISIM_SUPPORT,
        UICCCapability::AKA_MILENAGE,
        UICCCapability::AKA_TUAK128,
        UICCCapability::AKA_TUAK256,
        UICCCapability::USIM_TEST_ALGORITHM,
    ] {
        assert!(uicc.has(bit), "bit {bit} advertised");
    }
    for bit in [
        UICCCapability::CSIM_SUPPORT,
        UICCCapability::AKA_CAVE,
        UICCCapability::BER_TLV_FILE_SUPPORT,
        UICCCapability::DF_LINK_SUPPORT,
    ] {
        assert!(!uicc.has(bit), "bit {bit} not advertised");
    }
    assert_eq!(info2.euicc_ci_pkid_list_for_verification, [ci]);
    // extCardResource: free non-volatile memory shrinks with a profile.
    let free = |i: &EUICCInfo2| u32::from_be_bytes(i.ext_card_resource[5..9].try_into().unwrap());
    assert_eq!(
        &info2.ext_card_resource[..5],
        &[0x81, 0x01, 0x00, 0x82, 0x04]
    );
    assert_eq!(free(&info2), 1 << 20);
    let iccid = "8949449999999990023";
    let package = profile(iccid);
    download(&mut euicc, &Smdp::new(), &metadata(iccid), &package);
    let after = EUICCInfo2::from_der(&es10(&mut euicc, &GetEuiccInfo2Request {})).unwrap();
    assert_eq!(free(&after), (1 << 20) - package.len() as u32);
    assert!(
        after
            .forbidden_profile_policy_rules
            .unwrap()
            .has(PprIds::PPR1)
    );
}

#[test]
fn sgp22_5_7_20_get_eid() {
    let mut euicc = euicc();
    let r = es10(&mut euicc, &GetEuiccDataRequest::default());
    let eid = GetEuiccDataResponse::from_der(&r).unwrap().eid_value;
    assert_eq!(hex::encode(eid), euicc.eid());
    assert_eq!(euicc.eid(), "89049032123451234512345678901235");
    // Any other tag list is refused with 6A80.
    let err = euicc.try_process_es10(&GetEuiccDataRequest { tag_list: [0x4F] }.to_der());
    assert_eq!(err.map_err(|e| e.status_word()), Err(0x6A80));
}

#[test]
fn sgp22_5_7_3_configured_addresses_and_set_default_dp_address() {
    let mut euicc = euicc();
    let get = |e: &mut euicc_sim::Euicc| {
        EuiccConfiguredAddressesResponse::from_der(&es10(e, &EuiccConfiguredAddressesRequest {}))
            .unwrap()
    };
    let a = get(&mut euicc);
    assert_eq!(a.default_dp_address, None);
    assert_eq!(a.root_ds_address, "smds.rsp-lab.test");
    let set = |e: &mut euicc_sim::Euicc, addr: &str| {
        SetDefaultDpAddressResponse::from_der(&es10(
            e,
            &SetDefaultDpAddressRequest {
                default_dp_address: addr.into(),
            },
        ))
        .unwrap()
        .set_default_dp_address_result
    };
    assert_eq!(
        set(&mut euicc, "smdp.rsp-lab.test"),
        SetDefaultDpAddressResult::Ok
    );
    assert_eq!(
        get(&mut euicc).default_dp_address.as_deref(),
        Some("smdp.rsp-lab.test")
    );
    assert_eq!(
        set(&mut euicc, "not an fqdn"),
        SetDefaultDpAddressResult::UndefinedError
    );
    assert_eq!(set(&mut euicc, ""), SetDefaultDpAddressResult::Ok);
    assert_eq!(get(&mut euicc).default_dp_address, None);
}

#[test]
fn sgp22_5_7_22_get_rat_returns_the_configured_rules() {
    let mut euicc = euicc();
    let rat = GetRatResponse::from_der(&es10(&mut euicc, &GetRatRequest {}))
        .unwrap()
        .rat;
    assert_eq!(rat.0.len(), 1);
    assert!(rat.0[0].ppr_ids.has(PprIds::PPR1) && rat.0[0].ppr_ids.has(PprIds::PPR2));
    assert_eq!(rat.0[0].allowed_operators[0].mcc_mnc, [0xEE; 3]);
}

#[test]
fn sgp22_5_7_2_requests_without_a_response_get_a_status_word() {
    let mut euicc = euicc();
    let sw =
        |e: &mut euicc_sim::Euicc, req: &[u8]| e.try_process_es10(req).map_err(|e| e.status_word());
    // Not DER.
    assert_eq!(sw(&mut euicc, &[]), Err(0x6A80));
    assert_eq!(sw(&mut euicc, &[0xBF, 0x2E, 0x05, 0x00]), Err(0x6A80));
    assert_eq!(
        sw(&mut euicc, &[0xBF, 0x2E, 0x00, 0x00]),
        Err(0x6A80),
        "trailing octet"
    );
    // A known function with a component that does not decode.
    assert_eq!(sw(&mut euicc, &[0xBF, 0x30, 0x03, 0x80, 0x01]), Err(0x6A80));
    // No such function; LoadCRL not offered.
    assert_eq!(sw(&mut euicc, &[0xBF, 0x7F, 0x00]), Err(0x6A88));
    assert_eq!(sw(&mut euicc, &[0x30, 0x00]), Err(0x6A88));
    assert_eq!(
        euicc.try_process_es10(&[0xBF, 0x35, 0x02, 0xA0, 0x00]),
        Err(Es10Error::NotSupported("ES10b.LoadCRL"))
    );
    // process_es10 answers these with no data.
    assert!(euicc.process_es10(&[0xBF, 0x7F, 0x00]).is_empty());
    // Extensions of a newer peer are skipped.
    assert!(
        euicc
            .try_process_es10(&[0xBF, 0x2E, 0x03, 0x85, 0x01, 0x00])
            .is_ok()
    );
}
