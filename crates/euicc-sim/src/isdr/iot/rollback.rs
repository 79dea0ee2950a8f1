//! ES10b.ProfileRollback (SGP.32 v1.2 5.9.16): after an `enable` PSMO that carried
//! `rollbackFlag`, the IPA may return to the profile the package disabled, typically when
//! the new profile cannot reach the network or the eIM.
//!
//! - `rollbackNotAllowed(1)`: no enable with rollbackFlag is pending (none was received,
//!   a later eUICC Package withdrew it, or the rollback was done).
//! - `commandError(7)`: the situation changed since (the enabled profile is not the one
//!   the package enabled, or the previous profile is gone).
//! - `ok(0)`: the previous profile is enabled again (the PPR1 of the profile being left
//!   does not stop it: the eIM granted the rollback), and a new signed eUICC Package
//!   Result replaces the package's: the same eimId, counterValue and eimTransactionId, a
//!   new seqNumber, the package's results followed by `rollbackResult ok` (before a
//!   closing `processingTerminated`). It is returned in the response and kept in place of
//!   the replaced one until acknowledged.

use proto::der::Asn1;
use proto::sgp32::{
    EuiccPackageResultDataSigned, EuiccResultData, ProfileRollbackRequest, ProfileRollbackResponse,
    RollbackCmdResult, RollbackProfileResult,
};

use super::sign::signed_result;
use super::switch::{enabled_index, index_of, switch_to};
use crate::euicc::Euicc;
use crate::state::StoredPackageResult;

impl Euicc {
    /// ES10b.ProfileRollback (SGP.32 v1.2 5.9.16).
    pub(crate) fn profile_rollback(&mut self, req: &ProfileRollbackRequest) -> Vec<u8> {
        let respond = |cmd_result, euicc_package_result| {
            ProfileRollbackResponse {
                cmd_result,
                euicc_package_result,
            }
            .to_der()
        };
        let Some(record) = self.state.iot.rollback.clone() else {
            return respond(RollbackCmdResult::RollbackNotAllowed, None);
        };
        let s = &self.state;
        let still_enabled = enabled_index(s).map(|e| s.profiles[e].iccid.as_str())
            == Some(record.enabled_iccid.as_str());
        let (true, Some(target)) = (still_enabled, index_of(s, &record.previous_iccid)) else {
            return respond(RollbackCmdResult::CommandError, None);
        };
        let Ok(mut data) = EuiccPackageResultDataSigned::from_der(&record.result_data) else {
            return respond(RollbackCmdResult::UndefinedError, None);
        };
        let token = s.iot.eim(&data.eim_id).and_then(|e| e.association_token);

        let mut next = self.state.clone();
        if switch_to(self, &mut next, target).is_err() {
            return respond(RollbackCmdResult::UndefinedError, None);
        }
        next.iot.rollback = None;
        next.iot.fallback = None;
        let replaced = data.seq_number;
        data.seq_number = next.take_seq_number();
        // processingTerminated stays last: the rollback result goes before it.
        let at = match data.euicc_result.last() {
            Some(EuiccResultData::ProcessingTerminated(_)) => data.euicc_result.len() - 1,
            _ => data.euicc_result.len(),
        };
        data.euicc_result.insert(
            at,
            EuiccResultData::RollbackResult(RollbackProfileResult::Ok),
        );
        let eim_id = data.eim_id.clone();
        let seq_number = data.seq_number;
        let Ok(result) = signed_result(&self.creds, data, token) else {
            return respond(RollbackCmdResult::UndefinedError, None);
        };
        next.iot
            .package_results
            .retain(|r| r.seq_number != replaced);
        next.iot.package_results.push(StoredPackageResult {
            seq_number,
            eim_id,
            signed: result.to_der(),
        });
        match self.commit(next) {
            Ok(()) => {
                self.note_refresh(req.refresh_flag);
                respond(RollbackCmdResult::Ok, Some(result))
            }
            Err(_) => respond(RollbackCmdResult::UndefinedError, None),
        }
    }
}
