//! What `rsp-lab smsr` does on the SM-SR's database without running it: registering an EIS
//! as an EUM would over ES1.RegisterEIS (SGP.02 5.2.1).

use crate::config::{ServeOptions, SmSrConfig};
use crate::context::Context;
use crate::eis::CardOwners;
use crate::registry::RegistryError;
use crate::server::{SmSrCore, StartError};

/// Why an EIS was not registered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RegisterError {
    /// The configuration or the database.
    #[error(transparent)]
    Open(#[from] StartError),
    /// The registry refused the EIS (its SGP.02 code in [`RegistryError::code`]).
    #[error(transparent)]
    Registry(#[from] RegistryError),
}

/// Registers the EIS a software card prints (`rsp-lab euicc eis`) in the database of the
/// SM-SR `options` configure, its profiles owned as `owners` says; returns its EID.
pub async fn register_card_eis(
    options: &ServeOptions,
    text: &str,
    owners: &CardOwners,
) -> Result<String, RegisterError> {
    let config = SmSrConfig::from_options(options).map_err(StartError::from)?;
    config
        .server
        .preflight("smsr", &[])
        .map_err(StartError::from)?;
    let (store, _) = config
        .server
        .open_database("smsr.db", crate::store::MIGRATIONS)
        .await
        .map_err(StartError::from)?;
    let core = SmSrCore {
        ctx: Context::new(store.clone(), &config, false),
    };
    let result = core.import_card_eis(text, owners).await;
    store.close().await;
    Ok(result?)
}
