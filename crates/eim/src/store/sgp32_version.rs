//! The SGP.32 generation a device's IPA speaks on ESipa (`devices.sgp32_version`, migration
//! 3): what the ESipa edge learnt from a message only one generation reads, next to the
//! eUICC's EUICCInfo2, whose `iotVersion` declares the versions the eUICC supports.

use super::{StoreError, Tx};

/// The learnt generation (`"1.0"`, `"1.2"`) and the stored EUICCInfo2 (DER) of a device.
pub(crate) type Known = (Option<String>, Option<Vec<u8>>);

/// What is known of `eid`'s generation; `None` for an unknown EID.
pub(crate) fn get(tx: &mut Tx<'_>, eid: &str) -> Result<Option<Known>, StoreError> {
    tx.query_opt(
        "SELECT d.sgp32_version, o.euicc_info2 FROM devices d \
         LEFT JOIN device_octets o ON o.eid = d.eid WHERE d.eid = $1",
        &[&eid],
    )
}

/// Records that `eid`'s IPA speaks `version`; a no-op when it is already recorded.
pub(crate) fn set(tx: &mut Tx<'_>, eid: &str, version: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE devices SET sgp32_version = $2 \
         WHERE eid = $1 AND (sgp32_version IS NULL OR sgp32_version <> $2)",
        &[&eid, &version],
    )?;
    Ok(())
}
