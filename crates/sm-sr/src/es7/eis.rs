//! The EIS as ES7.HandoverEUICC carries it (SGP.02 5.7.1; the binding's `eis` type): every
//! profile, the ISD-R with its key sets named (version and type) but without their keys —
//! SM-SR2 establishes its own with the ECASD, SM-SR1's never leave it (SGP.02 3.8) — and
//! the ECASD with CERT.ECASD.ECKA as the certificate of its `CA` key set.

use soap::eis::{self as b, Certificate, KeySet, KeySetType};
use soap::message::Hex;

use super::ChangeError;
use crate::eis::{Eis, IsdR, Pol2, Profile, ProfileState};

/// `info` key of the ECASD certificate (hex).
pub(crate) const ECASD_CERTIFICATE: &str = "ecasdCertificate";

/// The EIS SM-SR1 hands over; `None` when a stored field does not fit the binding.
pub(crate) fn to_handover(e: &Eis) -> Option<b::Eis> {
    let mut all = e.clone();
    all.isd_r.scp80.clear();
    all.isd_r.scp81.clear();
    let mut out = crate::es4::binding_eis::to_binding(&all)?;
    if let Some(isd_r) = out.isd_r.as_mut() {
        let named = |version: u8, key_set_type| KeySet {
            version: format!("{version:02X}"),
            key_set_type,
            counter: 0,
            keys: Vec::new(),
            certificates: Vec::new(),
        };
        isd_r.key_sets = e
            .isd_r
            .scp80
            .iter()
            .map(|k| named(k.kvn, KeySetType::Scp80))
            .chain(
                e.isd_r
                    .scp81
                    .iter()
                    .map(|k| named(k.kvn, KeySetType::Scp81)),
            )
            .collect();
    }
    let cert = e.info.get(ECASD_CERTIFICATE).and_then(|v| v.as_str());
    if let Some(value) = cert.and_then(|h| hex::decode(h).ok()) {
        out.eum_signed_info.ecasd.key_sets = vec![KeySet {
            version: "01".into(),
            key_set_type: KeySetType::Ca,
            counter: 0,
            keys: Vec::new(),
            certificates: vec![Certificate {
                index: 1,
                ca_id: None,
                value: Hex(value),
            }],
        }];
    }
    Some(out)
}

/// What SM-SR2 takes from a handed-over EIS: the EIS without keys, the KVNs of SCP80 key
/// sets the ISD-R already has, and CERT.ECASD.ECKA.
pub(crate) struct HandedOver {
    pub eis: Eis,
    pub taken_kvns: Vec<u8>,
    pub ecasd_certificate: Vec<u8>,
}

/// Reads a handed-over EIS.
pub(crate) fn from_handover(x: &b::Eis) -> Result<HandedOver, ChangeError> {
    let info = &x.eum_signed_info;
    let ecasd_certificate = info
        .ecasd
        .key_sets
        .iter()
        .flat_map(|k| &k.certificates)
        .map(|c| c.value.0.clone())
        .next()
        .ok_or(ChangeError::Invalid("EIS without CERT.ECASD.ECKA"))?;
    let isd_r = x
        .isd_r
        .as_ref()
        .ok_or(ChangeError::Invalid("EIS without ISD-R"))?;
    let taken_kvns = isd_r
        .key_sets
        .iter()
        .filter(|k| k.key_set_type == KeySetType::Scp80)
        .filter_map(|k| u8::from_str_radix(&k.version, 16).ok())
        .collect();
    let profiles = x.profiles.iter().filter_map(profile).collect();
    let eis = Eis {
        eid: info.eid.as_str().to_string(),
        eum_id: info.eum_id.clone(),
        remaining_memory: x.remaining_memory,
        info: serde_json::json!({
            "productionDate": info.production_date,
            "platformType": info.platform_type,
            "platformVersion": info.platform_version,
            "isdPLoadFileAid": hex::encode_upper(&info.isd_p_load_file_aid.0),
            "isdPModuleAid": hex::encode_upper(&info.isd_p_module_aid.0),
            "ecasdAid": hex::encode_upper(&info.ecasd.aid.0),
            ECASD_CERTIFICATE: hex::encode_upper(&ecasd_certificate),
        }),
        isd_r: IsdR {
            aid: isd_r.aid.0.clone(),
            tar: isd_r
                .tar
                .as_ref()
                .map(|t| t.0.clone())
                .ok_or(ChangeError::Invalid("ISD-R without TAR"))?,
            scp80: Vec::new(),
            scp81: Vec::new(),
        },
        profiles,
    };
    Ok(HandedOver {
        eis,
        taken_kvns,
        ecasd_certificate,
    })
}

/// A profile of the binding; `None` for a deleted one.
fn profile(p: &b::ProfileInfo) -> Option<Profile> {
    let state = match p.state {
        b::ProfileState::InstallInProgress => ProfileState::InstallInProgress,
        b::ProfileState::Created => ProfileState::Created,
        b::ProfileState::Enabled => ProfileState::Enabled,
        b::ProfileState::Disabled => ProfileState::Disabled,
        b::ProfileState::Deleted => return None,
    };
    let address = p.subscription_address.as_ref();
    Some(Profile {
        iccid: p.iccid.as_str().to_string(),
        isd_p_aid: p.isd_p_aid.0.clone(),
        mno_id: p.mno_id.clone().unwrap_or_default(),
        smdp_id: p.smdp_id.clone().unwrap_or_default(),
        profile_type: p.profile_type.clone().unwrap_or_default(),
        state,
        fallback: p.fallback_attribute,
        pol2: p
            .pol2
            .as_ref()
            .map_or_else(Pol2::default, crate::es4::soap::pol2_of),
        msisdn: address.and_then(|a| a.msisdn.clone()),
        imsi: address.and_then(|a| a.imsi.clone()),
    })
}
