//! Secured packets to an ISD-P (SGP.02 v4.2 2.4.3, Annex H): the SM-SR reaches an ISD-P by
//! its TAR (AID octets 13–15) with the ISD-R's SCP80 key sets (the SM-SR holds no ISD-P
//! keys; the ISD-R's security domain opens the packet and hands the script to the ISD-P,
//! as the relay of ES3.SendData needs). **[unconfirmed]** against the SGP.02 text: the
//! two public SM-SR implementations relay SendData to the ISD-P's TAR this way.
//!
//! The ISD-P's own commands in this card: GET STATUS of itself (GPCS v2.3 11.4, P1 `80`:
//! the security domain the command is addressed to), answered
//! `E3 { 4F AID | 9F70 life cycle }`; STORE DATA of ES8.EstablishISDPKeySet
//! ([`super::isdp_keyset`]); anything else `6D00`. A packet whose script is SCP03t TLVs
//! goes to [`super::isdp_download`].

use ota::command::ApplicationKeys;
use ota::command::Tar;
use ota::script::{BadFormat, CommandScript, CommandTlv, ResponseScript, ResponseTlv, ScriptForm};
use ota::spi::MinimumSecurityLevel;
use ota::{KeySet, KeyStore};

use super::aid::{ISD_R_TAR, isdp_tar};
use super::isdp_download::is_scp03t;
use super::keys::isd_r_keys;
use super::remote_script::is_failure;
use crate::apdu::{CommandApdu, ResponseApdu, StatusWord};
use crate::euicc::Euicc;
use crate::state::m2m::{IsdpRecord, M2mState};

/// The ISD-R's key sets, for the ISD-R's TAR and every ISD-P's.
pub(super) struct RoutedKeys {
    isd_r: ApplicationKeys,
    isdp_tars: Vec<[u8; 3]>,
}

/// The key store an SMS-PP download opens packets with.
pub(super) fn routed_keys(m2m: &M2mState) -> RoutedKeys {
    RoutedKeys {
        isd_r: isd_r_keys(m2m),
        isdp_tars: m2m.isdps.iter().filter_map(|i| isdp_tar(&i.aid)).collect(),
    }
}

impl KeyStore for RoutedKeys {
    fn security_level(&self, tar: &Tar) -> Option<MinimumSecurityLevel> {
        self.isd_r.security_level(&self.route(tar))
    }

    fn key_set(&self, tar: &Tar, kvn: u8) -> Option<&KeySet> {
        self.isd_r.key_set(&self.route(tar), kvn)
    }
}

impl RoutedKeys {
    /// The TAR whose keys secure `tar`: the ISD-R's for an ISD-P's.
    fn route(&self, tar: &Tar) -> Tar {
        if self.isdp_tars.contains(tar) {
            ISD_R_TAR
        } else {
            *tar
        }
    }
}

/// GET STATUS.
const INS_GET_STATUS: u8 = 0xF2;
/// STORE DATA (ES8.EstablishISDPKeySet, [`super::isdp_keyset`]).
const INS_STORE_DATA: u8 = 0xE2;

impl Euicc {
    /// Runs a remote command script (ETSI TS 102 226 5.2) addressed to the ISD-P with TAR
    /// `tar`: the response script, or `None` when no ISD-P has this TAR.
    pub fn run_isdp_script(&mut self, tar: [u8; 3], script: &[u8]) -> Option<Vec<u8>> {
        let isdp = self
            .state
            .m2m
            .as_ref()?
            .isdps
            .iter()
            .find(|i| isdp_tar(&i.aid) == Some(tar))?
            .clone();
        if is_scp03t(script) {
            return Some(self.run_scp03t(&isdp, script));
        }
        let mut items = Vec::new();
        let form = match CommandScript::parse(script) {
            Ok(commands) => {
                for item in &commands.items {
                    let CommandTlv::CApdu(apdu) = item else {
                        continue;
                    };
                    let r = self.isdp_command(&isdp, apdu).to_bytes();
                    let failed = is_failure(&r);
                    items.push(ResponseTlv::RApdu(r));
                    if failed {
                        break;
                    }
                }
                commands.form
            }
            Err(_) => {
                items.push(ResponseTlv::BadFormat(BadFormat::UnknownTag));
                ScriptForm::Definite
            }
        };
        let n = items
            .iter()
            .filter(|i| matches!(i, ResponseTlv::RApdu(_)))
            .count();
        items.insert(
            0,
            ResponseTlv::NumberOfCommands(u8::try_from(n).unwrap_or(u8::MAX)),
        );
        ResponseScript { form, items }.encode().ok()
    }

    /// One C-APDU to the ISD-P `isdp`.
    pub(super) fn isdp_command(&mut self, isdp: &IsdpRecord, apdu: &[u8]) -> ResponseApdu {
        match CommandApdu::parse(apdu) {
            Ok(c) if c.cla & 0xFC == 0x80 && c.ins == INS_STORE_DATA => {
                match self.isdp_store_data(&isdp.aid, &c) {
                    Ok(data) => ResponseApdu {
                        data,
                        sw: StatusWord::OK,
                    },
                    Err(e) => ResponseApdu::status(e.status_word()),
                }
            }
            Ok(_) => isdp_get_status(isdp, apdu),
            Err(_) => ResponseApdu::status(StatusWord::WRONG_LENGTH),
        }
    }
}

/// GET STATUS of the ISD-P itself; any other instruction `6D00`.
fn isdp_get_status(isdp: &IsdpRecord, apdu: &[u8]) -> ResponseApdu {
    match CommandApdu::parse(apdu) {
        Ok(c) if c.cla & 0xFC == 0x80 && c.ins == INS_GET_STATUS && c.p1 == 0x80 => {
            let mut inner = Vec::new();
            certs::gp::tlv::push(&mut inner, 0x4F, &isdp.aid);
            certs::gp::tlv::push(&mut inner, 0x9F70, &[isdp.life_cycle.byte()]);
            let mut data = Vec::new();
            certs::gp::tlv::push(&mut data, 0xE3, &inner);
            ResponseApdu {
                data,
                sw: StatusWord::OK,
            }
        }
        Ok(_) => ResponseApdu::status(StatusWord::INS_NOT_SUPPORTED),
        Err(_) => ResponseApdu::status(StatusWord::WRONG_LENGTH),
    }
}
