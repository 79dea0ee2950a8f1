//! What the SM-SR must know of an M2M eUICC: the fields of the eUICC Information Set
//! (SGP.02 v4.2 5.1.1.1, the EIS the EUM registers with ES1.RegisterEIS) that come from
//! the card, as JSON for `rsp-lab euicc eis`. Keys are hex; the SM-SR engineer's
//! registration reads them from here.

use serde::Serialize;

use super::aid::{ISDP_LOAD_FILE_AID, ISDP_MODULE_AID};
use super::smsr_address::address_digits;
use crate::apdu::{ECASD_AID, ISD_R_AID};
use crate::euicc::Euicc;
use crate::state::m2m::{IsdpLifeCycle, Pol1};

/// The EIS fields of one M2M eUICC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct M2mEis {
    /// `Eid`.
    pub eid: String,
    /// `isd-p-loadfile-aid`, hex.
    pub isd_p_load_file_aid: String,
    /// `isd-p-module-aid`, hex.
    pub isd_p_module_aid: String,
    /// `isd-r`.
    pub isd_r: EisIsdR,
    /// `Ecasd`.
    pub ecasd: EisEcasd,
    /// `profiles`.
    pub profiles: Vec<EisProfile>,
    /// `RemainingMemory`, octets.
    pub remaining_memory: u64,
}

/// The ISD-R in the EIS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EisIsdR {
    /// `Aid`, hex.
    pub aid: String,
    /// `Tar`, hex.
    pub tar: String,
    /// SCP80 key sets (`keySets` of type SCP80).
    pub scp80: Vec<EisScp80KeySet>,
    /// SCP81 key sets (`keySets` of type SCP81).
    pub scp81: Vec<EisScp81KeySet>,
    /// The SM-SR's SMS address digits, when set.
    pub smsr_address: Option<String>,
}

/// One SCP80 key set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EisScp80KeySet {
    /// KVN.
    pub kvn: u8,
    /// The KIc octet (KVN and algorithm), hex.
    pub kic_byte: String,
    /// KIc, hex.
    pub kic: String,
    /// The KID octet, hex.
    pub kid_byte: String,
    /// KID, hex.
    pub kid: String,
    /// DEK, hex.
    pub dek: Option<String>,
    /// The last counter the card accepted.
    pub counter: u64,
}

/// One SCP81 key set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EisScp81KeySet {
    /// KVN.
    pub kvn: u8,
    /// Key identifier.
    pub key_id: u8,
    /// The PSK, hex.
    pub psk: String,
}

/// The ECASD in the EIS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EisEcasd {
    /// `Aid`, hex.
    pub aid: String,
    /// CERT.ECASD.ECKA (`7F21`), hex.
    pub certificate: String,
}

/// One profile (ISD-P) in the EIS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EisProfile {
    /// `Iccid`, when the ISD-P holds a profile.
    pub iccid: Option<String>,
    /// `Isd-p-aid`, hex.
    pub isd_p_aid: String,
    /// The life cycle: `selectable`, `personalized`, `disabled`, `enabled`.
    pub state: IsdpLifeCycle,
    /// `FallbackAttribute`.
    pub fallback_attribute: bool,
    /// POL1 (the SM-SR keeps POL2; POL1 is shown for the lab's operator).
    pub pol1: Pol1,
}

impl Euicc {
    /// The EIS fields of this M2M eUICC; `None` for other card types.
    pub fn m2m_eis(&self) -> Option<M2mEis> {
        let m2m = self.state.m2m.as_ref()?;
        let isd_r = &m2m.isd_r;
        Some(M2mEis {
            eid: self.state.eid.clone(),
            isd_p_load_file_aid: hex::encode_upper(ISDP_LOAD_FILE_AID),
            isd_p_module_aid: hex::encode_upper(ISDP_MODULE_AID),
            isd_r: EisIsdR {
                aid: hex::encode_upper(ISD_R_AID),
                tar: hex::encode_upper(&isd_r.tar),
                scp80: isd_r
                    .scp80
                    .iter()
                    .map(|k| EisScp80KeySet {
                        kvn: k.kvn,
                        kic_byte: format!("{:02X}", k.kvn << 4 | k.kic_algorithm),
                        kic: hex::encode_upper(&k.kic),
                        kid_byte: format!("{:02X}", k.kvn << 4 | k.kid_algorithm),
                        kid: hex::encode_upper(&k.kid),
                        dek: k.dek.as_ref().map(hex::encode_upper),
                        counter: k.counter,
                    })
                    .collect(),
                scp81: isd_r
                    .scp81
                    .iter()
                    .map(|k| EisScp81KeySet {
                        kvn: k.kvn,
                        key_id: k.key_id,
                        psk: hex::encode_upper(&k.psk),
                    })
                    .collect(),
                smsr_address: isd_r.smsr_address.as_deref().map(address_digits),
            },
            ecasd: EisEcasd {
                aid: hex::encode_upper(ECASD_AID),
                certificate: hex::encode_upper(&m2m.ecasd.certificate),
            },
            profiles: m2m
                .isdps
                .iter()
                .map(|i| EisProfile {
                    iccid: i.iccid.clone(),
                    isd_p_aid: hex::encode_upper(&i.aid),
                    state: i.life_cycle,
                    fallback_attribute: i.fallback,
                    pol1: i.pol1,
                })
                .collect(),
            remaining_memory: self
                .state
                .options
                .memory_capacity
                .saturating_sub(super::create_isdp::committed_memory(&self.state)),
        })
    }
}
