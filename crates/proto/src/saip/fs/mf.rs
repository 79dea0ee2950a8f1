//! TCA eUICC Profile Package v3.3.1: MF and DF.CD template PEs.
//!
//! Component lists follow the `PEDefinitions` module one to one; each struct is a
//! `#[derive(Asn1)]` SEQUENCE with AUTOMATIC TAGS (component i is `[i]`).

use crate::der::{Asn1, Oid};
use crate::saip::{File, PEHeader};

/// The MF and its EFs under the MF template (ICCID, DIR, ARR, PL, UMPC).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-MF ::= SEQUENCE {
///     mf-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     mf File,
///     ef-pl File OPTIONAL,
///     ef-iccid File,
///     ef-dir File,
///     ef-arr File,
///     ef-umpc File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-MF")]
pub struct PEMF {
    #[asn1(name = "mf-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "mf")]
    pub mf: File,
    #[asn1(name = "ef-pl")]
    pub ef_pl: Option<File>,
    #[asn1(name = "ef-iccid")]
    pub ef_iccid: File,
    #[asn1(name = "ef-dir")]
    pub ef_dir: File,
    #[asn1(name = "ef-arr")]
    pub ef_arr: File,
    #[asn1(name = "ef-umpc")]
    pub ef_umpc: Option<File>,
}

impl_file_system_pe!(PEMF {
    mf: "mf",
    ef_pl: "ef-pl",
    ef_iccid: "ef-iccid",
    ef_dir: "ef-dir",
    ef_arr: "ef-arr",
    ef_umpc: "ef-umpc",
});

/// DF.CD (configuration data: launch pad and icons).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-CD ::= SEQUENCE {
///     cd-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     df-cd File,
///     ef-launchpad File OPTIONAL,
///     ef-icon File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-CD")]
pub struct PECD {
    #[asn1(name = "cd-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "df-cd")]
    pub df_cd: File,
    #[asn1(name = "ef-launchpad")]
    pub ef_launchpad: Option<File>,
    #[asn1(name = "ef-icon")]
    pub ef_icon: Option<File>,
}

impl_file_system_pe!(PECD {
    df_cd: "df-cd",
    ef_launchpad: "ef-launchpad",
    ef_icon: "ef-icon",
});
