//! Configuration: the SM-DP+ address as LPAs send it (SGP.22 4.1, with a port), credentials
//! from an SGP.26-layout directory or generated in the data directory, the `serve` options.

use crate::support;

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
    c.server.credentials = CredentialSource::Dir(dir.path().join("creds"));
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
        server: server::Flags {
            data_dir: dir.path().to_path_buf(),
            ..server::Flags::default()
        },
        es9_listen: Some("127.0.0.1:0".parse().unwrap()),
        es2_listen: Some("127.0.0.1:0".parse().unwrap()),
        ..ServeOptions::default()
    };
    let start = || async {
        let c = SmDpConfig::from_options(&options).unwrap();
        assert!(matches!(c.server.credentials, CredentialSource::DataDir));
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

/// The GSMA SGP.26 test set, when present (`/work/shared/reference/sgp26-test-certs`).
fn sgp26_dir() -> Option<std::path::PathBuf> {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/sgp26-test-certs");
    if d.join("DPauth").is_dir() {
        Some(d)
    } else {
        println!("notice: {} absent; test skipped", d.display());
        None
    }
}

/// SGP.22 4.5.2 / SGP.26: the SM-DP+ starts from the GSMA test credentials (no operator CA,
/// a Brainpool CI besides the NIST one, an expired CERT.DP.TLS), answers to the DP TLS
/// certificate's dNSName, selects the GSMA CI in InitiateAuthentication (5.6.1), and signs
/// with CERT.DPauth.ECDSA; ES2+ refuses every request with 1.1/1.1.
#[tokio::test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
async fn sgp22_4_5_2_sgp26_test_credentials_without_operator_ca() {
    let Some(creds) = sgp26_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = database_url(dir.path()).await;
    let lab = pki();
    let mut c = config(&lab, dir.path(), &db);
    c.server.credentials = CredentialSource::Dir(creds.clone());
    let smdp = SmDp::start(c).await.unwrap();
    assert_eq!(smdp.address(), "testsmdpplus1.example.com");
    assert_eq!(smdp.oid(), "2.999.10");

    let gsma_ci = std::fs::read(creds.join("CertificateIssuer/CERT_CI_ECDSA_NIST.der")).unwrap();
    let gsma_ski = certs::CiAnchor::from_der(&gsma_ci).unwrap().ski().to_vec();
    // The DP TLS certificate expired 2026-08-02: the client checks the chain but cannot
    // check validity, so it trusts the handshake without verification.
    let es9 = Es9Client::with(
        infra::tls::ServerTrust::Insecure,
        smdp.address(),
        smdp.es9_addr(),
    );
    let mut euicc = TestEuicc::of(&lab);
    euicc.ci_ski = gsma_ski.clone();
    let ok = es9.initiate(&euicc, "testsmdpplus1.example.com").await;
    assert!(executed(&ok), "{ok}");
    // JSON carries the DER of the SubjectKeyIdentifier (OCTET STRING).
    assert_eq!(
        unb64(&ok["euiccCiPKIdToBeUsed"]),
        [&[0x04, 0x14][..], &gsma_ski].concat()
    );
    let dp_auth = std::fs::read(creds.join("DPauth/CERT_S_SM_DPauth_ECDSA_NIST.der")).unwrap();
    assert_eq!(unb64(&ok["serverCertificate"]), dp_auth);

    // An eUICC of another CI only: 8.8.2/3.1 (security configuration not supported).
    let refused = es9
        .initiate(&TestEuicc::of(&lab), "testsmdpplus1.example.com")
        .await;
    assert_eq!(code(&refused), ("8.8.2".into(), "3.1".into()));

    // ES2+ without an operator CA: no client is identified.
    let es2 = Es9Client::with(
        infra::tls::ServerTrust::Insecure,
        smdp.address(),
        smdp.es2_addr(),
    );
    let (status, body) = es2
        .raw(
            "/gsma/rsp2/es2plus/cancelOrder",
            proto::json::http::CONTENT_TYPE_JSON,
            Some(proto::json::http::ADMIN_PROTOCOL_SGP22),
            br#"{"header":{"functionRequesterIdentifier":"x","functionCallIdentifier":"1"},"iccid":"89000000000000000001","finalProfileStatusIndicator":"Available"}"#.to_vec(),
        )
        .await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(code(&v), ("1.1".into(), "1.1".into()));
    smdp.shutdown().await;
}

/// `--oid`: the SM-DP+ OID (SGP.22 2.6.7 / 5.6.4) comes from the option, over the
/// registeredID of CERT.DPauth.ECDSA, and is the one a Profile Installation Result must carry
/// (smdpOid): a PIR naming the certificate's OID is ignored, one naming the configured OID
/// installs.
#[tokio::test]
async fn sgp22_5_6_4_the_configured_oid_is_the_smdp_oid() {
    const OID: &str = "2.999.77";
    let dir = tempfile::tempdir().unwrap();
    let pki = pki();
    pki.write_dir(&dir.path().join("creds")).unwrap();
    let options = ServeOptions {
        server: server::Flags {
            data_dir: dir.path().to_path_buf(),
            pki_dir: Some(dir.path().join("creds")),
            ..server::Flags::default()
        },
        es9_listen: Some("127.0.0.1:0".parse().unwrap()),
        es2_listen: Some("127.0.0.1:0".parse().unwrap()),
        oid: Some(OID.into()),
        ..ServeOptions::default()
    };
    let smdp = SmDp::start(SmDpConfig::from_options(&options).unwrap())
        .await
        .unwrap();
    assert_eq!(smdp.oid(), OID);
    smdp.shutdown().await;

    let lab = Lab::start_with(|c| c.oid = Some(OID.into())).await;
    assert_eq!(lab.smdp.oid(), OID);
    lab.inventory("lab-type", OPERATOR, 1, "8949449999999990023")
        .await;
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let otpk = proto::crypto::EckaKeyPair::generate().unwrap();
    assert!(executed(&lab.get_bpp(&lab.euicc, &d, &otpk, None).await));
    let notify = |oid: &str| {
        let pir = lab.euicc.pir(&d, oid, &iccid, FQDN, 1, true);
        let es9 = &lab.es9;
        async move {
            es9.call(
                "handleNotification",
                serde_json::json!({"pendingNotification": b64(&pir.to_der())}),
            )
            .await
        }
    };
    assert!(notify(certs::generate::DEFAULT_SMDP_OID).await.is_null());
    assert_eq!(
        lab.profile(&iccid).await.state,
        sm_dp::ProfileState::Downloaded
    );
    assert!(notify(OID).await.is_null());
    assert_eq!(
        lab.profile(&iccid).await.state,
        sm_dp::ProfileState::Installed
    );
    lab.smdp.shutdown().await;
}

/// The configuration's `trusted_cis` must be CI roots and `operator_ca` operator CAs: a
/// root in the wrong place stops the start instead of refusing every client later.
#[tokio::test]
async fn trusted_cis_and_operator_ca_of_the_wrong_role_stop_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki();
    let db = database_url(dir.path()).await;
    let ci = pki.require(certs::CertRole::Ci).unwrap().cert_der.clone();
    let op_ca = pki
        .require(certs::CertRole::OperatorCa)
        .unwrap()
        .cert_der
        .clone();
    let mut c = config(&pki, dir.path(), &db);
    c.operator_ca = vec![ci.clone()];
    let err = SmDp::start(c).await.err().expect("refused").to_string();
    assert!(err.contains("operator CA"), "{err}");
    let mut c = config(&pki, dir.path(), &db);
    c.trusted_cis = vec![op_ca.clone()];
    let err = SmDp::start(c).await.err().expect("refused").to_string();
    assert!(err.contains("trusted CI"), "{err}");
    let mut c = config(&pki, dir.path(), &db);
    c.trusted_cis = vec![ci];
    c.operator_ca = vec![op_ca];
    SmDp::start(c).await.unwrap().shutdown().await;
}

