//! The file templates of the TCA eUICC Profile Package (Annex A, "File Structure Templates
//! Definition"): what a file of a template PE is when the PE does not say it (file ID,
//! structure, size, SFI, access rule record, default content).
//!
//! A PE gives a file's FCP only where it differs from the template, and created-by-default
//! templates (MF, USIM, ISIM, CSIM) create their files even when the PE leaves them out. The
//! tables below hold the templates a modem reads from (MF, USIM, optional USIM files,
//! DF.GSM-ACCESS, DF.5GS, DF.SAIP); files of the other templates are created from the FCP
//! their PE gives (every TS.48 package gives one for each file).
//!
//! File IDs and SFIs are those of ETSI TS 102 221 clause 13 and 3GPP TS 31.102 clause 4.
//! Where a template defines no default content the file starts erased ('FF'), except
//! EF.UST, EF.EST and EF.ACC, which start at '00' (no service, no access class): a profile
//! that leaves them out should not look like one that offers every service.

/// How a template file is structured and sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A DF (or the MF, or an ADF).
    Dir,
    /// Transparent EF of this many octets (0: the PE must give the size).
    Tr(u16),
    /// Linear fixed EF: number of records, record length.
    Lf(u16, u16),
    /// Cyclic EF: number of records, record length.
    Cy(u16, u16),
    /// BER-TLV EF.
    Bt,
}

/// One file of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TemplateFile {
    /// The ASN.1 component name in the template PE (`ef-imsi`).
    pub name: &'static str,
    pub fid: u16,
    pub shape: Shape,
    /// Short file identifier, 0 for none.
    pub sfi: u8,
    /// Record of the EF.ARR of the directory holding the access rules.
    pub arr: u8,
    /// Default content as a fill pattern (its last octet repeats to the end of the file or
    /// record, ETSI TS 102 222); empty: 'FF'.
    pub fill: &'static [u8],
}

/// Where a template PE puts its files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Under the MF (the MF template itself, DF.TELECOM, DF.CD).
    Mf,
    /// In the last ADF.USIM created (optional USIM files, DF.GSM-ACCESS, DF.5GS …).
    Usim,
    /// In the last ADF.ISIM created.
    Isim,
    /// In the last ADF.CSIM created.
    Csim,
    /// The PE creates its own ADF (USIM, ISIM, CSIM).
    OwnAdf(AppKind),
}

/// The NAAs the templates create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppKind {
    Usim,
    Isim,
    Csim,
}

/// One template, by OID (`2.23.143.1.2.x`, versions `.x.2` … share the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    pub anchor: Anchor,
    /// Files the PE leaves out are still created ("created by default").
    pub by_default: bool,
    pub files: &'static [TemplateFile],
    /// The PE holds files of several templates (the IoT minimal profile: MF and USIM).
    pub mixed: bool,
}

impl Template {
    pub fn file(&self, name: &str) -> Option<&'static TemplateFile> {
        self.files.iter().find(|f| f.name == name)
    }
}

const fn f(
    name: &'static str,
    fid: u16,
    shape: Shape,
    sfi: u8,
    arr: u8,
    fill: &'static [u8],
) -> TemplateFile {
    TemplateFile {
        name,
        fid,
        shape,
        sfi,
        arr,
        fill,
    }
}

use Shape::*;

/// 2.23.143.1.2.1: the MF and its EFs (TS 102 221 13.1-13.4).
const MF: &[TemplateFile] = &[
    f("mf", 0x3F00, Dir, 0, 14, b""),
    f("ef-pl", 0x2F05, Tr(2), 0x05, 1, b"\xFF"),
    f("ef-iccid", 0x2FE2, Tr(10), 0x02, 11, b""),
    f("ef-dir", 0x2F00, Lf(0, 0), 0x1E, 10, b""),
    f("ef-arr", 0x2F06, Lf(0, 0), 0x06, 10, b""),
    f("ef-umpc", 0x2F08, Tr(5), 0x08, 10, b""),
];

