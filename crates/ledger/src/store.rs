//! A partner's own database (the workspace's `storage` crate: SQLite by default,
//! PostgreSQL by URL): the copies of the logs it is a party to, and the tree heads it
//! signed or accepted from the other party.

use std::sync::Arc;

use storage::{Db, DbOptions, Migration, StoreError, Tx};

use crate::sth::TreeHead;

static MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    description: "ledger logs, entries and tree heads",
    sql: "CREATE TABLE ledger_logs (
            log TEXT PRIMARY KEY,
            party_a TEXT NOT NULL,
            party_b TEXT NOT NULL
          );
          CREATE TABLE ledger_entries (
            log TEXT NOT NULL,
            seq BIGINT NOT NULL,
            leaf BLOB NOT NULL,
            PRIMARY KEY (log, seq)
          );
          CREATE TABLE ledger_tree_heads (
            log TEXT NOT NULL,
            signer TEXT NOT NULL,
            tree_size BIGINT NOT NULL,
            head BLOB NOT NULL,
            PRIMARY KEY (log, signer, tree_size)
          );",
    postgres: None,
}];

/// What one partner holds of one log.
#[derive(Clone, Debug, Default)]
pub struct Holding {
    pub log: String,
    pub parties: [String; 2],
    /// `(seq, leaf)` in the order of `seq`.
    pub entries: Vec<(i64, Vec<u8>)>,
    /// Heads it signed and heads it accepted, undecodable ones as `Err` (shared, so that a
    /// holding is cloned with its errors).
    pub heads: Vec<Result<TreeHead, Arc<serde_json::Error>>>,
}

/// New rows for one log, written in one transaction.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub log: String,
    pub parties: [String; 2],
    pub first_seq: u64,
    pub leaves: Vec<Vec<u8>>,
    pub heads: Vec<TreeHead>,
}

/// A partner's ledger database.
pub struct Store {
    db: Db,
}

fn to_i64(v: u64) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|_| StoreError::Decode("value beyond BIGINT".into()))
}

fn write_batch(tx: &mut Tx<'_>, b: &Batch) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO ledger_logs (log, party_a, party_b) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
        &[&b.log, &b.parties[0], &b.parties[1]],
    )?;
    for (i, leaf) in b.leaves.iter().enumerate() {
        let seq = to_i64(b.first_seq + i as u64)?;
        tx.execute(
            "INSERT INTO ledger_entries (log, seq, leaf) VALUES ($1, $2, $3)",
            &[&b.log, &seq, leaf],
        )?;
    }
    for h in &b.heads {
        let body = serde_json::to_vec(h).map_err(|e| StoreError::Decode(e.to_string()))?;
        tx.execute(
            "INSERT INTO ledger_tree_heads (log, signer, tree_size, head) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[&b.log, &h.signer, &to_i64(h.tree_size)?, &body],
        )?;
    }
    Ok(())
}

impl Store {
    /// Opens (creating) the database at `url`.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let options = DbOptions {
            thread_name: "ledger-db".into(),
            sqlite_readers: 1,
            max_connections: 2,
            ..DbOptions::default()
        };
        Ok(Store {
            db: Db::open(url, MIGRATIONS, &options).await?,
        })
    }

    /// Writes new entries and heads of several logs in one transaction.
    pub async fn write(&self, batches: Vec<Batch>) -> Result<(), StoreError> {
        self.db
            .write(move |tx| {
                for b in &batches {
                    write_batch(tx, b)?;
                }
                Ok::<_, StoreError>(())
            })
            .await
    }

    /// Everything held, log by log.
    pub async fn load(&self) -> Result<Vec<Holding>, StoreError> {
        self.db
            .read(|tx| {
                let logs: Vec<(String, String, String)> = tx.query(
                    "SELECT log, party_a, party_b FROM ledger_logs ORDER BY log",
                    &[],
                )?;
                let mut out = Vec::with_capacity(logs.len());
                for (log, a, b) in logs {
                    let entries: Vec<(i64, Vec<u8>)> = tx.query(
                        "SELECT seq, leaf FROM ledger_entries WHERE log = $1 ORDER BY seq",
                        &[&log],
                    )?;
                    let heads: Vec<(Vec<u8>,)> = tx.query(
                        "SELECT head FROM ledger_tree_heads WHERE log = $1 \
                         ORDER BY signer, tree_size",
                        &[&log],
                    )?;
                    let heads = heads
                        .into_iter()
                        .map(|(h,)| serde_json::from_slice(&h).map_err(Arc::new))
                        .collect();
                    out.push(Holding {
                        log,
                        parties: [a, b],
                        entries,
                        heads,
                    });
                }
                Ok::<_, StoreError>(out)
            })
            .await
    }

    pub async fn close(&self) {
        self.db.close().await;
    }
}
