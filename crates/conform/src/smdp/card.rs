//! The device under the runner's control: a software eUICC (`euicc-sim`) answering ES10b
//! requests as DER, each exchange kept as evidence in hex. Every case gets a new one with
//! the run's credentials, so sessions never cross cases.

use std::path::PathBuf;

use euicc_sim::{Credentials, Es10Processor, Euicc, EuiccOptions};
use lpa::DeviceOptions;
use proto::der::Asn1;

use crate::evidence::Evidence;
use crate::{ConformError, Stop};

/// Where the eUICC's credentials come from.
#[derive(Clone, Debug)]
pub enum EuiccSource {
    /// A lab PKI directory (`rsp-lab certs generate`): its eUICC credential, or a
    /// certificate issued under its EUM for one EID chosen for the run.
    Pki(PathBuf),
    /// An SGP.26-layout directory with an eUICC certificate and key, its EUM and CIs.
    Credentials(PathBuf),
}

impl EuiccSource {
    fn load(&self, eid: Option<&str>) -> Result<Credentials, ConformError> {
        let loaded = match self {
            EuiccSource::Pki(dir) => euicc_sim::credentials_from_pki_dir(dir, eid),
            EuiccSource::Credentials(dir) => euicc_sim::credentials_from_dir(dir, eid),
        };
        loaded.map_err(|e| ConformError::Credentials(e.to_string()))
    }

    /// The credentials of the eUICC with EID `eid`.
    pub(crate) fn credentials(&self, eid: &str) -> Result<Credentials, ConformError> {
        self.load(Some(eid))
    }

    /// The EID of the run's eUICC.
    pub(crate) fn eid(&self) -> Result<String, ConformError> {
        Ok(self.load(None)?.eid().as_str().to_string())
    }

    /// A new eUICC with EID `eid`.
    pub(crate) fn card(&self, eid: &str) -> Result<Card, ConformError> {
        let euicc = Euicc::in_memory(self.load(Some(eid))?, EuiccOptions::default())
            .map_err(|e| ConformError::Credentials(e.to_string()))?;
        Ok(Card {
            euicc,
            device: DeviceOptions::default(),
        })
    }

    /// Credentials for another eUICC: under another CI (a throw-away lab PKI), for the
    /// cases that present a chain the SM-DP+ cannot know.
    pub(crate) fn foreign() -> Result<Credentials, Stop> {
        let pki = certs::generate(&certs::LabPkiOptions::default())
            .map_err(|e| Stop::fail(format!("throw-away PKI: {e}")))?;
        Credentials::from_pki(&pki).map_err(|e| Stop::fail(format!("throw-away eUICC: {e}")))
    }
}

/// A software eUICC and the device it sits in.
pub(crate) struct Card {
    euicc: Euicc,
    pub(crate) device: DeviceOptions,
}

impl Card {
    /// The eUICC's credentials (to sign what a case alters).
    pub(crate) fn credentials(&self) -> &Credentials {
        self.euicc.credentials()
    }

    /// The EID.
    pub(crate) fn eid(&self) -> &str {
        self.euicc.eid()
    }

    /// One ES10 function: `request` encoded, the answer's octets returned. A refusal by
    /// status word is a fail: the runner only sends what a device would.
    pub(crate) fn raw(
        &mut self,
        ev: &mut Evidence,
        function: &str,
        request: &[u8],
    ) -> Result<Vec<u8>, Stop> {
        let answer = self
            .euicc
            .try_process_es10(request)
            .map_err(|e| Stop::fail(format!("ES10 {function}: the eUICC refused: {e}")))?;
        ev.es10(function, request, &answer);
        Ok(answer)
    }

    /// One ES10 function, its answer decoded as `R`; the octets with it.
    pub(crate) fn call<R: Asn1>(
        &mut self,
        ev: &mut Evidence,
        function: &str,
        request: &impl Asn1,
    ) -> Result<(R, Vec<u8>), Stop> {
        let raw = self.raw(ev, function, &request.to_der())?;
        let decoded = R::from_der(&raw)
            .map_err(|e| Stop::fail(format!("ES10 {function}: answer does not decode: {e}")))?;
        Ok((decoded, raw))
    }
}
