//! The ISD-R SCP81 keys the PSK-TLS handshake looks up (SGP.02 2.4.4: the identity names
//! the EID, the KVN and the key id). OpenSSL asks for the key inside its handshake
//! callback, which cannot wait on the database, so the listener reloads this copy before
//! each handshake.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use scp81::Psk;
use scp81::identity::PskIdentity;
use zeroize::Zeroizing;

use crate::server::SmSrCore;
use crate::store::StoreError;

/// (EID, KVN, key id) → PSK.
type Map = HashMap<([u8; 16], u8, u8), Zeroizing<Vec<u8>>>;

/// A shared copy of every EIS's SCP81 keys.
#[derive(Clone, Default)]
pub(crate) struct PskCache(Arc<RwLock<Map>>);

impl PskCache {
    /// The key the identity names, if an EIS has it.
    pub(crate) fn get(&self, id: &PskIdentity) -> Option<Psk> {
        let map = self.0.read().ok()?;
        let key = map.get(&(id.eid, id.kvn, id.key_id))?;
        Psk::new(key).ok()
    }

    /// Reloads the keys from the store.
    pub(crate) async fn refresh(&self, core: &SmSrCore) -> Result<(), StoreError> {
        let rows = core.ctx.store.read(crate::store::keys::all_psks).await?;
        let mut map = Map::new();
        for (eid, kvn, key_id, psk) in rows {
            let Some(eid) = hex::decode(&eid)
                .ok()
                .and_then(|e| <[u8; 16]>::try_from(e).ok())
            else {
                continue;
            };
            map.insert((eid, kvn, key_id), psk);
        }
        if let Ok(mut m) = self.0.write() {
            *m = map;
        }
        Ok(())
    }
}
