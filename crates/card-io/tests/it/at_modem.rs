//! The modem path (3GPP TS 27.007 8.17 `AT+CSIM`) through a pseudo-terminal: the LPA and the
//! IPA drive rsp-lab's software card behind a test modem that echoes and interleaves
//! unsolicited result codes, and every bad answer ends in a clear error.

use std::time::Duration;

use card_io::AtModem;
use euicc_sim::apdu::Card;
use infra::tls::ServerTrust;
use ipa::{ApduCard, EsipaClient, EsipaOptions, Ipa, IpaOptions};
use lpa::{CardChannel, Es10Options, Lpa, LpaOptions};

use crate::support::{EIM_ID, ICCID, Modem, Reply, euicc, forwarding};

const TIMEOUT: Duration = Duration::from_secs(20);

#[test]
fn the_lpa_lists_reads_the_eid_and_disables_over_at_csim() {
    let euicc = euicc();
    let eid = euicc.eid().to_string();
    let modem = Modem::start(forwarding(Card::new(euicc)));
    let at = AtModem::open(&modem.path, TIMEOUT).expect("modem opened");
    let options = LpaOptions {
        refresh_flag: false,
        process_notifications: false,
        ..LpaOptions::default()
    };
    let mut lpa = Lpa::open(at, options).expect("ISD-R selected through AT+CSIM");
    assert_eq!(lpa.eid().expect("EID"), eid);
    let profiles = lpa.list_profiles().expect("profiles");
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].iccid.as_deref(), Some(ICCID));
    assert_eq!(profiles[0].state.to_string(), "enabled");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(lpa.disable(ICCID)).expect("disabled");
    assert_eq!(
        lpa.list_profiles().expect("profiles")[0].state.to_string(),
        "disabled"
    );
    lpa.close();
    let lines = modem.lines();
    assert_eq!(lines[0], "ATE0");
    // the logical channel was opened, used and closed again
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("AT+CSIM=10,\"0070000001"))
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| l.starts_with("AT+CSIM=8,\"007080"))
    );
}

#[test]
fn the_ipa_reads_eid_eim_and_enabled_profile_over_at_csim() {
    let euicc = euicc();
    let eid = euicc.eid().to_string();
    let modem = Modem::start(forwarding(Card::new(euicc)));
    let at = AtModem::open(&modem.path, TIMEOUT).expect("modem opened");
    let card = ApduCard::open(at, Es10Options::default()).expect("ISD-R selected");
    assert_ne!(card.channel(), 0, "a logical channel is used");
    let esipa = EsipaClient::new(&EsipaOptions::new(ServerTrust::Insecure)).expect("client");
    let options = IpaOptions {
        eim_url: Some("https://127.0.0.1:1".into()),
        ..IpaOptions::default()
    };
    let mut ipa = Ipa::new(card, esipa, options).expect("IPA on the modem's card");
    assert_eq!(ipa.eid(), eid);
    assert_eq!(ipa.eim().eim_id, EIM_ID);
    assert_eq!(
        ipa.enabled_iccid().expect("profiles").as_deref(),
        Some(ICCID)
    );
    drop(ipa);
    let lines = modem.lines();
    assert!(
        lines
            .last()
            .is_some_and(|l| l.starts_with("AT+CSIM=8,\"007080"))
    );
}

/// A modem that answers ATE0 and then `csim` to every AT+CSIM.
fn answering(csim: impl Fn(&str) -> Reply + Send + 'static) -> Modem {
    Modem::start(move |line| {
        if line.starts_with("AT+CSIM=") {
            csim(line)
        } else {
            Reply::Text("\r\nOK\r\n".into())
        }
    })
}

fn transmit_error(modem: &Modem, timeout: Duration) -> String {
    let mut at = AtModem::open(&modem.path, timeout).expect("modem opened");
    let e = at
        .transmit(&[0x00, 0x70, 0x00, 0x00, 0x01])
        .expect_err("the answer is refused");
    e.0
}

#[test]
fn ts27_007_a_refused_csim_names_the_cme_error() {
    let modem = answering(|_| Reply::Text("\r\n+CME ERROR: 10\r\n".into()));
    let e = transmit_error(&modem, TIMEOUT);
    assert!(
        e.ends_with("AT+CSIM refused: +CME ERROR: 10 (SIM not inserted)"),
        "{e}"
    );
    let modem = answering(|_| Reply::Text("\r\nERROR\r\n".into()));
    assert!(transmit_error(&modem, TIMEOUT).ends_with("AT+CSIM refused: ERROR"));
}

