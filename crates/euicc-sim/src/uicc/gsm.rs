//! The UICC as a SIM terminal sees it: the commands of class 'A0' (3GPP TS 51.011 §9, the
//! GSM 11.11 interface real UICCs still take, and SIM readers such as pySim-read use).
//!
//! ```text
//! A0 A4 00 00 02 FID        SELECT (9.2.1): '9FXX', the response data by GET RESPONSE
//! A0 C0 00 00 XX            GET RESPONSE (9.2.18)
//! A0 F2 00 00 XX            STATUS (9.2.2): the response data of the current directory
//! A0 B0 off off XX          READ BINARY (9.2.3)        A0 D6 … UPDATE BINARY (9.2.4)
//! A0 B2 rec mode XX         READ RECORD (9.2.5)        A0 DC … UPDATE RECORD (9.2.6)
//! A0 20 00 CHV 08 …         VERIFY CHV (9.2.9); CHANGE '24', DISABLE '26', ENABLE '28',
//! A0 2C 00 CHV 10 …         UNBLOCK CHV (9.2.13)       CHV1 is PIN '01', CHV2 PIN2 '81'
//! A0 88 00 00 10 RAND       RUN GSM ALGORITHM (9.2.16): '9F0C', SRES ‖ Kc
//! ```
//!
//! The files are the profile's, under the SIM's names: the MF and its DFs as they are, and
//! DF.GSM (`7F20`), which TCA profile packages do not create, as the USIM's ADF. A UICC
//! with a SIM and a USIM shares between DF.GSM and ADF.USIM the EFs both define with the
//! same coding (3GPP TR 31.900, SIM/USIM interworking); only those are visible in it here
//! ([`SHARED_WITH_USIM`]). DF.TELECOM shows the USIM's SMS and number EFs it lacks
//! ([`TELECOM_FROM_USIM`]). EF.SST (`6F38`) is made from the USIM's EF.UST ([`sst`]).
//! Status words are those of TS 51.011 9.4 ([`status_word`]).

use super::access::{Gate, Operation, gate};
use super::build::Image;
use super::fs::{Fid, FileSystem, Kind, MF_FID, NodeId, Structure};
use super::pin::PinCommand;
use super::select::Selection;
use super::{Answer, Command, Uicc};
use crate::Es10Processor;
use crate::apdu::{CommandApdu, StatusWord};

/// DF.GSM (TS 51.011 10.7).
pub const DF_GSM: Fid = [0x7F, 0x20];
/// DF.TELECOM.
pub const DF_TELECOM: Fid = [0x7F, 0x10];
/// EF.SST in DF.GSM (TS 51.011 10.3.7).
pub const EF_SST: Fid = [0x6F, 0x38];
/// EF.UST in ADF.USIM (TS 31.102 4.2.8).
const EF_UST: Fid = [0x6F, 0x38];
/// The USIM's AID prefix (RID and application code, ETSI TS 101 220 Annex E).
const USIM_AID_PREFIX: [u8; 7] = [0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02];

/// EFs of DF.GSM (TS 51.011 10.3) coded as in ADF.USIM (TS 31.102 4.2): IMSI, HPPLMN,
/// ACMmax, ACM, GID1, GID2, PUCT, CBMI, SPN, CBMID, CBMIR, PLMNwAcT, OPLMNwAcT, HPLMNwAcT,
/// ACC, FPLMN, LOCI, AD, eMLPP, AAeM, PNN, OPL, MBDN, MBI, MWIS, CFIS, SPDI.
pub const SHARED_WITH_USIM: [Fid; 27] = [
    [0x6F, 0x07],
    [0x6F, 0x31],
    [0x6F, 0x37],
    [0x6F, 0x39],
    [0x6F, 0x3E],
    [0x6F, 0x3F],
    [0x6F, 0x41],
    [0x6F, 0x45],
    [0x6F, 0x46],
    [0x6F, 0x48],
    [0x6F, 0x50],
    [0x6F, 0x60],
    [0x6F, 0x61],
    [0x6F, 0x62],
    [0x6F, 0x78],
    [0x6F, 0x7B],
    [0x6F, 0x7E],
    [0x6F, 0xAD],
    [0x6F, 0xB5],
    [0x6F, 0xB6],
    [0x6F, 0xC5],
    [0x6F, 0xC6],
    [0x6F, 0xC7],
    [0x6F, 0xC9],
    [0x6F, 0xCA],
    [0x6F, 0xCB],
    [0x6F, 0xCD],
];

