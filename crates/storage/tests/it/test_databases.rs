//! The test databases on PostgreSQL: a run keeps only those of processes still running.

use storage::testing::{POSTGRES_ENV, create_postgres_database, sweep_ended};

fn exists(base: &str, name: &str) -> bool {
    let mut c = postgres::Client::connect(base, postgres::NoTls).expect("connect");
    c.query_one(
        "SELECT count(*) FROM pg_database WHERE datname = $1",
        &[&name],
    )
    .expect("query")
    .get::<_, i64>(0)
        == 1
}

#[test]
fn the_databases_of_ended_test_processes_are_dropped_and_the_running_ones_kept() {
    let Ok(base) = std::env::var(POSTGRES_ENV) else {
        println!("skipped: {POSTGRES_ENV} is not set (tools/postgres/test-postgres.sh start)");
        return;
    };
    // No process has the largest id (Linux's pid_max is at most 2^22).
    let ended = "sweep_test_p4294967295_0123456789ab";
    let running = format!("sweep_test_p{}_0123456789ab", std::process::id());
    create_postgres_database(&base, ended).expect("create the ended one");
    create_postgres_database(&base, &running).expect("create the running one");
    assert!(sweep_ended(&base).expect("sweep") >= 1);
    assert!(
        !exists(&base, ended),
        "the database of an ended process is left"
    );
    assert!(
        exists(&base, &running),
        "the database of this process was dropped"
    );
    let mut c = postgres::Client::connect(&base, postgres::NoTls).expect("connect");
    c.batch_execute(&format!("DROP DATABASE {running}"))
        .expect("drop");
}
