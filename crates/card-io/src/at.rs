//! [`AtModem`]: the eUICC inside a modem, reached with `AT+CSIM` over the modem's serial
//! line (3GPP TS 27.007 8.17, Generic SIM access):
//!
//! ```text
//! AT+CSIM=<length>,"<command>"      length: characters of the hex command
//! +CSIM: <length>,"<response>"      the response APDU with SW1 SW2, in hex
//! OK                                or ERROR, +CME ERROR: <err> (TS 27.007 9.2)
//! ```
//!
//! The line is set raw (no echo, no translation by the tty). The modem may still echo the
//! command (`ATE1`; `ATE0` is sent at open) and may interleave unsolicited result codes
//! (`+CREG: 1`, `RING`): both are skipped. Each command waits at most the timeout for its
//! final result; a line longer than [`MAX_LINE`] or more than [`MAX_LINES`] lines before
//! the final result end the command. Input left over from an earlier command is discarded
//! before each new one, so a late answer cannot be taken for the next command's.

use std::os::fd::OwnedFd;
use std::path::Path;
use std::time::{Duration, Instant};

use lpa::{CardChannel, TransportError};
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::fs::{Mode, OFlags};
use rustix::io::Errno;
use rustix::termios::{ControlModes, OptionalActions, QueueSelector};

use crate::CardIoError;

/// Time a modem has for one command, the last block of a LoadBoundProfilePackage (which
/// installs the profile) included.
pub const DEFAULT_MODEM_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest line accepted: `+CSIM: 516,"…"` of a 256-octet response with its status word
/// is 529 characters.
pub(crate) const MAX_LINE: usize = 1024;
/// Lines accepted before the final result (echo, unsolicited result codes, `+CSIM`).
pub(crate) const MAX_LINES: usize = 64;
/// Longest command APDU of short lengths: header, Lc, 255 octets, Le.
const MAX_COMMAND: usize = 261;

/// A modem's serial line speaking `AT+CSIM`.
pub struct AtModem {
    fd: OwnedFd,
    path: String,
    timeout: Duration,
    /// Received characters not yet ended by CR or LF.
    pending: Vec<u8>,
}

impl std::fmt::Debug for AtModem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtModem")
            .field("path", &self.path)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The final result codes that end a command (V.250 5.7.1, TS 27.007 9.2).
enum Final {
    Ok,
    Refused(String),
}

fn final_result(line: &str) -> Option<Final> {
    match line {
        "OK" => Some(Final::Ok),
        "ERROR" | "NO CARRIER" => Some(Final::Refused(line.to_string())),
        _ if line.starts_with("+CME ERROR:") || line.starts_with("+CMS ERROR:") => {
            let code = line[11..].trim();
            Some(Final::Refused(match cme_meaning(code) {
                Some(m) => format!("{line} ({m})"),
                None => line.to_string(),
            }))
        }
        _ => None,
    }
}

/// The `+CME ERROR` codes a SIM access meets (3GPP TS 27.007 9.2.1).
fn cme_meaning(code: &str) -> Option<&'static str> {
    Some(match code.parse::<u16>().ok()? {
        0 => "phone failure",
        3 => "operation not allowed",
        4 => "operation not supported",
        10 => "SIM not inserted",
        11 => "SIM PIN required",
        12 => "SIM PUK required",
        13 => "SIM failure",
        14 => "SIM busy",
        15 => "SIM wrong",
        50 => "incorrect parameters",
        100 => "unknown",
        _ => return None,
    })
}

impl AtModem {
    /// Opens the modem's serial device, sets the line raw and turns the modem's echo off.
    pub fn open(path: &Path, timeout: Duration) -> Result<AtModem, CardIoError> {
        let name = path.display().to_string();
        let open_error = |detail: String| CardIoError::ModemOpen {
            path: name.clone(),
            detail,
        };
        // Non-blocking: opening a serial line may otherwise wait for carrier; reads wait
        // in poll, bounded by the timeout.
        let fd = rustix::fs::open(
            path,
            OFlags::RDWR | OFlags::NOCTTY | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| open_error(e.to_string()))?;
        let mut termios = rustix::termios::tcgetattr(&fd)
            .map_err(|e| open_error(format!("not a serial line ({e})")))?;
        termios.make_raw();
        termios.control_modes |= ControlModes::CLOCAL | ControlModes::CREAD;
        // A USB modem ignores the speed; a UART modem runs at 115200 by default.
        let _ = termios.set_speed(115_200);
        rustix::termios::tcsetattr(&fd, OptionalActions::Now, &termios)
            .map_err(|e| open_error(format!("cannot set the line raw ({e})")))?;
        let mut modem = AtModem {
            fd,
            path: name,
            timeout,
            pending: Vec::new(),
        };
        modem.command("ATE0", "ATE0")?;
        Ok(modem)
    }