/// 2.23.143.1.2.4: ADF.USIM and the EFs created with it (TS 31.102 4.2).
const USIM: &[TemplateFile] = &[
    f("adf-usim", 0, Dir, 0, 14, b""),
    f("ef-imsi", 0x6F07, Tr(9), 0x07, 2, b""),
    f("ef-arr", 0x6F06, Lf(0, 0), 0x17, 10, b""),
    f("ef-keys", 0x6F08, Tr(33), 0x08, 5, b"\x07\xFF"),
    f("ef-keysPS", 0x6F09, Tr(33), 0x09, 5, b"\x07\xFF"),
    f("ef-hpplmn", 0x6F31, Tr(1), 0x12, 2, b"\x0A"),
    f("ef-ust", 0x6F38, Tr(14), 0x04, 2, b"\x00"),
    f("ef-fdn", 0x6F3B, Lf(20, 26), 0, 8, b"\xFF"),
    f("ef-sms", 0x6F3C, Lf(10, 176), 0, 5, b"\x00\xFF"),
    f("ef-smsp", 0x6F42, Lf(1, 38), 0, 5, b"\xFF"),
    f("ef-smss", 0x6F43, Tr(2), 0, 5, b"\xFF"),
    f("ef-spn", 0x6F46, Tr(17), 0, 10, b"\xFF"),
    f("ef-est", 0x6F56, Tr(1), 0x05, 8, b"\x00"),
    f(
        "ef-start-hfn",
        0x6F5B,
        Tr(6),
        0x0F,
        5,
        b"\xF0\x00\x00\xF0\x00\x00",
    ),
    f("ef-threshold", 0x6F5C, Tr(3), 0x10, 2, b"\xFF"),
    f(
        "ef-psloci",
        0x6F73,
        Tr(14),
        0x0C,
        5,
        b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x00\x00\xFF\x01",
    ),
    f("ef-acc", 0x6F78, Tr(2), 0x06, 2, b"\x00"),
    f("ef-fplmn", 0x6F7B, Tr(12), 0x0D, 5, b"\xFF"),
    f(
        "ef-loci",
        0x6F7E,
        Tr(11),
        0x0B,
        5,
        b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x00\x00\xFF\x01",
    ),
    f("ef-ad", 0x6FAD, Tr(4), 0x03, 10, b"\x00\x00\x00\x02"),
    f("ef-ecc", 0x6FB7, Lf(1, 4), 0x01, 10, b"\xFF"),
    f("ef-netpar", 0x6FC4, Tr(128), 0, 5, b"\xFF"),
    f(
        "ef-epsloci",
        0x6FE3,
        Tr(18),
        0x1E,
        5,
        b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x00\x00\x01",
    ),
    f("ef-epsnsc", 0x6FE4, Lf(1, 80), 0x18, 5, b"\xFF"),
];

/// 2.23.143.1.2.4.2: as [`USIM`] with the EF.UST of 17 octets.
const USIM_V2: &[TemplateFile] = &[
    f("adf-usim", 0, Dir, 0, 14, b""),
    f("ef-ust", 0x6F38, Tr(17), 0x04, 2, b"\x00"),
];

const PLMN_WACT: &[u8] = b"\xFF\xFF\xFF\x00\x00\xFF\xFF\xFF\x00\x00\xFF\xFF\xFF\x00\x00\xFF\xFF\xFF\x00\x00\xFF\xFF\xFF\x00\x00\xFF\xFF\xFF\x00\x00\xFF\xFF\xFF\x00\x00\xFF\xFF\xFF\x00\x00";

