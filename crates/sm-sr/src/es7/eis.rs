//! The EIS as ES7.HandoverEUICC carries it (SGP.02 5.7.1; the binding's `eis` type): every
//! profile, the ISD-R with its key sets named (version and type) but without their keys —
//! SM-SR2 establishes its own with the ECASD, SM-SR1's never leave it (SGP.02 3.8) — and
//! the ECASD with CERT.ECASD.ECKA as every binding EIS has it
//! ([`crate::es4::binding_eis`]).

use soap::eis::{self as b, KeySet, KeySetType};

use super::ChangeError;
use crate::eis::{Eis, IsdR, Pol2, Profile, ProfileState};

pub(crate) use crate::es4::binding_eis::ECASD_CERTIFICATE;

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

#[cfg(test)]
mod tests {
    use super::*;
    use soap::envelope::{Addressing, Envelope};
    use soap::es7::{Es7Request, HANDOVER_EUICC, HandoverEuiccRequest};

    const EIS: &str = r#"{ "eid": "89049032123451234512345678901235", "eumId": "eum-1",
        "info": { "ecasdCertificate": "7F2103930101" },
        "isdR": { "aid": "A0000005591010FFFFFFFF8900000100", "tar": "000001",
          "scp80": [ { "kvn": 1, "algorithm": "aes", "kic": "KEY", "kid": "KEY", "counter": 5 } ],
          "scp81": [ { "kvn": 64, "keyId": 1, "psk": "KEY" } ] },
        "profiles": [
          { "iccid": "8949449999999990023", "isdPAid": "A0000005591010FFFFFFFF8900001000",
            "mnoId": "mno-a", "smdpId": "dp", "profileType": "t", "state": "Enabled",
            "fallback": true, "msisdn": "4915550001",
            "pol2": [ { "action": "DELETE", "qualification": "Not-Allowed" } ] } ] }"#;

    fn eis() -> Eis {
        Eis::from_json(&EIS.replace("KEY", &"AB".repeat(16))).unwrap()
    }

    /// `e` handed over as SM-SR1 sends it, read back as SM-SR2 receives it.
    fn over_the_wire(e: &Eis) -> (String, b::Eis) {
        let msg = HandoverEuiccRequest {
            header: soap::status::RequestHeader::new("h-1"),
            eis: to_handover(e).unwrap(),
        };
        let a = Addressing::request("https://sr2.test/gsma/smsr/ES7", "sr-1", "urn:uuid:h1");
        let text = HANDOVER_EUICC.request(a, &msg).encode();
        let env = Envelope::decode(text.as_bytes()).unwrap();
        match Es7Request::decode(&env).unwrap() {
            Es7Request::HandoverEuicc(q) => (text, q.eis),
            _ => panic!("not a HandoverEUICC"),
        }
    }

    #[test]
    fn the_handed_over_eis_carries_profiles_and_key_versions_but_no_key() {
        let e = eis();
        let (text, received) = over_the_wire(&e);
        assert!(
            !text.to_uppercase().contains(&"AB".repeat(16)),
            "no key value"
        );
        let back = from_handover(&received).unwrap();
        assert_eq!(back.taken_kvns, vec![0x01]);
        assert_eq!(back.ecasd_certificate, hex::decode("7F2103930101").unwrap());
        assert!(back.eis.isd_r.scp80.is_empty() && back.eis.isd_r.scp81.is_empty());
        assert_eq!(back.eis.eid, e.eid);
        assert_eq!(back.eis.isd_r.tar, e.isd_r.tar);
        assert_eq!(back.eis.profiles, e.profiles);
    }

    #[test]
    fn an_eis_without_the_ecasd_certificate_is_refused() {
        let mut e = eis();
        e.info = serde_json::Value::Null;
        let (_, received) = over_the_wire(&e);
        assert!(matches!(
            from_handover(&received),
            Err(ChangeError::Invalid(_))
        ));
    }
}
