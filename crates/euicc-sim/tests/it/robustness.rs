//! Malformed requests never panic the ISD-R: random octets, and valid requests of every ES10
//! function (including Bound Profile Package pieces in the middle of a load) truncated,
//! with flipped bits or inserted octets, each answered with a response or a status word.

use crate::common;

use common::*;
use euicc_sim::{Es10Processor, Euicc};
use proptest::prelude::*;
use proto::der::Asn1;
use proto::sgp22::*;

/// One valid request of every ES10 function.
fn corpus() -> Vec<Vec<u8>> {
    let smdp = Smdp::new();
    let iccid = Iccid(
        proto::ids::Iccid::parse_lenient("8949449999999990023")
            .unwrap()
            .to_swapped_bcd(),
    );
    let mut out = vec![
        GetEuiccInfo1Request {}.to_der(),
        GetEuiccInfo2Request {}.to_der(),
        GetEuiccChallengeRequest {}.to_der(),
        GetEuiccDataRequest::default().to_der(),
        GetRatRequest {}.to_der(),
        EuiccConfiguredAddressesRequest {}.to_der(),
        SetDefaultDpAddressRequest {
            default_dp_address: "smdp.rsp-lab.test".into(),
        }
        .to_der(),
        ListNotificationRequest::default().to_der(),
        RetrieveNotificationsListRequest {
            search_criteria: Some(NotificationSearchCriteria::SeqNumber(1)),
        }
        .to_der(),
        NotificationSentRequest { seq_number: 1 }.to_der(),
        ProfileInfoListRequest {
            search_criteria: Some(ProfileSearchCriteria::Iccid(iccid)),
            tag_list: Some(vec![0x5A, 0x9F, 0x70]),
        }
        .to_der(),
        EnableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(iccid),
            refresh_flag: true,
        }
        .to_der(),
        DisableProfileRequest {
            profile_identifier: ProfileIdentifier::IsdpAid(vec![0xA0; 16]),
            refresh_flag: false,
        }
        .to_der(),
        DeleteProfileRequest::Iccid(iccid).to_der(),
        EuiccMemoryResetRequest {
            reset_options: ResetOptions::from_bits(&[0, 1, 2]),
        }
        .to_der(),
        SetNicknameRequest {
            iccid,
            profile_nickname: "n".into(),
        }
        .to_der(),
        CancelSessionRequest {
            transaction_id: vec![1; 8],
            reason: CancelSessionReason::Postponed,
        }
        .to_der(),
        smdp.authenticate_server_request([0; 16], &[1; 8]).to_der(),
    ];
    // A real session's PrepareDownload and BPP pieces.
    let mut e = euicc();
    let tid = fresh_tid();
    let auth = authenticate(&mut e, &smdp, &tid);
    let prepare_req = smdp.prepare_download_request(&auth, &tid);
    out.push(prepare_req.to_der());
    if let PrepareDownloadResponse::DownloadResponseOk(ok) =
        PrepareDownloadResponse::from_der(&es10(&mut e, &prepare_req)).unwrap()
    {
        let i = "8949449999999990023";
        let bpp = smdp.bind(
            &e,
            &ok,
            &prepare_req.smdp_signature2,
            &tid,
            &metadata(i),
            &profile(i),
        );
        out.extend(lpa_pieces(&bpp.to_der()));
    }
    out
}

/// An eUICC in the middle of a download: prepared, and `fed` pieces loaded.
fn loading(fed: usize) -> (Euicc, Vec<Vec<u8>>) {
    let smdp = Smdp::new();
    let mut e = euicc();
    let tid = fresh_tid();
    let p = prepare(&mut e, &smdp, &tid);
    let i = "8949449999999990023";
    let bpp = smdp.bind(
        &e,
        &p.ok,
        &p.smdp_signature2,
        &tid,
        &metadata(i),
        &profile(i),
    );
    let pieces = lpa_pieces(&bpp.to_der());
    for piece in pieces.iter().take(fed.min(pieces.len() - 1)) {
        let _ = e.try_process_es10(piece);
    }
    (e, pieces)
}

#[derive(Clone, Debug)]
enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Length(usize, u8),
}

fn mutate(mut data: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let n = data.len().max(1);
    match m {
        Mutation::Truncate(at) => data.truncate(at % n),
        Mutation::Flip(at, bits) => {
            if let Some(b) = data.get_mut(at % n) {
                *b ^= bits | 1;
            }
        }
        Mutation::Insert(at, bytes) => {
            let at = at % (data.len() + 1);
            data.splice(at..at, bytes.iter().copied());
        }
        Mutation::Length(at, value) => {
            // Overwrite an octet that is likely a length with a long-form marker.
            if let Some(b) = data.get_mut(at % n) {
                *b = 0x80 | (value & 0x07);
            }
        }
    }
    data
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Length(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_octets_never_panic(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut e = euicc();
        let _ = e.try_process_es10(&data);
        let _ = e.process_es10(&data);
    }

    #[test]
    fn random_octets_after_a_function_tag_never_panic(
        tag in 0x20u8..0x44,
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let mut e = euicc();
        let mut data = vec![0xBF, tag];
        proto::der::encode_length(body.len(), &mut data);
        data.extend(body);
        let _ = e.try_process_es10(&data);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_requests_in_every_session_state_never_panic(
        pick in any::<usize>(),
        fed in 0usize..12,
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        static CORPUS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
        let corpus = CORPUS.get_or_init(corpus);
        let (mut e, pieces) = loading(fed);
        let base = if pick % 2 == 0 {
            corpus[pick / 2 % corpus.len()].clone()
        } else {
            pieces[fed.min(pieces.len() - 1)].clone()
        };
        let data = mutations.iter().fold(base, mutate);
        let _ = e.try_process_es10(&data);
        // The eUICC still answers afterwards.
        let info1 = GetEuiccInfo1Request {}.to_der();
        prop_assert!(e.try_process_es10(&info1).is_ok());
    }
}
