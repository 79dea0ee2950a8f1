//! The database unavailable (issue 11): the SM-DP+ over PostgreSQL, the server stopped in
//! the middle of ordering and started again. While it is down every ES2+ call is refused
//! with the execution error (1.6/4.2) and a log line naming the cause; nothing is
//! acknowledged that was not stored; once it is back, the same SM-DP+ (no restart) orders
//! again. Needs Debian's postgresql (the test starts a cluster of its own on another port;
//! skipped with a notice without it).

use crate::support;

use std::process::Command;

use support::{Lab, OPERATOR};

fn cluster(action: &str) -> Option<String> {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tools/postgres/test-postgres.sh");
    let out = Command::new(script)
        .arg(action)
        .env("RSP_TEST_POSTGRES_DIR", "/tmp/rsp-lab-pg-outage")
        .env("RSP_TEST_POSTGRES_PORT", "55442")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[tokio::test]
async fn orders_are_refused_while_postgresql_is_down_and_resume_when_it_is_back() {
    if std::fs::read_dir("/usr/lib/postgresql").is_err() {
        println!("notice: PostgreSQL is not installed: test skipped");
        return;
    }
    let Some(base) = tokio::task::spawn_blocking(|| cluster("start"))
        .await
        .unwrap()
    else {
        println!("notice: could not start a PostgreSQL cluster: test skipped");
        return;
    };
    let url = tokio::task::spawn_blocking(move || {
        storage::testing::create_postgres_database(&base, &format!("outage_{}", std::process::id()))
    })
    .await
    .unwrap()
    .expect("a database");
    let lab = Lab::start_with(|c| c.server.database_url = Some(url.clone())).await;
    lab.inventory("t", OPERATOR, 10, "8949449999999990023")
        .await;
    let mut acknowledged = Vec::new();
    for _ in 0..2 {
        let o = lab
            .es2
            .download_order(None, None, Some("t".into()))
            .await
            .unwrap();
        acknowledged.push(o.iccid.as_str().to_string());
    }

    tokio::task::spawn_blocking(|| cluster("stop"))
        .await
        .unwrap();
    for _ in 0..3 {
        let e = lab
            .es2
            .download_order(None, None, Some("t".into()))
            .await
            .expect_err("no order without the database");
        let text = e.to_string();
        assert!(text.contains("1.6") && text.contains("4.2"), "{text}");
    }

    tokio::task::spawn_blocking(|| cluster("start"))
        .await
        .unwrap();
    let mut back = None;
    for _ in 0..50 {
        match lab.es2.download_order(None, None, Some("t".into())).await {
            Ok(o) => {
                back = Some(o.iccid.as_str().to_string());
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
        }
    }
    acknowledged.push(back.expect("ordering resumes once PostgreSQL is back"));
    let taken: Vec<String> = lab
        .smdp
        .view()
        .profiles(Some("t"))
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.state != sm_dp::ProfileState::Available)
        .map(|p| p.iccid)
        .collect();
    acknowledged.sort();
    assert_eq!(taken, acknowledged, "stored is what was acknowledged");
    lab.smdp.shutdown().await;
    tokio::task::spawn_blocking(|| cluster("stop"))
        .await
        .unwrap();
}
