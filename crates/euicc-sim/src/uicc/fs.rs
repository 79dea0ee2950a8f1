//! The file system of the enabled profile (ETSI TS 102 221 clause 8): the MF with its DFs
//! and EFs, and the ADFs of the applications, held as an arena of nodes.
//!
//! ```text
//! MF 3F00 ─┬─ EF.ICCID 2FE2, EF.DIR 2F00, EF.ARR 2F06, EF.PL 2F05 …
//!          └─ DF.TELECOM 7F10 ─ DF.GRAPHICS 5F50 …
//! ADF.USIM (by AID) ─┬─ EF.IMSI 6F07, EF.AD 6FAD, EF.UST 6F38 …
//!                    └─ DF.5GS 5FC0, DF.GSM-ACCESS 5F3B …
//! ```
//!
//! ADFs are reached by AID (SELECT by DF name) or as `7FFF` (the current application) in a
//! path; they are not children of the MF for selection by file identifier (8.4.1).

/// A file identifier.
pub type Fid = [u8; 2];

/// The MF's file identifier.
pub const MF_FID: Fid = [0x3F, 0x00];
/// The file identifier that names the current application's ADF in paths (8.4.2).
pub const CURRENT_ADF_FID: Fid = [0x7F, 0xFF];

/// The index of a node in its [`FileSystem`].
pub type NodeId = usize;

/// The structure of an EF (TS 102 221 8.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Structure {
    Transparent,
    LinearFixed { record_len: usize },
    Cyclic { record_len: usize },
    BerTlv,
}

impl Structure {
    /// The record length of a record-based EF.
    pub fn record_len(self) -> Option<usize> {
        match self {
            Structure::LinearFixed { record_len } | Structure::Cyclic { record_len } => {
                Some(record_len)
            }
            Structure::Transparent | Structure::BerTlv => None,
        }
    }
}

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Mf,
    Df,
    /// An application DF, with its AID (DF name).
    Adf {
        aid: Vec<u8>,
    },
    Ef {
        structure: Structure,
        /// The body (transparent) or the records one after the other. For a cyclic EF the
        /// first record is the one last written (TS 102 221 8.2.3: record 1 is the newest).
        data: Vec<u8>,
    },
}

/// One file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// File identifier; ADFs may have none (they are selected by AID).
    pub fid: Option<Fid>,
    /// The component name of the profile package (`ef-imsi`) or the path for files made by
    /// generic file management.
    pub name: String,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    pub kind: Kind,
    /// Short file identifier (1..30).
    pub sfi: Option<u8>,
    /// Life cycle status integer (TS 102 221 11.1.1.4.9): '05' activated, '04' deactivated.
    pub lcsi: u8,
    /// Security attributes in referenced format (tag '8B' contents): EF.ARR file ID, then a
    /// record number (or SEID/record pairs).
    pub security: Vec<u8>,
    /// Key references of the PINs of a DF (the TCA `pinStatusTemplateDO`), for the PS_DO
    /// of its FCP.
    pub pin_references: Vec<u8>,
    /// The shareable bit of the file descriptor byte.
    pub shareable: bool,
}

impl Node {
    pub fn is_directory(&self) -> bool {
        !matches!(self.kind, Kind::Ef { .. })
    }

    pub fn is_adf(&self) -> bool {
        matches!(self.kind, Kind::Adf { .. })
    }

    pub fn aid(&self) -> Option<&[u8]> {
        match &self.kind {
            Kind::Adf { aid } => Some(aid),
            _ => None,
        }
    }

    /// Whether the file is deactivated (LCSI '04'/'06').
    pub fn deactivated(&self) -> bool {
        self.lcsi & 0x05 == 0x04
    }
}

/// The file system: node 0 is the MF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSystem {
    nodes: Vec<Node>,
}

impl Default for FileSystem {
    fn default() -> Self {
        Self::new()
    }
}

impl FileSystem {
    /// A file system with an empty MF.
    pub fn new() -> Self {
        Self {
            nodes: vec![Node {
                fid: Some(MF_FID),
                name: "mf".into(),
                parent: None,
                children: Vec::new(),
                kind: Kind::Mf,
                sfi: None,
                lcsi: 0x05,
                security: Vec::new(),
                pin_references: Vec::new(),
                shareable: true,
            }],
        }
    }

