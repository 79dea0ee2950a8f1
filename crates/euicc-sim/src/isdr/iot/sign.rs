//! The eUICC's signatures towards an eIM (SGP.32 v1.2 2.11.2.1): euiccSignEPR over
//! euiccPackageResultDataSigned and euiccSignEPE over euiccPackageErrorDataSigned, each
//! followed by the eIM's association token TLV (`84 len value`) when the eIM has one.

use proto::crypto::SignatureError;
use proto::der::Preserved;
use proto::sgp22::TransactionId;
use proto::sgp32::{
    EuiccPackageErrorCode, EuiccPackageErrorDataSigned, EuiccPackageErrorSigned,
    EuiccPackageErrorUnsigned, EuiccPackageResult, EuiccPackageResultDataSigned,
    EuiccPackageResultSigned, EuiccPackageUnsignedErrorCode, signature_input,
};

use crate::credentials::Credentials;

/// What a signature covers: the signed part, then the token TLV if there is a token.
pub(super) fn with_token(signed_part: &[u8], association_token: Option<i64>) -> Vec<u8> {
    match association_token {
        Some(token) => signature_input(signed_part, token),
        None => signed_part.to_vec(),
    }
}

/// A signed eUICC Package Result.
pub(super) fn signed_result(
    creds: &Credentials,
    data: EuiccPackageResultDataSigned,
    association_token: Option<i64>,
) -> Result<EuiccPackageResult, SignatureError> {
    let data = Preserved::new(data);
    let euicc_sign_epr = creds.sign(&with_token(data.raw(), association_token))?;
    Ok(EuiccPackageResult::EuiccPackageResultSigned(
        EuiccPackageResultSigned {
            euicc_package_result_data_signed: data,
            euicc_sign_epr,
        },
    ))
}

/// A signed refusal of a package from a known eIM whose signature verified.
pub(super) fn signed_error(
    creds: &Credentials,
    eim_id: &str,
    counter_value: i64,
    eim_transaction_id: Option<TransactionId>,
    code: EuiccPackageErrorCode,
    association_token: Option<i64>,
) -> Result<EuiccPackageResult, SignatureError> {
    let data = Preserved::new(EuiccPackageErrorDataSigned {
        eim_id: eim_id.to_string(),
        counter_value,
        eim_transaction_id,
        euicc_package_error_code: code,
    });
    let euicc_sign_epe = creds.sign(&with_token(data.raw(), association_token))?;
    Ok(EuiccPackageResult::EuiccPackageErrorSigned(
        EuiccPackageErrorSigned {
            euicc_package_error_data_signed: data,
            euicc_sign_epe,
        },
    ))
}

/// The refusal of a package the eUICC cannot attribute to an eIM it trusts: unknown eimId
/// or an eimSignature that does not verify; or, from v1.3 on, a package too large to
/// verify, with its `code`.
pub(super) fn unsigned_error(
    eim_id: &str,
    eim_transaction_id: Option<TransactionId>,
    association_token: Option<i64>,
    code: Option<EuiccPackageUnsignedErrorCode>,
) -> EuiccPackageResult {
    EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
        eim_id: eim_id.to_string(),
        eim_transaction_id,
        association_token,
        euicc_package_unsigned_error_code: code,
    })
}
