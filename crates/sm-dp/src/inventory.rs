//! Inventory: profile types and bulk personalization (`rsp-lab smdp inventory add --type NAME
//! --template FILE --count N --iccid-start .. --imsi-start .. [--operator ID]`). Each profile is
//! the template with a new ICCID, IMSI and random Ki/OPc (`saip::personalize`), stored as a
//! whole package with the profile. Ki and OPc never leave the database except inside a bound
//! (encrypted) package, and are never logged.

use std::path::PathBuf;

use proto::ids::{Iccid, Imsi};
use proto::saip::{AlgorithmID, Personalization, ProfilePackage, minimal_profile, personalize};

use crate::store::{ProfileType, Store, StoreError, Tx, profiles, random_bytes};
use crate::view::SmDpView;

/// Where the profile package template comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Template {
    /// `proto::saip::minimal_profile`: MF, USIM, PIN/PUK, Milenage.
    Minimal,
    /// A profile package file (DER), e.g. a GSMA TS.48 test profile.
    File(PathBuf),
    /// A profile package already in memory.
    Der(Vec<u8>),
}

impl Template {
    fn describe(&self) -> String {
        match self {
            Template::Minimal => "minimal".into(),
            Template::File(p) => p.display().to_string(),
            Template::Der(_) => "package given in memory".into(),
        }
    }
}

/// What `inventory add` does.
#[derive(Clone, Debug)]
pub struct InventoryAdd {
    pub profile_type: String,
    pub template: Template,
    pub count: u32,
    /// First ICCID (18 digits, or 19/20 with a correct Luhn digit); later ones count up in
    /// the digits before the Luhn digit.
    pub iccid_start: String,
    /// First IMSI; later ones count up.
    pub imsi_start: String,
    /// Owner of the profile type (its ES2+ certificate's commonName); default `operator1`
    /// for a new type, the type's owner for an existing one.
    pub operator: Option<String>,
    /// Default: the operator id.
    pub service_provider_name: Option<String>,
    /// Default: the profile type name.
    pub profile_name: Option<String>,
}

/// What was added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InventoryReport {
    pub profile_type: String,
    pub operator: String,
    /// ICCIDs added, in order.
    pub iccids: Vec<String>,
}

