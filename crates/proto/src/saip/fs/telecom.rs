//! TCA eUICC Profile Package v3.3.1: DF.TELECOM and DF.PHONEBOOK template PEs.
//!
//! Component lists follow the `PEDefinitions` module one to one; each struct is a
//! `#[derive(Asn1)]` SEQUENCE with AUTOMATIC TAGS (component i is `[i]`).

use crate::der::{Asn1, Oid};
use crate::saip::{File, PEHeader};

/// DF.TELECOM with its graphics, phonebook, multimedia, MMSS, MCS and V2X DFs.
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-TELECOM ::= SEQUENCE {
///     telecom-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     df-telecom File,
///     ef-arr File OPTIONAL,
///     ef-rma File OPTIONAL,
///     ef-sume File OPTIONAL,
///     ef-ice-dn File OPTIONAL,
///     ef-ice-ff File OPTIONAL,
///     ef-psismsc File OPTIONAL,
///     df-graphics File OPTIONAL,
///     ef-img File OPTIONAL,
///     ef-iidf File OPTIONAL,
///     ef-ice-graphics File OPTIONAL,
///     ef-launch-scws File OPTIONAL,
///     ef-icon File OPTIONAL,
///     df-phonebook File OPTIONAL,
///     ef-pbr File OPTIONAL,
///     ef-ext1 File OPTIONAL,
///     ef-aas File OPTIONAL,
///     ef-gas File OPTIONAL,
///     ef-psc File OPTIONAL,
///     ef-cc File OPTIONAL,
///     ef-puid File OPTIONAL,
///     ef-iap File OPTIONAL,
///     ef-adn File OPTIONAL,
///     ef-pbc File OPTIONAL,
///     ef-anr File OPTIONAL,
///     ef-puri File OPTIONAL,
///     ef-email File OPTIONAL,
///     ef-sne File OPTIONAL,
///     ef-uid File OPTIONAL,
///     ef-grp File OPTIONAL,
///     ef-ccp1 File OPTIONAL,
///     df-multimedia File OPTIONAL,
///     ef-mml File OPTIONAL,
///     ef-mmdf File OPTIONAL,
///     df-mmss File OPTIONAL,
///     ef-mlpl File OPTIONAL,
///     ef-mspl File OPTIONAL,
///     ef-mmssmode File OPTIONAL,
///     df-mcs File OPTIONAL,
///     ef-mst File OPTIONAL,
///     ef-mcs-config File OPTIONAL,
///     df-v2x File OPTIONAL,
///     ef-vst File OPTIONAL,
///     ef-v2x-config File OPTIONAL,
///     ef-v2xp-pc5 File OPTIONAL,
///     ef-v2xp-Uu File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-TELECOM")]
pub struct PETELECOM {
    #[asn1(name = "telecom-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "df-telecom")]
    pub df_telecom: File,
    #[asn1(name = "ef-arr")]
    pub ef_arr: Option<File>,
    #[asn1(name = "ef-rma")]
    pub ef_rma: Option<File>,
    #[asn1(name = "ef-sume")]
    pub ef_sume: Option<File>,
    #[asn1(name = "ef-ice-dn")]
    pub ef_ice_dn: Option<File>,
    #[asn1(name = "ef-ice-ff")]
    pub ef_ice_ff: Option<File>,
    #[asn1(name = "ef-psismsc")]
    pub ef_psismsc: Option<File>,
    #[asn1(name = "df-graphics")]
    pub df_graphics: Option<File>,
    #[asn1(name = "ef-img")]
    pub ef_img: Option<File>,
    #[asn1(name = "ef-iidf")]
    pub ef_iidf: Option<File>,
    #[asn1(name = "ef-ice-graphics")]
    pub ef_ice_graphics: Option<File>,
    #[asn1(name = "ef-launch-scws")]
    pub ef_launch_scws: Option<File>,
    #[asn1(name = "ef-icon")]
    pub ef_icon: Option<File>,
    #[asn1(name = "df-phonebook")]
    pub df_phonebook: Option<File>,
    #[asn1(name = "ef-pbr")]
    pub ef_pbr: Option<File>,
    #[asn1(name = "ef-ext1")]
    pub ef_ext1: Option<File>,
    #[asn1(name = "ef-aas")]
    pub ef_aas: Option<File>,
    #[asn1(name = "ef-gas")]
    pub ef_gas: Option<File>,
    #[asn1(name = "ef-psc")]
    pub ef_psc: Option<File>,
    #[asn1(name = "ef-cc")]
    pub ef_cc: Option<File>,
    #[asn1(name = "ef-puid")]
    pub ef_puid: Option<File>,
    #[asn1(name = "ef-iap")]
    pub ef_iap: Option<File>,
    #[asn1(name = "ef-adn")]
    pub ef_adn: Option<File>,
    #[asn1(name = "ef-pbc")]
    pub ef_pbc: Option<File>,
    #[asn1(name = "ef-anr")]
    pub ef_anr: Option<File>,
    #[asn1(name = "ef-puri")]
    pub ef_puri: Option<File>,
    #[asn1(name = "ef-email")]
    pub ef_email: Option<File>,
    #[asn1(name = "ef-sne")]
    pub ef_sne: Option<File>,
    #[asn1(name = "ef-uid")]
    pub ef_uid: Option<File>,
    #[asn1(name = "ef-grp")]
    pub ef_grp: Option<File>,
    #[asn1(name = "ef-ccp1")]
    pub ef_ccp1: Option<File>,
    #[asn1(name = "df-multimedia")]
    pub df_multimedia: Option<File>,
    #[asn1(name = "ef-mml")]
    pub ef_mml: Option<File>,
    #[asn1(name = "ef-mmdf")]
    pub ef_mmdf: Option<File>,
    #[asn1(name = "df-mmss")]
    pub df_mmss: Option<File>,
    #[asn1(name = "ef-mlpl")]
    pub ef_mlpl: Option<File>,
    #[asn1(name = "ef-mspl")]
    pub ef_mspl: Option<File>,
    #[asn1(name = "ef-mmssmode")]
    pub ef_mmssmode: Option<File>,
    #[asn1(name = "df-mcs")]
    pub df_mcs: Option<File>,
    #[asn1(name = "ef-mst")]
    pub ef_mst: Option<File>,
    #[asn1(name = "ef-mcs-config")]
    pub ef_mcs_config: Option<File>,
    #[asn1(name = "df-v2x")]
    pub df_v2x: Option<File>,
    #[asn1(name = "ef-vst")]
    pub ef_vst: Option<File>,
    #[asn1(name = "ef-v2x-config")]
    pub ef_v2x_config: Option<File>,
    #[asn1(name = "ef-v2xp-pc5")]
    pub ef_v2xp_pc5: Option<File>,
    #[asn1(name = "ef-v2xp-Uu")]
    pub ef_v2xp_uu: Option<File>,
}

impl_file_system_pe!(PETELECOM {
    df_telecom: "df-telecom",
    ef_arr: "ef-arr",
    ef_rma: "ef-rma",
    ef_sume: "ef-sume",
    ef_ice_dn: "ef-ice-dn",
    ef_ice_ff: "ef-ice-ff",
    ef_psismsc: "ef-psismsc",
    df_graphics: "df-graphics",
    ef_img: "ef-img",
    ef_iidf: "ef-iidf",
    ef_ice_graphics: "ef-ice-graphics",
    ef_launch_scws: "ef-launch-scws",
    ef_icon: "ef-icon",
    df_phonebook: "df-phonebook",
    ef_pbr: "ef-pbr",
    ef_ext1: "ef-ext1",
    ef_aas: "ef-aas",
    ef_gas: "ef-gas",
    ef_psc: "ef-psc",
    ef_cc: "ef-cc",
    ef_puid: "ef-puid",
    ef_iap: "ef-iap",
    ef_adn: "ef-adn",
    ef_pbc: "ef-pbc",
    ef_anr: "ef-anr",
    ef_puri: "ef-puri",
    ef_email: "ef-email",
    ef_sne: "ef-sne",
    ef_uid: "ef-uid",
    ef_grp: "ef-grp",
    ef_ccp1: "ef-ccp1",
    df_multimedia: "df-multimedia",
    ef_mml: "ef-mml",
    ef_mmdf: "ef-mmdf",
    df_mmss: "df-mmss",
    ef_mlpl: "ef-mlpl",
    ef_mspl: "ef-mspl",
    ef_mmssmode: "ef-mmssmode",
    df_mcs: "df-mcs",
    ef_mst: "ef-mst",
    ef_mcs_config: "ef-mcs-config",
    df_v2x: "df-v2x",
    ef_vst: "ef-vst",
    ef_v2x_config: "ef-v2x-config",
    ef_v2xp_pc5: "ef-v2xp-pc5",
    ef_v2xp_uu: "ef-v2xp-Uu",
});

/// DF.PHONEBOOK under ADF.USIM.
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-PHONEBOOK ::= SEQUENCE {
///     phonebook-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     df-phonebook File,
///     ef-pbr File OPTIONAL,
///     ef-ext1 File OPTIONAL,
///     ef-aas File OPTIONAL,
///     ef-gas File OPTIONAL,
///     ef-psc File OPTIONAL,
///     ef-cc File OPTIONAL,
///     ef-puid File OPTIONAL,
///     ef-iap File OPTIONAL,
///     ef-adn File OPTIONAL,
///     ef-pbc File OPTIONAL,
///     ef-anr File OPTIONAL,
///     ef-puri File OPTIONAL,
///     ef-email File OPTIONAL,
///     ef-sne File OPTIONAL,
///     ef-uid File OPTIONAL,
///     ef-grp File OPTIONAL,
///     ef-ccp1 File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-PHONEBOOK")]
pub struct PEPHONEBOOK {
    #[asn1(name = "phonebook-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "df-phonebook")]
    pub df_phonebook: File,
    #[asn1(name = "ef-pbr")]
    pub ef_pbr: Option<File>,
    #[asn1(name = "ef-ext1")]
    pub ef_ext1: Option<File>,
    #[asn1(name = "ef-aas")]
    pub ef_aas: Option<File>,
    #[asn1(name = "ef-gas")]
    pub ef_gas: Option<File>,
    #[asn1(name = "ef-psc")]
    pub ef_psc: Option<File>,
    #[asn1(name = "ef-cc")]
    pub ef_cc: Option<File>,
    #[asn1(name = "ef-puid")]
    pub ef_puid: Option<File>,
    #[asn1(name = "ef-iap")]
    pub ef_iap: Option<File>,
    #[asn1(name = "ef-adn")]
    pub ef_adn: Option<File>,
    #[asn1(name = "ef-pbc")]
    pub ef_pbc: Option<File>,
    #[asn1(name = "ef-anr")]
    pub ef_anr: Option<File>,
    #[asn1(name = "ef-puri")]
    pub ef_puri: Option<File>,
    #[asn1(name = "ef-email")]
    pub ef_email: Option<File>,
    #[asn1(name = "ef-sne")]
    pub ef_sne: Option<File>,
    #[asn1(name = "ef-uid")]
    pub ef_uid: Option<File>,
    #[asn1(name = "ef-grp")]
    pub ef_grp: Option<File>,
    #[asn1(name = "ef-ccp1")]
    pub ef_ccp1: Option<File>,
}

impl_file_system_pe!(PEPHONEBOOK {
    df_phonebook: "df-phonebook",
    ef_pbr: "ef-pbr",
    ef_ext1: "ef-ext1",
    ef_aas: "ef-aas",
    ef_gas: "ef-gas",
    ef_psc: "ef-psc",
    ef_cc: "ef-cc",
    ef_puid: "ef-puid",
    ef_iap: "ef-iap",
    ef_adn: "ef-adn",
    ef_pbc: "ef-pbc",
    ef_anr: "ef-anr",
    ef_puri: "ef-puri",
    ef_email: "ef-email",
    ef_sne: "ef-sne",
    ef_uid: "ef-uid",
    ef_grp: "ef-grp",
    ef_ccp1: "ef-ccp1",
});
