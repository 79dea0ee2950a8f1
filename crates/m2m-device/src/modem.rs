//! The device's modem: its life on the simulated network around the card's terminal.
//!
//! While the enabled profile's IMSI attaches ([`Network::attach`]), the modem is bound to the
//! SMSC over SMPP 3.4 as the subscription's MSISDN (an ESME transceiver whose address range
//! is that MSISDN), so the network's MT short messages reach it as deliver_sm and its MO
//! short messages leave as submit_sm:
//!
//! - an MT message with TP-PID `7F` (USIM data download, 3GPP TS 23.040 9.2.3.9) goes to the
//!   card as an SMS-PP data download (3GPP TS 31.111 7.1.1); response data the card puts in
//!   its RP-ACK or RP-ERROR (a PoR, ETSI TS 102 225 5.2) goes back to the originator as an
//!   MO short message, since an SMPP deliver_sm_resp carries no user data;
//! - each SEND SHORT MESSAGE the card asks for (ETSI TS 102 223 6.4.10: a PoR by
//!   SMS-SUBMIT, a Default Notification, SGP.02 3.15) is submitted, and the TERMINAL
//!   RESPONSE says whether the network took it (`00`) or not (`21`, no service);
//! - the card's BIP commands (ETSI TS 102 223 6.4.27–6.4.31) run on a TCP connection
//!   (module `channel`): what arrives is announced with Data available (7.5.10), a closed
//!   connection with Channel status (7.5.11);
//! - after a REFRESH the modem resets the card and attaches again with what is now enabled
//!   (another IMSI, another MSISDN, or no service);
//! - while idle it sends STATUS, so a card with a notification to repeat can ask for it.
//!
//! The card is driven with blocking APDU exchanges on the modem's task, as a modem's
//! firmware does; one modem serves one card.

use std::time::Duration;

use lpa::CardChannel;
use ota::sms::{Address, SmsDeliver, SmsSubmit, TypeOfNumber};
use smpp::{CommandStatus, Esme, EsmeConfig, EsmeError, ShortMessage};

use crate::channel::{Bip, CHANNEL_ID, Input};
use crate::network::{Network, Subscriber};
use crate::radio::Radio;
use crate::terminal::{
    Download, GeneralResult, LocationStatus, Proactive, Terminal, TerminalError,
};

/// SMPP TON "international" (SMPP 3.4 5.2.5).
const TON_INTERNATIONAL: u8 = 0x01;
/// SMPP NPI "ISDN (E163/E164)" (5.2.6).
const NPI_ISDN: u8 = 0x01;

/// Where the modem's SMSC is and how it binds.
#[derive(Debug, Clone)]
pub struct ModemConfig {
    /// The SMSC's SMPP address (`host:port`).
    pub smsc: String,
    /// The modem's account at the SMSC.
    pub system_id: String,
    /// Its password.
    pub password: String,
    /// The network the device attaches to.
    pub network: Network,
    /// How often the idle modem sends STATUS to the card.
    pub status_interval: Duration,
    /// The radio link's faults and counters (none by default).
    pub radio: Radio,
}

/// Why the modem stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModemError {
    /// The card failed.
    #[error(transparent)]
    Terminal(#[from] TerminalError),
    /// The SMSC refused the bind or the link failed.
    #[error("SMSC: {0}")]
    Smsc(#[from] EsmeError),
}

/// The modem around one card.
pub struct Modem<C> {
    terminal: Terminal<C>,
    config: ModemConfig,
    attached: Option<Subscriber>,
    esme: Option<Esme>,
    message_reference: u8,
    bip: Bip,
    /// The IMSI of the last attach attempt and whether it attached, for [`Modem::observe`].
    seen: tokio::sync::watch::Sender<Registration>,
}

/// What the network saw at the modem's last attach attempt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Registration {
    /// The enabled profile's IMSI, when the card has one.
    pub imsi: Option<String>,
    /// The subscription it attached as; `None` without service.
    pub attached: Option<Subscriber>,
}

