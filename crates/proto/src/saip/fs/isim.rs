//! TCA eUICC Profile Package v3.3.1: ISIM template PEs.
//!
//! Component lists follow the `PEDefinitions` module one to one; each struct is a
//! `#[derive(Asn1)]` SEQUENCE with AUTOMATIC TAGS (component i is `[i]`).

use crate::der::{Asn1, Oid};
use crate::saip::{File, PEHeader};

/// ADF.ISIM and the EFs created by default with it (3GPP TS 31.103).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-ISIM ::= SEQUENCE {
///     isim-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     adf-isim File,
///     ef-impi File,
///     ef-impu File,
///     ef-domain File,
///     ef-ist File,
///     ef-ad File OPTIONAL,
///     ef-arr File
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-ISIM")]
pub struct PEISIM {
    #[asn1(name = "isim-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "adf-isim")]
    pub adf_isim: File,
    #[asn1(name = "ef-impi")]
    pub ef_impi: File,
    #[asn1(name = "ef-impu")]
    pub ef_impu: File,
    #[asn1(name = "ef-domain")]
    pub ef_domain: File,
    #[asn1(name = "ef-ist")]
    pub ef_ist: File,
    #[asn1(name = "ef-ad")]
    pub ef_ad: Option<File>,
    #[asn1(name = "ef-arr")]
    pub ef_arr: File,
}

impl_file_system_pe!(PEISIM {
    adf_isim: "adf-isim",
    ef_impi: "ef-impi",
    ef_impu: "ef-impu",
    ef_domain: "ef-domain",
    ef_ist: "ef-ist",
    ef_ad: "ef-ad",
    ef_arr: "ef-arr",
});

/// Optional EFs of ADF.ISIM (3GPP TS 31.103).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-OPT-ISIM ::= SEQUENCE {
///     optisim-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     ef-pcscf File OPTIONAL,
///     ef-sms File OPTIONAL,
///     ef-smsp File OPTIONAL,
///     ef-smss File OPTIONAL,
///     ef-smsr File OPTIONAL,
///     ef-gbabp File OPTIONAL,
///     ef-gbanl File OPTIONAL,
///     ef-nafkca File OPTIONAL,
///     ef-uicciari File OPTIONAL,
///     ef-frompreferred File OPTIONAL,
///     ef-imsconfigdata File OPTIONAL,
///     ef-xcapconfigdata File OPTIONAL,
///     ef-webrtcuri File OPTIONAL,
///     ef-mudmidconfigdata File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-OPT-ISIM")]
pub struct PEOPTISIM {
    #[asn1(name = "optisim-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "ef-pcscf")]
    pub ef_pcscf: Option<File>,
    #[asn1(name = "ef-sms")]
    pub ef_sms: Option<File>,
    #[asn1(name = "ef-smsp")]
    pub ef_smsp: Option<File>,
    #[asn1(name = "ef-smss")]
    pub ef_smss: Option<File>,
    #[asn1(name = "ef-smsr")]
    pub ef_smsr: Option<File>,
    #[asn1(name = "ef-gbabp")]
    pub ef_gbabp: Option<File>,
    #[asn1(name = "ef-gbanl")]
    pub ef_gbanl: Option<File>,
    #[asn1(name = "ef-nafkca")]
    pub ef_nafkca: Option<File>,
    #[asn1(name = "ef-uicciari")]
    pub ef_uicciari: Option<File>,
    #[asn1(name = "ef-frompreferred")]
    pub ef_frompreferred: Option<File>,
    #[asn1(name = "ef-imsconfigdata")]
    pub ef_imsconfigdata: Option<File>,
    #[asn1(name = "ef-xcapconfigdata")]
    pub ef_xcapconfigdata: Option<File>,
    #[asn1(name = "ef-webrtcuri")]
    pub ef_webrtcuri: Option<File>,
    #[asn1(name = "ef-mudmidconfigdata")]
    pub ef_mudmidconfigdata: Option<File>,
}

impl_file_system_pe!(PEOPTISIM {
    ef_pcscf: "ef-pcscf",
    ef_sms: "ef-sms",
    ef_smsp: "ef-smsp",
    ef_smss: "ef-smss",
    ef_smsr: "ef-smsr",
    ef_gbabp: "ef-gbabp",
    ef_gbanl: "ef-gbanl",
    ef_nafkca: "ef-nafkca",
    ef_uicciari: "ef-uicciari",
    ef_frompreferred: "ef-frompreferred",
    ef_imsconfigdata: "ef-imsconfigdata",
    ef_xcapconfigdata: "ef-xcapconfigdata",
    ef_webrtcuri: "ef-webrtcuri",
    ef_mudmidconfigdata: "ef-mudmidconfigdata",
});
