//! The eIM as a child process (`rsp-lab eim serve`) and its operator API over mutual TLS.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use infra::client::ClientOptions;
use infra::tls::{Identity, ServerTrust};
use serde_json::Value;

pub(crate) const EIM_HOST: &str = "eim.rsp-lab.test";

/// A port nobody listens on now (bind port 0, read it, let it go).
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// `rsp-lab eim serve` running as a child; killed when dropped, whatever the test did.
pub(crate) struct EimServer {
    pub child: Child,
    log: PathBuf,
}

impl EimServer {
    /// Starts `rsp-lab eim serve --data eim --pki pki` in `dir` on the given ports with
    /// `env` set (the log in `eim.log`, appended), and waits until both listen.
    pub(crate) fn start(
        dir: &Path,
        esipa_port: u16,
        api_port: u16,
        env: &[(&str, &str)],
    ) -> EimServer {
        EimServer::start_with(dir, esipa_port, api_port, &[], env)
    }

    /// As [`EimServer::start`], with more arguments of `eim serve` (`--config FILE`, …).
    pub(crate) fn start_with(
        dir: &Path,
        esipa_port: u16,
        api_port: u16,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> EimServer {
        let log = dir.join("eim.log");
        let child = Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
            .current_dir(dir)
            .args(["eim", "serve", "--data", "eim", "--pki", "pki"])
            .args(["--esipa-listen", &format!("127.0.0.1:{esipa_port}")])
            .args(["--api-listen", &format!("127.0.0.1:{api_port}")])
            .args(args)
            .env_remove("RSP_LAB_CRASH")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(
                File::options()
                    .create(true)
                    .append(true)
                    .open(&log)
                    .expect("log file"),
            )
            .spawn()
            .expect("rsp-lab eim serve starts");
        let mut server = EimServer { child, log };
        server.wait_for(api_port);
        server.wait_for(esipa_port);
        server
    }

    pub(crate) fn log(&self) -> String {
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
                panic!("eim serve exited early ({status}):\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "eim serve does not listen on {addr}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for EimServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The operator API client: mutual TLS with `identity`, the lab CI as the trusted root,
/// eim.rsp-lab.test resolved to the loopback port.
pub(crate) fn api_client(
    pki: &Path,
    api_port: u16,
    identity: Option<Identity>,
) -> reqwest_client::Client {
    let ca = lpa::load_ca_files(&[pki.join("CertificateIssuer/CERT_CI_ECDSA_NIST.pem")])
        .expect("the CI certificate");
    let mut options = ClientOptions::new(ServerTrust::roots(ca));
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

pub(crate) fn operator_identity(pki: &Path) -> Identity {
    let dir = pki.join("Operators/operator1");
    Identity {
        chain: lpa::load_ca_files(&[dir.join("CERT_OPERATOR_TLS_NIST.pem")])
            .expect("the operator certificate"),
        key_pem: std::fs::read(dir.join("SK_OPERATOR_TLS_NIST.pem")).expect("the operator key"),
    }
}

pub(crate) mod reqwest_client {
    use serde_json::Value;

    /// Why a call got no answer.
    #[derive(Debug, thiserror::Error)]
    pub(crate) enum NoAnswer {
        /// The call's runtime could not be built.
        #[error("{0}")]
        Runtime(std::io::Error),
        /// The request or its answer failed (shown with its causes).
        #[error("{0:?}")]
        Http(reqwest::Error),
    }

    /// A blocking face on the async client: each call runs on its own small runtime.
    pub(crate) struct Client {
        pub inner: reqwest::Client,
        pub base: String,
    }

    impl Client {
        /// `GET` or `POST` (with a JSON body) of `path`: the HTTP status and the JSON answer,
        /// or why no answer came.
        pub(crate) fn call(
            &self,
            path: &str,
            body: Option<&Value>,
        ) -> Result<(u16, Value), NoAnswer> {
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
                .map_err(NoAnswer::Runtime)?;
            rt.block_on(async {
                let response = request.send().await.map_err(NoAnswer::Http)?;
                let status = response.status().as_u16();
                let bytes = response.bytes().await.map_err(NoAnswer::Http)?;
                let json = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                    Value::String(String::from_utf8_lossy(&bytes).into_owned())
                });
                Ok((status, json))
            })
        }

        pub(crate) fn get(&self, path: &str) -> Value {
            self.expect(path, None, 200)
        }

        pub(crate) fn post(&self, path: &str, body: &Value, status: u16) -> Value {
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

pub(crate) fn iccids(profiles: &Value) -> Vec<String> {
    let mut v: Vec<String> = profiles
        .as_array()
        .unwrap_or_else(|| panic!("a list of profiles: {profiles}"))
        .iter()
        .map(|p| p["iccid"].as_str().unwrap_or_default().to_string())
        .collect();
    v.sort();
    v
}
