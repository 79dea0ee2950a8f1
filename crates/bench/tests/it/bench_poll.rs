//! `bench poll`: each level is real polls of software eUICCs through their IPAs against the
//! in-process eIM, over HTTPS and over CoAP/DTLS, and says what went over the wire. Over
//! CoAP a device that keeps its DTLS association makes one handshake for all its polls; one
//! that sleeps after each poll resumes its session each time (RFC 7925 10); a package poll
//! over CoAP puts fewer octets on the wire than over HTTPS.

use bench::poll::{Binding, PollKind, PollLevel, PollOptions, run};

fn level(levels: &[PollLevel], binding: Binding, kind: PollKind) -> &PollLevel {
    levels
        .iter()
        .find(|l| l.binding == binding && l.kind == kind)
        .expect("the level ran")
}

/// One test, so that no other benchmark runs in this process meanwhile (CPU figures are
/// read from the process's threads).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polls_over_https_and_coap_count_their_wire() {
    let (devices, polls) = (4, 8);
    let options = PollOptions {
        bindings: vec![Binding::Https, Binding::Coap, Binding::CoapSleep],
        devices,
        concurrency: vec![2],
        polls,
        kinds: vec![PollKind::Idle, PollKind::Package],
    };
    let report = run(&options, &|_| {}).await.expect("the sweep");
    assert_eq!(report.levels.len(), 6);
    for l in &report.levels {
        assert_eq!(
            l.errors, 0,
            "{:?} {:?}: {:?}",
            l.binding, l.kind, l.error_samples
        );
        assert!(
            l.octets_per_poll > 0.0,
            "{:?} {:?} counted no octet",
            l.binding,
            l.kind
        );
        let over_coap = l.binding != Binding::Https;
        assert_eq!(l.datagrams_per_poll > 0.0, over_coap, "{:?}", l.binding);
    }
    let per_poll = |n: usize| n as f64 / polls as f64;
    let (idle, package) = (PollKind::Idle, PollKind::Package);
    // an association per device, set up by its first poll and kept
    assert_eq!(
        level(&report.levels, Binding::Coap, idle).handshakes_per_poll,
        per_poll(devices)
    );
    assert_eq!(
        level(&report.levels, Binding::Coap, package).handshakes_per_poll,
        0.0
    );
    // a handshake each poll, all but each device's first resuming its session
    let sleepy = level(&report.levels, Binding::CoapSleep, idle);
    assert_eq!(sleepy.handshakes_per_poll, 1.0);
    assert_eq!(sleepy.resumed_per_poll, per_poll(polls - devices));
    assert_eq!(
        level(&report.levels, Binding::CoapSleep, package).resumed_per_poll,
        1.0
    );
    let https = level(&report.levels, Binding::Https, package).octets_per_poll;
    let coap = level(&report.levels, Binding::Coap, package).octets_per_poll;
    assert!(
        coap < https,
        "a package poll: {coap} octets over CoAP, {https} over HTTPS"
    );
    assert!(
        report.sign_us > 0.0 && report.verify_us > 0.0,
        "the floor was timed"
    );
}
