//! The SM-SR's SCP80 side, built with the `ota` crate: secured command SMS for the card's
//! ISD-R, the PoR checked with `ota::open_por`, MO packets opened as the SM-SR would.

use euicc_sim::Euicc;
use euicc_sim::apdu::{Card, ResponseApdu, StatusWord};
use ota::command::ApplicationKeys;
use ota::envelope::{SendShortMessage, SmsPpDownload};
use ota::script::{CommandScript, ResponseScript, ScriptForm};
use ota::sms::{Address, PacketKind, Reference, SmsDeliver, SmsSubmit, split};
use ota::spi::MinimumSecurityLevel;
use ota::{Algorithm, CommandHeader, Counter, KeySet, OpenedPor, SecretKey, Spi};

/// The SM-SR's number (originating address of its MT messages).
pub(crate) const SM_SR_NUMBER: &str = "447700900123";
/// The terminal profile of the lab's M2M device: SMS-PP download, REFRESH, SEND SHORT
/// MESSAGE, location status event.
pub(crate) const TERMINAL_PROFILE: [u8; 5] = [0x03, 0x01, 0x80, 0x02, 0x11];
/// The ISD-R's TAR.
pub(crate) const ISD_R: [u8; 3] = [0x00, 0x00, 0x01];

/// The SM-SR with the ISD-R's key set KVN 01 as the EIS gives it.
pub(crate) struct OtaSmSr {
    pub keys: KeySet,
    pub counter: u64,
}

impl OtaSmSr {
    pub(crate) fn for_card(euicc: &Euicc) -> OtaSmSr {
        let eis = euicc.m2m_eis().expect("M2M");
        let set = &eis.isd_r.scp80[0];
        let key = |h: &str| SecretKey::new(Algorithm::Aes, &hex::decode(h).unwrap()).unwrap();
        OtaSmSr {
            keys: KeySet::new(set.kvn, key(&set.kic), key(&set.kid)).unwrap(),
            counter: set.counter,
        }
    }

    pub(crate) fn header(&self) -> CommandHeader {
        CommandHeader::for_keys(Spi::SGP02_ES5, &self.keys, ISD_R)
    }

    /// The user data of the SMS carrying `apdus`, with counter `counter`, one segment per
    /// short message.
    pub(crate) fn command_uds(&self, apdus: &[Vec<u8>], counter: u64) -> Vec<Vec<u8>> {
        let script = CommandScript::of_apdus(ScriptForm::Definite, apdus.to_vec())
            .encode()
            .unwrap();
        let packet = ota::secure(
            &self.header(),
            Counter::new(counter).unwrap(),
            &self.keys,
            &script,
        )
        .unwrap();
        split(PacketKind::Command, &packet, Reference::Bits8(0x42), 8).unwrap()
    }

    /// The ENVELOPE APDU of one SMS-DELIVER with `ud`.
    pub(crate) fn envelope(ud: Vec<u8>) -> Vec<u8> {
        let from = Address::international(SM_SR_NUMBER).unwrap();
        let tpdu = SmsDeliver::ota(from, [0x62, 0x11, 0x82, 0x14, 0x00, 0x00, 0x00], ud)
            .encode()
            .unwrap();
        let data = SmsPpDownload {
            service_centre: None,
            tpdu,
        }
        .encode()
        .unwrap();
        let mut apdu = vec![0x80, 0xC2, 0x00, 0x00, data.len() as u8];
        apdu.extend(data);
        apdu
    }

    /// Sends `apdus` in the next counter; the ENVELOPE answers.
    pub(crate) fn send(&mut self, card: &mut Card<Euicc>, apdus: &[Vec<u8>]) -> Vec<ResponseApdu> {
        self.counter += 1;
        self.command_uds(apdus, self.counter)
            .into_iter()
            .map(|ud| card.process(&OtaSmSr::envelope(ud)))
            .collect()
    }

    /// Opens a PoR to the command sent with `counter`.
    pub(crate) fn open_por(&self, ud: &[u8], counter: u64) -> OpenedPor {
        ota::open_por(
            ud,
            &self.header(),
            Counter::new(counter).unwrap(),
            &self.keys,
        )
        .expect("PoR opens")
    }

    /// Opens an MO command packet (a notification) as the SM-SR receives it.
    pub(crate) fn open_mo(&self, ud: &[u8]) -> Vec<u8> {
        assert_eq!(&ud[..3], [0x02, 0x70, 0x00], "MO command packet UDH");
        let store = ApplicationKeys {
            tar: ISD_R,
            security_level: MinimumSecurityLevel::NONE,
            key_sets: vec![self.keys.clone()],
        };
        let opened = ota::open(&ud[3..], &store).expect("notification opens");
        assert_eq!(opened.counter, Counter::ZERO);
        assert!(!opened.header.spi.ciphering());
        opened.data
    }
}

/// The last status word of a response script.
pub(crate) fn last_sw(script: &[u8]) -> [u8; 2] {
    ResponseScript::parse(script)
        .unwrap()
        .last_status_word()
        .unwrap()
}

/// FETCHes the pending proactive command after `sw` = `91XX`.
pub(crate) fn fetch(card: &mut Card<Euicc>, sw: StatusWord) -> Vec<u8> {
    assert_eq!(sw.0 >> 8, 0x91, "proactive command pending: {:04X}", sw.0);
    let r = card.process(&[0x80, 0x12, 0x00, 0x00, sw.0 as u8]);
    assert_eq!(r.data.len(), usize::from(sw.0 as u8));
    r.data
}

/// The SMS-SUBMIT of a fetched SEND SHORT MESSAGE.
pub(crate) fn submitted(command: &[u8]) -> SmsSubmit {
    let sm = SendShortMessage::parse(command).expect("SEND SHORT MESSAGE");
    SmsSubmit::parse(&sm.tpdu).expect("SMS-SUBMIT")
}

/// TERMINAL RESPONSE to the fetched `command` with `result`, echoing its command details.
pub(crate) fn terminal_response(
    card: &mut Card<Euicc>,
    command: &[u8],
    result: u8,
) -> ResponseApdu {
    let body = match command {
        [0xD0, 0x81, _, rest @ ..] | [0xD0, _, rest @ ..] => rest,
        _ => panic!("not a proactive command"),
    };
    let details = &body[2..5];
    card.process(&[
        0x80, 0x14, 0x00, 0x00, 0x0C, 0x81, 0x03, details[0], details[1], details[2], 0x82, 0x02,
        0x82, 0x81, 0x83, 0x01, result,
    ])
}

/// ENVELOPE (EVENT DOWNLOAD – location status).
pub(crate) fn location_status(card: &mut Card<Euicc>, status: u8) -> ResponseApdu {
    card.process(&[
        0x80, 0xC2, 0x00, 0x00, 0x0C, 0xD6, 0x0A, 0x99, 0x01, 0x03, 0x82, 0x02, 0x82, 0x81, 0x9B,
        0x01, status,
    ])
}

/// A card powered with the M2M device's terminal profile.
pub(crate) fn device_card(euicc: Euicc) -> Card<Euicc> {
    let mut card = Card::new(euicc);
    let mut tp = vec![0x80, 0x10, 0x00, 0x00, TERMINAL_PROFILE.len() as u8];
    tp.extend(TERMINAL_PROFILE);
    assert_eq!(card.process(&tp).sw, StatusWord::OK);
    // the terminal reads the USIM of the enabled profile (SELECT MF)
    let r = card.process(&[0x00, 0xA4, 0x00, 0x04, 0x02, 0x3F, 0x00]);
    assert_eq!(r.sw.0 >> 8, 0x61);
    card
}
