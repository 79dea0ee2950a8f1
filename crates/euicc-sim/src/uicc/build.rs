//! The UICC of a profile, built from its profile package as an eUICC installs it (TCA eUICC
//! Profile Package: template PEs 8.3, generic file management 8.3.6, PINs and PUKs 8.5,
//! AKA parameters 8.4), with the changes stored since ([`super::saved`]).
//!
//! A template PE creates its files where the template puts them: the MF template in the MF,
//! a NAA template its own ADF, the optional and DF templates in the last ADF of their NAA.
//! Within a PE, a `df-…` component is a DF in the PE's first directory and every EF is in
//! the directory named last before it (DF.TELECOM's sub-DFs each followed by their EFs).
//! A file's FCP is the template's with what the PE gives overriding it; its content is the
//! fill or repeat pattern of the PE (else the template's default, else 'FF'), then the
//! `fillFileContent` instructions. PE-PINCodes apply to the directory of the file-system PE
//! before them, PE-AKAParameter to the last ADF created.

use proto::saip::{
    AlgorithmID, Fcp, File, FileManagementCommand, FileSystemPe, PEAKAParameter, PEPINCodes,
    PEPUKCodes, PINKeyReferenceValue, PUKKeyReferenceValue, PackageError, PinCodes, ProfileElement,
    ProfilePackage,
};

use super::authenticate::{Algorithm, Naa};
use super::fs::{FileSystem, Kind, Node, NodeId, Structure};
use super::milenage::Milenage;
use super::pin::{Pin, Pins, Puk};
use super::saved::SavedState;
use super::sqn::{self, SqnState};
use super::template::{self, Anchor, AppKind, Shape, Template, TemplateFile};
use super::test_algorithm::TestAlgorithm;
use super::tuak::Tuak;

/// The UICC of one profile: its files, PINs and network credentials.
#[derive(Clone, Debug)]
pub struct Image {
    pub iccid: String,
    pub fs: FileSystem,
    pub pins: Pins,
    pub naas: Vec<Naa>,
    /// What has changed since installation, as stored.
    pub saved: SavedState,
}

/// Builds the UICC of the profile `iccid` from its package and stored changes.
pub fn build(
    iccid: &str,
    package: &[u8],
    saved: Option<&SavedState>,
) -> Result<Image, PackageError> {
    let parsed = ProfilePackage::from_der(package)?;
    let mut b = Builder::default();
    for pe in &parsed.elements {
        match pe {
            ProfileElement::PukCodes(p) => b.puks(p),
            ProfileElement::PinCodes(p) => b.pins(p),
            ProfileElement::AkaParameter(a) => b.aka(a),
            ProfileElement::GenericFileManagement(g) => {
                for sequence in &g.file_management_cmd {
                    b.gfm(&sequence.0);
                }
            }
            other => {
                if let Some(f) = other.file_system() {
                    b.template_pe(f);
                }
            }
        }
    }
    b.resolve_links();
    let mut image = Image {
        iccid: iccid.to_string(),
        fs: b.fs,
        pins: b.pins,
        naas: b.naas,
        saved: SavedState::default(),
    };
    if let Some(saved) = saved {
        restore(&mut image, saved);
    }
    Ok(image)
}

/// Applies stored changes; entries naming nothing of this package are dropped.
fn restore(image: &mut Image, saved: &SavedState) {
    for (path, data) in &saved.files {
        let Some(id) = image.fs.by_path_name(path) else {
            continue;
        };
        let Ok(bytes) = hex::decode(data) else {
            continue;
        };
        if let Some(Node {
            kind: Kind::Ef { data, .. },
            ..
        }) = image.fs.node_mut(id)
        {
            if data.len() == bytes.len() {
                *data = bytes;
                image
                    .saved
                    .files
                    .insert(path.clone(), hex::encode_upper(data));
            }
        }
    }
    let fs = &image.fs;
    image
        .pins
        .restore(&saved.pins, &saved.puks, |p| fs.by_path_name(p));
    let (pins, puks) = image.pins.saved(|d| image.fs.path_name(d));
    image.saved.pins = pins;
    image.saved.puks = puks;
    for naa in &mut image.naas {
        let name = image.fs.path_name(naa.adf);
        let Some(values) = saved.sqn.get(&name) else {
            continue;
        };
        for (slot, v) in naa.sqn.array.iter_mut().zip(values) {
            if let Ok(b) = <[u8; 6]>::try_from(hex::decode(v).unwrap_or_default()) {
                *slot = sqn::from_bytes(&b);
            }
        }
        image.saved.sqn.insert(name, values.clone());
    }
}

