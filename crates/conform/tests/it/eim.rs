//! The eIM catalogue against our eIM.

use conform::Verdict;
use conform::eim::{catalogue, run};

use crate::support::EimTarget;

/// Every case passes against our eIM when the runner may use its operator API and has an
/// order at the SM-DP+ behind it; the nominal package's and the indirect download's
/// exchanges are kept, the IPA's among them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn our_eim_passes_every_case() {
    let target = EimTarget::start().await;
    let mut options = target.options_with_api();
    options.activation_code = Some(target.order().await);
    let report = run(&options).await.unwrap();
    let table = report.table();
    assert!(
        report.cases.iter().all(|c| c.verdict == Verdict::Pass),
        "{table}"
    );
    assert_eq!(report.cases.len(), catalogue().len());
    let trace = options
        .out
        .join("ESipa.ProvideEimPackageResult_01_nominal_eUICC_Package_result")
        .join("ipa-trace");
    let names: Vec<String> = std::fs::read_dir(&trace)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("provideEimPackageResult")),
        "{names:?}"
    );
    let trace = options
        .out
        .join("ESipa.ProfileDownload_01_indirect_profile_download_nominal")
        .join("ipa-trace");
    let names: Vec<String> = std::fs::read_dir(&trace)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for function in [
        "initiateAuthentication-req",
        "authenticateClient-resp",
        "getBoundProfilePackage-resp",
        "provideEimPackageResult-resp",
    ] {
        assert!(names.iter().any(|n| n.contains(function)), "{names:?}");
    }
}

/// The same catalogue over ESipa's CoAP binding (DTLS with a PSK): every case passes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn our_eim_passes_every_case_over_coap_dtls() {
    let target = EimTarget::start().await;
    let mut options = target.options_over_coap();
    options.activation_code = Some(target.order().await);
    let report = run(&options).await.unwrap();
    let table = report.table();
    assert!(
        report.cases.iter().all(|c| c.verdict == Verdict::Pass),
        "{table}"
    );
    assert_eq!(report.cases.len(), catalogue().len());
}

/// The indirect download's cases are not applicable without an Activation Code, or when
/// the eIM has its devices download from the SM-DP+ directly, and say why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indirect_download_without_its_inputs_is_not_applicable() {
    let direct = EimTarget::start_with(false).await;
    for (options, reason) in [
        (direct.options_with_api(), "--activation-code"),
        (
            conform::eim::EimOptions {
                activation_code: Some(direct.order().await),
                ..direct.options_with_api()
            },
            "indirectProfileDownload",
        ),
    ] {
        let options = conform::eim::EimOptions {
            filter: vec!["ESipa.ProfileDownload".into()],
            ..options
        };
        let report = run(&options).await.unwrap();
        assert_eq!(report.cases.len(), 2, "{}", report.table());
        for case in &report.cases {
            assert_eq!(case.verdict, Verdict::NotApplicable, "{}", report.table());
            assert!(case.detail.contains(reason), "{}", case.detail);
        }
    }
}

/// Without the operator API the cases that need the EID known or a package queued are
/// not applicable, and say so; the EID refusals and the binding's still pass.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_without_their_inputs_are_not_applicable() {
    let target = EimTarget::start().await;
    let report = run(&target.options()).await.unwrap();
    assert_eq!(report.failed(), 0, "{}", report.table());
    let na: Vec<&str> = report
        .cases
        .iter()
        .filter(|c| c.verdict == Verdict::NotApplicable)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        na,
        [
            "ESipa.GetEimPackage #01 nothing queued",
            "ESipa.ProvideEimPackageResult #01 nominal eUICC Package result",
            "ESipa.ProvideEimPackageResult #04 euiccSignEPR altered",
            "ESipa.ProvideEimPackageResult #05 counterValue of no package",
            "ESipa.ProvideEimPackageResult #06 result delivered again",
            "ESipa.ProvideEimPackageResult #07 v1.3 unsigned error with its code",
            "ESipa.ProfileDownload #01 indirect profile download nominal",
            "ESipa.ProfileDownload #02 unknown Matching ID",
        ],
        "{}",
        report.table()
    );
}

/// A stated input that is false makes the case fail, not pass: `--registered` for an EID
/// the eIM was never told of gets eidNotFound where noEimPackageAvailable is expected.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_false_statement_fails_the_case() {
    let target = EimTarget::start().await;
    let mut options = target.options();
    options.registered = true;
    options.filter = vec!["GetEimPackage #01".into()];
    let report = run(&options).await.unwrap();
    assert_eq!(report.failed(), 1, "{}", report.table());
    let detail = &report.cases[0].detail;
    assert!(
        detail.contains("expected eimPackageError NoEimPackageAvailable")
            && detail.contains("EidNotFound"),
        "{detail}"
    );
}
