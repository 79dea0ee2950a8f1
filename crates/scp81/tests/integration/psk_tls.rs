//! PSK-TLS between our client and our server (SGP.02 2.4.4; RFC 4279, RFC 5487).

use scp81::tls::{negotiated_suite, peer_identity};
use scp81::{CipherSuite, TlsError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{KEY, acceptor, connector, handshake, identity};

#[tokio::test]
async fn each_suite_completes_and_carries_data() {
    let server_side = acceptor(&[
        CipherSuite::Aes128GcmSha256,
        CipherSuite::Aes128CbcSha256,
        CipherSuite::Aes128CbcSha,
    ]);
    for suite in [
        CipherSuite::Aes128GcmSha256,
        CipherSuite::Aes128CbcSha256,
        CipherSuite::Aes128CbcSha,
    ] {
        let card = connector(&[suite], identity().to_text().as_bytes(), &KEY);
        let (server, client) = handshake(&server_side, &card).await;
        let (mut server, mut client) = (server.unwrap(), client.unwrap());
        assert_eq!(negotiated_suite(&server), Some(suite));
        assert_eq!(negotiated_suite(&client), Some(suite));
        assert_eq!(client.ssl().version_str(), "TLSv1.2");
        assert_eq!(
            peer_identity(&server),
            Some(identity().to_text().as_bytes())
        );
        assert!(!server.ssl().session_reused());
        client.write_all(b"POST").await.unwrap();
        let mut got = [0u8; 4];
        server.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"POST");
    }
}

#[tokio::test]
async fn sgp02_suites_are_the_default_and_gcm_is_preferred() {
    let (server, client) = handshake(
        &acceptor(&CipherSuite::SGP02),
        &connector(&CipherSuite::SGP02, identity().to_text().as_bytes(), &KEY),
    )
    .await;
    assert_eq!(
        negotiated_suite(&client.unwrap()),
        Some(CipherSuite::Aes128GcmSha256)
    );
    assert!(server.is_ok());
    assert_eq!(
        scp81::TlsConfig::default().suites,
        CipherSuite::SGP02.to_vec()
    );
}

#[tokio::test]
async fn a_suite_the_server_lacks_fails_the_handshake() {
    let (server, client) = handshake(
        &acceptor(&[CipherSuite::Aes128GcmSha256]),
        &connector(
            &[CipherSuite::Aes128CbcSha],
            identity().to_text().as_bytes(),
            &KEY,
        ),
    )
    .await;
    assert!(matches!(server, Err(TlsError::Protocol(_))), "{server:?}");
    // handshake_failure (40)
    assert_eq!(client.err().and_then(|e| e.alert()), Some(40));
}

#[tokio::test]
async fn a_wrong_key_fails_on_both_sides() {
    for suite in CipherSuite::SGP02 {
        let mut wrong = KEY;
        wrong[15] ^= 1;
        let (server, client) = handshake(
            &acceptor(&[suite]),
            &connector(&[suite], identity().to_text().as_bytes(), &wrong),
        )
        .await;
        assert!(
            matches!(server, Err(TlsError::BadRecordMac)),
            "{suite:?}: {server:?}"
        );
        // bad_record_mac (20)
        assert_eq!(client.err().and_then(|e| e.alert()), Some(20), "{suite:?}");
    }
}

#[tokio::test]
async fn an_unknown_identity_gets_unknown_psk_identity() {
    let other_key = scp81::PskIdentity::isd_r(crate::support::EID, 0x41, 0x01);
    for id in [other_key.to_text(), "Client_identity".to_owned()] {
        let (server, client) = handshake(
            &acceptor(&CipherSuite::SGP02),
            &connector(&CipherSuite::SGP02, id.as_bytes(), &KEY),
        )
        .await;
        assert!(
            matches!(server, Err(TlsError::UnknownIdentity)),
            "{server:?}"
        );
        // unknown_psk_identity (115, RFC 4279 2)
        assert_eq!(client.err().and_then(|e| e.alert()), Some(115));
    }
}

#[tokio::test]
async fn a_silent_client_meets_the_handshake_limit() {
    let mut cfg = crate::support::config(&CipherSuite::SGP02);
    cfg.handshake_timeout = std::time::Duration::from_millis(50);
    let server_side = scp81::PskAcceptor::new(&cfg, |_| None).unwrap();
    let (listener, addr) = crate::support::listen().await;
    let _silent = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (tcp, _) = listener.accept().await.unwrap();
    assert!(matches!(
        server_side.accept(tcp).await,
        Err(TlsError::Timeout)
    ));
}

#[tokio::test]
async fn a_client_that_hangs_up_is_closed_not_a_panic() {
    let (listener, addr) = crate::support::listen().await;
    let client = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (tcp, _) = listener.accept().await.unwrap();
    let mut client = client;
    client
        .write_all(b"\x16\x03\x01\x00\x05garbage")
        .await
        .unwrap();
    drop(client);
    let r = acceptor(&CipherSuite::SGP02).accept(tcp).await;
    assert!(
        matches!(r, Err(TlsError::Protocol(_) | TlsError::Closed)),
        "{r:?}"
    );
}

#[test]
fn configuration_is_checked() {
    let empty = scp81::TlsConfig {
        suites: vec![],
        ..Default::default()
    };
    assert!(matches!(
        scp81::PskAcceptor::new(&empty, |_| None),
        Err(TlsError::NoSuite)
    ));
    let key = scp81::Psk::new(&KEY).unwrap();
    let long = vec![b'A'; 129];
    assert!(matches!(
        scp81::PskConnector::new(&Default::default(), &long, key),
        Err(TlsError::IdentityLength(129))
    ));
}
