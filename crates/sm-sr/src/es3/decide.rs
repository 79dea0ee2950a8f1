//! The ES3 decisions, on an EIS as read in the transaction that stores their outcome: the
//! SM-DP's ownership (a profile is the SM-DP's when it downloaded it: the EIS's
//! `Smdp-id`), the EIS's state, then the ES5 commands and the security domain they go to.
//! Pure functions: no I/O.

use ota::script::{CommandScript, CommandTlv};

use super::{Es3Error, MAX_SEND_DATA, aid};
use crate::eis::{Eis, Pol2, Profile, ProfileState};
use crate::es4::{Decision, decide};
use crate::es5::isdr;
use crate::operation::Function;

/// What an ES3 function decided: the operation, the TAR its command goes to, and the
/// profile it adds to the EIS (CreateISDP).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Es3Decision {
    pub decision: Decision,
    pub tar: Vec<u8>,
    pub new_profile: Option<Profile>,
    /// SCP03t TLVs relayed as they came (SGP.02 4.1.3.3), instead of a command script of
    /// the decision's C-APDUs.
    pub scp03t: Option<Vec<u8>>,
}

/// A CreateISDP request's fields (SGP.02 5.4: `Eid`, `Iccid`, `Mno-id`, `RequiredMemory`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateIsdp {
    /// The profile to be downloaded.
    pub iccid: String,
    /// The operator owning it.
    pub mno_id: String,
    /// The non-volatile memory it needs, octets.
    pub required_memory: u64,
}

/// A ProfileDownloadCompleted request's fields (SGP.02 5.4).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DownloadCompleted {
    /// The profile.
    pub iccid: String,
    /// `ProfileType`.
    pub profile_type: Option<String>,
    /// `SubscriptionAddress/Msisdn`.
    pub msisdn: Option<String>,
    /// `SubscriptionAddress/Imsi`.
    pub imsi: Option<String>,
    /// `pol2`: the profile's POL2 (none: no rule).
    pub pol2: Pol2,
}

fn on_isd_r(eis: &Eis, decision: Decision) -> Es3Decision {
    Es3Decision {
        decision,
        tar: eis.isd_r.tar.clone(),
        new_profile: None,
        scp03t: None,
    }
}

/// The profile `iccid` of `eis`, downloaded by SM-DP `smdp`.
pub(crate) fn of_smdp<'a>(eis: &'a Eis, smdp: &str, iccid: &str) -> Result<&'a Profile, Es3Error> {
    let p = eis
        .profile(iccid)
        .ok_or_else(|| Es3Error::UnknownProfile(iccid.to_string()))?;
    if p.smdp_id != smdp {
        return Err(Es3Error::NotSmdpsProfile(iccid.to_string()));
    }
    Ok(p)
}

/// ES3.CreateISDP (SGP.02 3.1.1, ES5.CreateISDP 4.1.1.1): an ICCID the eUICC does not
/// have, room for the memory asked, the lowest free ISD-P AID; the profile enters the EIS
/// `InstallInProgress`, owned by `Mno-id`, downloaded by the requester.
pub(crate) fn create_isdp(eis: &Eis, smdp: &str, r: &CreateIsdp) -> Result<Es3Decision, Es3Error> {
    if eis.profile(&r.iccid).is_some() {
        return Err(Es3Error::IccidInUse(r.iccid.clone()));
    }
    if r.required_memory > eis.remaining_memory {
        return Err(Es3Error::NoRoom);
    }
    let aid = aid::allocate(eis).ok_or(Es3Error::NoRoom)?;
    let quota = u32::try_from(r.required_memory).unwrap_or(u32::MAX);
    let profile = Profile {
        iccid: r.iccid.clone(),
        isd_p_aid: aid.clone(),
        mno_id: r.mno_id.clone(),
        smdp_id: smdp.to_string(),
        profile_type: String::new(),
        state: ProfileState::InstallInProgress,
        fallback: false,
        pol2: Pol2::default(),
        msisdn: None,
        imsi: None,
    };
    let decision = Decision {
        function: Function::CreateIsdp,
        iccid: Some(r.iccid.clone()),
        apdus: vec![isdr::create_isdp(&aid, quota)],
    };
    Ok(Es3Decision {
        new_profile: Some(profile),
        ..on_isd_r(eis, decision)
    })
}

