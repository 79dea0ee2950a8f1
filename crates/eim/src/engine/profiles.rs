//! The eIM's mirror of a device's profiles, moved by PSMO results, listProfileInfo,
//! installation results and notifications (SGP.32 v1.2 2.11.2.1, 3.4.5–3.4.7).

use proto::sgp22::ProfileState;
use proto::sgp32::SGP32ProfileInfo;

use crate::store::{DeviceProfile, StoreError, Tx, devices};

/// The ICCID digits of an eUICC-coded ICCID.
pub fn iccid_text(i: &proto::sgp22::Iccid) -> String {
    proto::ids::Iccid::from_swapped_bcd(&i.0)
        .map(|i| i.as_str().to_string())
        .unwrap_or_else(|_| hex::encode_upper(i.0))
}

fn with_profiles(
    tx: &mut Tx<'_>,
    eid: &str,
    now: i64,
    f: impl FnOnce(&mut Vec<DeviceProfile>),
) -> Result<(), StoreError> {
    let mut list = devices::profiles(tx, eid)?;
    f(&mut list);
    for p in &mut list {
        p.updated_at = now;
    }
    devices::replace_profiles(tx, eid, &list)?;
    let enabled = list
        .iter()
        .find(|p| p.state == "enabled")
        .map(|p| p.iccid.clone());
    let fallback = list.iter().find(|p| p.fallback).map(|p| p.iccid.clone());
    devices::set(
        tx,
        eid,
        devices::Field::EnabledIccid,
        enabled.as_deref(),
        now,
    )?;
    devices::set(
        tx,
        eid,
        devices::Field::FallbackIccid,
        fallback.as_deref(),
        now,
    )?;
    Ok(())
}

fn entry<'a>(list: &'a mut Vec<DeviceProfile>, iccid: &str, now: i64) -> &'a mut DeviceProfile {
    let at = match list.iter().position(|p| p.iccid == iccid) {
        Some(i) => i,
        None => {
            list.push(DeviceProfile {
                iccid: iccid.to_string(),
                state: "disabled".into(),
                fallback: false,
                profile_name: None,
                service_provider: None,
                updated_at: now,
            });
            list.len() - 1
        }
    };
    &mut list[at]
}

/// `iccid` is enabled; the one enabled before is disabled.
pub fn enabled(tx: &mut Tx<'_>, eid: &str, iccid: &str, now: i64) -> Result<(), StoreError> {
    with_profiles(tx, eid, now, |list| {
        for p in list.iter_mut() {
            if p.state == "enabled" {
                p.state = "disabled".into();
            }
        }
        entry(list, iccid, now).state = "enabled".into();
    })
}

/// `iccid` is disabled.
pub fn disabled(tx: &mut Tx<'_>, eid: &str, iccid: &str, now: i64) -> Result<(), StoreError> {
    with_profiles(tx, eid, now, |list| {
        entry(list, iccid, now).state = "disabled".into();
    })
}

/// `iccid` was installed (disabled until enabled).
pub fn installed(
    tx: &mut Tx<'_>,
    eid: &str,
    iccid: &str,
    name: Option<String>,
    provider: Option<String>,
    now: i64,
) -> Result<(), StoreError> {
    with_profiles(tx, eid, now, |list| {
        let e = entry(list, iccid, now);
        if e.state != "enabled" {
            e.state = "disabled".into();
        }
        if name.is_some() {
            e.profile_name = name;
        }
        if provider.is_some() {
            e.service_provider = provider;
        }
    })
}

/// `iccid` was deleted.
pub fn deleted(tx: &mut Tx<'_>, eid: &str, iccid: &str, now: i64) -> Result<(), StoreError> {
    with_profiles(tx, eid, now, |list| list.retain(|p| p.iccid != iccid))
}

/// The fallback attribute is on `iccid` (or on none).
pub fn fallback(
    tx: &mut Tx<'_>,
    eid: &str,
    iccid: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    with_profiles(tx, eid, now, |list| {
        for p in list.iter_mut() {
            p.fallback = false;
        }
        if let Some(i) = iccid {
            entry(list, i, now).fallback = true;
        }
    })
}

/// A listProfileInfo result replaces what the eIM knew.
pub fn listed(
    tx: &mut Tx<'_>,
    eid: &str,
    infos: &[SGP32ProfileInfo],
    now: i64,
) -> Result<(), StoreError> {
    let list: Vec<DeviceProfile> = infos
        .iter()
        .filter_map(|i| {
            let iccid = iccid_text(i.iccid.as_ref()?);
            Some(DeviceProfile {
                iccid,
                state: match i.profile_state {
                    Some(ProfileState::Enabled) => "enabled".into(),
                    _ => "disabled".into(),
                },
                fallback: i.fallback_attribute,
                profile_name: i.profile_name.clone(),
                service_provider: i.service_provider_name.clone(),
                updated_at: now,
            })
        })
        .collect();
    with_profiles(tx, eid, now, |old| *old = list)
}
