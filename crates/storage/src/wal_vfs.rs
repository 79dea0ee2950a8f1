//! SQLite's write-ahead log written a commit at a time: a VFS over SQLite's own `unix` VFS
//! that changes one thing, how the appends to a `-wal` file reach the kernel.
//!
//! SQLite appends each WAL frame as two writes, its 24-octet header and then its page at an
//! offset that is not page-aligned (SQLite file format, "The WAL File Format"): two system
//! calls, and on ext4 three page-cache pages prepared (the header's, and the two the page
//! straddles), for every page a transaction changed.
//! Here the appends of a transaction are held in memory and written together with the
//! header of its commit frame (the one frame whose header carries the database size, the
//! commit marker) in one write; the commit frame's page follows in a second. A commit of up
//! to 31 frames of 4 KiB pages costs two writes; a larger one one more per 124 KiB.
//!
//! Nothing is acknowledged earlier than it was: SQLite makes a commit visible and reports it
//! done only after the commit frame's page was written (it then updates the WAL index), and
//! by then nothing is held: the commit header went out with everything held before it, and
//! the page after it is written at once. What is held is written before any other operation
//! on the file (a read, a sync, a truncation, its size, a lock, a file control, closing) and
//! before a write anywhere but right after it, so SQLite, and the checksum rewrite of a
//! transaction that overwrote its own frames, always find the file as they wrote it. A write
//! that fails (a full disk, an I/O error) keeps what it held and fails the operation that
//! needed it with SQLite's own code (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`), so the transaction
//! fails as it would have without this layer; the held octets are tried again first by the
//! next operation, and dropped only when the file is closed (they then belong to a
//! transaction that never committed: everything a commit wrote was written before it
//! succeeded). A process killed with octets held loses only a transaction not yet committed.
//!
//! Used by the connections of `synchronous = NORMAL` ([`crate::Synchronous::Normal`]);
//! `FULL` keeps SQLite's `unix` VFS unchanged (its commit may pad the WAL to a sector
//! boundary with writes this layer does not model). Only WAL files are wrapped: the database
//! file, its shared memory and temporary files are the `unix` VFS's own.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::ptr;
use std::sync::OnceLock;

use rusqlite::ffi;

/// The name connections open this VFS by.
pub(crate) const NAME: &CStr = c"rsp-lab-wal";

/// Size of a WAL frame header (SQLite file format 4.1).
const FRAME_HEADER: usize = 24;

/// At most this much is held; a larger transaction writes as it goes.
const MAX_HELD: usize = 4 << 20;

/// The most the unix VFS writes in one call: it masks a length with 0x1ffff (128 KiB − 1
/// octets), so what is held goes out in pieces of 124 KiB.
const MAX_WRITE: usize = 0x1ffff & !0xfff;

/// Registers the VFS once (not as the default); the error says why it could not be.
pub(crate) fn register() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            // SAFETY: sqlite3_vfs_find(NULL) returns the default VFS, a static SQLite
            // structure that lives as long as the process; it is only read here.
            let base = unsafe { ffi::sqlite3_vfs_find(ptr::null()) };
            if base.is_null() {
                return Err("SQLite has no default VFS".to_string());
            }
            // SAFETY: `base` is a valid VFS (above). The copy keeps every field of the
            // base (its pAppData included, which the unix VFS's methods read) except the
            // name, the size of a file and xOpen, and it is leaked so that it outlives
            // every connection, as sqlite3_vfs_register requires.
            let vfs = unsafe {
                let mut vfs: ffi::sqlite3_vfs = *base;
                vfs.pNext = ptr::null_mut();
                vfs.zName = NAME.as_ptr();
                vfs.szOsFile = c_int::try_from(size_of::<WalFile>())
                    .ok()
                    .and_then(|own| own.checked_add((*base).szOsFile))
                    .ok_or("VFS file size overflow")?;
                vfs.xOpen = Some(open);
                Box::into_raw(Box::new(vfs))
            };
            BASE.set(Base(base)).map_err(|_| "VFS base set twice")?;
            // SAFETY: `vfs` is a complete, leaked VFS structure.
            let rc = unsafe { ffi::sqlite3_vfs_register(vfs, 0) };
            if rc == ffi::SQLITE_OK {
                Ok(())
            } else {
                Err(format!("sqlite3_vfs_register: {rc}"))
            }
        })
        .clone()
}

