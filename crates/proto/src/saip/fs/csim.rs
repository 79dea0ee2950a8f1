//! TCA eUICC Profile Package v3.3.1: CSIM template PEs.
//!
//! Component lists follow the `PEDefinitions` module one to one; each struct is a
//! `#[derive(Asn1)]` SEQUENCE with AUTOMATIC TAGS (component i is `[i]`).

use crate::der::{Asn1, Oid};
use crate::saip::{File, PEHeader};

/// ADF.CSIM and its EFs created by default (3GPP2 C.S0065).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-CSIM ::= SEQUENCE {
///     csim-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     adf-csim File,
///     ef-arr File,
///     ef-call-count File,
///     ef-imsi-m File,
///     ef-imsi-t File,
///     ef-tmsi File,
///     ef-ah File,
///     ef-aop File,
///     ef-aloc File,
///     ef-cdmahome File,
///     ef-znregi File,
///     ef-snregi File,
///     ef-distregi File,
///     ef-accolc File,
///     ef-term File,
///     ef-acp File,
///     ef-prl File,
///     ef-ruimid File,
///     ef-csim-st File,
///     ef-spc File,
///     ef-otapaspc File,
///     ef-namlock File,
///     ef-ota File,
///     ef-sp File,
///     ef-esn-meid-me File,
///     ef-li File,
///     ef-usgind File,
///     ef-ad File,
///     ef-max-prl File,
///     ef-spcs File,
///     ef-mecrp File,
///     ef-home-tag File,
///     ef-group-tag File,
///     ef-specific-tag File,
///     ef-call-prompt File
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-CSIM")]
pub struct PECSIM {
    #[asn1(name = "csim-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "adf-csim")]
    pub adf_csim: File,
    #[asn1(name = "ef-arr")]
    pub ef_arr: File,
    #[asn1(name = "ef-call-count")]
    pub ef_call_count: File,
    #[asn1(name = "ef-imsi-m")]
    pub ef_imsi_m: File,
    #[asn1(name = "ef-imsi-t")]
    pub ef_imsi_t: File,
    #[asn1(name = "ef-tmsi")]
    pub ef_tmsi: File,
    #[asn1(name = "ef-ah")]
    pub ef_ah: File,
    #[asn1(name = "ef-aop")]
    pub ef_aop: File,
    #[asn1(name = "ef-aloc")]
    pub ef_aloc: File,
    #[asn1(name = "ef-cdmahome")]
    pub ef_cdmahome: File,
    #[asn1(name = "ef-znregi")]
    pub ef_znregi: File,
    #[asn1(name = "ef-snregi")]
    pub ef_snregi: File,
    #[asn1(name = "ef-distregi")]
    pub ef_distregi: File,
    #[asn1(name = "ef-accolc")]
    pub ef_accolc: File,
    #[asn1(name = "ef-term")]
    pub ef_term: File,
    #[asn1(name = "ef-acp")]
    pub ef_acp: File,
    #[asn1(name = "ef-prl")]
    pub ef_prl: File,
    #[asn1(name = "ef-ruimid")]
    pub ef_ruimid: File,
    #[asn1(name = "ef-csim-st")]
    pub ef_csim_st: File,
    #[asn1(name = "ef-spc")]
    pub ef_spc: File,
    #[asn1(name = "ef-otapaspc")]
    pub ef_otapaspc: File,
    #[asn1(name = "ef-namlock")]
    pub ef_namlock: File,
    #[asn1(name = "ef-ota")]
    pub ef_ota: File,
    #[asn1(name = "ef-sp")]
    pub ef_sp: File,
    #[asn1(name = "ef-esn-meid-me")]
    pub ef_esn_meid_me: File,
    #[asn1(name = "ef-li")]
    pub ef_li: File,
    #[asn1(name = "ef-usgind")]
    pub ef_usgind: File,
    #[asn1(name = "ef-ad")]
    pub ef_ad: File,
    #[asn1(name = "ef-max-prl")]
    pub ef_max_prl: File,
    #[asn1(name = "ef-spcs")]
    pub ef_spcs: File,
    #[asn1(name = "ef-mecrp")]
    pub ef_mecrp: File,
    #[asn1(name = "ef-home-tag")]
    pub ef_home_tag: File,
    #[asn1(name = "ef-group-tag")]
    pub ef_group_tag: File,
    #[asn1(name = "ef-specific-tag")]
    pub ef_specific_tag: File,
    #[asn1(name = "ef-call-prompt")]
    pub ef_call_prompt: File,
}

