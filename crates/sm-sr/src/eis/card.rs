//! The EIS fields a software M2M card prints (`rsp-lab euicc eis <state>`, the
//! `euicc-sim` crate's `M2mEis`), read into an [`Eis`]. The card knows neither its EUM's
//! identifier nor who owns its profiles: the caller names them ([`CardOwners`]). An ISD-P
//! without a profile (no ICCID yet) is not a profile of the EIS.
//!
//! ```text
//! { "eid", "remaining_memory", "isd_r": { "aid", "tar",
//!     "scp80": [ { "kvn", "kic_byte", "kic", "kid_byte", "kid", "dek", "counter" } ],
//!     "scp81": [ { "kvn", "key_id", "psk" } ], … },
//!   "profiles": [ { "iccid", "isd_p_aid", "state": "selectable"|"personalized"|"disabled"|"enabled",
//!                   "fallback_attribute", … } ], … }
//! ```

use serde::Deserialize;

use super::hexbytes;
use super::validate::{EisError, MAX_EIS_JSON};
use super::{
    Eis, IsdR, KeyValue, Pol2, Profile, ProfileState, Scp80Algorithm, Scp80KeySet, Scp81Psk,
};

/// Who the card's EIS belongs to, beside what the card knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardOwners {
    /// The EUM registering the EIS.
    pub eum_id: String,
    /// The operator owning every profile on the card.
    pub mno_id: String,
    /// The SM-DP that downloaded them.
    pub smdp_id: String,
    /// The MSISDN each profile (by ICCID) is reached at: the subscription address the
    /// SM-SR sends its short messages to (a card does not know it).
    pub msisdns: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct CardEis {
    eid: String,
    #[serde(default)]
    remaining_memory: u64,
    isd_r: CardIsdR,
    #[serde(default)]
    profiles: Vec<CardProfile>,
    #[serde(default)]
    ecasd: Option<CardEcasd>,
}

/// The ECASD: its AID and CERT.ECASD.ECKA (`7F21`), hex; kept in the EIS's `info` as
/// `ecasdAid` and `ecasdCertificate` (an SM-SR change checks the certificate, SGP.02 3.8).
#[derive(Deserialize)]
struct CardEcasd {
    aid: String,
    certificate: String,
}

#[derive(Deserialize)]
struct CardIsdR {
    #[serde(with = "hexbytes")]
    aid: Vec<u8>,
    #[serde(with = "hexbytes")]
    tar: Vec<u8>,
    #[serde(default)]
    scp80: Vec<CardScp80>,
    #[serde(default)]
    scp81: Vec<Scp81Psk>,
}

#[derive(Deserialize)]
struct CardScp80 {
    kvn: u8,
    kic_byte: String,
    kic: KeyValue,
    kid: KeyValue,
    #[serde(default)]
    dek: Option<KeyValue>,
    #[serde(default)]
    counter: u64,
}

#[derive(Deserialize)]
struct CardProfile {
    iccid: Option<String>,
    #[serde(with = "hexbytes")]
    isd_p_aid: Vec<u8>,
    state: String,
    #[serde(default)]
    fallback_attribute: bool,
}

impl Eis {
    /// Reads a card's EIS JSON (see the module) and checks it as [`Eis::from_json`] does.
    pub fn from_card_json(text: &str, owners: &CardOwners) -> Result<Eis, EisError> {
        if text.len() > MAX_EIS_JSON {
            return Err(EisError::TooLarge);
        }
        let c: CardEis = serde_json::from_str(text).map_err(|e| EisError::Json(e.to_string()))?;
        let scp80 = c
            .isd_r
            .scp80
            .into_iter()
            .map(scp80)
            .collect::<Result<_, _>>()?;
        let eis = Eis {
            eid: c.eid,
            eum_id: owners.eum_id.clone(),
            remaining_memory: c.remaining_memory,
            info: c.ecasd.map_or(
                serde_json::Value::Null,
                |e| serde_json::json!({ "ecasdAid": e.aid, "ecasdCertificate": e.certificate }),
            ),
            isd_r: IsdR {
                aid: c.isd_r.aid,
                tar: c.isd_r.tar,
                scp80,
                scp81: c.isd_r.scp81,
            },
            profiles: c
                .profiles
                .into_iter()
                .filter_map(|p| profile(p, owners))
                .collect(),
        };
        eis.validate()?;
        Ok(eis)
    }
}

