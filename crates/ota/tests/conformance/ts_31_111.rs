//! 3GPP TS 31.111 / ETSI TS 102 223: the SMS-PP download ENVELOPE (7.1.1) and SEND SHORT
//! MESSAGE (6.4.10), alone and carrying a whole SM-SR → card → PoR exchange.

use ota::envelope::{EnvelopeError, SendShortMessage, SmsPpDownload};
use ota::script::{CommandScript, ScriptForm};
use ota::sms::{Address, IEI_CPI, SmsDeliver, SmsSubmit, UserDataHeader};
use ota::spi::Spi;
use ota::{CommandHeader, Counter, PorStatus, open, open_por, secure, secure_por};

use crate::support::{h, sja5_aes, store};

/// pySim docs/smpp2sim.rst: the ENVELOPE pySim-smpp2sim sent to a card.
const SMPP2SIM_ENVELOPE: &str = "d147820283818604001032548b3b400290217ff6227052000000002d02700000281516191212b0000127fa28a5bac69d3c5e9df2c7155dfdde449c826b236215566530787b30e8be5d";

#[test]
fn the_smpp2sim_envelope_parses() {
    let envelope = SmsPpDownload::parse(&h(SMPP2SIM_ENVELOPE)).expect("parses");
    let sc = envelope.service_centre.clone().expect("address");
    assert_eq!((sc.npi, sc.digits.as_str()), (0, "012345"));
    let deliver = SmsDeliver::parse(&envelope.tpdu).expect("SMS-DELIVER");
    assert_eq!(deliver.originator.to_text(), "+12");
    assert_eq!(
        (deliver.pid, deliver.dcs, deliver.user_data.len()),
        (0x7F, 0xF6, 45)
    );
    let (udh, _, packet) = UserDataHeader::parse(&deliver.user_data).expect("UDH");
    assert!(udh.find(IEI_CPI).is_some());
    assert_eq!(hex::encode(&packet[..10]), "00281516191212b00001");
    // Re-encoded, only the type-of-address octet differs: pySim writes 00 without the
    // extension bit that TS 24.008 10.5.4.7 sets; this crate always sets it.
    let again = hex::encode(envelope.encode().expect("fits"));
    assert_eq!(again, SMPP2SIM_ENVELOPE.replacen("860400", "860480", 1));
}

#[test]
fn send_short_message_round_trips_with_its_optional_elements() {
    let submit = SmsSubmit::ota(
        1,
        Address::international("+4912345").expect("da"),
        h("027100"),
    );
    let command = SendShortMessage {
        number: 1,
        qualifier: 0,
        alpha: Some(b"PoR".to_vec()),
        address: Some(Address::international("+491700").expect("sc")),
        tpdu: submit.encode().expect("tpdu"),
    };
    let bytes = command.encode().expect("fits");
    assert_eq!(
        hex::encode(&bytes[..13]),
        "d0".to_owned() + &format!("{:02x}", bytes.len() - 2) + "8103011300820281830503"
    );
    assert_eq!(SendShortMessage::parse(&bytes), Ok(command));
}

#[test]
fn templates_are_checked() {
    let good = h(SMPP2SIM_ENVELOPE);
    assert_eq!(
        SendShortMessage::parse(&good),
        Err(EnvelopeError::Template(0xD1))
    );
    assert_eq!(
        SmsPpDownload::parse(&good[..20]),
        Err(EnvelopeError::Length)
    );
    let mut devices = good.clone();
    devices[4] = 0x82;
    assert_eq!(
        SmsPpDownload::parse(&devices),
        Err(EnvelopeError::DeviceIdentities(vec![0x82, 0x81]))
    );
    // An unknown element: skipped without the CR bit, refused with it.
    let with_unknown = h("d10c820283813001ff8b03010203");
    let tolerated = SmsPpDownload::parse(&with_unknown).expect("non-CR element skipped");
    assert_eq!(tolerated.tpdu, [1, 2, 3]);
    let mut required = with_unknown.clone();
    required[6] = 0xB0;
    assert_eq!(
        SmsPpDownload::parse(&required),
        Err(EnvelopeError::Unknown(0xB0))
    );
    assert_eq!(
        SmsPpDownload::parse(&h("d10482028381")),
        Err(EnvelopeError::Missing(0x8B))
    );
    assert_eq!(
        SmsPpDownload::parse(&h("d18201")),
        Err(EnvelopeError::LengthForm(0x82))
    );
    assert_eq!(
        SmsPpDownload::parse(&h("d1817f")),
        Err(EnvelopeError::LengthForm(0x81))
    );
    let other_command = h("d00b8103011400820281830b00");
    assert_eq!(
        SendShortMessage::parse(&other_command),
        Err(EnvelopeError::CommandType(0x14))
    );
    let oversized = SmsPpDownload {
        service_centre: None,
        tpdu: vec![0; 250],
    };
    assert_eq!(oversized.encode(), Err(EnvelopeError::TooLong));
}

#[test]
fn an_es5_exchange_travels_through_envelope_and_proactive_command() {
    let keys = sja5_aes();
    let isd_r = [0x00, 0x00, 0x01];
    let counter = Counter::new(42).expect("counter");
    // SM-SR: secure an ES5 command and put it in an SMS-DELIVER.
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, isd_r);
    let script = CommandScript::of_apdus(ScriptForm::Definite, [h("80e28800033a0301")])
        .encode()
        .expect("script");
    let packet = secure(&header, counter, &keys, &script).expect("secured");
    let mut ud = vec![0x02, 0x70, 0x00];
    ud.extend_from_slice(&packet);
    let smsr = Address::international("+4930123").expect("SM-SR");
    let deliver = SmsDeliver::ota(smsr.clone(), [0x62, 0x11, 0x82, 0x41, 0x00, 0x00, 0x00], ud);
    // Terminal: hand it to the card.
    let envelope = SmsPpDownload {
        service_centre: Some(smsr.clone()),
        tpdu: deliver.encode().expect("tpdu"),
    };
    let apdu_data = envelope.encode().expect("envelope");
    // Card: open, answer with a PoR in an SMS-SUBMIT via SEND SHORT MESSAGE.
    let received = SmsPpDownload::parse(&apdu_data).expect("envelope");
    let deliver = SmsDeliver::parse(&received.tpdu).expect("deliver");
    let (_, _, packet) = UserDataHeader::parse(&deliver.user_data).expect("UDH");
    let opened = open(packet, &store(isd_r, 0x16, vec![keys.clone()])).expect("opened");
    assert_eq!(opened.data, script);
    let por = secure_por(
        &opened.header,
        opened.counter,
        PorStatus::Ok,
        Some(&keys),
        &h("ab0780010123029000"),
    )
    .expect("PoR");
    let submit = SmsSubmit::ota(0, deliver.originator.clone(), por);
    let proactive = SendShortMessage {
        number: 1,
        qualifier: 0,
        alpha: None,
        address: None,
        tpdu: submit.encode().expect("tpdu"),
    };
    let fetched = proactive.encode().expect("proactive");
    // Terminal: turn it into an MO SMS; SM-SR: open the PoR.
    let command = SendShortMessage::parse(&fetched).expect("proactive");
    let submit = SmsSubmit::parse(&command.tpdu).expect("submit");
    assert_eq!(submit.destination, smsr);
    let por = open_por(&submit.user_data, &header, counter, &keys).expect("authentic");
    assert_eq!(
        (por.status, por.data),
        (PorStatus::Ok, h("ab0780010123029000"))
    );
}