/// 2.23.143.1.2.5: optional files of ADF.USIM (TS 31.102 4.2), created when the PE has them.
const OPT_USIM: &[TemplateFile] = &[
    f("ef-li", 0x6F05, Tr(6), 0x02, 1, b"\xFF"),
    f("ef-acmax", 0x6F37, Tr(3), 0, 5, b"\x00"),
    f("ef-acm", 0x6F39, Cy(1, 3), 0, 7, b"\x00"),
    f("ef-gid1", 0x6F3E, Tr(8), 0, 2, b"\xFF"),
    f("ef-gid2", 0x6F3F, Tr(8), 0, 2, b"\xFF"),
    f("ef-msisdn", 0x6F40, Lf(1, 24), 0, 2, b"\xFF"),
    f("ef-puct", 0x6F41, Tr(5), 0, 5, b"\xFF\xFF\xFF\x00\x00"),
    f("ef-cbmi", 0x6F45, Tr(10), 0, 5, b"\xFF"),
    f("ef-cbmid", 0x6F48, Tr(10), 0x0E, 2, b"\xFF"),
    f("ef-sdn", 0x6F49, Lf(10, 24), 0, 2, b"\xFF"),
    f("ef-ext2", 0x6F4B, Lf(10, 13), 0, 8, b"\x00\xFF"),
    f("ef-ext3", 0x6F4C, Lf(10, 13), 0, 2, b"\x00\xFF"),
    f("ef-cbmir", 0x6F50, Tr(20), 0, 5, b"\xFF"),
    f("ef-plmnwact", 0x6F60, Tr(40), 0x0A, 5, PLMN_WACT),
    f("ef-oplmnwact", 0x6F61, Tr(40), 0x11, 2, PLMN_WACT),
    f(
        "ef-hplmnwact",
        0x6F62,
        Tr(5),
        0x13,
        2,
        b"\xFF\xFF\xFF\x00\x00",
    ),
    f("ef-dck", 0x6F2C, Tr(16), 0, 5, b"\xFF"),
    f("ef-cnl", 0x6F32, Tr(30), 0, 2, b"\xFF"),
    f("ef-smsr", 0x6F47, Lf(10, 30), 0, 5, b"\x00\xFF"),
    f("ef-bdn", 0x6F4D, Lf(10, 25), 0, 8, b"\xFF"),
    f("ef-ext5", 0x6F4E, Lf(10, 13), 0, 5, b"\x00\xFF"),
    f("ef-ccp2", 0x6F4F, Lf(5, 15), 0x16, 5, b"\xFF"),
    f("ef-ext4", 0x6F55, Lf(10, 13), 0, 8, b"\x00\xFF"),
    f("ef-acl", 0x6F57, Tr(101), 0, 8, b"\x00\xFF"),
    f("ef-cmi", 0x6F58, Lf(10, 11), 0, 2, b"\xFF"),
    f("ef-ici", 0x6F80, Cy(20, 38), 0x14, 5, b"\xFF"),
    f("ef-oci", 0x6F81, Cy(20, 37), 0x15, 5, b"\xFF"),
    f("ef-ict", 0x6F82, Cy(1, 3), 0, 7, b"\x00"),
    f("ef-oct", 0x6F83, Cy(1, 3), 0, 7, b"\x00"),
    f("ef-vgcs", 0x6FB1, Tr(20), 0, 2, b"\xFF"),
    f("ef-vgcss", 0x6FB2, Tr(7), 0, 5, b"\xFF"),
    f("ef-vbs", 0x6FB3, Tr(20), 0, 2, b"\xFF"),
    f("ef-vbss", 0x6FB4, Tr(7), 0, 5, b"\xFF"),
    f("ef-emlpp", 0x6FB5, Tr(2), 0, 2, b"\xFF"),
    f("ef-aaem", 0x6FB6, Tr(1), 0, 5, b"\x00"),
    f("ef-hiddenkey", 0x6FC3, Tr(4), 0, 5, b"\xFF"),
    f("ef-pnn", 0x6FC5, Lf(10, 16), 0x19, 10, b"\xFF"),
    f("ef-opl", 0x6FC6, Lf(5, 8), 0x1A, 10, b"\xFF"),
    f("ef-mbdn", 0x6FC7, Lf(3, 24), 0, 5, b"\xFF"),
    f("ef-ext6", 0x6FC8, Lf(10, 13), 0, 5, b"\x00\xFF"),
    f("ef-mbi", 0x6FC9, Lf(10, 5), 0, 5, b"\xFF"),
    f("ef-mwis", 0x6FCA, Lf(10, 6), 0, 5, b"\x00"),
    f("ef-cfis", 0x6FCB, Lf(10, 16), 0, 5, b"\x01\x00\xFF"),
    f("ef-ext7", 0x6FCC, Lf(10, 13), 0, 5, b"\x00\xFF"),
    f("ef-spdi", 0x6FCD, Tr(17), 0x1B, 2, b"\xFF"),
    f("ef-mmsn", 0x6FCE, Lf(10, 6), 0, 5, b"\x00\x00\x00\xFF"),
    f("ef-ext8", 0x6FCF, Lf(10, 13), 0, 5, b"\x00\xFF"),
    f("ef-mmsicp", 0x6FD0, Tr(100), 0, 2, b"\xFF"),
    f("ef-mmsucp", 0x6FD2, Tr(100), 0, 5, b"\xFF"),
    f("ef-nia", 0x6FD3, Lf(5, 11), 0, 2, b"\xFF"),
    f("ef-ehplmn", 0x6FD9, Tr(15), 0x1D, 2, b"\xFF"),
    f("ef-ehplmnpi", 0x6FDB, Tr(1), 0, 2, b"\x00"),
    f("ef-lrplmnsi", 0x6FDC, Tr(1), 0, 2, b"\x00"),
    f("ef-nasconfig", 0x6FE8, Tr(18), 0, 2, b"\xFF"),
];

