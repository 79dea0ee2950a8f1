//! Storing what a decision produced: the operation and its ES5 command script, in the
//! transaction that read the EIS, so the command is durable before a bearer sends it.

use super::Es4Error;
use super::decide::Decision;
use crate::eis::Eis;
use crate::es5::script::command_script;
use crate::operation::Requester;
use crate::store::operations::{self, NewOperation};
use crate::store::{Tx, new_id, now_ms};

/// Stores `d` for `eis` as a new operation of `requester`, valid `validity_ms` from now,
/// its command for the ISD-R; returns its identifier.
pub(crate) fn store(
    tx: &mut Tx<'_>,
    eis: &Eis,
    d: &Decision,
    requester: &Requester,
    validity_ms: i64,
) -> Result<String, Es4Error> {
    store_to(tx, eis, d, requester, validity_ms, &eis.isd_r.tar)
}

/// [`store`] with the command for the security domain of `tar` (an ISD-P's, for ES3).
pub(crate) fn store_to(
    tx: &mut Tx<'_>,
    eis: &Eis,
    d: &Decision,
    requester: &Requester,
    validity_ms: i64,
    tar: &[u8],
) -> Result<String, Es4Error> {
    let script = command_script(&d.apdus)?;
    store_command(tx, eis, d, requester, validity_ms, tar, &script)
}

/// [`store_to`] with the command's bytes as given (SCP03t TLVs an SM-DP relays).
pub(crate) fn store_command(
    tx: &mut Tx<'_>,
    eis: &Eis,
    d: &Decision,
    requester: &Requester,
    validity_ms: i64,
    tar: &[u8],
    script: &[u8],
) -> Result<String, Es4Error> {
    let id = new_id()?;
    operations::insert(
        tx,
        &NewOperation {
            id: &id,
            eid: &eis.eid,
            function: d.function,
            iccid: d.iccid.as_deref(),
            requester,
            expires_at: now_ms().saturating_add(validity_ms),
            tar,
            script,
        },
    )?;
    Ok(id)
}

/// The EIS of `eid` in this transaction, or the refusal.
pub(crate) fn eis(tx: &mut Tx<'_>, eid: &str) -> Result<Eis, Es4Error> {
    crate::store::eis::load(tx, eid)?.ok_or_else(|| Es4Error::UnknownEid(eid.to_string()))
}
