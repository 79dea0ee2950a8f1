//! ES10b.LoadBoundProfilePackage (SGP.22 5.7.6, ES8+ 5.5): pieces as LPAs send them, the
//! checks of every BPP command, and a signed ProfileInstallationResult whose errorResult
//! names the command and the reason. A failure leaves no trace of the profile.

use crate::common;

use common::*;
use euicc_sim::{Es10Error, Es10Processor, Euicc, EuiccOptions};
use proto::crypto::Signature;
use proto::der::{Asn1, Preserved};
use proto::sgp22::{
    BoundProfilePackage, BppCommandId, ErrorReason, ErrorResult, FinalResult,
    InitialiseSecureChannelRequest, NotificationEvent, PprIds, ProfileClass,
    ProfileInstallationResult, RemoteOpId, StoreMetadataRequest,
};

const ICCID: &str = "8949449999999990023";

/// A prepared download and its BPP, bound by the test SM-DP+.
struct Bound {
    euicc: Euicc,
    smdp: Smdp,
    tid: Vec<u8>,
    bpp: BoundProfilePackage,
}

fn bound_with(euicc: Euicc, metadata: &StoreMetadataRequest, profile: &[u8]) -> Bound {
    let mut euicc = euicc;
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let p = prepare(&mut euicc, &smdp, &tid);
    let bpp = smdp.bind(&euicc, &p.ok, &p.smdp_signature2, &tid, metadata, profile);
    Bound {
        euicc,
        smdp,
        tid,
        bpp,
    }
}

fn bound() -> Bound {
    bound_with(euicc(), &metadata(ICCID), &profile(ICCID))
}

fn pir(r: &[u8]) -> ProfileInstallationResult {
    ProfileInstallationResult::from_der(r).expect("ProfileInstallationResult")
}

fn error_of(r: &[u8]) -> ErrorResult {
    match &pir(r).profile_installation_result_data.final_result {
        FinalResult::ErrorResult(e) => e.clone(),
        ok => panic!("installed: {ok:?}"),
    }
}

/// Loads the BPP in LPA pieces, expects a failure at (`command`, `reason`), and checks that
/// nothing of the profile remains and a new download succeeds.
fn expect_failure(mut b: Bound, command: BppCommandId, reason: ErrorReason) -> ErrorResult {
    let profiles_before = b.euicc.state().profiles.clone();
    let r = load(&mut b.euicc, &lpa_pieces(&b.bpp.to_der()));
    let e = error_of(&r);
    assert_eq!((e.bpp_command_id, e.error_reason), (command, reason));
    let result = pir(&r);
    let data = result.profile_installation_result_data.value();
    assert_eq!(data.transaction_id, b.tid);
    assert_eq!(data.smdp_oid.to_string(), "2.999.10");
    assert_eq!(
        data.notification_metadata.notification_address,
        b.smdp.address
    );
    assert!(
        euicc_key(&b.euicc)
            .verify(
                result.profile_installation_result_data.raw(),
                &Signature::from_raw(&result.euicc_sign_pir.0).unwrap()
            )
            .is_ok()
    );
    assert_eq!(
        b.euicc.state().profiles,
        profiles_before,
        "no trace of the profile"
    );
    // The failure is kept as an install notification.
    let last = b.euicc.state().notifications.last().unwrap();
    assert_eq!(last.signed, r);
    // The session is over.
    assert_eq!(
        b.euicc.try_process_es10(&lpa_pieces(&b.bpp.to_der())[0]),
        Err(Es10Error::NoSession)
    );
    // A retry in a new session installs.
    let iccid = "8949449999999990049";
    let again = download(&mut b.euicc, &b.smdp, &metadata(iccid), &profile(iccid));
    assert!(matches!(
        again.profile_installation_result_data.final_result,
        FinalResult::SuccessResult(_)
    ));
    e
}

