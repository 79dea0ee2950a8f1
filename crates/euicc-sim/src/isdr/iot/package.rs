//! ES10b.LoadEuiccPackage (SGP.32 v1.2 5.9.1, 2.11): an eUICC Package signed by an eIM,
//! verified, executed operation by operation, answered with a signed eUICC Package Result
//! that is also kept until the eIM acknowledges it.
//!
//! Verification, in order, and the answer to each failure:
//! 1. `eimId` names an associated eIM, else `euiccPackageErrorUnsigned` (nothing to sign
//!    for).
//! 2. `eimSignature` verifies with that eIM's key over the received `euiccPackageSigned`
//!    followed by its association token TLV, else `euiccPackageErrorUnsigned` carrying
//!    the eIM's association token, so the eIM can tell which association the eUICC holds.
//! 3. `eidValue` is this eUICC's EID, else signed `invalidEid(3)`.
//! 4. `counterValue` is at most [`MAX_COUNTER_VALUE`], else signed
//!    `counterValueOutOfRange(6)`; and strictly greater than the last one accepted from the
//!    eIM, else signed `replayError(4)`.
//! 5. No Emergency Profile is enabled, else signed `ecallActive(104)`.
//!
//! A v1.3 eUICC first refuses a request longer than [`MAX_EUICC_PACKAGE`] octets, its
//! buffer for one package, with `euiccPackageErrorUnsigned` carrying `sizeOverflow(15)`
//! ([`proto::sgp32::v1_3`]): it cannot verify what it cannot hold. Earlier versions have
//! no unsigned code to say so and execute it.
//!
//! Every answer echoes the package's `eimTransactionId`. Once accepted, the counter is
//! stored, a rollback offered by an earlier package is withdrawn, and the operations run in
//! order (`psmo`, `eco`). The result, with a sequence number taken from the notifications'
//! counter (the eIM acknowledges both in one list), is signed, stored with the state
//! changes and the notifications they made, and written in one step.

use proto::crypto::Signature;
use proto::der::Asn1;
use proto::sgp32::{
    EuiccPackage, EuiccPackageErrorCode, EuiccPackageRequest, EuiccPackageResult,
    EuiccPackageResultDataSigned, EuiccPackageSigned, EuiccPackageUnsignedErrorCode,
    EuiccResultData, ProcessingTerminated,
};

use super::sign::{signed_error, signed_result, unsigned_error, with_token};
use crate::es10_error::Es10Error;
use crate::euicc::Euicc;
use crate::state::{EimConfig, EuiccState, MAX_COUNTER_VALUE, RollbackRecord, StoredPackageResult};

/// The longest EuiccPackageRequest a v1.3 eUICC holds to verify.
pub(crate) const MAX_EUICC_PACKAGE: usize = 16 * 1024;

/// The outcome of one operation.
pub(super) enum Step {
    /// Executed (or refused with its own result code): its result.
    Done(EuiccResultData),
    /// Not executed; the package stops here with this reason.
    Stop(ProcessingTerminated),
}

/// A package being executed on a copy of the state.
pub(super) struct Execution<'a> {
    pub euicc: &'a Euicc,
    pub state: EuiccState,
    pub results: Vec<EuiccResultData>,
    /// `enable` / `disable` PSMOs seen (at most one each per package, SGP.32 v1.2
    /// 2.11.1.1.3).
    pub enables: usize,
    pub disables: usize,
    /// An enable, disable or delete PSMO came before: a later listProfileInfo answers
    /// `profileChangeOngoing(11)`.
    pub profile_change: bool,
    /// `(previous, enabled)` ICCIDs of an enable with rollbackFlag.
    pub rollback: Option<(String, String)>,
    /// The enabled profile changed: the device refreshes.
    pub refresh: bool,
}