/// EFs of DF.TELECOM (TS 51.011 10.5) the USIM holds with the same coding (TS 31.102 4.2):
/// FDN, SMS, MSISDN, SMSP, SMSS, SMSR, SDN.
pub const TELECOM_FROM_USIM: [Fid; 7] = [
    [0x6F, 0x3B],
    [0x6F, 0x3C],
    [0x6F, 0x40],
    [0x6F, 0x42],
    [0x6F, 0x43],
    [0x6F, 0x47],
    [0x6F, 0x49],
];

/// SIM services (TS 51.011 10.3.7) and the USIM services (TS 31.102 4.2.8) they are:
/// (SST n°, UST n°).
pub const SST_FROM_UST: [(usize, usize); 22] = [
    (3, 2),   // FDN
    (4, 10),  // SMS
    (5, 13),  // AoC
    (6, 14),  // CCP
    (9, 21),  // MSISDN
    (12, 12), // SMSP
    (14, 15), // CBMI
    (15, 17), // GID1
    (16, 18), // GID2
    (17, 19), // SPN
    (18, 4),  // SDN
    (23, 24), // eMLPP
    (24, 25), // AAeM
    (25, 29), // data download via SMS-CB
    (26, 28), // data download via SMS-PP
    (28, 30), // call control
    (30, 16), // CBMIR
    (31, 6),  // BDN
    (35, 11), // SMSR
    (43, 20), // user controlled PLMN selector with access technology
    (44, 42), // operator controlled PLMN selector with access technology
    (45, 43), // HPLMN selector with access technology
];

/// The status word a SIM answers where the UICC answers `sw` (TS 51.011 9.4).
pub fn status_word(sw: StatusWord) -> StatusWord {
    match sw.0 {
        0x9000 => sw,
        // 9.4.1: '9FXX' response data of XX bytes
        0x6100..=0x61FF => StatusWord(0x9F00 | (sw.0 & 0xFF)),
        // 9.4.2 memory problem
        0x6581 => StatusWord(0x9240),
        // 9.4.3 referencing: no EF selected, out of range, file not found, inconsistent
        0x6986 => StatusWord(0x9400),
        0x6B00 | 0x6A83 | 0x6282 => StatusWord(0x9402),
        0x6A82 => StatusWord(0x9404),
        0x6981 => StatusWord(0x9408),
        // 9.4.4 security: no CHV initialised, access condition not fulfilled or
        // unsuccessful CHV verification with tries left or authentication failed, in
        // contradiction with CHV status, CHV blocked
        0x6A88 => StatusWord(0x9802),
        0x6982 | 0x63C1..=0x63CF | 0x9862 => StatusWord(0x9804),
        0x6984 | 0x6985 => StatusWord(0x9808),
        0x6983 | 0x63C0 => StatusWord(0x9840),
        // 9.4.5 application independent errors: P3 ('67XX', XX the right length), P1-P2
        0x6C00..=0x6CFF => StatusWord(0x6700 | (sw.0 & 0xFF)),
        0x6A86 | 0x6A81 => StatusWord(0x6B00),
        _ => sw,
    }
}

/// The USIM's ADF, shown as DF.GSM.
fn usim(fs: &FileSystem) -> Option<NodeId> {
    fs.adf_by_aid(&USIM_AID_PREFIX)
}

/// A node's file identifier in the SIM's view (an ADF is DF.GSM).
fn sim_fid(fs: &FileSystem, id: NodeId) -> Option<Fid> {
    let node = fs.node(id)?;
    if node.is_adf() {
        Some(DF_GSM)
    } else {
        node.fid
    }
}