#[test]
fn sgp22_5_7_6_lpa_pieces_install_and_answer_with_a_signed_success() {
    let mut b = bound();
    let pieces = lpa_pieces(&b.bpp.to_der());
    assert!(pieces.len() >= 7, "BF36+BF23, A0, A1, 88, A3, 86…");
    let r = load(&mut b.euicc, &pieces);
    let result = pir(&r);
    let data = result.profile_installation_result_data.value();
    let FinalResult::SuccessResult(ok) = &data.final_result else {
        panic!("{:?}", data.final_result)
    };
    assert_eq!(
        hex::encode_upper(&ok.aid),
        "A0000005591010FFFFFFFF8900001000"
    );
    assert_eq!(hex::encode(&ok.sima_response), "3007a0053003800100");
    assert_eq!(data.transaction_id, b.tid);
    assert_eq!(
        data.notification_metadata.profile_management_operation,
        NotificationEvent::from_bits(&[NotificationEvent::NOTIFICATION_INSTALL])
    );
    assert_eq!(
        data.notification_metadata.iccid,
        Some(metadata(ICCID).iccid)
    );
    euicc_key(&b.euicc)
        .verify(
            result.profile_installation_result_data.raw(),
            &Signature::from_raw(&result.euicc_sign_pir.0).unwrap(),
        )
        .expect("euiccSignPIR over BF27");
    let state = b.euicc.state();
    assert_eq!(state.profiles.len(), 1);
    let p = &state.profiles[0];
    assert_eq!(p.iccid, ICCID);
    assert_eq!(p.imsi.as_deref(), Some("001010123456789"));
    assert_eq!(p.state, euicc_sim::state::ProfileStatus::Disabled);
    assert!(state.pending_otk.is_none(), "the one-time key is used up");
    // The result is the pending install notification, with the sequence number inside.
    assert_eq!(state.notifications.len(), 1);
    assert_eq!(state.notifications[0].signed, r);
    assert_eq!(
        state.notifications[0].seq_number,
        data.notification_metadata.seq_number
    );
}

#[test]
fn sgp22_5_7_6_whole_bpp_in_one_call_installs() {
    let mut b = bound();
    let r = b.euicc.try_process_es10(&b.bpp.to_der()).unwrap();
    assert!(matches!(
        pir(&r).profile_installation_result_data.final_result,
        FinalResult::SuccessResult(_)
    ));
}

#[test]
fn sgp22_5_7_6_pieces_cut_anywhere_install() {
    let mut b = bound();
    let der = b.bpp.to_der();
    let mut last = Vec::new();
    for chunk in der.chunks(97) {
        last = b.euicc.try_process_es10(chunk).unwrap();
    }
    assert!(matches!(
        pir(&last).profile_installation_result_data.final_result,
        FinalResult::SuccessResult(_)
    ));
}

#[test]
fn sgp22_5_7_6_protected_profile_package_with_replace_session_keys_installs() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    let tid = fresh_tid();
    let p = prepare(&mut euicc, &smdp, &tid);
    let ppk = proto::crypto::BspKeys::new([1; 16], [2; 16], [3; 16]);
    let segments = proto::bpp::protect_profile(&ppk, &profile(ICCID)).unwrap();
    let otpk =
        proto::crypto::PublicKey::from_uncompressed_point(&p.ok.euicc_signed2.euicc_otpk).unwrap();
    let eid = proto::ids::Eid::parse(euicc.eid()).unwrap().to_bcd();
    let bpp = proto::bpp::bind_profile_package(&proto::bpp::BindRequest {
        transaction_id: &tid,
        host_id: b"host",
        eid: &eid,
        euicc_otpk: &otpk,
        dp_pb_key: &smdp.pb_key,
        configure_isdp: &Default::default(),
        store_metadata: &metadata(ICCID),
        profile: proto::bpp::ProfileSource::Protected {
            keys: &ppk,
            segments: &segments,
        },
    })
    .unwrap()
    .package;
    assert!(bpp.second_sequence_of87.is_some());
    let r = load(&mut euicc, &lpa_pieces(&bpp.to_der()));
    assert!(matches!(
        pir(&r).profile_installation_result_data.final_result,
        FinalResult::SuccessResult(_)
    ));
}