impl<'a> Execution<'a> {
    fn new(euicc: &'a Euicc, state: EuiccState) -> Execution<'a> {
        Execution {
            euicc,
            state,
            results: Vec::new(),
            enables: 0,
            disables: 0,
            profile_change: false,
            rollback: None,
            refresh: false,
        }
    }

    /// Runs the operations in order until the end or the first that stops the package.
    fn execute(&mut self, package: &EuiccPackage) {
        match package {
            EuiccPackage::PsmoList(list) => {
                for psmo in list {
                    let step = self.psmo(psmo);
                    if !self.record(step) {
                        break;
                    }
                }
            }
            EuiccPackage::EcoList(list) => {
                for eco in list {
                    let step = self.eco(eco);
                    if !self.record(step) {
                        break;
                    }
                }
            }
        }
    }

    /// Adds the result of a step; `false` when the package stops.
    fn record(&mut self, step: Step) -> bool {
        match step {
            Step::Done(result) => {
                self.results.push(result);
                true
            }
            Step::Stop(reason) => {
                self.results
                    .push(EuiccResultData::ProcessingTerminated(reason));
                false
            }
        }
    }
}

/// A package from an associated eIM whose signature verified (steps 1 and 2).
struct Authenticated<'r> {
    signed: &'r EuiccPackageSigned,
    /// The eIM as the eUICC knew it before this package.
    eim: EimConfig,
}

impl Authenticated<'_> {
    fn token(&self) -> Option<i64> {
        self.eim.association_token
    }
}

/// What executing the package left: the next state and the result to sign.
struct Executed {
    state: EuiccState,
    results: Vec<EuiccResultData>,
    /// `(previous, enabled)` ICCIDs of an enable with rollbackFlag.
    rollback: Option<(String, String)>,
    /// The enabled profile changed: the device refreshes.
    refresh: bool,
}

impl Euicc {
    /// ES10b.LoadEuiccPackage (SGP.32 v1.2 5.9.1) of a request `len` octets long.
    pub(crate) fn load_euicc_package(
        &mut self,
        req: &EuiccPackageRequest,
        len: usize,
    ) -> Result<Vec<u8>, Es10Error> {
        if self.state.options.sgp32 == crate::Sgp32Version::V1_3 && len > MAX_EUICC_PACKAGE {
            let signed = req.euicc_package_signed.value();
            return Ok(unsigned_error(
                &signed.eim_id,
                signed.eim_transaction_id.clone(),
                None,
                Some(EuiccPackageUnsignedErrorCode::SizeOverflow),
            )
            .to_der());
        }
        let package = match self.authenticate_package(req) {
            Ok(package) => package,
            Err(unsigned) => return Ok(unsigned),
        };
        if let Some(code) = self.package_refusal(&package)? {
            return self.refuse_package(&package, code);
        }
        let executed = self.execute_package(&package);
        self.answer_package(&package, executed)
    }

