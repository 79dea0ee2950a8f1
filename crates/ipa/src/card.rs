//! The eUICC as the IPA reaches it: ES10 requests as DER in, responses out ([`IpaCard`]);
//! in this process that is the [`Euicc`] itself (a fleet keeps one per device), a card
//! behind APDUs needs an adapter that speaks STORE DATA ([`crate::ApduCard`]).
//!
//! The IPA's card is its own trait, not the card crate's [`Es10Processor`]: a card behind
//! APDUs fails in ways only the device sees (the reader, the transport), so its error
//! ([`CardError`]) belongs to the device. The typed helpers turn a refusal into
//! [`IpaError::Card`] and a response that does not decode into [`IpaError::CardAnswer`].

use euicc_sim::{Es10Error, Es10Processor, Euicc};
use proto::der::Asn1;
use proto::sgp32::StateChangeCause;

use super::error::{CardError, IpaError};

/// A card the IPA drives.
pub trait IpaCard: Send {
    /// One ES10 request (a DER TLV such as `BF2E00`) out, its response back; empty when the
    /// function has no data to return.
    fn transact(&mut self, request: &[u8]) -> Result<Vec<u8>, CardError>;

    /// A change of the enabled profile the eIM was not told about (fallback, reset …), for
    /// `notifyStateChange` / `stateChangeCause` of ESipa.GetEimPackage (SGP.32 v1.2
    /// 6.3.2.6). A card that keeps no such record says `None`.
    fn pending_state_change(&self) -> Option<StateChangeCause> {
        None
    }

    /// The eIM has received the state change.
    fn clear_state_change(&mut self) -> Result<(), IpaError> {
        Ok(())
    }
}

impl IpaCard for Euicc {
    fn transact(&mut self, request: &[u8]) -> Result<Vec<u8>, CardError> {
        Ok(self.try_process_es10(request)?)
    }

    fn pending_state_change(&self) -> Option<StateChangeCause> {
        Euicc::pending_state_change(self)
    }

    fn clear_state_change(&mut self) -> Result<(), IpaError> {
        Euicc::clear_state_change(self).map_err(|e| IpaError::State(e.to_string()))
    }
}

impl<T: IpaCard + ?Sized> IpaCard for &mut T {
    fn transact(&mut self, request: &[u8]) -> Result<Vec<u8>, CardError> {
        (**self).transact(request)
    }

    fn pending_state_change(&self) -> Option<StateChangeCause> {
        (**self).pending_state_change()
    }

    fn clear_state_change(&mut self) -> Result<(), IpaError> {
        (**self).clear_state_change()
    }
}

/// One ES10 function: `request` out, its response decoded as `R`.
pub(super) fn call<R: Asn1>(
    card: &mut (impl IpaCard + ?Sized),
    function: &'static str,
    request: &impl Asn1,
) -> Result<R, IpaError> {
    let der = raw(card, function, &request.to_der())?;
    R::from_der(&der).map_err(|source| IpaError::CardAnswer { function, source })
}

/// One ES10 function, the response as received.
pub(super) fn raw(
    card: &mut (impl IpaCard + ?Sized),
    function: &'static str,
    request: &[u8],
) -> Result<Vec<u8>, IpaError> {
    card.transact(request)
        .map_err(|source| IpaError::Card { function, source })
}

/// Passes ES10 requests on and keeps the last ProfileInstallationResult (`BF37`) the
/// eUICC answered: the IPA reports it to the eIM after a download run by the LPA. It is the
/// processor of the in-process card face ([`euicc_sim::apdu::Card`]) the LPA talks APDUs
/// to; a refusal reaches the LPA as its status word, the card's own when it is behind
/// APDUs ([`Es10Error::Relayed`]). The LPA never resets that card face, so no reset is
/// passed on.
pub(super) struct PirRecorder<'a, P: ?Sized> {
    inner: &'a mut P,
    last_pir: Option<Vec<u8>>,
}

impl<'a, P: IpaCard + ?Sized> PirRecorder<'a, P> {
    pub(super) fn new(inner: &'a mut P) -> Self {
        PirRecorder {
            inner,
            last_pir: None,
        }
    }

    pub(super) fn into_pir(self) -> Option<Vec<u8>> {
        self.last_pir
    }
}

impl<P: IpaCard + ?Sized> Es10Processor for PirRecorder<'_, P> {
    fn process_es10(&mut self, request: &[u8]) -> Vec<u8> {
        self.try_process_es10(request).unwrap_or_default()
    }

    fn try_process_es10(&mut self, request: &[u8]) -> Result<Vec<u8>, Es10Error> {
        let response = self.inner.transact(request).map_err(|e| match e {
            CardError::Refused(e) => e,
            e @ CardError::Apdu(_) => Es10Error::Relayed(e.status_word()),
        })?;
        if response.starts_with(&[0xBF, 0x37]) {
            self.last_pir = Some(response.clone());
        }
        Ok(response)
    }
}
