//! The client against the server: plain CoAP, DTLS with a PSK and with the server's
//! certificate, bodies in blocks both ways, the association kept, a lost request sent again.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use coaps::{
    ClientSecurity, CoapClient, DtlsConfig, Handler, Peer, Request, Response, ResponseType,
    ServerConfig,
};
use tokio::net::UdpSocket;

mod common;
use common::{KEY, certificate, device_psk, psk_server};

const PATH: &str = "/gsma/rsp2/asn1";

/// The session and PSK identity of each request.
type Seen = Arc<Mutex<Vec<(u64, Option<Vec<u8>>)>>>;

/// Answers with the payload reversed; keeps the sessions it saw.
#[derive(Clone, Default)]
struct Reverse(Seen);

impl Handler for Reverse {
    async fn handle(&self, peer: Peer, request: Request) -> Response {
        self.0.lock().unwrap().push((peer.session, peer.identity));
        let mut payload = request.payload;
        payload.reverse();
        Response {
            code: ResponseType::Changed,
            content_format: Some(42),
            payload,
        }
    }
}

fn bodies() -> [Vec<u8>; 2] {
    [
        (0..100u8).collect(),
        (0..3000u32).map(|i| (i % 251) as u8).collect(),
    ]
}

async fn round_trips(client: &CoapClient, server: SocketAddr) {
    for body in bodies() {
        let r = client
            .post(server, "eim.rsp-lab.test", PATH, &body)
            .await
            .expect("answered");
        let mut expected = body.clone();
        expected.reverse();
        assert_eq!(
            (r.code, r.content_format),
            (ResponseType::Changed, Some(42))
        );
        assert_eq!(r.payload, expected, "{} octets", body.len());
    }
}

#[tokio::test]
async fn rfc7252_plain_requests_and_rfc7959_blocks_both_ways() {
    let handler = Reverse::default();
    let server = coaps::serve_plain("127.0.0.1:0", ServerConfig::default(), handler.clone())
        .await
        .unwrap();
    // 64-octet request blocks: the 3,000 octets go in 47 of them and come back in Block2
    let client = CoapClient::new(ClientSecurity::Plain, 2).unwrap();
    round_trips(&client, server.local_addr()).await;
    server.shutdown().await;
}

