//! ES7: SM-SR to SM-SR, the SM-SR change (SGP.02 5.6, procedure 3.8).
//!
//! ```text
//! SM-SR1 ──HandoverEUICC(Eis)──────────────────────► SM-SR2
//! SM-SR1 ◄──AuthenticateSMSR(Eid, CERT.SR)────────── SM-SR2   → RandomChallenge
//! SM-SR1 ◄──CreateAdditionalKeySet(ePK.SR, sig …)─── SM-SR2   → DerivationRandom, Receipt
//! SM-SR1 ◄──HandoverEUICC response────────────────── SM-SR2
//! ```
//!
//! Each SM-SR serves [`Es7Request`] (the requests addressed to its role) and receives the
//! asynchronous responses as [`Es7Callback`].

mod operations;

pub use operations::*;

use proto::ids::Eid;

use crate::bodies::BaseResponse;
use crate::eis::Eis;
use crate::message::Hex;
use crate::status::{RequestHeader, ResponseHeader};

message! {
    /// ES7.HandoverEUICC, SM-SR1 to SM-SR2: the EIS of the eUICC being handed over.
    pub struct HandoverEuiccRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eis`.
        eis: Eis => "Eis",
    }
}

message! {
    /// ES7.AuthenticateSMSR, SM-SR2 to SM-SR1: SM-SR2's certificate for the ISD-R.
    pub struct AuthenticateSmsrRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `SmsrCertificate`: CERT.SR.ECDSA (GP Amendment E TLV), hex.
        smsr_certificate: Hex => "SmsrCertificate",
    }
}

message! {
    /// The response to ES7.AuthenticateSMSR: the ISD-R's random challenge.
    pub struct AuthenticateSmsrResponse {
        /// The common response fields.
        header: ResponseHeader,
        /// `RandomChallenge`, hex.
        random_challenge: Option<Hex> => "RandomChallenge",
    }
}

message! {
    /// ES7.CreateAdditionalKeySet, SM-SR2 to SM-SR1: the key agreement data for the new
    /// ISD-R key set (GP Amendment E, scenario #3).
    pub struct CreateAdditionalKeySetRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eid`.
        eid: Eid => "Eid",
        /// `KeyVersionNumber` of the new key set.
        key_version_number: u8 => "KeyVersionNumber",
        /// `InitialSequenceCounter`.
        initial_sequence_counter: u32 => "InitialSequenceCounter",
        /// `ECCKeyLength`, e.g. `ECC-256`.
        ecc_key_length: String => "ECCKeyLength",
        /// `ScenarioParameter`.
        scenario_parameter: u8 => "ScenarioParameter",
        /// `HostID`, hex.
        host_id: Option<Hex> => "HostID",
        /// `EphemeralPublicKey`: ePK.SR.ECKA, hex.
        ephemeral_public_key: Hex => "EphemeralPublicKey",
        /// `Signature` over the key agreement data, hex.
        signature: Hex => "Signature",
    }
}

message! {
    /// The response to ES7.CreateAdditionalKeySet.
    pub struct CreateAdditionalKeySetResponse {
        /// The common response fields.
        header: ResponseHeader,
        /// `DerivationRandom`, hex.
        derivation_random: Option<Hex> => "DerivationRandom",
        /// `Receipt`, hex.
        receipt: Option<Hex> => "Receipt",
    }
}

dispatch! {
    /// The ES7 requests an SM-SR serves (HandoverEUICC as SM-SR2, the other two as SM-SR1).
    pub enum Es7Request {
        /// ES7.HandoverEUICC.
        HandoverEuicc(HandoverEuiccRequest) = Request HANDOVER_EUICC,
        /// ES7.AuthenticateSMSR.
        AuthenticateSmsr(AuthenticateSmsrRequest) = Request AUTHENTICATE_SMSR,
        /// ES7.CreateAdditionalKeySet.
        CreateAdditionalKeySet(CreateAdditionalKeySetRequest) = Request CREATE_ADDITIONAL_KEY_SET,
    }
}

dispatch! {
    /// The ES7 asynchronous responses an SM-SR receives.
    pub enum Es7Callback {
        /// The response to ES7.HandoverEUICC.
        HandoverEuicc(BaseResponse) = Callback HANDOVER_EUICC,
        /// The response to ES7.AuthenticateSMSR.
        AuthenticateSmsr(AuthenticateSmsrResponse) = Callback AUTHENTICATE_SMSR,
        /// The response to ES7.CreateAdditionalKeySet.
        CreateAdditionalKeySet(CreateAdditionalKeySetResponse) = Callback CREATE_ADDITIONAL_KEY_SET,
    }
}