    /// The device's path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Sends one command line and returns the lines before its final `OK` (echo and
    /// unsolicited result codes included; the caller picks its own).
    fn command(&mut self, line: &str, what: &str) -> Result<Vec<String>, CardIoError> {
        let deadline = Instant::now() + self.timeout;
        // what an earlier command left (a late answer) is not this command's
        let _ = rustix::termios::tcflush(&self.fd, QueueSelector::IFlush);
        self.pending.clear();
        let mut out = line.as_bytes().to_vec();
        out.push(b'\r');
        self.write_all(&out, deadline, what)?;
        let mut lines = Vec::new();
        loop {
            let text = self.read_line(deadline, what)?;
            if text.is_empty() {
                continue;
            }
            match final_result(&text) {
                Some(Final::Ok) => return Ok(lines),
                Some(Final::Refused(answer)) => {
                    return Err(CardIoError::ModemRefused {
                        path: self.path.clone(),
                        command: what.to_string(),
                        answer,
                    });
                }
                None => {
                    if lines.len() == MAX_LINES {
                        return Err(self.answer_error(CsimAnswerError::TooManyLines));
                    }
                    lines.push(text);
                }
            }
        }
    }

    fn io_error(&self, detail: String) -> CardIoError {
        CardIoError::ModemIo {
            path: self.path.clone(),
            detail,
        }
    }

    fn answer_error(&self, detail: CsimAnswerError) -> CardIoError {
        CardIoError::ModemAnswer {
            path: self.path.clone(),
            detail,
        }
    }

    fn timeout_error(&self, what: &str) -> CardIoError {
        CardIoError::ModemTimeout {
            path: self.path.clone(),
            command: what.to_string(),
            timeout: self.timeout,
        }
    }

    /// Waits until the line is ready for `flags` or the deadline passes.
    fn wait(&self, flags: PollFlags, deadline: Instant, what: &str) -> Result<(), CardIoError> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(self.timeout_error(what));
            }
            let timeout = Timespec {
                tv_sec: left.as_secs().try_into().unwrap_or(i64::MAX),
                tv_nsec: left.subsec_nanos().into(),
            };
            let mut fds = [PollFd::new(&self.fd, flags)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) => continue,
                Ok(_) => {
                    let got = fds[0].revents();
                    if got.intersects(flags) {
                        return Ok(());
                    }
                    if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                        return Err(self.io_error("the line hung up (modem unplugged?)".into()));
                    }
                }
                Err(Errno::INTR) => continue,
                Err(e) => return Err(self.io_error(format!("poll: {e}"))),
            }
        }
    }

    fn write_all(&self, mut data: &[u8], deadline: Instant, what: &str) -> Result<(), CardIoError> {
        while !data.is_empty() {
            match rustix::io::write(&self.fd, data) {
                Ok(n) => data = &data[n..],
                Err(Errno::AGAIN | Errno::INTR) => self.wait(PollFlags::OUT, deadline, what)?,
                Err(e) => return Err(self.io_error(format!("write: {e}"))),
            }
        }
        Ok(())
    }

    /// The next line (CR and LF end a line; empty lines are returned as empty).
    fn read_line(&mut self, deadline: Instant, what: &str) -> Result<String, CardIoError> {
        loop {
            if let Some(end) = self.pending.iter().position(|&b| b == b'\r' || b == b'\n') {
                let line: Vec<u8> = self.pending.drain(..=end).take(end).collect();
                return Ok(String::from_utf8_lossy(&line).trim().to_string());
            }
            if self.pending.len() > MAX_LINE {
                return Err(self.answer_error(CsimAnswerError::LineTooLong));
            }
            self.wait(PollFlags::IN, deadline, what)?;
            let mut buf = [0u8; 512];
            match rustix::io::read(&self.fd, &mut buf) {
                Ok(0) => return Err(self.io_error("the line was closed (modem unplugged?)".into())),
                Ok(n) => self.pending.extend_from_slice(&buf[..n]),
                Err(Errno::AGAIN | Errno::INTR) => {}
                // a pseudo-terminal whose other side closed, a USB modem unplugged
                Err(Errno::IO) => {
                    return Err(self.io_error("input/output error (modem unplugged?)".into()));
                }
                Err(e) => return Err(self.io_error(format!("read: {e}"))),
            }
        }
    }

    /// One command APDU through `AT+CSIM`; the response APDU with its status word.
    fn csim(&mut self, command: &[u8]) -> Result<Vec<u8>, CardIoError> {
        if command.len() < 4 || command.len() > MAX_COMMAND {
            return Err(self.answer_error(CsimAnswerError::CommandLength(command.len())));
        }
        let line = format!(
            "AT+CSIM={},\"{}\"",
            command.len() * 2,
            hex::encode_upper(command)
        );
        let lines = self.command(&line, "AT+CSIM")?;
        let mut answer = None;
        for l in lines {
            if let Some(rest) = l.strip_prefix("+CSIM:") {
                answer = Some(rest.trim().to_string());
            } else if l.starts_with("AT") || l.starts_with("at") {
                // echo
            } else {
                tracing::debug!(modem = %self.path, line = %l, "unsolicited line skipped");
            }
        }
        let Some(answer) = answer else {
            return Err(self.answer_error(CsimAnswerError::NoCsimLine));
        };
        parse_csim(&answer).map_err(|detail| self.answer_error(detail))
    }
}

