//! `rsp-lab euicc` as a user runs it: init from a lab PKI or an SGP.26-layout directory,
//! `info`, and the card over lpac's stdio APDU driver protocol (with and without `--spawn`).

use crate::common::*;

use std::path::Path;

use serde_json::Value;

/// ISD-R AID (SGP.22 2.2.3).
const ISD_R_AID: &str = "A0000005591010FFFFFFFF8900000100";
/// ES10c.GetEID (SGP.22 5.7.20) on logical channel 1: STORE DATA, one block,
/// `BF3E 03 5C 01 5A` (tag list: EID).
const GET_EID: &str = "81E2910006BF3E035C015A";
/// The GetEID response is `BF3E 12 5A 10 <EID>`: 21 bytes, fetched with GET RESPONSE.
const GET_RESPONSE_21: &str = "81C0000015";

/// A temporary directory holding a lab PKI in `pki/`.
fn with_pki() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_ok(&rsp_lab_stdin(
        dir.path(),
        &["certs", "generate", "--out", "pki"],
        b"",
    ));
    dir
}

fn info_json(dir: &Path, state: &str) -> Value {
    let o = rsp_lab_stdin(dir, &["euicc", "--state", state, "info", "--json"], b"");
    assert_ok(&o);
    serde_json::from_slice(&o.stdout).expect("info --json prints JSON")
}

/// The EID with its check digits (ISO 7064 MOD 97-10, as SGP.29 and certs::eid compute).
fn eid_with_check_digits(first30: &str) -> String {
    let n: u128 = format!("{first30}00").parse().expect("digits");
    format!("{first30}{:02}", 98 - n % 97)
}

#[test]
fn euicc_init_from_pki_and_info() {
    let dir = with_pki();
    let o = rsp_lab_stdin(
        dir.path(),
        &["euicc", "--state", "e.json", "init", "--pki", "pki"],
        b"",
    );
    assert_ok(&o);
    let info = info_json(dir.path(), "e.json");
    let eid = info["eid"].as_str().expect("eid").to_string();
    assert_eq!(eid.len(), 32);
    assert!(eid.starts_with("89049032"), "{eid}");
    assert!(
        stdout(&o).contains(&eid),
        "init names the EID: {}",
        stdout(&o)
    );
    assert_eq!(info["svn"], "2.5.0");
    assert_eq!(info["profiles"], Value::Array(vec![]));
    assert_eq!(info["pending_notifications"], Value::Array(vec![]));
    assert_eq!(info["next_seq_number"].as_i64().map(|n| n >= 0), Some(true));
    let ci = info["ci_pkids_for_verification"]
        .as_array()
        .expect("CI list");
    assert_eq!(ci.len(), 1);
    assert_eq!(info["ci_pkids_for_signing"], Value::Array(ci.clone()));
    assert!(info["free_memory"].as_u64() <= info["memory_capacity"].as_u64());

    // Plain `info` prints the EID and the counts.
    let o = rsp_lab_stdin(dir.path(), &["euicc", "--state", "e.json", "info"], b"");
    assert_ok(&o);
    let text = stdout(&o);
    assert!(text.contains(&format!("EID            {eid}")), "{text}");
    assert!(text.contains("profiles       0"), "{text}");
    assert!(text.contains("notifications  0"), "{text}");
}

#[test]
fn euicc_init_with_eid_issues_a_certificate_for_it() {
    let dir = with_pki();
    let eid = eid_with_check_digits("890490320000000000000000004711");
    let o = rsp_lab_stdin(
        dir.path(),
        &[
            "euicc", "--state", "e.json", "init", "--pki", "pki", "--eid", &eid,
        ],
        b"",
    );
    assert_ok(&o);
    assert_eq!(info_json(dir.path(), "e.json")["eid"], eid.as_str());
}