/// Why profiles could not be added.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InventoryError {
    #[error("template {path}: {detail}")]
    Template { path: String, detail: String },
    #[error("ICCID: {0}")]
    Iccid(String),
    #[error("IMSI: {0}")]
    Imsi(String),
    #[error("profile type {name} belongs to operator {owner}, not {requested}")]
    Operator {
        name: String,
        owner: String,
        requested: String,
    },
    #[error("personalizing ICCID {iccid}: {detail}")]
    Personalize { iccid: String, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Default owner of a new profile type.
pub const DEFAULT_OPERATOR: &str = "operator1";

/// `start + n` in decimal with the width of `start`.
fn count_up(start: &str, n: u32) -> Option<String> {
    let v: u128 = start.parse().ok()?;
    let s = format!(
        "{:0width$}",
        v.checked_add(u128::from(n))?,
        width = start.len()
    );
    (s.len() == start.len()).then_some(s)
}

/// The `n`-th ICCID from `start`.
fn nth_iccid(start: &Iccid, n: u32) -> Result<Iccid, InventoryError> {
    let digits = start.as_str();
    let err = |e: proto::ids::IccidError| InventoryError::Iccid(e.to_string());
    if digits.len() >= 19 {
        let payload = &digits[..digits.len() - 1];
        let next = count_up(payload, n)
            .ok_or_else(|| InventoryError::Iccid(format!("range from {digits} overflows")))?;
        Iccid::from_payload(&next).map_err(err)
    } else {
        let next = count_up(digits, n)
            .ok_or_else(|| InventoryError::Iccid(format!("range from {digits} overflows")))?;
        Iccid::parse(&next).map_err(err)
    }
}

fn nth_imsi(start: &Imsi, n: u32) -> Result<Imsi, InventoryError> {
    let next = count_up(start.as_str(), n)
        .ok_or_else(|| InventoryError::Imsi(format!("range from {start} overflows")))?;
    Imsi::parse(&next).map_err(|e| InventoryError::Imsi(e.to_string()))
}

fn load_template(t: &Template) -> Result<Option<ProfilePackage>, InventoryError> {
    let bytes = match t {
        Template::Minimal => return Ok(None),
        Template::File(p) => std::fs::read(p).map_err(|e| InventoryError::Template {
            path: p.display().to_string(),
            detail: e.to_string(),
        })?,
        Template::Der(b) => b.clone(),
    };
    ProfilePackage::from_der(&bytes)
        .map(Some)
        .map_err(|e| InventoryError::Template {
            path: t.describe(),
            detail: e.to_string(),
        })
}

impl InventoryAdd {
    /// The ICCIDs and IMSIs this request creates, in order: what an SM-DP+ loaded with it
    /// holds, for a client that needs to know its profiles without reading its database
    /// (the lab against an SM-DP+ outside it).
    pub fn planned(&self) -> Result<Vec<(String, String)>, InventoryError> {
        let iccid0 =
            Iccid::parse(&self.iccid_start).map_err(|e| InventoryError::Iccid(e.to_string()))?;
        let imsi0 =
            Imsi::parse(&self.imsi_start).map_err(|e| InventoryError::Imsi(e.to_string()))?;
        (0..self.count)
            .map(|n| {
                Ok((
                    nth_iccid(&iccid0, n)?.as_str().to_string(),
                    nth_imsi(&imsi0, n)?.as_str().to_string(),
                ))
            })
            .collect()
    }
}

/// Adds `count` personalized profiles of a type (created on first use) in one transaction.
pub(crate) async fn add_inventory(
    store: &Store,
    req: &InventoryAdd,
) -> Result<InventoryReport, InventoryError> {
    let template = load_template(&req.template)?;
    let opc_len = match template
        .as_ref()
        .and_then(|t| t.summary().ok())
        .and_then(|s| s.algorithm)
    {
        Some(AlgorithmID::Tuak) => 32,
        _ => 16,
    };
    let iccid0 =
        Iccid::parse(&req.iccid_start).map_err(|e| InventoryError::Iccid(e.to_string()))?;
    let imsi0 = Imsi::parse(&req.imsi_start).map_err(|e| InventoryError::Imsi(e.to_string()))?;

    // Personalization (random keys, package encoding) before the transaction.
    let mut rows = Vec::with_capacity(req.count as usize);
    for n in 0..req.count {
        let iccid = nth_iccid(&iccid0, n)?;
        let imsi = nth_imsi(&imsi0, n)?;
        let p = Personalization {
            iccid: iccid.as_str().to_string(),
            imsi: imsi.as_str().to_string(),
            ki: random_bytes::<16>()?.to_vec(),
            opc: if opc_len == 32 {
                random_bytes::<32>()?.to_vec()
            } else {
                random_bytes::<16>()?.to_vec()
            },
        };
        let package = match &template {
            Some(t) => personalize(t, &p),
            None => minimal_profile(&p),
        }
        .map_err(|e| InventoryError::Personalize {
            iccid: iccid.to_string(),
            detail: e.to_string(),
        })?;
        rows.push((
            iccid.as_str().to_string(),
            imsi.as_str().to_string(),
            package.to_der(),
        ));
    }
    let req = req.clone();
    let report = store.write(move |tx| insert_all(tx, &req, &rows)).await?;
    tracing::info!(profile_type = %report.profile_type, count = report.iccids.len(), "inventory added");
    Ok(report)
}

/// The profile type (created on first use) and the profiles, in one transaction.
fn insert_all(
    tx: &mut Tx<'_>,
    req: &InventoryAdd,
    rows: &[(String, String, Vec<u8>)],
) -> Result<InventoryReport, InventoryError> {
    let ptype = match profiles::profile_type(tx, &req.profile_type)? {
        Some(t) => {
            if let Some(op) = req.operator.as_deref().filter(|op| *op != t.operator) {
                return Err(InventoryError::Operator {
                    name: t.name,
                    owner: t.operator,
                    requested: op.to_string(),
                });
            }
            t
        }
        None => {
            let operator = req
                .operator
                .clone()
                .unwrap_or_else(|| DEFAULT_OPERATOR.to_string());
            let t = ProfileType {
                name: req.profile_type.clone(),
                service_provider_name: req
                    .service_provider_name
                    .clone()
                    .unwrap_or_else(|| operator.clone()),
                profile_name: req
                    .profile_name
                    .clone()
                    .unwrap_or_else(|| req.profile_type.clone()),
                operator,
                profile_class: 2,
                template: req.template.describe(),
                profile_policy_rules: 0,
                icon: None,
            };
            profiles::insert_profile_type(tx, &t)?;
            t
        }
    };
    for (iccid, imsi, package) in rows {
        profiles::insert_profile(tx, iccid, &ptype.name, imsi, package)?;
    }
    Ok(InventoryReport {
        profile_type: ptype.name,
        operator: ptype.operator,
        iccids: rows.iter().map(|(i, _, _)| i.clone()).collect(),
    })
}

impl SmDpView {
    /// Adds `count` personalized profiles of a type (created on first use) in one
    /// transaction (`rsp-lab smdp inventory add`).
    pub async fn add_inventory(
        &self,
        req: &InventoryAdd,
    ) -> Result<InventoryReport, InventoryError> {
        add_inventory(self.store(), req).await
    }
}

/// `inventory add` against a database URL (the server need not run).
pub async fn add_inventory_at(
    database_url: &str,
    req: &InventoryAdd,
) -> Result<InventoryReport, InventoryError> {
    let view = SmDpView::open(database_url).await?;
    let r = view.add_inventory(req).await;
    view.close().await;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_count_up_before_the_luhn_digit() {
        let start = Iccid::parse("8949449999999990023").unwrap();
        assert_eq!(nth_iccid(&start, 0).unwrap(), start);
        let second = nth_iccid(&start, 1).unwrap();
        assert!(second.as_str().starts_with("894944999999999003"));
        assert!(second.has_valid_luhn());
        let imsi = Imsi::parse("001010000000001").unwrap();
        assert_eq!(nth_imsi(&imsi, 9).unwrap().as_str(), "001010000000010");
        assert!(nth_imsi(&Imsi::parse("999999999999999").unwrap(), 1).is_err());
    }
}
