//! The M2M Device on a real SMSC: an SM-SR's secured short messages reach the software M2M
//! eUICC through the lab's SMSC (SMPP on loopback), the modem's SMS-PP download and the
//! card's proactive commands; PoRs and Default Notifications come back the same way.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use certs::{CertRole, LabPkiOptions, generate};
use euicc_sim::apdu::Card;
use euicc_sim::m2m::{M2mPreload, M2mSetup, address_from_digits};
use euicc_sim::state::m2m::IsdpLifeCycle;
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use m2m_device::{Modem, ModemConfig, Network, Radio};
use ota::command::ApplicationKeys;
use ota::script::{CommandScript, ResponseScript, ScriptForm};
use ota::spi::MinimumSecurityLevel;
use ota::{Algorithm, CommandHeader, Counter, KeySet, PorStatus, SecretKey, Spi};
use proto::saip::{Personalization, minimal_profile};
use smpp::{Account, Esme, EsmeConfig, ShortMessage, Smsc, SmscConfig};
use tokio::sync::oneshot;

const SM_SR: &str = "447700900123";
const BOOTSTRAP_MSISDN: &str = "4915550001";
const LOCAL_MSISDN: &str = "4915550002";
const BOOTSTRAP_IMSI: &str = "001010000000001";
const LOCAL_IMSI: &str = "001020000000002";
const ISD_R: [u8; 3] = [0x00, 0x00, 0x01];
/// The second pre-loaded ISD-P (TAR `000011`).
const LOCAL_ISDP: [u8; 16] = [
    0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x11, 0x00,
];
/// A safety net: every wait ends with what arrived long before this.
const PATIENCE: Duration = Duration::from_secs(20);

fn package(iccid: &str, imsi: &str) -> Vec<u8> {
    minimal_profile(&Personalization {
        iccid: iccid.into(),
        imsi: imsi.into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    })
    .expect("profile")
    .to_der()
}

/// An M2M eUICC with the bootstrap profile enabled (fall-back) and a local one disabled.
fn card() -> Euicc {
    let pki = generate(&LabPkiOptions::default()).expect("PKI");
    let creds = Credentials::from_pki(&pki).expect("credentials");
    let (_, eum) = pki.require_key(CertRole::Eum).expect("EUM key");
    let mut setup = M2mSetup::generate(creds.eid().as_str(), eum).expect("M2M keys");
    setup.smsr_address = address_from_digits(SM_SR);
    let mut euicc = Euicc::in_memory_m2m(creds, EuiccOptions::default(), setup).expect("card");
    let mut bootstrap =
        M2mPreload::from_package(package("8949449999999990023", BOOTSTRAP_IMSI)).expect("pkg");
    bootstrap.profile.enabled = true;
    bootstrap.profile.fallback = true;
    euicc.preload_m2m_profile(&bootstrap).expect("bootstrap");
    let local = M2mPreload::from_package(package("8949449999999990031", LOCAL_IMSI)).expect("pkg");
    euicc.preload_m2m_profile(&local).expect("local");
    euicc
}

fn network(local_attaches: bool) -> Network {
    Network::from_toml(&format!(
        "[[subscriber]]\nimsi = \"{BOOTSTRAP_IMSI}\"\nmsisdn = \"{BOOTSTRAP_MSISDN}\"\n\
         [[subscriber]]\nimsi = \"{LOCAL_IMSI}\"\nmsisdn = \"{LOCAL_MSISDN}\"\n\
         attach = {local_attaches}\n"
    ))
    .expect("network")
}

/// The SM-SR side: its ESME and the ISD-R's SCP80 key set from the card's EIS.
struct SmSr {
    esme: Esme,
    keys: KeySet,
    counter: u64,
}

impl SmSr {
    fn header(&self) -> CommandHeader {
        CommandHeader::for_keys(Spi::SGP02_ES5, &self.keys, ISD_R)
    }

