//! TCA eUICC Profile Package v3.3.1: USIM template PEs.
//!
//! Component lists follow the `PEDefinitions` module one to one; each struct is a
//! `#[derive(Asn1)]` SEQUENCE with AUTOMATIC TAGS (component i is `[i]`).

use crate::der::{Asn1, Oid};
use crate::saip::{File, PEHeader};

/// ADF.USIM and the EFs created by default with it (3GPP TS 31.102).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-USIM ::= SEQUENCE {
///     usim-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     adf-usim File,
///     ef-imsi File,
///     ef-arr File,
///     ef-keys File OPTIONAL,
///     ef-keysPS File OPTIONAL,
///     ef-hpplmn File OPTIONAL,
///     ef-ust File,
///     ef-fdn File OPTIONAL,
///     ef-sms File OPTIONAL,
///     ef-smsp File OPTIONAL,
///     ef-smss File OPTIONAL,
///     ef-spn File,
///     ef-est File,
///     ef-start-hfn File OPTIONAL,
///     ef-threshold File OPTIONAL,
///     ef-psloci File OPTIONAL,
///     ef-acc File,
///     ef-fplmn File OPTIONAL,
///     ef-loci File OPTIONAL,
///     ef-ad File OPTIONAL,
///     ef-ecc File,
///     ef-netpar File OPTIONAL,
///     ef-epsloci File OPTIONAL,
///     ef-epsnsc File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-USIM")]
pub struct PEUSIM {
    #[asn1(name = "usim-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "adf-usim")]
    pub adf_usim: File,
    #[asn1(name = "ef-imsi")]
    pub ef_imsi: File,
    #[asn1(name = "ef-arr")]
    pub ef_arr: File,
    #[asn1(name = "ef-keys")]
    pub ef_keys: Option<File>,
    #[asn1(name = "ef-keysPS")]
    pub ef_keys_ps: Option<File>,
    #[asn1(name = "ef-hpplmn")]
    pub ef_hpplmn: Option<File>,
    #[asn1(name = "ef-ust")]
    pub ef_ust: File,
    #[asn1(name = "ef-fdn")]
    pub ef_fdn: Option<File>,
    #[asn1(name = "ef-sms")]
    pub ef_sms: Option<File>,
    #[asn1(name = "ef-smsp")]
    pub ef_smsp: Option<File>,
    #[asn1(name = "ef-smss")]
    pub ef_smss: Option<File>,
    #[asn1(name = "ef-spn")]
    pub ef_spn: File,
    #[asn1(name = "ef-est")]
    pub ef_est: File,
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
    pub ef_ecc: File,
    #[asn1(name = "ef-netpar")]
    pub ef_netpar: Option<File>,
    #[asn1(name = "ef-epsloci")]
    pub ef_epsloci: Option<File>,
    #[asn1(name = "ef-epsnsc")]
    pub ef_epsnsc: Option<File>,
}

impl_file_system_pe!(PEUSIM {
    adf_usim: "adf-usim",
    ef_imsi: "ef-imsi",
    ef_arr: "ef-arr",
    ef_keys: "ef-keys",
    ef_keys_ps: "ef-keysPS",
    ef_hpplmn: "ef-hpplmn",
    ef_ust: "ef-ust",
    ef_fdn: "ef-fdn",
    ef_sms: "ef-sms",
    ef_smsp: "ef-smsp",
    ef_smss: "ef-smss",
    ef_spn: "ef-spn",
    ef_est: "ef-est",
    ef_start_hfn: "ef-start-hfn",
    ef_threshold: "ef-threshold",
    ef_psloci: "ef-psloci",
    ef_acc: "ef-acc",
    ef_fplmn: "ef-fplmn",
    ef_loci: "ef-loci",
    ef_ad: "ef-ad",
    ef_ecc: "ef-ecc",
    ef_netpar: "ef-netpar",
    ef_epsloci: "ef-epsloci",
    ef_epsnsc: "ef-epsnsc",
});