#[derive(Default)]
struct Builder {
    fs: FileSystem,
    /// The last ADF of each NAA kind.
    usim: Option<NodeId>,
    isim: Option<NodeId>,
    csim: Option<NodeId>,
    /// The last ADF created (PE-AKAParameter applies to it).
    last_adf: Option<NodeId>,
    /// The directory of the last file-system PE (PE-PINCodes apply to it).
    context: NodeId,
    pins: Pins,
    naas: Vec<Naa>,
    /// EFs created with a `linkPath` and the path they name, resolved once every PE is
    /// read (the target may come later in the package).
    links: Vec<(NodeId, Vec<u8>)>,
    /// Generic file management: the selected directory and EF, the write position.
    gfm_dir: NodeId,
    gfm_ef: Option<NodeId>,
    gfm_pos: usize,
}

/// The file descriptor byte's kind (TS 102 221 11.1.1.4.3).
fn descriptor_is_dir(fcp: Option<&Fcp>) -> bool {
    fcp.and_then(|f| f.file_descriptor.as_ref())
        .and_then(|d| d.first())
        .is_some_and(|fdb| fdb & 0x38 == 0x38 && fdb & 0x3F != 0x39)
}

impl Builder {
    fn template_pe(&mut self, pe: &dyn FileSystemPe) {
        let oid = pe.template_id().to_string();
        let tpl = template::by_oid(&oid);
        let anchor = match tpl.map(|t| t.anchor) {
            Some(Anchor::Usim) => self.usim.unwrap_or(FileSystem::MF),
            Some(Anchor::Isim) => self.isim.unwrap_or(FileSystem::MF),
            Some(Anchor::Csim) => self.csim.unwrap_or(FileSystem::MF),
            Some(Anchor::Mf) | Some(Anchor::OwnAdf(_)) | None => FileSystem::MF,
        };
        let mut place = Place {
            anchor,
            root: None,
            current: anchor,
        };
        let files = pe.files();
        for (name, file) in &files {
            if !file.do_not_create() {
                self.create(name, Some(file), tpl.as_ref(), &mut place);
            }
        }
        if let Some(t) = &tpl {
            for tf in template::created_by_default(t) {
                if !files.iter().any(|(n, _)| *n == tf.name) {
                    self.create(tf.name, None, Some(t), &mut place);
                }
            }
        }
        self.context = place.root.unwrap_or(anchor);
    }

    fn create(
        &mut self,
        name: &str,
        file: Option<&File>,
        tpl: Option<&Template>,
        place: &mut Place,
    ) {
        let tf = tpl.and_then(|t| template::lookup(t, name));
        let fcp = file.and_then(File::fcp);
        if name == "mf" {
            if let Some(mf) = self.fs.node_mut(FileSystem::MF) {
                apply_dir_fcp(mf, fcp);
                if mf.security.is_empty() {
                    mf.security = default_security(tf, true);
                }
            }
            place.root = Some(FileSystem::MF);
            place.current = FileSystem::MF;
            return;
        }
        if let Some(kind) = template::app_kind(name) {
            let Some(aid) = fcp.and_then(|f| f.df_name.clone()) else {
                tracing::warn!(name, "an ADF without AID is not created");
                return;
            };
            let mut node = dir_node(name, fcp.and_then(|f| f.file_id), Kind::Adf { aid });
            node.security = default_security(tf, false);
            apply_dir_fcp(&mut node, fcp);
            let id = self.fs.add(None, node);
            match kind {
                AppKind::Usim => self.usim = Some(id),
                AppKind::Isim => self.isim = Some(id),
                AppKind::Csim => self.csim = Some(id),
            }
            self.last_adf = Some(id);
            place.root.get_or_insert(id);
            place.current = id;
            return;
        }
        let is_dir = name.starts_with("df-") || descriptor_is_dir(fcp);
        let parent = if is_dir {
            place.root.unwrap_or(place.anchor)
        } else {
            place.current
        };
        let parent_is_mf = parent == FileSystem::MF;
        let Some(node) = make_node(name, fcp, tf, is_dir, parent_is_mf) else {
            tracing::debug!(name, "no file identifier: not created");
            return;
        };
        let id = self.fs.add(Some(parent), node);
        if is_dir {
            place.root.get_or_insert(id);
            place.current = id;
        } else if let Some(file) = file {
            self.fill(id, file);
        }
    }

