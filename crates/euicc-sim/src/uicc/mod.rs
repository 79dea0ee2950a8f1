//! The card as a UICC (ETSI TS 102 221, 3GPP TS 31.102): in front of the ISD-R sits the
//! file system and the USIM of the *enabled* profile, built from its profile package, so a
//! modem or a SIM reader sees what it sees on any SIM.
//!
//! | INS  | command                | spec                       | module            |
//! |------|------------------------|----------------------------|-------------------|
//! | `A4` | SELECT (FID, path, AID)| TS 102 221 11.1.1, 8.4     | [`select`]        |
//! | `F2` | STATUS                 | TS 102 221 11.1.2          | here              |
//! | `B0` | READ BINARY            | TS 102 221 11.1.3          | [`files`]         |
//! | `D6` | UPDATE BINARY          | TS 102 221 11.1.4          | [`files`]         |
//! | `DC` | UPDATE RECORD          | TS 102 221 11.1.5          | [`files`]         |
//! | `B2` | READ RECORD            | TS 102 221 11.1.6          | [`files`]         |
//! | `20` `24` `26` `28` `2C` | VERIFY, CHANGE, DISABLE, ENABLE, UNBLOCK PIN | 11.1.9-13 | [`pin`] |
//! | `88` | AUTHENTICATE           | TS 31.102 7.1.2            | [`authenticate`]  |
//! | `AA` | TERMINAL CAPABILITY    | TS 102 221 11.1.19         | [`terminal`]      |
//! | `10` `12` `14` | TERMINAL PROFILE, FETCH, TERMINAL RESPONSE | 11.2 | [`terminal`] |
//!
//! The same commands with class 'A0', as a SIM takes them (3GPP TS 51.011 §9), are
//! [`gsm`]'s.
//!
//! SELECT of the ISD-R, MANAGE CHANNEL, GET RESPONSE and STORE DATA stay with the card
//! ([`crate::apdu`]). The file system ([`fs`]) is built ([`build`]) from the package of the
//! profile the ISD-R has enabled, with the FCP of the TCA templates ([`template`]); access
//! rules of EF.ARR apply ([`access`]); the USIM authenticates with MILENAGE ([`milenage`]),
//! TUAK ([`tuak`]) or the TS 34.108 test algorithm ([`test_algorithm`]), as the profile
//! says (sequence numbers [`sqn`]). What the terminal changes (EF contents, PINs, accepted
//! sequence numbers) is stored with the profile ([`saved`]). The UICC is built when the
//! card is reset and the first time a terminal uses it; a profile enabled while the card is
//! powered takes over at the next reset, announced by a REFRESH ([`terminal`]).

pub mod access;
pub mod aka;
pub mod authenticate;
pub mod build;
pub mod fcp;
pub mod files;
pub mod fs;
pub mod gsm;
pub mod milenage;
pub mod pin;
pub mod saved;
pub mod select;
pub mod sqn;
pub mod template;
pub mod terminal;
pub mod test_algorithm;
pub(crate) mod tlv;
pub mod tuak;

pub use build::Image;
pub use saved::SavedState;
pub use select::Selection;
pub use terminal::Terminal;

use crate::Es10Processor;
use crate::apdu::{CommandApdu, StatusWord};
use fs::{FileSystem, Kind, NodeId};

/// The enabled profile as the card's ISD-R hands it to the UICC face.
#[derive(Clone, Copy, Debug)]
pub struct ProfileSource<'a> {
    /// ICCID digits.
    pub iccid: &'a str,
    /// The unprotected profile package (DER).
    pub package: &'a [u8],
    /// Changes stored since installation.
    pub saved: Option<&'a SavedState>,
}

/// The UICC commands ([`crate::apdu::instruction::Instruction`] routes them here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Select,
    Status,
    ReadBinary,
    UpdateBinary,
    ReadRecord,
    UpdateRecord,
    Pin(pin::PinCommand),
    Authenticate,
    TerminalCapability,
    TerminalProfile,
    Fetch,
    TerminalResponse,
}

/// What a UICC command answers: data (handed out under Le) or a warning status word with
/// the data.
pub struct Answer {
    pub data: Vec<u8>,
    pub warning: Option<StatusWord>,
}

impl From<Vec<u8>> for Answer {
    fn from(data: Vec<u8>) -> Self {
        Answer {
            data,
            warning: None,
        }
    }
}

/// '6581': memory problem (the change could not be stored).
pub const MEMORY_PROBLEM: StatusWord = StatusWord(0x6581);

/// The UICC face of one card: the image of the enabled profile and the terminal's session.
#[derive(Debug, Default)]
pub struct Uicc {
    image: Option<Image>,
    /// Bumped whenever the image is rebuilt: channel selections of an older one are void.
    generation: u64,
    terminal: Terminal,
    /// The enabled profile a REFRESH was last queued for.
    refreshed_for: Option<String>,
    /// The ADF whose EF.SST a SIM terminal has selected ([`gsm`]).
    sst_of: Option<NodeId>,
}

