//! Whose results a ProvideEimPackageResult carries (SGP.32 v1.2 5.14.6): the device its
//! eidValue names, or, in a v1.2 result without one, the device of the package its
//! eimTransactionId names. Read both before the write transaction (to verify signatures
//! with the device's certificate) and inside it.

use proto::sgp32::{
    EimPackageResult, EuiccPackageResult, IpaEuiccDataResponse, ProvideEimPackageResult,
};

use crate::engine::EngineError;
use crate::engine::delivery::eid_of;
use crate::store::{Device, Tx, devices, packages};

/// Why the results name no device the eIM knows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(super) enum Unnamed {
    /// No eidValue, and no eimTransactionId of a known package (ProvideEimPackageResultError
    /// missingEid).
    #[error("no eidValue and no known eimTransactionId")]
    MissingEid,
    /// The eidValue is no valid EID (invalidEid).
    #[error("eidValue is not a valid EID")]
    InvalidEid,
    /// No device has that EID (eidNotFound).
    #[error("EID {0} is not registered")]
    EidNotFound(String),
}

/// The eimTransactionId a result names, if any (to find the device without eidValue).
pub(super) fn transaction_of(r: &EimPackageResult) -> Option<Vec<u8>> {
    let of_epr = |e: &EuiccPackageResult| match e {
        EuiccPackageResult::EuiccPackageResultSigned(r) => r
            .euicc_package_result_data_signed
            .eim_transaction_id
            .clone(),
        EuiccPackageResult::EuiccPackageErrorSigned(r) => {
            r.euicc_package_error_data_signed.eim_transaction_id.clone()
        }
        EuiccPackageResult::EuiccPackageErrorUnsigned(r) => r.eim_transaction_id.clone(),
    };
    match r {
        EimPackageResult::EuiccPackageResult(e) => of_epr(e),
        EimPackageResult::EprAndNotifications(e) => of_epr(&e.euicc_package_result),
        EimPackageResult::IpaEuiccDataResponse(IpaEuiccDataResponse::IpaEuiccData(d)) => {
            d.eim_transaction_id.clone()
        }
        EimPackageResult::IpaEuiccDataResponse(
            IpaEuiccDataResponse::IpaEuiccDataResponseError(e),
        ) => e.eim_transaction_id.clone(),
        EimPackageResult::ProfileDownloadTriggerResult(t) => t.eim_transaction_id.clone(),
        EimPackageResult::EimPackageResultResponseError(e) => e.eim_transaction_id.clone(),
    }
}

/// What names the device whose results these are: the eidValue, and the eimTransactionId.
pub(super) struct Named {
    eid_value: Option<[u8; 16]>,
    transaction: Option<Vec<u8>>,
}

impl Named {
    pub(super) fn of(req: &ProvideEimPackageResult) -> Named {
        Named {
            eid_value: req.eid_value,
            transaction: match req.eid_value {
                Some(_) => None,
                None => transaction_of(&req.eim_package_result),
            },
        }
    }
}

/// Whose results these are: the device its eidValue names, or (a v1.2 result without one)
/// the device of the package its eimTransactionId names; else why not.
pub(super) fn result_device(
    tx: &mut Tx<'_>,
    named: &Named,
) -> Result<Result<Device, Unnamed>, EngineError> {
    let Some(octets) = &named.eid_value else {
        let by_tid = match &named.transaction {
            Some(t) => packages::by_transaction(tx, t)?,
            None => None,
        };
        let dev = match by_tid {
            Some(p) => devices::get(tx, &p.eid)?,
            None => None,
        };
        return Ok(dev.ok_or(Unnamed::MissingEid));
    };
    let Ok(eid) = eid_of(octets) else {
        return Ok(Err(Unnamed::InvalidEid));
    };
    Ok(devices::get(tx, eid.as_str())?.ok_or_else(|| Unnamed::EidNotFound(eid.to_string())))
}