#[test]
fn sgp22_5_7_6_tampered_segments_are_scp03t_security_errors() {
    let mut b = bound();
    let n = b.bpp.sequence_of86.len();
    assert!(n >= 2, "the profile spans several 86 segments");
    b.bpp.sequence_of86[n - 1].0[3] ^= 0x01;
    expect_failure(
        b,
        BppCommandId::LoadProfileElements,
        ErrorReason::Scp03tSecurityError,
    );

    let mut b = bound();
    b.bpp.first_sequence_of87[0].0[0] ^= 0x80;
    expect_failure(
        b,
        BppCommandId::ConfigureIsdp,
        ErrorReason::Scp03tSecurityError,
    );

    let mut b = bound();
    b.bpp.sequence_of88[0].0[2] ^= 0x04; // plaintext metadata, MAC only
    expect_failure(
        b,
        BppCommandId::StoreMetadata,
        ErrorReason::Scp03tSecurityError,
    );
}

#[test]
fn sgp22_5_7_6_segments_out_of_order_break_the_mac_chain() {
    let mut b = bound();
    b.bpp.sequence_of86.swap(0, 1);
    expect_failure(
        b,
        BppCommandId::LoadProfileElements,
        ErrorReason::Scp03tSecurityError,
    );
}

#[test]
fn sgp22_5_7_6_commands_out_of_order_are_structure_errors() {
    let mut b = bound();
    let der = b.bpp.to_der();
    let pieces = lpa_pieces(&der);
    // BF36+BF23, then the A1 header where A0 belongs.
    assert!(b.euicc.try_process_es10(&pieces[0]).unwrap().is_empty());
    let r = b.euicc.try_process_es10(&pieces[2]).unwrap();
    let e = error_of(&r);
    assert_eq!(
        (e.bpp_command_id, e.error_reason),
        (
            BppCommandId::ConfigureIsdp,
            ErrorReason::Scp03tStructureError
        )
    );
    assert!(b.euicc.state().profiles.is_empty());
}

#[test]
fn sgp22_5_5_1_bad_smdp_sign_is_invalid_signature() {
    let mut b = bound();
    let mut isc = b.bpp.initialise_secure_channel_request.value().clone();
    isc.smdp_sign[7] ^= 0x10;
    b.bpp.initialise_secure_channel_request = Preserved::new(isc);
    expect_failure(
        b,
        BppCommandId::InitialiseSecureChannel,
        ErrorReason::InvalidSignature,
    );
}

/// Re-signs InitialiseSecureChannel after `edit`, as a faulty SM-DP+ would.
fn resign_isc(b: &mut Bound, edit: impl FnOnce(&mut InitialiseSecureChannelRequest)) {
    let mut isc = b.bpp.initialise_secure_channel_request.value().clone();
    edit(&mut isc);
    isc.smdp_sign = Vec::new();
    let otpk = b.euicc.state().pending_otk.clone().unwrap().public;
    let signed = InitialiseSecureChannelRequest::signed_data(&isc.to_der(), &otpk).unwrap();
    isc.smdp_sign = b.smdp.pb_key.sign(&signed).unwrap().as_raw().to_vec();
    b.bpp.initialise_secure_channel_request = Preserved::new(isc);
}