impl<C: CardChannel> Modem<C> {
    /// A modem for `card`, not yet powered.
    pub fn new(card: C, config: ModemConfig) -> Modem<C> {
        Modem {
            terminal: Terminal::new(card),
            config,
            attached: None,
            esme: None,
            message_reference: 0,
            bip: Bip::default(),
            seen: tokio::sync::watch::channel(Registration::default()).0,
        }
    }

    /// Each attach attempt from now on, as the network saw it (the card's enabled
    /// profile's IMSI and whether it got service); readable while the modem runs.
    pub fn observe(&self) -> tokio::sync::watch::Receiver<Registration> {
        self.seen.subscribe()
    }

    /// The card, given back once the modem has stopped.
    pub fn into_card(self) -> C {
        self.terminal.into_card()
    }

    /// The subscription the modem is attached with, if any.
    pub fn attached(&self) -> Option<&Subscriber> {
        self.attached.as_ref()
    }

    /// Powers the card on and attaches with its enabled profile.
    pub async fn start(&mut self) -> Result<(), ModemError> {
        self.bip.reset();
        self.terminal.power_on()?;
        self.attach().await?;
        self.run_proactive().await
    }

    /// Runs until `stop` completes: MT messages to the card, the card's proactive commands,
    /// STATUS while idle.
    pub async fn run(&mut self, stop: impl Future<Output = ()>) -> Result<(), ModemError> {
        tokio::pin!(stop);
        let mut idle = tokio::time::interval(self.config.status_interval);
        idle.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = &mut stop => return self.detach().await,
                incoming = next_incoming(&mut self.esme) => match incoming {
                    Some(incoming) => self.on_mt(incoming).await?,
                    None => self.lost_smsc().await?,
                },
                input = self.bip.input() => self.on_channel(input).await?,
                _ = idle.tick() => {
                    self.terminal.status()?;
                    self.run_proactive().await?;
                }
            }
        }
    }

    /// Reads the IMSI, attaches if the network lets it, and binds as its MSISDN; tells the
    /// card the location status (TS 102 223 7.5.4).
    async fn attach(&mut self) -> Result<(), ModemError> {
        let imsi = self.terminal.imsi()?;
        let subscriber = self.config.network.attach(imsi.as_deref()).cloned();
        let same =
            subscriber.as_ref().map(|s| &s.msisdn) == self.attached.as_ref().map(|s| &s.msisdn);
        if !same || self.esme.is_none() {
            self.detach().await?;
            if let Some(s) = &subscriber {
                let esme =
                    Esme::bind_transceiver(self.config.smsc.as_str(), &self.esme_config(s)).await?;
                self.esme = Some(esme);
            }
        }
        tracing::info!(
            imsi = imsi.as_deref().unwrap_or("-"),
            attached = subscriber.is_some(),
            "network attach"
        );
        self.attached = subscriber;
        self.seen.send_replace(Registration {
            imsi: imsi.clone(),
            attached: self.attached.clone(),
        });
        let status = if self.attached.is_some() {
            LocationStatus::Normal
        } else {
            LocationStatus::NoService
        };
        self.terminal.location_status(status)?;
        Ok(())
    }

    async fn detach(&mut self) -> Result<(), ModemError> {
        if let Some(esme) = self.esme.take() {
            // An unbind the SMSC no longer answers leaves nothing to undo.
            let _ = esme.close().await;
        }
        Ok(())
    }

    /// The SMSC closed the link: bind again.
    async fn lost_smsc(&mut self) -> Result<(), ModemError> {
        self.esme = None;
        self.attach().await
    }

    fn esme_config(&self, s: &Subscriber) -> EsmeConfig {
        let mut config = EsmeConfig::new(
            &self.config.system_id,
            &self.config.password,
            digits(&s.msisdn),
        );
        config.addr_ton = TON_INTERNATIONAL;
        config.addr_npi = NPI_ISDN;
        config
    }

    /// An MT short message: to the card if it is for the USIM (TP-PID `7F`), its RP-ACK data
    /// back to the originator.
    async fn on_mt(&mut self, incoming: smpp::Incoming) -> Result<(), ModemError> {
        let message = incoming.message().clone();
        if message.protocol_id != ota::sms::PID_USIM_DATA_DOWNLOAD {
            incoming.accept();
            return Ok(());
        }
        if self.config.radio.mt_lost(message.short_message.len()) {
            // Lost over the air: the card never sees it, no PoR comes back.
            tracing::debug!(from = %message.source_addr, "MT short message lost");
            incoming.accept();
            return Ok(());
        }
        tracing::debug!(
            from = %message.source_addr,
            esm_class = message.esm_class,
            dcs = message.data_coding,
            user_data = %hex_of(&message.short_message),
            "MT short message for the card"
        );
        let deliver = deliver_of(&message);
        let answer = match deliver {
            Some(deliver) => self.terminal.download(&deliver, None)?,
            None => Download::Error(None),
        };
        match answer {
            Download::Busy => incoming.respond(CommandStatus::ESME_RX_T_APPN),
            Download::Refused(sw) => {
                tracing::warn!(from = %message.source_addr, sw = format_args!("{sw:04X}"), "the card refused a short message");
                incoming.respond(CommandStatus::ESME_RX_P_APPN);
            }
            Download::Acknowledged(data) | Download::Error(data) => {
                incoming.accept();
                if let Some(data) = data {
                    self.reply(&message.source_addr, data).await;
                }
            }
        }
        self.run_proactive().await
    }

    /// Sends `user_data` (a PoR) to `to` as an MO short message; a failure is logged.
    async fn reply(&mut self, to: &str, user_data: Vec<u8>) {
        let submit = match Address::international(digits(to)) {
            Ok(to) => SmsSubmit::ota(self.next_reference(), to, user_data),
            Err(e) => {
                tracing::warn!(to, error = %e, "PoR not returned: originator is not a number");
                return;
            }
        };
        let delay = self.config.radio.por_delay;
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        if let Err(e) = self.submit(&submit).await {
            tracing::warn!(result = ?e, "PoR not returned");
        }
    }

    /// FETCHes and runs every command the card has, answering each.
    async fn run_proactive(&mut self) -> Result<(), ModemError> {
        while let Some(command) = self.terminal.fetch()? {
            let details = command.details();
            let refresh = matches!(command, Proactive::Refresh(_));
            let result = match command {
                Proactive::SendShortMessage(_, sms) => match SmsSubmit::parse(&sms.tpdu) {
                    Ok(submit) => self
                        .submit(&submit)
                        .await
                        .map_or_else(|e| e, |()| GeneralResult::Ok),
                    Err(_) => GeneralResult::BeyondCapabilities,
                },
                Proactive::Channel(_, c) => {
                    let (result, objects) = self.bip.run(c).await;
                    self.terminal.respond_with(details, result, &objects)?;
                    continue;
                }
                Proactive::Refresh(_) => GeneralResult::Ok,
                Proactive::Other(_) => GeneralResult::BeyondCapabilities,
            };
            self.terminal.respond(details, result)?;
            if refresh {
                self.bip.reset();
                self.terminal.power_on()?;
                self.attach().await?;
            }
        }
        Ok(())
    }

    /// Tells the card what came in on its channel (the events it asked for), then runs
    /// what it asks next (RECEIVE DATA, CLOSE CHANNEL).
    async fn on_channel(&mut self, input: Input) -> Result<(), ModemError> {
        match input {
            Input::Data(len) if self.bip.wants_data_available() => {
                self.terminal.data_available(CHANNEL_ID, len)?
            }
            Input::Dropped if self.bip.wants_channel_status() => {
                tracing::info!("BIP channel: link dropped");
                self.terminal.link_dropped(CHANNEL_ID)?
            }
            _ => {}
        }
        self.run_proactive().await
    }

    /// Submits an MO short message; the TERMINAL RESPONSE result when it cannot.
    async fn submit(&mut self, submit: &SmsSubmit) -> Result<(), GeneralResult> {
        let (Some(esme), Some(me)) = (&self.esme, &self.attached) else {
            return Err(GeneralResult::NetworkUnable);
        };
        let message = ShortMessage {
            source_addr_ton: TON_INTERNATIONAL,
            source_addr_npi: NPI_ISDN,
            source_addr: digits(&me.msisdn).to_owned(),
            dest_addr_ton: ton_of(&submit.destination),
            dest_addr_npi: NPI_ISDN,
            destination_addr: submit
                .destination
                .to_text()
                .trim_start_matches('+')
                .to_owned(),
            esm_class: if submit.udhi {
                ShortMessage::ESM_CLASS_UDHI
            } else {
                0
            },
            protocol_id: submit.pid,
            data_coding: submit.dcs,
            short_message: submit.user_data.clone(),
            ..ShortMessage::default()
        };
        self.config.radio.mo_sent(submit.user_data.len());
        esme.submit(message).await.map(drop).map_err(|e| {
            tracing::warn!(error = %e, "MO short message refused");
            GeneralResult::SmsRpError
        })
    }

    fn next_reference(&mut self) -> u8 {
        self.message_reference = self.message_reference.wrapping_add(1);
        self.message_reference
    }
}

