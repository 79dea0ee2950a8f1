//! [`ApduCard`]: a card behind APDUs (a PC/SC reader, a modem's `AT+CSIM`) as the IPA
//! drives it, DER in and DER out ([`IpaCard`]).
//!
//! Underneath is the LPA's ES10 client ([`Es10Client`]), so the IPA reaches the card
//! exactly as the LPA does (SGP.22 5.7.2; GPCS v2.3 11.11; ISO/IEC 7816-4):
//!
//! ```text
//! open   [TERMINAL CAPABILITY]  MANAGE CHANNEL open  SELECT ISD-R on that channel
//! each   STORE DATA blocks of at most 255 octets (P1 11 … 91), GET RESPONSE while 61xx
//! close  MANAGE CHANNEL close (also when dropped)
//! ```
//!
//! SGP.32 v1.2 reaches the ISD-R of an IoT eUICC with the ES10 functions of SGP.22 5.7 and
//! the ones it adds (5.9); the transport below them is SGP.22's. A status word other than
//! `9000` (after the `61xx` chain) ends the request as [`CardError::Apdu`] with the card's
//! status word and its meaning ([`lpa::status_word_meaning`]); a transport failure
//! (reader gone, card removed, modem silent) likewise, with the transport's message. The
//! IPA stops on either ([`super::IpaError::Card`]); nothing waits without a bound, as each
//! transport bounds its own exchanges.

use euicc_sim::Es10Error;
use lpa::{CardChannel, Es10Client, Es10ClientError, Es10Options};

use super::card::IpaCard;
use super::error::CardError;

/// A card behind APDUs with the ISD-R selected on a logical channel, as the IPA's card.
pub struct ApduCard<C: CardChannel> {
    /// `None` only while closing.
    client: Option<Es10Client<C>>,
}

impl<C: CardChannel> ApduCard<C> {
    /// Opens the ISD-R on `card` (TERMINAL CAPABILITY when `options` say so, MANAGE
    /// CHANNEL, SELECT ISD-R).
    pub fn open(card: C, options: Es10Options) -> Result<ApduCard<C>, Es10ClientError> {
        Ok(ApduCard {
            client: Some(Es10Client::open(card, options)?),
        })
    }

    /// The logical channel the ISD-R is selected on.
    pub fn channel(&self) -> u8 {
        self.client.as_ref().map_or(0, Es10Client::channel)
    }

    /// Closes the logical channel and gives the card back.
    pub fn close(mut self) -> Option<C> {
        self.client.take().map(Es10Client::close)
    }
}

impl<C: CardChannel> Drop for ApduCard<C> {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            client.close();
        }
    }
}