/// 2.23.143.1.2.7: DF.GSM-ACCESS in ADF.USIM (TS 31.102 4.4.3).
const GSM_ACCESS: &[TemplateFile] = &[
    f("df-gsm-access", 0x5F3B, Dir, 0, 14, b""),
    f(
        "ef-kc",
        0x4F20,
        Tr(9),
        0x01,
        5,
        b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x07",
    ),
    f(
        "ef-kcgprs",
        0x4F52,
        Tr(9),
        0x02,
        5,
        b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x07",
    ),
    f("ef-cpbcch", 0x4F63, Tr(10), 0, 5, b"\xFF"),
    f("ef-invscan", 0x4F64, Tr(1), 0, 2, b"\x00"),
];

const LOCI_5GS: &[u8] =
    b"\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x00\x00\x00\x01";

/// 2.23.143.1.2.13: DF.5GS in ADF.USIM (TS 31.102 4.4.11).
const DF_5GS: &[TemplateFile] = &[
    f("df-df-5gs", 0x5FC0, Dir, 0, 14, b""),
    f("ef-5gs3gpploci", 0x4F01, Tr(20), 0x01, 5, LOCI_5GS),
    f("ef-5gsn3gpploci", 0x4F02, Tr(20), 0x02, 5, LOCI_5GS),
    f("ef-5gs3gppnsc", 0x4F03, Lf(1, 57), 0x03, 5, b"\xFF"),
    f("ef-5gsn3gppnsc", 0x4F04, Lf(1, 57), 0x04, 5, b"\xFF"),
    f("ef-5gauthkeys", 0x4F05, Tr(110), 0x05, 5, b"\xFF"),
    f("ef-uac-aic", 0x4F06, Tr(4), 0x06, 2, b"\xFF"),
    f("ef-suci-calc-info", 0x4F07, Tr(0), 0x07, 2, b"\xFF"),
    f("ef-opl5g", 0x4F08, Lf(0, 10), 0x08, 10, b"\xFF"),
    f("ef-supinai", 0x4F09, Tr(0), 0x09, 2, b"\xFF"),
    f("ef-routing-indicator", 0x4F0A, Tr(4), 0x0A, 2, b"\xF0\xFF"),
    f("ef-ursp", 0x4F0B, Bt, 0, 2, b""),
    f("ef-tn3gppsnn", 0x4F0C, Tr(1), 0x0C, 2, b"\x00"),
];

/// 2.23.143.1.2.14: DF.SAIP in ADF.USIM (TCA Annex D).
const DF_SAIP: &[TemplateFile] = &[
    f("df-df-saip", 0x5FD0, Dir, 0, 14, b""),
    f("ef-suci-calc-info-usim", 0x4F01, Tr(0), 0, 3, b"\xFF"),
];

/// ADF.ISIM (TS 31.103 4.2); sizes come from the PE.
const ISIM: &[TemplateFile] = &[
    f("adf-isim", 0, Dir, 0, 14, b""),
    f("ef-impi", 0x6F02, Tr(0), 0x02, 2, b""),
    f("ef-impu", 0x6F04, Lf(1, 0), 0x04, 2, b""),
    f("ef-domain", 0x6F03, Tr(0), 0x05, 2, b""),
    f("ef-ist", 0x6F07, Tr(0), 0x07, 2, b"\x00"),
    f("ef-ad", 0x6FAD, Tr(4), 0x03, 10, b"\x00\x00\x00\x02"),
    f("ef-arr", 0x6F06, Lf(0, 0), 0x06, 10, b""),
];

const ADF_CSIM: &[TemplateFile] = &[f("adf-csim", 0, Dir, 0, 14, b"")];
const NONE: &[TemplateFile] = &[];