impl_file_system_pe!(PECSIM {
    adf_csim: "adf-csim",
    ef_arr: "ef-arr",
    ef_call_count: "ef-call-count",
    ef_imsi_m: "ef-imsi-m",
    ef_imsi_t: "ef-imsi-t",
    ef_tmsi: "ef-tmsi",
    ef_ah: "ef-ah",
    ef_aop: "ef-aop",
    ef_aloc: "ef-aloc",
    ef_cdmahome: "ef-cdmahome",
    ef_znregi: "ef-znregi",
    ef_snregi: "ef-snregi",
    ef_distregi: "ef-distregi",
    ef_accolc: "ef-accolc",
    ef_term: "ef-term",
    ef_acp: "ef-acp",
    ef_prl: "ef-prl",
    ef_ruimid: "ef-ruimid",
    ef_csim_st: "ef-csim-st",
    ef_spc: "ef-spc",
    ef_otapaspc: "ef-otapaspc",
    ef_namlock: "ef-namlock",
    ef_ota: "ef-ota",
    ef_sp: "ef-sp",
    ef_esn_meid_me: "ef-esn-meid-me",
    ef_li: "ef-li",
    ef_usgind: "ef-usgind",
    ef_ad: "ef-ad",
    ef_max_prl: "ef-max-prl",
    ef_spcs: "ef-spcs",
    ef_mecrp: "ef-mecrp",
    ef_home_tag: "ef-home-tag",
    ef_group_tag: "ef-group-tag",
    ef_specific_tag: "ef-specific-tag",
    ef_call_prompt: "ef-call-prompt",
});

