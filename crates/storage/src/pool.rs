//! [`Db`]: a role's database, served by database threads that each own one connection.
//! A transaction is a closure sent to one of them and run there from BEGIN to COMMIT, so a
//! request crosses threads once per transaction instead of once per statement, and the
//! async runtime never blocks on the database, except for the short reads a caller asks to
//! run on its own thread ([`Db::read_inline`], a few index lookups of cached pages).
//!
//! SQLite: one writer thread (SQLite has one writer anyway; a single writer connection
//! never meets `SQLITE_BUSY` from its own process), which commits the write transactions
//! waiting for it as one group (the `group` module), and reader threads on their own
//! connections, which WAL lets read while the writer writes. PostgreSQL: a number of
//! threads each with its own connection serve reads and writes alike.
//!
//! Retries: a transaction that conflicted with another (PostgreSQL serialization failure,
//! deadlock) or lost its connection before COMMIT is run again from the start, a few
//! times. A COMMIT whose outcome is unknown is never run again: the caller gets
//! [`StoreError::CommitUnknown`] and answers with an error.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::connection::{Access, Backend, Connection};
use crate::error::StoreError;
use crate::group::{self, GroupCounters, GroupStats, MAX_GROUP};
use crate::inline_read::InlineReaders;
use crate::postgres::PgConnection;
use crate::sqlite::{BUSY_TIMEOUT, SqliteConnection, SqliteTarget, Synchronous, path_of};
use crate::tx::Tx;
use crate::worker::{Attempt, Opener, TransactionObserver, Worker};

/// How a database is opened.
#[derive(Clone, Debug)]
pub struct DbOptions {
    /// Prefix of the database threads' names (Linux shows 15 characters), e.g. `smdp-db`.
    pub thread_name: String,
    /// PostgreSQL: connections (and threads).
    pub max_connections: usize,
    /// SQLite: reader threads besides the writer (none for an in-memory database).
    pub sqlite_readers: usize,
    /// SQLite: commit durability.
    pub synchronous: Synchronous,
    /// SQLite: a cap on the database size in bytes (a full database refuses writes with
    /// [`StoreError::Full`] and accepts them again when space is freed).
    pub max_size_bytes: Option<u64>,
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            thread_name: "db".into(),
            max_connections: 8,
            sqlite_readers: 2,
            synchronous: Synchronous::Normal,
            max_size_bytes: None,
        }
    }
}

type Job = Box<dyn group::Job>;

struct Shared {
    /// Dropped to stop the checkpointer.
    stop: Mutex<Option<Sender<()>>>,
    backend: Backend,
    writer: Mutex<Option<Sender<Job>>>,
    reader: Mutex<Option<Sender<Job>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    observer: OnceLock<TransactionObserver>,
    groups: Arc<GroupCounters>,
    /// SQLite file with reader threads: connections lent to a calling thread.
    inline: Option<InlineReaders>,
}

/// A role's database.
#[derive(Clone)]
pub struct Db {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.shared.backend)
            .finish_non_exhaustive()
    }
}

/// How a database thread takes its work.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Serve {
    /// One transaction at a time.
    OneByOne,
    /// The SQLite writer: what waits is committed as a group ([`group`]).
    Grouped,
}

