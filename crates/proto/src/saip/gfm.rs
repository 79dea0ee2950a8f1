//! Generic file management: files created or updated by path rather than by template
//! (TCA eUICC Profile Package v3.3.1, `PE-GenericFileManagement`).

use super::file::Fcp;
use super::header::PEHeader;
use crate::der::Asn1;

/// A list of file-management command sequences.
///
/// ```text
/// PE-GenericFileManagement ::= SEQUENCE {
///     gfm-header PEHeader,
///     fileManagementCMD SEQUENCE (SIZE (1..MAX)) OF FileManagement
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-GenericFileManagement")]
pub struct PEGenericFileManagement {
    #[asn1(name = "gfm-header")]
    pub header: PEHeader,
    #[asn1(name = "fileManagementCMD")]
    pub file_management_cmd: Vec<FileManagement>,
}

/// One command of a [`FileManagement`] sequence. The CHOICE has tagged alternatives, so
/// AUTOMATIC TAGS does not apply: `fillFileOffset` is a plain INTEGER and `createFCP` uses
/// the FCP template tag `62`.
///
/// ```text
/// CHOICE {
///     filePath [0] OCTET STRING (SIZE (0..8)),
///     createFCP [APPLICATION 2] Fcp,
///     fillFileOffset UInt16,
///     fillFileContent [1] OCTET STRING
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
pub enum FileManagementCommand {
    /// Selects a DF by path from the MF (ADFs by their temporary file ID); empty: the MF.
    #[asn1(tag = 0)]
    FilePath(Vec<u8>),
    /// Creates a file in the selected DF and selects it.
    #[asn1(tag = "application 2", name = "createFCP")]
    CreateFcp(Box<Fcp>),
    /// Skips octets of the selected EF.
    FillFileOffset(u16),
    /// Writes octets into the selected EF.
    #[asn1(tag = 1)]
    FillFileContent(Vec<u8>),
}

/// A sequence of file-management commands.
///
/// ```text
/// FileManagement ::= SEQUENCE (SIZE (1..MAX)) OF CHOICE { ... }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(name = "FileManagement")]
pub struct FileManagement(pub Vec<FileManagementCommand>);