    pub const MF: NodeId = 0;

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id)
    }

    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes.get_mut(id)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Adds `node` under `parent` (`None`: an ADF, outside the MF's tree). A file with the
    /// same identifier in the same directory is replaced, as a profile that creates a file
    /// twice means the second.
    pub fn add(&mut self, parent: Option<NodeId>, mut node: Node) -> NodeId {
        node.parent = parent;
        if let (Some(p), Some(fid)) = (parent, node.fid) {
            if let Some(existing) = self.child_by_fid(p, fid) {
                let children = std::mem::take(&mut self.nodes[existing].children);
                node.children = children;
                self.nodes[existing] = node;
                return existing;
            }
        }
        let id = self.nodes.len();
        self.nodes.push(node);
        if let Some(p) = parent.and_then(|p| self.nodes.get_mut(p)) {
            p.children.push(id);
        }
        id
    }

    /// Puts `target` where `link` is in its directory's list of children: the directory
    /// then reaches `target` by the link's place (a linked EF sharing the target's content).
    /// `link` stays in the arena, reached from nowhere.
    pub fn link(&mut self, link: NodeId, target: NodeId) {
        let Some(dir) = self.nodes.get(link).and_then(|n| n.parent) else {
            return;
        };
        if self.nodes.get(target).is_none() {
            return;
        }
        if let Some(d) = self.nodes.get_mut(dir) {
            for c in &mut d.children {
                if *c == link {
                    *c = target;
                }
            }
        }
    }

    /// The child of `dir` with file identifier `fid`.
    pub fn child_by_fid(&self, dir: NodeId, fid: Fid) -> Option<NodeId> {
        self.nodes
            .get(dir)?
            .children
            .iter()
            .copied()
            .find(|c| self.nodes.get(*c).and_then(|n| n.fid) == Some(fid))
    }

    /// The EF of `dir` with short file identifier `sfi`.
    pub fn child_by_sfi(&self, dir: NodeId, sfi: u8) -> Option<NodeId> {
        self.nodes.get(dir)?.children.iter().copied().find(|c| {
            self.nodes
                .get(*c)
                .is_some_and(|n| !n.is_directory() && n.sfi == Some(sfi))
        })
    }

    /// Every ADF, in creation order.
    pub fn adfs(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len()).filter(|i| self.nodes[*i].is_adf())
    }

    /// The ADF whose AID starts with `aid` (selection by partial DF name, TS 102 221 8.4.2).
    pub fn adf_by_aid(&self, aid: &[u8]) -> Option<NodeId> {
        self.adfs().find(|i| {
            self.nodes[*i]
                .aid()
                .is_some_and(|a| !aid.is_empty() && a.starts_with(aid))
        })
    }

    /// The directory a node is in (itself for a directory).
    pub fn directory_of(&self, id: NodeId) -> NodeId {
        match self.nodes.get(id) {
            Some(n) if !n.is_directory() => n.parent.unwrap_or(Self::MF),
            _ => id,
        }
    }

    /// The ADF a node belongs to, if any.
    pub fn adf_of(&self, mut id: NodeId) -> Option<NodeId> {
        loop {
            let n = self.nodes.get(id)?;
            if n.is_adf() {
                return Some(id);
            }
            id = n.parent?;
        }
    }

    /// A stable name for a node across rebuilds of the same profile: its path of file
    /// identifiers from the MF (`3F00/7F10/5F3A/4F30`), or from its ADF (`A0000000871002/6F07`,
    /// the AID in hex).
    pub fn path_name(&self, id: NodeId) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(id);
        while let Some(i) = cur {
            let Some(n) = self.nodes.get(i) else { break };
            parts.push(match (&n.kind, n.fid) {
                (Kind::Adf { aid }, _) => hex::encode_upper(aid),
                (_, Some(fid)) => hex::encode_upper(fid),
                (_, None) => n.name.clone(),
            });
            cur = n.parent;
        }
        parts.reverse();
        parts.join("/")
    }

    /// The node with a [`FileSystem::path_name`].
    pub fn by_path_name(&self, name: &str) -> Option<NodeId> {
        (0..self.nodes.len()).find(|i| self.path_name(*i) == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ef(fid: Fid, sfi: Option<u8>) -> Node {
        Node {
            fid: Some(fid),
            name: "ef".into(),
            parent: None,
            children: Vec::new(),
            kind: Kind::Ef {
                structure: Structure::Transparent,
                data: vec![0; 4],
            },
            sfi,
            lcsi: 0x05,
            security: Vec::new(),
            pin_references: Vec::new(),
            shareable: true,
        }
    }

    #[test]
    fn ts102_221_8_4_children_by_fid_and_sfi_and_adfs_by_partial_aid() {
        let mut fs = FileSystem::new();
        let iccid = fs.add(Some(FileSystem::MF), ef([0x2F, 0xE2], Some(2)));
        let adf = fs.add(
            None,
            Node {
                kind: Kind::Adf {
                    aid: vec![0xA0, 0, 0, 0, 0x87, 0x10, 0x02, 0xFF],
                },
                fid: None,
                ..ef([0, 0], None)
            },
        );
        let imsi = fs.add(Some(adf), ef([0x6F, 0x07], Some(7)));
        assert_eq!(fs.child_by_fid(FileSystem::MF, [0x2F, 0xE2]), Some(iccid));
        assert_eq!(fs.child_by_sfi(FileSystem::MF, 2), Some(iccid));
        assert_eq!(fs.child_by_sfi(adf, 7), Some(imsi));
        assert_eq!(fs.adf_by_aid(&[0xA0, 0, 0, 0, 0x87, 0x10, 0x02]), Some(adf));
        assert_eq!(fs.adf_by_aid(&[0xA0, 0, 0, 0, 0x87, 0x10, 0x04]), None);
        assert_eq!(fs.adf_of(imsi), Some(adf));
        assert_eq!(fs.adf_of(iccid), None);
        assert_eq!(fs.path_name(imsi), "A0000000871002FF/6F07");
        assert_eq!(fs.path_name(iccid), "3F00/2FE2");
        assert_eq!(fs.by_path_name("3F00/2FE2"), Some(iccid));
        // the same FID again replaces the file
        let again = fs.add(Some(FileSystem::MF), ef([0x2F, 0xE2], None));
        assert_eq!(again, iccid);
        assert_eq!(fs.node(iccid).and_then(|n| n.sfi), None);
    }
}
