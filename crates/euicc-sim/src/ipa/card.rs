//! The eUICC as the IPA reaches it: ES10 requests as DER in, responses out
//! ([`Es10Processor`]); in this process that is the [`Euicc`] itself (a fleet keeps one
//! per device), a card behind APDUs needs an adapter that speaks STORE DATA.
//!
//! The typed helpers turn a status word into [`IpaError::Card`] and a response that does
//! not decode into [`IpaError::CardAnswer`].

use proto::der::Asn1;
use proto::sgp32::StateChangeCause;

use super::error::IpaError;
use crate::{Es10Error, Es10Processor, Euicc};

/// A card the IPA drives.
pub trait IpaCard: Es10Processor + Send {
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
    fn pending_state_change(&self) -> Option<StateChangeCause> {
        Euicc::pending_state_change(self)
    }

    fn clear_state_change(&mut self) -> Result<(), IpaError> {
        Euicc::clear_state_change(self).map_err(|e| IpaError::State(e.to_string()))
    }
}

impl<T: IpaCard + ?Sized> IpaCard for &mut T {
    fn pending_state_change(&self) -> Option<StateChangeCause> {
        (**self).pending_state_change()
    }

    fn clear_state_change(&mut self) -> Result<(), IpaError> {
        (**self).clear_state_change()
    }
}

/// One ES10 function: `request` out, its response decoded as `R`.
pub(super) fn call<R: Asn1>(
    card: &mut (impl Es10Processor + ?Sized),
    function: &'static str,
    request: &impl Asn1,
) -> Result<R, IpaError> {
    let der = raw(card, function, &request.to_der())?;
    R::from_der(&der).map_err(|source| IpaError::CardAnswer { function, source })
}

/// One ES10 function, the response as received.
pub(super) fn raw(
    card: &mut (impl Es10Processor + ?Sized),
    function: &'static str,
    request: &[u8],
) -> Result<Vec<u8>, IpaError> {
    card.try_process_es10(request)
        .map_err(|source| IpaError::Card { function, source })
}

/// Passes ES10 requests on and keeps the last ProfileInstallationResult (`BF37`) the
/// eUICC answered: the IPA reports it to the eIM after a download run by the LPA.
pub(super) struct PirRecorder<'a, P: ?Sized> {
    inner: &'a mut P,
    last_pir: Option<Vec<u8>>,
}

impl<'a, P: Es10Processor + ?Sized> PirRecorder<'a, P> {
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

impl<P: Es10Processor + ?Sized> Es10Processor for PirRecorder<'_, P> {
    fn process_es10(&mut self, request: &[u8]) -> Vec<u8> {
        self.try_process_es10(request).unwrap_or_default()
    }

    fn try_process_es10(&mut self, request: &[u8]) -> Result<Vec<u8>, Es10Error> {
        let response = self.inner.try_process_es10(request)?;
        if response.starts_with(&[0xBF, 0x37]) {
            self.last_pir = Some(response.clone());
        }
        Ok(response)
    }

    fn reset(&mut self) {
        self.inner.reset()
    }
}