/// TS 102 225 5.1.2: the KIc octet's b2b1 give the algorithm (`01` DES family, `10` AES).
fn scp80(k: CardScp80) -> Result<Scp80KeySet, EisError> {
    let byte =
        u8::from_str_radix(&k.kic_byte, 16).map_err(|_| EisError::Json("kic_byte".into()))?;
    let algorithm = match byte & 0x03 {
        0x01 => Scp80Algorithm::TripleDes,
        0x02 => Scp80Algorithm::Aes,
        _ => return Err(EisError::Json("kic_byte: neither DES nor AES".into())),
    };
    Ok(Scp80KeySet {
        kvn: k.kvn,
        algorithm,
        kic: k.kic,
        kid: k.kid,
        kik: k.dek,
        counter: k.counter,
    })
}

fn profile(p: CardProfile, owners: &CardOwners) -> Option<Profile> {
    let state = match p.state.as_str() {
        "enabled" => ProfileState::Enabled,
        "disabled" => ProfileState::Disabled,
        _ => ProfileState::Created,
    };
    let iccid = p.iccid?;
    let msisdn = owners
        .msisdns
        .iter()
        .find(|(i, _)| *i == iccid)
        .map(|(_, msisdn)| msisdn.clone());
    Some(Profile {
        iccid,
        isd_p_aid: p.isd_p_aid,
        mno_id: owners.mno_id.clone(),
        smdp_id: owners.smdp_id.clone(),
        profile_type: String::new(),
        state,
        fallback: p.fallback_attribute,
        pol2: Pol2::default(),
        msisdn,
        imsi: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cards_shape() {
        let text = format!(
            r#"{{"eid":"89049032123451234512345678901235","isd_p_load_file_aid":"A0",
              "isd_r":{{"aid":"A0000005591010FFFFFFFF8900000100","tar":"000001",
                "scp80":[{{"kvn":1,"kic_byte":"12","kic":"{k}","kid_byte":"12","kid":"{k}",
                           "dek":null,"counter":3}}],
                "scp81":[{{"kvn":64,"key_id":1,"psk":"{k}"}}],"smsr_address":null}},
              "ecasd":{{"aid":"A0","certificate":"7F21"}},
              "profiles":[{{"iccid":"8949000000000000001","isd_p_aid":"A0000005591010FFFFFFFF8900001000",
                            "state":"enabled","fallback_attribute":true,"pol1":"none"}},
                          {{"iccid":null,"isd_p_aid":"A0000005591010FFFFFFFF8900001100",
                            "state":"selectable","fallback_attribute":false,"pol1":"none"}}],
              "remaining_memory":1000}}"#,
            k = "AB".repeat(16)
        );
        let owners = CardOwners {
            eum_id: "eum".into(),
            mno_id: "mno".into(),
            smdp_id: "dp".into(),
            msisdns: vec![("8949000000000000001".into(), "4915550001".into())],
        };
        let e = Eis::from_card_json(&text, &owners).unwrap();
        assert_eq!(e.isd_r.scp80[0].algorithm, Scp80Algorithm::Aes);
        assert_eq!(e.isd_r.scp80[0].counter, 3);
        assert_eq!(e.isd_r.scp81[0].key_id, 1);
        assert_eq!(e.profiles.len(), 1);
        assert_eq!(
            (e.profiles[0].state, e.profiles[0].fallback),
            (ProfileState::Enabled, true)
        );
        let bad = text.replace("\"kic_byte\":\"12\"", "\"kic_byte\":\"13\"");
        assert!(Eis::from_card_json(&bad, &owners).is_err());
    }
}
