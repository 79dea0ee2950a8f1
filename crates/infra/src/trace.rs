//! `--trace-dir`: every request and response body written to a file named by time, interface
//! and function, for debugging and conformance checks.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Direction of a traced message.
#[derive(Clone, Copy, Debug)]
pub enum Direction {
    Request,
    Response,
}

/// A directory receiving traced messages; cheap to clone.
#[derive(Clone, Debug)]
pub struct TraceDir {
    dir: Arc<PathBuf>,
    seq: Arc<AtomicU64>,
}

impl TraceDir {
    /// Creates the directory if needed.
    pub fn new(dir: impl AsRef<Path>) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir.as_ref())?;
        Ok(TraceDir {
            dir: Arc::new(dir.as_ref().to_path_buf()),
            seq: Arc::new(AtomicU64::new(0)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes one message: `<UTC time>-<seq>-<interface>-<function>-<req|resp>.<ext>`, with
    /// `ext` `der` or `json` as the body is binary or JSON, `empty` for no body (a 204).
    /// Failures are logged, never fatal.
    pub fn write(&self, interface: &str, function: &str, direction: Direction, body: &[u8]) {
        let now = time::OffsetDateTime::now_utc();
        let stamp = format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}.{:06}Z",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute(),
            now.second(),
            now.microsecond()
        );
        let seq = self.seq.fetch_add(1, Ordering::Relaxed);
        let dir = match direction {
            Direction::Request => "req",
            Direction::Response => "resp",
        };
        let ext = match body.first() {
            None => "empty",
            Some(b'{' | b'[') => "json",
            Some(_) => "der",
        };
        let name = format!(
            "{stamp}-{seq:06}-{}-{}-{dir}.{ext}",
            sanitize(interface),
            sanitize(function)
        );
        if let Err(e) = std::fs::write(self.dir.join(&name), body) {
            tracing::warn!(file = %name, error = %e, "could not write trace file");
        }
    }
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_files_by_interface_function_and_direction() {
        let dir = tempfile::tempdir().unwrap();
        let t = TraceDir::new(dir.path().join("t")).unwrap();
        t.write(
            "es9p",
            "initiateAuthentication",
            Direction::Request,
            b"{\"a\":1}",
        );
        t.write(
            "esipa",
            "getEimPackage",
            Direction::Response,
            &[0xBF, 0x4F, 0x00],
        );
        t.write("es9p", "handleNotification", Direction::Response, b"");
        let mut names: Vec<String> = std::fs::read_dir(t.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert!(
            names[0].ends_with("-000000-es9p-initiateAuthentication-req.json"),
            "{names:?}"
        );
        assert!(
            names[1].ends_with("-000001-esipa-getEimPackage-resp.der"),
            "{names:?}"
        );
        assert!(
            names[2].ends_with("-000002-es9p-handleNotification-resp.empty"),
            "a 204 is not a DER file: {names:?}"
        );
    }
}
