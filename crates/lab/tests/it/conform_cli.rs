//! `rsp-lab conform smdp` (issue 55): the catalogue against `rsp-lab smdp serve` as a child
//! process, the orders placed over its ES2+; every case passes, the reports are written,
//! and a run that cannot pass says so in its exit status.

use crate::common::*;

use serde_json::Value;

const SMDP: &str = "smdp.rsp-lab.test";

/// The runner's arguments against `server` with the orders over ES2+.
fn args(server: &SmdpServer) -> Vec<String> {
    let es2 = format!("https://{SMDP}:{}", server.es2.port());
    [
        "conform",
        "smdp",
        "--es9",
        &format!("https://{SMDP}"),
        "--pki",
        "pki",
        "--resolve",
        &format!("{SMDP}:443:{}", server.es9),
        "--resolve",
        &format!("{SMDP}:{}:{}", server.es2.port(), server.es2),
        "--es2",
        &es2,
        "--operator",
        "operator1",
        "--profile-type",
        "conform",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn run(dir: &std::path::Path, args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    rsp_lab(dir, &args)
}

#[test]
fn every_case_passes_against_smdp_serve_and_the_reports_say_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    pki_and_inventory(dir, "conform", 30);
    let server = SmdpServer::start(dir, &[]);
    let mut a = args(&server);
    a.extend(["--json", "r.json", "--junit", "r.xml", "--out", "ev"].map(String::from));
    let out = run(dir, &a);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        server.log_text()
    );
    let listed = ok(dir, &["conform", "smdp", "--list"]);
    let cases = listed.lines().count();
    assert!(cases >= 30, "{listed}");
    assert!(
        stdout.contains(&format!(
            "{cases} cases, {cases} pass, 0 fail, 0 not applicable"
        )),
        "{stdout}"
    );
    let json: Value = serde_json::from_slice(&std::fs::read(dir.join("r.json")).unwrap()).unwrap();
    let results = json["cases"].as_array().unwrap();
    assert_eq!(results.len(), cases);
    for c in results {
        assert_eq!(c["verdict"], "pass", "{c}");
        assert!(c["clause"].as_str().unwrap().starts_with("SGP.22 "), "{c}");
        let evidence = dir.join("ev").join(c["evidence"].as_str().unwrap());
        let files: Vec<String> = std::fs::read_dir(&evidence)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(files.iter().any(|f| f.contains("-es9p-")), "{c}: {files:?}");
        assert!(
            files.iter().any(|f| f.ends_with("-result.json")),
            "{c}: {files:?}"
        );
    }
    let junit = std::fs::read_to_string(dir.join("r.xml")).unwrap();
    assert!(
        junit.contains(&format!("tests=\"{cases}\" failures=\"0\"")),
        "{junit}"
    );
}

#[test]
fn a_failing_case_fails_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    pki_and_inventory(dir, "conform", 1);
    let server = SmdpServer::start(dir, &[]);
    let mut a = args(&server);
    // an smdpAddress the server does not own: the nominal case is refused with 8.8.1/3.8
    a.extend(
        [
            "--smdp-address",
            "other.example",
            "--case",
            "InitiateAuthentication #01",
        ]
        .map(String::from),
    );
    let out = run(dir, &a);
    assert!(!out.status.success());
    let (printed, said) = (stdout(&out), stderr(&out));
    assert!(
        printed.contains("fail  ES9+.InitiateAuthentication #01 nominal"),
        "{printed}"
    );
    assert!(
        printed.contains("got HTTP 200, Failed 8.8.1/3.8"),
        "{printed}"
    );
    assert!(said.contains("1 of 1 cases failed"), "{said}");
    // and a filter that matches nothing is refused before anything is sent
    let out = rsp_lab(
        dir,
        &["conform", "smdp", "--list", "--case", "no such case"],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no case matches"), "{}", stderr(&out));
}

/// `conform eim` against `eim serve` as a child process, with its operator API and
/// `smdp serve` behind it for the downloads it relays (indirectProfileDownload), an order
/// placed with `rsp-lab es2`: every case passes and the JSON report says so.
#[test]
fn every_eim_case_passes_against_eim_serve() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    pki_and_inventory(dir, "conform", 2);
    let smdp = SmdpServer::start(dir, &[]);
    std::fs::write(
        dir.join("eim.toml"),
        format!(
            "indirect_profile_download = true\n[smdp]\nes9_url = \"https://{SMDP}:{}\"\n\
             resolve = {{ \"{SMDP}\" = \"{}\" }}\n",
            smdp.es9.port(),
            smdp.es9
        ),
    )
    .unwrap();
    let (esipa, api) = (free_port(), free_port());
    let server = EimServer::start_with(dir, esipa, api, &["--config", "eim.toml"], &[]);
    let es2_url = format!("https://{SMDP}:{}", smdp.es2.port());
    let es2_resolve = smdp.es2.to_string();
    let es2 = |args: &[&str]| -> Value {
        let mut all = vec![
            "es2",
            "--pki",
            "pki",
            "--smdp",
            &es2_url,
            "--resolve",
            &es2_resolve,
        ];
        all.extend_from_slice(args);
        ok_json(dir, &all)
    };
    let ordered = es2(&["download-order", "--profile-type", "conform"]);
    let iccid = ordered["iccid"].as_str().expect("iccid").to_owned();
    let confirmed = es2(&["confirm-order", "--iccid", &iccid]);
    let matching_id = confirmed["matchingId"].as_str().expect("matchingId");
    let ac = format!("1${SMDP}${matching_id}");
    let eim = "eim.rsp-lab.test";
    let out = rsp_lab(
        dir,
        &[
            "conform",
            "eim",
            "--esipa",
            &format!("https://{eim}:{esipa}"),
            "--pki",
            "pki",
            "--resolve",
            &format!("{eim}:{esipa}:127.0.0.1:{esipa}"),
            "--resolve",
            &format!("{eim}:{api}:127.0.0.1:{api}"),
            "--operator-api",
            &format!("https://{eim}:{api}"),
            "--activation-code",
            &ac,
            "--json",
            "r.json",
        ],
    );
    assert!(
        out.status.success(),
        "{}\n{}\n{}\n{}",
        stdout(&out),
        stderr(&out),
        server.log(),
        smdp.log_text()
    );
    let cases = ok(dir, &["conform", "eim", "--list"]).lines().count();
    let json: Value = serde_json::from_slice(&std::fs::read(dir.join("r.json")).unwrap()).unwrap();
    let results = json["cases"].as_array().unwrap();
    assert_eq!(results.len(), cases);
    assert!(results.iter().all(|c| c["verdict"] == "pass"), "{json}");
}
