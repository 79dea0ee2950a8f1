//! ESep (eIM ↔ eUICC, SGP.32 v1.2 2.11): building and signing eUICC Packages, and checking
//! the eUICC's signatures on what comes back (package results and errors, installation
//! results, notifications). Signatures are ECDSA P-256 with SHA-256, raw r‖s.
//!
//! The association token: SGP.32 v1.2 appends it (`84 len value`) to the signed part of
//! both eimSignature and euiccSignEPR/EPE ([`proto::sgp32::signing`]). The lab's model: the
//! eIM knows the token of every device it signs for (given at registration from the
//! eUICC's AddInitialEim answer, or learnt from IpaEuiccData); a device without one is
//! signed for over the signed part alone.

use proto::crypto::SignatureError;
use proto::der::{Asn1, Preserved};
use proto::sgp22::{OtherSignedNotification, ProfileInstallationResult};
use proto::sgp32::{
    EuiccPackage, EuiccPackageRequest, EuiccPackageResult, EuiccPackageSigned, signature_input,
};

use crate::credentials::Credentials;

mod checked;

pub use checked::Checked;

/// Why a signature was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureCheck {
    #[error("no eUICC certificate is known for this device")]
    NoCertificate,
    #[error("the eUICC certificate is unusable: {0}")]
    BadCertificate(String),
    #[error("the signature is malformed: {0}")]
    Malformed(String),
    #[error("the eUICC signature does not verify")]
    Invalid,
    #[error("an unsigned package error cannot be attributed to this eUICC")]
    Unsigned,
}

/// The octets a signature covers: the signed part, followed by the association token TLV
/// when the device has one.
pub fn signed_input(signed_part: &[u8], association_token: Option<i64>) -> Vec<u8> {
    match association_token {
        Some(t) => signature_input(signed_part, t),
        None => signed_part.to_vec(),
    }
}

/// The eIM's key could not sign an eUICC Package.
#[derive(Debug, thiserror::Error)]
#[error("signing the eUICC Package: {0}")]
pub struct SignPackageError(#[source] pub SignatureError);

/// Builds and signs an eUICC Package (SGP.32 v1.2 2.11.1.1).
pub fn sign_package(
    creds: &Credentials,
    eim_id: &str,
    eid: [u8; 16],
    counter_value: i64,
    eim_transaction_id: Vec<u8>,
    euicc_package: EuiccPackage,
    association_token: Option<i64>,
) -> Result<EuiccPackageRequest, SignPackageError> {
    let signed = Preserved::new(EuiccPackageSigned {
        eim_id: eim_id.to_string(),
        eid_value: eid,
        counter_value,
        eim_transaction_id: Some(eim_transaction_id),
        euicc_package,
    });
    let input = signed_input(signed.raw(), association_token);
    let sig = creds.eim_key.sign(&input).map_err(SignPackageError)?;
    Ok(EuiccPackageRequest {
        euicc_package_signed: signed,
        eim_signature: sig.as_raw().to_vec(),
    })
}

/// Verifies euiccSignEPR / euiccSignEPE over the received signed part and the association
/// token (SGP.32 v1.2 2.11.2.1).
pub fn verify_package_result(
    result: &EuiccPackageResult,
    euicc_cert: Option<&[u8]>,
    association_token: Option<i64>,
    checked: &Checked,
) -> Result<(), SignatureCheck> {
    let (raw, sig) = match result {
        EuiccPackageResult::EuiccPackageResultSigned(r) => (
            r.euicc_package_result_data_signed.raw(),
            r.euicc_sign_epr.as_slice(),
        ),
        EuiccPackageResult::EuiccPackageErrorSigned(e) => (
            e.euicc_package_error_data_signed.raw(),
            e.euicc_sign_epe.as_slice(),
        ),
        EuiccPackageResult::EuiccPackageErrorUnsigned(_) => return Err(SignatureCheck::Unsigned),
    };
    checked.verify(euicc_cert, &signed_input(raw, association_token), sig)
}

/// Verifies euiccSignPIR over the received profileInstallationResultData (SGP.22 5.7.6).
pub fn verify_installation_result(
    pir: &ProfileInstallationResult,
    euicc_cert: Option<&[u8]>,
    checked: &Checked,
) -> Result<(), SignatureCheck> {
    checked.verify(
        euicc_cert,
        pir.profile_installation_result_data.raw(),
        &pir.euicc_sign_pir.0,
    )
}

/// Verifies euiccNotificationSignature over the received tbsOtherNotification
/// (SGP.22 5.7.10) with the certificate the notification carries.
pub fn verify_other_notification(
    n: &OtherSignedNotification,
    checked: &Checked,
) -> Result<(), SignatureCheck> {
    checked.verify(
        Some(n.euicc_certificate.0.as_bytes()),
        n.tbs_other_notification.raw(),
        &n.euicc_notification_signature,
    )
}

/// The DER of an EuiccPackage, as queued.
pub fn package_body(p: &EuiccPackage) -> Vec<u8> {
    p.to_der()
}