    /// Sends `apdus` to the ISD-R of the device at `msisdn`; the counter used.
    async fn send(&mut self, msisdn: &str, apdus: Vec<Vec<u8>>) -> u64 {
        self.counter += 1;
        let script = CommandScript::of_apdus(ScriptForm::Definite, apdus)
            .encode()
            .expect("script");
        let packet = ota::secure(
            &self.header(),
            Counter::new(self.counter).expect("counter"),
            &self.keys,
            &script,
        )
        .expect("secured");
        let mut ud = vec![0x02, 0x70, 0x00];
        ud.extend(packet);
        let message = ShortMessage {
            source_addr_ton: 1,
            source_addr_npi: 1,
            source_addr: SM_SR.into(),
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            destination_addr: msisdn.into(),
            esm_class: ShortMessage::ESM_CLASS_UDHI,
            protocol_id: 0x7F,
            data_coding: 0xF6,
            short_message: ud,
            ..ShortMessage::default()
        };
        self.esme.submit(message).await.expect("submitted");
        self.counter
    }

    /// The next short message to the SM-SR: its originator and user data.
    async fn receive(&mut self) -> (String, Vec<u8>) {
        let incoming = tokio::time::timeout(PATIENCE, self.esme.recv())
            .await
            .expect("a short message in time")
            .expect("SMSC link up");
        let m = incoming.accept();
        (m.source_addr, m.short_message)
    }

    /// Waits for the PoR of the command sent with `counter` and returns its last status
    /// word; notifications arriving meanwhile are returned too.
    async fn por(&mut self, counter: u64) -> ([u8; 2], Vec<(String, Vec<u8>)>) {
        let mut notifications = Vec::new();
        loop {
            let (from, ud) = self.receive().await;
            if ud.starts_with(&[0x02, 0x70, 0x00]) {
                notifications.push((from, self.open_notification(&ud)));
                continue;
            }
            let por = ota::open_por(
                &ud,
                &self.header(),
                Counter::new(counter).unwrap(),
                &self.keys,
            )
            .expect("PoR opens");
            assert_eq!(por.status, PorStatus::Ok);
            let script = ResponseScript::parse(&por.data).expect("response script");
            return (
                script.last_status_word().expect("a status word"),
                notifications,
            );
        }
    }

    /// HandleNotificationConfirmation (`3A08`, SGP.02 4.1.1) of notification `seq`.
    async fn confirm(&mut self, msisdn: &str, seq: [u8; 2]) {
        let mut confirmation = vec![0x4E, 0x02];
        confirmation.extend(seq);
        let mut apdu = store_dgi([0x3A, 0x08], &confirmation);
        apdu[2] = 0x89;
        let sent = self.send(msisdn, vec![apdu]).await;
        let (sw, early) = self.por(sent).await;
        assert_eq!(sw, [0x90, 0x00], "confirmation taken");
        assert!(
            early.is_empty(),
            "no notification before the PoR: {early:?}"
        );
    }

    /// The Default Notification (`E1`) in an MO command packet.
    fn open_notification(&self, ud: &[u8]) -> Vec<u8> {
        let store = ApplicationKeys {
            tar: ISD_R,
            security_level: MinimumSecurityLevel::NONE,
            key_sets: vec![self.keys.clone()],
        };
        ota::open(&ud[3..], &store)
            .expect("notification opens")
            .data
    }

    /// The next notification, skipping none: its originator, type and sequence number.
    async fn notification(&mut self) -> (String, u8, [u8; 2]) {
        let (from, ud) = self.receive().await;
        assert!(ud.starts_with(&[0x02, 0x70, 0x00]), "an MO command packet");
        let e1 = self.open_notification(&ud);
        (
            from,
            field(&e1, 0x4D)[0],
            field(&e1, 0x4E).try_into().expect("seq"),
        )
    }
}

/// The value of the one-byte-tag TLV `tag` inside the `E1` notification.
fn field(e1: &[u8], tag: u8) -> Vec<u8> {
    assert_eq!(e1[0], 0xE1);
    let mut rest = &e1[2..];
    while let [t, l, tail @ ..] = rest {
        let (value, next) = tail.split_at(usize::from(*l));
        if *t == tag {
            return value.to_vec();
        }
        rest = next;
    }
    panic!("no {tag:02X} in the notification")
}

