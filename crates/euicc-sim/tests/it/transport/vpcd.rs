//! The vpcd client against a fake vpcd: a TCP listener speaking vpcd's framing.

use crate::apdu_common as common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::*;
use euicc_sim::apdu::{ATR, Card, ISD_R_AID};
use euicc_sim::transport::vpcd::{Shutdown, VpcdOptions, control, run};

type CardThread = JoinHandle<(std::io::Result<()>, Card<TestProcessor>)>;

fn options(port: u16) -> VpcdOptions {
    VpcdOptions {
        address: format!("127.0.0.1:{port}"),
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(100),
        poll_interval: Duration::from_millis(20),
        max_attempts: None,
    }
}

fn start_card(options: VpcdOptions, shutdown: &Shutdown) -> CardThread {
    let shutdown = shutdown.clone();
    std::thread::spawn(move || {
        let mut card = Card::new(TestProcessor::default());
        let result = run(&mut card, &options, &shutdown);
        (result, card)
    })
}

/// The vpcd side of one connection.
struct FakeVpcd {
    stream: TcpStream,
}

impl FakeVpcd {
    fn accept(listener: &TcpListener) -> Self {
        let accepted = listener.accept();
        let Ok((stream, _)) = accepted else {
            panic!("no connection from the card: {accepted:?}");
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        Self { stream }
    }

    fn send(&mut self, message: &[u8]) {
        let mut frame = (message.len() as u16).to_be_bytes().to_vec();
        frame.extend_from_slice(message);
        assert!(self.stream.write_all(&frame).is_ok());
    }

    fn receive(&mut self) -> Vec<u8> {
        let mut len = [0u8; 2];
        assert!(self.stream.read_exact(&mut len).is_ok(), "no answer");
        let mut message = vec![0u8; usize::from(u16::from_be_bytes(len))];
        assert!(self.stream.read_exact(&mut message).is_ok(), "short answer");
        message
    }

    fn transmit(&mut self, apdu: &[u8]) -> Vec<u8> {
        self.send(apdu);
        self.receive()
    }

    fn atr(&mut self) -> Vec<u8> {
        self.transmit(&[control::GET_ATR])
    }
}

fn stop(shutdown: &Shutdown, card: CardThread) -> Card<TestProcessor> {
    shutdown.trigger();
    let joined = card.join();
    let Ok((result, card)) = joined else {
        panic!("card thread panicked");
    };
    assert!(result.is_ok(), "{result:?}");
    card
}

#[test]
fn vpcd_power_atr_reset_and_apdus() {
    let listener = TcpListener::bind("127.0.0.1:0");
    let Ok(listener) = listener else { return };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let shutdown = Shutdown::new();
    let card = start_card(options(port), &shutdown);
    let mut vpcd = FakeVpcd::accept(&listener);

    // vpcd_present(): ATR polled before anything else
    assert_eq!(vpcd.atr(), ATR);
    vpcd.send(&[control::POWER_ON]);
    assert_eq!(vpcd.atr(), ATR);

    assert_eq!(vpcd.transmit(&h("00 70 00 00 01")), h("01 9000"));
    let mut select = vec![0x01, 0xA4, 0x04, 0x00, 0x10];
    select.extend(ISD_R_AID);
    select.push(0x00);
    assert_eq!(sw(&vpcd.transmit(&select)), euicc_sim::apdu::StatusWord::OK);
    assert_eq!(vpcd.transmit(&h("81 E2 91 00 06 BF3E035C015A")), h("6115"));
    let r = vpcd.transmit(&h("81 C0 00 00 15"));
    assert_eq!(data(&r), get_eid_response());

    // reset closes channel 1
    vpcd.send(&[control::RESET]);
    assert_eq!(vpcd.transmit(&h("81 E2 91 00 03 BF3E00")), h("6881"));
    // powered off: commands fail until power on
    vpcd.send(&[control::POWER_OFF]);
    assert_eq!(vpcd.transmit(&h("00 70 00 00 01")), h("6F00"));
    assert_eq!(vpcd.atr(), ATR, "the ATR is answered while unpowered");
    vpcd.send(&[control::POWER_ON]);
    assert_eq!(vpcd.transmit(&h("00 70 00 00 01")), h("01 9000"));
    // unknown control bytes and empty messages get no answer; the next APDU still works
    vpcd.send(&[0x07]);
    vpcd.send(&[]);
    assert_eq!(vpcd.transmit(&h("00 70 80 01")), h("9000"));

    let card = stop(&shutdown, card);
    // power on, reset, power off, power on
    assert_eq!(card.processor().resets, 4);
}

#[test]
fn vpcd_messages_split_across_tcp_segments() {
    let listener = TcpListener::bind("127.0.0.1:0");
    let Ok(listener) = listener else { return };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let shutdown = Shutdown::new();
    let card = start_card(options(port), &shutdown);
    let mut vpcd = FakeVpcd::accept(&listener);
    let _ = vpcd.stream.set_nodelay(true);
    let frame = h("0005 00 70 00 00 01");
    for byte in &frame {
        assert!(vpcd.stream.write_all(&[*byte]).is_ok());
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(vpcd.receive(), h("01 9000"));
    // two messages in one segment
    let both = h("0001 04 0005 00 70 00 00 01");
    assert!(vpcd.stream.write_all(&both).is_ok());
    assert_eq!(vpcd.receive(), ATR);
    assert_eq!(vpcd.receive(), h("02 9000"));
    stop(&shutdown, card);
}

#[test]
fn vpcd_not_up_yet_then_connection_lost_then_back() {
    // a port nobody listens on yet
    let port = match TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(addr) => addr.port(),
        Err(_) => return,
    };
    let shutdown = Shutdown::new();
    let card = start_card(options(port), &shutdown);
    std::thread::sleep(Duration::from_millis(150));
    let Ok(listener) = TcpListener::bind(("127.0.0.1", port)) else {
        shutdown.trigger();
        return;
    };
    let mut vpcd = FakeVpcd::accept(&listener);
    vpcd.send(&[control::POWER_ON]);
    assert_eq!(vpcd.transmit(&h("00 70 00 00 01")), h("01 9000"));
    // vpcd goes away (pcscd restarted): the card comes back on its own, powered off
    drop(vpcd);
    let mut vpcd = FakeVpcd::accept(&listener);
    assert_eq!(vpcd.atr(), ATR);
    assert_eq!(vpcd.transmit(&h("00 70 00 00 01")), h("6F00"));
    vpcd.send(&[control::POWER_ON]);
    assert_eq!(vpcd.transmit(&h("00 70 00 00 01")), h("01 9000"));
    stop(&shutdown, card);
}

#[test]
fn vpcd_shutdown_while_connected_and_idle_is_prompt() {
    let listener = TcpListener::bind("127.0.0.1:0");
    let Ok(listener) = listener else { return };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let shutdown = Shutdown::new();
    let card = start_card(options(port), &shutdown);
    let mut vpcd = FakeVpcd::accept(&listener);
    assert_eq!(vpcd.atr(), ATR);
    let t = Instant::now();
    stop(&shutdown, card);
    assert!(t.elapsed() < Duration::from_secs(2));
    // the card closed its side
    let mut buf = [0u8; 1];
    assert!(matches!(vpcd.stream.read(&mut buf), Ok(0) | Err(_)));
}

#[test]
fn vpcd_shutdown_while_waiting_for_vpcd() {
    let port = match TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(addr) => addr.port(),
        Err(_) => return,
    };
    let shutdown = Shutdown::new();
    let card = start_card(options(port), &shutdown);
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    stop(&shutdown, card);
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[test]
fn vpcd_gives_up_after_max_attempts() {
    let port = match TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(addr) => addr.port(),
        Err(_) => return,
    };
    let mut opts = options(port);
    opts.max_attempts = Some(3);
    let mut card = Card::new(TestProcessor::default());
    assert!(run(&mut card, &opts, &Shutdown::new()).is_err());
}