/// The parent directory in the SIM's view (DF.GSM's is the MF).
fn sim_parent(fs: &FileSystem, dir: NodeId) -> Option<NodeId> {
    let node = fs.node(dir)?;
    match node.parent {
        Some(p) => Some(p),
        None if node.is_adf() => Some(FileSystem::MF),
        None => None,
    }
}

/// The child `fid` of directory `dir` in the SIM's view.
fn sim_child(fs: &FileSystem, dir: NodeId, fid: Fid) -> Option<NodeId> {
    let node = fs.node(dir)?;
    if node.is_adf() {
        return SHARED_WITH_USIM
            .contains(&fid)
            .then(|| fs.child_by_fid(dir, fid))
            .flatten();
    }
    if let Some(c) = fs.child_by_fid(dir, fid) {
        return Some(c);
    }
    match (dir, node.fid) {
        (FileSystem::MF, _) if fid == DF_GSM => usim(fs),
        (_, Some(DF_TELECOM)) if node.parent == Some(FileSystem::MF) => TELECOM_FROM_USIM
            .contains(&fid)
            .then(|| usim(fs).and_then(|u| fs.child_by_fid(u, fid)))
            .flatten(),
        _ => None,
    }
}

/// Where SELECT of `fid` leads from the current directory (TS 51.011 6.5: the MF, the
/// current DF, its parent, their children).
fn resolve(fs: &FileSystem, sel: &Selection, fid: Fid) -> Option<Target> {
    if fid == MF_FID {
        return Some(Target::Node(FileSystem::MF));
    }
    let current = sel.df;
    let is_sst = |dir: NodeId| fid == EF_SST && fs.node(dir).is_some_and(|n| n.is_adf());
    if sim_fid(fs, current) == Some(fid) {
        return Some(Target::Node(current));
    }
    if is_sst(current) {
        return Some(Target::Sst(current));
    }
    if let Some(c) = sim_child(fs, current, fid) {
        return Some(Target::Node(c));
    }
    let parent = sim_parent(fs, current)?;
    if sim_fid(fs, parent) == Some(fid) {
        return Some(Target::Node(parent));
    }
    sim_child(fs, parent, fid).map(Target::Node)
}

/// What a SELECT found.
enum Target {
    Node(NodeId),
    /// EF.SST of DF.GSM, made from the UST of this ADF.
    Sst(NodeId),
}

/// EF.SST (TS 51.011 10.3.7: two bits per service, allocated and activated) from the USIM's
/// EF.UST: CHV1 disabling (n°1) when PIN1 may be disabled, the services of
/// [`SST_FROM_UST`] that the UST offers.
pub fn sst(image: &Image, adf: NodeId) -> Vec<u8> {
    let ust = match image
        .fs
        .child_by_fid(adf, EF_UST)
        .and_then(|id| image.fs.node(id))
        .map(|n| &n.kind)
    {
        Some(Kind::Ef { data, .. }) => data.as_slice(),
        _ => &[],
    };
    let in_ust = |n: usize| {
        ust.get((n - 1) / 8)
            .is_some_and(|b| b & (1 << ((n - 1) % 8)) != 0)
    };
    let mut out = vec![0u8; 12];
    let mut set = |n: usize| {
        if let Some(b) = out.get_mut((n - 1) / 4) {
            *b |= 0x03 << (2 * ((n - 1) % 4));
        }
    };
    if image
        .pins
        .pins
        .iter()
        .any(|p| p.key_reference == 0x01 && p.disablable)
    {
        set(1);
    }
    for (sst_n, ust_n) in SST_FROM_UST {
        if in_ust(ust_n) {
            set(sst_n);
        }
    }
    out
}

/// The access condition level of a gate (TS 51.011 9.3): ALW '0', CHV1 '1', CHV2 '2', ADM
/// '4'-'E' (ADM1 … of TS 102 221 9.5.1, '0A' as '4'), NEV 'F'.
fn level(g: Gate) -> u8 {
    match g {
        Gate::Always => 0x0,
        Gate::Pin(0x01) => 0x1,
        Gate::Pin(0x81) => 0x2,
        Gate::Pin(k @ 0x0A..=0x0E) => k - 0x06,
        Gate::Pin(k @ 0x8A..=0x8E) => k - 0x81,
        Gate::Pin(_) | Gate::Never => 0xF,
    }
}