impl Uicc {
    /// Drops the image and the terminal session (card reset, power off): the next command
    /// builds the UICC of the profile enabled then.
    pub fn reset(&mut self) {
        self.image = None;
        self.generation = self.generation.wrapping_add(1);
        self.terminal = Terminal::default();
        self.refreshed_for = None;
        self.sst_of = None;
    }

    /// The current image, built on first use.
    fn image<P: Es10Processor>(&mut self, processor: &P) -> &mut Image {
        let generation = &mut self.generation;
        self.image.get_or_insert_with(|| {
            *generation = generation.wrapping_add(1);
            load(processor)
        })
    }

    /// The image in use, if built.
    pub fn current(&self) -> Option<&Image> {
        self.image.as_ref()
    }

    /// What the terminal has said.
    pub fn terminal(&self) -> &Terminal {
        &self.terminal
    }

    /// The terminal session, to queue proactive commands.
    pub fn terminal_mut(&mut self) -> &mut Terminal {
        &mut self.terminal
    }

    /// A selection that refers to the current image.
    fn selection(&self, sel: &mut Selection) {
        if sel.generation != self.generation {
            *sel = Selection::mf(self.generation);
        }
    }

    /// Notices a change of the enabled profile since the image was built and queues a
    /// REFRESH for a terminal that takes it.
    pub fn observe<P: Es10Processor>(&mut self, processor: &P) {
        let Some(image) = &self.image else { return };
        let enabled = processor.enabled_profile().map(|p| p.iccid.to_string());
        let loaded = (!image.iccid.is_empty()).then(|| image.iccid.clone());
        if enabled == loaded || enabled == self.refreshed_for {
            return;
        }
        if self.terminal.supports_refresh() {
            self.terminal
                .queue_refresh(terminal::REFRESH_PROFILE_STATE_CHANGE);
            self.refreshed_for = enabled;
        }
    }

    /// The length of a proactive command waiting for FETCH ('91XX').
    pub fn proactive_pending(&self) -> Option<usize> {
        self.terminal.pending_len()
    }

    /// Runs one UICC command on a channel's selection.
    pub fn process<P: Es10Processor>(
        &mut self,
        command: Command,
        sel: &mut Selection,
        cmd: &CommandApdu<'_>,
        processor: &mut P,
    ) -> Result<Answer, StatusWord> {
        match command {
            Command::TerminalCapability => {
                return terminal::terminal_capability(&mut self.terminal, cmd).map(Answer::from);
            }
            Command::TerminalProfile => {
                return terminal::terminal_profile(&mut self.terminal, cmd).map(Answer::from);
            }
            Command::Fetch => return terminal::fetch(&mut self.terminal, cmd).map(Answer::from),
            Command::TerminalResponse => {
                return terminal::terminal_response(&mut self.terminal, cmd).map(Answer::from);
            }
            _ => {}
        }
        self.image(processor);
        self.selection(sel);
        let Some(image) = self.image.as_mut() else {
            return Err(StatusWord::TECHNICAL_PROBLEM);
        };
        let changed = match command {
            Command::Select => return select::select(image, sel, cmd).map(Answer::from),
            Command::Status => return status(image, sel, cmd).map(Answer::from),
            Command::ReadBinary => {
                return files::read_binary(image, sel, cmd).map(|r| Answer {
                    data: r.data,
                    warning: r.warning,
                });
            }
            Command::ReadRecord => {
                return files::read_record(image, sel, cmd).map(|r| Answer {
                    data: r.data,
                    warning: r.warning,
                });
            }
            Command::UpdateBinary => {
                let id = files::update_binary(image, sel, cmd)?;
                note_file(image, id);
                Changed::Yes(Vec::new())
            }
            Command::UpdateRecord => {
                let id = files::update_record(image, sel, cmd)?;
                note_file(image, id);
                Changed::Yes(Vec::new())
            }
            Command::Pin(c) => {
                let dirs = access::scope(&image.fs, sel.ef.unwrap_or(sel.df));
                let (result, changed) =
                    pin::run(&mut image.pins, c, cmd.p1, cmd.p2, cmd.data, &dirs);
                if changed {
                    let (pins, puks) = image.pins.saved(|d| image.fs.path_name(d));
                    image.saved.pins = pins;
                    image.saved.puks = puks;
                    save(image, processor)?;
                }
                return result.map(|()| Answer::from(Vec::new()));
            }
            Command::Authenticate => authenticate(image, sel, cmd)?,
            _ => return Err(StatusWord::INS_NOT_SUPPORTED),
        };
        match changed {
            Changed::Yes(data) => {
                save(image, processor)?;
                Ok(data.into())
            }
            Changed::No(data) => Ok(data.into()),
        }
    }
}