#[test]
fn euicc_init_from_sgp26_credentials_directory() {
    let dir = with_pki();
    // The lab PKI is written in the SGP.26 layout: eUICC/, EUM/, CertificateIssuer/.
    for f in [
        "pki/eUICC/CERT_EUICC_ECDSA_NIST.der",
        "pki/eUICC/SK_EUICC_ECDSA_NIST.pem",
        "pki/EUM/CERT_EUM_ECDSA_NIST.der",
        "pki/CertificateIssuer/CERT_CI_ECDSA_NIST.der",
    ] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    let pki_eid = {
        let o = rsp_lab_stdin(
            dir.path(),
            &["euicc", "--state", "p.json", "init", "--pki", "pki"],
            b"",
        );
        assert_ok(&o);
        info_json(dir.path(), "p.json")["eid"].clone()
    };
    let o = rsp_lab_stdin(
        dir.path(),
        &["euicc", "--state", "c.json", "init", "--credentials", "pki"],
        b"",
    );
    assert_ok(&o);
    let info = info_json(dir.path(), "c.json");
    assert_eq!(info["eid"], pki_eid, "the certificate's EID");
    assert_eq!(
        info["ci_pkids_for_verification"].as_array().map(Vec::len),
        Some(1)
    );
    // An EID other than the certificate's is refused.
    let other = eid_with_check_digits("890490320000000000000000004712");
    let o = rsp_lab_stdin(
        dir.path(),
        &[
            "euicc",
            "--state",
            "d.json",
            "init",
            "--credentials",
            "pki",
            "--eid",
            &other,
        ],
        b"",
    );
    assert_one_line_error(&o, "not");
    assert!(!dir.path().join("d.json").exists());
}

#[test]
fn euicc_init_refusals_are_one_line() {
    let dir = with_pki();
    assert_ok(&rsp_lab_stdin(
        dir.path(),
        &["euicc", "--state", "e.json", "init", "--pki", "pki"],
        b"",
    ));
    let before = std::fs::read(dir.path().join("e.json")).expect("state");
    // Over an existing state file.
    let o = rsp_lab_stdin(
        dir.path(),
        &["euicc", "--state", "e.json", "init", "--pki", "pki"],
        b"",
    );
    assert_one_line_error(&o, "e.json");
    assert_eq!(
        std::fs::read(dir.path().join("e.json")).expect("state"),
        before,
        "the existing eUICC is untouched"
    );
    // Without a source of credentials.
    let o = rsp_lab_stdin(dir.path(), &["euicc", "--state", "n.json", "init"], b"");
    assert_one_line_error(&o, "give --pki DIR or --credentials DIR");
    assert!(!dir.path().join("n.json").exists());
}

#[test]
fn euicc_init_trust_ci_adds_a_ci_for_verification() {
    let dir = with_pki();
    assert_ok(&rsp_lab_stdin(
        dir.path(),
        &["certs", "generate", "--out", "pki2"],
        b"",
    ));
    let ci_list = |state: &str| -> Vec<String> {
        info_json(dir.path(), state)["ci_pkids_for_verification"]
            .as_array()
            .expect("CI list")
            .iter()
            .map(|v| v.as_str().expect("hex").to_string())
            .collect()
    };
    assert_ok(&rsp_lab_stdin(
        dir.path(),
        &["euicc", "--state", "a.json", "init", "--pki", "pki"],
        b"",
    ));
    assert_ok(&rsp_lab_stdin(
        dir.path(),
        &["euicc", "--state", "b.json", "init", "--pki", "pki2"],
        b"",
    ));
    let (own, other) = (ci_list("a.json"), ci_list("b.json"));
    assert_eq!(own.len(), 1);
    assert_eq!(other.len(), 1);
    assert_ne!(own, other, "two PKIs, two CIs");

    // DER, and the same CI again as PEM (no duplicate).
    let o = rsp_lab_stdin(
        dir.path(),
        &[
            "euicc",
            "--state",
            "t.json",
            "init",
            "--pki",
            "pki",
            "--trust-ci",
            "pki2/CertificateIssuer/CERT_CI_ECDSA_NIST.der",
            "--trust-ci",
            "pki2/CertificateIssuer/CERT_CI_ECDSA_NIST.pem",
        ],
        b"",
    );
    assert_ok(&o);
    assert_eq!(ci_list("t.json"), [own[0].clone(), other[0].clone()]);
    // The eUICC's own chain is still the one it signs with.
    assert_eq!(
        info_json(dir.path(), "t.json")["ci_pkids_for_signing"],
        Value::Array(vec![Value::String(own[0].clone())])
    );

    // Not a certificate: one line naming the file, no state written.
    std::fs::write(dir.path().join("junk.der"), b"\x30\x03\x02\x01\x01").expect("write");
    let o = rsp_lab_stdin(
        dir.path(),
        &[
            "euicc",
            "--state",
            "j.json",
            "init",
            "--pki",
            "pki",
            "--trust-ci",
            "junk.der",
        ],
        b"",
    );
    assert_one_line_error(&o, "junk.der");
    assert!(!dir.path().join("j.json").exists());
}

