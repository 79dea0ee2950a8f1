//! ES10b.AddInitialEim (SGP.32 v1.2 5.9.4) and ES10b.GetEimConfigurationData (5.9.18),
//! and the checks every new eIM Configuration Data passes (also for the addEim eCO).
//!
//! AddInitialEim only associates the first eIM(s): with any eIM configured it answers
//! `associatedEimAlreadyExists(2)`. Each entry must have an eimId of 1 to 128 characters and
//! a key that verifies ECDSA P-256 (`commandError(7)`), a counterValue from 0 to
//! [`MAX_COUNTER_VALUE`] (`counterValueOutOfRange(6)`) and, if it names a CI, one of the
//! eUICC's signing CIs (`ciPKUnknown(3)`); eimIds are unique (`commandError(7)`), and at
//! most [`MAX_EIMS`] fit (`insufficientMemory(1)`). Any refusal leaves the configuration as
//! it was. An entry that carries `associationToken` asks the eUICC for one: the eUICC
//! hands out the next token (1, 2, …) and answers it; otherwise the entry answers `addOk`.

use proto::der::{Asn1, Null};
use proto::sgp32::{
    AddInitialEimError, AddInitialEimOkItem, AddInitialEimRequest, AddInitialEimResponse,
    EimConfigurationData, EimSearchCriteria, GetEimConfigurationDataRequest,
    GetEimConfigurationDataResponse,
};

use crate::credentials::Credentials;
use crate::euicc::Euicc;
use crate::state::{EimConfig, MAX_COUNTER_VALUE};

/// The most eIMs this eUICC keeps.
pub(super) const MAX_EIMS: usize = 8;

/// Why new eIM Configuration Data is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ConfigRefusal {
    CiPkUnknown,
    CounterValueOutOfRange,
    CommandError,
}

/// Checks received configuration data and gives its stored form (without a token).
pub(super) fn check_config(
    creds: &Credentials,
    d: &EimConfigurationData,
) -> Result<EimConfig, ConfigRefusal> {
    if d.eim_id.is_empty() || d.eim_id.chars().count() > 128 {
        return Err(ConfigRefusal::CommandError);
    }
    let config = EimConfig::from_asn1(d);
    match &config.eim_key {
        Some(key) if key.public_key().is_ok() => {}
        _ => return Err(ConfigRefusal::CommandError),
    }
    if !(0..=MAX_COUNTER_VALUE).contains(&config.counter_value) {
        return Err(ConfigRefusal::CounterValueOutOfRange);
    }
    if let Some(ci) = &config.euicc_ci_pkid {
        if !creds.ci_pkids_for_signing().contains(ci) {
            return Err(ConfigRefusal::CiPkUnknown);
        }
    }
    Ok(config)
}

impl Euicc {
    /// ES10b.AddInitialEim (SGP.32 v1.2 5.9.4).
    pub(crate) fn add_initial_eim(&mut self, req: &AddInitialEimRequest) -> Vec<u8> {
        let refuse = |e| AddInitialEimResponse::AddInitialEimError(e).to_der();
        if !self.state.iot.eims.is_empty() {
            return refuse(AddInitialEimError::AssociatedEimAlreadyExists);
        }
        let list = &req.eim_configuration_data_list;
        if list.is_empty() {
            return refuse(AddInitialEimError::CommandError);
        }
        if list.len() > MAX_EIMS {
            return refuse(AddInitialEimError::InsufficientMemory);
        }
        let mut next = self.state.clone();
        let mut answers = Vec::with_capacity(list.len());
        for d in list {
            let mut config = match check_config(&self.creds, d) {
                Ok(c) => c,
                Err(r) => {
                    return refuse(match r {
                        ConfigRefusal::CiPkUnknown => AddInitialEimError::CiPkUnknown,
                        ConfigRefusal::CounterValueOutOfRange => {
                            AddInitialEimError::CounterValueOutOfRange
                        }
                        ConfigRefusal::CommandError => AddInitialEimError::CommandError,
                    });
                }
            };
            if next.iot.eim(&config.eim_id).is_some() {
                return refuse(AddInitialEimError::CommandError);
            }
            answers.push(if d.association_token.is_some() {
                let token = next.iot.take_association_token();
                config.association_token = Some(token);
                AddInitialEimOkItem::AssociationToken(token)
            } else {
                AddInitialEimOkItem::AddOk(Null)
            });
            next.iot.eims.push(config);
        }
        match self.commit(next) {
            Ok(()) => AddInitialEimResponse::AddInitialEimOk(answers).to_der(),
            Err(_) => refuse(AddInitialEimError::UndefinedError),
        }
    }

    /// ES10b.GetEimConfigurationData (SGP.32 v1.2 5.9.18): all eIMs, or the one named.
    pub(crate) fn get_eim_configuration_data(
        &self,
        req: &GetEimConfigurationDataRequest,
    ) -> Vec<u8> {
        GetEimConfigurationDataResponse {
            eim_configuration_data_list: self
                .state
                .iot
                .eims
                .iter()
                .filter(|e| match &req.search_criteria {
                    None => true,
                    Some(EimSearchCriteria::EimId(id)) => &e.eim_id == id,
                })
                .map(EimConfig::to_asn1)
                .collect(),
        }
        .to_der()
    }
}
