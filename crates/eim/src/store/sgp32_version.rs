//! The SGP.32 generation a device's IPA speaks on ESipa (`devices.sgp32_version`, migration
//! 3): what the ESipa edge learnt from a message only one generation reads, next to the
//! eUICC's EUICCInfo2, whose `iotVersion` declares the versions the eUICC supports.

use proto::sgp32::SGP32EUICCInfo2;

use super::{StoreError, Tx};

/// The learnt generation (`"1.0"`, `"1.2"`, `"1.3"`) and the stored EUICCInfo2 (DER) of a device.
pub(crate) type Known = (Option<String>, Option<Vec<u8>>);

/// What is known of `eid`'s generation; `None` for an unknown EID.
pub(crate) fn get(tx: &mut Tx<'_>, eid: &str) -> Result<Option<Known>, StoreError> {
    tx.query_opt(
        "SELECT d.sgp32_version, o.euicc_info2 FROM devices d \
         LEFT JOIN device_octets o ON o.eid = d.eid WHERE d.eid = $1",
        &[&eid],
    )
}

/// Records that `eid`'s IPA speaks `version`; a no-op when it is already recorded, and
/// when `version` is "1.2" for a device recorded as "1.3" (v1.3 speaks v1.2's octets on
/// ESipa, so a message only v1.2 and later read does not tell them apart).
pub(crate) fn set(tx: &mut Tx<'_>, eid: &str, version: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE devices SET sgp32_version = $2 \
         WHERE eid = $1 AND (sgp32_version IS NULL OR sgp32_version <> $2) \
         AND NOT (COALESCE(sgp32_version, '') = '1.3' AND $2 = '1.2')",
        &[&eid, &version],
    )?;
    Ok(())
}

/// Records "1.3" for `eid` when its EUICCInfo2 declares SGP.32 1.3 or later
/// (`iotVersion`, SGP.32 5.9.2): v1.3 has v1.2's octets on ESipa, so only the declaration
/// tells it.
pub(crate) fn record_declared(
    tx: &mut Tx<'_>,
    eid: &str,
    info2: &SGP32EUICCInfo2,
) -> Result<(), StoreError> {
    let v1_3 = info2
        .iot_specific_info
        .as_ref()
        .is_some_and(|i| i.iot_version.iter().any(|v| v >= &[1, 3, 0]));
    if v1_3 { set(tx, eid, "1.3") } else { Ok(()) }
}
