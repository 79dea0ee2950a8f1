//! An eIM instance killed mid-campaign (issue 12): two `rsp-lab eim serve` processes over
//! one PostgreSQL database. The first takes a localization's ES2+ order step (its lease) and
//! is killed with SIGKILL while its call to the SM-DP+ hangs; the second takes the step
//! over once the lease has expired and places the order: the campaign goes on, and exactly
//! one profile is ordered. Needs `RSP_TEST_POSTGRES_URL`; skipped with a notice without it.

use crate::common::*;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use sm_dp::{CredentialSource, InventoryAdd, SmDp, SmDpConfig, Template};

/// A TCP relay to `target` that, while frozen, accepts connections and sends nothing on:
/// a call through it hangs.
struct Relay {
    addr: SocketAddr,
    frozen: Arc<AtomicBool>,
    held: Arc<AtomicUsize>,
}

async fn relay(target: SocketAddr) -> Relay {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let frozen = Arc::new(AtomicBool::new(false));
    let held = Arc::new(AtomicUsize::new(0));
    let (f, h) = (frozen.clone(), held.clone());
    tokio::spawn(async move {
        let mut parked = Vec::new();
        while let Ok((mut inbound, _)) = listener.accept().await {
            if f.load(Ordering::SeqCst) {
                h.fetch_add(1, Ordering::SeqCst);
                parked.push(inbound);
                continue;
            }
            tokio::spawn(async move {
                if let Ok(mut out) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                }
            });
        }
    });
    Relay { addr, frozen, held }
}

/// A child killed when dropped, so a failing test leaves no server behind.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn eim(dir: &std::path::Path, name: &str, esipa: u16, api: u16) -> Killed {
    Killed(
        Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
            .current_dir(dir)
            .args([
                "eim", "serve", "--data", name, "--pki", "pki", "--config", "eim.toml",
            ])
            .args(["--esipa-listen", &format!("127.0.0.1:{esipa}")])
            .args(["--api-listen", &format!("127.0.0.1:{api}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join(format!("{name}.log"))).unwrap())
            .spawn()
            .expect("eim serve starts"),
    )
}

/// The operator API client blocks on a runtime of its own.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

fn wait_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    while std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {addr}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg_attr(no_postgres, ignore = "needs RSP_TEST_POSTGRES_URL")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_instance_s_leased_order_is_taken_over_and_placed_once() {
    let Ok(base) = std::env::var(storage::testing::POSTGRES_ENV) else {
        println!(
            "notice: {} not set: test skipped",
            storage::testing::POSTGRES_ENV
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    ok(&dir, &["certs", "generate", "--out", "pki"]);
    let tag = std::process::id();
    let (b1, b2) = (base.clone(), base.clone());
    let smdp_db = tokio::task::spawn_blocking(move || {
        storage::testing::create_postgres_database(&b1, &format!("takeover_smdp_{tag}"))
    });
    let eim_db = tokio::task::spawn_blocking(move || {
        storage::testing::create_postgres_database(&b2, &format!("takeover_eim_{tag}"))
    });
    let (smdp_db, eim_db) = (
        smdp_db.await.unwrap().unwrap(),
        eim_db.await.unwrap().unwrap(),
    );

    // The SM-DP+ in this process, with two local profiles of the German type.
    let mut c = SmDpConfig::new(dir.join("smdp"));
    c.server.credentials = CredentialSource::Dir(dir.join("pki"));
    c.es9_listen = "127.0.0.1:0".parse().unwrap();
    c.es2_listen = "127.0.0.1:0".parse().unwrap();
    c.server.database_url = Some(smdp_db);
    let smdp = SmDp::start(c).await.unwrap();
    let view = smdp.view();
    view.add_inventory(&InventoryAdd {
        profile_type: "de-local-a".into(),
        template: Template::Minimal,
        count: 2,
        iccid_start: "8949010000000000016".into(),
        imsi_start: "262010000000001".into(),
        operator: Some("operator1".into()),
        service_provider_name: None,
        profile_name: None,
    })
    .await
    .unwrap();
    let relay = relay(smdp.es2_addr()).await;
    std::fs::write(
        dir.join("eim.toml"),
        format!(
            "database = \"{eim_db}\"\n\n[smdp]\nes2_url = \"https://smdp.rsp-lab.test:{port}\"\n\
             resolve = {{ \"smdp.rsp-lab.test\" = \"{addr}\" }}\n\n[delivery]\n\
             engine_interval_ms = 100\norder_lease_ms = 1500\n\n[localization.targets]\n\
             DE = [ {{ profile_type = \"de-local-a\" }} ]\n",
            port = relay.addr.port(),
            addr = relay.addr
        ),
    )
    .unwrap();

    // Instance A takes the order step and hangs in its ES2+ call.
    let (esipa_a, api_a) = (free_port(), free_port());
    let mut a = eim(&dir, "eim-a", esipa_a, api_a);
    wait_listening(api_a);
    let pki = dir.join("pki");
    let api = api_client(&pki, api_a, Some(operator_identity(&pki)));
    let eid = "89049032123451234512345678901235";
    blocking(|| api.post("/v1/devices", &json!({ "eid": eid }), 201));
    relay.frozen.store(true, Ordering::SeqCst);
    let op = blocking(|| {
        api.post(
            &format!("/v1/devices/{eid}/operations"),
            &json!({"type": "localize", "country": "DE"}),
            202,
        )
    });
    let op_id = op["id"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(30);
    while relay.held.load(Ordering::SeqCst) == 0 {
        assert!(Instant::now() < deadline, "instance A never called ES2+");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    a.0.kill().unwrap();
    let _ = a.0.wait();

    // Instance B, after the lease, orders once.
    relay.frozen.store(false, Ordering::SeqCst);
    let (esipa_b, api_b) = (free_port(), free_port());
    let _b = eim(&dir, "eim-b", esipa_b, api_b);
    wait_listening(api_b);
    let api = api_client(&pki, api_b, Some(operator_identity(&pki)));
    let deadline = Instant::now() + Duration::from_secs(30);
    let done = loop {
        let v = blocking(|| api.get(&format!("/v1/operations/{op_id}")));
        if v["operation"]["step"] == "download" || v["step"] == "download" {
            break v;
        }
        assert!(
            Instant::now() < deadline,
            "B never took over: {v}\n{}",
            std::fs::read_to_string(dir.join("eim-b.log")).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let orders = view.orders().await.unwrap();
    assert_eq!(orders.len(), 1, "one order placed: {orders:?}\n{done}");
    let taken = view
        .profiles(Some("de-local-a"))
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.state != sm_dp::ProfileState::Available)
        .count();
    assert_eq!(taken, 1, "one profile out of stock");
    smdp.shutdown().await;
}
