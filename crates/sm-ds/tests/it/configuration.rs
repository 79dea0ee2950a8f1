//! Starting from the options of a `rsp-lab smds serve` command: credentials generated in the
//! data directory on first use and loaded from there afterwards.

use sm_ds::{ServeOptions, SmDs, SmDsConfig};

#[tokio::test]
async fn a_data_directory_gets_a_pki_on_first_start_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let options = ServeOptions {
        server: server::Flags {
            data_dir: dir.path().into(),
            ..server::Flags::default()
        },
        es11_listen: Some("127.0.0.1:0".parse().unwrap()),
        es12_listen: Some("127.0.0.1:0".parse().unwrap()),
        ..ServeOptions::default()
    };
    let first = SmDs::start(SmDsConfig::from_options(&options).unwrap())
        .await
        .expect("starts");
    assert_eq!(first.address(), "smds.rsp-lab.test");
    first.shutdown().await;
    let tls = dir.path().join("pki/DStls/CERT_S_SM_DS_TLS_NIST.der");
    let written = std::fs::read(&tls).expect("DS TLS certificate written");

    let alternative = ServeOptions {
        alternative: true,
        ..options
    };
    let second = SmDs::start(SmDsConfig::from_options(&alternative).unwrap())
        .await
        .expect("starts again");
    assert_eq!(second.address(), "alt-smds.rsp-lab.test");
    second.shutdown().await;
    assert_eq!(std::fs::read(&tls).unwrap(), written, "the PKI is kept");
}