/// Optional EFs of ADF.USIM, created only when listed (3GPP TS 31.102).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-OPT-USIM ::= SEQUENCE {
///     optusim-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     ef-li File OPTIONAL,
///     ef-acmax File OPTIONAL,
///     ef-acm File OPTIONAL,
///     ef-gid1 File OPTIONAL,
///     ef-gid2 File OPTIONAL,
///     ef-msisdn File OPTIONAL,
///     ef-puct File OPTIONAL,
///     ef-cbmi File OPTIONAL,
///     ef-cbmid File OPTIONAL,
///     ef-sdn File OPTIONAL,
///     ef-ext2 File OPTIONAL,
///     ef-ext3 File OPTIONAL,
///     ef-cbmir File OPTIONAL,
///     ef-plmnwact File OPTIONAL,
///     ef-oplmnwact File OPTIONAL,
///     ef-hplmnwact File OPTIONAL,
///     ef-dck File OPTIONAL,
///     ef-cnl File OPTIONAL,
///     ef-smsr File OPTIONAL,
///     ef-bdn File OPTIONAL,
///     ef-ext5 File OPTIONAL,
///     ef-ccp2 File OPTIONAL,
///     ef-ext4 File OPTIONAL,
///     ef-acl File OPTIONAL,
///     ef-cmi File OPTIONAL,
///     ef-ici File OPTIONAL,
///     ef-oci File OPTIONAL,
///     ef-ict File OPTIONAL,
///     ef-oct File OPTIONAL,
///     ef-vgcs File OPTIONAL,
///     ef-vgcss File OPTIONAL,
///     ef-vbs File OPTIONAL,
///     ef-vbss File OPTIONAL,
///     ef-emlpp File OPTIONAL,
///     ef-aaem File OPTIONAL,
///     ef-hiddenkey File OPTIONAL,
///     ef-pnn File OPTIONAL,
///     ef-opl File OPTIONAL,
///     ef-mbdn File OPTIONAL,
///     ef-ext6 File OPTIONAL,
///     ef-mbi File OPTIONAL,
///     ef-mwis File OPTIONAL,
///     ef-cfis File OPTIONAL,
///     ef-ext7 File OPTIONAL,
///     ef-spdi File OPTIONAL,
///     ef-mmsn File OPTIONAL,
///     ef-ext8 File OPTIONAL,
///     ef-mmsicp File OPTIONAL,
///     ef-mmsup File OPTIONAL,
///     ef-mmsucp File OPTIONAL,
///     ef-nia File OPTIONAL,
///     ef-vgcsca File OPTIONAL,
///     ef-vbsca File OPTIONAL,
///     ef-gbabp File OPTIONAL,
///     ef-msk File OPTIONAL,
///     ef-muk File OPTIONAL,
///     ef-ehplmn File OPTIONAL,
///     ef-gbanl File OPTIONAL,
///     ef-ehplmnpi File OPTIONAL,
///     ef-lrplmnsi File OPTIONAL,
///     ef-nafkca File OPTIONAL,
///     ef-spni File OPTIONAL,
///     ef-pnni File OPTIONAL,
///     ef-ncp-ip File OPTIONAL,
///     ef-ufc File OPTIONAL,
///     ef-nasconfig File OPTIONAL,
///     ef-uicciari File OPTIONAL,
///     ef-pws File OPTIONAL,
///     ef-fdnuri File OPTIONAL,
///     ef-bdnuri File OPTIONAL,
///     ef-sdnuri File OPTIONAL,
///     ef-ial File OPTIONAL,
///     ef-ips File OPTIONAL,
///     ef-ipd File OPTIONAL,
///     ef-epdgid File OPTIONAL,
///     ef-epdgselection File OPTIONAL,
///     ef-epdgidem File OPTIONAL,
///     ef-epdgselectionem File OPTIONAL,
///     ef-frompreferred File OPTIONAL,
///     ef-imsconfigdata File OPTIONAL,
///     ef-3gpppsdataoff File OPTIONAL,
///     ef-3gpppsdataoffservicelist File OPTIONAL,
///     ef-xcapconfigdata File OPTIONAL,
///     ef-earfcnlist File OPTIONAL,
///     ef-mudmidconfigdata File OPTIONAL,
///     ef-eaka File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-OPT-USIM")]
pub struct PEOPTUSIM {
    #[asn1(name = "optusim-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "ef-li")]
    pub ef_li: Option<File>,
    #[asn1(name = "ef-acmax")]
    pub ef_acmax: Option<File>,
    #[asn1(name = "ef-acm")]
    pub ef_acm: Option<File>,
    #[asn1(name = "ef-gid1")]
    pub ef_gid1: Option<File>,
    #[asn1(name = "ef-gid2")]
    pub ef_gid2: Option<File>,
    #[asn1(name = "ef-msisdn")]
    pub ef_msisdn: Option<File>,
    #[asn1(name = "ef-puct")]
    pub ef_puct: Option<File>,
    #[asn1(name = "ef-cbmi")]
    pub ef_cbmi: Option<File>,
    #[asn1(name = "ef-cbmid")]
    pub ef_cbmid: Option<File>,
    #[asn1(name = "ef-sdn")]
    pub ef_sdn: Option<File>,
    #[asn1(name = "ef-ext2")]
    pub ef_ext2: Option<File>,
    #[asn1(name = "ef-ext3")]
    pub ef_ext3: Option<File>,
    #[asn1(name = "ef-cbmir")]
    pub ef_cbmir: Option<File>,
    #[asn1(name = "ef-plmnwact")]
    pub ef_plmnwact: Option<File>,
    #[asn1(name = "ef-oplmnwact")]
    pub ef_oplmnwact: Option<File>,
    #[asn1(name = "ef-hplmnwact")]
    pub ef_hplmnwact: Option<File>,
    #[asn1(name = "ef-dck")]
    pub ef_dck: Option<File>,
    #[asn1(name = "ef-cnl")]
    pub ef_cnl: Option<File>,
    #[asn1(name = "ef-smsr")]
    pub ef_smsr: Option<File>,
    #[asn1(name = "ef-bdn")]
    pub ef_bdn: Option<File>,
    #[asn1(name = "ef-ext5")]
    pub ef_ext5: Option<File>,
    #[asn1(name = "ef-ccp2")]
    pub ef_ccp2: Option<File>,
    #[asn1(name = "ef-ext4")]
    pub ef_ext4: Option<File>,
    #[asn1(name = "ef-acl")]
    pub ef_acl: Option<File>,
    #[asn1(name = "ef-cmi")]
    pub ef_cmi: Option<File>,
    #[asn1(name = "ef-ici")]
    pub ef_ici: Option<File>,
    #[asn1(name = "ef-oci")]
    pub ef_oci: Option<File>,
    #[asn1(name = "ef-ict")]
    pub ef_ict: Option<File>,
    #[asn1(name = "ef-oct")]
    pub ef_oct: Option<File>,
    #[asn1(name = "ef-vgcs")]
    pub ef_vgcs: Option<File>,
    #[asn1(name = "ef-vgcss")]
    pub ef_vgcss: Option<File>,
    #[asn1(name = "ef-vbs")]
    pub ef_vbs: Option<File>,
    #[asn1(name = "ef-vbss")]
    pub ef_vbss: Option<File>,
    #[asn1(name = "ef-emlpp")]
    pub ef_emlpp: Option<File>,
    #[asn1(name = "ef-aaem")]
    pub ef_aaem: Option<File>,
    #[asn1(name = "ef-hiddenkey")]
    pub ef_hiddenkey: Option<File>,
    #[asn1(name = "ef-pnn")]
    pub ef_pnn: Option<File>,
    #[asn1(name = "ef-opl")]
    pub ef_opl: Option<File>,
    #[asn1(name = "ef-mbdn")]
    pub ef_mbdn: Option<File>,
    #[asn1(name = "ef-ext6")]
    pub ef_ext6: Option<File>,
    #[asn1(name = "ef-mbi")]
    pub ef_mbi: Option<File>,
    #[asn1(name = "ef-mwis")]
    pub ef_mwis: Option<File>,
    #[asn1(name = "ef-cfis")]
    pub ef_cfis: Option<File>,
    #[asn1(name = "ef-ext7")]
    pub ef_ext7: Option<File>,
    #[asn1(name = "ef-spdi")]
    pub ef_spdi: Option<File>,
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
    #[asn1(name = "ef-nia")]
    pub ef_nia: Option<File>,
    #[asn1(name = "ef-vgcsca")]
    pub ef_vgcsca: Option<File>,
    #[asn1(name = "ef-vbsca")]
    pub ef_vbsca: Option<File>,
    #[asn1(name = "ef-gbabp")]
    pub ef_gbabp: Option<File>,
    #[asn1(name = "ef-msk")]
    pub ef_msk: Option<File>,
    #[asn1(name = "ef-muk")]
    pub ef_muk: Option<File>,
    #[asn1(name = "ef-ehplmn")]
    pub ef_ehplmn: Option<File>,
    #[asn1(name = "ef-gbanl")]
    pub ef_gbanl: Option<File>,
    #[asn1(name = "ef-ehplmnpi")]
    pub ef_ehplmnpi: Option<File>,
    #[asn1(name = "ef-lrplmnsi")]
    pub ef_lrplmnsi: Option<File>,
    #[asn1(name = "ef-nafkca")]
    pub ef_nafkca: Option<File>,
    #[asn1(name = "ef-spni")]
    pub ef_spni: Option<File>,
    #[asn1(name = "ef-pnni")]
    pub ef_pnni: Option<File>,
    #[asn1(name = "ef-ncp-ip")]
    pub ef_ncp_ip: Option<File>,
    #[asn1(name = "ef-ufc")]
    pub ef_ufc: Option<File>,
    #[asn1(name = "ef-nasconfig")]
    pub ef_nasconfig: Option<File>,
    #[asn1(name = "ef-uicciari")]
    pub ef_uicciari: Option<File>,
    #[asn1(name = "ef-pws")]
    pub ef_pws: Option<File>,
    #[asn1(name = "ef-fdnuri")]
    pub ef_fdnuri: Option<File>,
    #[asn1(name = "ef-bdnuri")]
    pub ef_bdnuri: Option<File>,
    #[asn1(name = "ef-sdnuri")]
    pub ef_sdnuri: Option<File>,
    #[asn1(name = "ef-ial")]
    pub ef_ial: Option<File>,
    #[asn1(name = "ef-ips")]
    pub ef_ips: Option<File>,
    #[asn1(name = "ef-ipd")]
    pub ef_ipd: Option<File>,
    #[asn1(name = "ef-epdgid")]
    pub ef_epdgid: Option<File>,
    #[asn1(name = "ef-epdgselection")]
    pub ef_epdgselection: Option<File>,
    #[asn1(name = "ef-epdgidem")]
    pub ef_epdgidem: Option<File>,
    #[asn1(name = "ef-epdgselectionem")]
    pub ef_epdgselectionem: Option<File>,
    #[asn1(name = "ef-frompreferred")]
    pub ef_frompreferred: Option<File>,
    #[asn1(name = "ef-imsconfigdata")]
    pub ef_imsconfigdata: Option<File>,
    #[asn1(name = "ef-3gpppsdataoff")]
    pub ef_3gpppsdataoff: Option<File>,
    #[asn1(name = "ef-3gpppsdataoffservicelist")]
    pub ef_3gpppsdataoffservicelist: Option<File>,
    #[asn1(name = "ef-xcapconfigdata")]
    pub ef_xcapconfigdata: Option<File>,
    #[asn1(name = "ef-earfcnlist")]
    pub ef_earfcnlist: Option<File>,
    #[asn1(name = "ef-mudmidconfigdata")]
    pub ef_mudmidconfigdata: Option<File>,
    #[asn1(name = "ef-eaka")]
    pub ef_eaka: Option<File>,
}

