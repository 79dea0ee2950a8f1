//! SGP.02 3.2, 3.4, 3.5, 3.11: the requester's ownership, POL2 and the profile's state,
//! each refusal with its status code and nothing queued.

use sm_sr::eis::{Pol2, Pol2Action, Pol2Qualification, Pol2Rule};
use sm_sr::es4::Es4Error;
use sm_sr::status::StatusCode;

use crate::support::{EID, Lab, P1, P2, P3, requester};

fn code(e: &Es4Error) -> (&'static str, &'static str) {
    let c = e.code().unwrap();
    (c.subject, c.reason)
}

#[tokio::test]
async fn refusals_carry_the_spec_codes_and_queue_nothing() {
    let lab = Lab::with_eis().await;
    let es4 = lab.smsr.es4();
    let (a, b) = (requester("mno-a"), requester("mno-b"));
    let pol2 = es4.enable_profile(&b, EID, P3).await.unwrap_err();
    assert_eq!(
        (code(&pol2), pol2.subject_identifier()),
        (("8.2.3", "3.8"), Some(P3))
    );
    let e = es4.delete_profile(&b, EID, P3).await.unwrap_err();
    assert!(matches!(e, Es4Error::Pol2Refused(_)), "{e}");
    let e = es4.enable_profile(&b, EID, P2).await.unwrap_err();
    assert_eq!(code(&e), ("8.2.1", "1.2"), "not B's profile");
    let e = es4.enable_profile(&a, EID, P1).await.unwrap_err();
    assert_eq!(code(&e), ("8.2.1", "3.5"), "already enabled");
    let e = es4.disable_profile(&a, EID, P1).await.unwrap_err();
    assert_eq!(code(&e), ("8.2.1", "3.8"), "the fall-back profile");
    let e = es4
        .enable_profile(&a, EID, "8949000000000000009")
        .await
        .unwrap_err();
    assert_eq!(code(&e), ("8.2.1", "3.9"));
    let other = "89049032123451234512345678901299";
    let e = es4.enable_profile(&a, other, P2).await.unwrap_err();
    assert_eq!(code(&e), ("8.1.1", "3.9"));
    let e = es4.enable_profile(&a, "89'; DROP", P2).await.unwrap_err();
    assert_eq!(code(&e), ("8.1.1", "2.1"));
    let e = lab.smsr.smsr_change(&a, EID, "smsr-2").await.unwrap_err();
    assert_eq!(
        e.code(),
        Some(StatusCode::new("8.7", "3.9")),
        "no such peer"
    );
    assert!(lab.smsr.pending_commands(10).await.unwrap().is_empty());
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn the_enabled_profiles_pol2_can_refuse_an_enable() {
    let lab = Lab::with_eis().await;
    let es4 = lab.smsr.es4();
    let a = requester("mno-a");
    let rule = Pol2Rule {
        action: Pol2Action::Disable,
        qualification: Pol2Qualification::NotAllowed,
    };
    let e = es4
        .update_policy_rules(&requester("mno-b"), EID, P1, Pol2(vec![rule]))
        .await
        .unwrap_err();
    assert!(matches!(e, Es4Error::NotOwner(_)), "B cannot set A's POL2");
    es4.update_policy_rules(&a, EID, P1, Pol2(vec![rule]))
        .await
        .unwrap();
    assert_eq!(
        lab.smsr.eis(EID).await.unwrap().profile(P1).unwrap().pol2.0,
        vec![rule]
    );
    let e = es4.enable_profile(&a, EID, P2).await.unwrap_err();
    assert_eq!(
        e.subject_identifier(),
        Some(P1),
        "P1's DISABLE is Not-Allowed"
    );
    lab.smsr.shutdown().await;
}