    /// Writes the `fillFileContent` runs of `file` into EF `id`.
    fn fill(&mut self, id: NodeId, file: &File) {
        if let Some(Node {
            kind: Kind::Ef { data, .. },
            ..
        }) = self.fs.node_mut(id)
        {
            for s in file.segments() {
                write_at(data, s.offset, s.data);
            }
        }
    }

    fn gfm(&mut self, commands: &[FileManagementCommand]) {
        for c in commands {
            match c {
                FileManagementCommand::FilePath(path) => {
                    self.gfm_dir = self.by_install_path(path).unwrap_or(FileSystem::MF);
                    self.gfm_ef = None;
                    self.gfm_pos = 0;
                }
                FileManagementCommand::CreateFcp(fcp) => {
                    let is_dir = descriptor_is_dir(Some(fcp));
                    let name = format!(
                        "{}/{}",
                        self.fs.path_name(self.gfm_dir),
                        hex::encode_upper(fcp.file_id.unwrap_or_default())
                    );
                    let parent_is_mf = self.gfm_dir == FileSystem::MF;
                    let Some(node) = make_node(&name, Some(fcp), None, is_dir, parent_is_mf) else {
                        continue;
                    };
                    let id = self.fs.add(Some(self.gfm_dir), node);
                    self.gfm_pos = 0;
                    if let Some(path) = fcp.link_path.as_ref().filter(|p| !p.is_empty() && !is_dir)
                    {
                        self.links.push((id, path.clone()));
                    }
                    if is_dir {
                        self.gfm_dir = id;
                        self.gfm_ef = None;
                    } else {
                        self.gfm_ef = Some(id);
                    }
                }
                FileManagementCommand::FillFileOffset(n) => {
                    self.gfm_pos = self.gfm_pos.saturating_add(usize::from(*n));
                }
                FileManagementCommand::FillFileContent(bytes) => {
                    let pos = self.gfm_pos;
                    if let Some(Node {
                        kind: Kind::Ef { data, .. },
                        ..
                    }) = self.gfm_ef.and_then(|id| self.fs.node_mut(id))
                    {
                        write_at(data, pos, bytes);
                    }
                    self.gfm_pos = pos.saturating_add(bytes.len());
                }
            }
        }
    }

    /// Makes each EF created with a `linkPath` the file it names (TCA eUICC Profile Package
    /// `linkPath`; ETSI TS 102 222 6.3, linked EFs share their content): the directory
    /// lists the target under the link's file identifier, so reads and updates through
    /// either path reach the same content. A link whose target is missing stays an EF of
    /// its own.
    fn resolve_links(&mut self) {
        for (link, path) in std::mem::take(&mut self.links) {
            let split = path.len().saturating_sub(2);
            let (dir_path, fid) = path.split_at(split);
            let Ok(fid) = <[u8; 2]>::try_from(fid) else {
                continue;
            };
            let target = self
                .by_install_path(dir_path)
                .and_then(|d| self.fs.child_by_fid(d, fid));
            if let Some(target) = target.filter(|t| *t != link) {
                self.fs.link(link, target);
            }
        }
    }

    /// A directory by the path of a `filePath` (from the MF; ADFs by their file ID).
    fn by_install_path(&self, path: &[u8]) -> Option<NodeId> {
        let mut dir = FileSystem::MF;
        for (i, fid) in path.chunks(2).enumerate() {
            let fid: [u8; 2] = fid.try_into().ok()?;
            if fid == super::fs::MF_FID && i == 0 {
                continue;
            }
            dir = match self.fs.child_by_fid(dir, fid) {
                Some(d) => d,
                None if i == 0 => self
                    .fs
                    .adfs()
                    .find(|a| self.fs.node(*a).and_then(|n| n.fid) == Some(fid))?,
                None => return None,
            };
        }
        Some(dir)
    }

    fn puks(&mut self, pe: &PEPUKCodes) {
        for p in &pe.puk_codes {
            let Some(key_reference) = puk_reference(p.key_reference) else {
                continue;
            };
            let (max, left) = tries(p.max_num_of_attemps_retry_num_left, 0xAA);
            self.pins.puks.push(Puk {
                key_reference,
                value: p.puk_value,
                max_tries: max,
                tries_left: left,
            });
        }
    }

