//! EIS rows (`eis`) and their profiles (`profiles`).

use storage::Row;

use super::{StoreError, Tx, keys, now_ms};
use crate::eis::{Eis, IsdR, Pol2, Profile, ProfileState};

/// How a registration ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Registered {
    Stored,
    /// An EIS with this EID exists already.
    Exists,
}

/// Stores `e` (EIS, keys, profiles) unless its EID is registered.
pub(crate) fn insert(tx: &mut Tx<'_>, e: &Eis) -> Result<Registered, StoreError> {
    let info = serde_json::to_string(&e.info).map_err(|x| StoreError::Decode(x.to_string()))?;
    let n = tx.execute(
        "INSERT INTO eis (eid, eum_id, isd_r_aid, isd_r_tar, remaining_memory, info, \
         registered_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        &[
            &e.eid,
            &e.eum_id,
            &e.isd_r.aid,
            &e.isd_r.tar,
            &(e.remaining_memory.min(i64::MAX as u64) as i64),
            &info,
            &now_ms(),
        ],
    )?;
    if n == 0 {
        return Ok(Registered::Exists);
    }
    keys::insert(tx, &e.eid, &e.isd_r)?;
    for p in &e.profiles {
        insert_profile(tx, &e.eid, p)?;
    }
    Ok(Registered::Stored)
}

/// Stores one profile of `eid`.
pub(crate) fn insert_profile(tx: &mut Tx<'_>, eid: &str, p: &Profile) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO profiles (eid, iccid, isd_p_aid, mno_id, smdp_id, profile_type, state, \
         fallback, pol2, msisdn, imsi) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            &eid,
            &p.iccid,
            &p.isd_p_aid,
            &p.mno_id,
            &p.smdp_id,
            &p.profile_type,
            &p.state.as_str(),
            &i64::from(p.fallback),
            &p.pol2.to_text(),
            &p.msisdn,
            &p.imsi,
        ],
    )?;
    Ok(())
}

/// The EIS of `eid`, with its keys and profiles.
pub(crate) fn load(tx: &mut Tx<'_>, eid: &str) -> Result<Option<Eis>, StoreError> {
    type EisRow = (String, Vec<u8>, Vec<u8>, i64, String);
    let row: Option<EisRow> = tx.query_opt(
        "SELECT eum_id, isd_r_aid, isd_r_tar, remaining_memory, info FROM eis WHERE eid = $1",
        &[&eid],
    )?;
    let Some((eum_id, aid, tar, remaining, info)) = row else {
        return Ok(None);
    };
    let (scp80, scp81) = keys::load(tx, eid)?;
    Ok(Some(Eis {
        eid: eid.to_string(),
        eum_id,
        remaining_memory: u64::try_from(remaining).unwrap_or(0),
        info: serde_json::from_str(&info).map_err(|e| StoreError::Decode(e.to_string()))?,
        isd_r: IsdR {
            aid,
            tar,
            scp80,
            scp81,
        },
        profiles: profiles(tx, eid)?,
    }))
}

/// The profiles of `eid`, by ICCID.
pub(crate) fn profiles(tx: &mut Tx<'_>, eid: &str) -> Result<Vec<Profile>, StoreError> {
    let rows: Vec<Row> = tx.query(
        "SELECT iccid, isd_p_aid, mno_id, smdp_id, profile_type, state, fallback, pol2, \
         msisdn, imsi FROM profiles WHERE eid = $1 ORDER BY iccid",
        &[&eid],
    )?;
    rows.into_iter().map(profile).collect()
}

fn profile(mut r: Row) -> Result<Profile, StoreError> {
    let state: String = r.take(5)?;
    let pol2: String = r.take(7)?;
    Ok(Profile {
        iccid: r.take(0)?,
        isd_p_aid: r.take(1)?,
        mno_id: r.take(2)?,
        smdp_id: r.take(3)?,
        profile_type: r.take(4)?,
        state: ProfileState::parse(&state)
            .ok_or_else(|| StoreError::Decode(format!("profile state {state:?}")))?,
        fallback: r.take::<i64>(6)? != 0,
        pol2: Pol2::from_text(&pol2).map_err(|e| StoreError::Decode(e.to_string()))?,
        msisdn: r.take(8)?,
        imsi: r.take(9)?,
    })
}

/// Deletes the EIS of `eid` with everything about it; whether there was one.
pub(crate) fn delete(tx: &mut Tx<'_>, eid: &str) -> Result<bool, StoreError> {
    let existed = hand_over(tx, eid)?;
    tx.execute("DELETE FROM operations WHERE eid = $1", &[&eid])?;
    Ok(existed)
}

/// Removes the EIS of `eid` after an SM-SR change handed it over (SGP.02 3.8: SM-SR1 deletes
/// it): its keys, profiles, notifications and queued commands go; its operations stay
/// until retention takes them, so their responses are still delivered. Whether it existed.
pub(crate) fn hand_over(tx: &mut Tx<'_>, eid: &str) -> Result<bool, StoreError> {
    for table in ["isdr_keys", "isdr_keysets", "profiles", "notifications"] {
        tx.execute(&format!("DELETE FROM {table} WHERE eid = $1"), &[&eid])?;
    }
    tx.execute(
        "DELETE FROM commands WHERE operation_id IN (SELECT id FROM operations WHERE eid = $1)",
        &[&eid],
    )?;
    Ok(tx.execute("DELETE FROM eis WHERE eid = $1", &[&eid])? == 1)
}