/// The `data` of a reply line, or its ecode when it has none.
fn reply(line: &str) -> (i64, Option<String>) {
    let v: Value = serde_json::from_str(line).expect("JSON reply");
    assert_eq!(v["type"], "apdu", "{line}");
    (
        v["payload"]["ecode"].as_i64().expect("ecode"),
        v["payload"]["data"].as_str().map(str::to_string),
    )
}

fn apdu(func: &str, param: Option<&str>) -> String {
    serde_json::json!({"type": "apdu", "payload": {"func": func, "param": param}}).to_string()
}

#[test]
fn euicc_stdio_serves_lpac_driver_lines() {
    let dir = with_pki();
    assert_ok(&rsp_lab_stdin(
        dir.path(),
        &["euicc", "--state", "e.json", "init", "--pki", "pki"],
        b"",
    ));
    let eid = info_json(dir.path(), "e.json")["eid"]
        .as_str()
        .expect("eid")
        .to_string();
    let lpa_line = r#"{"type":"lpa","payload":{"code":0,"message":"success","data":{}}}"#;
    let input = [
        apdu("connect", None),
        apdu("logic_channel_open", Some(ISD_R_AID)),
        apdu("transmit", Some(GET_EID)),
        apdu("transmit", Some(GET_RESPONSE_21)),
        lpa_line.to_string(),
        "not json at all".to_string(),
        apdu("reboot", None),
        apdu("logic_channel_close", Some("01")),
        apdu("disconnect", None),
    ]
    .join("\n")
        + "\n";
    let o = rsp_lab_stdin(
        dir.path(),
        &["euicc", "--state", "e.json", "stdio"],
        input.as_bytes(),
    );
    assert_ok(&o);
    let out = stdout(&o);
    let replies: Vec<(i64, Option<String>)> = out.lines().map(reply).collect();
    assert_eq!(
        replies,
        [
            (0, None),
            (1, None),
            (0, Some("6115".to_string())),
            (0, Some(format!("BF3E125A10{eid}9000"))),
            // an APDU message with an unknown func is answered, with a negative ecode
            (-1, None),
            (0, None),
            (0, None),
        ],
        "{out}"
    );
    // Lines that are not APDU messages go to stderr unchanged.
    let err = stderr(&o);
    assert!(err.lines().any(|l| l == lpa_line), "{err}");
    assert!(err.lines().any(|l| l == "not json at all"), "{err}");
}

/// A child LPA in shell: opens the ISD-R, reads the EID, prints a non-APDU line, and exits
/// with `code`.
fn spawned_lpa(code: u8) -> String {
    format!(
        r#"
echo '{connect}'; read -r r; echo "connect:$r" >&2
echo '{open}'; read -r r; echo "open:$r" >&2
echo '{get_eid}'; read -r r
echo '{get_response}'; read -r r; echo "eid:$r" >&2
echo '{{"type":"lpa","payload":{{"code":0,"message":"success"}}}}'
echo 'plain text from the child'
exit {code}
"#,
        connect = apdu("connect", None),
        open = apdu("logic_channel_open", Some(ISD_R_AID)),
        get_eid = apdu("transmit", Some(GET_EID)),
        get_response = apdu("transmit", Some(GET_RESPONSE_21)),
    )
}

