//! Configuration: the SM-DP+ address as LPAs send it (SGP.22 4.1, with a port), credentials
//! from an SGP.26-layout directory or generated in the data directory, the `serve` options.

mod support;

use proto::der::Asn1;
use sm_dp::{CredentialSource, ServeOptions, SmDp, SmDpConfig};
use support::*;

#[tokio::test]
async fn sgp22_4_1_address_with_port_and_credentials_from_an_sgp26_directory() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki();
    pki.write_dir(&dir.path().join("creds")).unwrap();
    let db = database_url(dir.path()).await;
    let mut c = config(&pki, dir.path(), &db);
    c.credentials = CredentialSource::Dir(dir.path().join("creds"));
    c.address = Some(format!("{FQDN}:8443"));
    let smdp = SmDp::start(c).await.unwrap();
    assert_eq!(smdp.oid(), certs::generate::DEFAULT_SMDP_OID);
    let es9 = Es9Client::new(&pki, smdp.es9_addr());
    let euicc = TestEuicc::of(&pki);
    let ok = es9
        .initiate(&euicc, &format!("{}:8443", FQDN.to_uppercase()))
        .await;
    assert!(executed(&ok), "{ok}");
    let signed = proto::sgp22::ServerSigned1::from_der(&unb64(&ok["serverSigned1"])).unwrap();
    assert_eq!(
        signed.server_address,
        format!("{}:8443", FQDN.to_uppercase())
    );
    let refused = es9.initiate(&euicc, FQDN).await;
    assert_eq!(code(&refused), ("8.8.1".into(), "3.8".into()));
    smdp.shutdown().await;
}

#[tokio::test]
async fn the_data_directory_gets_a_lab_pki_once() {
    let dir = tempfile::tempdir().unwrap();
    let options = ServeOptions {
        data_dir: dir.path().to_path_buf(),
        es9_listen: Some("127.0.0.1:0".parse().unwrap()),
        es2_listen: Some("127.0.0.1:0".parse().unwrap()),
        ..ServeOptions::default()
    };
    let start = || async {
        let c = SmDpConfig::from_options(&options).unwrap();
        assert!(matches!(c.credentials, CredentialSource::DataDir));
        SmDp::start(c).await.unwrap()
    };
    let first = start().await;
    assert_eq!(first.address(), FQDN);
    first.shutdown().await;
    let cert = std::fs::read(
        dir.path()
            .join("pki/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"),
    )
    .unwrap();
    let second = start().await;
    second.shutdown().await;
    let again = std::fs::read(
        dir.path()
            .join("pki/DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der"),
    )
    .unwrap();
    assert_eq!(cert, again, "loaded, not generated again");
    assert!(
        dir.path().join("smdp.db").is_file(),
        "SQLite in the data directory"
    );
}
