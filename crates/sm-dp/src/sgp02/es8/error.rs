//! Why a download stopped (SGP.02 4.1.3), each with the SGP.02 status code the SM-DP reports
//! it with ([`DownloadError::code`]).

use proto::json::StatusCode;

/// `8.4` eUICC / `4.2` Execution error: the eUICC refused a command or answered what the
/// step cannot take (SGP.02 5.1.6; the code the SM-SR relays for a card error).
pub const EUICC_EXECUTION_ERROR: StatusCode = StatusCode::new("8.4", "4.2");
/// `8.4` eUICC / `6.1` Verification failed: the receipt of the key establishment, or the
/// R-MAC of an SCP03t answer, does not verify. **Unconfirmed** pair.
pub const EUICC_VERIFICATION_FAILED: StatusCode = StatusCode::new("8.4", "6.1");
/// `8.1.1` EID / `6.1` Verification failed: CERT.ECASD.ECKA does not verify under the EUM.
/// **Unconfirmed** pair.
pub const ECASD_VERIFICATION_FAILED: StatusCode = StatusCode::new("8.1.1", "6.1");

/// A download stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DownloadError {
    /// CERT.ECASD.ECKA does not decode, or no given EUM key signed it.
    #[error("CERT.ECASD.ECKA: {0}")]
    Ecasd(String),
    /// A plan field out of range (KVN `30`–`3F`, a segment length of 1 to 1,024, an empty
    /// package, a certificate that does not decode).
    #[error("download plan: {0}")]
    Plan(&'static str),
    /// The eUICC answered a command with this status word.
    #[error("the eUICC answered {0:04X}")]
    Refused(u16),
    /// The eUICC's answer is not what the step expects.
    #[error("unexpected eUICC answer: {0}")]
    Answer(String),
    /// The key establishment's receipt does not verify (SGP.02 4.1.3.1: no key set).
    #[error("the eUICC's receipt does not verify")]
    Receipt,
    /// An SCP03t answer failed its checks (card cryptogram, R-MAC), or the card signalled
    /// an error TLV.
    #[error("SCP03t: {0}")]
    Scp03t(#[from] scp03::Scp03Error),
    /// SK.DP.ECDSA could not sign, or the ephemeral key could not be made.
    #[error("key: {0}")]
    Key(String),
    /// `answer` without a step waiting for one, or `next` after the end.
    #[error("no step waits for this")]
    OutOfStep,
}

impl DownloadError {
    /// The SGP.02 status code the SM-DP reports.
    pub fn code(&self) -> StatusCode {
        match self {
            DownloadError::Ecasd(_) => ECASD_VERIFICATION_FAILED,
            DownloadError::Receipt => EUICC_VERIFICATION_FAILED,
            DownloadError::Scp03t(scp03::Scp03Error::Mac | scp03::Scp03Error::CardCryptogram) => {
                EUICC_VERIFICATION_FAILED
            }
            _ => EUICC_EXECUTION_ERROR,
        }
    }
}
