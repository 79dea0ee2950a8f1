//! Why an SGP.02 SM-DP function failed, each with the SGP.02 status it is answered with
//! (SGP.02 5.1.6): the SM-SR's own status when the SM-SR refused, else the SM-DP's code.

use proto::json::{ExecutionStatus, FunctionExecutionStatus, StatusCode};
use soap::status::ResponseHeader;
use soap::status::codes::{
    FUNCTION_PROVIDER_EXECUTION_ERROR, FUNCTION_REQUESTER_UNKNOWN, PROFILE_ICCID_ALREADY_IN_USE,
    PROFILE_ICCID_NOT_ALLOWED, PROFILE_ICCID_UNKNOWN, PROFILE_TYPE_UNKNOWN, SMSR_UNKNOWN,
};

use super::es8::{DownloadError, ECASD_VERIFICATION_FAILED};
use crate::store::StoreError;

/// `8.2.5` Profile Type / `3.7` Unavailable: no profile of the type left in stock (the
/// pair SGP.22 5.3.1 answers DownloadOrder with). **Unconfirmed** for SGP.02.
pub const PROFILE_TYPE_UNAVAILABLE: StatusCode = StatusCode::new("8.2.5", "3.7");

/// An SGP.02 SM-DP function failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Sgp02Error {
    /// The SM-SR answered an ES3 function with this status; the operator gets it as is.
    #[error("the SM-SR refused {function}: {}", describe(status))]
    Smsr {
        /// The ES3 function.
        function: &'static str,
        /// Its status.
        status: FunctionExecutionStatus,
    },
    /// The ES8 download stopped.
    #[error(transparent)]
    Download(#[from] DownloadError),
    /// `Smsr-id` names no configured SM-SR.
    #[error("SM-SR {0} is not known to this SM-DP")]
    UnknownSmsr(String),
    /// The ICCID is not in the inventory.
    #[error("profile {0} is not in the inventory")]
    UnknownProfile(String),
    /// The profile type is unknown, or another operator's.
    #[error("profile type {0} is not the operator's")]
    UnknownProfileType(String),
    /// The profile is another operator's.
    #[error("profile {0} is not the operator's")]
    NotOwner(String),
    /// The profile is not available for a download.
    #[error("profile {0} is not available")]
    InUse(String),
    /// No profile of the type is available.
    #[error("no profile of type {0} is available")]
    OutOfStock(String),
    /// The EIS has no CERT.ECASD.ECKA.
    #[error("the EIS carries no ECASD certificate")]
    NoEcasd,
    /// The SM-SR could not be reached, answered out of the binding, or not in time.
    #[error("ES3 {function}: {detail}")]
    Transport {
        /// The ES3 function.
        function: &'static str,
        /// What happened.
        detail: String,
    },
    /// The caller's certificate names no operator.
    #[error("function requester unknown: {0}")]
    RequesterUnknown(String),
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn describe(s: &FunctionExecutionStatus) -> String {
    match &s.status_code_data {
        Some(d) => format!("{} / {}", d.subject_code, d.reason_code),
        None => format!("{:?}", s.status),
    }
}

impl Sgp02Error {
    /// The code the SM-DP answers with (`None`: the SM-SR's status is passed on).
    pub fn code(&self) -> Option<StatusCode> {
        Some(match self {
            Sgp02Error::Smsr { .. } => return None,
            Sgp02Error::Download(e) => e.code(),
            Sgp02Error::UnknownSmsr(_) => SMSR_UNKNOWN,
            Sgp02Error::UnknownProfile(_) => PROFILE_ICCID_UNKNOWN,
            Sgp02Error::UnknownProfileType(_) => PROFILE_TYPE_UNKNOWN,
            Sgp02Error::NotOwner(_) => PROFILE_ICCID_NOT_ALLOWED,
            Sgp02Error::InUse(_) => PROFILE_ICCID_ALREADY_IN_USE,
            Sgp02Error::OutOfStock(_) => PROFILE_TYPE_UNAVAILABLE,
            Sgp02Error::NoEcasd => ECASD_VERIFICATION_FAILED,
            Sgp02Error::RequesterUnknown(_) => FUNCTION_REQUESTER_UNKNOWN,
            Sgp02Error::Transport { .. } | Sgp02Error::Store(_) => {
                FUNCTION_PROVIDER_EXECUTION_ERROR
            }
        })
    }

    /// The response header that reports it.
    pub fn header(&self) -> ResponseHeader {
        match (self, self.code()) {
            (Sgp02Error::Smsr { status, .. }, _) => {
                let mut status = status.clone();
                if status.status == ExecutionStatus::ExecutedSuccess {
                    status.status = ExecutionStatus::Failed;
                }
                ResponseHeader {
                    function_execution_status: status,
                    ..ResponseHeader::success()
                }
            }
            (e, Some(code)) => ResponseHeader::failed(code, e.to_string()),
            (e, None) => ResponseHeader::failed(FUNCTION_PROVIDER_EXECUTION_ERROR, e.to_string()),
        }
    }
}