/// Sets the state of the profile of ISD-P `aid`; whether it exists.
pub(crate) fn set_state_by_aid(
    tx: &mut Tx<'_>,
    eid: &str,
    aid: &[u8],
    state: ProfileState,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE profiles SET state = $3 WHERE eid = $1 AND isd_p_aid = $2",
        &[&eid, &aid, &state.as_str()],
    )?;
    Ok(n == 1)
}

/// Marks every enabled profile of `eid` but ISD-P `aid` disabled; returns their ICCIDs.
pub(crate) fn disable_others(
    tx: &mut Tx<'_>,
    eid: &str,
    aid: &[u8],
) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = tx.query(
        "SELECT iccid FROM profiles WHERE eid = $1 AND state = 'Enabled' AND isd_p_aid <> $2",
        &[&eid, &aid],
    )?;
    tx.execute(
        "UPDATE profiles SET state = 'Disabled' \
         WHERE eid = $1 AND state = 'Enabled' AND isd_p_aid <> $2",
        &[&eid, &aid],
    )?;
    Ok(rows.into_iter().map(|(i,)| i).collect())
}

/// Gives the Fall-Back Attribute to `iccid` alone (SGP.02 3.16: setting moves it).
pub(crate) fn move_fallback(tx: &mut Tx<'_>, eid: &str, iccid: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE profiles SET fallback = CASE WHEN iccid = $2 THEN 1 ELSE 0 END WHERE eid = $1",
        &[&eid, &iccid],
    )?;
    Ok(())
}

/// Replaces the POL2 of `iccid`.
pub(crate) fn set_pol2(
    tx: &mut Tx<'_>,
    eid: &str,
    iccid: &str,
    pol2: &Pol2,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE profiles SET pol2 = $3 WHERE eid = $1 AND iccid = $2",
        &[&eid, &iccid, &pol2.to_text()],
    )?;
    Ok(())
}

/// Removes the profile `iccid` from the EIS.
pub(crate) fn delete_profile(tx: &mut Tx<'_>, eid: &str, iccid: &str) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM profiles WHERE eid = $1 AND iccid = $2",
        &[&eid, &iccid],
    )?;
    Ok(())
}

/// Records an audit: the free memory, when the card reported it.
pub(crate) fn audited(tx: &mut Tx<'_>, eid: &str, memory: Option<u64>) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE eis SET audited_at = $2 WHERE eid = $1",
        &[&eid, &now_ms()],
    )?;
    if let Some(m) = memory {
        let m = m.min(i64::MAX as u64) as i64;
        tx.execute(
            "UPDATE eis SET remaining_memory = $2 WHERE eid = $1",
            &[&eid, &m],
        )?;
    }
    Ok(())
}

/// The EID whose profile has the MSISDN `digits` (stored with or without `+`).
/// [`eid_by_msisdn`]'s statement (index `profiles_by_msisdn`).
pub(crate) const EID_BY_MSISDN: &str =
    "SELECT eid FROM profiles WHERE msisdn = $1 OR msisdn = $2 ORDER BY eid LIMIT 1";

pub(crate) fn eid_by_msisdn(tx: &mut Tx<'_>, digits: &str) -> Result<Option<String>, StoreError> {
    let plus = format!("+{digits}");
    let row: Option<(String,)> = tx.query_opt(EID_BY_MSISDN, &[&digits, &plus])?;
    Ok(row.map(|(e,)| e))
}

/// Moves the profile `iccid` of `eid` from state `from` to `to`; whether it was in `from`.
pub(crate) fn move_state(
    tx: &mut Tx<'_>,
    eid: &str,
    iccid: &str,
    from: ProfileState,
    to: ProfileState,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE profiles SET state = $4 WHERE eid = $1 AND iccid = $2 AND state = $3",
        &[&eid, &iccid, &from.as_str(), &to.as_str()],
    )?;
    Ok(n == 1)
}

/// A downloaded profile's fields (ES3.ProfileDownloadCompleted, SGP.02 3.1.3).
pub(crate) struct Downloaded<'a> {
    pub iccid: &'a str,
    pub profile_type: &'a str,
    pub pol2: &'a Pol2,
    pub msisdn: Option<&'a str>,
    pub imsi: Option<&'a str>,
}

/// Records the download of a `Created` profile: its type, POL2, subscription address, and
/// the state `Disabled`.
pub(crate) fn downloaded(tx: &mut Tx<'_>, eid: &str, d: &Downloaded<'_>) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE profiles SET state = 'Disabled', profile_type = $3, pol2 = $4, msisdn = $5, \
         imsi = $6 WHERE eid = $1 AND iccid = $2 AND state = 'Created'",
        &[
            &eid,
            &d.iccid,
            &d.profile_type,
            &d.pol2.to_text(),
            &d.msisdn,
            &d.imsi,
        ],
    )?;
    Ok(())
}