    fn pins(&mut self, pe: &PEPINCodes) {
        let PinCodes::PinConfig(list) = &pe.pin_codes else {
            // PINs shared with another ADF: that ADF's local PINs apply there already
            return;
        };
        for p in list {
            let Some(key_reference) = pin_reference(p.key_reference) else {
                continue;
            };
            let attributes = p.pin_attributes.unwrap_or(7);
            let (max, left) = tries(p.max_num_of_attemps_retry_num_left, 0x33);
            let scope = super::pin::is_local(key_reference).then_some(self.context);
            self.pins
                .pins
                .retain(|x| !(x.key_reference == key_reference && x.scope == scope));
            self.pins.pins.push(Pin {
                key_reference,
                scope,
                value: p.pin_value,
                enabled: attributes & 0x01 != 0,
                disablable: attributes & 0x04 != 0,
                max_tries: max,
                tries_left: left,
                puk: p.unblocking_pin_reference.and_then(puk_reference),
                verified: false,
            });
        }
    }

    fn aka(&mut self, pe: &PEAKAParameter) {
        let Some(adf) = self.last_adf else {
            return;
        };
        let algorithm = match pe.algo_parameter() {
            Some(a) if a.algorithm_id == AlgorithmID::Milenage => {
                match (
                    <[u8; 16]>::try_from(a.key.as_slice()),
                    <[u8; 16]>::try_from(a.opc.as_slice()),
                ) {
                    (Ok(k), Ok(opc)) => {
                        let rotations = a
                            .rotation_constants
                            .unwrap_or(super::milenage::DEFAULT_ROTATIONS);
                        let constants =
                            a.xoring_constants
                                .map_or(super::milenage::DEFAULT_CONSTANTS, |x| {
                                    let mut c = [[0u8; 16]; 5];
                                    for (i, chunk) in x.chunks(16).enumerate() {
                                        c[i].copy_from_slice(chunk);
                                    }
                                    c
                                });
                        Algorithm::Milenage(Box::new(Milenage::with_constants(
                            &k, &opc, rotations, constants,
                        )))
                    }
                    _ => Algorithm::Unsupported("MILENAGE with keys of the wrong length".into()),
                }
            }
            // TS 34.108 8.1.2: K alone (OPc, if any, is not used)
            Some(a) if a.algorithm_id == AlgorithmID::UsimTestAlgorithm => {
                match <[u8; 16]>::try_from(a.key.as_slice()) {
                    Ok(k) => Algorithm::TestAlgorithm(TestAlgorithm::new(&k)),
                    Err(_) => Algorithm::Unsupported(
                        "test algorithm with a key of the wrong length".into(),
                    ),
                }
            }
            // TS 35.231: K of 128 or 256 bits, TOPc in `opc`, numberOfKeccak DEFAULT 1
            Some(a) if a.algorithm_id == AlgorithmID::Tuak => {
                match Tuak::new(&a.key, &a.opc, a.number_of_keccak.unwrap_or(1)) {
                    Ok(t) => Algorithm::Tuak(Box::new(t)),
                    Err(e) => Algorithm::Unsupported(e.to_string()),
                }
            }
            Some(a) => Algorithm::Unsupported(format!("{:?}", a.algorithm_id)),
            None => match self.naas.iter().find(|n| n.adf != adf) {
                // mappingParameter: the algorithm of another NAA
                Some(n) => n.algorithm.clone(),
                None => Algorithm::Unsupported("mappingParameter".into()),
            },
        };
        let mut sqn = SqnState::default();
        if let Some(d) = pe.sqn_delta {
            sqn.delta = sqn::from_bytes(&d);
        }
        if let Some(l) = pe.sqn_age_limit {
            sqn.age_limit = sqn::from_bytes(&l);
        }
        if let Some(init) = &pe.sqn_init {
            for (slot, v) in sqn.array.iter_mut().zip(init) {
                *slot = sqn::from_bytes(v);
            }
        }
        self.naas.retain(|n| n.adf != adf);
        self.naas.push(Naa {
            adf,
            algorithm,
            sqn,
        });
    }
}

/// Where a template PE is putting files.
struct Place {
    anchor: NodeId,
    root: Option<NodeId>,
    current: NodeId,
}