#[tokio::test]
async fn dtls_with_a_psk_keeps_one_association_and_a_wrong_key_gets_nothing() {
    let handler = Reverse::default();
    let server = psk_server(ServerConfig::default(), handler.clone()).await;
    let client = CoapClient::new(device_psk(KEY), 6).unwrap();
    round_trips(&client, server.local_addr()).await;
    let seen = handler.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert!(
        seen.iter()
            .all(|s| *s == (seen[0].0, Some(common::IDENTITY.to_vec()))),
        "{seen:?}"
    );

    assert_eq!(client.handshakes(), (1, 0), "one association for both");

    // RFC 7925 10: a device that slept comes back with an abbreviated handshake
    client.sleep().await;
    let again = client.post(server.local_addr(), "eim.rsp-lab.test", PATH, b"awake");
    assert_eq!(again.await.unwrap().payload, b"ekawa");
    assert_eq!(client.handshakes(), (2, 1), "the session resumed");

    let wrong = CoapClient::new(device_psk(b"another-key"), 6)
        .unwrap()
        .with_handshake_timeout(std::time::Duration::from_secs(3));
    assert!(
        wrong
            .post(server.local_addr(), "eim.rsp-lab.test", PATH, b"x")
            .await
            .is_err()
    );
    assert_eq!(
        handler.0.lock().unwrap().len(),
        3,
        "nothing reached the application"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn dtls_with_the_servers_certificate_checked_by_name() {
    let (cert, key) = certificate("eim.rsp-lab.test");
    let dtls = DtlsConfig {
        psks: Default::default(),
        certificate: Some((vec![cert.clone()], key)),
    };
    let server = coaps::dtls::serve(
        "127.0.0.1:0",
        ServerConfig::default(),
        dtls,
        Reverse::default(),
    )
    .await
    .unwrap();
    let trusting = ClientSecurity::Certificate {
        roots: vec![cert.clone()],
    };
    let client = CoapClient::new(trusting.clone(), 6).unwrap();
    round_trips(&client, server.local_addr()).await;
    client.sleep().await;
    round_trips(&client, server.local_addr()).await;
    assert_eq!(client.handshakes(), (2, 1), "resumed after a sleep");
    let other = CoapClient::new(trusting, 6).unwrap();
    let named_otherwise = other.post(server.local_addr(), "another.example", PATH, b"x");
    assert!(named_otherwise.await.is_err());
    server.shutdown().await;
}

/// RFC 6347 4.2.8: a device that lost its association without closing it (a reboot, or a
/// NAT giving a new socket the same port) comes back from the same address with a new
/// handshake; the server answers it (after the cookie exchange) instead of holding the
/// address for the old association.
#[tokio::test]
async fn rfc6347_4_2_8_a_new_handshake_from_the_same_address_is_answered() {
    let server = psk_server(ServerConfig::default(), Reverse::default()).await;
    let free = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let local = free.local_addr().unwrap();
    drop(free);
    let security = device_psk(KEY);
    let before = CoapClient::new(security.clone(), 6)
        .unwrap()
        .with_local_addr(local);
    let r = before
        .post(server.local_addr(), "eim.rsp-lab.test", PATH, b"abc")
        .await;
    assert_eq!(r.expect("answered").payload, b"cba");
    drop(before); // no close_notify: the server still holds the association
    let after = CoapClient::new(security, 6)
        .unwrap()
        .with_local_addr(local)
        .with_handshake_timeout(std::time::Duration::from_secs(10));
    let r = after
        .post(server.local_addr(), "eim.rsp-lab.test", PATH, b"xyz")
        .await;
    assert_eq!(r.expect("the new handshake answered").payload, b"zyx");
    assert_eq!(
        after.handshakes(),
        (1, 0),
        "a full handshake, the old session unknown"
    );
    server.shutdown().await;
}

/// RFC 7252 4.2: a request lost on the way is sent again after ACK_TIMEOUT and answered;
/// the client counts the retransmission and both datagrams it sent.
#[tokio::test]
async fn rfc7252_4_2_a_lost_request_is_sent_again() {
    let server = coaps::serve_plain("127.0.0.1:0", ServerConfig::default(), Reverse::default())
        .await
        .unwrap();
    let proxy = lossy_proxy(server.local_addr()).await;
    let client = CoapClient::new(ClientSecurity::Plain, 6).unwrap();
    let r = client
        .post(proxy, "eim.rsp-lab.test", PATH, b"abc")
        .await
        .expect("answered the second time");
    assert_eq!(r.payload, b"cba");
    let traffic = client.traffic();
    assert_eq!(
        (
            traffic.retransmissions,
            traffic.datagrams_sent,
            traffic.datagrams_received
        ),
        (1, 2, 1)
    );
    // each request: a 4-octet header, an 8-octet token, options, the 3-octet payload
    assert_eq!(traffic.octets_sent % 2, 0, "the same datagram twice");
    assert!(traffic.octets_sent > 2 * (4 + 8 + 3), "{traffic:?}");
    server.shutdown().await;
}

/// A UDP relay to `server` that drops the first datagram from the client.
async fn lossy_proxy(server: SocketAddr) -> SocketAddr {
    let front = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let back = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    back.connect(server).await.unwrap();
    let addr = front.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut a, mut b) = (vec![0u8; 4096], vec![0u8; 4096]);
        let mut client = None;
        let mut dropped = false;
        loop {
            tokio::select! {
                Ok((n, from)) = front.recv_from(&mut a) => {
                    client = Some(from);
                    if dropped {
                        let _ = back.send(&a[..n]).await;
                    }
                    dropped = true;
                }
                Ok(n) = back.recv(&mut b) => {
                    if let Some(c) = client {
                        let _ = front.send_to(&b[..n], c).await;
                    }
                }
            }
        }
    });
    addr
}

/// On a lossy network (the lab's model: 10 % of the datagrams lost each way, seeded) every
/// request over DTLS is still answered: lost handshake flights go again on DTLS's timer,
/// lost messages on CoAP's (here with ACK_TIMEOUT scaled down, RFC 7252 4.8.1); the client
/// counts what was lost and sent again.
#[tokio::test]
async fn a_lossy_network_costs_retransmissions_not_answers() {
    let server = psk_server(ServerConfig::default(), Reverse::default()).await;
    let client = CoapClient::new(device_psk(KEY), 6)
        .unwrap()
        .with_ack_timeout(std::time::Duration::from_millis(200))
        .with_loss(0.1, 7);
    for i in 0..20u8 {
        let r = client
            .post(server.local_addr(), "eim.rsp-lab.test", PATH, &[i, 1, 2])
            .await
            .expect("answered despite the losses");
        assert_eq!(r.payload, [2, 1, i]);
    }
    let t = client.traffic();
    assert!(t.lost > 0 && t.retransmissions > 0, "{t:?}");
    assert!(t.datagrams_sent >= 20 + t.retransmissions, "{t:?}");
    server.shutdown().await;
}
