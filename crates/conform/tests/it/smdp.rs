//! The SM-DP+ catalogue against our SM-DP+.

use conform::smdp::{Ctx, catalogue, run, run_cases, select};
use conform::{Stop, Verdict};
use proto::json::StatusCode;

use crate::support::Target;

/// Every case of the catalogue passes against our SM-DP+ when the runner may place its
/// orders over ES2+; the evidence of each case is kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn our_smdp_passes_every_case() {
    let target = Target::start(40).await;
    let options = target.options_with_es2();
    let report = run(&options).await.unwrap();
    let table = report.table();
    let not_passed: Vec<_> = report
        .cases
        .iter()
        .filter(|c| c.verdict != Verdict::Pass)
        .collect();
    assert!(not_passed.is_empty(), "{table}");
    assert_eq!(report.cases.len(), catalogue().len());
    // the evidence of the nominal download: the ES9+ requests and answers, the ES10 hex
    let dir = options.out.join("ES9p.GetBoundProfilePackage_01_nominal");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for part in [
        "es2p-confirmOrder-response-http200.json",
        "es9p-getBoundProfilePackage-response-http200.json",
        "es10-LoadBoundProfilePackage.hex",
        "result.json",
    ] {
        assert!(
            names.iter().any(|n| n.ends_with(part)),
            "{part} in {names:?}"
        );
    }
    let junit = report.junit();
    assert!(junit.contains("failures=\"0\""), "{junit}");
}

/// The wrong expectation: InitiateAuthentication at the right address refused with
/// 8.8.2/3.1, where the server opens a session.
fn nominal_expected_refused(
    ctx: &mut Ctx,
) -> std::pin::Pin<Box<dyn Future<Output = Result<(), Stop>> + '_>> {
    Box::pin(async move {
        let answer = ctx.initiate_authentication().await?;
        answer.refused(StatusCode::SECURITY_CONFIGURATION_UNSUPPORTED)
    })
}

/// A case whose expectation is wrong fails, with the answer in its detail: the runner can
/// tell a server that answers otherwise; and the failure is what the report counts (the
/// command's exit status).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_expectation_fails() {
    let target = Target::start(0).await;
    let options = target.options();
    let mut cases = select(&catalogue(), &["InitiateAuthentication #01".into()]).unwrap();
    assert_eq!(cases.len(), 1);
    let mut wrong = cases[0];
    wrong.title = "#01 expecting a refusal";
    wrong.run = nominal_expected_refused;
    cases.push(wrong);
    let report = run_cases(&options, &cases).await.unwrap();
    assert_eq!(report.failed(), 1, "{}", report.table());
    assert_eq!(report.cases[0].verdict, Verdict::Pass);
    assert_eq!(report.cases[1].verdict, Verdict::Fail);
    let detail = &report.cases[1].detail;
    assert!(
        detail.contains("expected Failed 8.8.2/3.1, got HTTP 200, Executed-Success"),
        "{detail}"
    );
    assert!(report.junit().contains("failures=\"1\""));
}

/// Without ES2+ and without Matching IDs the cases that need an order are not applicable
/// (and say why); the others still pass. Given Matching IDs are used one per case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_without_their_inputs_are_not_applicable() {
    let target = Target::start(0).await;
    let options = target.options();
    let report = run(&options).await.unwrap();
    assert_eq!(report.failed(), 0, "{}", report.table());
    let na: Vec<_> = report
        .cases
        .iter()
        .filter(|c| c.verdict == Verdict::NotApplicable)
        .collect();
    assert!(!na.is_empty());
    for c in &na {
        assert!(
            c.detail.contains("--es2") || c.detail.contains("ES2+"),
            "{}: {}",
            c.name,
            c.detail
        );
    }
    // the unknown Matching ID and the signature cases need no order
    for name in [
        "ES9+.AuthenticateClient #04 euiccSigned1 altered after signing",
        "ES9+.AuthenticateClient #10 unknown Matching ID",
        "ES9+.CancelSession #06 unknown transaction ID",
    ] {
        let c = report.cases.iter().find(|c| c.name == name).unwrap();
        assert_eq!(c.verdict, Verdict::Pass, "{name}: {}", c.detail);
    }
}
