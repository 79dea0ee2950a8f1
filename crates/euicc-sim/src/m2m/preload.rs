//! Profiles put on an M2M eUICC at manufacture (SGP.02 v4.2 2.2.1.2: the eUICC leaves the
//! factory with a provisioning profile, enabled, holding the Fall-Back Attribute): each in
//! its own ISD-P (TAR from `000010`), DISABLED or ENABLED, with its POL1.
//!
//! ```no_run
//! # use euicc_sim::{Euicc, Preload};
//! # use euicc_sim::m2m::M2mPreload;
//! # fn f(euicc: &mut Euicc, package: Vec<u8>, metadata: proto::sgp22::StoreMetadataRequest)
//! # -> Result<(), euicc_sim::FactoryError> {
//! let bootstrap = Preload { enabled: true, fallback: true, ..Preload::new(package, metadata) };
//! euicc.preload_m2m_profile(&M2mPreload::new(bootstrap))?;
//! # Ok(()) }
//! ```

use proto::saip::ProfilePackage;
use proto::sgp22::{Iccid, StoreMetadataRequest};

use super::switch::enable_isdp;
use crate::euicc::Euicc;
use crate::factory::{FactoryError, Preload};
use crate::state::m2m::{IsdpLifeCycle, IsdpRecord, Pol1};

/// A profile for an M2M eUICC: the profile (with `enabled` and `fallback`) and its POL1.
#[derive(Clone, Debug)]
pub struct M2mPreload {
    /// The profile package, its metadata, whether it is enabled and has the Fall-Back
    /// Attribute.
    pub profile: Preload,
    /// Its POL1 rules.
    pub pol1: Pol1,
}

impl M2mPreload {
    /// `profile` with no POL1 rule.
    pub fn new(profile: Preload) -> M2mPreload {
        M2mPreload {
            profile,
            pol1: Pol1::default(),
        }
    }

    /// A disabled profile from its unprotected package alone (a TS.48 test profile): the
    /// ICCID from its header, minimal operational metadata.
    pub fn from_package(package: Vec<u8>) -> Result<M2mPreload, FactoryError> {
        let summary = ProfilePackage::from_der(&package)
            .map_err(|e| FactoryError::Package(e.to_string()))?
            .summary()
            .map_err(|e| FactoryError::Package(e.to_string()))?;
        let iccid = proto::ids::Iccid::parse_lenient(&summary.iccid)
            .map_err(|e| FactoryError::Package(e.to_string()))?;
        let metadata = StoreMetadataRequest::new(
            Iccid(iccid.to_swapped_bcd()),
            "rsp-lab operator",
            format!("profile {}", summary.iccid),
        );
        Ok(M2mPreload::new(Preload::new(package, metadata)))
    }
}

impl Euicc {
    /// Puts a profile in a new ISD-P of an M2M eUICC, as its manufacturer would. Returns
    /// its ICCID.
    pub fn preload_m2m_profile(&mut self, p: &M2mPreload) -> Result<String, FactoryError> {
        if !self.is_m2m() {
            return Err(FactoryError::NotM2m);
        }
        let (mut next, iccid) = self.with_preloaded(&p.profile)?;
        let aid = next
            .profile_by_iccid(&iccid)
            .map(|profile| profile.isdp_aid.clone())
            .ok_or_else(|| FactoryError::UnknownProfile(iccid.clone()))?;
        let Some(m2m) = next.m2m.as_mut() else {
            return Err(FactoryError::NotM2m);
        };
        if p.profile.fallback {
            for isdp in &mut m2m.isdps {
                isdp.fallback = false;
            }
        }
        m2m.isdps.push(IsdpRecord {
            aid: aid.clone(),
            life_cycle: IsdpLifeCycle::Disabled,
            fallback: p.profile.fallback,
            pol1: p.pol1,
            iccid: Some(iccid.clone()),
            memory_quota: 0,
            scp03: Vec::new(),
        });
        if p.profile.enabled {
            enable_isdp(&mut next, &aid);
        }
        self.commit(next)?;
        Ok(iccid)
    }
}
