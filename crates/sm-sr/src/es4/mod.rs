//! ES4, the operator's interface to the SM-SR (SGP.02 5.5), as domain operations
//! independent of the SOAP binding. Every function names its requester (the operator's
//! MNO-ID, the function requester of SGP.02 5.1.1); a profile is acted on only by the
//! operator owning it, within POL2 and the EIS's state ([`Es4Error`]).
//!
//! EnableProfile, DisableProfile, DeleteProfile, SetFallBackAttribute and AuditEIS are
//! asynchronous: they answer [`Accepted`] with the operation's identifier once the
//! operation and its ES5 command script are committed; the card's answer
//! ([`crate::es5_in`]) finishes the operation, whose outcome is the asynchronous response.
//! GetEIS and UpdatePolicyRules answer at once. PrepareSMSRChange and SMSRChange start an
//! SM-SR change ([`crate::es7`]); while one hands the eUICC over, every other function for
//! it is refused ([`Es4Error::Locked`]).

pub(crate) mod binding_eis;
pub(crate) mod decide;
mod error;
pub mod listener;
pub(crate) mod soap;
mod submit;

pub(crate) use decide::{Decision, auto_delete};
pub use error::Es4Error;
pub use soap::SoapRequest;
pub(crate) use submit::{eis as load_eis, store as store_decision, store_command, store_to};

use crate::eis::{Eis, Pol2, validate};
use crate::operation::Requester;
use crate::server::SmSrCore;
use crate::store::duration_ms;

/// An asynchronous function accepted: its operation is stored and its command queued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The operation ([`SmSrCore::operation`]).
    pub operation_id: String,
}

/// The ES4 functions of one SM-SR ([`SmSrCore::es4`]).
pub struct Es4<'a> {
    handle: &'a SmSrCore,
}

impl SmSrCore {
    /// ES4 on this SM-SR.
    pub fn es4(&self) -> Es4<'_> {
        Es4 { handle: self }
    }
}

pub(crate) type Decide = fn(&Eis, &str, &str) -> Result<Decision, Es4Error>;

impl Es4<'_> {
    /// ES4.EnableProfile.
    pub async fn enable_profile(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
    ) -> Result<Accepted, Es4Error> {
        self.run(r, eid, iccid, decide::enable).await
    }

    /// ES4.DisableProfile.
    pub async fn disable_profile(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
    ) -> Result<Accepted, Es4Error> {
        self.run(r, eid, iccid, decide::disable).await
    }

    /// ES4.DeleteProfile.
    pub async fn delete_profile(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
    ) -> Result<Accepted, Es4Error> {
        self.run(r, eid, iccid, decide::delete).await
    }

    /// ES4.SetFallBackAttribute.
    pub async fn set_fallback_attribute(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
    ) -> Result<Accepted, Es4Error> {
        self.run(r, eid, iccid, decide::set_fallback).await
    }

    /// ES4.AuditEIS for the listed profiles of the requester (all of them when empty).
    pub async fn audit_eis(
        &self,
        r: &Requester,
        eid: &str,
        iccids: &[String],
    ) -> Result<Accepted, Es4Error> {
        let iccids = iccids.to_vec();
        self.store(r, eid, move |e, who| decide::audit(e, who, &iccids))
            .await
    }

    /// ES4.GetEIS: the EIS as the requester may see it ([`Eis::for_operator`]).
    pub async fn get_eis(&self, r: &Requester, eid: &str) -> Result<Eis, Es4Error> {
        check_eid(eid)?;
        let key = eid.to_string();
        let e = self
            .handle
            .ctx
            .store
            .read(move |tx| submit::eis(tx, &key))
            .await?;
        Ok(e.for_operator(&r.id))
    }

    /// ES4.UpdatePolicyRules: replaces the POL2 of a profile of the requester (SGP.02 3.11).
    pub async fn update_policy_rules(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
        pol2: Pol2,
    ) -> Result<(), Es4Error> {
        check_eid(eid)?;
        let (who, eid, iccid) = (r.id.clone(), eid.to_string(), iccid.to_string());
        self.handle
            .ctx
            .store
            .write(move |tx| {
                let e = submit::eis(tx, &eid)?;
                decide::owned(&e, &who, &iccid)?;
                crate::store::eis::set_pol2(tx, &eid, &iccid, &pol2)?;
                Ok::<_, Es4Error>(())
            })
            .await
    }

    pub(crate) async fn run(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
        f: Decide,
    ) -> Result<Accepted, Es4Error> {
        if !validate::is_iccid(iccid) {
            return Err(Es4Error::Invalid("ICCID"));
        }
        let iccid = iccid.to_string();
        self.store(r, eid, move |e, who| f(e, who, &iccid)).await
    }

    /// Reads the EIS, decides, stores the operation: one transaction.
    async fn store<F>(&self, r: &Requester, eid: &str, f: F) -> Result<Accepted, Es4Error>
    where
        F: Fn(&Eis, &str) -> Result<Decision, Es4Error> + Send + 'static,
    {
        check_eid(eid)?;
        decide_and_store(self.handle, r, eid, move |tx, e, r, validity| {
            let d = f(e, &r.id)?;
            submit::store(tx, e, &d, r, validity)
        })
        .await
    }
}

/// Runs `f` on the EIS of `eid` (read in the transaction `f` writes in) with the
/// requester and its validity in ms; `f` returns the stored operation's identifier. The
/// bearers are woken once it is committed. The ES4 and ES3 functions' common path.
pub(crate) async fn decide_and_store<E, F>(
    core: &SmSrCore,
    r: &Requester,
    eid: &str,
    f: F,
) -> Result<Accepted, E>
where
    E: From<Es4Error> + From<crate::store::StoreError> + Send + 'static,
    F: Fn(&mut crate::store::Tx<'_>, &Eis, &Requester, i64) -> Result<String, E> + Send + 'static,
{
    let validity = validity_ms(core, r);
    let (r, eid) = (r.clone(), eid.to_string());
    let ctx = &core.ctx;
    let id = ctx
        .store
        .write(move |tx| {
            let e = submit::eis(tx, &eid)?;
            if crate::store::changes::locked(tx, &eid)? {
                return Err(Es4Error::Locked(eid.clone()).into());
            }
            f(tx, &e, &r, validity)
        })
        .await?;
    ctx.wake_bearers();
    Ok(Accepted { operation_id: id })
}

/// A decision the SM-SR takes itself (a notification confirmation).
pub(crate) fn decision_for(
    function: crate::operation::Function,
    iccid: Option<String>,
    apdus: Vec<Vec<u8>>,
) -> Decision {
    Decision {
        function,
        iccid,
        apdus,
    }
}

/// The validity period of `r`'s call in ms: its ValidityPeriod, else the default.
pub(crate) fn validity_ms(core: &SmSrCore, r: &Requester) -> i64 {
    let policy = &core.ctx.operations;
    r.validity_secs
        .map_or(duration_ms(policy.default_validity), |s| {
            i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX)
        })
}

pub(crate) fn check_eid(eid: &str) -> Result<(), Es4Error> {
    if validate::is_eid(eid) {
        Ok(())
    } else {
        Err(Es4Error::Invalid("EID"))
    }
}