/// A card behind APDUs keeps no record of state changes the eIM missed: the IPA learns of
/// them from the card's notifications.
impl<C: CardChannel + Send> IpaCard for ApduCard<C> {
    fn transact(&mut self, request: &[u8]) -> Result<Vec<u8>, CardError> {
        let Some(client) = self.client.as_mut() else {
            return Err(Es10Error::Internal("the card's channel is closed").into());
        };
        Ok(client.transact(request)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IpaError;
    use lpa::TransportError;

    /// A card answering from a script; the script's end is a removed card.
    struct Scripted {
        sent: Vec<Vec<u8>>,
        answers: Vec<Vec<u8>>,
    }

    impl CardChannel for Scripted {
        fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
            self.sent.push(command.to_vec());
            if self.answers.is_empty() {
                return Err(TransportError("the card was removed".into()));
            }
            Ok(self.answers.remove(0))
        }
    }

    fn card(answers: Vec<Vec<u8>>) -> Scripted {
        Scripted {
            sent: Vec::new(),
            answers,
        }
    }

    fn options() -> Es10Options {
        Es10Options {
            terminal_capability: Some(lpa::EUICC_CAPABILITY_LPA),
            ..Es10Options::default()
        }
    }

    /// An ES10c.GetEID request (`BF3E`, tagList `5C 01 5A`).
    const GET_EID: [u8; 6] = [0xBF, 0x3E, 0x03, 0x5C, 0x01, 0x5A];

    #[test]
    fn sgp22_5_7_2_terminal_capability_channel_select_store_data_get_response_close() {
        let answers = vec![
            vec![0x90, 0x00],       // TERMINAL CAPABILITY
            vec![0x02, 0x90, 0x00], // MANAGE CHANNEL: channel 2
            vec![0x90, 0x00],       // SELECT ISD-R
            vec![0x61, 0x03],       // STORE DATA, last block
            vec![0xBF, 0x3E, 0x00, 0x90, 0x00],
            vec![0x90, 0x00], // MANAGE CHANNEL close
        ];
        let mut apdu = ApduCard::open(card(answers), options()).unwrap();
        assert_eq!(apdu.channel(), 2);
        assert_eq!(apdu.transact(&GET_EID).unwrap(), [0xBF, 0x3E, 0x00]);
        let sent = apdu.close().unwrap().sent;
        assert_eq!(sent[0], [0x80, 0xAA, 0, 0, 5, 0xA9, 3, 0x83, 1, 0x07]);
        assert_eq!(sent[1], [0x00, 0x70, 0x00, 0x00, 0x01]);
        assert_eq!(&sent[2][..4], [0x02, 0xA4, 0x04, 0x00]);
        assert_eq!(&sent[3][..5], [0x82, 0xE2, 0x91, 0x00, 6]);
        assert_eq!(sent[4], [0x02, 0xC0, 0x00, 0x00, 0x03]);
        assert_eq!(sent[5], [0x00, 0x70, 0x80, 0x02]);
    }

    #[test]
    fn a_refused_terminal_capability_is_not_fatal() {
        let answers = vec![vec![0x6D, 0x00], vec![0x01, 0x90, 0x00], vec![0x90, 0x00]];
        assert!(ApduCard::open(card(answers), options()).is_ok());
    }

    #[test]
    fn a_status_word_reaches_the_ipa_as_its_meaning() {
        let answers = vec![
            vec![0x90, 0x00],
            vec![0x01, 0x90, 0x00],
            vec![0x90, 0x00],
            vec![0x69, 0x85],
        ];
        let mut apdu = ApduCard::open(card(answers), options()).unwrap();
        let e = apdu.transact(&GET_EID).unwrap_err();
        assert_eq!(e.status_word(), 0x6985);
        let e = IpaError::Card {
            function: "ES10c.GetEID",
            source: e,
        };
        assert_eq!(
            e.to_string(),
            "ES10c.GetEID: the card answered STORE DATA with 6985 (conditions of use not satisfied)"
        );
    }

    #[test]
    fn a_card_removed_mid_operation_and_a_truncated_answer_are_clear_errors() {
        // removed: the script ends after SELECT
        let answers = vec![vec![0x90, 0x00], vec![0x01, 0x90, 0x00], vec![0x90, 0x00]];
        let mut apdu = ApduCard::open(card(answers), options()).unwrap();
        let e = apdu.transact(&GET_EID).unwrap_err();
        assert_eq!(e.status_word(), 0x6F00);
        assert_eq!(e.to_string(), "card transport: the card was removed");
        // one octet: no status word
        let answers = vec![
            vec![0x90, 0x00],
            vec![0x01, 0x90, 0x00],
            vec![0x90, 0x00],
            vec![0x90],
        ];
        let mut apdu = ApduCard::open(card(answers), options()).unwrap();
        let e = apdu.transact(&GET_EID).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the card answered STORE DATA with 1 octets, no status word"
        );
    }

    #[test]
    fn select_isd_r_refused_names_the_missing_application() {
        let answers = vec![vec![0x90, 0x00], vec![0x01, 0x90, 0x00], vec![0x6A, 0x82]];
        let e = ApduCard::open(card(answers), options()).err().unwrap();
        assert_eq!(
            e.to_string(),
            "the card answered SELECT ISD-R with 6A82 (application not found)"
        );
    }
}
