//! `rsp-lab recovery` (issue 55): the shipped scenarios pass with rsp-lab's own device; a
//! device that does not take the recovery path fails its scenario; a fault armed that never
//! met the device fails it too; scenario files are checked before anything starts.

use crate::common::*;

use serde_json::Value;

/// The EID of the lab PKI's own eUICC, which `euicc init --pki` gives.
const PKI_EID: &str = "89049032123451234512345678901235";

fn report(dir: &std::path::Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(name)).expect("the JSON report");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn every_shipped_scenario_passes_with_our_own_device() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let listed = ok(d, &["recovery", "list"]);
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.len() >= 10, "{listed}");
    let o = rsp_lab(
        d,
        &["recovery", "run", "--json", "r.json", "--junit", "r.xml"],
    );
    let r = report(d, "r.json");
    let cases = r["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), names.len(), "{r}");
    for c in cases {
        assert_eq!(c["verdict"], "pass", "{c}\n{}", stderr(&o));
        let evidence = d.join("recovery-out").join(c["evidence"].as_str().unwrap());
        assert!(evidence.join("device.log").is_file(), "{c}");
        let eim: Value =
            serde_json::from_str(&std::fs::read_to_string(evidence.join("eim.json")).unwrap())
                .unwrap();
        assert_eq!(
            eim["device"]["eid"], PKI_EID,
            "the eIM's view of the device"
        );
    }
    assert_ok(&o);
    let junit = std::fs::read_to_string(d.join("r.xml")).unwrap();
    assert_eq!(junit.matches("<testcase").count(), names.len(), "{junit}");
    assert!(!junit.contains("<failure"), "{junit}");
    // the rollback reached the eIM with its cause recorded by the device
    let eim =
        std::fs::read_to_string(d.join("recovery-out/rollback-eim-unreachable/eim.json")).unwrap();
    assert!(eim.contains("\"rollback\""), "{eim}");
}

/// A device under test given as a command, as one over a reader would be: a software
/// eUICC made with the runner's eIM configuration (once, kept between scenarios as a card
/// is) and rsp-lab's IPA on it, with `options` added to `ipa run`.
fn ipa_command(options: &str) -> String {
    format!(
        "[ -e dev.json ] || \"{bin}\" euicc --state dev.json init --pki data/pki \
         --eim-config \"$RSP_EIM_CONFIG\" || exit 1
         exec \"{bin}\" ipa --state dev.json run --eim \"$RSP_ESIPA_URL\" \
         --resolve \"$RSP_RESOLVE_EIM\" --resolve \"$RSP_RESOLVE_SMDP\" --interval 1 {options}",
        bin = env!("CARGO_BIN_EXE_rsp-lab")
    )
}

/// `recovery run` of `scenario` with `device`, a command; its exit status and report.
fn run_command_device(
    d: &std::path::Path,
    scenario: &str,
    device: &str,
    scale: &str,
) -> (bool, Value) {
    let o = rsp_lab(
        d,
        &[
            "recovery",
            "run",
            scenario,
            "--data",
            "data",
            "--device-command",
            device,
            "--eid",
            PKI_EID,
            "--time-scale",
            scale,
            "--json",
            "r.json",
        ],
    );
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    (o.status.success(), report(d, "r.json"))
}

