//! ES2+ (SGP.22 5.3) over mutually authenticated TLS: operator identity from the client
//! certificate, each operator confined to its own profile types, and the codes of refusals.

use crate::support;

use proto::ids::{Eid, Iccid};
use proto::json::es2p::FinalProfileStatusIndicator;
use proto::json::{ResponseError, StatusCode};
use sm_dp::{ConfirmOrder, Es2ClientError, Es2ClientOptions, ProfileState};
use support::*;

const ICCID0: &str = "8949449999999990023";

fn failed_with(r: Result<impl std::fmt::Debug, Es2ClientError>, want: StatusCode) {
    match r {
        Err(Es2ClientError::Response(ResponseError::Failed(s))) => {
            let d = s.status_code_data.expect("status code data");
            assert!(
                d.is(want),
                "expected {want}, got {}/{}",
                d.subject_code,
                d.reason_code
            );
        }
        other => panic!("expected a Failed answer with {want}, got {other:?}"),
    }
}

#[tokio::test]
async fn sgp22_5_3_operators_see_only_their_own_profiles() {
    let lab = Lab::start().await;
    lab.inventory("type-1", "operator1", 2, ICCID0).await;
    let other_iccids = lab
        .inventory("type-2", "operator2", 1, "8949449999999990999")
        .await;
    failed_with(
        lab.es2
            .download_order(None, None, Some("type-2".into()))
            .await,
        StatusCode::PROFILE_TYPE_NOT_ALLOWED,
    );
    failed_with(
        lab.es2
            .download_order(None, Some(Iccid::parse(&other_iccids[0]).unwrap()), None)
            .await,
        StatusCode::PROFILE_ICCID_NOT_ALLOWED,
    );
    let op2 = es2_client(&lab.pki, "operator2", &lab.smdp);
    let r = op2
        .download_order(None, None, Some("type-2".into()))
        .await
        .unwrap();
    assert_eq!(r.iccid.as_str(), other_iccids[0]);
    failed_with(
        op2.download_order(None, None, Some("type-2".into())).await,
        StatusCode::PROFILE_TYPE_UNAVAILABLE,
    );
    failed_with(
        lab.es2
            .download_order(None, None, Some("no-such-type".into()))
            .await,
        StatusCode::PROFILE_TYPE_UNKNOWN,
    );
    failed_with(
        lab.es2
            .download_order(
                None,
                Some(Iccid::parse("8949449999999991005").unwrap()),
                None,
            )
            .await,
        StatusCode::PROFILE_ICCID_UNKNOWN,
    );
    failed_with(
        lab.es2.download_order(None, None, None).await,
        StatusCode::PROFILE_ICCID_MISSING,
    );
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_3_order_confirm_release_cancel_move_the_profile() {
    let lab = Lab::start().await;
    let iccids = lab.inventory("type-1", "operator1", 2, ICCID0).await;
    let iccid = Iccid::parse(&iccids[0]).unwrap();
    let eid = Eid::parse(&lab.euicc.eid).unwrap();
    lab.es2
        .download_order(Some(eid.clone()), Some(iccid.clone()), None)
        .await
        .unwrap();
    assert_eq!(lab.profile(&iccids[0]).await.state, ProfileState::Linked);
    failed_with(
        lab.es2
            .download_order(None, Some(iccid.clone()), None)
            .await,
        StatusCode::PROFILE_ICCID_ALREADY_IN_USE,
    );
    let mut c = ConfirmOrder::new(iccid.clone());
    c.eid = Some(Eid::parse(&certs::eid::eid_from_prefix("89049032", 5).unwrap()).unwrap());
    failed_with(
        lab.es2.confirm_order(c).await,
        StatusCode::EID_INVALID_ASSOCIATION,
    );
    let mut c = ConfirmOrder::new(iccid.clone());
    c.matching_id = Some("MY-OWN-ID-1".into());
    c.release_flag = false;
    let r = lab.es2.confirm_order(c).await.unwrap();
    assert_eq!(r.matching_id, "MY-OWN-ID-1");
    assert_eq!(r.eid.as_ref(), Some(&eid));
    assert_eq!(r.smdp_address.unwrap().as_str(), FQDN);
    assert_eq!(lab.profile(&iccids[0]).await.state, ProfileState::Confirmed);

    // The Matching ID is taken now.
    let second = Iccid::parse(&iccids[1]).unwrap();
    lab.es2
        .download_order(None, Some(second.clone()), None)
        .await
        .unwrap();
    let mut c = ConfirmOrder::new(second.clone());
    c.matching_id = Some("MY-OWN-ID-1".into());
    failed_with(
        lab.es2.confirm_order(c).await,
        StatusCode::MATCHING_ID_ALREADY_IN_USE,
    );
    let mut c = ConfirmOrder::new(second.clone());
    c.matching_id = Some("bad$id".into());
    failed_with(
        lab.es2.confirm_order(c).await,
        StatusCode::MATCHING_ID_INVALID,
    );
    let mut c = ConfirmOrder::new(second.clone());
    c.matching_id = Some(String::new());
    failed_with(lab.es2.confirm_order(c).await, StatusCode::EID_MISSING);

    lab.es2.release_profile(iccid.clone()).await.unwrap();
    assert_eq!(lab.profile(&iccids[0]).await.state, ProfileState::Released);
    failed_with(
        lab.es2.release_profile(iccid.clone()).await,
        StatusCode::PROFILE_ICCID_INVALID_TRANSITION,
    );
    failed_with(
        lab.es2
            .cancel_order(
                iccid.clone(),
                Some(eid.clone()),
                Some("OTHER".into()),
                FinalProfileStatusIndicator::Available,
            )
            .await,
        StatusCode::MATCHING_ID_INVALID_ASSOCIATION,
    );
    lab.es2
        .cancel_order(
            iccid.clone(),
            Some(eid),
            Some("MY-OWN-ID-1".into()),
            FinalProfileStatusIndicator::Available,
        )
        .await
        .unwrap();
    assert_eq!(lab.profile(&iccids[0]).await.state, ProfileState::Available);
    lab.es2
        .cancel_order(second, None, None, FinalProfileStatusIndicator::Unavailable)
        .await
        .unwrap();
    assert_eq!(
        lab.profile(&iccids[1]).await.state,
        ProfileState::Unavailable
    );
    // A cancelled order's Matching ID no longer downloads.
    let e = lab
        .authenticate(&lab.euicc, Some("MY-OWN-ID-1"))
        .await
        .unwrap_err();
    assert_eq!(code(&e), ("8.2.6".to_string(), "3.8".to_string()));
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_3_an_empty_matching_id_downloads_by_eid() {
    let lab = Lab::start().await;
    let iccids = lab.inventory("type-1", "operator1", 1, ICCID0).await;
    let iccid = Iccid::parse(&iccids[0]).unwrap();
    lab.es2
        .download_order(None, Some(iccid.clone()), None)
        .await
        .unwrap();
    let mut c = ConfirmOrder::new(iccid);
    c.eid = Some(Eid::parse(&lab.euicc.eid).unwrap());
    c.matching_id = Some(String::new());
    assert_eq!(lab.es2.confirm_order(c).await.unwrap().matching_id, "");
    assert!(lab.authenticate(&lab.euicc, None).await.is_ok());
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_2_6_es2_needs_a_valid_operator_certificate() {
    let lab = Lab::start().await;
    let url = format!("https://{FQDN}:{}", lab.smdp.es2_addr().port());
    // No client certificate: the TLS handshake fails.
    let ci = lab
        .pki
        .require(certs::CertRole::Ci)
        .unwrap()
        .cert_der
        .clone();
    let mut o = infra::client::ClientOptions::new(infra::tls::ServerTrust::roots(vec![ci]));
    o.resolve.push((FQDN.to_string(), lab.smdp.es2_addr()));
    let bare = infra::client::build(&o).unwrap();
    assert!(
        bare.post(format!("{url}/gsma/rsp2/es2plus/downloadOrder"))
            .body("{}")
            .send()
            .await
            .is_err()
    );
    // A certificate from another PKI's operator CA: refused as well.
    let foreign = pki();
    let mut o = Es2ClientOptions::from_pki(&foreign, "operator1", &url).unwrap();
    o.server_roots = vec![
        lab.pki
            .require(certs::CertRole::Ci)
            .unwrap()
            .cert_der
            .clone(),
    ];
    o.resolve = Some(lab.smdp.es2_addr());
    let client = sm_dp::Es2Client::new(&o).unwrap();
    assert!(matches!(
        client
            .download_order(None, None, Some("type-1".into()))
            .await,
        Err(Es2ClientError::Http(_))
    ));
    // Malformed JSON from a valid operator: a spec error, not a 500.
    let v = lab
        .es2
        .call(
            proto::json::es2p::Es2Function::DownloadOrder,
            &serde_json::json!({"header": 1}),
        )
        .await
        .unwrap();
    assert_eq!(code(&v), ("1.3.1".to_string(), "2.1".to_string()));
    let v = lab
        .es2
        .call(
            proto::json::es2p::Es2Function::DownloadOrder,
            &serde_json::json!({"header": lab.es2.header(), "eid": "123"}),
        )
        .await
        .unwrap();
    assert_eq!(code(&v), ("8.1.1".to_string(), "2.1".to_string()));
    lab.smdp.shutdown().await;
}

/// A burst of DownloadOrders for one EID (seed 002) is refused with 8.1.1/3.8 once the EID
/// holds `max_open_orders_per_eid` open orders, before a profile is reserved; cancelling
/// one makes room again, and other EIDs are not affected.
#[tokio::test]
async fn sgp22_5_3_1_download_orders_beyond_the_eid_limit_are_refused() {
    let lab = Lab::start_with(|c| c.policy.max_open_orders_per_eid = 2).await;
    lab.inventory("type-1", "operator1", 6, ICCID0).await;
    let eid = Eid::parse(&lab.euicc.eid).unwrap();
    let order = || {
        lab.es2
            .download_order(Some(eid.clone()), None, Some("type-1".into()))
    };
    let first = order().await.unwrap();
    order().await.unwrap();
    for _ in 0..3 {
        failed_with(order().await, StatusCode::EID_REFUSED);
    }
    let linked = lab
        .smdp
        .view()
        .profiles(Some("type-1"))
        .await
        .unwrap()
        .iter()
        .filter(|p| p.state == ProfileState::Linked)
        .count();
    assert_eq!(linked, 2, "a refused order reserves no profile");
    let other = Eid::parse(&certs::eid::eid_from_prefix("89049032", 7).unwrap()).unwrap();
    lab.es2
        .download_order(Some(other), None, Some("type-1".into()))
        .await
        .unwrap();
    lab.es2
        .cancel_order(
            first.iccid.clone(),
            Some(eid.clone()),
            None,
            FinalProfileStatusIndicator::Available,
        )
        .await
        .unwrap();
    order().await.unwrap();
    lab.smdp.shutdown().await;
}

/// SGP.22 5.3.1: a DownloadOrder for an ICCID another order holds is "Profile ICCID - Already
/// in Use" (8.2.1/3.3), whether or not the first order named an EID; the first order keeps
/// the profile.
#[tokio::test]
async fn sgp22_5_3_1_an_ordered_iccid_is_already_in_use() {
    let lab = Lab::start().await;
    let iccids = lab.inventory("type-1", "operator1", 1, ICCID0).await;
    let iccid = Iccid::parse(&iccids[0]).unwrap();
    let eid = Eid::parse(&lab.euicc.eid).unwrap();
    lab.es2
        .download_order(Some(eid.clone()), Some(iccid.clone()), None)
        .await
        .unwrap();
    for again in [None, Some(eid)] {
        failed_with(
            lab.es2
                .download_order(again, Some(iccid.clone()), None)
                .await,
            StatusCode::PROFILE_ICCID_ALREADY_IN_USE,
        );
    }
    assert_eq!(lab.profile(&iccids[0]).await.state, ProfileState::Linked);
    lab.smdp.shutdown().await;
}

/// SGP.22 5.3.3: CancelOrder of an order the operator gave an EID must name that EID; without
/// it the order stays (8.1.1/2.2). An order whose EID came from the eUICC that authenticated
/// (ordered and confirmed without one) is cancelled without an EID.
#[tokio::test]
async fn sgp22_5_3_3_cancel_order_names_the_eid_the_operator_gave() {
    let lab = Lab::start().await;
    lab.inventory("type-1", "operator1", 2, ICCID0).await;
    let eid = Eid::parse(&lab.euicc.eid).unwrap();
    let linked = lab
        .es2
        .download_order(Some(eid.clone()), None, Some("type-1".into()))
        .await
        .unwrap()
        .iccid;
    failed_with(
        lab.es2
            .cancel_order(
                linked.clone(),
                None,
                None,
                FinalProfileStatusIndicator::Available,
            )
            .await,
        StatusCode::EID_MISSING,
    );
    assert_eq!(
        lab.profile(linked.as_str()).await.state,
        ProfileState::Linked
    );
    lab.es2
        .cancel_order(
            linked.clone(),
            Some(eid),
            None,
            FinalProfileStatusIndicator::Available,
        )
        .await
        .unwrap();
    assert_eq!(
        lab.profile(linked.as_str()).await.state,
        ProfileState::Available
    );

    let (iccid, matching_id) = lab.order("type-1", None, None).await;
    lab.authenticate(&lab.euicc, Some(&matching_id))
        .await
        .unwrap();
    lab.es2
        .cancel_order(
            Iccid::parse(&iccid).unwrap(),
            None,
            Some(matching_id),
            FinalProfileStatusIndicator::Unavailable,
        )
        .await
        .unwrap();
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Unavailable);
    lab.smdp.shutdown().await;
}

/// SGP.22 5.3.2: an operator's Matching ID is taken as given (`_` included, as SGP.23's test
/// profiles name them), is unique among orders (8.2.6/3.3), and downloads.
#[tokio::test]
async fn sgp22_5_3_2_an_operators_matching_id_is_taken_as_given() {
    let lab = Lab::start().await;
    lab.inventory("type-1", "operator1", 2, ICCID0).await;
    let mut ordered = Vec::new();
    for _ in 0..2 {
        let r = lab
            .es2
            .download_order(None, None, Some("type-1".into()))
            .await
            .unwrap();
        ordered.push(r.iccid);
    }
    let mut c = ConfirmOrder::new(ordered[0].clone());
    c.matching_id = Some("MATCHING_ID_CONFLICT_TEST".into());
    let r = lab.es2.confirm_order(c).await.unwrap();
    assert_eq!(r.matching_id, "MATCHING_ID_CONFLICT_TEST");
    let mut c = ConfirmOrder::new(ordered[1].clone());
    c.matching_id = Some("MATCHING_ID_CONFLICT_TEST".into());
    failed_with(
        lab.es2.confirm_order(c).await,
        StatusCode::MATCHING_ID_ALREADY_IN_USE,
    );
    assert!(
        lab.authenticate(&lab.euicc, Some("MATCHING_ID_CONFLICT_TEST"))
            .await
            .is_ok()
    );
    lab.smdp.shutdown().await;
}

/// SGP.22 5.3.2: ConfirmOrder with an smdsAddress registers an Event at that SM-DS; an
/// address that does not resolve is unreachable, so the order is refused with 8.9/5.1 and
/// stays unconfirmed (a ConfirmOrder without the address still works).
#[tokio::test]
async fn sgp22_5_3_2_an_unreachable_smds_address_is_refused() {
    let lab = Lab::start().await;
    lab.inventory("type-1", "operator1", 1, ICCID0).await;
    let iccid = lab
        .es2
        .download_order(None, None, Some("type-1".into()))
        .await
        .unwrap()
        .iccid;
    let mut c = ConfirmOrder::new(iccid.clone());
    c.eid = Some(Eid::parse(&lab.euicc.eid).unwrap());
    c.smds_address = Some(proto::ids::SmdpAddress::parse("invalid.smds.address").unwrap());
    failed_with(
        lab.es2.confirm_order(c).await,
        StatusCode::SMDS_INACCESSIBLE,
    );
    assert_eq!(
        lab.profile(iccid.as_str()).await.state,
        ProfileState::Allocated
    );
    lab.es2
        .confirm_order(ConfirmOrder::new(iccid.clone()))
        .await
        .unwrap();
    assert_eq!(
        lab.profile(iccid.as_str()).await.state,
        ProfileState::Released
    );
    lab.smdp.shutdown().await;
}