/// ES3.SendData (SGP.02 3.1.2): `Data` to the security domain `sd_aid`: an ISD-P of the
/// requester's profiles (by its TAR, SGP.02 Annex H), or the ISD-R while the requester
/// has a profile in `Created` (the ISD-P's key establishment goes through the ISD-R, SGP.02
/// 3.1.2; outside a download the ISD-R is the SM-SR's alone).
pub(crate) fn send_data(
    eis: &Eis,
    smdp: &str,
    sd_aid: &[u8],
    data: &[u8],
) -> Result<Es3Decision, Es3Error> {
    let relayed = relayed(data)?;
    let unknown = || Es3Error::UnknownSecurityDomain(hex::encode_upper(sd_aid));
    let refused = || Es3Error::SecurityDomainNotAllowed(hex::encode_upper(sd_aid));
    let (tar, iccid) = if sd_aid == eis.isd_r.aid.as_slice() {
        if matches!(relayed, Relayed::Scp03t(_)) {
            return Err(refused());
        }
        let downloading = eis
            .profiles
            .iter()
            .any(|p| p.smdp_id == smdp && p.state == ProfileState::Created);
        if !downloading {
            return Err(refused());
        }
        (eis.isd_r.tar.clone(), None)
    } else {
        let tar = aid::isd_p_tar(sd_aid).ok_or_else(unknown)?;
        let p = eis
            .profiles
            .iter()
            .find(|p| p.isd_p_aid == sd_aid)
            .ok_or_else(unknown)?;
        if p.smdp_id != smdp {
            return Err(refused());
        }
        (tar, Some(p.iccid.clone()))
    };
    let (apdus, scp03t) = match relayed {
        Relayed::Apdus(apdus) => (apdus, None),
        Relayed::Scp03t(tlvs) => (Vec::new(), Some(tlvs)),
    };
    let decision = Decision {
        function: Function::SendData,
        iccid,
        apdus,
    };
    Ok(Es3Decision {
        tar,
        scp03t,
        ..on_isd_r(eis, decision)
    })
}

/// ES3.UpdateConnectivityParameters (SGP.02 3.12): the SM-DP's SCP03-protected script to
/// the ISD-P of its profile `iccid`.
pub(crate) fn update_connectivity(
    eis: &Eis,
    smdp: &str,
    iccid: &str,
    data: &[u8],
) -> Result<Es3Decision, Es3Error> {
    let p = of_smdp(eis, smdp, iccid)?;
    let mut d = send_data(eis, smdp, &p.isd_p_aid, data)?;
    d.decision.function = Function::UpdateConnectivityParameters;
    Ok(d)
}

/// ES3.EnableProfile, DisableProfile, DeleteISDP (SGP.02 3.2, 3.4, 3.5 through the SM-DP):
/// the ES4 decision for the profile's operator, on the requester's profile.
pub(crate) fn as_operator(
    eis: &Eis,
    smdp: &str,
    iccid: &str,
    es4: crate::es4::Decide,
    function: Function,
) -> Result<Es3Decision, Es3Error> {
    let p = of_smdp(eis, smdp, iccid)?;
    let mut d = es4(eis, &p.mno_id, iccid)?;
    d.function = function;
    Ok(on_isd_r(eis, d))
}

/// ES3.DeleteISDP also removes an ISD-P whose download did not complete (`Created`,
/// `InstallInProgress` left by a failed CreateISDP): the ES4 delete otherwise.
pub(crate) fn delete_isdp(
    eis: &Eis,
    owner: &str,
    iccid: &str,
) -> Result<Decision, crate::es4::Es4Error> {
    match eis.profile(iccid) {
        Some(p) if p.state == ProfileState::InstallInProgress => Ok(Decision {
            function: Function::DeleteProfile,
            iccid: Some(p.iccid.clone()),
            apdus: vec![isdr::delete_isd_p(&p.isd_p_aid)],
        }),
        _ => decide::delete(eis, owner, iccid),
    }
}

/// ES3.AuditEIS (SGP.02 3.6): GET STATUS of each listed profile of the requester (all of
/// its profiles when the list is empty), then GET DATA of the memory figures.
pub(crate) fn audit(eis: &Eis, smdp: &str, iccids: &[String]) -> Result<Es3Decision, Es3Error> {
    let apdus = decide::audit_apdus(
        eis,
        iccids,
        |p| p.smdp_id == smdp,
        |i| of_smdp(eis, smdp, i),
    )?;
    let decision = Decision {
        function: Function::Es3AuditEis,
        iccid: None,
        apdus,
    };
    Ok(on_isd_r(eis, decision))
}

