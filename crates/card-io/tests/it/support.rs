//! A modem on the other side of a pseudo-terminal: it reads AT command lines and answers
//! them with what a test's `answer` function returns; `AT+CSIM` normally goes to rsp-lab's
//! software card, as a modem passes it to its eUICC.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::thread::JoinHandle;

use certs::{LabPkiOptions, Pki, generate};
use euicc_sim::apdu::Card;
use euicc_sim::state::{EimConfig, EimKey};
use euicc_sim::{Credentials, Euicc, EuiccOptions, Preload};
use proto::saip::{Personalization, minimal_profile};
use proto::sgp22::{Iccid, StoreMetadataRequest};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

pub(crate) const ICCID: &str = "8949000000000000011";
pub(crate) const EIM_ID: &str = "eim.card-io.test";

pub(crate) fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| generate(&LabPkiOptions::default()).expect("lab PKI"))
}

/// An IoT eUICC with one eIM and one enabled profile.
pub(crate) fn euicc() -> Euicc {
    let credentials = Credentials::from_pki(pki()).expect("credentials");
    let cert = pki()
        .require(certs::CertRole::Eim)
        .expect("eIM certificate")
        .cert_der
        .clone();
    let eim = EimConfig::new(
        EIM_ID,
        "eim.card-io.test",
        EimKey::Certificate { der: cert },
    );
    let mut euicc = Euicc::in_memory(credentials, EuiccOptions::iot_with_eim(eim)).expect("eUICC");
    let package = minimal_profile(&Personalization {
        iccid: ICCID.into(),
        imsi: "001019990000001".into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    })
    .expect("profile")
    .to_der();
    let iccid = Iccid(
        proto::ids::Iccid::parse_lenient(ICCID)
            .expect("ICCID")
            .to_swapped_bcd(),
    );
    let metadata = StoreMetadataRequest::new(iccid, "card-io", "bootstrap");
    euicc
        .preload_profile(&Preload {
            enabled: true,
            ..Preload::new(package, metadata)
        })
        .expect("profile");
    euicc
}

/// What the test modem does with a command line.
pub(crate) enum Reply {
    /// Write this text (CR LF and all) back.
    Text(String),
    /// Say nothing.
    Silence,
    /// Close the line (a modem unplugged).
    HangUp,
}

/// A pseudo-terminal with a modem on its master side.
pub(crate) struct Modem {
    /// The device the transport opens.
    pub path: PathBuf,
    /// Keeps the line open between the transport's opens.
    _slave: OwnedFd,
    thread: Option<JoinHandle<Vec<String>>>,
}

impl Modem {
    /// Starts a modem answering each line with `answer`.
    pub(crate) fn start(mut answer: impl FnMut(&str) -> Reply + Send + 'static) -> Modem {
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        let path = PathBuf::from(name.to_string_lossy().into_owned());
        let slave = rustix::fs::open(
            &path,
            rustix::fs::OFlags::RDWR | rustix::fs::OFlags::NOCTTY,
            rustix::fs::Mode::empty(),
        )
        .expect("slave side");
        // raw before anything is written, so the tty does not echo on its own
        let mut t = rustix::termios::tcgetattr(&slave).expect("tcgetattr");
        t.make_raw();
        rustix::termios::tcsetattr(&slave, rustix::termios::OptionalActions::Now, &t)
            .expect("tcsetattr");
        let thread = std::thread::spawn(move || {
            let mut master = File::from(master);
            let mut seen = Vec::new();
            let mut line = Vec::new();
            let mut buf = [0u8; 1024];
            loop {
                let n = match master.read(&mut buf) {
                    Ok(0) | Err(_) => return seen,
                    Ok(n) => n,
                };
                for &b in &buf[..n] {
                    if b != b'\r' {
                        line.push(b);
                        continue;
                    }
                    let text = String::from_utf8_lossy(&line).into_owned();
                    line.clear();
                    seen.push(text.clone());
                    match answer(&text) {
                        Reply::Text(t) => {
                            if master.write_all(t.as_bytes()).is_err() {
                                return seen;
                            }
                        }
                        Reply::Silence => {}
                        Reply::HangUp => return seen,
                    }
                }
            }
        });
        Modem {
            path,
            _slave: slave,
            thread: Some(thread),
        }
    }

    /// The lines the modem received, once it hung up or the test closed the line.
    pub(crate) fn lines(mut self) -> Vec<String> {
        drop(std::mem::replace(
            &mut self._slave,
            rustix::fs::open(
                "/dev/null",
                rustix::fs::OFlags::RDONLY,
                rustix::fs::Mode::empty(),
            )
            .expect("/dev/null"),
        ));
        self.thread
            .take()
            .map(|t| t.join().expect("modem thread"))
            .unwrap_or_default()
    }
}

/// A modem that echoes each command, says `+CREG: 1` unasked before each answer, and
/// passes `AT+CSIM` to `card`.
pub(crate) fn forwarding(mut card: Card<Euicc>) -> impl FnMut(&str) -> Reply + Send + 'static {
    move |line| {
        let echo = format!("{line}\r\n");
        if let Some(csim) = line.strip_prefix("AT+CSIM=") {
            match csim_command(csim) {
                Some(apdu) => {
                    let response = hex::encode_upper(card.transmit(&apdu));
                    Reply::Text(format!(
                        "{echo}\r\n+CREG: 1\r\n\r\n+CSIM: {},\"{response}\"\r\n\r\nOK\r\n",
                        response.len()
                    ))
                }
                None => Reply::Text(format!("{echo}\r\nERROR\r\n")),
            }
        } else if line.starts_with("AT") {
            Reply::Text(format!("{echo}\r\nOK\r\n"))
        } else {
            Reply::Text("\r\nERROR\r\n".into())
        }
    }
}

/// `<length>,"<hex>"` of an AT+CSIM command, checked as a modem checks it.
pub(crate) fn csim_command(text: &str) -> Option<Vec<u8>> {
    let (length, data) = text.split_once(',')?;
    let data = data.strip_prefix('"')?.strip_suffix('"')?;
    (length.parse::<usize>().ok()? == data.len()).then_some(())?;
    hex::decode(data).ok()
}