/// Optional EFs of ADF.CSIM (3GPP2 C.S0065).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-OPT-CSIM ::= SEQUENCE {
///     optcsim-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     ef-ssci File OPTIONAL,
///     ef-fdn File OPTIONAL,
///     ef-sms File OPTIONAL,
///     ef-smsp File OPTIONAL,
///     ef-smss File OPTIONAL,
///     ef-ssfc File OPTIONAL,
///     ef-spn File OPTIONAL,
///     ef-mdn File OPTIONAL,
///     ef-ecc File OPTIONAL,
///     ef-me3gpdopc File OPTIONAL,
///     ef-3gpdopm File OPTIONAL,
///     ef-sipcap File OPTIONAL,
///     ef-mipcap File OPTIONAL,
///     ef-sipupp File OPTIONAL,
///     ef-mipupp File OPTIONAL,
///     ef-sipsp File OPTIONAL,
///     ef-mipsp File OPTIONAL,
///     ef-sippapss File OPTIONAL,
///     ef-puzl File OPTIONAL,
///     ef-maxpuzl File OPTIONAL,
///     ef-hrpdcap File OPTIONAL,
///     ef-hrpdupp File OPTIONAL,
///     ef-csspr File OPTIONAL,
///     ef-atc File OPTIONAL,
///     ef-eprl File OPTIONAL,
///     ef-bcsmscfg File OPTIONAL,
///     ef-bcsmspref File OPTIONAL,
///     ef-bcsmstable File OPTIONAL,
///     ef-bcsmsp File OPTIONAL,
///     ef-bakpara File OPTIONAL,
///     ef-upbakpara File OPTIONAL,
///     ef-mmsn File OPTIONAL,
///     ef-ext8 File OPTIONAL,
///     ef-mmsicp File OPTIONAL,
///     ef-mmsup File OPTIONAL,
///     ef-mmsucp File OPTIONAL,
///     ef-auth-capability File OPTIONAL,
///     ef-3gcik File OPTIONAL,
///     ef-dck File OPTIONAL,
///     ef-gid1 File OPTIONAL,
///     ef-gid2 File OPTIONAL,
///     ef-cdmacnl File OPTIONAL,
///     ef-sf-euimid File OPTIONAL,
///     ef-est File OPTIONAL,
///     ef-hidden-key File OPTIONAL,
///     ef-lcsver File OPTIONAL,
///     ef-lcscp File OPTIONAL,
///     ef-sdn File OPTIONAL,
///     ef-ext2 File OPTIONAL,
///     ef-ext3 File OPTIONAL,
///     ef-ici File OPTIONAL,
///     ef-oci File OPTIONAL,
///     ef-ext5 File OPTIONAL,
///     ef-ccp2 File OPTIONAL,
///     ef-applabels File OPTIONAL,
///     ef-model File OPTIONAL,
///     ef-rc File OPTIONAL,
///     ef-smscap File OPTIONAL,
///     ef-mipflags File OPTIONAL,
///     ef-3gpduppext File OPTIONAL,
///     ef-ipv6cap File OPTIONAL,
///     ef-tcpconfig File OPTIONAL,
///     ef-dgc File OPTIONAL,
///     ef-wapbrowsercp File OPTIONAL,
///     ef-wapbrowserbm File OPTIONAL,
///     ef-mmsconfig File OPTIONAL,
///     ef-jdl File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-OPT-CSIM")]
pub struct PEOPTCSIM {
    #[asn1(name = "optcsim-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "ef-ssci")]
    pub ef_ssci: Option<File>,
    #[asn1(name = "ef-fdn")]
    pub ef_fdn: Option<File>,
    #[asn1(name = "ef-sms")]
    pub ef_sms: Option<File>,
    #[asn1(name = "ef-smsp")]
    pub ef_smsp: Option<File>,
    #[asn1(name = "ef-smss")]
    pub ef_smss: Option<File>,
    #[asn1(name = "ef-ssfc")]
    pub ef_ssfc: Option<File>,
    #[asn1(name = "ef-spn")]
    pub ef_spn: Option<File>,
    #[asn1(name = "ef-mdn")]
    pub ef_mdn: Option<File>,
    #[asn1(name = "ef-ecc")]
    pub ef_ecc: Option<File>,
    #[asn1(name = "ef-me3gpdopc")]
    pub ef_me3gpdopc: Option<File>,
    #[asn1(name = "ef-3gpdopm")]
    pub ef_3gpdopm: Option<File>,
    #[asn1(name = "ef-sipcap")]
    pub ef_sipcap: Option<File>,
    #[asn1(name = "ef-mipcap")]
    pub ef_mipcap: Option<File>,
    #[asn1(name = "ef-sipupp")]
    pub ef_sipupp: Option<File>,
    #[asn1(name = "ef-mipupp")]
    pub ef_mipupp: Option<File>,
    #[asn1(name = "ef-sipsp")]
    pub ef_sipsp: Option<File>,
    #[asn1(name = "ef-mipsp")]
    pub ef_mipsp: Option<File>,
    #[asn1(name = "ef-sippapss")]
    pub ef_sippapss: Option<File>,
    #[asn1(name = "ef-puzl")]
    pub ef_puzl: Option<File>,
    #[asn1(name = "ef-maxpuzl")]
    pub ef_maxpuzl: Option<File>,
    #[asn1(name = "ef-hrpdcap")]
    pub ef_hrpdcap: Option<File>,
    #[asn1(name = "ef-hrpdupp")]
    pub ef_hrpdupp: Option<File>,
    #[asn1(name = "ef-csspr")]
    pub ef_csspr: Option<File>,
    #[asn1(name = "ef-atc")]
    pub ef_atc: Option<File>,
    #[asn1(name = "ef-eprl")]
    pub ef_eprl: Option<File>,
    #[asn1(name = "ef-bcsmscfg")]
    pub ef_bcsmscfg: Option<File>,
    #[asn1(name = "ef-bcsmspref")]
    pub ef_bcsmspref: Option<File>,
    #[asn1(name = "ef-bcsmstable")]
    pub ef_bcsmstable: Option<File>,
    #[asn1(name = "ef-bcsmsp")]
    pub ef_bcsmsp: Option<File>,
    #[asn1(name = "ef-bakpara")]
    pub ef_bakpara: Option<File>,
    #[asn1(name = "ef-upbakpara")]
    pub ef_upbakpara: Option<File>,
    #[asn1(name = "ef-mmsn")]
    pub ef_mmsn: Option<File>,
    #[asn1(name = "ef-ext8")]
    pub ef_ext8: Option<File>,
    #[asn1(name = "ef-mmsicp")]
    pub ef_mmsicp: Option<File>,
    #[asn1(name = "ef-mmsup")]
    pub ef_mmsup: Option<File>,
    #[asn1(name = "ef-mmsucp")]
    pub ef_mmsucp: Option<File>,
    #[asn1(name = "ef-auth-capability")]
    pub ef_auth_capability: Option<File>,
    #[asn1(name = "ef-3gcik")]
    pub ef_3gcik: Option<File>,
    #[asn1(name = "ef-dck")]
    pub ef_dck: Option<File>,
    #[asn1(name = "ef-gid1")]
    pub ef_gid1: Option<File>,
    #[asn1(name = "ef-gid2")]
    pub ef_gid2: Option<File>,
    #[asn1(name = "ef-cdmacnl")]
    pub ef_cdmacnl: Option<File>,
    #[asn1(name = "ef-sf-euimid")]
    pub ef_sf_euimid: Option<File>,
    #[asn1(name = "ef-est")]
    pub ef_est: Option<File>,
    #[asn1(name = "ef-hidden-key")]
    pub ef_hidden_key: Option<File>,
    #[asn1(name = "ef-lcsver")]
    pub ef_lcsver: Option<File>,
    #[asn1(name = "ef-lcscp")]
    pub ef_lcscp: Option<File>,
    #[asn1(name = "ef-sdn")]
    pub ef_sdn: Option<File>,
    #[asn1(name = "ef-ext2")]
    pub ef_ext2: Option<File>,
    #[asn1(name = "ef-ext3")]
    pub ef_ext3: Option<File>,
    #[asn1(name = "ef-ici")]
    pub ef_ici: Option<File>,
    #[asn1(name = "ef-oci")]
    pub ef_oci: Option<File>,
    #[asn1(name = "ef-ext5")]
    pub ef_ext5: Option<File>,
    #[asn1(name = "ef-ccp2")]
    pub ef_ccp2: Option<File>,
    #[asn1(name = "ef-applabels")]
    pub ef_applabels: Option<File>,
    #[asn1(name = "ef-model")]
    pub ef_model: Option<File>,
    #[asn1(name = "ef-rc")]
    pub ef_rc: Option<File>,
    #[asn1(name = "ef-smscap")]
    pub ef_smscap: Option<File>,
    #[asn1(name = "ef-mipflags")]
    pub ef_mipflags: Option<File>,
    #[asn1(name = "ef-3gpduppext")]
    pub ef_3gpduppext: Option<File>,
    #[asn1(name = "ef-ipv6cap")]
    pub ef_ipv6cap: Option<File>,
    #[asn1(name = "ef-tcpconfig")]
    pub ef_tcpconfig: Option<File>,
    #[asn1(name = "ef-dgc")]
    pub ef_dgc: Option<File>,
    #[asn1(name = "ef-wapbrowsercp")]
    pub ef_wapbrowsercp: Option<File>,
    #[asn1(name = "ef-wapbrowserbm")]
    pub ef_wapbrowserbm: Option<File>,
    #[asn1(name = "ef-mmsconfig")]
    pub ef_mmsconfig: Option<File>,
    #[asn1(name = "ef-jdl")]
    pub ef_jdl: Option<File>,
}

