//! The plan of a run, made before anything starts: the inventory each country gets, who
//! the fleet's devices are and where they are deployed, and the world they live in.

use std::sync::Arc;

use crate::devices::deploy::{Placement, issue, placement};
use crate::run::error::RunError;
use crate::run::options::DemoOptions;
use crate::servers::outside::inventory_commands;
use crate::servers::{FIRST_OPERATOR, SECOND_OPERATOR, lab_pki};
use crate::world::World;
use crate::world::countries::Country;
use crate::world::inventory::{Catalog, GLOBAL_TYPE, TypePlan, plan};

/// Who the fleet's devices are and where they go: credentials, placements, bootstrap
/// profiles (device `i` gets the `i`-th of the global type) and the world they live in.
pub(crate) struct FleetPlan {
    creds: Vec<euicc_sim::Credentials>,
    places: Vec<Placement>,
    bootstraps: Vec<String>,
    pub world: Arc<World>,
}

impl FleetPlan {
    pub(crate) fn new(
        options: &DemoOptions,
        pki: &certs::Pki,
        catalog: &Catalog,
    ) -> Result<FleetPlan, RunError> {
        let n = options.devices as usize;
        let creds = issue(pki, n)?;
        // A short run still sees every device arrive.
        let deploy_days = options.deploy_days.min(options.days);
        let places: Vec<_> = (0..n)
            .map(|i| placement(options.seed, i, &options.countries, deploy_days))
            .collect();
        let world = Arc::new(world_of(options, catalog, &creds, &places));
        let bootstraps: Vec<String> = (catalog.iter())
            .filter(|(_, p)| p.profile_type == GLOBAL_TYPE)
            .map(|(iccid, _)| iccid.clone())
            .take(n)
            .collect();
        if bootstraps.len() < n {
            return Err(RunError::NotEnoughBootstraps);
        }
        Ok(FleetPlan {
            creds,
            places,
            bootstraps,
            world,
        })
    }

    /// Each device's index, credentials, placement and bootstrap ICCID, in index order.
    pub(crate) fn items(self) -> Vec<(usize, euicc_sim::Credentials, Placement, String)> {
        (self.creds.into_iter().zip(self.places).zip(self.bootstraps))
            .enumerate()
            .map(|(i, ((c, p), b))| (i, c, p, b))
            .collect()
    }
}

/// The world of a run: the inventory's profiles, the policy and scenario, and where each
/// device of `creds` is deployed.
pub(crate) fn world_of(
    options: &DemoOptions,
    catalog: &Catalog,
    creds: &[euicc_sim::Credentials],
    places: &[Placement],
) -> World {
    World {
        catalog: catalog.clone().into_iter().collect(),
        policy: options.policy.clone(),
        seed: options.seed,
        attach_failure_rate: options.attach_failure_rate,
        eim_unreachable_rate: options.eim_unreachable_after_enable,
        countries: creds
            .iter()
            .zip(places)
            .map(|(c, p)| (c.eid().as_str().to_string(), p.country))
            .collect(),
        preloaded: options.strategies.preloaded(options.strategy),
        scenario: options.scenario.clone(),
        day: std::sync::atomic::AtomicU32::new(0),
        outages: options.outages.clone(),
    }
}

/// The inventory plan of a run: each country's share of the devices, the local types
/// owned by the PKI's two operators (the first alone when it has one).
pub(crate) fn inventory_plan(
    options: &DemoOptions,
    pki: &certs::Pki,
) -> Result<Vec<TypePlan>, RunError> {
    let second = if pki.operator(SECOND_OPERATOR).is_ok() {
        SECOND_OPERATOR
    } else {
        FIRST_OPERATOR
    };
    let n = options.countries.len() as u32;
    let per_country: Vec<(&'static Country, u32)> = options
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let extra = u32::from((i as u32) < options.devices % n);
            (*c, options.devices / n + extra)
        })
        .collect();
    let types = plan(
        &per_country,
        options.devices,
        // A profile rolled back for either fault is replaced by one of the next type.
        (options.attach_failure_rate + options.eim_unreachable_after_enable).min(1.0),
        FIRST_OPERATOR,
        second,
    )?;
    Ok(types)
}

/// The `rsp-lab smdp inventory add` commands of a run made with `options` (its PKI in the
/// data directory, generated when absent: the inventory's owners are its operators).
pub fn inventory_plan_commands(options: &DemoOptions) -> Result<Vec<String>, RunError> {
    options.check()?;
    let pki = lab_pki(&options.data_dir)?;
    let types = inventory_plan(options, &pki)?;
    Ok(inventory_commands(&types))
}