impl_file_system_pe!(PEOPTUSIM {
    ef_li: "ef-li",
    ef_acmax: "ef-acmax",
    ef_acm: "ef-acm",
    ef_gid1: "ef-gid1",
    ef_gid2: "ef-gid2",
    ef_msisdn: "ef-msisdn",
    ef_puct: "ef-puct",
    ef_cbmi: "ef-cbmi",
    ef_cbmid: "ef-cbmid",
    ef_sdn: "ef-sdn",
    ef_ext2: "ef-ext2",
    ef_ext3: "ef-ext3",
    ef_cbmir: "ef-cbmir",
    ef_plmnwact: "ef-plmnwact",
    ef_oplmnwact: "ef-oplmnwact",
    ef_hplmnwact: "ef-hplmnwact",
    ef_dck: "ef-dck",
    ef_cnl: "ef-cnl",
    ef_smsr: "ef-smsr",
    ef_bdn: "ef-bdn",
    ef_ext5: "ef-ext5",
    ef_ccp2: "ef-ccp2",
    ef_ext4: "ef-ext4",
    ef_acl: "ef-acl",
    ef_cmi: "ef-cmi",
    ef_ici: "ef-ici",
    ef_oci: "ef-oci",
    ef_ict: "ef-ict",
    ef_oct: "ef-oct",
    ef_vgcs: "ef-vgcs",
    ef_vgcss: "ef-vgcss",
    ef_vbs: "ef-vbs",
    ef_vbss: "ef-vbss",
    ef_emlpp: "ef-emlpp",
    ef_aaem: "ef-aaem",
    ef_hiddenkey: "ef-hiddenkey",
    ef_pnn: "ef-pnn",
    ef_opl: "ef-opl",
    ef_mbdn: "ef-mbdn",
    ef_ext6: "ef-ext6",
    ef_mbi: "ef-mbi",
    ef_mwis: "ef-mwis",
    ef_cfis: "ef-cfis",
    ef_ext7: "ef-ext7",
    ef_spdi: "ef-spdi",
    ef_mmsn: "ef-mmsn",
    ef_ext8: "ef-ext8",
    ef_mmsicp: "ef-mmsicp",
    ef_mmsup: "ef-mmsup",
    ef_mmsucp: "ef-mmsucp",
    ef_nia: "ef-nia",
    ef_vgcsca: "ef-vgcsca",
    ef_vbsca: "ef-vbsca",
    ef_gbabp: "ef-gbabp",
    ef_msk: "ef-msk",
    ef_muk: "ef-muk",
    ef_ehplmn: "ef-ehplmn",
    ef_gbanl: "ef-gbanl",
    ef_ehplmnpi: "ef-ehplmnpi",
    ef_lrplmnsi: "ef-lrplmnsi",
    ef_nafkca: "ef-nafkca",
    ef_spni: "ef-spni",
    ef_pnni: "ef-pnni",
    ef_ncp_ip: "ef-ncp-ip",
    ef_ufc: "ef-ufc",
    ef_nasconfig: "ef-nasconfig",
    ef_uicciari: "ef-uicciari",
    ef_pws: "ef-pws",
    ef_fdnuri: "ef-fdnuri",
    ef_bdnuri: "ef-bdnuri",
    ef_sdnuri: "ef-sdnuri",
    ef_ial: "ef-ial",
    ef_ips: "ef-ips",
    ef_ipd: "ef-ipd",
    ef_epdgid: "ef-epdgid",
    ef_epdgselection: "ef-epdgselection",
    ef_epdgidem: "ef-epdgidem",
    ef_epdgselectionem: "ef-epdgselectionem",
    ef_frompreferred: "ef-frompreferred",
    ef_imsconfigdata: "ef-imsconfigdata",
    ef_3gpppsdataoff: "ef-3gpppsdataoff",
    ef_3gpppsdataoffservicelist: "ef-3gpppsdataoffservicelist",
    ef_xcapconfigdata: "ef-xcapconfigdata",
    ef_earfcnlist: "ef-earfcnlist",
    ef_mudmidconfigdata: "ef-mudmidconfigdata",
    ef_eaka: "ef-eaka",
});
