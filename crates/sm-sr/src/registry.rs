//! The EIS registry: ES1.RegisterEIS (SGP.02 5.2.1, procedure 3.9), an import of the JSON
//! a software card prints, get and delete. The ISD-R's keys are stored with the EIS and
//! leave it only towards the bearers; nothing here logs them.

use crate::eis::{Eis, EisError};
use crate::server::SmSrCore;
use crate::status::{EID_ALREADY_IN_USE, EID_INVALID, EID_UNKNOWN, StatusCode};
use crate::store::{StoreError, eis};

/// Why a registry call was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// The EIS is malformed: [`EID_INVALID`].
    #[error(transparent)]
    Invalid(#[from] EisError),
    /// An EIS with this EID is registered: [`EID_ALREADY_IN_USE`].
    #[error("EID {0} is registered already")]
    AlreadyRegistered(String),
    /// No EIS has this EID: [`EID_UNKNOWN`].
    #[error("EID {0} is unknown")]
    UnknownEid(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RegistryError {
    /// The SGP.02 status code the refusal is answered with; `None` for an internal failure.
    pub fn code(&self) -> Option<StatusCode> {
        Some(match self {
            RegistryError::Invalid(_) => EID_INVALID,
            RegistryError::AlreadyRegistered(_) => EID_ALREADY_IN_USE,
            RegistryError::UnknownEid(_) => EID_UNKNOWN,
            RegistryError::Store(_) => return None,
        })
    }
}

impl SmSrCore {
    /// ES1.RegisterEIS: stores a checked EIS with its keys and profiles.
    pub async fn register_eis(&self, e: Eis) -> Result<(), RegistryError> {
        e.validate()?;
        let stored = self
            .ctx
            .store
            .write(move |tx| eis::insert(tx, &e).map(|r| (r, e.eid.clone())))
            .await?;
        match stored {
            (eis::Registered::Stored, eid) => {
                tracing::info!(%eid, "EIS registered");
                Ok(())
            }
            (eis::Registered::Exists, eid) => Err(RegistryError::AlreadyRegistered(eid)),
        }
    }

    /// Registers the EIS of a JSON text (the shape of [`crate::eis`]); returns its EID.
    pub async fn import_eis_json(&self, text: &str) -> Result<String, RegistryError> {
        let e = Eis::from_json(text)?;
        let eid = e.eid.clone();
        self.register_eis(e).await?;
        Ok(eid)
    }

    /// Registers the EIS a software card prints (`rsp-lab euicc eis`), its profiles owned
    /// as `owners` says ([`crate::eis::CardOwners`]); returns its EID.
    pub async fn import_card_eis(
        &self,
        text: &str,
        owners: &crate::eis::CardOwners,
    ) -> Result<String, RegistryError> {
        let e = Eis::from_card_json(text, owners)?;
        let eid = e.eid.clone();
        self.register_eis(e).await?;
        Ok(eid)
    }

    /// The EIS of `eid` as stored, keys included (for the bearers and the lab, not for
    /// operators: [`Eis::for_operator`]).
    pub async fn eis(&self, eid: &str) -> Result<Eis, RegistryError> {
        let key = eid.to_string();
        let found = self.ctx.store.read(move |tx| eis::load(tx, &key)).await?;
        found.ok_or_else(|| RegistryError::UnknownEid(eid.to_string()))
    }

    /// Deletes the EIS of `eid` with its keys, profiles, operations and notifications
    /// (what the old SM-SR does at the end of an SM-SR change, SGP.02 3.8).
    pub async fn delete_eis(&self, eid: &str) -> Result<(), RegistryError> {
        let key = eid.to_string();
        if self
            .ctx
            .store
            .write(move |tx| eis::delete(tx, &key))
            .await?
        {
            tracing::info!(%eid, "EIS deleted");
            Ok(())
        } else {
            Err(RegistryError::UnknownEid(eid.to_string()))
        }
    }
}