#[test]
fn sgp22_5_5_1_initialise_secure_channel_checks() {
    let mut b = bound();
    resign_isc(&mut b, |isc| isc.transaction_id = vec![0xEE; 16]);
    expect_failure(
        b,
        BppCommandId::InitialiseSecureChannel,
        ErrorReason::InvalidTransactionId,
    );

    let mut b = bound();
    resign_isc(&mut b, |isc| isc.control_ref_template.key_len = [0x20]);
    expect_failure(
        b,
        BppCommandId::InitialiseSecureChannel,
        ErrorReason::UnsupportedCrtValues,
    );

    let mut b = bound();
    resign_isc(&mut b, |isc| isc.remote_op_id = RemoteOpId::Other(2));
    expect_failure(
        b,
        BppCommandId::InitialiseSecureChannel,
        ErrorReason::UnsupportedRemoteOperationType,
    );

    // Signed with SK.DPauth instead of SK.DPpb.
    let mut b = bound();
    let mut isc = b.bpp.initialise_secure_channel_request.value().clone();
    isc.smdp_sign = Vec::new();
    let otpk = b.euicc.state().pending_otk.clone().unwrap().public;
    let signed = InitialiseSecureChannelRequest::signed_data(&isc.to_der(), &otpk).unwrap();
    isc.smdp_sign = b.smdp.auth_key.sign(&signed).unwrap().as_raw().to_vec();
    b.bpp.initialise_secure_channel_request = Preserved::new(isc);
    expect_failure(
        b,
        BppCommandId::InitialiseSecureChannel,
        ErrorReason::InvalidSignature,
    );
}

#[test]
fn sgp22_5_7_6_iccid_already_present_is_refused_at_store_metadata() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    download(&mut euicc, &smdp, &metadata(ICCID), &profile(ICCID));
    let b = bound_with(euicc, &metadata(ICCID), &profile(ICCID));
    let e = expect_failure(
        b,
        BppCommandId::StoreMetadata,
        ErrorReason::InstallFailedDueToIccidAlreadyExistsOnEuicc,
    );
    assert!(e.sima_response.is_none());
}

#[test]
fn sgp22_5_7_6_installation_result_of_a_refused_profile_names_its_iccid() {
    let mut euicc = euicc();
    let smdp = Smdp::new();
    download(&mut euicc, &smdp, &metadata(ICCID), &profile(ICCID));
    let again = download(&mut euicc, &smdp, &metadata(ICCID), &profile(ICCID));
    let data = again.profile_installation_result_data.value();
    assert_eq!(
        data.notification_metadata.iccid,
        Some(metadata(ICCID).iccid)
    );
    assert_eq!(
        euicc.state().notifications.last().unwrap().iccid.as_deref(),
        Some(ICCID)
    );
}

#[test]
fn sgp22_5_7_6_metadata_iccid_not_the_profile_iccid_is_data_mismatch() {
    let b = bound_with(euicc(), &metadata(ICCID), &profile("8949449999999990056"));
    expect_failure(
        b,
        BppCommandId::LoadProfileElements,
        ErrorReason::InstallFailedDueToDataMismatch,
    );
}

#[test]
fn sgp22_5_7_6_unparsable_profile_is_a_pe_processing_error() {
    let garbage: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 251) as u8).collect();
    let b = bound_with(euicc(), &metadata(ICCID), &garbage);
    let e = expect_failure(
        b,
        BppCommandId::LoadProfileElements,
        ErrorReason::InstallFailedDueToPeProcessingError,
    );
    let sima = proto::saip::EUICCResponse::from_der(&e.sima_response.unwrap()).unwrap();
    assert_eq!(
        sima.pe_status[0].status,
        proto::saip::PEStatusCode::InvalidRequestFormat
    );
    assert!(sima.profile_installation_aborted.is_some());
}

#[test]
fn sgp22_5_7_6_undefined_profile_class_is_unsupported_profile_class() {
    let mut m = metadata(ICCID);
    m.profile_class = ProfileClass::Other(9);
    let b = bound_with(euicc(), &m, &profile(ICCID));
    expect_failure(
        b,
        BppCommandId::StoreMetadata,
        ErrorReason::UnsupportedProfileClass,
    );
}

#[test]
fn sgp22_2_9_2_ppr_without_an_authorised_owner_is_ppr_not_allowed() {
    let mut m = metadata(ICCID);
    m.profile_policy_rules = Some(PprIds::from_bits(&[PprIds::PPR1]));
    let b = bound_with(euicc(), &m, &profile(ICCID));
    expect_failure(b, BppCommandId::StoreMetadata, ErrorReason::PprNotAllowed);
}