/// The VFS underneath (SQLite's default, `unix` on Linux).
struct Base(*mut ffi::sqlite3_vfs);
// SAFETY: a VFS structure is immutable once registered and SQLite's VFS methods are
// thread-safe; only the pointer is shared.
unsafe impl Send for Base {}
unsafe impl Sync for Base {}
static BASE: OnceLock<Base> = OnceLock::new();

/// A WAL file: the `sqlite3_file` SQLite sees (its methods are [`WAL_METHODS`]), the base
/// VFS's file right after this structure, and what is held.
#[repr(C)]
struct WalFile {
    file: ffi::sqlite3_file,
    inner: *mut ffi::sqlite3_file,
    held: Vec<u8>,
    /// The offset of `held[0]`.
    held_at: i64,
    /// The offset of the page of the commit frame whose header was just written.
    commit_page_at: Option<i64>,
}

unsafe extern "C" fn open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: *const c_char,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let Some(Base(base)) = BASE.get() else {
        return ffi::SQLITE_ERROR;
    };
    let base = *base;
    // SAFETY: `base` is the registered base VFS, whose xOpen is always set.
    let Some(base_open) = (unsafe { (*base).xOpen }) else {
        return ffi::SQLITE_ERROR;
    };
    if flags & ffi::SQLITE_OPEN_WAL == 0 {
        // SAFETY: SQLite allocated `file` with our szOsFile, larger than the base's.
        return unsafe { base_open(base, name, file, flags, out_flags) };
    }
    // SAFETY: the base file goes right after the WalFile, inside the szOsFile octets
    // SQLite allocated for `file` (aligned: WalFile's size is a multiple of 8).
    let inner = unsafe { file.cast::<u8>().add(size_of::<WalFile>()) }.cast();
    // SAFETY: as above; on failure the base leaves `inner` closed and we leave `file`
    // with no methods, so SQLite will not call xClose on it.
    let rc = unsafe { base_open(base, name, inner, flags, out_flags) };
    if rc != ffi::SQLITE_OK {
        // SAFETY: `file` is writable memory of at least a sqlite3_file.
        unsafe { (*file).pMethods = ptr::null() };
        return rc;
    }
    let wal = WalFile {
        file: ffi::sqlite3_file {
            pMethods: &WAL_METHODS,
        },
        inner,
        held: Vec::new(),
        held_at: 0,
        commit_page_at: None,
    };
    // SAFETY: `file` is at least size_of::<WalFile>() octets, aligned for it, and not yet
    // initialized (SQLite hands it over uninitialized): written without dropping.
    unsafe { ptr::write(file.cast::<WalFile>(), wal) };
    ffi::SQLITE_OK
}

/// The WalFile behind a file SQLite passes to a method of [`WAL_METHODS`].
///
/// # Safety
/// `file` must have been opened by [`open`] with a WAL flag and not closed.
unsafe fn wal<'a>(file: *mut ffi::sqlite3_file) -> &'a mut WalFile {
    // SAFETY: the caller's promise; SQLite never calls one file's methods concurrently.
    unsafe { &mut *file.cast::<WalFile>() }
}

impl WalFile {
    fn inner_methods(&self) -> &ffi::sqlite3_io_methods {
        // SAFETY: the base VFS opened `inner` successfully, so its pMethods is set and
        // points at the base's static method table.
        unsafe { &*(*self.inner).pMethods }
    }