fn store_dgi(dgi: [u8; 2], value: &[u8]) -> Vec<u8> {
    let mut apdu = vec![
        0x80,
        0xE2,
        0x88,
        0x00,
        (value.len() + 3) as u8,
        dgi[0],
        dgi[1],
    ];
    apdu.push(value.len() as u8);
    apdu.extend(value);
    apdu
}

fn enable(aid: &[u8]) -> Vec<u8> {
    let mut value = vec![0x4F, aid.len() as u8];
    value.extend(aid);
    store_dgi([0x3A, 0x03], &value)
}

struct Lab {
    smsc: Smsc,
    smsr: SmSr,
    stop: oneshot::Sender<()>,
    device: tokio::task::JoinHandle<Modem<Card<Euicc>>>,
    /// The modem's attach attempts as the network saw them.
    seen: tokio::sync::watch::Receiver<m2m_device::Registration>,
}

async fn lab(local_attaches: bool) -> Lab {
    lab_on(local_attaches, Radio::default()).await
}

async fn lab_on(local_attaches: bool, radio: Radio) -> Lab {
    let accounts = vec![
        Account::new("smsr", "smsr-pw"),
        Account::new("device", "dev-pw"),
    ];
    let smsc = Smsc::start("127.0.0.1:0", SmscConfig::new(accounts))
        .await
        .expect("SMSC");
    let addr = smsc.local_addr().to_string();
    let euicc = card();
    let eis = euicc.m2m_eis().expect("M2M EIS");
    let set = &eis.isd_r.scp80[0];
    let key = |h: &str| SecretKey::new(Algorithm::Aes, &hex::decode(h).unwrap()).unwrap();
    let keys = KeySet::new(set.kvn, key(&set.kic), key(&set.kid)).expect("keys");
    let esme = Esme::bind_transceiver(addr.as_str(), &EsmeConfig::new("smsr", "smsr-pw", SM_SR))
        .await
        .expect("SM-SR bound");
    let config = ModemConfig {
        smsc: addr,
        system_id: "device".into(),
        password: "dev-pw".into(),
        network: network(local_attaches),
        status_interval: Duration::from_millis(20),
        radio,
    };
    let mut modem = Modem::new(Card::new(euicc), config);
    let seen = modem.observe();
    modem.start().await.expect("device attached");
    let (stop, stopped) = oneshot::channel();
    let device = tokio::spawn(async move {
        modem
            .run(async {
                let _ = stopped.await;
            })
            .await
            .expect("device ran");
        modem
    });
    let smsr = SmSr {
        esme,
        keys,
        counter: set.counter,
    };
    Lab {
        smsc,
        smsr,
        stop,
        device,
        seen,
    }
}

impl Lab {
    async fn finish(self) -> Euicc {
        let _ = self.stop.send(());
        let modem = self.device.await.expect("device task");
        self.smsc.stop().await;
        modem.into_card().into_processor()
    }
}

#[tokio::test]
async fn an_enable_by_sms_moves_the_device_to_the_local_msisdn_and_is_confirmed() {
    let mut lab = lab(true).await;
    // The card declares itself once, on its first network attach (SGP.02 3.15: type 01).
    let (from, kind, seq) = lab.smsr.notification().await;
    assert_eq!((from.as_str(), kind), (BOOTSTRAP_MSISDN, 0x01));
    lab.smsr.confirm(BOOTSTRAP_MSISDN, seq).await;

    let sent = lab
        .smsr
        .send(BOOTSTRAP_MSISDN, vec![enable(&LOCAL_ISDP)])
        .await;
    let (sw, early) = lab.smsr.por(sent).await;
    assert_eq!(sw, [0x90, 0x00], "EnableProfile executed");
    assert!(
        early.is_empty(),
        "no notification before the PoR: {early:?}"
    );

    // After the REFRESH the device attaches with the local IMSI: the notification
    // "profile change succeeded" (02) comes from the local MSISDN.
    let (from, kind, seq) = lab.smsr.notification().await;
    assert_eq!((from.as_str(), kind), (LOCAL_MSISDN, 0x02));

    lab.smsr.confirm(LOCAL_MSISDN, seq).await;
    let now = lab.seen.borrow().clone();
    assert_eq!(now.imsi.as_deref(), Some(LOCAL_IMSI));
    let msisdn = now.attached.map(|s| s.msisdn);
    assert_eq!(msisdn.as_deref(), Some(LOCAL_MSISDN));

    let euicc = lab.finish().await;
    let eis = euicc.m2m_eis().expect("EIS");
    let enabled: Vec<_> = eis
        .profiles
        .iter()
        .filter(|p| p.state == IsdpLifeCycle::Enabled)
        .collect();
    assert_eq!(enabled.len(), 1);
    assert_eq!(enabled[0].isd_p_aid, hex::encode_upper(LOCAL_ISDP));
    assert!(
        euicc.m2m_notifications().is_empty(),
        "every notification confirmed"
    );
}