/// CHV status bytes (TS 51.011 9.2.1): b8 set when the secret code is initialised, b4-b1
/// the false presentations left.
fn chv_status(present: bool, tries_left: u8) -> u8 {
    if present {
        0x80 | (tries_left & 0x0F)
    } else {
        0x00
    }
}

/// The SELECT response data of a directory (TS 51.011 9.2.1, MF/DF: 23 bytes).
fn directory_response(image: &Image, id: NodeId) -> Vec<u8> {
    let fs = &image.fs;
    let fid = sim_fid(fs, id).unwrap_or(MF_FID);
    let kind = if id == FileSystem::MF { 0x01 } else { 0x02 };
    let children: Vec<NodeId> = fs.node(id).map(|n| n.children.clone()).unwrap_or_default();
    let dfs = children
        .iter()
        .filter(|c| fs.node(**c).is_some_and(|n| n.is_directory()))
        .count();
    let efs = children.len() - dfs;
    let dirs = super::access::scope(fs, id);
    let pin = |kr: u8| {
        image
            .pins
            .find(kr, &dirs)
            .and_then(|i| image.pins.pins.get(i))
    };
    let puk = |kr: u8| {
        pin(kr)
            .and_then(|p| p.puk)
            .and_then(|r| image.pins.puks.iter().find(|k| k.key_reference == r))
    };
    let chv1 = pin(0x01);
    // b1 clock stop allowed, no preferred level; b8 CHV1 disabled
    let characteristics = 0x01
        | if chv1.is_some_and(|p| !p.enabled) {
            0x80
        } else {
            0x00
        };
    let codes = [
        chv1.is_some(),
        puk(0x01).is_some(),
        pin(0x81).is_some(),
        puk(0x81).is_some(),
    ]
    .iter()
    .filter(|p| **p)
    .count() as u8;
    let mut out = vec![
        0x00, 0x00, 0x00, 0x00, fid[0], fid[1], kind, 0, 0, 0, 0, 0, 10,
    ];
    out.extend([
        characteristics,
        dfs.min(255) as u8,
        efs.min(255) as u8,
        codes,
        0x00,
        chv_status(chv1.is_some(), chv1.map_or(0, |p| p.tries_left)),
        chv_status(puk(0x01).is_some(), puk(0x01).map_or(0, |p| p.tries_left)),
        chv_status(pin(0x81).is_some(), pin(0x81).map_or(0, |p| p.tries_left)),
        chv_status(puk(0x81).is_some(), puk(0x81).map_or(0, |p| p.tries_left)),
        0x00,
    ]);
    out
}

/// The SELECT response data of an EF (TS 51.011 9.2.1, EF: 15 bytes).
fn ef_response(fid: Fid, size: usize, structure: Structure, access: [u8; 3], lcsi: u8) -> Vec<u8> {
    let (coding, record_len) = match structure {
        Structure::Transparent | Structure::BerTlv => (0x00, 0),
        Structure::LinearFixed { record_len } => (0x01, record_len),
        Structure::Cyclic { record_len } => (0x03, record_len),
    };
    let size = size.min(0xFFFF);
    // b1 of the file status: not invalidated (TS 102 221 LCSI '05', activated)
    let status = u8::from(lcsi & 0x05 == 0x05);
    vec![
        0x00,
        0x00,
        (size >> 8) as u8,
        size as u8,
        fid[0],
        fid[1],
        0x04,
        0x00,
        access[0],
        access[1],
        access[2],
        status,
        0x02,
        coding,
        record_len.min(255) as u8,
    ]
}

