//! What the tests of this crate share: P-256 certificates for the DTLS certificate mode.
#![allow(dead_code, unreachable_pub)] // each test crate uses its own part

use openssl::asn1::Asn1Time;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};
use openssl::x509::{X509, X509Name, X509NameBuilder};

fn key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
}

fn name(cn: &str) -> X509Name {
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", cn).unwrap();
    name.build()
}

/// A certificate of `subject` for `key`, signed by `issuer` (self-signed without); a CA's
/// without `host`, a server's for `host` with it.
fn build(
    subject: &str,
    key: &PKey<Private>,
    issuer: Option<(&str, &PKey<Private>)>,
    host: Option<&str>,
) -> X509 {
    let (issuer_name, issuer_key) = issuer.unwrap_or((subject, key));
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    b.set_subject_name(&name(subject)).unwrap();
    b.set_issuer_name(&name(issuer_name)).unwrap();
    b.set_pubkey(key).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(1).unwrap())
        .unwrap();
    match host {
        Some(host) => {
            let san = SubjectAlternativeName::new()
                .dns(host)
                .build(&b.x509v3_context(None, None))
                .unwrap();
            b.append_extension(san).unwrap();
        }
        None => {
            let ca = BasicConstraints::new().critical().ca().build().unwrap();
            b.append_extension(ca).unwrap();
        }
    }
    b.sign(issuer_key, MessageDigest::sha256()).unwrap();
    b.build()
}

/// A self-signed P-256 certificate for `host` and its key (PEM).
pub fn certificate(host: &str) -> (Vec<u8>, Vec<u8>) {
    let key = key();
    let cert = build(host, &key, None, Some(host));
    (
        cert.to_der().unwrap(),
        key.private_key_to_pem_pkcs8().unwrap(),
    )
}

/// A server's certificate and key issued by a root of its own.
pub struct Issued {
    /// The root's certificate (PEM).
    pub root: Vec<u8>,
    /// The server's certificate (DER).
    pub cert: Vec<u8>,
    /// The server's key (PEM).
    pub key: Vec<u8>,
}

/// A P-256 certificate for `host` issued by a new root CA.
pub fn issued(host: &str) -> Issued {
    let (root_key, server_key) = (key(), key());
    let root = build("Test root", &root_key, None, None);
    let cert = build(
        host,
        &server_key,
        Some(("Test root", &root_key)),
        Some(host),
    );
    Issued {
        root: root.to_pem().unwrap(),
        cert: cert.to_der().unwrap(),
        key: server_key.private_key_to_pem_pkcs8().unwrap(),
    }
}

/// The PSK identity and key of the tests' device.
pub const IDENTITY: &[u8] = b"device-1";
pub const KEY: &[u8] = b"key-of-device-1";

/// A DTLS server on loopback knowing the tests' device's PSK.
pub async fn psk_server<H: coaps::Handler>(
    config: coaps::ServerConfig,
    handler: H,
) -> coaps::CoapServer {
    let dtls = coaps::DtlsConfig {
        psks: [(IDENTITY.to_vec(), KEY.to_vec())].into(),
        certificate: None,
    };
    coaps::dtls::serve("127.0.0.1:0", config, dtls, handler)
        .await
        .unwrap()
}

/// The tests' device's PSK security, with `key` (the right one is [`KEY`]).
pub fn device_psk(key: &[u8]) -> coaps::ClientSecurity {
    coaps::ClientSecurity::Psk {
        identity: IDENTITY.to_vec(),
        key: key.to_vec(),
    }
}