enum Changed {
    Yes(Vec<u8>),
    No(Vec<u8>),
}

/// The image of the enabled profile, or an MF alone when none is enabled (or its package
/// cannot be read, which the ISD-R's own checks rule out for installed profiles).
fn load<P: Es10Processor>(processor: &P) -> Image {
    let empty = || Image {
        iccid: String::new(),
        fs: FileSystem::new(),
        pins: pin::Pins::default(),
        naas: Vec::new(),
        saved: SavedState::default(),
    };
    let Some(source) = processor.enabled_profile() else {
        return empty();
    };
    match build::build(source.iccid, source.package, source.saved) {
        Ok(image) => image,
        Err(e) => {
            tracing::warn!(iccid = source.iccid, error = %e, "profile package unreadable: no file system");
            empty()
        }
    }
}

/// Records the content of EF `id` as changed.
fn note_file(image: &mut Image, id: NodeId) {
    if let Some(fs::Node {
        kind: Kind::Ef { data, .. },
        ..
    }) = image.fs.node(id)
    {
        let data = hex::encode_upper(data);
        image.saved.files.insert(image.fs.path_name(id), data);
    }
}

/// Hands the changed state to the ISD-R to store with the profile.
fn save<P: Es10Processor>(image: &Image, processor: &mut P) -> Result<(), StatusWord> {
    if image.iccid.is_empty() {
        return Ok(());
    }
    processor
        .save_profile_state(&image.iccid, &image.saved)
        .map_err(|e| {
            tracing::error!(iccid = %image.iccid, error = %e, "UICC state not stored");
            MEMORY_PROBLEM
        })
}

/// STATUS (TS 102 221 11.1.2): P1 '00'-'02' (application state), P2 '00' the FCP of the
/// current directory, '01' the current application's AID ('84' DO), '0C' nothing.
fn status(image: &Image, sel: &Selection, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, StatusWord> {
    if cmd.p1 > 0x02 {
        return Err(StatusWord::INCORRECT_P1_P2);
    }
    match cmd.p2 {
        0x00 => Ok(fcp::fcp(&image.fs, &image.pins, sel.df)),
        0x01 => {
            let aid = sel
                .adf
                .and_then(|a| image.fs.node(a))
                .and_then(|n| n.aid())
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            let mut out = Vec::new();
            if !aid.is_empty() {
                tlv::push(&mut out, 0x84, &aid);
            }
            Ok(out)
        }
        0x0C => Ok(Vec::new()),
        _ => Err(StatusWord::INCORRECT_P1_P2),
    }
}

/// Whether service `n` (1-based) of the service table EF `fid` of `adf` is available.
fn service(image: &Image, adf: NodeId, fid: [u8; 2], n: usize) -> bool {
    let Some(id) = image.fs.child_by_fid(adf, fid) else {
        return false;
    };
    match image.fs.node(id).map(|n| &n.kind) {
        Some(Kind::Ef { data, .. }) => data
            .get((n - 1) / 8)
            .is_some_and(|b| b & (1 << ((n - 1) % 8)) != 0),
        _ => false,
    }
}

/// AUTHENTICATE on the current application, which must be a NAA with keys; PIN1 must be
/// verified (or disabled) when the profile has it.
fn authenticate(
    image: &mut Image,
    sel: &Selection,
    cmd: &CommandApdu<'_>,
) -> Result<Changed, StatusWord> {
    let adf = sel.adf.ok_or(StatusWord::CONDITIONS_NOT_SATISFIED)?;
    let dirs = access::scope(&image.fs, adf);
    if image.pins.find(0x01, &dirs).is_some() && !image.pins.satisfied(0x01, &dirs) {
        return Err(files::SECURITY);
    }
    const EF_UST: [u8; 2] = [0x6F, 0x38];
    let gsm_access = service(image, adf, EF_UST, 27);
    let gsm_context = service(image, adf, EF_UST, 38);
    let naa = image
        .naas
        .iter_mut()
        .find(|n| n.adf == adf)
        .ok_or(StatusWord::CONDITIONS_NOT_SATISFIED)?;
    let answer =
        authenticate::authenticate(naa, cmd.p1, cmd.p2, cmd.data, gsm_access, gsm_context)?;
    if !answer.sqn_changed {
        return Ok(Changed::No(answer.data));
    }
    let values = naa
        .sqn
        .array
        .iter()
        .map(|v| hex::encode_upper(sqn::to_bytes(*v)))
        .collect();
    let name = image.fs.path_name(adf);
    image.saved.sqn.insert(name, values);
    Ok(Changed::Yes(answer.data))
}