#[test]
fn sgp22_5_7_6_profile_larger_than_free_memory_is_insufficient_memory() {
    let small = Euicc::in_memory(
        credentials(),
        EuiccOptions {
            memory_capacity: 3000,
            ..EuiccOptions::default()
        },
    )
    .unwrap();
    let mut b = bound_with(small, &metadata(ICCID), &profile(ICCID));
    let r = load(&mut b.euicc, &lpa_pieces(&b.bpp.to_der()));
    let e = error_of(&r);
    assert_eq!(
        (e.bpp_command_id, e.error_reason),
        (
            BppCommandId::LoadProfileElements,
            ErrorReason::InstallFailedDueToInsufficientMemoryForProfile
        )
    );
    assert!(b.euicc.state().profiles.is_empty());
}

#[test]
fn sgp22_5_7_6_pieces_without_a_prepared_download_are_refused() {
    let mut b = bound();
    let pieces = lpa_pieces(&b.bpp.to_der());
    // A new session before loading: no prepared download any more.
    challenge(&mut b.euicc);
    assert_eq!(
        b.euicc.try_process_es10(&pieces[0]),
        Err(Es10Error::NoSession)
    );
    assert_eq!(
        b.euicc.try_process_es10(pieces.last().unwrap()),
        Err(Es10Error::NoSession)
    );
    assert_eq!(Es10Error::NoSession.status_word(), 0x6985);
}

#[test]
fn sgp22_5_7_6_a_new_session_in_the_middle_abandons_the_installation() {
    let mut b = bound();
    let pieces = lpa_pieces(&b.bpp.to_der());
    for p in &pieces[..4] {
        assert!(b.euicc.try_process_es10(p).unwrap().is_empty());
    }
    // Other functions may run meanwhile without disturbing the load…
    es10(
        &mut b.euicc,
        &proto::sgp22::ProfileInfoListRequest::default(),
    );
    assert!(b.euicc.try_process_es10(&pieces[4]).unwrap().is_empty());
    // …but a new challenge ends it.
    challenge(&mut b.euicc);
    assert_eq!(
        b.euicc.try_process_es10(&pieces[5]),
        Err(Es10Error::NoSession)
    );
    assert!(b.euicc.state().profiles.is_empty());
    assert!(b.euicc.state().notifications.is_empty());
}

#[test]
fn card_reset_drops_the_session() {
    let mut b = bound();
    let pieces = lpa_pieces(&b.bpp.to_der());
    assert!(b.euicc.try_process_es10(&pieces[0]).unwrap().is_empty());
    let card: &mut dyn Es10Processor = &mut b.euicc;
    card.reset();
    assert_eq!(card.try_process_es10(&pieces[1]), Err(Es10Error::NoSession));
    assert!(b.euicc.state().profiles.is_empty());
}

#[test]
fn sgp22_5_5_3_metadata_over_several_segments_keeps_the_icon() {
    let mut m = metadata(ICCID);
    m.icon_type = Some(proto::sgp22::IconType::Png);
    m.icon = Some((0..1024u32).map(|i| (i % 256) as u8).collect());
    let mut b = bound_with(euicc(), &m, &profile(ICCID));
    assert!(
        b.bpp.sequence_of88.len() >= 2,
        "StoreMetadata spans two 88 segments"
    );
    let r = load(&mut b.euicc, &lpa_pieces(&b.bpp.to_der()));
    assert!(matches!(
        pir(&r).profile_installation_result_data.final_result,
        FinalResult::SuccessResult(_)
    ));
    let info = match proto::sgp22::ProfileInfoListResponse::from_der(&es10(
        &mut b.euicc,
        &proto::sgp22::ProfileInfoListRequest::default(),
    ))
    .unwrap()
    {
        proto::sgp22::ProfileInfoListResponse::ProfileInfoListOk(l) => l,
        e => panic!("{e:?}"),
    };
    assert_eq!(info[0].icon, m.icon);
    assert_eq!(info[0].icon_type, Some(proto::sgp22::IconType::Png));
}