    fn write_through(&self, data: *const c_void, amount: c_int, offset: i64) -> c_int {
        match self.inner_methods().xWrite {
            // SAFETY: `inner` is open; `data` holds `amount` octets (SQLite's or ours).
            Some(write) => unsafe { write(self.inner, data, amount, offset) },
            None => ffi::SQLITE_IOERR_WRITE,
        }
    }

    /// Writes what is held, in pieces the base's xWrite takes. On failure the rest stays
    /// held, to be tried again by the next operation, and the error is the operation's.
    fn flush(&mut self) -> c_int {
        let mut written = 0;
        let mut rc = ffi::SQLITE_OK;
        for piece in self.held.chunks(MAX_WRITE) {
            // A piece is at most MAX_WRITE octets, far below c_int::MAX.
            let at = self.held_at + written as i64;
            rc = self.write_through(piece.as_ptr().cast(), piece.len() as c_int, at);
            if rc != ffi::SQLITE_OK {
                break;
            }
            written += piece.len();
        }
        self.held.drain(..written);
        self.held_at += written as i64;
        rc
    }

    fn held_end(&self) -> i64 {
        self.held_at + self.held.len() as i64
    }

    fn write(&mut self, data: &[u8], offset: i64) -> c_int {
        if self.commit_page_at.take() == Some(offset) {
            // The commit frame's page: nothing may stay held once the commit is written.
            let rc = self.flush();
            if rc != ffi::SQLITE_OK {
                return rc;
            }
            return self.write_through(data.as_ptr().cast(), data.len() as c_int, offset);
        }
        if !self.held.is_empty()
            && (offset != self.held_end() || self.held.len() + data.len() > MAX_HELD)
        {
            let rc = self.flush();
            if rc != ffi::SQLITE_OK {
                return rc;
            }
        }
        if self.held.is_empty() {
            self.held_at = offset;
        }
        self.held.extend_from_slice(data);
        if is_commit_header(data) {
            // Written now, with what is held: SQLite rewrites a commit header without its
            // page when it fixes the checksums of a transaction that overwrote its own
            // frames, and nothing would come after to write it.
            self.commit_page_at = Some(offset + FRAME_HEADER as i64);
            return self.flush();
        }
        ffi::SQLITE_OK
    }
}

/// A frame header whose "size of the database after the commit" is non-zero: the header of
/// a transaction's last frame (SQLite file format 4.1). A page fragment of the same length
/// mistaken for one is only written sooner.
fn is_commit_header(data: &[u8]) -> bool {
    data.len() == FRAME_HEADER && data[4..8] != [0; 4]
}

static WAL_METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 1,
    xClose: Some(close),
    xRead: Some(read),
    xWrite: Some(write),
    xTruncate: Some(truncate),
    xSync: Some(sync),
    xFileSize: Some(file_size),
    xLock: Some(lock),
    xUnlock: Some(unlock),
    xCheckReservedLock: Some(check_reserved_lock),
    xFileControl: Some(file_control),
    xSectorSize: Some(sector_size),
    xDeviceCharacteristics: Some(device_characteristics),
    xShmMap: None,
    xShmLock: None,
    xShmBarrier: None,
    xShmUnmap: None,
    xFetch: None,
    xUnfetch: None,
};

/// Methods that write what is held, then run the base file's method of the same
/// arguments: `name => xMethod(argument: type, ...)`.
macro_rules! forwarders {
    ($($name:ident => $m:ident($($arg:ident: $ty:ty),*);)*) => {$(
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file, $($arg: $ty),*) -> c_int {
            // SAFETY: called by SQLite on a WAL file opened by `open`.
            let w = unsafe { wal(file) };
            let rc = w.flush();
            if rc != ffi::SQLITE_OK {
                return rc;
            }
            match w.inner_methods().$m {
                // SAFETY: forwarding SQLite's own arguments to the base file's method.
                Some(m) => unsafe { m(w.inner, $($arg),*) },
                None => ffi::SQLITE_ERROR,
            }
        }
    )*};
}

