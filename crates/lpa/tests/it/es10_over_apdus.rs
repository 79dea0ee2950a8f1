//! The LPA's ES10 client against the eUICC behind the APDU layer (SGP.22 5.7.2, 2.5.5):
//! a whole download driven through STORE DATA chains of every block size, the BPP in the
//! LPA's pieces on one logical channel, then notifications and profile management.

use crate::common;

use euicc_sim::Euicc;
use euicc_sim::apdu::Card;
use lpa::{Es10Client, Es10Options, LpaError, lbpp_pieces, parse_iccid};
use proto::der::Asn1;
use proto::sgp22::{
    AuthenticateServerResponse, DeleteNotificationStatus, FinalResult, PrepareDownloadResponse,
    ProfileInstallationResult, ProfileState,
};

const ICCID: &str = "8900000000000000018";

fn client(block_size: usize) -> Es10Client<Card<Euicc>> {
    let options = Es10Options {
        block_size,
        ..Es10Options::default()
    };
    Es10Client::open(Card::new(common::euicc()), options).expect("ISD-R selected")
}

/// A download driven by the ES10 client; returns the installation result.
fn download(es10: &mut Es10Client<Card<Euicc>>) -> ProfileInstallationResult {
    let smdp = common::Smdp::new();
    let tid = common::fresh_tid();
    let challenge = es10.get_euicc_challenge().unwrap();
    let auth = es10
        .authenticate_server(&smdp.authenticate_server_request(challenge, &tid))
        .unwrap();
    let AuthenticateServerResponse::AuthenticateResponseOk(ok) = auth.value else {
        panic!("AuthenticateServer refused: {:?}", auth.value);
    };
    let request = smdp.prepare_download_request(&ok, &tid);
    let prepared = es10.prepare_download(&request).unwrap();
    let PrepareDownloadResponse::DownloadResponseOk(prepared) = prepared.value else {
        panic!("PrepareDownload refused");
    };
    let bpp = smdp
        .bind(
            es10.card().processor(),
            &prepared,
            &request.smdp_signature2,
            &tid,
            &common::metadata(ICCID),
            &common::profile(ICCID),
        )
        .to_der();
    let pieces = lbpp_pieces(&bpp).unwrap();
    assert_eq!(pieces, common::lpa_pieces(&bpp), "the LPA segmentation");
    let (last, rest) = pieces.split_last().unwrap();
    for piece in rest {
        let answer = es10.load_bound_profile_package_piece(piece).unwrap();
        assert!(answer.is_empty(), "the eUICC answers only at the end");
    }
    let pir = es10.load_bound_profile_package_piece(last).unwrap();
    ProfileInstallationResult::from_der(&pir).expect("a ProfileInstallationResult")
}

#[test]
fn sgp22_5_7_2_download_over_store_data_blocks_of_6_120_and_255_octets() {
    for block_size in [6, 120, 255] {
        let mut es10 = client(block_size);
        assert_ne!(es10.channel(), 0, "a logical channel is used");
        let eid = es10.card().processor().eid().to_string();
        assert_eq!(es10.get_eid().unwrap(), eid);
        let pir = download(&mut es10);
        assert!(
            matches!(
                pir.profile_installation_result_data.final_result,
                FinalResult::SuccessResult(_)
            ),
            "block size {block_size}: {:?}",
            pir.profile_installation_result_data.final_result
        );
        let profiles = es10.get_profiles_info().unwrap();
        assert_eq!(profiles.len(), 1);
        assert_eq!(profiles[0].profile_state, Some(ProfileState::Disabled));
        // the channel closes cleanly
        let card = es10.close();
        assert_eq!(card.open_channels(), vec![0]);
    }
}

#[test]
fn sgp22_5_7_9_to_5_7_11_install_notification_retrieved_as_stored_then_removed() {
    let mut es10 = client(120);
    let pir = download(&mut es10);
    let list = es10.list_notifications().unwrap();
    assert_eq!(list.len(), 1);
    let seq = list[0].seq_number;
    let n = es10.retrieve_notification(seq).unwrap().expect("pending");
    assert_eq!(n.raw, pir.to_der(), "relayed as the eUICC signed it");
    assert_eq!(n.metadata.seq_number, seq);
    assert!(es10.retrieve_notification(seq + 100).unwrap().is_none());
    assert_eq!(
        es10.remove_notification(seq).unwrap(),
        DeleteNotificationStatus::Ok
    );
    assert!(es10.list_notifications().unwrap().is_empty());
}

#[test]
fn sgp22_5_7_16_to_5_7_18_enable_disable_delete_and_their_refusals() {
    let mut es10 = client(120);
    download(&mut es10);
    let iccid = parse_iccid(ICCID).unwrap();
    es10.enable_profile(iccid, true).unwrap();
    assert_eq!(
        es10.get_profiles_info().unwrap()[0].profile_state,
        Some(ProfileState::Enabled)
    );
    match es10.enable_profile(iccid, true) {
        Err(LpaError::EuiccRefused { function, code }) => {
            assert_eq!(function, "ES10c.EnableProfile");
            assert_eq!(code, "profileNotInDisabledState(2)");
        }
        other => panic!("{other:?}"),
    }
    match es10.delete_profile(iccid) {
        Err(e) => assert!(
            e.to_string()
                .contains("ES10c.DeleteProfile refused by the eUICC: profileNotInDisabledState(2)"),
            "{e}"
        ),
        Ok(()) => panic!("an enabled profile was deleted"),
    }
    es10.disable_profile(iccid, true).unwrap();
    es10.delete_profile(iccid).unwrap();
    assert!(es10.get_profiles_info().unwrap().is_empty());
    let unknown = parse_iccid("8900000000000000026").unwrap();
    match es10.enable_profile(unknown, true) {
        Err(LpaError::EuiccRefused { code, .. }) => assert_eq!(code, "iccidOrAidNotFound(1)"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn sgp22_5_7_2_unknown_function_ends_with_its_status_word() {
    let mut es10 = client(120);
    match es10.call_raw("test", &[0xBF, 0x7F, 0x00]) {
        Err(LpaError::Card { source, .. }) => {
            assert!(source.to_string().contains("6A88"), "{source}")
        }
        other => panic!("{other:?}"),
    }
    // the channel is still usable
    assert_eq!(es10.get_euicc_challenge().unwrap().len(), 16);
}
