//! The README's eIM walk-through ("The eIM (sm-sr) and the IPA") run with the `rsp-lab`
//! binary: `smsr serve` as a child process, the operator API over mutual TLS, an IoT eUICC
//! made with the eIM's configuration, and its IPA polling once (SGP.32 v1.2 3: eIM package
//! retrieval and execution over ESipa).

mod common;
use common::*;

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use infra::client::ClientOptions;
use infra::tls::{Identity, ServerTrust};
use serde_json::{Value, json};

const EIM_HOST: &str = "eim.rsp-lab.test";

/// A port nobody listens on now (bind port 0, read it, let it go).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// `rsp-lab smsr serve` running as a child; killed when dropped, whatever the test did.
struct Server {
    child: Child,
    log: PathBuf,
}

impl Server {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until `port` accepts TCP connections; fails if the server exits or the
    /// deadline passes.
    fn wait_for(&mut self, port: u16) {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("smsr serve exited early ({status}):\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "smsr serve does not listen on {addr}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The operator API client: mutual TLS with `identity`, the lab CI as the trusted root,
/// eim.rsp-lab.test resolved to the loopback port.
fn api_client(pki: &Path, api_port: u16, identity: Option<Identity>) -> reqwest_client::Client {
    let ca = euicc_sim::lpa::load_ca_files(&[pki.join("CertificateIssuer/CERT_CI_ECDSA_NIST.pem")])
        .expect("the CI certificate");
    let mut options = ClientOptions::new(ServerTrust::Roots(ca));
    options.identity = identity;
    options.resolve = vec![(
        EIM_HOST.to_string(),
        SocketAddr::from(([127, 0, 0, 1], api_port)),
    )];
    options.timeout = Duration::from_secs(20);
    reqwest_client::Client {
        inner: infra::client::build(&options).expect("HTTPS client"),
        base: format!("https://{EIM_HOST}:{api_port}"),
    }
}

fn operator_identity(pki: &Path) -> Identity {
    let dir = pki.join("Operators/operator1");
    Identity {
        chain: euicc_sim::lpa::load_ca_files(&[dir.join("CERT_OPERATOR_TLS_NIST.pem")])
            .expect("the operator certificate"),
        key_pem: std::fs::read(dir.join("SK_OPERATOR_TLS_NIST.pem")).expect("the operator key"),
    }
}

mod reqwest_client {
    use serde_json::Value;

    /// A blocking face on the async client: each call runs on its own small runtime.
    pub struct Client {
        pub inner: reqwest::Client,
        pub base: String,
    }

    impl Client {
        /// `GET` or `POST` (with a JSON body) of `path`: the HTTP status and the JSON answer,
        /// or why no answer came.
        pub fn call(&self, path: &str, body: Option<&Value>) -> Result<(u16, Value), String> {
            let url = format!("{}{path}", self.base);
            let request = match body {
                None => self.inner.get(&url),
                Some(b) => self
                    .inner
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(b.to_string()),
            };
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(async {
                let response = request.send().await.map_err(|e| format!("{e:?}"))?;
                let status = response.status().as_u16();
                let bytes = response.bytes().await.map_err(|e| format!("{e:?}"))?;
                let json = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                    Value::String(String::from_utf8_lossy(&bytes).into_owned())
                });
                Ok((status, json))
            })
        }

        pub fn get(&self, path: &str) -> Value {
            self.expect(path, None, 200)
        }

        pub fn post(&self, path: &str, body: &Value, status: u16) -> Value {
            self.expect(path, Some(body), status)
        }

        fn expect(&self, path: &str, body: Option<&Value>, status: u16) -> Value {
            let (got, json) = self
                .call(path, body)
                .unwrap_or_else(|e| panic!("{path}: no answer: {e}"));
            assert_eq!(got, status, "{path}: {json}");
            json
        }
    }
}

fn iccids(profiles: &Value) -> Vec<String> {
    let mut v: Vec<String> = profiles
        .as_array()
        .unwrap_or_else(|| panic!("a list of profiles: {profiles}"))
        .iter()
        .map(|p| p["iccid"].as_str().unwrap_or_default().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn sgp32_3_cli_walk_through_register_list_profiles_poll() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["certs", "generate", "--out", "pki"]);
    let pki = dir.join("pki");

    // The eIM alone: no SM-DP+ is needed to register devices and list their profiles.
    let (esipa_port, api_port) = (free_port(), free_port());
    let log = dir.join("smsr.log");
    let esipa_listen = format!("127.0.0.1:{esipa_port}");
    let api_listen = format!("127.0.0.1:{api_port}");
    let child = Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
        .current_dir(dir)
        .args(["smsr", "serve", "--data", "smsr", "--pki", "pki"])
        .args(["--esipa-listen", &esipa_listen, "--api-listen", &api_listen])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&log).expect("log file"))
        .spawn()
        .expect("rsp-lab smsr serve starts");
    let mut server = Server { child, log };
    server.wait_for(api_port);
    server.wait_for(esipa_port);

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
