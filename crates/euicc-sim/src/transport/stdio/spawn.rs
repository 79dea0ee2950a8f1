//! Running an LPA as a child process wired to the card through the stdio bridge:
//! `rsp-lab euicc --state s.json stdio --spawn lpac chip info`.

use std::ffi::OsStr;
use std::io::{self, BufReader, Write};
use std::process::{Command, ExitStatus, Stdio};

use super::bridge::serve;
use crate::Es10Processor;
use crate::apdu::Card;

/// Starts `program args...` with its stdout read as requests and replies written to its
/// stdin; its stderr is inherited. Every line of its stdout that is not an APDU request
/// (lpac's JSON results and progress lines) is copied to `output`. Returns the child's exit
/// status once its stdout closes.
///
/// `LPAC_APDU=stdio` is set for the child unless the variable is already set, so that lpac
/// picks its stdio driver without further setup.
pub fn spawn<P, S, A>(
    card: &mut Card<P>,
    program: S,
    args: &[A],
    output: impl Write,
) -> io::Result<ExitStatus>
where
    P: Es10Processor,
    S: AsRef<OsStr>,
    A: AsRef<OsStr>,
{
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if std::env::var_os("LPAC_APDU").is_none() {
        command.env("LPAC_APDU", "stdio");
    }
    let mut child = command.spawn()?;
    let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        // both were requested as pipes; end the child rather than leave it waiting
        let _ = child.kill();
        let _ = child.wait();
        return Err(io::Error::other("child process without stdin/stdout pipes"));
    };
    let served = serve(card, BufReader::new(stdout), stdin, output);
    // the child's stdin was moved into `serve` and is closed now
    let status = child.wait()?;
    match served {
        // the child went away while a reply was being written: its exit status says why
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(e),
        Ok(()) => Ok(status),
    }
}
