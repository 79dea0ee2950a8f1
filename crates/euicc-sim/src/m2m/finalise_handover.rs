//! FinaliseISDRhandover (SGP.02 v4.2 4.1.1.8; procedure 3.8): after the new SM-SR has
//! reached the ISD-R with the key set it established, the old SM-SR's SCP80 key sets are
//! deleted.
//!
//! ```text
//! 80 E4 00 00 Lc  F2 03 <KVN kept> <first key id> <last key id>  -> 00
//! ```
//!
//! The `F2` object is read as the map gives it from one SM-SR implementation
//! [unconfirmed]: the key set to keep, and its key identifiers (`01`–`03`: KIc, KID, DEK).
//! Every other SCP80 key set goes; SCP81 key sets stay (the new SM-SR replaces them with
//! its own). A KVN the ISD-R does not have is `6A88`; a malformed object `6A80`.

use certs::gp::tlv;

use super::error::IsdrError;
use super::switch::m2m_mut;
use crate::state::EuiccState;

/// Runs DELETE with `F2`.
pub(super) fn finalise_handover(state: &mut EuiccState, data: &[u8]) -> Result<Vec<u8>, IsdrError> {
    let kvn = match tlv::read_all(data)?.as_slice() {
        [t] if t.tag == 0xF2 => match t.value {
            [kvn, 0x01, 0x03] => *kvn,
            _ => return Err(IsdrError::IncorrectData),
        },
        _ => return Err(IsdrError::IncorrectData),
    };
    let isd_r = &mut m2m_mut(state)?.isd_r;
    if !isd_r.scp80.iter().any(|k| k.kvn == kvn) {
        return Err(IsdrError::ReferencedDataNotFound);
    }
    isd_r.scp80.retain(|k| k.kvn == kvn);
    Ok(vec![0x00])
}