    /// Steps 1 and 2: the eIM is associated and its signature verifies over the received
    /// `euiccPackageSigned` and the association token; else the unsigned error to answer.
    fn authenticate_package<'r>(
        &self,
        req: &'r EuiccPackageRequest,
    ) -> Result<Authenticated<'r>, Vec<u8>> {
        let signed = req.euicc_package_signed.value();
        let tid = signed.eim_transaction_id.clone();
        let Some(eim) = self.state.iot.eim(&signed.eim_id).cloned() else {
            return Err(unsigned_error(&signed.eim_id, tid, None, None).to_der());
        };
        let token = eim.association_token;
        let covered = with_token(req.euicc_package_signed.raw(), token);
        let verified = eim
            .eim_key
            .as_ref()
            .and_then(|k| k.public_key().ok())
            .is_some_and(|key| {
                Signature::from_raw(&req.eim_signature)
                    .is_ok_and(|sig| key.verify(&covered, &sig).is_ok())
            });
        if !verified {
            return Err(unsigned_error(&signed.eim_id, tid, token, None).to_der());
        }
        Ok(Authenticated { signed, eim })
    }

    /// Steps 3 to 5: the error code of the first check the package fails, if any.
    fn package_refusal(
        &self,
        package: &Authenticated<'_>,
    ) -> Result<Option<EuiccPackageErrorCode>, Es10Error> {
        let signed = package.signed;
        let own_eid = proto::ids::Eid::parse_lenient(&self.state.eid)
            .map_err(|_| Es10Error::Internal("EID of the state"))?
            .to_bcd();
        Ok(if signed.eid_value != own_eid {
            Some(EuiccPackageErrorCode::InvalidEid)
        } else if signed.counter_value > MAX_COUNTER_VALUE {
            Some(EuiccPackageErrorCode::CounterValueOutOfRange)
        } else if signed.counter_value <= package.eim.counter_value {
            Some(EuiccPackageErrorCode::ReplayError)
        } else if self.state.iot.emergency.is_some() {
            Some(EuiccPackageErrorCode::EcallActive)
        } else {
            None
        })
    }

    /// The signed error answering `package` with `code`.
    fn refuse_package(
        &self,
        package: &Authenticated<'_>,
        code: EuiccPackageErrorCode,
    ) -> Result<Vec<u8>, Es10Error> {
        let signed = package.signed;
        signed_error(
            &self.creds,
            &signed.eim_id,
            signed.counter_value,
            signed.eim_transaction_id.clone(),
            code,
            package.token(),
        )
        .map(|r| r.to_der())
        .map_err(|_| Es10Error::Internal("signing"))
    }

    /// On a copy of the state: the eIM's counter stored, an earlier rollback offer
    /// withdrawn, the operations run in order.
    fn execute_package(&self, package: &Authenticated<'_>) -> Executed {
        let signed = package.signed;
        let mut next = self.state.clone();
        if let Some(e) = next
            .iot
            .eims
            .iter_mut()
            .find(|e| e.eim_id == package.eim.eim_id)
        {
            e.counter_value = signed.counter_value;
        }
        next.iot.rollback = None;
        let mut exec = Execution::new(self, next);
        exec.execute(&signed.euicc_package);
        let Execution {
            state,
            results,
            rollback,
            refresh,
            ..
        } = exec;
        Executed {
            state,
            results,
            rollback,
            refresh,
        }
    }

    /// The signed eUICC Package Result, stored (with a rollback offer when an enable asked
    /// for one) and written with the state changes in one step; a state that cannot be
    /// written refuses the package with `undefinedError`.
    fn answer_package(
        &mut self,
        package: &Authenticated<'_>,
        executed: Executed,
    ) -> Result<Vec<u8>, Es10Error> {
        let signed = package.signed;
        let Executed {
            mut state,
            results,
            rollback,
            refresh,
        } = executed;
        let seq_number = state.take_seq_number();
        let data = EuiccPackageResultDataSigned {
            eim_id: signed.eim_id.clone(),
            counter_value: signed.counter_value,
            eim_transaction_id: signed.eim_transaction_id.clone(),
            seq_number,
            euicc_result: results,
        };
        let result = signed_result(&self.creds, data, package.token())
            .map_err(|_| Es10Error::Internal("signing"))?;
        let der = result.to_der();
        if let (
            Some((previous_iccid, enabled_iccid)),
            EuiccPackageResult::EuiccPackageResultSigned(r),
        ) = (rollback, &result)
        {
            state.iot.rollback = Some(RollbackRecord {
                previous_iccid,
                enabled_iccid,
                result_data: r.euicc_package_result_data_signed.raw().to_vec(),
            });
        }
        state.iot.package_results.push(StoredPackageResult {
            seq_number,
            eim_id: signed.eim_id.clone(),
            signed: der.clone(),
        });
        match self.commit(state) {
            Ok(()) => {
                if refresh {
                    // A PSMO has no refreshFlag: the eUICC asks for the REFRESH itself.
                    self.note_refresh(true);
                }
                Ok(der)
            }
            Err(e) => {
                tracing::warn!(error = %e, "state file not written; eUICC Package refused");
                self.refuse_package(package, EuiccPackageErrorCode::UndefinedError)
            }
        }
    }
}