forwarders! {
    read => xRead(buf: *mut c_void, n: c_int, at: i64);
    truncate => xTruncate(size: i64);
    sync => xSync(flags: c_int);
    file_size => xFileSize(size: *mut i64);
    lock => xLock(level: c_int);
    unlock => xUnlock(level: c_int);
    check_reserved_lock => xCheckReservedLock(out: *mut c_int);
    file_control => xFileControl(op: c_int, arg: *mut c_void);
}

unsafe extern "C" fn close(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: called by SQLite on a WAL file opened by `open`, once.
    let w = unsafe { wal(file) };
    // What a failed write still holds belongs to a transaction that did not commit.
    let _ = w.flush();
    let rc = match w.inner_methods().xClose {
        // SAFETY: closing the base file, once.
        Some(m) => unsafe { m(w.inner) },
        None => ffi::SQLITE_OK,
    };
    // SAFETY: the WalFile written by `open`, dropped once; SQLite frees the memory.
    unsafe { ptr::drop_in_place(file.cast::<WalFile>()) };
    rc
}

unsafe extern "C" fn write(
    file: *mut ffi::sqlite3_file,
    data: *const c_void,
    amount: c_int,
    offset: i64,
) -> c_int {
    let Ok(len) = usize::try_from(amount) else {
        return ffi::SQLITE_IOERR_WRITE;
    };
    // SAFETY: SQLite passes `amount` readable octets at `data`.
    let data = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) };
    // SAFETY: called by SQLite on a WAL file opened by `open`.
    unsafe { wal(file) }.write(data, offset)
}

unsafe extern "C" fn sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: called by SQLite on a WAL file opened by `open`.
    let w = unsafe { wal(file) };
    match w.inner_methods().xSectorSize {
        // SAFETY: a query of the base file.
        Some(m) => unsafe { m(w.inner) },
        None => 4096,
    }
}

