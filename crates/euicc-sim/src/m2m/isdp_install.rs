//! The profile package an SM-DP downloaded with SCP03t installed into its ISD-P (SGP.02
//! v4.2 3.1.3: the ISD-P holds the profile, DISABLED, until an EnableProfile), by the
//! installation preloaded profiles use ([`super::preload`]): the package's own header
//! gives the ICCID, the operational metadata is minimal.

use crate::euicc::Euicc;
use crate::factory::FactoryError;
use crate::state::m2m::IsdpLifeCycle;

use super::preload::M2mPreload;

impl Euicc {
    /// Installs `package` into the ISD-P `aid` and makes it DISABLED; returns the ICCID.
    pub(super) fn install_in_isdp(
        &mut self,
        aid: &[u8],
        package: Vec<u8>,
    ) -> Result<String, FactoryError> {
        let preload = M2mPreload::from_package(package)?;
        let (mut next, iccid) = self.with_preloaded_in(&preload.profile, Some(aid.to_vec()))?;
        let isdp = next
            .m2m
            .as_mut()
            .ok_or(FactoryError::NotM2m)?
            .isdps
            .iter_mut()
            .find(|i| i.aid == aid)
            .ok_or(FactoryError::NoIsdp)?;
        isdp.iccid = Some(iccid.clone());
        isdp.life_cycle = IsdpLifeCycle::Disabled;
        self.commit(next)?;
        Ok(iccid)
    }
}