/// The next transactions for a thread: the first to arrive, and with [`Serve::Grouped`]
/// those already waiting behind it; empty when the database is closing.
fn next_jobs(rx: &Mutex<Receiver<Job>>, serve: Serve) -> Vec<Job> {
    let Ok(rx) = rx.lock() else {
        return Vec::new();
    };
    let Ok(first) = rx.recv() else {
        return Vec::new();
    };
    let mut jobs = vec![first];
    while serve == Serve::Grouped && jobs.len() < MAX_GROUP {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
    jobs
}

fn spawn_workers(
    name: &str,
    count: usize,
    open: &Opener,
    (backend, serve): (Backend, Serve),
    threads: &mut Vec<JoinHandle<()>>,
    counters: &Arc<GroupCounters>,
) -> Result<Sender<Job>, StoreError> {
    let (tx, rx) = channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    for n in 0..count.max(1) {
        let rx: Arc<Mutex<Receiver<Job>>> = rx.clone();
        let counters = counters.clone();
        let mut worker = Worker::new(open.clone(), backend);
        let handle = std::thread::Builder::new()
            .name(format!("{name}{n}"))
            .spawn(move || {
                loop {
                    let mut jobs = next_jobs(&rx, serve);
                    match jobs.len() {
                        0 => break,
                        1 => {
                            if let Some(job) = jobs.pop() {
                                job.alone(&mut worker);
                            }
                        }
                        _ => group::run(&mut worker, jobs, &counters),
                    }
                }
            })
            .map_err(|e| StoreError::Unavailable(format!("starting a database thread: {e}")))?;
        threads.push(handle);
    }
    Ok(tx)
}

/// How often the checkpointer copies the WAL into the database file.
const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(250);

/// The thread that checkpoints a SQLite database until `stop` closes.
fn spawn_checkpointer(
    name: &str,
    target: SqliteTarget,
    stop: Receiver<()>,
) -> Result<JoinHandle<()>, StoreError> {
    std::thread::Builder::new()
        .name(format!("{name}-c"))
        .spawn(move || {
            let mut conn = None;
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                stop.recv_timeout(CHECKPOINT_INTERVAL)
            {
                if conn.is_none() {
                    conn = crate::sqlite::open_for_checkpoints(&target).ok();
                }
                if let Some(c) = &conn {
                    if let Err(e) = crate::sqlite::checkpoint(c) {
                        tracing::debug!(error = %e, "checkpoint");
                        if e.breaks_connection() {
                            conn = None;
                        }
                    }
                }
            }
        })
        .map_err(|e| StoreError::Unavailable(format!("starting the checkpointer: {e}")))
}

/// A database's threads once started, before the [`Db`] shares them.
struct Started {
    writer: Sender<Job>,
    /// The writer's own sender when there are no reader threads.
    reader: Sender<Job>,
    /// SQLite file: dropped to stop the checkpointer.
    stop: Option<Sender<()>>,
    threads: Vec<JoinHandle<()>>,
    groups: Arc<GroupCounters>,
    inline: Option<InlineReaders>,
}

/// Opens SQLite connections to `target`.
fn sqlite_opener(target: SqliteTarget) -> Opener {
    Arc::new(move || Ok(Box::new(SqliteConnection::open(&target)?) as Box<dyn Connection>))
}

/// SQLite: the checkpointer (file databases), the writer thread and the reader threads
/// (file databases with `sqlite_readers` > 0; otherwise the writer also reads).
fn start_sqlite(url: &str, options: &DbOptions) -> Result<Started, StoreError> {
    let path = path_of(url);
    if let Some(dir) = path.as_ref().and_then(|p| p.parent()) {
        if !dir.as_os_str().is_empty() && !dir.is_dir() {
            return Err(StoreError::Unavailable(format!(
                "{}: no such directory",
                dir.display()
            )));
        }
    }
    let target = SqliteTarget {
        path: path.clone(),
        synchronous: options.synchronous,
        max_pages: options.max_size_bytes.map(|b| (b / 4096).max(1)),
        read_only: false,
        autocheckpoint_pages: if path.is_some() { 16_384 } else { 1000 },
        busy_timeout: BUSY_TIMEOUT,
    };
    // A new file is put in WAL mode here, before the threads open their connections
    // together: SQLite answers a journal-mode change that meets another connection's lock
    // with SQLITE_BUSY at once, without the busy timeout, so the connections' own
    // `journal_mode = WAL` could fail with "database is locked" (seen at start-up under
    // valgrind, which runs one thread at a time). Once the file is in WAL mode their pragma
    // changes nothing.
    if path.is_some() {
        drop(SqliteConnection::open(&target)?);
    }
    let mut threads = Vec::new();
    let groups = Arc::new(GroupCounters::default());
    let mut stop = None;
    if path.is_some() {
        let (tx, rx) = channel::<()>();
        stop = Some(tx);
        threads.push(spawn_checkpointer(
            &options.thread_name,
            target.clone(),
            rx,
        )?);
    }
    let writer = spawn_workers(
        &format!("{}-w", options.thread_name),
        1,
        &sqlite_opener(target.clone()),
        (Backend::Sqlite, Serve::Grouped),
        &mut threads,
        &groups,
    )?;
    let mut inline = None;
    let reader = if path.is_some() && options.sqlite_readers > 0 {
        let read_only = SqliteTarget {
            read_only: true,
            ..target
        };
        inline = Some(InlineReaders::new(sqlite_opener(SqliteTarget {
            busy_timeout: Duration::ZERO,
            ..read_only.clone()
        })));
        spawn_workers(
            &format!("{}-r", options.thread_name),
            options.sqlite_readers,
            &sqlite_opener(read_only),
            (Backend::Sqlite, Serve::OneByOne),
            &mut threads,
            &groups,
        )?
    } else {
        writer.clone()
    };
    Ok(Started {
        writer,
        reader,
        stop,
        threads,
        groups,
        inline,
    })
}

/// PostgreSQL: `max_connections` threads, each with its own connection, for reads and
/// writes alike.
fn start_postgres(url: &str, options: &DbOptions) -> Result<Started, StoreError> {
    let url = url.to_string();
    let open: Opener =
        Arc::new(move || Ok(Box::new(PgConnection::open(&url)?) as Box<dyn Connection>));
    let mut threads = Vec::new();
    let groups = Arc::new(GroupCounters::default());
    let q = spawn_workers(
        &options.thread_name,
        options.max_connections,
        &open,
        (Backend::Postgres, Serve::OneByOne),
        &mut threads,
        &groups,
    )?;
    Ok(Started {
        writer: q.clone(),
        reader: q,
        stop: None,
        threads,
        groups,
        inline: None,
    })
}

impl Db {
    /// Opens the database of `url` (`sqlite://PATH`, `sqlite::memory:`, `postgres://...`)
    /// and applies `migrations` (on the writer, before anything else runs).
    pub async fn open(
        url: &str,
        migrations: &'static [crate::Migration],
        options: &DbOptions,
    ) -> Result<Db, StoreError> {
        let backend = Backend::of(url)?;
        let started = match backend {
            Backend::Sqlite => start_sqlite(url, options)?,
            Backend::Postgres => start_postgres(url, options)?,
        };
        let db = Db::started(backend, started);
        db.migrate(migrations).await?;
        Ok(db)
    }

    fn started(backend: Backend, started: Started) -> Db {
        Db {
            shared: Arc::new(Shared {
                stop: Mutex::new(started.stop),
                backend,
                writer: Mutex::new(Some(started.writer)),
                reader: Mutex::new(Some(started.reader)),
                threads: Mutex::new(started.threads),
                observer: OnceLock::new(),
                groups: started.groups,
                inline: started.inline,
            }),
        }
    }

    /// Reports every later transaction's duration to `observer`; only the first observer set
    /// is kept (false when one was set before).
    pub fn observe_transactions(&self, observer: TransactionObserver) -> bool {
        self.shared.observer.set(observer).is_ok()
    }

    /// Group commits of the SQLite writer so far (none on PostgreSQL, whose server groups
    /// commits itself).
    pub fn groups(&self) -> GroupStats {
        self.shared.groups.stats()
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.shared.backend
    }

    fn sender(&self, access: Access) -> Result<Sender<Job>, StoreError> {
        let slot = match access {
            Access::Read => &self.shared.reader,
            Access::Write => &self.shared.writer,
        };
        slot.lock()
            .ok()
            .and_then(|s| s.clone())
            .ok_or(StoreError::Stopped)
    }

    async fn run<T, E, F>(&self, access: Access, f: F) -> Result<T, E>
    where
        F: FnMut(&mut Tx<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(group::TxJob {
            access,
            f,
            done,
            observer: self.shared.observer.get().cloned(),
            kept: None,
        });
        self.sender(access)?
            .send(job)
            .map_err(|_| E::from(StoreError::Stopped))?;
        result
            .await
            .unwrap_or_else(|_| Err(E::from(StoreError::Stopped)))
    }

    /// Runs `f` in one read-write transaction on the writer and commits when it returns
    /// `Ok`; rolls back when it returns `Err` or when one of its statements failed.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnMut(&mut Tx<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        self.run(Access::Write, f).await
    }

    /// Runs `f` in one read-only transaction (one consistent snapshot) on a reader.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnMut(&mut Tx<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        self.run(Access::Read, f).await
    }

    /// Runs `f` in one read-only transaction on the calling thread, for a short read (a
    /// few index lookups) on a hot path. A SQLite file database lends the thread a
    /// read-only connection (`inline_read`), which spares the two thread hand-offs of
    /// [`Db::read`]; the thread blocks meanwhile (tens of microseconds for cached pages),
    /// so scans stay on [`Db::read`]. Elsewhere (PostgreSQL, an in-memory database, a
    /// database without reader threads), and when the lent connection finds the database
    /// busy or cannot be opened, or all 8 it lends are in use, this is [`Db::read`].
    pub async fn read_inline<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnMut(&mut Tx<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let mut f = f;
        if let Some(lent) = &self.shared.inline {
            if let Some(mut worker) = lent.lend() {
                let started = std::time::Instant::now();
                let again = |e: &StoreError| e.retryable() || matches!(e, StoreError::Busy(_));
                let attempt = worker.attempt(Access::Read, &mut f, again);
                lent.give_back(worker);
                if let Attempt::Done(out) = attempt {
                    if let Some(observe) = self.shared.observer.get() {
                        observe(Access::Read, started.elapsed());
                    }
                    return out;
                }
            }
        }
        self.run(Access::Read, f).await
    }

    /// Stops the database threads once the work sent to them is done.
    pub async fn close(&self) {
        if let Some(lent) = &self.shared.inline {
            lent.close();
        }
        for slot in [&self.shared.writer, &self.shared.reader] {
            if let Ok(mut s) = slot.lock() {
                s.take();
            }
        }
        if let Ok(mut s) = self.shared.stop.lock() {
            s.take();
        }
        let threads: Vec<JoinHandle<()>> = self
            .shared
            .threads
            .lock()
            .map(|mut t| std::mem::take(&mut *t))
            .unwrap_or_default();
        let _ = tokio::task::spawn_blocking(move || {
            for t in threads {
                let _ = t.join();
            }
        })
        .await;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::row::Row;
    use crate::value::Param;

    /// A lent connection whose BEGIN fails with `error` (a test double: SQLite gives a
    /// reader `SQLITE_BUSY` only in moments a test cannot arrange).
    struct Failing(StoreError);

    impl Connection for Failing {
        fn execute(&mut self, _: &str, _: &[Param<'_>]) -> Result<u64, StoreError> {
            Err(self.0.clone())
        }
        fn query(&mut self, _: &str, _: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
            Err(self.0.clone())
        }
        fn batch(&mut self, _: &str) -> Result<(), StoreError> {
            Err(self.0.clone())
        }
        fn begin(&mut self, _: Access) -> Result<(), StoreError> {
            Err(self.0.clone())
        }
        fn commit(&mut self) -> Result<(), StoreError> {
            Err(self.0.clone())
        }
        fn rollback(&mut self) -> bool {
            true
        }
        fn usable(&self) -> bool {
            true
        }
    }

    /// An in-memory database (its reads run on the writer thread, `t-w0`) lending
    /// connections that fail with `error`; also how many were opened.
    fn lending(error: StoreError) -> (Db, Arc<AtomicUsize>) {
        let options = DbOptions {
            thread_name: "t".into(),
            ..DbOptions::default()
        };
        let started = start_sqlite("sqlite::memory:", &options).expect("starts");
        let opened = Arc::new(AtomicUsize::new(0));
        let count = opened.clone();
        let open: Opener = Arc::new(move || {
            count.fetch_add(1, Ordering::SeqCst);
            Ok(Box::new(Failing(error.clone())) as Box<dyn Connection>)
        });
        let started = Started {
            inline: Some(InlineReaders::new(open)),
            ..started
        };
        (Db::started(Backend::Sqlite, started), opened)
    }

    fn thread_name() -> Option<String> {
        std::thread::current().name().map(str::to_string)
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_busy_lent_connection_sends_the_read_to_a_database_thread() {
        let (db, opened) = lending(StoreError::Busy("database is locked".into()));
        for _ in 0..3 {
            let ran_on = db.read_inline(|_| Ok::<_, StoreError>(thread_name())).await;
            assert_eq!(ran_on, Ok(Some("t-w0".to_string())));
        }
        // Lent and given back each time: one connection made.
        assert_eq!(opened.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_lent_connection_that_cannot_open_sends_the_read_to_a_database_thread() {
        let (db, _) = lending(StoreError::Unavailable("cannot open".into()));
        let ran_on = db.read_inline(|_| Ok::<_, StoreError>(thread_name())).await;
        assert_eq!(ran_on, Ok(Some("t-w0".to_string())));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_lent_connections_lasting_error_is_answered_not_run_again() {
        let (db, _) = lending(StoreError::Corrupt("file is not a database".into()));
        let ran = Arc::new(AtomicUsize::new(0));
        let count = ran.clone();
        let r = db
            .read_inline(move |_| {
                count.fetch_add(1, Ordering::SeqCst);
                Ok::<_, StoreError>(())
            })
            .await;
        assert_eq!(r, Err(StoreError::Corrupt("file is not a database".into())));
        assert_eq!(ran.load(Ordering::SeqCst), 0, "BEGIN failed: never run");
    }
}
