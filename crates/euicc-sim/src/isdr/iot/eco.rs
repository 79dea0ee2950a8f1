//! eIM Configuration Operations (SGP.32 v1.2 2.11.1.1.2) executed from an eUICC Package,
//! each answered with its result (2.11.2.1). The checks of new configuration data are
//! AddInitialEim's (`eim`).
//!
//! - addEim: `associatedEimAlreadyExists(2)` for an eimId already configured,
//!   `insufficientMemory(1)` beyond [`MAX_EIMS`], then the configuration checks; the result
//!   is the new association token when the data asked for one, `ok(0)` otherwise.
//! - deleteEim: `eimNotFound(1)`; `lastEimDeleted(2)` when it was the last eIM (the
//!   deletion is done).
//! - updateEim: `eimNotFound(1)`, `ciPKUnknown(3)`, `counterValueOutOfRange(6)`,
//!   `commandError(7)` (a key that cannot verify); the components present replace the
//!   stored ones, the association token stays.
//! - listEim: the eimIds with their types.

use proto::sgp32::{
    AddEimResult, AddEimResultCode, DeleteEimResult, Eco, EimConfigurationData, EimIdInfo,
    EuiccResultData, ListEimResult, ProcessingTerminated, UpdateEimResult,
};

use super::eim::{ConfigRefusal, MAX_EIMS, check_config};
use super::package::{Execution, Step};
use crate::state::{EimConfig, EimKey};

impl Execution<'_> {
    /// Executes one eCO.
    pub(super) fn eco(&mut self, eco: &Eco) -> Step {
        let result = match eco {
            Eco::AddEim(d) => EuiccResultData::AddEimResult(self.add_eim(d)),
            Eco::DeleteEim(d) => EuiccResultData::DeleteEimResult(self.delete_eim(&d.eim_id)),
            Eco::UpdateEim(d) => EuiccResultData::UpdateEimResult(self.update_eim(d)),
            Eco::ListEim(_) => EuiccResultData::ListEimResult(ListEimResult::EimIdList(
                self.state
                    .iot
                    .eims
                    .iter()
                    .map(|e| EimIdInfo {
                        eim_id: e.eim_id.clone(),
                        eim_id_type: e.to_asn1().eim_id_type,
                    })
                    .collect(),
            )),
            Eco::Unknown(_) => return Step::Stop(ProcessingTerminated::UnknownOrDamagedCommand),
        };
        Step::Done(result)
    }

    fn add_eim(&mut self, d: &EimConfigurationData) -> AddEimResult {
        let code = AddEimResult::AddEimResultCode;
        if self.state.iot.eim(&d.eim_id).is_some() {
            return code(AddEimResultCode::AssociatedEimAlreadyExists);
        }
        if self.state.iot.eims.len() >= MAX_EIMS {
            return code(AddEimResultCode::InsufficientMemory);
        }
        let mut config = match check_config(&self.euicc.creds, d) {
            Ok(c) => c,
            Err(r) => {
                return code(match r {
                    ConfigRefusal::CiPkUnknown => AddEimResultCode::CiPkUnknown,
                    ConfigRefusal::CounterValueOutOfRange => {
                        AddEimResultCode::CounterValueOutOfRange
                    }
                    ConfigRefusal::CommandError => AddEimResultCode::CommandError,
                });
            }
        };
        let result = if d.association_token.is_some() {
            let token = self.state.iot.take_association_token();
            config.association_token = Some(token);
            AddEimResult::AssociationToken(token)
        } else {
            code(AddEimResultCode::Ok)
        };
        self.state.iot.eims.push(config);
        result
    }

    fn delete_eim(&mut self, eim_id: &str) -> DeleteEimResult {
        let before = self.state.iot.eims.len();
        self.state.iot.eims.retain(|e| e.eim_id != eim_id);
        if self.state.iot.eims.len() == before {
            DeleteEimResult::EimNotFound
        } else if self.state.iot.eims.is_empty() {
            DeleteEimResult::LastEimDeleted
        } else {
            DeleteEimResult::Ok
        }
    }

    fn update_eim(&mut self, d: &EimConfigurationData) -> UpdateEimResult {
        let creds = &self.euicc.creds;
        let Some(stored) = self
            .state
            .iot
            .eims
            .iter_mut()
            .find(|e| e.eim_id == d.eim_id)
        else {
            return UpdateEimResult::EimNotFound;
        };
        let update = EimConfig::from_asn1(d);
        if let Some(ci) = &update.euicc_ci_pkid {
            if !creds.ci_pkids_for_signing().contains(ci) {
                return UpdateEimResult::CiPkUnknown;
            }
        }
        if d.counter_value
            .is_some_and(|c| !(0..=crate::state::MAX_COUNTER_VALUE).contains(&c))
        {
            return UpdateEimResult::CounterValueOutOfRange;
        }
        if update
            .eim_key
            .as_ref()
            .is_some_and(|k: &EimKey| k.public_key().is_err())
        {
            return UpdateEimResult::CommandError;
        }
        if d.eim_fqdn.is_some() {
            stored.eim_fqdn = update.eim_fqdn;
        }
        if d.eim_id_type.is_some() {
            stored.eim_id_type = update.eim_id_type;
        }
        if let Some(c) = d.counter_value {
            stored.counter_value = c;
        }
        if update.eim_key.is_some() {
            stored.eim_key = update.eim_key;
        }
        if update.trusted_public_key_data_tls.is_some() {
            stored.trusted_public_key_data_tls = update.trusted_public_key_data_tls;
        }
        if d.eim_supported_protocol.is_some() {
            stored.supported_protocols = update.supported_protocols;
        }
        if update.euicc_ci_pkid.is_some() {
            stored.euicc_ci_pkid = update.euicc_ci_pkid;
        }
        if d.indirect_profile_download.is_some() {
            stored.indirect_profile_download = true;
        }
        UpdateEimResult::Ok
    }
}
