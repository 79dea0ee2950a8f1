//! ES3, the SM-DP's interface to the SM-SR (SGP.02 5.4), as domain operations independent
//! of the SOAP binding. The requester is an SM-DP, named by its TLS client certificate
//! (CERT.DP.TLS under the CI, [`listener`]); a profile is the SM-DP's when the EIS records
//! it as the profile's SM-DP (`Smdp-id`, set by its CreateISDP).
//!
//! ```text
//! SM-DP ── CreateISDP(EID, ICCID, MNO-ID, memory) ──▶ profile InstallInProgress, ISD-P AID
//!            │ ES5 INSTALL [for install and make selectable] to the ISD-R (4.1.1.1)
//!            ▼ card 9000 ─▶ Created; response: Isd-p-aid (failed: the profile leaves the EIS)
//!       ── SendData(sd-aid, Data) ──▶ the C-APDUs to the ISD-P's TAR (or the ISD-R's, during
//!            a download); response: the card's response script (EuiccResponseData)
//!       ── ProfileDownloadCompleted(ICCID, type, address, POL2) ──▶ Disabled, in the EIS
//!       ── Enable/DisableProfile, DeleteISDP ──▶ as ES4, for the profile's operator
//! ```
//!
//! CreateISDP, SendData, UpdateConnectivityParameters, EnableProfile, DisableProfile,
//! DeleteISDP and AuditEIS are asynchronous ([`Accepted`], their response at `ReplyTo` by
//! the outbox); GetEIS, ProfileDownloadCompleted and UpdatePolicyRules answer at once.

pub(crate) mod aid;
pub(crate) mod decide;
mod error;
pub mod listener;
mod soap;

pub use decide::{CreateIsdp, DownloadCompleted};
pub use error::Es3Error;

use decide::Es3Decision;

use crate::eis::{Eis, Pol2, ProfileState, validate};
use crate::es4::{Accepted, decide as es4_decide, decide_and_store};
use crate::operation::{Function, Operation, Requester};
use crate::server::SmSrCore;
use crate::store::{StoreError, Tx, eis as store_eis};

/// The most octets of `Data` one SendData relays (an expanded script of ETSI TS 102 226
/// 5.2.1 may be larger; the SM-SR keeps every command it relays and bounds it).
pub const MAX_SEND_DATA: usize = 16 * 1024;

/// The ES3 functions of one SM-SR ([`SmSrCore::es3`]).
pub struct Es3<'a> {
    core: &'a SmSrCore,
}

impl SmSrCore {
    /// ES3 on this SM-SR.
    pub fn es3(&self) -> Es3<'_> {
        Es3 { core: self }
    }
}