#[test]
fn a_truncated_or_missing_csim_answer_is_a_clear_error() {
    let modem = answering(|_| Reply::Text("\r\n+CSIM: 6,\"9000\"\r\n\r\nOK\r\n".into()));
    let e = transmit_error(&modem, TIMEOUT);
    assert!(
        e.contains("unusable answer to AT+CSIM: length 6 but 4 hex digits"),
        "{e}"
    );
    let modem = answering(|_| Reply::Text("\r\nOK\r\n".into()));
    let e = transmit_error(&modem, TIMEOUT);
    assert!(e.ends_with("OK without a +CSIM line"), "{e}");
    let modem = answering(|_| Reply::Text(format!("\r\n+CSIM: {}\r\n", "9".repeat(2000))));
    let e = transmit_error(&modem, TIMEOUT);
    assert!(e.contains("a line longer than 1024 characters"), "{e}");
}

#[test]
fn a_silent_modem_times_out_and_an_unplugged_one_is_named() {
    let modem = answering(|_| Reply::Silence);
    let e = transmit_error(&modem, Duration::from_millis(300));
    assert!(e.ends_with("no answer to AT+CSIM within 0.3 s"), "{e}");
    let modem = answering(|_| Reply::HangUp);
    let mut at = AtModem::open(&modem.path, TIMEOUT).expect("modem opened");
    let e = at
        .transmit(&[0x00, 0x70, 0x00, 0x00, 0x01])
        .expect_err("line gone");
    assert!(e.0.contains("modem unplugged?"), "{}", e.0);
}

#[test]
fn the_card_removed_mid_operation_stops_the_ipa_with_a_clear_error() {
    // the card answers until its STORE DATA; then the modem is gone
    let mut card = Card::new(euicc());
    let modem = Modem::start(move |line| {
        if line.contains("\"80E2") || line.contains("\"81E2") || line.contains("\"82E2") {
            return Reply::HangUp;
        }
        forwarding_once(&mut card, line)
    });
    let at = AtModem::open(&modem.path, TIMEOUT).expect("modem opened");
    let card = ApduCard::open(at, Es10Options::default()).expect("ISD-R selected");
    let esipa = EsipaClient::new(&EsipaOptions::new(ServerTrust::Insecure)).expect("client");
    let e = Ipa::new(card, esipa, IpaOptions::default()).expect_err("no card");
    let text = e.to_string();
    assert!(
        text.starts_with("ES10c.GetEID: card transport: modem "),
        "{text}"
    );
    assert!(text.contains("modem unplugged?"), "{text}");
}

fn forwarding_once(card: &mut Card<euicc_sim::Euicc>, line: &str) -> Reply {
    let Some(csim) = line.strip_prefix("AT+CSIM=") else {
        return Reply::Text("\r\nOK\r\n".into());
    };
    let Some(apdu) = crate::support::csim_command(csim) else {
        return Reply::Text("\r\nERROR\r\n".into());
    };
    let response = hex::encode_upper(card.transmit(&apdu));
    Reply::Text(format!(
        "\r\n+CSIM: {},\"{response}\"\r\n\r\nOK\r\n",
        response.len()
    ))
}

#[test]
fn a_wrong_status_word_from_the_card_reaches_the_user_with_its_meaning() {
    // the card refuses SELECT ISD-R: no such application
    let modem = answering(|line| {
        let sw = if line.contains("A40400") {
            "6A82"
        } else if line.contains("\"0070000001") {
            "019000"
        } else {
            "9000"
        };
        Reply::Text(format!("\r\n+CSIM: {},\"{sw}\"\r\n\r\nOK\r\n", sw.len()))
    });
    let at = AtModem::open(&modem.path, TIMEOUT).expect("modem opened");
    let e = Lpa::open(at, LpaOptions::default()).err().expect("refused");
    assert_eq!(
        e.to_string(),
        "SELECT ISD-R: the card answered SELECT ISD-R with 6A82 (application not found)"
    );
}
