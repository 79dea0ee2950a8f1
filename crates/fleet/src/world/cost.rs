//! The cost model (`crates/lab/models/cost-model.toml`, shipped with the `rsp-lab` command
//! and embedded here; `--cost-model FILE`): what a device costs per month under a strategy
//! — its SIM amortised, its data at home or roaming rates, the fees, and the over-the-air
//! work it needed. Every figure comes from the file, where
//! each one is marked as from a seed or as an assumption.

use serde::{Deserialize, Serialize};

use crate::world::strategy::Strategy;

/// The cost model shipped with rsp-lab.
pub const DEFAULT_COST_MODEL: &str = include_str!("../../../lab/models/cost-model.toml");

/// Simulated days per billing month.
pub const DAYS_PER_MONTH: f64 = 30.0;

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SimPrices {
    pub single_imsi: f64,
    pub multi_imsi: f64,
    pub euicc: f64,
    pub multi_imsi_euicc: f64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataPrices {
    pub mb_per_device_month: f64,
    pub home_usd_per_mb: f64,
    pub roaming_usd_per_mb: f64,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    pub sim_month: f64,
    pub roamer_month: f64,
    pub download: f64,
    pub ota_operation: f64,
}

/// What each bearer's messages cost.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BearerPrices {
    /// One short message, to or from the device (SGP.02's SCP80 over SMS).
    pub sms: f64,
}

impl Default for BearerPrices {
    /// The shipped model's prices (`[bearers]` of `cost-model.toml`).
    fn default() -> BearerPrices {
        BearerPrices { sms: 0.005 }
    }
}

/// The whole cost model.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CostModel {
    pub amortise_months: f64,
    pub sim: SimPrices,
    pub data: DataPrices,
    pub fees: Fees,
    /// Absent from a file: the shipped prices.
    #[serde(default)]
    pub bearers: BearerPrices,
}

/// What one device used over a run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Usage {
    /// Days attached on a home (local) IMSI, and on a foreign one.
    pub home_days: u32,
    pub roaming_days: u32,
    pub downloads: u32,
    pub ota_operations: u32,
}

/// A cost per device per month, in its parts (USD).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Cost {
    pub sim: f64,
    pub data: f64,
    pub fees: f64,
    pub operations: f64,
    pub total: f64,
}

impl Cost {
    /// The mean of `costs` (zero when empty).
    pub fn mean(costs: &[Cost]) -> Cost {
        let n = costs.len().max(1) as f64;
        let sum = |f: fn(&Cost) -> f64| costs.iter().map(f).sum::<f64>() / n;
        Cost {
            sim: sum(|c| c.sim),
            data: sum(|c| c.data),
            fees: sum(|c| c.fees),
            operations: sum(|c| c.operations),
            total: sum(|c| c.total),
        }
    }
}

/// Why a cost model file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CostModelError {
    /// The file is not TOML of the cost model's shape.
    #[error("cost model: {0}")]
    Toml(#[from] toml::de::Error),
    /// A SIM amortised over no months.
    #[error("cost model: amortise_months must be above 0")]
    Amortisation,
}

impl CostModel {
    pub fn from_toml(text: &str) -> Result<CostModel, CostModelError> {
        let m: CostModel = toml::from_str(text)?;
        if m.amortise_months <= 0.0 {
            return Err(CostModelError::Amortisation);
        }
        Ok(m)
    }

    pub fn shipped() -> CostModel {
        // Covered by a test; a failure here is a build defect.
        CostModel::from_toml(DEFAULT_COST_MODEL).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The SIM a strategy's devices carry.
    pub fn sim_price(&self, strategy: Strategy) -> f64 {
        match strategy {
            Strategy::Roaming => self.sim.single_imsi,
            Strategy::MultiImsi => self.sim.multi_imsi,
            Strategy::Localize => self.sim.euicc,
            Strategy::Tiered | Strategy::MultiImsiEuicc => self.sim.multi_imsi_euicc,
        }
    }

    /// What `messages` short messages of a device over a run of `days` days cost per
    /// month.
    pub fn sms_per_month(&self, messages: f64, days: u32) -> f64 {
        let months = (f64::from(days) / DAYS_PER_MONTH).max(1.0 / DAYS_PER_MONTH);
        messages * self.bearers.sms / months
    }

    /// A device's cost per month over a run of `days` days.
    pub fn per_device_month(&self, strategy: Strategy, u: &Usage, days: u32) -> Cost {
        let months = (f64::from(days) / DAYS_PER_MONTH).max(1.0 / DAYS_PER_MONTH);
        let attached = f64::from(u.home_days + u.roaming_days).max(1.0);
        let roaming_share = f64::from(u.roaming_days) / attached;
        let home_share = f64::from(u.home_days) / attached;
        let d = &self.data;
        let sim = self.sim_price(strategy) / self.amortise_months;
        let data = d.mb_per_device_month
            * (home_share * d.home_usd_per_mb + roaming_share * d.roaming_usd_per_mb);
        let fees = self.fees.sim_month + roaming_share * self.fees.roamer_month;
        let operations = (f64::from(u.downloads) * self.fees.download
            + f64::from(u.ota_operations) * self.fees.ota_operation)
            / months;
        Cost {
            sim,
            data,
            fees,
            operations,
            total: sim + data + fees + operations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_the_sum_of_their_parts_from_the_file() {
        let m = CostModel::shipped();
        assert_eq!(m.sim.multi_imsi, 5.5, "seed 001: $3-8");
        assert!((4.0..=10.0).contains(&m.sim.euicc), "seed 001: $4-10");
        let u = Usage {
            home_days: 45,
            roaming_days: 15,
            downloads: 2,
            ota_operations: 4,
        };
        let c = m.per_device_month(Strategy::Localize, &u, 60);
        assert!((c.sim - 7.0 / 36.0).abs() < 1e-9);
        let data = 50.0 * (0.75 * 0.01 + 0.25 * 0.05);
        assert!((c.data - data).abs() < 1e-9);
        assert!((c.fees - (0.30 + 0.25 * 0.50)).abs() < 1e-9);
        assert!((c.operations - (2.0 * 0.80 + 4.0 * 0.05) / 2.0).abs() < 1e-9);
        assert!((c.total - (c.sim + c.data + c.fees + c.operations)).abs() < 1e-9);
        let r = m.per_device_month(Strategy::Roaming, &u, 60);
        assert!(r.sim < c.sim, "a plain SIM is cheaper than an eUICC");
        assert!((m.sms_per_month(60.0, 60) - 30.0 * m.bearers.sms).abs() < 1e-9);
        let mean = Cost::mean(&[c, r]);
        assert!((mean.total - (c.total + r.total) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn every_figure_not_from_a_seed_is_marked_as_an_assumption() {
        for line in DEFAULT_COST_MODEL.lines() {
            let code = line.split('#').next().unwrap_or("");
            if code.contains('=') && code.chars().any(|c| c.is_ascii_digit()) {
                assert!(
                    line.contains("ASSUMPTION") || line.contains("SEED"),
                    "unmarked figure: {line}"
                );
            }
        }
    }
}
