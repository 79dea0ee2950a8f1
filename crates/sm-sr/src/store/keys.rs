//! The ISD-R's key sets (`isdr_keysets`, `isdr_keys`) and the SCP80 counter: the next
//! counter is committed before the packet carrying it leaves (ETSI TS 102 225 5.1.1: the
//! card refuses a counter not above its last), so a restart never reuses one.

use zeroize::Zeroizing;

use super::{StoreError, Tx};
use crate::eis::keys::{KEY_TYPE_TLS_PSK, MAX_COUNTER};
use crate::eis::{IsdR, KeyValue, Scp80Algorithm, Scp80KeySet, Scp81Psk};

/// Stores the key sets of `isd_r` for `eid`.
pub(crate) fn insert(tx: &mut Tx<'_>, eid: &str, isd_r: &IsdR) -> Result<(), StoreError> {
    for k in &isd_r.scp80 {
        let (kvn, counter) = (i64::from(k.kvn), k.counter as i64);
        tx.execute(
            "INSERT INTO isdr_keysets (eid, kvn, kind, counter) VALUES ($1, $2, 'scp80', $3)",
            &[&eid, &kvn, &counter],
        )?;
        let key_type = i64::from(k.algorithm.key_type());
        let keys = [(1, Some(&k.kic)), (2, Some(&k.kid)), (3, k.kik.as_ref())];
        for (id, value) in keys {
            if let Some(v) = value {
                insert_key(tx, eid, kvn, id, key_type, v)?;
            }
        }
    }
    for k in &isd_r.scp81 {
        let kvn = i64::from(k.kvn);
        tx.execute(
            "INSERT INTO isdr_keysets (eid, kvn, kind, counter) VALUES ($1, $2, 'scp81', 0)",
            &[&eid, &kvn],
        )?;
        let psk_type = i64::from(KEY_TYPE_TLS_PSK);
        insert_key(tx, eid, kvn, i64::from(k.key_id), psk_type, &k.psk)?;
    }
    Ok(())
}

fn insert_key(
    tx: &mut Tx<'_>,
    eid: &str,
    kvn: i64,
    key_id: i64,
    key_type: i64,
    value: &KeyValue,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO isdr_keys (eid, kvn, key_id, key_type, value) VALUES ($1, $2, $3, $4, $5)",
        &[&eid, &kvn, &key_id, &key_type, &value.as_bytes()],
    )?;
    Ok(())
}

/// The key sets of `eid`, SCP80 by KVN then SCP81.
pub(crate) fn load(
    tx: &mut Tx<'_>,
    eid: &str,
) -> Result<(Vec<Scp80KeySet>, Vec<Scp81Psk>), StoreError> {
    let sets: Vec<(i64, String, i64)> = tx.query(
        "SELECT kvn, kind, counter FROM isdr_keysets WHERE eid = $1 ORDER BY kvn",
        &[&eid],
    )?;
    let (mut scp80, mut scp81) = (Vec::new(), Vec::new());
    for (kvn, kind, counter) in sets {
        let keys: Vec<(i64, i64, Vec<u8>)> = tx.query(
            "SELECT key_id, key_type, value FROM isdr_keys WHERE eid = $1 AND kvn = $2 \
             ORDER BY key_id",
            &[&eid, &kvn],
        )?;
        let kvn = u8::try_from(kvn).map_err(|_| corrupt("kvn"))?;
        if kind == "scp81" {
            for (key_id, _, value) in keys {
                scp81.push(Scp81Psk {
                    kvn,
                    key_id: u8::try_from(key_id).map_err(|_| corrupt("key_id"))?,
                    psk: KeyValue(Zeroizing::new(value)),
                });
            }
            continue;
        }
        scp80.push(scp80_set(kvn, counter, keys)?);
    }
    Ok((scp80, scp81))
}

fn scp80_set(
    kvn: u8,
    counter: i64,
    keys: Vec<(i64, i64, Vec<u8>)>,
) -> Result<Scp80KeySet, StoreError> {
    let mut slots: [Option<(i64, Vec<u8>)>; 3] = [None, None, None];
    for (id, key_type, value) in keys {
        if let Some(slot) = usize::try_from(id - 1).ok().and_then(|i| slots.get_mut(i)) {
            *slot = Some((key_type, value));
        }
    }
    let [kic, kid, kik] = slots;
    let ((t, kic), (_, kid)) = (kic.ok_or(corrupt("KIc"))?, kid.ok_or(corrupt("KID"))?);
    let algorithm = u8::try_from(t)
        .ok()
        .and_then(Scp80Algorithm::from_key_type)
        .ok_or(corrupt("key type"))?;
    Ok(Scp80KeySet {
        kvn,
        algorithm,
        kic: KeyValue(Zeroizing::new(kic)),
        kid: KeyValue(Zeroizing::new(kid)),
        kik: kik.map(|(_, v)| KeyValue(Zeroizing::new(v))),
        counter: u64::try_from(counter).map_err(|_| corrupt("counter"))?,
    })
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Decode(format!("ISD-R key set: {what}"))
}

/// Takes the next SCP80 counter of `eid`'s key set `kvn` (the stored one plus one) and
/// stores it; `None` when the key set is unknown or its counter is exhausted (TS 102 225
/// 5.1.1: a card blocks at the largest value).
pub(crate) fn next_counter(tx: &mut Tx<'_>, eid: &str, kvn: u8) -> Result<Option<u64>, StoreError> {
    let kvn = i64::from(kvn);
    let n = tx.execute(
        "UPDATE isdr_keysets SET counter = counter + 1 \
         WHERE eid = $1 AND kvn = $2 AND kind = 'scp80' AND counter < $3",
        &[&eid, &kvn, &(MAX_COUNTER as i64)],
    )?;
    if n == 0 {
        return Ok(None);
    }
    let (c,): (i64,) = tx.query_one(
        "SELECT counter FROM isdr_keysets WHERE eid = $1 AND kvn = $2",
        &[&eid, &kvn],
    )?;
    Ok(u64::try_from(c).ok())
}

/// One stored SCP81 PSK: (EID, KVN, key id, PSK).
pub(crate) type StoredPsk = (String, u8, u8, Zeroizing<Vec<u8>>);

/// Every SCP81 PSK of every EIS, for the PSK-TLS handshake.
pub(crate) fn all_psks(tx: &mut Tx<'_>) -> Result<Vec<StoredPsk>, StoreError> {
    let rows: Vec<(String, i64, i64, Vec<u8>)> = tx.query(
        "SELECT k.eid, k.kvn, k.key_id, k.value FROM isdr_keys k JOIN isdr_keysets s \
         ON s.eid = k.eid AND s.kvn = k.kvn WHERE s.kind = 'scp81'",
        &[],
    )?;
    rows.into_iter()
        .map(|(eid, kvn, key_id, value)| {
            let kvn = u8::try_from(kvn).map_err(|_| corrupt("kvn"))?;
            let key_id = u8::try_from(key_id).map_err(|_| corrupt("key_id"))?;
            Ok((eid, kvn, key_id, Zeroizing::new(value)))
        })
        .collect()
}