/// The SELECT response data of node `id`.
fn response(image: &Image, id: NodeId) -> Vec<u8> {
    let fs = &image.fs;
    let Some(node) = fs.node(id) else {
        return Vec::new();
    };
    let Kind::Ef { structure, data } = &node.kind else {
        return directory_response(image, id);
    };
    let l = |op| level(gate(fs, id, op));
    let access = [
        l(Operation::Read) << 4 | l(Operation::Update),
        l(Operation::Instruction(0x32)) << 4,
        l(Operation::Activate) << 4 | l(Operation::Deactivate),
    ];
    ef_response(
        node.fid.unwrap_or_default(),
        data.len(),
        *structure,
        access,
        node.lcsi,
    )
}

/// PIN key reference of a CHV number in P2 (TS 51.011 9.2.9; CHV2 is the USIM's PIN2,
/// TS 102 221 9.5.1). UNBLOCK CHV names CHV1 with '00' (9.2.13).
fn chv_reference(command: PinCommand, p2: u8) -> Option<u8> {
    match (command, p2) {
        (PinCommand::Unblock, 0x00) | (_, 0x01) => Some(0x01),
        (_, 0x02) => Some(0x81),
        _ => None,
    }
}

impl Uicc {
    /// Runs one command of class 'A0' (TS 51.011 §9) on a channel's selection; errors are
    /// the UICC's status words (the caller maps them with [`status_word`]).
    pub fn process_gsm<P: Es10Processor>(
        &mut self,
        command: Command,
        sel: &mut Selection,
        cmd: &CommandApdu<'_>,
        processor: &mut P,
    ) -> Result<Answer, StatusWord> {
        match command {
            Command::Select | Command::Status => {}
            Command::ReadBinary | Command::UpdateBinary => {
                // no short file identifiers in TS 51.011 9.2.3: P1 is the offset's high byte
                if cmd.p1 & 0x80 != 0 {
                    return Err(StatusWord::INCORRECT_P1_P2);
                }
                return self.sim_ef_command(command, sel, cmd, processor);
            }
            Command::ReadRecord | Command::UpdateRecord => {
                // P2 is the mode alone (9.2.5)
                if cmd.p2 & 0xF8 != 0 {
                    return Err(StatusWord::INCORRECT_P1_P2);
                }
                return self.sim_ef_command(command, sel, cmd, processor);
            }
            Command::Pin(c) => {
                let p2 = chv_reference(c, cmd.p2).ok_or(StatusWord::INCORRECT_P1_P2)?;
                let mapped = CommandApdu { p2, ..cmd.clone() };
                return self.process(command, sel, &mapped, processor);
            }
            Command::Authenticate => return self.run_gsm_algorithm(sel, cmd, processor),
            Command::TerminalProfile | Command::Fetch | Command::TerminalResponse => {
                return self.process(command, sel, cmd, processor);
            }
            _ => return Err(StatusWord::INS_NOT_SUPPORTED),
        }
        self.image(processor);
        self.selection(sel);
        let Some(image) = self.image.as_ref() else {
            return Err(StatusWord::TECHNICAL_PROBLEM);
        };
        if cmd.p1 != 0 || cmd.p2 != 0 {
            return Err(StatusWord::INCORRECT_P1_P2);
        }
        if command == Command::Status {
            return Ok(response(image, sel.df).into());
        }
        let fid: Fid = cmd.data.try_into().map_err(|_| StatusWord::WRONG_LENGTH)?;
        match resolve(&image.fs, sel, fid).ok_or(StatusWord::NOT_FOUND)? {
            Target::Node(id) => {
                sel.set(&image.fs, id);
                self.sst_of = None;
                Ok(response(image, id).into())
            }
            Target::Sst(adf) => {
                // nothing of the file system is current but DF.GSM
                sel.set(&image.fs, adf);
                self.sst_of = Some(adf);
                let size = sst(image, adf).len();
                // READ CHV1, UPDATE ADM, INCREASE NEV, REHABILITATE and INVALIDATE ADM
                let access = [0x14, 0xF0, 0x44];
                Ok(ef_response(EF_SST, size, Structure::Transparent, access, 0x05).into())
            }
        }
    }