impl Es3<'_> {
    /// ES3.GetEIS (SGP.02 5.4): the EIS without the ISD-R's keys, with the requester's
    /// profiles only ([`Eis::for_smdp`]).
    pub async fn get_eis(&self, r: &Requester, eid: &str) -> Result<Eis, Es3Error> {
        let e = self.read(eid).await?;
        Ok(e.for_smdp(&r.id))
    }

    /// ES3.AuditEIS for the listed profiles of the requester (all of them when empty).
    pub async fn audit_eis(
        &self,
        r: &Requester,
        eid: &str,
        iccids: &[String],
    ) -> Result<Accepted, Es3Error> {
        let iccids = iccids.to_vec();
        self.store(r, eid, move |e, who| decide::audit(e, who, &iccids))
            .await
    }

    /// ES3.CreateISDP.
    pub async fn create_isdp(
        &self,
        r: &Requester,
        eid: &str,
        c: &CreateIsdp,
    ) -> Result<Accepted, Es3Error> {
        check_iccid(&c.iccid)?;
        let c = c.clone();
        self.store(r, eid, move |e, who| decide::create_isdp(e, who, &c))
            .await
    }

    /// ES3.SendData: `data` to security domain `sd_aid`, at most [`MAX_SEND_DATA`] octets:
    /// an expanded command script (`AA`/`AE`, ETSI TS 102 226 5.2.1) or its `22` C-APDU
    /// TLVs, C-APDUs only; or SCP03t TLVs for an ISD-P (SGP.02 4.1.3.3), relayed as they
    /// are and answered with the ISD-P's SCP03t response.
    pub async fn send_data(
        &self,
        r: &Requester,
        eid: &str,
        sd_aid: &[u8],
        data: &[u8],
    ) -> Result<Accepted, Es3Error> {
        decide::relayed(data)?;
        let (aid, data) = (sd_aid.to_vec(), data.to_vec());
        self.store(r, eid, move |e, who| decide::send_data(e, who, &aid, &data))
            .await
    }

    /// ES3.UpdateConnectivityParameters: `data` to the ISD-P of profile `iccid`.
    pub async fn update_connectivity_parameters(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
        data: &[u8],
    ) -> Result<Accepted, Es3Error> {
        check_iccid(iccid)?;
        let (iccid, data) = (iccid.to_string(), data.to_vec());
        self.store(r, eid, move |e, who| {
            decide::update_connectivity(e, who, &iccid, &data)
        })
        .await
    }

    /// ES3.EnableProfile.
    pub async fn enable_profile(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
    ) -> Result<Accepted, Es3Error> {
        self.on_profile(
            r,
            eid,
            iccid,
            es4_decide::enable,
            Function::Es3EnableProfile,
        )
        .await
    }

    /// ES3.DisableProfile.
    pub async fn disable_profile(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
    ) -> Result<Accepted, Es3Error> {
        self.on_profile(
            r,
            eid,
            iccid,
            es4_decide::disable,
            Function::Es3DisableProfile,
        )
        .await
    }

    /// ES3.DeleteISDP.
    pub async fn delete_isdp(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
    ) -> Result<Accepted, Es3Error> {
        self.on_profile(r, eid, iccid, decide::delete_isdp, Function::DeleteIsdp)
            .await
    }

    /// ES3.ProfileDownloadCompleted: the requester's `Created` profile becomes `Disabled`
    /// with its type, subscription address and POL2 (SGP.02 3.1.3).
    pub async fn profile_download_completed(
        &self,
        r: &Requester,
        eid: &str,
        d: &DownloadCompleted,
    ) -> Result<(), Es3Error> {
        check_eid(eid)?;
        check_iccid(&d.iccid)?;
        let (who, eid, d) = (r.id.clone(), eid.to_string(), d.clone());
        self.core
            .ctx
            .store
            .write(move |tx| {
                let e = crate::es4::load_eis(tx, &eid)?;
                let p = decide::download_completed(&e, &who, &d.iccid)?;
                let profile_type = d.profile_type.as_deref().unwrap_or(&p.profile_type);
                let done = store_eis::Downloaded {
                    iccid: &d.iccid,
                    profile_type,
                    pol2: &d.pol2,
                    msisdn: d.msisdn.as_deref(),
                    imsi: d.imsi.as_deref(),
                };
                store_eis::downloaded(tx, &eid, &done)?;
                Ok(())
            })
            .await
    }

    /// ES3.UpdatePolicyRules: replaces the POL2 of a profile the requester downloaded
    /// (SGP.02 3.11, on the operator's behalf through ES2).
    pub async fn update_policy_rules(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
        pol2: Pol2,
    ) -> Result<(), Es3Error> {
        check_eid(eid)?;
        check_iccid(iccid)?;
        let (who, eid, iccid) = (r.id.clone(), eid.to_string(), iccid.to_string());
        self.core
            .ctx
            .store
            .write(move |tx| {
                let e = crate::es4::load_eis(tx, &eid)?;
                decide::of_smdp(&e, &who, &iccid)?;
                store_eis::set_pol2(tx, &eid, &iccid, &pol2)?;
                Ok(())
            })
            .await
    }

    async fn on_profile(
        &self,
        r: &Requester,
        eid: &str,
        iccid: &str,
        es4: crate::es4::Decide,
        function: Function,
    ) -> Result<Accepted, Es3Error> {
        check_iccid(iccid)?;
        let iccid = iccid.to_string();
        self.store(r, eid, move |e, who| {
            decide::as_operator(e, who, &iccid, es4, function)
        })
        .await
    }

    async fn read(&self, eid: &str) -> Result<Eis, Es3Error> {
        check_eid(eid)?;
        let key = eid.to_string();
        let e = self
            .core
            .ctx
            .store
            .read(move |tx| crate::es4::load_eis(tx, &key))
            .await?;
        Ok(e)
    }

    /// Reads the EIS, decides, stores the new profile and the operation: one transaction.
    async fn store<F>(&self, r: &Requester, eid: &str, f: F) -> Result<Accepted, Es3Error>
    where
        F: Fn(&Eis, &str) -> Result<Es3Decision, Es3Error> + Send + 'static,
    {
        check_eid(eid)?;
        decide_and_store(self.core, r, eid, move |tx, e, r, validity| {
            let d = f(e, &r.id)?;
            if let Some(p) = &d.new_profile {
                store_eis::insert_profile(tx, &e.eid, p)?;
            }
            let id = match &d.scp03t {
                Some(tlvs) => {
                    crate::es4::store_command(tx, e, &d.decision, r, validity, &d.tar, tlvs)
                }
                None => crate::es4::store_to(tx, e, &d.decision, r, validity, &d.tar),
            };
            Ok(id?)
        })
        .await
    }
}

/// CreateISDP answered by the card: its profile is `Created` (SGP.02 3.1.1).
pub(crate) fn isd_p_created(tx: &mut Tx<'_>, op: &Operation) -> Result<(), StoreError> {
    if let Some(iccid) = &op.iccid {
        let (from, to) = (ProfileState::InstallInProgress, ProfileState::Created);
        store_eis::move_state(tx, &op.eid, iccid, from, to)?;
    }
    Ok(())
}

/// CreateISDP refused by the card: the profile it added leaves the EIS.
pub(crate) fn isd_p_not_created(tx: &mut Tx<'_>, op: &Operation) -> Result<(), StoreError> {
    let Some(iccid) = &op.iccid else {
        return Ok(());
    };
    let stuck = store_eis::profiles(tx, &op.eid)?
        .into_iter()
        .any(|p| p.iccid == *iccid && p.state == ProfileState::InstallInProgress);
    if stuck {
        store_eis::delete_profile(tx, &op.eid, iccid)?;
    }
    Ok(())
}

fn check_eid(eid: &str) -> Result<(), Es3Error> {
    crate::es4::check_eid(eid).map_err(|_| Es3Error::InvalidEid)
}

fn check_iccid(iccid: &str) -> Result<(), Es3Error> {
    if validate::is_iccid(iccid) {
        Ok(())
    } else {
        Err(Es3Error::InvalidIccid)
    }
}