impl_file_system_pe!(PEOPTCSIM {
    ef_ssci: "ef-ssci",
    ef_fdn: "ef-fdn",
    ef_sms: "ef-sms",
    ef_smsp: "ef-smsp",
    ef_smss: "ef-smss",
    ef_ssfc: "ef-ssfc",
    ef_spn: "ef-spn",
    ef_mdn: "ef-mdn",
    ef_ecc: "ef-ecc",
    ef_me3gpdopc: "ef-me3gpdopc",
    ef_3gpdopm: "ef-3gpdopm",
    ef_sipcap: "ef-sipcap",
    ef_mipcap: "ef-mipcap",
    ef_sipupp: "ef-sipupp",
    ef_mipupp: "ef-mipupp",
    ef_sipsp: "ef-sipsp",
    ef_mipsp: "ef-mipsp",
    ef_sippapss: "ef-sippapss",
    ef_puzl: "ef-puzl",
    ef_maxpuzl: "ef-maxpuzl",
    ef_hrpdcap: "ef-hrpdcap",
    ef_hrpdupp: "ef-hrpdupp",
    ef_csspr: "ef-csspr",
    ef_atc: "ef-atc",
    ef_eprl: "ef-eprl",
    ef_bcsmscfg: "ef-bcsmscfg",
    ef_bcsmspref: "ef-bcsmspref",
    ef_bcsmstable: "ef-bcsmstable",
    ef_bcsmsp: "ef-bcsmsp",
    ef_bakpara: "ef-bakpara",
    ef_upbakpara: "ef-upbakpara",
    ef_mmsn: "ef-mmsn",
    ef_ext8: "ef-ext8",
    ef_mmsicp: "ef-mmsicp",
    ef_mmsup: "ef-mmsup",
    ef_mmsucp: "ef-mmsucp",
    ef_auth_capability: "ef-auth-capability",
    ef_3gcik: "ef-3gcik",
    ef_dck: "ef-dck",
    ef_gid1: "ef-gid1",
    ef_gid2: "ef-gid2",
    ef_cdmacnl: "ef-cdmacnl",
    ef_sf_euimid: "ef-sf-euimid",
    ef_est: "ef-est",
    ef_hidden_key: "ef-hidden-key",
    ef_lcsver: "ef-lcsver",
    ef_lcscp: "ef-lcscp",
    ef_sdn: "ef-sdn",
    ef_ext2: "ef-ext2",
    ef_ext3: "ef-ext3",
    ef_ici: "ef-ici",
    ef_oci: "ef-oci",
    ef_ext5: "ef-ext5",
    ef_ccp2: "ef-ccp2",
    ef_applabels: "ef-applabels",
    ef_model: "ef-model",
    ef_rc: "ef-rc",
    ef_smscap: "ef-smscap",
    ef_mipflags: "ef-mipflags",
    ef_3gpduppext: "ef-3gpduppext",
    ef_ipv6cap: "ef-ipv6cap",
    ef_tcpconfig: "ef-tcpconfig",
    ef_dgc: "ef-dgc",
    ef_wapbrowsercp: "ef-wapbrowsercp",
    ef_wapbrowserbm: "ef-wapbrowserbm",
    ef_mmsconfig: "ef-mmsconfig",
    ef_jdl: "ef-jdl",
});