/// ES3.ProfileDownloadCompleted (SGP.02 3.1.3): the requester's profile, in `Created`.
pub(crate) fn download_completed<'a>(
    eis: &'a Eis,
    smdp: &str,
    iccid: &str,
) -> Result<&'a Profile, Es3Error> {
    let p = of_smdp(eis, smdp, iccid)?;
    if p.state != ProfileState::Created {
        return Err(Es3Error::NotCreated(iccid.to_string()));
    }
    Ok(p)
}

/// The C-APDUs of `Data`: an expanded command script (`AA`/`AE`, ETSI TS 102 226 5.2.1)
/// or its content (`22` C-APDU TLVs), at most [`MAX_SEND_DATA`] octets, holding C-APDUs
/// only. The SM-SR relays them, unread, in the definite-length script ES5 uses.
/// What a SendData's `Data` is to the SM-SR.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Relayed {
    /// The C-APDUs of a command script (ETSI TS 102 226 5.2.1), sent as a script.
    Apdus(Vec<Vec<u8>>),
    /// SCP03t TLVs for an ISD-P (SGP.02 4.1.3.3: `84` INITIALIZE UPDATE, `85` EXTERNAL
    /// AUTHENTICATE, `86`/`87` protected package data), relayed verbatim: the SM-SR cannot
    /// read them (SGP.02 2.3, ES8) and only checks that they are whole TLVs.
    Scp03t(Vec<u8>),
}

/// Reads `data` as a command script (`AA`/`AE`, or bare `22` C-APDU TLVs) or SCP03t TLVs.
pub(crate) fn relayed(data: &[u8]) -> Result<Relayed, Es3Error> {
    if data.len() > MAX_SEND_DATA {
        return Err(Es3Error::InvalidData("larger than the SM-SR relays"));
    }
    let wrapped;
    let script = match data.first() {
        Some(0xAA | 0xAE) => data,
        Some(0x22) => {
            wrapped = definite(data);
            &wrapped
        }
        Some(0x84..=0x87) => return scp03t(data).map(Relayed::Scp03t),
        _ => return Err(Es3Error::InvalidData("not a command script")),
    };
    let parsed =
        CommandScript::parse(script).map_err(|_| Es3Error::InvalidData("malformed script"))?;
    if parsed
        .items
        .iter()
        .any(|t| !matches!(t, CommandTlv::CApdu(_)))
        || parsed.items.is_empty()
    {
        return Err(Es3Error::InvalidData("only C-APDUs are relayed"));
    }
    Ok(Relayed::Apdus(parsed.apdus().map(<[u8]>::to_vec).collect()))
}

/// `data` when it is one or more whole TLVs, each tagged `84`–`87`.
fn scp03t(data: &[u8]) -> Result<Vec<u8>, Es3Error> {
    let mut rest = data;
    while !rest.is_empty() {
        let (tag, _, after) = crate::es5::tlv::next(rest)
            .map_err(|_| Es3Error::InvalidData("truncated SCP03t TLV"))?;
        if !(0x84..=0x87).contains(&tag) {
            return Err(Es3Error::InvalidData("not an SCP03t TLV"));
        }
        rest = after;
    }
    Ok(data.to_vec())
}

/// `AA L content`, the length in BER (content at most [`MAX_SEND_DATA`] octets).
fn definite(content: &[u8]) -> Vec<u8> {
    let n = content.len();
    let mut out = vec![0xAA];
    match u8::try_from(n) {
        Ok(b) if b < 0x80 => out.push(b),
        Ok(b) => out.extend([0x81, b]),
        Err(_) => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(content);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    #[test]
    fn sgp02_4_1_3_3_scp03t_tlvs_are_relayed_whole_and_scripts_read() {
        let iu = h("840A300101020304050607080E");
        assert_eq!(
            relayed(&iu[..12]).unwrap(),
            Relayed::Scp03t(iu[..12].to_vec())
        );
        assert!(relayed(&iu).is_err(), "a trailing octet");
        let two = [&h("8602AABB")[..], &h("8701CC")].concat();
        assert_eq!(relayed(&two).unwrap(), Relayed::Scp03t(two.clone()));
        let script = h("AA07220580F2800200");
        assert_eq!(
            relayed(&script).unwrap(),
            Relayed::Apdus(vec![h("80F2800200")])
        );
        for bad in ["8605AABB", "8602AABB9000", "86", "9F8402", ""] {
            assert!(
                matches!(relayed(&h(bad)), Err(Es3Error::InvalidData(_))),
                "{bad}"
            );
        }
    }
}
