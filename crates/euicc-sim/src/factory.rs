//! What happens to an eUICC outside ES10: profiles pre-loaded at manufacturing (the
//! bootstrap profile of an IoT fleet, SGP.32 v1.2 3.4.5: enabled, Fallback Attribute set),
//! and what the device's IPA reads and clears beside the card interface (the "state
//! changed" flag it reports in ESipa.GetEimPackage).
//!
//! A pre-loaded profile passes the checks of a downloaded one (metadata against the RAT,
//! the profile package parsed, ICCID matching, memory) but makes no installation result
//! or notification: no SM-DP+ session installed it.
//!
//! ```no_run
//! # use euicc_sim::{Euicc, Preload};
//! # fn f(euicc: &mut Euicc, package: Vec<u8>, metadata: proto::sgp22::StoreMetadataRequest)
//! # -> Result<(), euicc_sim::FactoryError> {
//! let iccid = euicc.preload_profile(&Preload {
//!     enabled: true,
//!     fallback: true,
//!     ..Preload::new(package, metadata)
//! })?;
//! # Ok(()) }
//! ```

use proto::der::Oid;
use proto::sgp22::{ConfigureISDPRequest, DpProprietaryData, ErrorReason, StoreMetadataRequest};
use proto::sgp32::StateChangeCause;

use crate::euicc::Euicc;
use crate::session::{PirContext, build_profile, check_metadata};
use crate::state::{EimConfig, ProfileStatus};

/// A profile to put on the eUICC as its manufacturer would.
#[derive(Clone, Debug)]
pub struct Preload {
    /// The unprotected profile package (TCA `ProfileElement`s, DER).
    pub package: Vec<u8>,
    /// Its metadata, as StoreMetadata would bring it.
    pub metadata: StoreMetadataRequest,
    /// The SM-DP+ the profile is attributed to (address and OID).
    pub smdp_address: String,
    pub smdp_oid: Oid,
    /// Enable it (the profile enabled before, if any, is disabled).
    pub enabled: bool,
    /// Give it the Fallback Attribute (taken from any other profile).
    pub fallback: bool,
    /// `fallbackAllowed` of SGP.32 metadata (`None`: not stated).
    pub fallback_allowed: Option<bool>,
    /// `ecallIndication` of SGP.32 metadata: the Emergency Profile.
    pub ecall_indication: bool,
}

impl Preload {
    /// A disabled profile attributed to the lab SM-DP+.
    pub fn new(package: Vec<u8>, metadata: StoreMetadataRequest) -> Preload {
        Preload {
            package,
            metadata,
            smdp_address: certs::generate::DEFAULT_SMDP_FQDN.into(),
            smdp_oid: certs::generate::DEFAULT_SMDP_OID
                .parse()
                .expect("the lab SM-DP+ OID is a valid OID"),
            enabled: false,
            fallback: false,
            fallback_allowed: None,
            ecall_indication: false,
        }
    }
}

/// Why a profile could not be pre-loaded, or a state change not made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FactoryError {
    /// The profile was refused as a download would be (SGP.22 5.7.6 reason).
    #[error("profile refused: {0:?}")]
    Refused(ErrorReason),
    #[error("no free ISD-P")]
    NoIsdp,
    #[error("no profile with ICCID {0}")]
    UnknownProfile(String),
    /// The profile package does not parse (or has no ICCID).
    #[error("profile package: {0}")]
    Package(String),
    /// An M2M pre-load on an eUICC that is not an M2M eUICC.
    #[error("not an M2M eUICC")]
    NotM2m,
    #[error("state file: {0}")]
    Io(#[from] std::io::Error),
}

impl Euicc {
    /// Installs a profile without a download session (manufacturing, fleet set-up).
    /// Returns its ICCID.
    pub fn preload_profile(&mut self, p: &Preload) -> Result<String, FactoryError> {
        let (next, iccid) = self.with_preloaded(p)?;
        self.commit(next)?;
        Ok(iccid)
    }

    /// The state with the profile of `p` added, and its ICCID.
    pub(crate) fn with_preloaded(
        &self,
        p: &Preload,
    ) -> Result<(crate::state::EuiccState, String), FactoryError> {
        self.with_preloaded_in(p, None)
    }

    /// [`Self::with_preloaded`] into the ISD-P `isdp_aid` an M2M ISD-R created, or a new
    /// one when `None`.
    pub(crate) fn with_preloaded_in(
        &self,
        p: &Preload,
        isdp_aid: Option<Vec<u8>>,
    ) -> Result<(crate::state::EuiccState, String), FactoryError> {
        check_metadata(&p.metadata, &self.state).map_err(|f| FactoryError::Refused(f.reason))?;
        let configure = ConfigureISDPRequest {
            dp_proprietary_data: Some(DpProprietaryData {
                dp_oid: p.smdp_oid.clone(),
            }),
        };
        let pir = PirContext {
            transaction_id: Vec::new(),
            smdp_oid: p.smdp_oid.clone(),
            notification_address: p.smdp_address.clone(),
            ci: Vec::new(),
        };
        let mut profile = build_profile(&p.metadata, &configure, &p.package, &pir, &self.state)
            .map_err(|f| FactoryError::Refused(f.reason))?;
        let mut next = self.state.clone();
        profile.isdp_aid = match isdp_aid {
            Some(aid) => aid,
            None => next.allocate_isdp_aid().ok_or(FactoryError::NoIsdp)?,
        };
        profile.fallback_allowed = p.fallback_allowed;
        profile.ecall_indication = p.ecall_indication;
        if p.enabled {
            for other in &mut next.profiles {
                other.state = ProfileStatus::Disabled;
            }
            profile.state = ProfileStatus::Enabled;
        }
        if p.fallback {
            for other in &mut next.profiles {
                other.fallback_attribute = false;
            }
            profile.fallback_attribute = true;
        }
        let iccid = profile.iccid.clone();
        next.profiles.push(profile);
        Ok((next, iccid))
    }

    /// Gives the profile `iccid` the Fallback Attribute, taking it from any other profile
    /// (fleet set-up; an eIM uses the setFallbackAttribute PSMO).
    pub fn set_fallback_profile(&mut self, iccid: &str) -> Result<(), FactoryError> {
        let mut next = self.state.clone();
        if next.profile_by_iccid(iccid).is_none() {
            return Err(FactoryError::UnknownProfile(iccid.to_string()));
        }
        for p in &mut next.profiles {
            p.fallback_attribute = p.iccid == iccid;
        }
        self.commit(next)?;
        Ok(())
    }

    /// The eIMs the eUICC is associated with (SGP.32 v1.2 2.11.1.1.1).
    pub fn eims(&self) -> &[EimConfig] {
        &self.state.iot.eims
    }

    /// A profile state change the eIM has not been told about: the IPA sends
    /// `notifyStateChange` with this cause in its next ESipa.GetEimPackage (SGP.32 v1.2
    /// 6.3.2.6).
    pub fn pending_state_change(&self) -> Option<StateChangeCause> {
        self.state.iot.state_change.map(|c| c.cause())
    }

    /// The IPA has told the eIM about the state change.
    pub fn clear_state_change(&mut self) -> std::io::Result<()> {
        if self.state.iot.state_change.is_none() {
            return Ok(());
        }
        let mut next = self.state.clone();
        next.iot.state_change = None;
        self.commit(next)
    }
}
