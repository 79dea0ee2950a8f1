//! The lab's inventory plan: the bootstrap ("global") profile type of the international
//! operator and, per modelled country, one local profile type per local operator, each with
//! its own ICCID range and an IMSI range of that operator (MCC/MNC), so that home or roaming
//! follows from the IMSI. The SM-DP+ personalizes every profile from the template
//! (`sm_dp::add_inventory`); the local types of the second operator belong to a second
//! ES2+ operator identity when the PKI has one, so a retry after a rollback is ordered by
//! another operator.

use std::collections::BTreeMap;

use proto::ids::{Iccid, IccidError};
use sm_dp::{InventoryAdd, Template};

use crate::world::countries::{BOOTSTRAP_OPERATOR, Country, Operator};

/// The bootstrap profile type.
pub const GLOBAL_TYPE: &str = "global";

/// One profile type to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypePlan {
    pub name: String,
    /// ISO code of the country it is local to; `None` for the bootstrap type.
    pub country: Option<&'static str>,
    pub operator: Operator,
    /// The ES2+ operator identity owning it.
    pub owner: String,
    pub count: u32,
    pub iccid_start: String,
    pub imsi_start: String,
}

impl TypePlan {
    /// The `inventory add` request of this type.
    pub fn request(&self) -> InventoryAdd {
        InventoryAdd {
            profile_type: self.name.clone(),
            template: Template::Minimal,
            count: self.count,
            iccid_start: self.iccid_start.clone(),
            imsi_start: self.imsi_start.clone(),
            operator: Some(self.owner.clone()),
            service_provider_name: Some(self.operator.name.to_string()),
            profile_name: Some(self.name.clone()),
        }
    }
}

/// The name of the local type of `operator` (the `i`-th of its country).
pub fn local_type(country: &Country, i: usize) -> String {
    let letter = char::from(b'a' + u8::try_from(i % 26).unwrap_or(0));
    format!("{}-local-{letter}", country.code.to_ascii_lowercase())
}

/// A profile type's ICCID range could not start (its payload is no ICCID).
#[derive(Debug, thiserror::Error)]
#[error("ICCID range {payload}: {source}")]
pub struct PlanError {
    pub payload: String,
    pub source: IccidError,
}

/// 19-digit ICCID: `8988`, the type's number, a serial from 1, the Luhn digit.
fn iccid_start(type_number: usize) -> Result<String, PlanError> {
    let payload = format!("8988{:02}{:012}", type_number % 100, 1);
    Iccid::from_payload(&payload)
        .map(|i| i.as_str().to_string())
        .map_err(|source| PlanError { payload, source })
}

/// 15-digit IMSI of the operator, MSIN from 1.
fn imsi_start(op: &Operator) -> String {
    let width = 15 - op.mcc.len() - op.mnc.len();
    format!("{}{}{:0width$}", op.mcc, op.mnc, 1)
}

/// Profiles of each local type for `devices` devices of a country: one each, plus what
/// failed attaches and retries take.
fn local_count(devices: u32, attach_failure_rate: f64) -> u32 {
    let extra = (f64::from(devices) * 3.0 * attach_failure_rate).ceil();
    devices + extra as u32 + 5
}

/// The types to load for `devices_per_country` (in the order of the countries), the
/// second local operator owned by `second_owner`.
pub fn plan(
    devices_per_country: &[(&'static Country, u32)],
    total_devices: u32,
    attach_failure_rate: f64,
    first_owner: &str,
    second_owner: &str,
) -> Result<Vec<TypePlan>, PlanError> {
    let mut out = vec![TypePlan {
        name: GLOBAL_TYPE.into(),
        country: None,
        operator: BOOTSTRAP_OPERATOR,
        owner: first_owner.into(),
        count: total_devices,
        iccid_start: iccid_start(0)?,
        imsi_start: imsi_start(&BOOTSTRAP_OPERATOR),
    }];
    for (country, devices) in devices_per_country {
        for (i, op) in country.operators.iter().enumerate() {
            let number = out.len();
            out.push(TypePlan {
                name: local_type(country, i),
                country: Some(country.code),
                operator: *op,
                owner: if i % 2 == 0 {
                    first_owner
                } else {
                    second_owner
                }
                .into(),
                count: local_count(*devices, attach_failure_rate),
                iccid_start: iccid_start(number)?,
                imsi_start: imsi_start(op),
            });
        }
    }
    Ok(out)
}

/// What the lab knows of a profile of the inventory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFacts {
    pub profile_type: String,
    /// Its IMSI, as the SM-DP+ personalizes it.
    pub imsi: String,
    /// MCC of its IMSI.
    pub mcc: String,
    pub country: Option<&'static str>,
    /// The operator whose network it is home on.
    pub operator: Operator,
}

/// ICCID → facts, from the SM-DP+'s inventory.
pub type Catalog = BTreeMap<String, ProfileFacts>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::countries::country;

    #[test]
    fn types_have_disjoint_iccid_ranges_and_local_imsis() {
        let de = country("DE").unwrap();
        let us = country("US").unwrap();
        let p = plan(&[(de, 10), (us, 3)], 13, 0.1, "operator1", "operator2").unwrap();
        let names: Vec<&str> = p.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "global",
                "de-local-a",
                "de-local-b",
                "us-local-a",
                "us-local-b"
            ]
        );
        assert_eq!(p[0].count, 13);
        assert_eq!(p[0].imsi_start, "901400000000001");
        assert_eq!(p[1].imsi_start, "262010000000001");
        assert_eq!(p[3].imsi_start, "310260000000001");
        assert_eq!(p[1].count, 10 + 3 + 5);
        assert_eq!(p[2].owner, "operator2");
        let mut starts: Vec<&str> = p.iter().map(|t| &t.iccid_start[..6]).collect();
        starts.dedup();
        assert_eq!(starts.len(), p.len());
        for t in &p {
            assert!(Iccid::parse(&t.iccid_start).is_ok(), "{}", t.iccid_start);
            assert_eq!(t.imsi_start.len(), 15);
        }
    }
}
