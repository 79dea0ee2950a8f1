//! TCA eUICC Profile Package v3.3.1: the DF.EAP template PE.
//!
//! Component lists follow the `PEDefinitions` module one to one; each struct is a
//! `#[derive(Asn1)]` SEQUENCE with AUTOMATIC TAGS (component i is `[i]`).

use crate::der::{Asn1, Oid};
use crate::saip::{File, PEHeader};

/// DF.EAP (ETSI TS 102 310).
///
/// TCA eUICC Profile Package v3.3.1, `PEDefinitions`:
/// ```text
/// PE-EAP ::= SEQUENCE {
///     eap-header PEHeader,
///     templateID OBJECT IDENTIFIER,
///     df-eap File,
///     ef-eapkeys File OPTIONAL,
///     ef-eapstatus File,
///     ef-puid File OPTIONAL,
///     ef-ps File OPTIONAL,
///     ef-curid File OPTIONAL,
///     ef-reid File OPTIONAL,
///     ef-realm File OPTIONAL
/// }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "PE-EAP")]
pub struct PEEAP {
    #[asn1(name = "eap-header")]
    pub header: PEHeader,
    #[asn1(name = "templateID")]
    pub template_id: Oid,
    #[asn1(name = "df-eap")]
    pub df_eap: File,
    #[asn1(name = "ef-eapkeys")]
    pub ef_eapkeys: Option<File>,
    #[asn1(name = "ef-eapstatus")]
    pub ef_eapstatus: File,
    #[asn1(name = "ef-puid")]
    pub ef_puid: Option<File>,
    #[asn1(name = "ef-ps")]
    pub ef_ps: Option<File>,
    #[asn1(name = "ef-curid")]
    pub ef_curid: Option<File>,
    #[asn1(name = "ef-reid")]
    pub ef_reid: Option<File>,
    #[asn1(name = "ef-realm")]
    pub ef_realm: Option<File>,
}

impl_file_system_pe!(PEEAP {
    df_eap: "df-eap",
    ef_eapkeys: "ef-eapkeys",
    ef_eapstatus: "ef-eapstatus",
    ef_puid: "ef-puid",
    ef_ps: "ef-ps",
    ef_curid: "ef-curid",
    ef_reid: "ef-reid",
    ef_realm: "ef-realm",
});
