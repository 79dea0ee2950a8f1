//! The README's eIM walk-through ("The eIM and the IPA") run with the `rsp-lab`
//! binary: `eim serve` as a child process, the operator API over mutual TLS, an IoT eUICC
//! made with the eIM's configuration, and its IPA polling once (SGP.32 v1.2 3: eIM package
//! retrieval and execution over ESipa).

use crate::common::*;

use serde_json::{Value, json};

#[test]
fn sgp32_3_cli_walk_through_register_list_profiles_poll() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["certs", "generate", "--out", "pki"]);
    let pki = dir.join("pki");

    // The eIM alone: no SM-DP+ is needed to register devices and list their profiles.
    let (esipa_port, api_port) = (free_port(), free_port());
    let server = EimServer::start(dir, esipa_port, api_port, &[]);

    // GET /v1/eim: the configuration data an eUICC is made with.
    let api = api_client(&pki, api_port, Some(operator_identity(&pki)));
    let eim = api.get("/v1/eim");
    assert_eq!(eim["eimId"], "eim.rsp-lab.test", "{eim}");
    assert_eq!(
        eim["eimFqdn"],
        format!("{EIM_HOST}:{esipa_port}"),
        "devices must be told the ESipa port: {eim}"
    );
    let config = eim["eimConfigurationData"]
        .as_str()
        .unwrap_or_else(|| panic!("eimConfigurationData: {eim}"));
    std::fs::write(dir.join("eim.hex"), config).unwrap();

    // An IoT eUICC with that eIM.
    ok(
        dir,
        &[
            "euicc",
            "--state",
            "iot.json",
            "init",
            "--pki",
            "pki",
            "--eim-config",
            "eim.hex",
        ],
    );
    let info: Value = serde_json::from_str(&ok(
        dir,
        &["euicc", "--state", "iot.json", "info", "--json"],
    ))
    .expect("info --json is JSON");
    let eid = info["eid"].as_str().expect("eid").to_string();
    assert_eq!(eid.len(), 32, "{info}");
    let on_card = iccids(&info["profiles"]);

    // Register it and queue listProfiles.
    let device = api.post("/v1/devices", &json!({ "eid": eid }), 201);
    assert_eq!(device["eid"], eid.as_str(), "{device}");
    assert_eq!(device["operator"], "operator1", "{device}");
    assert!(device["lastPlmn"].is_null(), "not seen yet: {device}");
    let operation = api.post(
        &format!("/v1/devices/{eid}/operations"),
        &json!({"type": "listProfiles"}),
        202,
    );
    assert_eq!(operation["state"], "queued", "{operation}");
    let op_id = operation["id"].as_str().expect("operation id").to_string();

    // The IPA polls once from a German network and executes what the eIM has.
    let resolve = format!("{EIM_HOST}:{esipa_port}:127.0.0.1");
    let ipa = [
        "ipa",
        "--state",
        "iot.json",
        "run",
        "--once",
        "--rplmn",
        "262-01",
        "--resolve",
        &resolve,
    ];
    let out = ok(dir, &ipa);
    let outcomes: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("JSON line: {l}")))
        .collect();
    assert!(
        outcomes.iter().any(|o| o["kind"] == "euiccPackage"),
        "the eUICC package was executed: {out}"
    );
    assert_eq!(
        outcomes.last().map(|o| o["kind"].clone()),
        Some(json!("noPackage")),
        "--once stops when the eIM has nothing more: {out}"
    );

    // The operation is done and lists what the eUICC holds.
    let done = api.get(&format!("/v1/operations/{op_id}"));
    assert_eq!(done["state"], "done", "{done}");
    let results =
        &done["result"]["euiccPackageResultSigned"]["euiccPackageResultDataSigned"]["euiccResult"];
    let listed = results
        .as_array()
        .and_then(|r| r.iter().find_map(|r| r.get("listProfileInfoResult")))
        .unwrap_or_else(|| panic!("a listProfileInfoResult: {done}"));
    assert_eq!(
        iccids(&listed["profileInfoListOk"]),
        on_card,
        "the profiles listed are the eUICC's: {done}"
    );

    // The device: seen on 262-01 in Germany, its certificates learned, nothing pending.
    let device = api.get(&format!("/v1/devices/{eid}"));
    assert_eq!(device["lastPlmn"], "262-01", "{device}");
    assert_eq!(device["lastCountry"], "DE", "{device}");
    assert!(
        device["locations"].as_array().is_some_and(|l| l
            .iter()
            .any(|l| l["plmn"] == "262-01" && l["country"] == "DE")),
        "{device}"
    );
    assert_eq!(device["hasCertificates"], true, "{device}");
    assert_eq!(device["pendingPackages"], json!([]), "{device}");
    assert_eq!(iccids(&device["profiles"]), on_card, "{device}");

    // Polling again finds nothing and changes nothing.
    let again = ok(dir, &ipa);
    assert_eq!(again.trim(), r#"{"kind":"noPackage"}"#, "{again}");

    // Refused: the operator API without a client certificate.
    let anonymous = api_client(&pki, api_port, None);
    match anonymous.call("/v1/eim", None) {
        Err(_) => {}
        Ok((status, body)) => assert!(
            (400..500).contains(&status),
            "served without a client certificate: {status} {body}"
        ),
    }

    // Refused in one line: an IPA on an eUICC without an eIM configuration.
    ok(
        dir,
        &["euicc", "--state", "plain.json", "init", "--pki", "pki"],
    );
    let o = rsp_lab(
        dir,
        &[
            "ipa",
            "--state",
            "plain.json",
            "run",
            "--once",
            "--rplmn",
            "262-01",
            "--resolve",
            &resolve,
        ],
    );
    let err = stderr(&o);
    assert!(!o.status.success(), "an IPA without an eIM ran: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("eIM"), "names the missing eIM: {err}");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));

    drop(server);
}