async fn next_incoming(esme: &mut Option<Esme>) -> Option<smpp::Incoming> {
    match esme {
        Some(esme) => esme.recv().await,
        None => std::future::pending().await,
    }
}

/// The SMS-DELIVER a deliver_sm stands for (3GPP TS 23.040 9.2.2.1): its user data, the
/// originator, TP-PID and TP-DCS as given, the UDHI from esm_class.
fn deliver_of(message: &ShortMessage) -> Option<SmsDeliver> {
    let ton = if message.source_addr_ton == TON_INTERNATIONAL {
        TypeOfNumber::International
    } else {
        TypeOfNumber::Unknown
    };
    let originator = Address::new(ton, NPI_ISDN, digits(&message.source_addr)).ok()?;
    let mut deliver = SmsDeliver::ota(originator, scts_now(), message.short_message.clone());
    deliver.udhi = message.esm_class & ShortMessage::ESM_CLASS_UDHI != 0;
    deliver.pid = message.protocol_id;
    deliver.dcs = tp_dcs(message.data_coding, message.protocol_id);
    Some(deliver)
}

/// The TP-DCS (3GPP TS 23.038 4) of a deliver_sm's data_coding (SMPP 3.4 5.2.19): the GSM
/// message class control values `F0`–`FF` are TP-DCS already; "8-bit binary" (`02`, `04`)
/// is 8-bit data, in class 2 for a USIM data download, which is the class an ME hands to
/// the card (3GPP TS 31.111 7.1.1); the rest is passed as it is.
fn tp_dcs(data_coding: u8, pid: u8) -> u8 {
    match data_coding {
        0x02 | 0x04 if pid == ota::sms::PID_USIM_DATA_DOWNLOAD => ota::sms::DCS_8BIT_CLASS_2,
        0x02 | 0x04 => 0x04,
        other => other,
    }
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn ton_of(address: &Address) -> u8 {
    if address.to_text().starts_with('+') {
        TON_INTERNATIONAL
    } else {
        0
    }
}

fn digits(number: &str) -> &str {
    number.strip_prefix('+').unwrap_or(number)
}

/// The service centre time stamp of now, UTC (TS 23.040 9.2.3.11: semi-octets, swapped).
fn scts_now() -> [u8; 7] {
    let now = time::OffsetDateTime::now_utc();
    let swap = |v: u8| ((v % 10) << 4) | (v / 10);
    [
        swap((now.year() % 100) as u8),
        swap(u8::from(now.month())),
        swap(now.day()),
        swap(now.hour()),
        swap(now.minute()),
        swap(now.second()),
        0x00,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deliver_sm_becomes_the_sms_deliver_the_card_reads() {
        let message = ShortMessage {
            source_addr_ton: TON_INTERNATIONAL,
            source_addr: "12".into(),
            esm_class: ShortMessage::ESM_CLASS_UDHI,
            protocol_id: 0x7F,
            data_coding: 0x02,
            short_message: vec![0x02, 0x70, 0x00, 0x00, 0x03, 0x0D, 0x00, 0x00],
            ..ShortMessage::default()
        };
        let deliver = deliver_of(&message).expect("deliver");
        assert_eq!(deliver.dcs, 0xF6, "8-bit binary for the USIM: class 2");
        let tpdu = deliver.encode().expect("encode");
        let back = SmsDeliver::parse(&tpdu).expect("parse");
        assert_eq!(back, deliver);
    }
}
