//! Files of the file-system PEs: the FCP that creates or overrides a file and the `File`
//! sequence of creation and fill instructions (TCA eUICC Profile Package v3.3.1, 8.3).

use crate::der::{Asn1, Null};

/// File control parameters (ETSI TS 102 222 coding) of a file created by a template or by
/// `genericFileManagement`. In a template PE, the parameters given override the template's.
///
/// DEFAULT components are kept as `Option` so that a package that spells out a default
/// value re-encodes byte for byte; [`Fcp::lcsi_or_default`] gives the effective value.
///
/// ```text
/// Fcp ::= SEQUENCE {
///     fileDescriptor [2] OCTET STRING (SIZE(2..4)) OPTIONAL,
///     fileID [3] OCTET STRING (SIZE(2)) OPTIONAL,
///     dfName [4] ApplicationIdentifier OPTIONAL,
///     lcsi [10] OCTET STRING (SIZE (1)) DEFAULT '05'H,
///     securityAttributesReferenced [11] OCTET STRING (SIZE (1..3)) OPTIONAL,
///     efFileSize [0] OCTET STRING OPTIONAL,
///     pinStatusTemplateDO [PRIVATE 6] OCTET STRING OPTIONAL,
///     shortEFID [8] OCTET STRING (SIZE (0..1)) OPTIONAL,
///     proprietaryEFInfo [5] ProprietaryInfo OPTIONAL,
///     linkPath [PRIVATE 7] OCTET STRING (SIZE (0..8)) OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "Fcp")]
pub struct Fcp {
    #[asn1(tag = 2)]
    pub file_descriptor: Option<Vec<u8>>,
    #[asn1(tag = 3, name = "fileID")]
    pub file_id: Option<[u8; 2]>,
    #[asn1(tag = 4)]
    pub df_name: Option<Vec<u8>>,
    /// DEFAULT '05'H (operational, activated).
    #[asn1(tag = 10)]
    pub lcsi: Option<[u8; 1]>,
    #[asn1(tag = 11)]
    pub security_attributes_referenced: Option<Vec<u8>>,
    #[asn1(tag = 0)]
    pub ef_file_size: Option<Vec<u8>>,
    #[asn1(tag = "private 6", name = "pinStatusTemplateDO")]
    pub pin_status_template_do: Option<Vec<u8>>,
    #[asn1(tag = 8, name = "shortEFID")]
    pub short_ef_id: Option<Vec<u8>>,
    #[asn1(tag = 5, name = "proprietaryEFInfo")]
    pub proprietary_ef_info: Option<ProprietaryInfo>,
    #[asn1(tag = "private 7")]
    pub link_path: Option<Vec<u8>>,
}

impl Fcp {
    /// Life cycle status integer, `05` when absent.
    pub fn lcsi_or_default(&self) -> u8 {
        self.lcsi.map_or(0x05, |[b]| b)
    }

    /// `efFileSize` as a number (big-endian octets), if given and at most 4 octets.
    pub fn file_size(&self) -> Option<usize> {
        let size = self.ef_file_size.as_ref()?;
        if size.is_empty() || size.len() > 4 {
            return None;
        }
        Some(
            size.iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b)),
        )
    }

    /// Record length of a linear fixed or cyclic EF (TS 102 221 11.1.1.4.3: the file
    /// descriptor's third and fourth octets), if the descriptor gives one.
    pub fn record_length(&self) -> Option<usize> {
        match self.file_descriptor.as_deref()? {
            [fdb, _, hi, lo] if matches!(fdb & 0x07, 0x02 | 0x06) => {
                Some(usize::from(*hi) << 8 | usize::from(*lo))
            }
            _ => None,
        }
    }
}

/// Proprietary EF information: fill or repeat pattern and BER-TLV file parameters.
///
/// ```text
/// ProprietaryInfo ::= SEQUENCE {
///     specialFileInformation [PRIVATE 0] OCTET STRING (SIZE (1)) DEFAULT '00'H,
///     fillPattern [PRIVATE 1] OCTET STRING (SIZE(1..200)) OPTIONAL,
///     repeatPattern [PRIVATE 2] OCTET STRING (SIZE(1..200)) OPTIONAL,
///     maximumFileSize [6] OCTET STRING OPTIONAL,
///     fileDetails [4] OCTET STRING (SIZE(1)) DEFAULT '01'H
/// }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "ProprietaryInfo")]
pub struct ProprietaryInfo {
    /// DEFAULT '00'H.
    #[asn1(tag = "private 0")]
    pub special_file_information: Option<[u8; 1]>,
    #[asn1(tag = "private 1")]
    pub fill_pattern: Option<Vec<u8>>,
    #[asn1(tag = "private 2")]
    pub repeat_pattern: Option<Vec<u8>>,
    #[asn1(tag = 6)]
    pub maximum_file_size: Option<Vec<u8>>,
    /// DEFAULT '01'H.
    #[asn1(tag = 4)]
    pub file_details: Option<[u8; 1]>,
}

/// One instruction of a [`File`].
///
/// ```text
/// CHOICE {
///     doNotCreate NULL,
///     fileDescriptor Fcp,
///     fillFileOffset UInt16,
///     fillFileContent OCTET STRING
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic)]
pub enum FileElement {
    /// Do not create this "created by default" template file.
    DoNotCreate(Null),
    /// Parameters overriding the template's FCP.
    FileDescriptor(Box<Fcp>),
    /// Skip this many octets from the current position.
    FillFileOffset(u16),
    /// Write these octets at the current position and advance past them.
    FillFileContent(Vec<u8>),
}

/// A file of a template PE: optional FCP override, then fill instructions that write the
/// file body from offset 0 onwards (see [`File::read`]).
///
/// ```text
/// File ::= SEQUENCE OF CHOICE {
///     doNotCreate NULL,
///     fileDescriptor Fcp,
///     fillFileOffset UInt16,
///     fillFileContent OCTET STRING
/// }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(name = "File")]
pub struct File(pub Vec<FileElement>);

impl File {
    /// The FCP given for the file, if any (the first `fileDescriptor`).
    pub fn fcp(&self) -> Option<&Fcp> {
        self.0.iter().find_map(|e| match e {
            FileElement::FileDescriptor(f) => Some(&**f),
            _ => None,
        })
    }

    /// Whether the profile asks the eUICC not to create this template file.
    pub fn do_not_create(&self) -> bool {
        self.0
            .iter()
            .any(|e| matches!(e, FileElement::DoNotCreate(_)))
    }
}
