//! ES5 over SMS through the lab's SMSC (`smpp::smsc`): the SM-SR's ESME sends the command
//! as an SCP80 secured packet (SPI 16 39) to the enabled profile's MSISDN; a test double of
//! the device (an ESME holding the ISD-R's keys, built on `ota`) opens it, answers a PoR
//! and sends Default Notifications. A restarted SM-SR sends an unanswered command again
//! with a higher counter.

use std::future::Future;
use std::time::Duration;

use ota::command::{ApplicationKeys, OpenedCommand};
use ota::script::{ResponseScript, ResponseTlv, ScriptForm};
use ota::sms::{PacketKind, Reassembler, ReassemblyLimits, Reference, split};
use ota::spi::MinimumSecurityLevel;
use ota::{Algorithm, CommandHeader, Counter, KeySet, PorStatus, SecretKey, Spi};
use sm_sr::config::SmscLink;
use sm_sr::es5::{DefaultNotification, NotificationType};
use sm_sr::{OperationState, SmSrHandle};
use smpp::{Account, Esme, EsmeConfig, ShortMessage, Smsc, SmscConfig};

use crate::support::{AID1, EID, Lab, SMSR_MSISDN, eis_json_of, h, p2_of};

/// A safety net for each wait, never an assertion.
const NET: Duration = Duration::from_secs(20);
const DEVICE_MSISDN: &str = "4900001";

async fn within<T>(f: impl Future<Output = T>) -> T {
    tokio::time::timeout(NET, f)
        .await
        .expect("within the safety net")
}

async fn smsc() -> Smsc {
    let accounts = vec![Account::new("smsr", "pw"), Account::new("device", "pw")];
    Smsc::start("127.0.0.1:0", SmscConfig::new(accounts))
        .await
        .unwrap()
}

/// An SMSC, the device bound to it, an SM-SR bound to it with the EIS registered.
async fn setup() -> (Smsc, Device, Lab) {
    let smsc = smsc().await;
    let device = Device::bind(&smsc).await;
    let lab = Lab::with_smsc(link(&smsc)).await;
    (smsc, device, lab)
}

fn link(smsc: &Smsc) -> SmscLink {
    SmscLink {
        address: smsc.local_addr().to_string(),
        system_id: "smsr".into(),
        password: "pw".into(),
    }
}

/// The device: an ESME for the eUICC's MSISDN with the ISD-R's keys (the EIS fixture's).
struct Device {
    esme: Esme,
    keys: KeySet,
    parts: Reassembler,
}

impl Device {
    async fn bind(smsc: &Smsc) -> Device {
        let config = EsmeConfig::new("device", "pw", DEVICE_MSISDN);
        let key = |b: u8| SecretKey::new(Algorithm::Aes, &[b; 16]).unwrap();
        Device {
            esme: Esme::bind_transceiver(smsc.local_addr(), &config)
                .await
                .unwrap(),
            keys: KeySet::new(1, key(0x11), key(0x22)).unwrap(),
            parts: Reassembler::new(ReassemblyLimits::default()),
        }
    }

    /// The next command packet, opened and authenticated with the ISD-R's keys.
    async fn command(&mut self) -> OpenedCommand {
        loop {
            let m = within(self.esme.recv())
                .await
                .expect("session open")
                .accept();
            assert_eq!((m.protocol_id, m.data_coding), (0x7F, 0xF6));
            assert_eq!(m.source_addr, SMSR_MSISDN.trim_start_matches('+'));
            let Some(whole) = self.parts.push(&m.source_addr, m.user_data()).unwrap() else {
                continue;
            };
            assert!(whole.is(PacketKind::Command));
            let store = ApplicationKeys {
                tar: [0, 0, 1],
                security_level: MinimumSecurityLevel(0x16),
                key_sets: vec![self.keys.clone()],
            };
            return ota::open(&whole.data, &store).expect("authentic command packet");
        }
    }

    async fn send(&self, ud: Vec<u8>) {
        let m = ShortMessage {
            source_addr: DEVICE_MSISDN.into(),
            destination_addr: SMSR_MSISDN.trim_start_matches('+').into(),
            esm_class: ShortMessage::ESM_CLASS_UDHI,
            protocol_id: 0x7F,
            data_coding: 0xF6,
            short_message: ud,
            ..ShortMessage::default()
        };
        self.esme.submit(m).await.unwrap();
    }

    /// Answers `c` with a PoR of `status` and no data.
    async fn refuse(&self, c: &OpenedCommand, status: PorStatus) {
        let por = ota::secure_por(&c.header, c.counter, status, Some(&self.keys), &[]);
        self.send(por.unwrap()).await;
    }

    /// Answers `c` with a PoR carrying a response script of one `9000`.
    async fn answer_9000(&self, c: &OpenedCommand) {
        let script = ResponseScript {
            form: ScriptForm::Definite,
            items: vec![
                ResponseTlv::NumberOfCommands(1),
                ResponseTlv::RApdu(vec![0x90, 0x00]),
            ],
        };
        let data = script.encode().unwrap();
        let por = ota::secure_por(&c.header, c.counter, PorStatus::Ok, Some(&self.keys), &data);
        self.send(por.unwrap()).await;
    }

    /// Sends a Default Notification as an MO command packet (CC, no ciphering, no counter).
    async fn notify(&self, n: &DefaultNotification) {
        let header = CommandHeader::for_keys(Spi([0x02, 0x00]), &self.keys, [0, 0, 1]);
        let packet = ota::secure(&header, Counter::ZERO, &self.keys, &n.encode()).unwrap();
        for ud in split(PacketKind::Command, &packet, Reference::Bits8(1), 4).unwrap() {
            self.send(ud).await;
        }
    }
}