fn dir_node(name: &str, fid: Option<[u8; 2]>, kind: Kind) -> Node {
    Node {
        fid,
        name: name.to_string(),
        parent: None,
        children: Vec::new(),
        kind,
        sfi: None,
        lcsi: 0x05,
        security: Vec::new(),
        pin_references: Vec::new(),
        shareable: true,
    }
}

fn apply_dir_fcp(node: &mut Node, fcp: Option<&Fcp>) {
    let Some(fcp) = fcp else { return };
    node.lcsi = fcp.lcsi_or_default();
    if let Some(s) = &fcp.security_attributes_referenced {
        node.security = s.clone();
    }
    if let Some(p) = &fcp.pin_status_template_do {
        node.pin_references = p.clone();
    }
}

/// Security attributes from the template's ARR record: EF.ARR '2F06' of the MF or '6F06'
/// of the DF/ADF, then the record number.
fn default_security(tf: Option<&TemplateFile>, in_mf: bool) -> Vec<u8> {
    match tf {
        Some(t) if t.arr != 0 => {
            let arr = if in_mf { [0x2F, 0x06] } else { [0x6F, 0x06] };
            vec![arr[0], arr[1], t.arr]
        }
        _ => Vec::new(),
    }
}

/// A DF or EF from its FCP over the template's definition.
fn make_node(
    name: &str,
    fcp: Option<&Fcp>,
    tf: Option<&TemplateFile>,
    is_dir: bool,
    parent_is_mf: bool,
) -> Option<Node> {
    let fid = fcp
        .and_then(|f| f.file_id)
        .or_else(|| tf.filter(|t| t.fid != 0).map(|t| t.fid.to_be_bytes()))?;
    let mut node = dir_node(name, Some(fid), Kind::Df);
    node.security = default_security(tf, parent_is_mf);
    if is_dir {
        apply_dir_fcp(&mut node, fcp);
        return Some(node);
    }
    let descriptor = fcp.and_then(|f| f.file_descriptor.as_deref());
    let fdb = descriptor.and_then(|d| d.first().copied());
    let shape = tf.map(|t| t.shape);
    let record_len = fcp.and_then(Fcp::record_length).or(match shape {
        Some(Shape::Lf(_, l) | Shape::Cy(_, l)) if l > 0 => Some(usize::from(l)),
        _ => None,
    });
    let structure = match (fdb, shape) {
        (Some(b), _) if b & 0x3F == 0x39 => Structure::BerTlv,
        (Some(b), _) if b & 0x07 == 0x02 => Structure::LinearFixed {
            record_len: record_len.unwrap_or(1),
        },
        (Some(b), _) if b & 0x07 == 0x06 => Structure::Cyclic {
            record_len: record_len.unwrap_or(1),
        },
        (Some(_), _) => Structure::Transparent,
        (None, Some(Shape::Lf(..))) => Structure::LinearFixed {
            record_len: record_len.unwrap_or(1),
        },
        (None, Some(Shape::Cy(..))) => Structure::Cyclic {
            record_len: record_len.unwrap_or(1),
        },
        (None, Some(Shape::Bt)) => Structure::BerTlv,
        (None, _) => Structure::Transparent,
    };
    let size = fcp.and_then(Fcp::file_size).or(match shape {
        Some(Shape::Tr(n)) if n > 0 => Some(usize::from(n)),
        Some(Shape::Lf(r, l) | Shape::Cy(r, l)) if r > 0 && l > 0 => {
            Some(usize::from(r) * usize::from(l))
        }
        _ => None,
    });
    let proprietary = fcp.and_then(|f| f.proprietary_ef_info.as_ref());
    let pattern = proprietary.and_then(|p| {
        p.fill_pattern
            .as_deref()
            .map(|f| (f, false))
            .or(p.repeat_pattern.as_deref().map(|r| (r, true)))
    });
    let pattern = pattern.or(tf.filter(|t| !t.fill.is_empty()).map(|t| (t.fill, false)));
    let unit = structure.record_len().unwrap_or(usize::MAX);
    let mut data = initial_content(size.unwrap_or(0), unit, pattern);
    if size.is_none() {
        // the size follows from what is written into the file
        data.clear();
    }
    if let Some(fcp) = fcp {
        node.lcsi = fcp.lcsi_or_default();
        if let Some(s) = &fcp.security_attributes_referenced {
            node.security = s.clone();
        }
    }
    node.sfi = match fcp.and_then(|f| f.short_ef_id.as_deref()) {
        Some([]) => None,
        Some([b, ..]) => Some(b >> 3).filter(|s| *s != 0),
        None => tf.map(|t| t.sfi).filter(|s| *s != 0),
    };
    node.shareable = fdb.is_none_or(|b| b & 0x40 != 0);
    node.kind = Kind::Ef { structure, data };
    Some(node)
}

