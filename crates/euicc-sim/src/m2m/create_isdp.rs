//! CreateISDP (SGP.02 v4.2 4.1.1.1): INSTALL [for install and make selectable]
//! (GPCS v2.3 11.5) to the ISD-R.
//!
//! ```text
//! 80 E6 0C 00 Lc
//!   10 <ISD-P load file AID …0D00> 10 <ISD-P module AID …0E00> 10 <ISD-P AID …89 TAR 00>
//!   LL <privileges>  LL <install parameters: C9 L …, [EF L { [C8 L non-volatile quota] }]>
//!   LL <install token>
//! ```
//!
//! The memory quota is the non-volatile memory quota of ETSI TS 102 226 8.2.1.3.2.2 (tag
//! `C8` in the system specific parameters `EF`). The new ISD-P is SELECTABLE. The answer is
//! one `00` octet (GPCS 11.5.3, no confirmation).
//!
//! Refusals: P1 other than `0C` or P2 other than `00`: `6A86`; data that does not parse, an
//! AID outside the ISD-P form of Annex H or one that exists: `6A80`; another load file or
//! module: `6A88`; a quota beyond the free memory, or no room for another ISD-P: `6A84`.

use certs::gp::tlv;

use super::aid::{ISDP_LOAD_FILE_AID, ISDP_MODULE_AID, isdp_tar};
use super::error::IsdrError;
use super::switch::m2m_mut;
use crate::apdu::CommandApdu;
use crate::state::EuiccState;
use crate::state::m2m::{IsdpLifeCycle, IsdpRecord, Pol1};

/// P1 "for install" (`04`) and "for make selectable" (`08`).
const P1_INSTALL_AND_MAKE_SELECTABLE: u8 = 0x0C;
/// ISD-Ps one card holds at most.
pub const MAX_ISDPS: usize = 32;

/// The LV fields of the INSTALL data, in order.
struct InstallData<'a> {
    load_file: &'a [u8],
    module: &'a [u8],
    application: &'a [u8],
    parameters: &'a [u8],
}

fn read_lv<'a>(data: &mut &'a [u8]) -> Result<&'a [u8], IsdrError> {
    let (len, rest) = data.split_first().ok_or(IsdrError::IncorrectData)?;
    let len = usize::from(*len);
    if rest.len() < len {
        return Err(IsdrError::IncorrectData);
    }
    let (value, rest) = rest.split_at(len);
    *data = rest;
    Ok(value)
}

fn parse(mut data: &[u8]) -> Result<InstallData<'_>, IsdrError> {
    let load_file = read_lv(&mut data)?;
    let module = read_lv(&mut data)?;
    let application = read_lv(&mut data)?;
    let _privileges = read_lv(&mut data)?;
    let parameters = read_lv(&mut data)?;
    let _token = read_lv(&mut data)?;
    if !data.is_empty() {
        return Err(IsdrError::IncorrectData);
    }
    Ok(InstallData {
        load_file,
        module,
        application,
        parameters,
    })
}

/// The non-volatile memory quota asked for, 0 when none.
fn memory_quota(parameters: &[u8]) -> Result<u64, IsdrError> {
    let fields = tlv::read_all(parameters)?;
    let Some(system) = tlv::find(&fields, 0xEF) else {
        return Ok(0);
    };
    match tlv::find(&tlv::read_all(system)?, 0xC8) {
        None => Ok(0),
        Some(q) if (1..=4).contains(&q.len()) => {
            Ok(q.iter().fold(0u64, |n, b| n << 8 | u64::from(*b)))
        }
        Some(_) => Err(IsdrError::IncorrectData),
    }
}

/// Octets of non-volatile memory the ISD-Ps hold: each its quota or its profile, the
/// larger.
pub(super) fn committed_memory(state: &EuiccState) -> u64 {
    let Some(m2m) = &state.m2m else { return 0 };
    m2m.isdps
        .iter()
        .map(|i| {
            let size = state
                .profiles
                .iter()
                .find(|p| p.isdp_aid == i.aid)
                .map_or(0, |p| p.size);
            i.memory_quota.max(size)
        })
        .sum()
}

/// Runs INSTALL.
pub(super) fn create_isdp(
    state: &mut EuiccState,
    cmd: &CommandApdu<'_>,
) -> Result<Vec<u8>, IsdrError> {
    if cmd.p1 != P1_INSTALL_AND_MAKE_SELECTABLE || cmd.p2 != 0x00 {
        return Err(IsdrError::IncorrectP1P2);
    }
    let data = parse(cmd.data)?;
    if data.load_file != ISDP_LOAD_FILE_AID || data.module != ISDP_MODULE_AID {
        return Err(IsdrError::ReferencedDataNotFound);
    }
    if isdp_tar(data.application).is_none() {
        return Err(IsdrError::IncorrectData);
    }
    let quota = memory_quota(data.parameters)?;
    let free = state
        .options
        .memory_capacity
        .saturating_sub(committed_memory(state));
    let m2m = m2m_mut(state)?;
    if m2m.isdp(data.application).is_some() {
        return Err(IsdrError::IncorrectData);
    }
    if quota > free || m2m.isdps.len() >= MAX_ISDPS {
        return Err(IsdrError::NotEnoughMemory);
    }
    m2m.isdps.push(IsdpRecord {
        aid: data.application.to_vec(),
        life_cycle: IsdpLifeCycle::Selectable,
        fallback: false,
        pol1: Pol1::default(),
        iccid: None,
        memory_quota: quota,
        scp03: Vec::new(),
    });
    Ok(vec![0x00])
}