async fn state_becomes(smsr: &SmSrHandle, id: &str, want: OperationState) {
    within(async {
        while smsr.operation(id).await.unwrap().unwrap().state != want {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
}

#[tokio::test]
async fn a_command_goes_through_the_smsc_and_its_por_answers_it() {
    let (smsc, mut device, lab) = setup().await;
    let op = lab.enable_p2().await;
    let c = device.command().await;
    assert_eq!(h(&c.header.spi.0), "1639");
    assert_eq!(c.counter.value(), 6, "the EIS's counter 5, plus one");
    let queued = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(queued.state, OperationState::Sending);
    assert_eq!(
        h(&c.data),
        format!("AA1C221A80E28800153A03124F10{}", crate::support::AID2)
    );
    device.answer_9000(&c).await;
    state_becomes(
        &lab.smsr,
        &op.operation_id,
        OperationState::AwaitingNotification,
    )
    .await;

    // The card rolled back to P1: the notification comes as an MO packet, the
    // confirmation goes back to P1's MSISDN.
    let n = DefaultNotification {
        eid: EID.into(),
        kind: NotificationType::ProfileChangeRolledBack,
        seq: 3,
        isd_p_aid: Some(hex::decode(AID1).unwrap()),
    };
    device.notify(&n).await;
    let confirmation = device.command().await;
    assert_eq!(h(&confirmation.data), "AA0E220C80E28900073A08044E020003");
    state_becomes(&lab.smsr, &op.operation_id, OperationState::Failed).await;
    lab.smsr.shutdown().await;
    smsc.stop().await;
}

#[tokio::test]
async fn a_restarted_smsr_resends_with_a_higher_counter() {
    let (smsc, mut device, lab) = setup().await;
    let op = lab.enable_p2().await;
    let first = device.command().await;
    let lab = lab.restart().await;
    let again = device.command().await;
    assert_eq!((first.counter.value(), again.counter.value()), (6, 7));
    assert_eq!(again.data, first.data, "the same script");
    device.answer_9000(&first).await; // the stale counter matches no send
    device.answer_9000(&again).await;
    state_becomes(
        &lab.smsr,
        &op.operation_id,
        OperationState::AwaitingNotification,
    )
    .await;
    lab.smsr.shutdown().await;
    smsc.stop().await;
}

#[tokio::test]
async fn a_por_counter_low_has_the_command_sent_again_and_another_status_fails_it() {
    let (smsc, mut device, lab) = setup().await;
    let op = lab.enable_p2().await;
    let low = device.command().await;
    device.refuse(&low, PorStatus::CounterLow).await;
    let again = device.command().await;
    assert_eq!((low.counter.value(), again.counter.value()), (6, 7));
    device.refuse(&again, PorStatus::InsufficientMemory).await;
    state_becomes(&lab.smsr, &op.operation_id, OperationState::Failed).await;
    let failed = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(failed.failed_with(), Some(("8.4", "4.2")));
    lab.smsr.shutdown().await;
    smsc.stop().await;
}

#[tokio::test]
async fn a_short_message_lost_on_the_way_is_sent_again_after_the_por_timeout() {
    let smsc = smsc().await;
    let mut device = Device::bind(&smsc).await;
    let lab = Lab::configured(link(&smsc), |c| {
        c.operations.por_timeout = Duration::from_millis(300);
    })
    .await;
    lab.smsr
        .import_eis_json(&crate::support::eis_json())
        .await
        .unwrap();
    let op = lab.enable_p2().await;
    // The first short message never reaches the card: no PoR comes back.
    let lost = device.command().await;
    let again = device.command().await;
    assert_eq!((lost.counter.value(), again.counter.value()), (6, 7));
    assert_eq!(again.data, lost.data, "the same script, a new counter");
    device.answer_9000(&again).await;
    state_becomes(
        &lab.smsr,
        &op.operation_id,
        OperationState::AwaitingNotification,
    )
    .await;
    lab.smsr.shutdown().await;
    smsc.stop().await;
}

/// More commands await their PoR than one pass of the sender looks at (64), none of them
/// answered (the cards are off, the SMSC keeps the messages): the commands queued behind
/// them still go out at once, not after the PoR timeout of those in front.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_awaiting_a_por_do_not_hold_back_the_queued_ones() {
    const CARDS: usize = 70;
    let smsc = smsc().await;
    let lab = Lab::with_smsc(link(&smsc)).await;
    let mut ops = Vec::new();
    for i in 0..CARDS {
        let (eid, json) = eis_json_of(i);
        lab.smsr.import_eis_json(&json).await.unwrap();
        let r = crate::support::requester("mno-a");
        let op = lab.smsr.es4().enable_profile(&r, &eid, &p2_of(i)).await;
        ops.push(op.unwrap().operation_id);
    }
    within(async {
        loop {
            let pending = lab.smsr.pending_commands(1000).await.unwrap();
            let sent = pending.iter().filter(|c| c.attempts >= 1).count();
            assert_eq!(pending.len(), CARDS, "nothing answered, nothing failed");
            if sent == CARDS {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    let pending = lab.smsr.pending_commands(1000).await.unwrap();
    assert!(pending.iter().all(|c| c.attempts == 1), "each sent once");
    lab.smsr.shutdown().await;
    smsc.stop().await;
}