/// `len` octets of initial content: the pattern per record (`unit` octets; a fill
/// pattern's last octet repeats, a repeat pattern repeats whole), else 'FF'.
fn initial_content(len: usize, unit: usize, pattern: Option<(&[u8], bool)>) -> Vec<u8> {
    let Some((p, repeat)) = pattern.filter(|(p, _)| !p.is_empty()) else {
        return vec![0xFF; len];
    };
    (0..len)
        .map(|i| {
            let pos = if unit == usize::MAX {
                i
            } else {
                i % unit.max(1)
            };
            match (repeat, p.get(pos)) {
                (true, _) => p[pos % p.len()],
                (false, Some(b)) => *b,
                (false, None) => p[p.len() - 1],
            }
        })
        .collect()
}

/// Writes `bytes` at `offset`, growing a file whose size was not given.
fn write_at(data: &mut Vec<u8>, offset: usize, bytes: &[u8]) {
    let end = offset.saturating_add(bytes.len());
    if end > data.len() {
        data.resize(end, 0xFF);
    }
    data[offset..end].copy_from_slice(bytes);
}

/// '63CX'-style tries: (maximum, left) from the high and low nibbles.
fn tries(value: Option<u16>, default: u16) -> (u8, u8) {
    let v = value.unwrap_or(default) as u8;
    let (max, left) = (v >> 4, v & 0x0F);
    (max.max(1), left.min(max.max(1)))
}

fn pin_reference(k: PINKeyReferenceValue) -> Option<u8> {
    use PINKeyReferenceValue::*;
    let v: i64 = match k {
        PinAppl1 => 1,
        PinAppl2 => 2,
        PinAppl3 => 3,
        PinAppl4 => 4,
        PinAppl5 => 5,
        PinAppl6 => 6,
        PinAppl7 => 7,
        PinAppl8 => 8,
        Adm1 => 10,
        Adm2 => 11,
        Adm3 => 12,
        Adm4 => 13,
        Adm5 => 14,
        SecondPinAppl1 => 129,
        SecondPinAppl2 => 130,
        SecondPinAppl3 => 131,
        SecondPinAppl4 => 132,
        SecondPinAppl5 => 133,
        SecondPinAppl6 => 134,
        SecondPinAppl7 => 135,
        SecondPinAppl8 => 136,
        Adm6 => 138,
        Adm7 => 139,
        Adm8 => 140,
        Adm9 => 141,
        Adm10 => 142,
        Other(v) => v,
    };
    u8::try_from(v).ok()
}

fn puk_reference(k: PUKKeyReferenceValue) -> Option<u8> {
    use PUKKeyReferenceValue::*;
    let v: i64 = match k {
        PukAppl1 => 1,
        PukAppl2 => 2,
        PukAppl3 => 3,
        PukAppl4 => 4,
        PukAppl5 => 5,
        PukAppl6 => 6,
        PukAppl7 => 7,
        PukAppl8 => 8,
        SecondPukAppl1 => 129,
        SecondPukAppl2 => 130,
        SecondPukAppl3 => 131,
        SecondPukAppl4 => 132,
        SecondPukAppl5 => 133,
        SecondPukAppl6 => 134,
        SecondPukAppl7 => 135,
        SecondPukAppl8 => 136,
        Other(v) => v,
    };
    u8::try_from(v).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts102_222_fill_and_repeat_patterns() {
        assert_eq!(initial_content(4, usize::MAX, None), [0xFF; 4]);
        assert_eq!(
            initial_content(5, usize::MAX, Some((&[0x07, 0xFF], false))),
            [0x07, 0xFF, 0xFF, 0xFF, 0xFF]
        );
        assert_eq!(
            initial_content(5, usize::MAX, Some((&[0x01, 0x02], true))),
            [1, 2, 1, 2, 1]
        );
        // per record
        assert_eq!(
            initial_content(6, 3, Some((&[0x00, 0xFF], false))),
            [0, 0xFF, 0xFF, 0, 0xFF, 0xFF]
        );
        assert_eq!(tries(None, 0x33), (3, 3));
        assert_eq!(tries(Some(0xA5), 0x33), (10, 5));
    }
}