unsafe extern "C" fn device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: called by SQLite on a WAL file opened by `open`.
    let w = unsafe { wal(file) };
    match w.inner_methods().xDeviceCharacteristics {
        // SAFETY: a query of the base file.
        Some(m) => unsafe { m(w.inner) },
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    //! The holding rules against a recording file in place of the unix VFS's.

    use std::cell::{Cell, RefCell};

    use super::*;

    thread_local! {
        static WRITES: RefCell<Vec<(i64, Vec<u8>)>> = const { RefCell::new(Vec::new()) };
        static FAIL: Cell<c_int> = const { Cell::new(ffi::SQLITE_OK) };
    }

    unsafe extern "C" fn record(
        _: *mut ffi::sqlite3_file,
        data: *const c_void,
        amount: c_int,
        offset: i64,
    ) -> c_int {
        if FAIL.get() != ffi::SQLITE_OK {
            return FAIL.get();
        }
        // SAFETY: the test passes `amount` readable octets.
        let data = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), amount as usize) };
        WRITES.with_borrow_mut(|w| w.push((offset, data.to_vec())));
        ffi::SQLITE_OK
    }

    /// A file that only records its writes (nothing else of it is ever called).
    static RECORDING: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
        iVersion: 1,
        xClose: None,
        xRead: None,
        xWrite: Some(record),
        xTruncate: None,
        xSync: None,
        xFileSize: None,
        xLock: None,
        xUnlock: None,
        xCheckReservedLock: None,
        xFileControl: None,
        xSectorSize: None,
        xDeviceCharacteristics: None,
        xShmMap: None,
        xShmLock: None,
        xShmBarrier: None,
        xShmUnmap: None,
        xFetch: None,
        xUnfetch: None,
    };

    fn header(commit_size: u32) -> Vec<u8> {
        let mut h = vec![0x11; FRAME_HEADER];
        h[4..8].copy_from_slice(&commit_size.to_be_bytes());
        h
    }

    fn frame_at(n: i64) -> i64 {
        32 + n * (FRAME_HEADER as i64 + 4096)
    }

    fn writes() -> Vec<(i64, usize)> {
        WRITES
            .with_borrow_mut(std::mem::take)
            .into_iter()
            .map(|(at, data)| (at, data.len()))
            .collect()
    }

    fn with_wal(test: impl FnOnce(&mut WalFile)) {
        let mut inner = ffi::sqlite3_file {
            pMethods: &RECORDING,
        };
        let mut wal = WalFile {
            file: ffi::sqlite3_file {
                pMethods: &WAL_METHODS,
            },
            inner: &mut inner,
            held: Vec::new(),
            held_at: 0,
            commit_page_at: None,
        };
        WRITES.with_borrow_mut(Vec::clear);
        FAIL.set(ffi::SQLITE_OK);
        test(&mut wal);
    }

    /// A transaction of `count` frames from the WAL's first, committed by its last.
    fn commit_frames(wal: &mut WalFile, count: i64) {
        let page = vec![0x22; 4096];
        for n in 0..count {
            let commit = if n == count - 1 { count as u32 } else { 0 };
            assert_eq!(wal.write(&header(commit), frame_at(n)), ffi::SQLITE_OK);
            assert_eq!(wal.write(&page, frame_at(n) + 24), ffi::SQLITE_OK);
        }
    }

    #[test]
    fn a_commit_of_three_frames_is_two_writes_and_nothing_stays_held() {
        with_wal(|wal| {
            commit_frames(wal, 3);
            let frame = 24 + 4096;
            assert_eq!(
                writes(),
                [(frame_at(0), 2 * frame + 24), (frame_at(2) + 24, 4096)]
            );
            assert!(wal.held.is_empty());
        });
    }

    #[test]
    fn a_commit_header_rewritten_alone_is_written_at_once() {
        with_wal(|wal| {
            // The checksum rewrite: headers only, the last one the commit frame's.
            assert_eq!(wal.write(&header(0), frame_at(4)), ffi::SQLITE_OK);
            assert_eq!(wal.write(&header(9), frame_at(5)), ffi::SQLITE_OK);
            assert_eq!(writes(), [(frame_at(4), 24), (frame_at(5), 24)]);
            assert!(wal.held.is_empty());
        });
    }

    #[test]
    fn a_failed_write_fails_the_commit_and_keeps_what_it_held_for_the_next_operation() {
        with_wal(|wal| {
            let page = vec![0x22; 4096];
            assert_eq!(wal.write(&header(0), frame_at(0)), ffi::SQLITE_OK);
            assert_eq!(wal.write(&page, frame_at(0) + 24), ffi::SQLITE_OK);
            FAIL.set(ffi::SQLITE_FULL);
            assert_eq!(wal.write(&header(3), frame_at(1)), ffi::SQLITE_FULL);
            assert_eq!(wal.held.len(), 2 * 24 + 4096);
            FAIL.set(ffi::SQLITE_OK);
            // SQLite's next transaction starts where the failed one did.
            assert_eq!(wal.write(&header(0), frame_at(1)), ffi::SQLITE_OK);
            assert_eq!(writes(), [(frame_at(0), 2 * 24 + 4096)]);
            assert_eq!((wal.held_at, wal.held.len()), (frame_at(1), 24));
        });
    }

    #[test]
    fn more_than_the_unix_vfs_takes_in_one_call_goes_in_pieces() {
        with_wal(|wal| {
            commit_frames(wal, 40);
            let w = writes();
            assert!(w.iter().all(|&(_, len)| len <= 0x1ffff), "{w:?}");
            let mut at = frame_at(0);
            for &(offset, len) in &w {
                assert_eq!(offset, at, "contiguous, in order");
                at += len as i64;
            }
            assert_eq!(at, frame_at(40));
        });
    }

    /// What SQLite does to a WAL, as far as this layer can tell the operations apart.
    #[derive(Clone, Debug)]
    enum Op {
        /// A transaction's frames appended where the WAL ends, committing or spilled.
        Frames { count: i64, commit: bool },
        /// The WAL started again from its first frame (after a checkpoint), its header first.
        Restart,
        /// A page of a frame of the WAL overwritten in place.
        Overwrite { frame: i64 },
        /// The checksum rewrite: from a frame to the last, a read then its header each, the
        /// last a commit header.
        Rewrite { from: i64 },
        /// Any operation that is not a write (a read, a sync, the size, closing).
        Other,
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        prop_oneof![
            4 => (1..40i64, any::<bool>()).prop_map(|(count, commit)| Op::Frames { count, commit }),
            1 => Just(Op::Restart),
            1 => (0..64i64).prop_map(|frame| Op::Overwrite { frame }),
            1 => (0..64i64).prop_map(|from| Op::Rewrite { from }),
            1 => Just(Op::Other),
        ]
    }

    fn put(image: &mut Vec<u8>, at: i64, data: &[u8]) {
        let at = at as usize;
        if image.len() < at + data.len() {
            image.resize(at + data.len(), 0);
        }
        image[at..at + data.len()].copy_from_slice(data);
    }

    proptest::proptest! {
        /// Whatever SQLite does, the file plus what is held is what SQLite wrote, and after
        /// a commit, a checksum rewrite or any other operation nothing is held: the file is
        /// what SQLite wrote.
        #[test]
        fn the_file_is_what_sqlite_wrote_once_a_commit_returns(ops in proptest::collection::vec(op(), 1..40)) {
            with_wal(|wal| {
                let (mut intended, mut end, mut stamp) = (Vec::new(), 0i64, 0u8);
                let write = |wal: &mut WalFile, intended: &mut Vec<u8>, data: &[u8], at: i64| {
                    assert_eq!(wal.write(data, at), ffi::SQLITE_OK);
                    put(intended, at, data);
                };
                for op in ops {
                    stamp = stamp.wrapping_add(1);
                    let page = vec![stamp; 4096];
                    let settled = match op {
                        Op::Frames { count, commit } => {
                            for n in end..end + count {
                                let last = commit && n == end + count - 1;
                                write(wal, &mut intended, &header(if last { 9 } else { 0 }), frame_at(n));
                                write(wal, &mut intended, &page, frame_at(n) + 24);
                            }
                            end += count;
                            commit
                        }
                        Op::Restart => {
                            write(wal, &mut intended, &[stamp; 32], 0);
                            end = 0;
                            false
                        }
                        Op::Overwrite { frame } if frame < end => {
                            write(wal, &mut intended, &page, frame_at(frame) + 24);
                            false
                        }
                        Op::Rewrite { from } if from < end => {
                            for n in from..end {
                                assert_eq!(wal.flush(), ffi::SQLITE_OK);
                                let commit = if n == end - 1 { 9 } else { 0 };
                                write(wal, &mut intended, &header(commit), frame_at(n));
                            }
                            true
                        }
                        Op::Overwrite { .. } | Op::Rewrite { .. } => false,
                        Op::Other => {
                            assert_eq!(wal.flush(), ffi::SQLITE_OK);
                            true
                        }
                    };
                    let mut file = Vec::new();
                    WRITES.with_borrow(|w| w.iter().for_each(|(at, data)| put(&mut file, *at, data)));
                    if settled {
                        assert!(wal.held.is_empty(), "held after {op:?}");
                    }
                    let mut with_held = file.clone();
                    put(&mut with_held, wal.held_at, &wal.held.clone());
                    with_held.resize(intended.len().max(with_held.len()), 0);
                    assert_eq!(with_held, intended, "after {op:?}");
                }
            });
        }
    }
}