/// Why an answer to `AT+CSIM` (3GPP TS 27.007 8.17) is not a response APDU.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CsimAnswerError {
    /// A command APDU too short or too long to send.
    #[error("a command APDU of {0} octets (4 to {MAX_COMMAND})")]
    CommandLength(usize),
    /// More lines than an answer has, without a final result.
    #[error("more than {MAX_LINES} lines without OK or ERROR")]
    TooManyLines,
    /// A line longer than an answer's.
    #[error("a line longer than {MAX_LINE} characters")]
    LineTooLong,
    /// The modem said `OK` without the `+CSIM:` line.
    #[error("OK without a +CSIM line")]
    NoCsimLine,
    /// No comma between the length and the response.
    #[error("{0:?} is not <length>,\"<response>\"")]
    Form(String),
    /// The length is not a number.
    #[error("length {0:?} is not a number")]
    Length(String),
    /// The length does not count the hex digits given.
    #[error("length {length} but {digits} hex digits (truncated?)")]
    Truncated {
        /// The length the modem gave.
        length: usize,
        /// The hex digits it sent.
        digits: usize,
    },
    /// The response is not hex.
    #[error("response {data:?}: {source}")]
    Hex {
        /// The response as sent.
        data: String,
        /// Why it is not hex.
        #[source]
        source: hex::FromHexError,
    },
    /// Fewer than two octets: no SW1 SW2.
    #[error("{0} octets, no status word")]
    NoStatusWord(usize),
}

/// `<length>,"<hex>"` (quotes optional) → the response APDU, at least SW1 SW2.
fn parse_csim(answer: &str) -> Result<Vec<u8>, CsimAnswerError> {
    let (length, data) = answer
        .split_once(',')
        .ok_or_else(|| CsimAnswerError::Form(answer.to_string()))?;
    let length: usize = length
        .trim()
        .parse()
        .map_err(|_| CsimAnswerError::Length(length.to_string()))?;
    let data = data.trim();
    let data = data
        .strip_prefix('"')
        .and_then(|d| d.strip_suffix('"'))
        .unwrap_or(data);
    if data.len() != length {
        return Err(CsimAnswerError::Truncated {
            length,
            digits: data.len(),
        });
    }
    let bytes = hex::decode(data).map_err(|source| CsimAnswerError::Hex {
        data: data.to_string(),
        source,
    })?;
    if bytes.len() < 2 {
        return Err(CsimAnswerError::NoStatusWord(bytes.len()));
    }
    Ok(bytes)
}

impl CardChannel for AtModem {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, TransportError> {
        self.csim(command).map_err(TransportError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts27_007_8_17_csim_answers_are_checked() {
        assert_eq!(parse_csim("4,\"9000\""), Ok(vec![0x90, 0x00]));
        assert_eq!(parse_csim("6, 019000"), Ok(vec![0x01, 0x90, 0x00]));
        assert!(
            parse_csim("6,\"9000\"")
                .unwrap_err()
                .to_string()
                .contains("truncated")
        );
        assert!(
            parse_csim("2,\"90\"")
                .unwrap_err()
                .to_string()
                .contains("no status word")
        );
        assert!(parse_csim("4,\"90ZZ\"").is_err());
        assert!(parse_csim("\"9000\"").is_err());
    }

    #[test]
    fn ts27_007_9_2_final_results_and_cme_errors() {
        assert!(matches!(final_result("OK"), Some(Final::Ok)));
        assert!(final_result("+CSIM: 4,\"9000\"").is_none());
        let Some(Final::Refused(text)) = final_result("+CME ERROR: 10") else {
            panic!("a CME error is final");
        };
        assert_eq!(text, "+CME ERROR: 10 (SIM not inserted)");
        let Some(Final::Refused(text)) = final_result("+CME ERROR: SIM busy") else {
            panic!("a verbose CME error is final");
        };
        assert_eq!(text, "+CME ERROR: SIM busy");
    }
}
