//! Why an IPA operation failed. Refusals the eIM or the eUICC answer with a result code
//! are not errors: they are in the outcome ([`super::PollOutcome`]); these are the cases
//! where no answer could be had or understood.

use proto::der::DecodeError;

use euicc_sim::Es10Error;
use lpa::Es10ClientError;

/// Why a card gave no response to an ES10 request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CardError {
    /// The eUICC refused the request with a status word, without response data
    /// (SGP.22 5.7.2).
    #[error("the eUICC answered status word {sw:04X} ({0})", sw = .0.status_word())]
    Refused(#[from] Es10Error),
    /// A card behind APDUs (a reader, a modem) ended the STORE DATA chain with a status
    /// word, or could not be reached: the transport's own message.
    #[error("{0}")]
    Apdu(#[from] Es10ClientError),
}

impl CardError {
    /// The status word the request ended with: the card's, `6F00` when there was none.
    pub fn status_word(&self) -> u16 {
        match self {
            CardError::Refused(e) => e.status_word(),
            CardError::Apdu(Es10ClientError::Status { sw, .. }) => *sw,
            CardError::Apdu(_) => Es10Error::SW_NO_PRECISE_DIAGNOSIS,
        }
    }
}

/// What the eUICC holds instead of an eIM the IPA can poll.
fn no_eim(unusable: &[String]) -> String {
    if unusable.is_empty() {
        return "the eUICC has no eIM Configuration Data".into();
    }
    format!(
        "{} (give --eim URL to poll one over HTTPS all the same)",
        unusable.join("; ")
    )
}

/// An IPA failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IpaError {
    /// The eUICC refused the request with a status word (no response data), or a card
    /// behind APDUs could not be reached: the status word and its reason for the
    /// in-process eUICC, the transport's own message for a card behind APDUs.
    #[error("{function}: {source}")]
    Card {
        function: &'static str,
        source: CardError,
    },
    /// The eUICC's response does not decode as the function's response.
    #[error("{function}: unexpected eUICC response: {source}")]
    CardAnswer {
        function: &'static str,
        source: DecodeError,
    },
    /// The eUICC has no eIM Configuration Data the IPA can poll (SGP.32 v1.2 5.9.18):
    /// those it holds, each with why it cannot be polled.
    #[error("no eIM to poll: {}", no_eim(unusable))]
    NoEim { unusable: Vec<String> },
    /// The eIM could not be reached (TCP, TLS, timeout).
    #[error("ESipa {function} to {url}: {detail}")]
    Connection {
        function: &'static str,
        url: String,
        detail: String,
    },
    /// The eIM answered with an HTTP status other than 200 / 204.
    #[error("ESipa {function} to {url}: HTTP {status}")]
    Http {
        function: &'static str,
        url: String,
        status: u16,
    },
    /// The eIM's answer is not the ASN.1 of the expected message.
    #[error("ESipa {function}: unexpected eIM answer: {detail}")]
    EimAnswer {
        function: &'static str,
        detail: String,
    },
    /// A wrong setting (URL, trust, rPLMN).
    #[error("{0}")]
    Setup(String),
    /// The state file could not be read or written.
    #[error("{0}")]
    State(String),
}

impl IpaError {
    /// Whether the eIM could not be reached: no connection, no answer in time, or a gateway
    /// in front of it saying so (HTTP 502, 503, 504). What the eIM answered, even a
    /// refusal, is not this.
    pub fn eim_unreachable(&self) -> bool {
        match self {
            IpaError::Connection { .. } => true,
            IpaError::Http { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }
}