#[test]
fn euicc_stdio_spawn_wires_the_child_and_returns_its_exit_status() {
    let dir = with_pki();
    assert_ok(&rsp_lab_stdin(
        dir.path(),
        &["euicc", "--state", "e.json", "init", "--pki", "pki"],
        b"",
    ));
    let eid = info_json(dir.path(), "e.json")["eid"]
        .as_str()
        .expect("eid")
        .to_string();

    let script = spawned_lpa(0);
    let o = rsp_lab_stdin(
        dir.path(),
        &[
            "euicc", "--state", "e.json", "stdio", "--spawn", "sh", "-c", &script,
        ],
        b"",
    );
    assert_ok(&o);
    // The child's non-APDU lines are printed on our stdout, and nothing else is.
    assert_eq!(
        stdout(&o).lines().collect::<Vec<_>>(),
        [
            r#"{"type":"lpa","payload":{"code":0,"message":"success"}}"#,
            "plain text from the child"
        ]
    );
    // The child's stderr is inherited: it saw the card's replies.
    let err = stderr(&o);
    assert!(
        err.contains(r#"connect:{"type":"apdu","payload":{"ecode":0}}"#),
        "{err}"
    );
    assert!(
        err.contains(r#"open:{"type":"apdu","payload":{"ecode":1}}"#),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            r#"eid:{{"type":"apdu","payload":{{"ecode":0,"data":"BF3E125A10{eid}9000"}}}}"#
        )),
        "{err}"
    );

    // LPAC_APDU=stdio is set for the child.
    let o = rsp_lab_stdin(
        dir.path(),
        &[
            "euicc",
            "--state",
            "e.json",
            "stdio",
            "--spawn",
            "sh",
            "-c",
            "echo \"driver=$LPAC_APDU\"",
        ],
        b"",
    );
    assert_ok(&o);
    assert_eq!(stdout(&o), "driver=stdio\n");

    // A failing child: its exit status is ours, with one line saying so.
    let script = spawned_lpa(3);
    let o = rsp_lab_stdin(
        dir.path(),
        &[
            "euicc", "--state", "e.json", "stdio", "--spawn", "sh", "-c", &script,
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stdout(&o).contains("plain text from the child"));
    let err = stderr(&o);
    let ours: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(ours, ["error: sh ended with exit status: 3"], "{err}");

    // A program that cannot start: one line.
    let o = rsp_lab_stdin(
        dir.path(),
        &[
            "euicc",
            "--state",
            "e.json",
            "stdio",
            "--spawn",
            "/nonexistent/lpac",
            "chip",
            "info",
        ],
        b"",
    );
    assert_one_line_error(&o, "/nonexistent/lpac");
}

/// `init --root-smds` sets rootDsAddress (ES10a, SGP.22 5.7.3), which `info` shows and `lpa
/// discover` asks (SGP.22 3.6.3): without an SM-DS listening there, discovery fails in one
/// line naming ES11.InitiateAuthentication; a malformed address is refused at init.
#[test]
fn sgp22_3_6_3_root_smds_address_set_at_init_is_the_one_discover_asks() {
    let dir = with_pki();
    let bad = rsp_lab_stdin(
        dir.path(),
        &[
            "euicc",
            "--state",
            "bad.json",
            "init",
            "--pki",
            "pki",
            "--root-smds",
            "no such host",
        ],
        b"",
    );
    assert_one_line_error(&bad, "--root-smds");
    let port = free_port();
    let root = format!("smds.rsp-lab.test:{port}");
    assert_ok(&rsp_lab_stdin(
        dir.path(),
        &[
            "euicc",
            "--state",
            "e.json",
            "init",
            "--pki",
            "pki",
            "--root-smds",
            &root,
        ],
        b"",
    ));
    assert_eq!(
        info_json(dir.path(), "e.json")["root_ds_address"],
        root.as_str()
    );
    let resolve = format!("smds.rsp-lab.test:{port}:127.0.0.1");
    let o = rsp_lab_stdin(
        dir.path(),
        &[
            "lpa",
            "--state",
            "e.json",
            "--resolve",
            &resolve,
            "--timeout",
            "5",
            "discover",
        ],
        b"",
    );
    assert_one_line_error(
        &o,
        "initiateAuthentication: no answer from https://smds.rsp-lab.test",
    );
}