#[test]
fn field_quirk_devices_under_test_pass_where_the_servers_cope() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["certs", "generate", "--out", "data/pki"]);
    // An IPA that leaves eidValue out of its results and sends each notification twice:
    // the eIM takes its results by eimTransactionId, the notifications once.
    std::fs::write(
        d.join("coping.toml"),
        "quirks = [\"omit_eid_in_results\", \"notifications_twice\"]\n",
    )
    .unwrap();
    let (passed, r) = run_command_device(
        d,
        "lost-eim-result-answer",
        &ipa_command("--quirks coping.toml"),
        "1",
    );
    assert!(passed, "{r}");
    // An IPA that leaves eidValue out of its polls gets missingEid and nothing to do
    // (SGP.32 v1.2 5.14.5): its scenario fails, the runner says where it stopped.
    std::fs::write(d.join("mute.toml"), "quirks = [\"omit_eid_in_poll\"]\n").unwrap();
    std::fs::remove_file(d.join("dev.json")).unwrap();
    let (passed, r) = run_command_device(
        d,
        "stale-counter",
        &ipa_command("--quirks mute.toml"),
        "0.1",
    );
    assert!(!passed, "{r}");
    let detail = r["cases"][0]["detail"].as_str().unwrap();
    assert!(detail.starts_with("step 1 (bootstrap)"), "{detail}");
}

#[test]
fn a_device_that_does_not_roll_back_fails_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["certs", "generate", "--out", "data/pki"]);
    // A device under test given as a command, as one over a reader would be: rsp-lab's own
    // IPA, but not told that the 'uncovered' profiles have no coverage, so it attaches with
    // them and never rolls back.
    let command = ipa_command("");
    let o = rsp_lab(
        d,
        &[
            "recovery",
            "run",
            "rollback-no-coverage",
            "--data",
            "data",
            "--device-command",
            &command,
            "--eid",
            PKI_EID,
            "--time-scale",
            "0.2",
            "--json",
            "r.json",
        ],
    );
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("1 of 1 scenarios failed"),
        "{}",
        stderr(&o)
    );
    let r = report(d, "r.json");
    let case = &r["cases"][0];
    assert_eq!(case["verdict"], "fail", "{case}");
    let detail = case["detail"].as_str().unwrap();
    assert!(
        detail.contains("expect rollback") && detail.contains("not within 12 s"),
        "{detail}"
    );
    assert!(r["target"].as_str().unwrap().contains(PKI_EID), "{r}");
}

#[test]
fn a_fault_the_device_never_met_fails_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("untested.toml"),
        "name = \"untested\"\ntitle = \"t\"\nclause = \"SGP.22 5.6.2\"\n\
         [[step]]\ndo = \"arm\"\nrole = \"smdp\"\n\
         rule = [{ kind = \"lose_answer\", functions = [\"getBoundProfilePackage\"] }]\n\
         [[step]]\ndo = \"queue\"\noperation = { type = \"listProfiles\" }\n\
         [[step]]\ndo = \"expect\"\ncheck = \"operation\"\n",
    )
    .unwrap();
    let o = rsp_lab(d, &["recovery", "run", "untested.toml", "--json", "r.json"]);
    assert!(!o.status.success(), "{}", stdout(&o));
    let case = &report(d, "r.json")["cases"][0];
    assert_eq!(case["verdict"], "fail", "{case}");
    assert!(
        case["detail"]
            .as_str()
            .unwrap()
            .contains("lose_answer was armed but never served"),
        "{case}"
    );
}

#[test]
fn scenarios_are_checked_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let shown = ok(d, &["recovery", "show", "stale-counter"]);
    assert!(shown.contains("kind = \"stale_counter\""), "{shown}");
    std::fs::write(d.join("copy.toml"), &shown).unwrap();
    std::fs::write(
        d.join("bad.toml"),
        "name = \"bad\"\ntitle = \"t\"\nclause = \"c\"\n[[step]]\ndo = \"bootstrap\"\n",
    )
    .unwrap();
    assert_one_line_error(
        &rsp_lab(d, &["recovery", "run", "copy.toml", "bad.toml"]),
        "bad.toml: no step expects anything",
    );
    assert_one_line_error(
        &rsp_lab(d, &["recovery", "run", "no-such-scenario"]),
        "no shipped scenario of that name",
    );
    assert_one_line_error(
        &rsp_lab(d, &["recovery", "run", "--eid", "1234"]),
        "--eid \"1234\": 32 digits",
    );
    assert!(
        !d.join("rsp-lab-recovery").exists(),
        "nothing started for refused input"
    );
}
