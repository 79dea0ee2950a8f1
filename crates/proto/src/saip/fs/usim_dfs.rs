//! TCA eUICC Profile Package v3.3.1: template PEs of the DFs under ADF.USIM (GSM access, 5GS, SAIP, SNPN, 5G ProSe).
//!
//! Component lists follow the `PEDefinitions` module one to one; each struct is a
//! `#[derive(Asn1)]` SEQUENCE with AUTOMATIC TAGS (component i is `[i]`).

use crate::der::{Asn1, Oid};
use crate::saip::{File, PEHeader};

/// DF.GSM-ACCESS under ADF.USIM.
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-GSM-ACCESS ::= SEQUENCE {
///     gsm-access-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     df-gsm-access File,
///     ef-kc File OPTIONAL,
///     ef-kcgprs File OPTIONAL,
///     ef-cpbcch File OPTIONAL,
///     ef-invscan File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-GSM-ACCESS")]
pub struct PEGSMACCESS {
    #[asn1(name = "gsm-access-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "df-gsm-access")]
    pub df_gsm_access: File,
    #[asn1(name = "ef-kc")]
    pub ef_kc: Option<File>,
    #[asn1(name = "ef-kcgprs")]
    pub ef_kcgprs: Option<File>,
    #[asn1(name = "ef-cpbcch")]
    pub ef_cpbcch: Option<File>,
    #[asn1(name = "ef-invscan")]
    pub ef_invscan: Option<File>,
}

impl_file_system_pe!(PEGSMACCESS {
    df_gsm_access: "df-gsm-access",
    ef_kc: "ef-kc",
    ef_kcgprs: "ef-kcgprs",
    ef_cpbcch: "ef-cpbcch",
    ef_invscan: "ef-invscan",
});

/// DF.5GS under ADF.USIM (3GPP TS 31.102 4.4.11).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-DF-5GS ::= SEQUENCE {
///     df-5gs-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     df-df-5gs File,
///     ef-5gs3gpploci File OPTIONAL,
///     ef-5gsn3gpploci File OPTIONAL,
///     ef-5gs3gppnsc File OPTIONAL,
///     ef-5gsn3gppnsc File OPTIONAL,
///     ef-5gauthkeys File OPTIONAL,
///     ef-uac-aic File OPTIONAL,
///     ef-suci-calc-info File OPTIONAL,
///     ef-opl5g File OPTIONAL,
///     ef-supinai File OPTIONAL,
///     ef-routing-indicator File OPTIONAL,
///     ef-ursp File OPTIONAL,
///     ef-tn3gppsnn File OPTIONAL,
///     ef-cag File OPTIONAL,
///     ef-sor-cmci File OPTIONAL,
///     ef-dri File OPTIONAL,
///     ef-5gsedrx File OPTIONAL,
///     ef-5gnswo-conf File OPTIONAL,
///     ef-mchpplmn File OPTIONAL,
///     ef-kausf-derivation File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-DF-5GS")]
pub struct PEDF5GS {
    #[asn1(name = "df-5gs-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "df-df-5gs")]
    pub df_df_5gs: File,
    #[asn1(name = "ef-5gs3gpploci")]
    pub ef_5gs3gpploci: Option<File>,
    #[asn1(name = "ef-5gsn3gpploci")]
    pub ef_5gsn3gpploci: Option<File>,
    #[asn1(name = "ef-5gs3gppnsc")]
    pub ef_5gs3gppnsc: Option<File>,
    #[asn1(name = "ef-5gsn3gppnsc")]
    pub ef_5gsn3gppnsc: Option<File>,
    #[asn1(name = "ef-5gauthkeys")]
    pub ef_5gauthkeys: Option<File>,
    #[asn1(name = "ef-uac-aic")]
    pub ef_uac_aic: Option<File>,
    #[asn1(name = "ef-suci-calc-info")]
    pub ef_suci_calc_info: Option<File>,
    #[asn1(name = "ef-opl5g")]
    pub ef_opl5g: Option<File>,
    #[asn1(name = "ef-supinai")]
    pub ef_supinai: Option<File>,
    #[asn1(name = "ef-routing-indicator")]
    pub ef_routing_indicator: Option<File>,
    #[asn1(name = "ef-ursp")]
    pub ef_ursp: Option<File>,
    #[asn1(name = "ef-tn3gppsnn")]
    pub ef_tn3gppsnn: Option<File>,
    #[asn1(name = "ef-cag")]
    pub ef_cag: Option<File>,
    #[asn1(name = "ef-sor-cmci")]
    pub ef_sor_cmci: Option<File>,
    #[asn1(name = "ef-dri")]
    pub ef_dri: Option<File>,
    #[asn1(name = "ef-5gsedrx")]
    pub ef_5gsedrx: Option<File>,
    #[asn1(name = "ef-5gnswo-conf")]
    pub ef_5gnswo_conf: Option<File>,
    #[asn1(name = "ef-mchpplmn")]
    pub ef_mchpplmn: Option<File>,
    #[asn1(name = "ef-kausf-derivation")]
    pub ef_kausf_derivation: Option<File>,
}

impl_file_system_pe!(PEDF5GS {
    df_df_5gs: "df-df-5gs",
    ef_5gs3gpploci: "ef-5gs3gpploci",
    ef_5gsn3gpploci: "ef-5gsn3gpploci",
    ef_5gs3gppnsc: "ef-5gs3gppnsc",
    ef_5gsn3gppnsc: "ef-5gsn3gppnsc",
    ef_5gauthkeys: "ef-5gauthkeys",
    ef_uac_aic: "ef-uac-aic",
    ef_suci_calc_info: "ef-suci-calc-info",
    ef_opl5g: "ef-opl5g",
    ef_supinai: "ef-supinai",
    ef_routing_indicator: "ef-routing-indicator",
    ef_ursp: "ef-ursp",
    ef_tn3gppsnn: "ef-tn3gppsnn",
    ef_cag: "ef-cag",
    ef_sor_cmci: "ef-sor-cmci",
    ef_dri: "ef-dri",
    ef_5gsedrx: "ef-5gsedrx",
    ef_5gnswo_conf: "ef-5gnswo-conf",
    ef_mchpplmn: "ef-mchpplmn",
    ef_kausf_derivation: "ef-kausf-derivation",
});

/// DF.SAIP under ADF.USIM (SUCI calculation data for the eUICC).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-DF-SAIP ::= SEQUENCE {
///     df-saip-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     df-df-saip File,
///     ef-suci-calc-info-usim File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-DF-SAIP")]
pub struct PEDFSAIP {
    #[asn1(name = "df-saip-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "df-df-saip")]
    pub df_df_saip: File,
    #[asn1(name = "ef-suci-calc-info-usim")]
    pub ef_suci_calc_info_usim: Option<File>,
}

impl_file_system_pe!(PEDFSAIP {
    df_df_saip: "df-df-saip",
    ef_suci_calc_info_usim: "ef-suci-calc-info-usim",
});

/// DF.SNPN under ADF.USIM.
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-DF-SNPN ::= SEQUENCE {
///     df-snpn-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     df-df-snpn File,
///     ef-pws-snpn File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-DF-SNPN")]
pub struct PEDFSNPN {
    #[asn1(name = "df-snpn-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "df-df-snpn")]
    pub df_df_snpn: File,
    #[asn1(name = "ef-pws-snpn")]
    pub ef_pws_snpn: Option<File>,
}

impl_file_system_pe!(PEDFSNPN {
    df_df_snpn: "df-df-snpn",
    ef_pws_snpn: "ef-pws-snpn",
});

/// DF.5G_ProSe under ADF.USIM.
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-DF-5GPROSE ::= SEQUENCE {
///     df-5g-prose-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     df-df-5g-prose File,
///     ef-5g-prose-st File OPTIONAL,
///     ef-5g-prose-dd File OPTIONAL,
///     ef-5g-prose-dc File OPTIONAL,
///     ef-5g-prose-u2nru File OPTIONAL,
///     ef-5g-prose-ru File OPTIONAL,
///     ef-5g-prose-uir File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-DF-5GPROSE")]
pub struct PEDF5GPROSE {
    #[asn1(name = "df-5g-prose-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "df-df-5g-prose")]
    pub df_df_5g_prose: File,
    #[asn1(name = "ef-5g-prose-st")]
    pub ef_5g_prose_st: Option<File>,
    #[asn1(name = "ef-5g-prose-dd")]
    pub ef_5g_prose_dd: Option<File>,
    #[asn1(name = "ef-5g-prose-dc")]
    pub ef_5g_prose_dc: Option<File>,
    #[asn1(name = "ef-5g-prose-u2nru")]
    pub ef_5g_prose_u2nru: Option<File>,
    #[asn1(name = "ef-5g-prose-ru")]
    pub ef_5g_prose_ru: Option<File>,
    #[asn1(name = "ef-5g-prose-uir")]
    pub ef_5g_prose_uir: Option<File>,
}

impl_file_system_pe!(PEDF5GPROSE {
    df_df_5g_prose: "df-df-5g-prose",
    ef_5g_prose_st: "ef-5g-prose-st",
    ef_5g_prose_dd: "ef-5g-prose-dd",
    ef_5g_prose_dc: "ef-5g-prose-dc",
    ef_5g_prose_u2nru: "ef-5g-prose-u2nru",
    ef_5g_prose_ru: "ef-5g-prose-ru",
    ef_5g_prose_uir: "ef-5g-prose-uir",
});
