//! Faults served to a device under test (`[faults]`, issue 55) over the ES9+ ASN.1 binding
//! (SGP.22 6.6), as over the JSON binding: GetBoundProfilePackage's answer lost after the
//! package was bound, or cut in its middle; the same request sent again in the same
//! session gets the package the session bound (SGP.22 5.6.2), and each fault is counted.

use crate::support;

use infra::faults::{FaultKind, Faults, Rule, Select};
use proto::crypto::EckaKeyPair;
use proto::der::Asn1;
use proto::json::http::{ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_ASN1};
use proto::sgp22::{
    GetBoundProfilePackageRequest, GetBoundProfilePackageResponse,
    RemoteProfileProvisioningRequest as Req, RemoteProfileProvisioningResponse as Resp,
};
use support::*;

const ICCID0: &str = "8949449999999990023";

/// Once, on GetBoundProfilePackage.
fn once(kind: FaultKind) -> Faults {
    let mut rule = Rule::new(kind, Select::All);
    rule.functions = vec!["getBoundProfilePackage".into()];
    rule.times = Some(1);
    Faults::new("smdp", vec![rule])
}

/// A download over the ASN.1 binding whose first GetBoundProfilePackage meets `kind`.
async fn first_answer_fails_then_the_same_request_gets_the_package(kind: FaultKind) {
    let faults = once(kind);
    let served = faults.clone();
    let lab = Lab::start_with(move |c| c.server.faults = served).await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, matching_id) = lab.order("lab-type", None, None).await;
    let euicc = &lab.euicc;
    let asn1 = |req: Req| {
        lab.es9.try_raw(
            "/gsma/rsp2/asn1",
            CONTENT_TYPE_ASN1,
            Some(ADMIN_PROTOCOL_SGP22),
            req.to_der(),
        )
    };

    let (init, d) = lab.es9.asn1_authenticate(euicc, FQDN, &matching_id).await;
    let otpk = EckaKeyPair::generate().unwrap();
    let get_bpp = || {
        Req::GetBoundProfilePackageRequest(GetBoundProfilePackageRequest {
            transaction_id: init.transaction_id.clone(),
            prepare_download_response: euicc.prepare_download(&d, &otpk, None),
        })
    };
    let first = asn1(get_bpp()).await;
    assert!(
        first.is_err(),
        "{kind:?}: the first answer must not arrive: {first:?}"
    );
    assert_eq!(faults.injected(kind), 1);

    let (status, body) = asn1(get_bpp()).await.expect("the second answer");
    assert_eq!(status, 200);
    let Resp::GetBoundProfilePackageResponse(
        GetBoundProfilePackageResponse::GetBoundProfilePackageOk(ok),
    ) = Resp::from_der(&body).unwrap()
    else {
        panic!("getBoundProfilePackageOk expected");
    };
    let (_, profile) = euicc.open_bpp(&d, &otpk, &ok.bound_profile_package.to_der());
    assert_eq!(
        profile,
        lab.package(&iccid).await,
        "the profile ordered, intact"
    );
    assert_eq!(faults.injected(kind), 1, "once only");
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_6_6_a_lost_answer_over_the_asn1_binding_is_sent_again() {
    first_answer_fails_then_the_same_request_gets_the_package(FaultKind::LoseAnswer).await;
}

#[tokio::test]
async fn sgp22_6_6_a_package_cut_over_the_asn1_binding_is_sent_again_whole() {
    first_answer_fails_then_the_same_request_gets_the_package(FaultKind::CutBoundProfilePackage)
        .await;
}
