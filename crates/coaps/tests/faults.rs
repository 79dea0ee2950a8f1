//! Faults the server serves on purpose ([`coaps::faults`]), against the client over DTLS:
//! a lost request and a lost answer are sent again after ACK_TIMEOUT and answered, the
//! application running once; a lost Block2 block is asked for again; a dropped association
//! leaves the request unanswered and the next one sets up a new association.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use coaps::{
    CoapClient, Fate, Handler, Message, MessageFaults, Peer, Request, Response, ResponseType,
    ServerConfig,
};

mod common;
use common::{KEY, device_psk, psk_server};

const PATH: &str = "/gsma/rsp2/asn1";
const HOST: &str = "eim.rsp-lab.test";

/// Answers with the payload reversed; counts what it answered.
#[derive(Clone, Default)]
struct Reverse(Arc<AtomicUsize>);

impl Handler for Reverse {
    async fn handle(&self, _: Peer, request: Request) -> Response {
        self.0.fetch_add(1, Ordering::SeqCst);
        let mut payload = request.payload;
        payload.reverse();
        Response {
            code: ResponseType::Changed,
            content_format: None,
            payload,
        }
    }
}

/// Which message to lose (or whose session to drop): the first one `pick` selects.
struct Once {
    pick: fn(&Message<'_>) -> bool,
    fate: Fate,
    served: Mutex<usize>,
}

impl MessageFaults for Once {
    fn fate(&self, _: &Peer, message: Message<'_>) -> Fate {
        let mut served = self.served.lock().unwrap();
        if *served == 0 && (self.pick)(&message) {
            *served += 1;
            return self.fate;
        }
        Fate::Pass
    }
}

/// A request with a payload (not an ACK or a ping).
fn is_request(m: &Message<'_>) -> bool {
    matches!(m, Message::In(b) if b.len() > 4 && b[1] == 0x02)
}

/// The server with `faults`, a PSK client with ACK_TIMEOUT scaled down, the handler's
/// count.
async fn setup(
    pick: fn(&Message<'_>) -> bool,
    fate: Fate,
) -> (coaps::CoapServer, CoapClient, Arc<AtomicUsize>, Arc<Once>) {
    let handler = Reverse::default();
    let faults = Arc::new(Once {
        pick,
        fate,
        served: Mutex::new(0),
    });
    let config = ServerConfig {
        faults: Some(faults.clone()),
        ..ServerConfig::default()
    };
    let server = psk_server(config, handler.clone()).await;
    // 64-octet blocks; RFC 7252 4.8.1: ACK_TIMEOUT scaled down for loopback
    let client = CoapClient::new(device_psk(KEY), 2)
        .unwrap()
        .with_ack_timeout(Duration::from_millis(100));
    (server, client, handler.0, faults)
}

#[tokio::test]
async fn rfc7252_4_2_a_request_lost_at_the_server_is_sent_again() {
    let (server, client, handled, faults) = setup(is_request, Fate::Lose).await;
    let r = client.post(server.local_addr(), HOST, PATH, b"abc").await;
    assert_eq!(r.expect("answered").payload, b"cba");
    assert_eq!(*faults.served.lock().unwrap(), 1);
    assert_eq!(client.traffic().retransmissions, 1);
    assert_eq!(handled.load(Ordering::SeqCst), 1);
    server.shutdown().await;
}

#[tokio::test]
async fn rfc7252_4_5_a_lost_answer_is_given_again_without_running_the_request_twice() {
    let answer = |m: &Message<'_>| matches!(m, Message::Answer { .. });
    let (server, client, handled, faults) = setup(answer, Fate::Lose).await;
    let r = client.post(server.local_addr(), HOST, PATH, b"abc").await;
    assert_eq!(r.expect("answered").payload, b"cba");
    assert_eq!(*faults.served.lock().unwrap(), 1);
    assert_eq!(client.traffic().retransmissions, 1);
    assert_eq!(
        handled.load(Ordering::SeqCst),
        1,
        "the duplicate was not run"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn rfc7959_2_5_a_lost_middle_block_is_asked_for_again() {
    // a later Block2 block of the 3,000-octet answer (1,024-octet blocks): 2.04 Changed
    // (0x44), not the first answer
    let block = |m: &Message<'_>| matches!(m, Message::Other(b) if b.len() > 4 && b[1] == 0x44);
    let (server, client, handled, faults) = setup(block, Fate::Lose).await;
    let body: Vec<u8> = (0..3000u32).map(|i| (i % 251) as u8).collect();
    let r = client.post(server.local_addr(), HOST, PATH, &body).await;
    let mut expected = body.clone();
    expected.reverse();
    assert_eq!(r.expect("answered").payload, expected);
    assert_eq!(*faults.served.lock().unwrap(), 1);
    assert_eq!(client.traffic().retransmissions, 1);
    assert_eq!(handled.load(Ordering::SeqCst), 1);
    server.shutdown().await;
}

#[tokio::test]
async fn a_dropped_association_goes_unanswered_and_the_next_request_sets_up_another() {
    let (server, client, handled, faults) = setup(is_request, Fate::DropSession).await;
    assert!(
        client
            .post(server.local_addr(), HOST, PATH, b"abc")
            .await
            .is_err(),
        "the server forgot the association: nothing answers"
    );
    assert_eq!(*faults.served.lock().unwrap(), 1);
    let r = client.post(server.local_addr(), HOST, PATH, b"xyz").await;
    assert_eq!(r.expect("a new association answered").payload, b"zyx");
    assert_eq!(client.handshakes().0, 2, "a second handshake");
    assert_eq!(handled.load(Ordering::SeqCst), 1);
    server.shutdown().await;
}