/// The template for a `templateID` (dotted OID).
pub fn by_oid(oid: &str) -> Option<Template> {
    let rest = oid.strip_prefix("2.23.143.1.2.")?;
    let (number, version) = match rest.split_once('.') {
        Some((n, v)) => (n, v),
        None => (rest, "1"),
    };
    let t = |anchor, by_default, files| Template {
        anchor,
        by_default,
        files,
        mixed: false,
    };
    Some(match (number, version) {
        ("1", _) => t(Anchor::Mf, true, MF),
        ("2", _) | ("3", _) => t(Anchor::Mf, false, NONE),
        ("4", "1") => t(Anchor::OwnAdf(AppKind::Usim), true, USIM),
        ("4", _) => t(Anchor::OwnAdf(AppKind::Usim), true, USIM_V2),
        ("5", _) | ("6", _) | ("12", _) | ("15", _) | ("16", _) => t(Anchor::Usim, false, OPT_USIM),
        ("7", _) => t(Anchor::Usim, false, GSM_ACCESS),
        ("8", _) => t(Anchor::OwnAdf(AppKind::Isim), true, ISIM),
        ("9", _) => t(Anchor::Isim, false, NONE),
        ("10", _) => t(Anchor::OwnAdf(AppKind::Csim), true, ADF_CSIM),
        ("11", _) => t(Anchor::Csim, false, NONE),
        ("13", _) => t(Anchor::Usim, false, DF_5GS),
        ("14", _) => t(Anchor::Usim, false, DF_SAIP),
        // the IoT minimal profile: MF and ADF.USIM in one PE, then its optional files
        ("17", _) => Template {
            mixed: true,
            ..t(Anchor::Mf, false, MF)
        },
        ("18", _) => Template {
            mixed: true,
            ..t(Anchor::Usim, false, OPT_USIM)
        },
        _ => return None,
    })
}

/// The USIM template files a v2 template takes from the v1 table (all but EF.UST).
pub fn usim_base(name: &str) -> Option<&'static TemplateFile> {
    USIM.iter().find(|f| f.name == name)
}

/// The template file for a component of a PE with this template, looking through the
/// tables a PE may mix (the IoT PE holds MF and USIM files).
pub fn lookup(template: &Template, name: &str) -> Option<&'static TemplateFile> {
    template
        .file(name)
        .or_else(|| usim_base(name).filter(|_| is_usim_like(template)))
        .or_else(|| {
            // The IoT PE names the USIM's EF.ARR `ef-arr-usim`.
            (name == "ef-arr-usim")
                .then(|| usim_base("ef-arr"))
                .flatten()
        })
        .or_else(|| {
            template
                .mixed
                .then(|| {
                    USIM.iter()
                        .chain(OPT_USIM)
                        .chain(DF_5GS)
                        .chain(DF_SAIP)
                        .find(|f| f.name == name)
                })
                .flatten()
        })
}

/// The files a created-by-default template creates when its PE leaves them out.
pub fn created_by_default(template: &Template) -> Vec<&'static TemplateFile> {
    if !template.by_default {
        return Vec::new();
    }
    if is_usim_like(template) {
        return USIM
            .iter()
            .map(|f| template.file(f.name).unwrap_or(f))
            .collect();
    }
    template.files.iter().collect()
}

fn is_usim_like(template: &Template) -> bool {
    template.anchor == Anchor::OwnAdf(AppKind::Usim)
}

/// The NAA kind of an ADF component name.
pub fn app_kind(name: &str) -> Option<AppKind> {
    match name {
        "adf-usim" => Some(AppKind::Usim),
        "adf-isim" => Some(AppKind::Isim),
        "adf-csim" => Some(AppKind::Csim),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tca_annex_a_templates_by_oid() {
        let usim = by_oid("2.23.143.1.2.4").expect("USIM");
        assert!(usim.by_default);
        assert_eq!(usim.file("ef-imsi").map(|f| f.fid), Some(0x6F07));
        let usim2 = by_oid("2.23.143.1.2.4.2").expect("USIM v2");
        assert_eq!(lookup(&usim2, "ef-ust").map(|f| f.shape), Some(Tr(17)));
        assert_eq!(lookup(&usim2, "ef-imsi").map(|f| f.sfi), Some(0x07));
        assert_eq!(
            by_oid("2.23.143.1.2.13.4").map(|t| t.anchor),
            Some(Anchor::Usim)
        );
        assert!(by_oid("2.23.143.1.3.1").is_none());
        assert!(!by_oid("2.23.143.1.2.5").expect("opt").by_default);
        // the IoT PE mixes MF and USIM files
        let iot = by_oid("2.23.143.1.2.17").expect("IoT");
        assert_eq!(lookup(&iot, "ef-iccid").map(|f| f.fid), Some(0x2FE2));
        assert_eq!(lookup(&iot, "ef-imsi").map(|f| f.fid), Some(0x6F07));
        assert_eq!(lookup(&iot, "ef-arr-usim").map(|f| f.fid), Some(0x6F06));
    }
}
