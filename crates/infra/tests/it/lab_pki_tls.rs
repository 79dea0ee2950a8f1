//! Real rustls handshakes (in memory) with the servers' TLS configurations and the lab PKI's
//! certificates: CERT.DP.TLS for the SM-DP+ FQDN (SGP.22 §2.6.6), the eIM's TLS certificate,
//! and ES2+ mutual TLS with an operator client certificate under the operator CA.

use std::io::{Read, Write};
use std::sync::{Arc, OnceLock};

use certs::{CertRole, Credential, LabPkiOptions, Pki, generate, verify_cert};
use infra::tls::{Identity, ServerTrust, provider};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, ServerConfig, ServerConnection};

fn lab() -> &'static Pki {
    static LAB: OnceLock<Pki> = OnceLock::new();
    LAB.get_or_init(|| generate(&LabPkiOptions::default()).unwrap())
}

fn ci_der() -> &'static [u8] {
    &lab().require(CertRole::Ci).unwrap().cert_der
}

/// A credential of the lab PKI as the servers and clients present it.
fn identity(c: &Credential) -> Identity {
    Identity {
        chain: vec![c.cert_der.clone()],
        key_pem: c.key().unwrap().to_sec1_pem().unwrap().as_bytes().to_vec(),
    }
}

fn server_config(c: &Credential, client_roots: Option<&[&[u8]]>) -> Arc<ServerConfig> {
    let roots: Option<Vec<Vec<u8>>> = client_roots.map(|r| r.iter().map(|d| d.to_vec()).collect());
    infra::tls::server_config(&identity(c), roots.as_deref()).unwrap()
}

fn client_config(roots: &[&[u8]], c: Option<&Credential>) -> Arc<ClientConfig> {
    let trust = ServerTrust::roots(roots.iter().map(|d| d.to_vec()).collect());
    let id = c.map(identity);
    Arc::new(infra::tls::client_config(&trust, id.as_ref()).unwrap())
}

/// Runs a handshake and one request/response; returns the server connection.
fn handshake(
    client: Arc<ClientConfig>,
    server: Arc<ServerConfig>,
    name: &str,
) -> Result<(ClientConnection, ServerConnection), rustls::Error> {
    let mut c = ClientConnection::new(client, ServerName::try_from(name.to_string()).unwrap())?;
    let mut s = ServerConnection::new(server)?;
    for _ in 0..20 {
        if !c.is_handshaking() && !s.is_handshaking() {
            break;
        }
        let mut buf = Vec::new();
        c.write_tls(&mut buf).unwrap();
        s.read_tls(&mut buf.as_slice()).unwrap();
        s.process_new_packets()?;
        let mut buf = Vec::new();
        s.write_tls(&mut buf).unwrap();
        c.read_tls(&mut buf.as_slice()).unwrap();
        c.process_new_packets()?;
    }
    assert!(!c.is_handshaking() && !s.is_handshaking());

    c.writer()
        .write_all(b"POST /gsma/rsp2/es9plus/initiateAuthentication")
        .unwrap();
    let mut buf = Vec::new();
    c.write_tls(&mut buf).unwrap();
    s.read_tls(&mut buf.as_slice()).unwrap();
    s.process_new_packets()?;
    let mut got = vec![0u8; 64];
    let n = s.reader().read(&mut got).unwrap();
    assert_eq!(&got[..n], b"POST /gsma/rsp2/es9plus/initiateAuthentication");
    Ok((c, s))
}

#[test]
fn sgp22_2_6_6_dp_tls_handshake_for_the_smdp_fqdn() {
    let server = server_config(lab().require(CertRole::DpTls).unwrap(), None);
    let client = client_config(&[ci_der()], None);
    let (c, _s) = handshake(client.clone(), server.clone(), "smdp.rsp-lab.test").unwrap();
    assert!(c.negotiated_cipher_suite().is_some());

    // Another name is refused by the client's webpki check.
    let err = handshake(client, server, "other.rsp-lab.test").unwrap_err();
    assert!(
        matches!(err, rustls::Error::InvalidCertificate(_)),
        "{err:?}"
    );
}

#[test]
fn sgp22_2_6_6_tls12_ecdhe_ecdsa_aes128_gcm_sha256_works() {
    // The suite SGP.22 mandates, TLS 1.2 only.
    let suite = rustls::crypto::ring::cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    let only = Arc::new(CryptoProvider {
        cipher_suites: vec![suite],
        ..(*provider()).clone()
    });
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ci_der().to_vec().into()).unwrap();
    let client = ClientConfig::builder_with_provider(only)
        .with_protocol_versions(&[&rustls::version::TLS12])
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let server = server_config(lab().require(CertRole::DpTls).unwrap(), None);
    let (c, _) = handshake(Arc::new(client), server, "smdp.rsp-lab.test").unwrap();
    assert_eq!(c.negotiated_cipher_suite(), Some(suite));
    assert_eq!(c.protocol_version(), Some(rustls::ProtocolVersion::TLSv1_2));
}

#[test]
fn es2plus_operator_mutual_tls() {
    let op_ca = &lab().require(CertRole::OperatorCa).unwrap().cert_der;
    let server = server_config(
        lab().require(CertRole::DpTls).unwrap(),
        Some(&[op_ca.as_slice()]),
    );
    let operator = lab().operator("operator1").unwrap();
    let client = client_config(&[ci_der()], Some(operator));
    let (_c, s) = handshake(client, server.clone(), "smdp.rsp-lab.test").unwrap();

    // The server identifies the operator and its role from the presented certificate.
    let peer = s.peer_certificates().unwrap();
    let anchors = [lab().operator_ca_anchor().unwrap()];
    let who = verify_cert(&anchors, &peer[0], CertRole::OperatorClient, None).unwrap();
    assert_eq!(who.subject_cn.as_deref(), Some("operator1"));

    // Without a client certificate the server refuses.
    let anonymous = client_config(&[ci_der()], None);
    assert!(handshake(anonymous, server.clone(), "smdp.rsp-lab.test").is_err());

    // A server certificate is not an operator: DP TLS carries clientAuth but is under the CI.
    let impostor = client_config(&[ci_der()], Some(lab().require(CertRole::EimTls).unwrap()));
    assert!(handshake(impostor, server, "smdp.rsp-lab.test").is_err());
}

#[test]
fn esipa_eim_tls_handshake() {
    let server = server_config(lab().require(CertRole::EimTls).unwrap(), None);
    let client = client_config(&[ci_der()], None);
    assert!(handshake(client, server, "eim.rsp-lab.test").is_ok());
}