#[tokio::test]
async fn a_local_profile_without_service_is_rolled_back_and_reported_from_the_bootstrap() {
    let mut lab = lab(false).await;
    let (_, kind, seq) = lab.smsr.notification().await;
    assert_eq!(kind, 0x01);
    lab.smsr.confirm(BOOTSTRAP_MSISDN, seq).await;

    let sent = lab
        .smsr
        .send(BOOTSTRAP_MSISDN, vec![enable(&LOCAL_ISDP)])
        .await;
    let (sw, early) = lab.smsr.por(sent).await;
    assert_eq!(sw, [0x90, 0x00]);
    assert!(early.is_empty());

    // The local IMSI gets no service; the card rolls back (SGP.02 3.2.2) and reports
    // "profile change failed and roll-back" (03) from the bootstrap MSISDN.
    let (from, kind, _) = lab.smsr.notification().await;
    assert_eq!((from.as_str(), kind), (BOOTSTRAP_MSISDN, 0x03));
    assert_eq!(lab.seen.borrow().imsi.as_deref(), Some(BOOTSTRAP_IMSI));

    let euicc = lab.finish().await;
    let eis = euicc.m2m_eis().expect("EIS");
    let local = eis
        .profiles
        .iter()
        .find(|p| p.isd_p_aid == hex::encode_upper(LOCAL_ISDP))
        .expect("local");
    assert_eq!(local.state, IsdpLifeCycle::Disabled);
}

#[tokio::test]
async fn an_mt_message_lost_on_the_radio_never_reaches_the_card_and_is_counted() {
    // The second MT short message for the card is lost (the first is the confirmation
    // of the card's declaration).
    let seen = Arc::new(AtomicU32::new(0));
    let draw = seen.clone();
    let lose = move || draw.fetch_add(1, Ordering::Relaxed) == 1;
    let radio = Radio::new(Some(Arc::new(lose)), Duration::ZERO);
    let mut lab = lab_on(true, radio.clone()).await;
    let (_, kind, seq) = lab.smsr.notification().await;
    assert_eq!(kind, 0x01);
    lab.smsr.confirm(BOOTSTRAP_MSISDN, seq).await;

    // The enable is lost; the SM-SR sends it again with a new counter and only that one
    // is answered.
    lab.smsr
        .send(BOOTSTRAP_MSISDN, vec![enable(&LOCAL_ISDP)])
        .await;
    let again = lab
        .smsr
        .send(BOOTSTRAP_MSISDN, vec![enable(&LOCAL_ISDP)])
        .await;
    let (sw, early) = lab.smsr.por(again).await;
    assert_eq!(sw, [0x90, 0x00]);
    assert!(early.is_empty(), "no PoR for the lost one: {early:?}");
    let (from, kind, _) = lab.smsr.notification().await;
    assert_eq!((from.as_str(), kind), (LOCAL_MSISDN, 0x02));
    let counts = radio.counts();
    assert_eq!(counts.lost, 1);
    assert_eq!(
        counts.mt, 3,
        "the confirmation, the lost enable, the enable"
    );
    assert!(counts.mo >= 3, "declaration, PoR, notification: {counts:?}");
    assert!(
        counts.mt_octets >= 3 * 20 && counts.mo_octets >= 3 * 20,
        "{counts:?}"
    );
    lab.finish().await;
}