    /// READ/UPDATE BINARY/RECORD: on EF.SST when it is current, else the UICC's command.
    fn sim_ef_command<P: Es10Processor>(
        &mut self,
        command: Command,
        sel: &mut Selection,
        cmd: &CommandApdu<'_>,
        processor: &mut P,
    ) -> Result<Answer, StatusWord> {
        let sst_adf = self.sst_of.filter(|a| sel.df == *a && sel.ef.is_none());
        let (Some(adf), Some(image)) = (sst_adf, self.image.as_ref()) else {
            self.sst_of = None;
            return self.process(command, sel, cmd, processor);
        };
        if command != Command::ReadBinary {
            // EF.SST is read-only here ('UPDATE' is ADM in TS 51.011 10.3.7)
            return Err(if command == Command::UpdateBinary {
                super::files::SECURITY
            } else {
                super::files::INCOMPATIBLE
            });
        }
        if !image
            .pins
            .satisfied(0x01, &super::access::scope(&image.fs, adf))
            && image.pins.find(0x01, &[adf]).is_some()
        {
            return Err(super::files::SECURITY);
        }
        let data = sst(image, adf);
        let offset = usize::from(cmd.p1) << 8 | usize::from(cmd.p2);
        let ne = if cmd.has_le { cmd.ne } else { 256 };
        let end = offset.saturating_add(ne);
        match data.get(offset..end) {
            Some(part) => Ok(part.to_vec().into()),
            None => Err(super::files::OUTSIDE),
        }
    }

    /// RUN GSM ALGORITHM (TS 51.011 9.2.16): the USIM's GSM security context (TS 31.102
    /// 7.1.2.1), SRES ‖ Kc without their lengths.
    fn run_gsm_algorithm<P: Es10Processor>(
        &mut self,
        sel: &mut Selection,
        cmd: &CommandApdu<'_>,
        processor: &mut P,
    ) -> Result<Answer, StatusWord> {
        if cmd.p1 != 0 || cmd.p2 != 0 {
            return Err(StatusWord::INCORRECT_P1_P2);
        }
        if cmd.data.len() != 16 {
            return Err(StatusWord::WRONG_LENGTH);
        }
        self.image(processor);
        self.selection(sel);
        let adf = self
            .image
            .as_ref()
            .and_then(|i| usim(&i.fs))
            .ok_or(StatusWord::CONDITIONS_NOT_SATISFIED)?;
        let mut data = vec![0x10];
        data.extend_from_slice(cmd.data);
        let mapped = CommandApdu {
            p2: super::authenticate::GSM_CONTEXT,
            data: &data,
            ..cmd.clone()
        };
        let mut usim_sel = *sel;
        usim_sel.adf = Some(adf);
        let answer = self.process(Command::Authenticate, &mut usim_sel, &mapped, processor)?;
        match answer.data.as_slice() {
            [0x04, sres @ ..] if sres.len() == 13 => {
                let mut out = sres[..4].to_vec();
                out.extend_from_slice(&sres[5..]);
                Ok(out.into())
            }
            _ => Err(StatusWord::TECHNICAL_PROBLEM),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts51_011_9_4_status_words() {
        for (uicc, sim) in [
            (0x6A82, 0x9404),
            (0x6982, 0x9804),
            (0x63C2, 0x9804),
            (0x63C0, 0x9840),
            (0x6983, 0x9840),
            (0x6986, 0x9400),
            (0x6981, 0x9408),
            (0x6B00, 0x9402),
            (0x6A86, 0x6B00),
            (0x6C0A, 0x670A),
            (0x6112, 0x9F12),
            (0x9000, 0x9000),
            (0x6D00, 0x6D00),
        ] {
            assert_eq!(status_word(StatusWord(uicc)), StatusWord(sim), "{uicc:04X}");
        }
    }

    #[test]
    fn ts51_011_9_3_access_levels() {
        assert_eq!(level(Gate::Always), 0);
        assert_eq!(level(Gate::Pin(0x01)), 1);
        assert_eq!(level(Gate::Pin(0x81)), 2);
        assert_eq!(level(Gate::Pin(0x0A)), 4);
        assert_eq!(level(Gate::Never), 0xF);
    }
}
