//! The eUICC Information Set (SGP.02 5.1.1.2.1) as the SM-SR keeps it, and the JSON shape
//! it is registered and imported in (`rsp-lab euicc eis <state>` prints one for a software
//! card):
//!
//! ```text
//! { "eid": "89…" (32 digits), "eumId": "…", "remainingMemory": n,
//!   "info": { … EUM-signed information, capabilities: kept as given … },
//!   "isdR": { "aid": hex, "tar": hex (3 octets),
//!             "scp80": [ { "kvn", "algorithm": "aes"|"3des", "kic", "kid", ["kik"], "counter" } ],
//!             "scp81": [ { "kvn", "keyId", "psk" } ] },
//!   "profiles": [ { "iccid", "isdPAid": hex, "mnoId", "smdpId", "profileType",
//!                   "state": "Created"|"Enabled"|"Disabled"|…, "fallback": bool,
//!                   "pol2": [ { "action", "qualification" } ], ["msisdn"], ["imsi"] } ] }
//! ```

mod card;
mod hexbytes;
pub mod keys;
pub mod pol2;
pub(crate) mod validate;

use serde::{Deserialize, Serialize};

pub use card::CardOwners;
pub use keys::{KeyValue, Scp80Algorithm, Scp80KeySet, Scp81Psk};
pub use pol2::{Pol2, Pol2Action, Pol2Qualification, Pol2Rule};
pub use validate::{EisError, MAX_EIS_JSON, MAX_PROFILES};

/// The ISD-R AID (SGP.02 Annex H): `A0000005591010FFFFFFFF8900000100`.
pub const ISD_R_AID: [u8; 16] = [
    0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00,
];

/// The state of a profile in the EIS (SGP.02 5.1.1.2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileState {
    /// The ISD-P is being created and the profile downloaded.
    InstallInProgress,
    /// The ISD-P exists, the download is not completed.
    Created,
    /// The profile is the enabled one.
    Enabled,
    /// The profile is installed and disabled.
    Disabled,
}

impl ProfileState {
    /// The stored form (the JSON name).
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileState::InstallInProgress => "InstallInProgress",
            ProfileState::Created => "Created",
            ProfileState::Enabled => "Enabled",
            ProfileState::Disabled => "Disabled",
        }
    }

    /// From the stored form.
    pub fn parse(s: &str) -> Option<ProfileState> {
        [
            ProfileState::InstallInProgress,
            ProfileState::Created,
            ProfileState::Enabled,
            ProfileState::Disabled,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// A profile of the EIS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    /// The profile's ICCID (18–20 digits, the 20th may be `F`).
    pub iccid: String,
    /// The AID of its ISD-P.
    #[serde(with = "hexbytes")]
    pub isd_p_aid: Vec<u8>,
    /// The operator owning it: the only one whose ES4 calls may act on it.
    pub mno_id: String,
    /// The SM-DP that downloaded it.
    pub smdp_id: String,
    /// The operator's profile type.
    pub profile_type: String,
    /// Its state.
    pub state: ProfileState,
    /// Whether it holds the Fall-Back Attribute (SGP.02 3.16; one profile at most).
    #[serde(default)]
    pub fallback: bool,
    /// Its POL2.
    #[serde(default)]
    pub pol2: Pol2,
    /// The subscription address: MSISDN (the SMS bearer sends to the enabled profile's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msisdn: Option<String>,
    /// The subscription address: IMSI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imsi: Option<String>,
}

/// The ISD-R's part of the EIS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IsdR {
    /// Its AID.
    #[serde(with = "hexbytes")]
    pub aid: Vec<u8>,
    /// Its TAR (TS 102 225 5.1.2; `000001` on SGP.02 cards).
    #[serde(with = "hexbytes")]
    pub tar: Vec<u8>,
    /// SCP80 key sets.
    #[serde(default)]
    pub scp80: Vec<Scp80KeySet>,
    /// SCP81 pre-shared keys.
    #[serde(default)]
    pub scp81: Vec<Scp81Psk>,
}

/// An eUICC Information Set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Eis {
    /// The EID (32 digits).
    pub eid: String,
    /// The EUM that registered it.
    pub eum_id: String,
    /// Free non-volatile memory, octets.
    #[serde(default)]
    pub remaining_memory: u64,
    /// What the SM-SR keeps without interpreting (EUM-signed information, capabilities).
    #[serde(default)]
    pub info: serde_json::Value,
    /// The ISD-R.
    pub isd_r: IsdR,
    /// The profiles.
    #[serde(default)]
    pub profiles: Vec<Profile>,
}

impl Eis {
    /// Reads and checks an EIS in the JSON shape above ([`MAX_EIS_JSON`] octets at most).
    pub fn from_json(text: &str) -> Result<Eis, EisError> {
        if text.len() > MAX_EIS_JSON {
            return Err(EisError::TooLarge);
        }
        let eis: Eis = serde_json::from_str(text).map_err(|e| EisError::Json(e.to_string()))?;
        eis.validate()?;
        Ok(eis)
    }

    /// The EIS as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The EIS as an operator sees it (SGP.02 5.5, ES4.GetEIS): the ISD-R's keys left
    /// out, and only the profiles `mno_id` owns.
    pub fn for_operator(&self, mno_id: &str) -> Eis {
        let mut e = self.clone();
        e.isd_r.scp80.clear();
        e.isd_r.scp81.clear();
        e.profiles.retain(|p| p.mno_id == mno_id);
        e
    }

    /// The EIS as an SM-DP sees it (SGP.02 5.4, ES3.GetEIS): the ISD-R's keys left out,
    /// and only the profiles `smdp_id` downloaded.
    pub fn for_smdp(&self, smdp_id: &str) -> Eis {
        let mut e = self.clone();
        e.isd_r.scp80.clear();
        e.isd_r.scp81.clear();
        e.profiles.retain(|p| p.smdp_id == smdp_id);
        e
    }

    /// The profile with this ICCID.
    pub fn profile(&self, iccid: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.iccid == iccid)
    }

    /// The enabled profile.
    pub fn enabled(&self) -> Option<&Profile> {
        self.profiles
            .iter()
            .find(|p| p.state == ProfileState::Enabled)
    }
}
