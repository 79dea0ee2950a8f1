//! The outcome of an SGP.02 function (SGP.02 5.1.6, FunctionExecutionStatus): a status and,
//! when it failed, a subject code naming what failed and a reason code saying why.
//!
//! One catalogue for the binding and the role: the pairs are `soap::status::codes` (each
//! marked there with the sources that confirm it), the types `proto::json`'s. Which pair
//! each SM-SR condition answers with:
//!
//! | condition | pair |
//! |---|---|
//! | malformed EID / unknown EID / EIS registered twice | [`EID_INVALID`], [`EID_UNKNOWN`], [`EID_ALREADY_IN_USE`] |
//! | unknown profile / not the requester's | [`PROFILE_ICCID_UNKNOWN`], [`PROFILE_ICCID_NOT_ALLOWED`] |
//! | profile not in the state the function needs | [`PROFILE_ICCID_INVALID_TRANSITION`] |
//! | POL2 `Not-Allowed` (SGP.02 3.2, 3.4, 3.5) | [`POL2_REFUSED`] |
//! | POL1 refused on the card (`69E1`), the fall-back profile | [`PROFILE_ICCID_REFUSED`] |
//! | the card failed, rolled back, or gave no PoR | [`EUICC_EXECUTION_ERROR`] |
//! | the validity period ran out | [`FUNCTION_EXPIRED`] |
//! | SM-SR change not announced / peer unknown / peer not the expected one | [`SMSR_CHANGE_REFUSED`], [`SMSR_UNKNOWN`], [`SMSR_NOT_AUTHENTICATED`] |
//! | HandoverEUICC after the commit point | [`SMSR_ALREADY_IN_USE`] |
//! | eUICC already in a change | [`EID_ALREADY_IN_USE`] |
//! | a function for an eUICC being handed over | [`EID_REFUSED`] |

pub use proto::json::{ExecutionStatus as Status, StatusCode};
pub use soap::status::codes::{
    EID_ALREADY_IN_USE, EID_INVALID, EID_UNKNOWN, EUICC_EXECUTION_ERROR, FUNCTION_EXPIRED,
    POL2_REFUSED, PROFILE_ICCID_INVALID_TRANSITION, PROFILE_ICCID_NOT_ALLOWED,
    PROFILE_ICCID_REFUSED, PROFILE_ICCID_UNKNOWN, SMSR_ALREADY_IN_USE, SMSR_NOT_AUTHENTICATED,
    SMSR_UNKNOWN,
};

/// 8.7 SM-SR / 3.8 Refused: this SM-SR does not take part in this SM-SR change (SGP.02
/// 3.8: no PrepareSMSRChange announced it, or no CERT.SR.ECDSA to take it). Not in the
/// binding's catalogue: built from its subject (8.7, as `SMSR_UNKNOWN`) and the reason
/// Refused. **Unconfirmed.**
pub const SMSR_CHANGE_REFUSED: StatusCode = StatusCode::new("8.7", "3.8");

/// 8.1.1 EID / 3.8 Refused: the eUICC is locked while an SM-SR change hands it over
/// (SGP.02 3.8). Built from the EID subject and the reason Refused. **Unconfirmed.**
pub const EID_REFUSED: StatusCode = StatusCode::new("8.1.1", "3.8");
