//! TCA eUICC Profile Package v3.3.1: IoT minimal profile template PEs.
//!
//! Component lists follow the `PEDefinitions` module one to one; each struct is a
//! `#[derive(Asn1)]` SEQUENCE with AUTOMATIC TAGS (component i is `[i]`).

use crate::der::{Asn1, Oid};
use crate::saip::{File, PEHeader};

/// IoT minimal profile: MF, ADF.USIM and their essential EFs in one PE.
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-IoT ::= SEQUENCE {
///     iot-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     mf File OPTIONAL,
///     ef-pl File OPTIONAL,
///     ef-iccid File OPTIONAL,
///     ef-dir File OPTIONAL,
///     ef-arr File OPTIONAL,
///     ef-umpc File OPTIONAL,
///     adf-usim File OPTIONAL,
///     ef-imsi File,
///     ef-arr-usim File OPTIONAL,
///     ef-keys File OPTIONAL,
///     ef-keysPS File OPTIONAL,
///     ef-hpplmn File OPTIONAL,
///     ef-ust File OPTIONAL,
///     ef-start-hfn File OPTIONAL,
///     ef-threshold File OPTIONAL,
///     ef-psloci File OPTIONAL,
///     ef-acc File,
///     ef-fplmn File OPTIONAL,
///     ef-loci File OPTIONAL,
///     ef-ad File OPTIONAL,
///     ef-ecc File OPTIONAL,
///     ef-netpar File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-IoT")]
pub struct PEIoT {
    #[asn1(name = "iot-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "mf")]
    pub mf: Option<File>,
    #[asn1(name = "ef-pl")]
    pub ef_pl: Option<File>,
    #[asn1(name = "ef-iccid")]
    pub ef_iccid: Option<File>,
    #[asn1(name = "ef-dir")]
    pub ef_dir: Option<File>,
    #[asn1(name = "ef-arr")]
    pub ef_arr: Option<File>,
    #[asn1(name = "ef-umpc")]
    pub ef_umpc: Option<File>,
    #[asn1(name = "adf-usim")]
    pub adf_usim: Option<File>,
    #[asn1(name = "ef-imsi")]
    pub ef_imsi: File,
    #[asn1(name = "ef-arr-usim")]
    pub ef_arr_usim: Option<File>,
    #[asn1(name = "ef-keys")]
    pub ef_keys: Option<File>,
    #[asn1(name = "ef-keysPS")]
    pub ef_keys_ps: Option<File>,
    #[asn1(name = "ef-hpplmn")]
    pub ef_hpplmn: Option<File>,
    #[asn1(name = "ef-ust")]
    pub ef_ust: Option<File>,
    #[asn1(name = "ef-start-hfn")]
    pub ef_start_hfn: Option<File>,
    #[asn1(name = "ef-threshold")]
    pub ef_threshold: Option<File>,
    #[asn1(name = "ef-psloci")]
    pub ef_psloci: Option<File>,
    #[asn1(name = "ef-acc")]
    pub ef_acc: File,
    #[asn1(name = "ef-fplmn")]
    pub ef_fplmn: Option<File>,
    #[asn1(name = "ef-loci")]
    pub ef_loci: Option<File>,
    #[asn1(name = "ef-ad")]
    pub ef_ad: Option<File>,
    #[asn1(name = "ef-ecc")]
    pub ef_ecc: Option<File>,
    #[asn1(name = "ef-netpar")]
    pub ef_netpar: Option<File>,
}

impl_file_system_pe!(PEIoT {
    mf: "mf",
    ef_pl: "ef-pl",
    ef_iccid: "ef-iccid",
    ef_dir: "ef-dir",
    ef_arr: "ef-arr",
    ef_umpc: "ef-umpc",
    adf_usim: "adf-usim",
    ef_imsi: "ef-imsi",
    ef_arr_usim: "ef-arr-usim",
    ef_keys: "ef-keys",
    ef_keys_ps: "ef-keysPS",
    ef_hpplmn: "ef-hpplmn",
    ef_ust: "ef-ust",
    ef_start_hfn: "ef-start-hfn",
    ef_threshold: "ef-threshold",
    ef_psloci: "ef-psloci",
    ef_acc: "ef-acc",
    ef_fplmn: "ef-fplmn",
    ef_loci: "ef-loci",
    ef_ad: "ef-ad",
    ef_ecc: "ef-ecc",
    ef_netpar: "ef-netpar",
});

/// Optional EFs of the IoT minimal profile.
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-OPT-IoT ::= SEQUENCE {
///     optiot-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     ef-fdn File OPTIONAL,
///     ef-sms File OPTIONAL,
///     ef-smsp File OPTIONAL,
///     ef-smss File OPTIONAL,
///     ef-spn File OPTIONAL,
///     ef-est File OPTIONAL,
///     ef-oplmnwact File OPTIONAL,
///     ef-hplmnwact File OPTIONAL,
///     ef-ehplmn File OPTIONAL,
///     ef-epsloci File OPTIONAL,
///     ef-epsnsc File OPTIONAL,
///     df-df-5gs File OPTIONAL,
///     ef-5gs3gpploci File OPTIONAL,
///     ef-5gsn3gpploci File OPTIONAL,
///     ef-5gs3gppnsc File OPTIONAL,
///     ef-5gsn3gppnsc File OPTIONAL,
///     ef-5gauthkeys File OPTIONAL,
///     ef-uac-aic File OPTIONAL,
///     ef-suci-calc-info File OPTIONAL,
///     ef-opl5g File OPTIONAL,
///     ef-supi-nai File OPTIONAL,
///     ef-routing-indicator File OPTIONAL,
///     ef-ursp File OPTIONAL,
///     ef-tn3gppsnn File OPTIONAL,
///     df-df-saip File OPTIONAL,
///     ef-suci-calc-info-usim File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-OPT-IoT")]
pub struct PEOPTIoT {
    #[asn1(name = "optiot-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "ef-fdn")]
    pub ef_fdn: Option<File>,
    #[asn1(name = "ef-sms")]
    pub ef_sms: Option<File>,
    #[asn1(name = "ef-smsp")]
    pub ef_smsp: Option<File>,
    #[asn1(name = "ef-smss")]
    pub ef_smss: Option<File>,
    #[asn1(name = "ef-spn")]
    pub ef_spn: Option<File>,
    #[asn1(name = "ef-est")]
    pub ef_est: Option<File>,
    #[asn1(name = "ef-oplmnwact")]
    pub ef_oplmnwact: Option<File>,
    #[asn1(name = "ef-hplmnwact")]
    pub ef_hplmnwact: Option<File>,
    #[asn1(name = "ef-ehplmn")]
    pub ef_ehplmn: Option<File>,
    #[asn1(name = "ef-epsloci")]
    pub ef_epsloci: Option<File>,
    #[asn1(name = "ef-epsnsc")]
    pub ef_epsnsc: Option<File>,
    #[asn1(name = "df-df-5gs")]
    pub df_df_5gs: Option<File>,
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
    #[asn1(name = "ef-supi-nai")]
    pub ef_supi_nai: Option<File>,
    #[asn1(name = "ef-routing-indicator")]
    pub ef_routing_indicator: Option<File>,
    #[asn1(name = "ef-ursp")]
    pub ef_ursp: Option<File>,
    #[asn1(name = "ef-tn3gppsnn")]
    pub ef_tn3gppsnn: Option<File>,
    #[asn1(name = "df-df-saip")]
    pub df_df_saip: Option<File>,
    #[asn1(name = "ef-suci-calc-info-usim")]
    pub ef_suci_calc_info_usim: Option<File>,
}

impl_file_system_pe!(PEOPTIoT {
    ef_fdn: "ef-fdn",
    ef_sms: "ef-sms",
    ef_smsp: "ef-smsp",
    ef_smss: "ef-smss",
    ef_spn: "ef-spn",
    ef_est: "ef-est",
    ef_oplmnwact: "ef-oplmnwact",
    ef_hplmnwact: "ef-hplmnwact",
    ef_ehplmn: "ef-ehplmn",
    ef_epsloci: "ef-epsloci",
    ef_epsnsc: "ef-epsnsc",
    df_df_5gs: "df-df-5gs",
    ef_5gs3gpploci: "ef-5gs3gpploci",
    ef_5gsn3gpploci: "ef-5gsn3gpploci",
    ef_5gs3gppnsc: "ef-5gs3gppnsc",
    ef_5gsn3gppnsc: "ef-5gsn3gppnsc",
    ef_5gauthkeys: "ef-5gauthkeys",
    ef_uac_aic: "ef-uac-aic",
    ef_suci_calc_info: "ef-suci-calc-info",
    ef_opl5g: "ef-opl5g",
    ef_supi_nai: "ef-supi-nai",
    ef_routing_indicator: "ef-routing-indicator",
    ef_ursp: "ef-ursp",
    ef_tn3gppsnn: "ef-tn3gppsnn",
    df_df_saip: "df-df-saip",
    ef_suci_calc_info_usim: "ef-suci-calc-info-usim",
});