#[test]
fn the_sgp02_table_configures_the_sgp02_sm_dp_and_refuses_what_cannot_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("smdp.toml");
    let options = |text: &str| {
        std::fs::write(&file, text).unwrap();
        ServeOptions {
            server: server::Flags {
                data_dir: dir.path().to_path_buf(),
                config_file: Some(file.clone()),
                ..server::Flags::default()
            },
            ..ServeOptions::default()
        }
    };
    let base = "[sgp02]\nlisten = \"127.0.0.1:8470\"\n\
                callback_url = \"https://smdp.rsp-lab.test:8470/gsma/smdp/ES3\"\n";
    let c = SmDpConfig::from_options(&options(&format!(
        "{base}segment_len = 512\nresponse_wait_secs = 30\n\
         [sgp02.smsrs.sr-1]\nurl = \"https://smsr.rsp-lab.test:8450/gsma/smsr/ES3\"\n\
         resolve = \"127.0.0.1:8450\"\n\
         [sgp02.operators.operator1]\nnotify_url = \"https://op.example:9443/es2\"\n"
    )))
    .unwrap();
    let s = c.sgp02.expect("[sgp02]");
    assert_eq!(s.listen, "127.0.0.1:8470".parse().unwrap());
    assert_eq!((s.segment_len, s.response_wait.as_secs()), (512, 30));
    assert_eq!(
        s.smsrs["sr-1"].resolve,
        Some("127.0.0.1:8450".parse().unwrap())
    );
    assert_eq!(
        s.operators["operator1"].notify_url,
        "https://op.example:9443/es2"
    );
    // Without the table there is no SGP.02 SM-DP.
    assert!(
        SmDpConfig::from_options(&options(""))
            .unwrap()
            .sgp02
            .is_none()
    );
    for bad in [
        format!("{base}segment_len = 1025\n"),
        format!("{base}segment_len = 0\n"),
        format!("{base}[sgp02.smsrs.sr-1]\nurl = \"not a url\"\n"),
        format!("{base}[sgp02.operators.op]\nnotify_url = \"nowhere\"\n"),
        format!("{base}colour = \"blue\"\n"),
    ] {
        assert!(SmDpConfig::from_options(&options(&bad)).is_err(), "{bad}");
    }
}
