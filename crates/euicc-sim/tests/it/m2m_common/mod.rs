//! Test side of the SGP.02 ISD-R tests: M2M eUICCs made with the EUM key of the lab PKI,
//! profiles pre-loaded as a manufacturer would, and an SM-SR that sends ES5 commands as
//! APDUs on a logical channel with the ISD-R selected.

use certs::CertRole;
use certs::gp::{GpCertificateBody, GpCertificateType, KEY_USAGE_SIGNATURE};
use euicc_sim::apdu::{Card, ISD_R_AID, ResponseApdu, StatusWord};
use euicc_sim::m2m::aid::aid_with_tar;
use euicc_sim::m2m::{M2mPreload, M2mSetup, dgi};
use euicc_sim::state::m2m::Pol1;
use euicc_sim::{Euicc, EuiccOptions, Preload};
use proto::crypto::SigningKey;

use crate::common::{credentials, metadata, pki, profile};

pub(crate) mod ota_sm_sr;

pub(crate) const BOOTSTRAP: &str = "8949449999999990023";
pub(crate) const OPERATIONAL: &str = "8949449999999990031";
pub(crate) const THIRD: &str = "8949449999999990049";

/// The ISD-P AIDs pre-loading gives, in order: TAR `000010`, `000011`, `000012`.
pub(crate) fn isdp(n: u8) -> Vec<u8> {
    aid_with_tar([0x00, 0x00, 0x10 + n]).to_vec()
}

/// Fresh M2M keys for the lab PKI's eUICC, notifications to the lab SM-SR's number.
pub(crate) fn setup() -> M2mSetup {
    let creds = credentials();
    let (_, eum) = pki().require_key(CertRole::Eum).unwrap();
    let mut setup = M2mSetup::generate(creds.eid().as_str(), eum).unwrap();
    setup.smsr_address = euicc_sim::m2m::address_from_digits(ota_sm_sr::SM_SR_NUMBER);
    setup
}

/// An M2M eUICC in memory with no profile.
pub(crate) fn m2m_euicc() -> Euicc {
    Euicc::in_memory_m2m(credentials(), EuiccOptions::default(), setup()).unwrap()
}

/// Pre-loads a profile with its POL1.
pub(crate) fn preload(euicc: &mut Euicc, digits: &str, enabled: bool, fallback: bool, pol1: Pol1) {
    euicc
        .preload_m2m_profile(&M2mPreload {
            profile: Preload {
                enabled,
                fallback,
                ..Preload::new(profile(digits), metadata(digits))
            },
            pol1,
        })
        .unwrap();
}

/// The factory state: the bootstrap profile enabled with the Fall-Back Attribute
/// (ISD-P `…10`), an operational profile disabled (`…11`).
pub(crate) fn fleet_euicc() -> Euicc {
    let mut e = m2m_euicc();
    preload(&mut e, BOOTSTRAP, true, true, Pol1::default());
    preload(&mut e, OPERATIONAL, false, false, Pol1::default());
    e
}

/// The operational profile enabled with POL1 "disable not allowed", the bootstrap profile
/// disabled with the Fall-Back Attribute.
pub(crate) fn locked_operational_euicc() -> Euicc {
    let mut e = m2m_euicc();
    preload(&mut e, BOOTSTRAP, false, true, Pol1::default());
    let locked = Pol1 {
        disable_not_allowed: true,
        ..Pol1::default()
    };
    preload(&mut e, OPERATIONAL, true, false, locked);
    e
}

/// A GP Amendment E certificate (CERT.SR.ECDSA, CERT.DP.ECDSA) of `key`, type `kind`, for
/// `subject`, signed by the CI of `ci_pki`.
pub(crate) fn ci_signed_certificate(
    ci_pki: &certs::Pki,
    key: &SigningKey,
    kind: GpCertificateType,
    subject: &[u8],
) -> Vec<u8> {
    let (_, ci_key) = ci_pki.require_key(CertRole::Ci).unwrap();
    let ski = ci_pki.ci_anchor().unwrap().ski().to_vec();
    GpCertificateBody {
        serial_number: vec![0x02],
        ca_identifier: ski.clone(),
        subject_identifier: subject.to_vec(),
        key_usage: KEY_USAGE_SIGNATURE.to_vec(),
        effective_date: None,
        expiration_date: vec![0x20, 0x99, 0x12, 0x31],
        discretionary_data: None,
        certificate_type: Some(kind),
        authority_key_identifier: Some(ski),
        public_key: *key.public_key(),
    }
    .sign(&SigningKey::new(ci_key.clone()).unwrap())
    .unwrap()
    .to_bytes()
}

/// The KVNs of the ISD-R's SCP80 key sets and their counters.
pub(crate) fn scp80_sets(e: &Euicc) -> Vec<(u8, u64)> {
    let m2m = e.state().m2m.as_ref().expect("M2M");
    m2m.isd_r.scp80.iter().map(|k| (k.kvn, k.counter)).collect()
}

/// The SM-SR's view: a card with the ISD-R selected on logical channel 1.
pub(crate) struct SmSr {
    pub card: Card<Euicc>,
}

impl SmSr {
    pub(crate) fn new(euicc: Euicc) -> SmSr {
        let mut card = Card::new(euicc);
        let open = card.transmit(&[0x00, 0x70, 0x00, 0x00, 0x01]);
        assert_eq!(open, [0x01, 0x90, 0x00], "MANAGE CHANNEL open");
        let mut select = vec![0x01, 0xA4, 0x04, 0x00, 0x10];
        select.extend(ISD_R_AID);
        let r = card.process(&select);
        assert_eq!(r.sw, StatusWord(0x611A), "SELECT ISD-R, FCI waiting");
        SmSr { card }
    }

    /// One command with CLA `81` (GP class, channel 1); GET RESPONSE is followed.
    pub(crate) fn send(&mut self, ins: u8, p1: u8, p2: u8, data: &[u8]) -> ResponseApdu {
        let mut apdu = vec![0x81, ins, p1, p2];
        if !data.is_empty() {
            apdu.push(data.len() as u8);
            apdu.extend(data);
        }
        let mut r = self.card.process(&apdu);
        while r.sw.0 >> 8 == 0x61 {
            let more = self.card.process(&[0x01, 0xC0, 0x00, 0x00, r.sw.0 as u8]);
            let mut data = r.data;
            data.extend(more.data);
            r = ResponseApdu { data, sw: more.sw };
        }
        r
    }

    /// STORE DATA of one DGI, last block.
    pub(crate) fn store_dgi(&mut self, tag: u16, value: &[u8]) -> ResponseApdu {
        let mut data = Vec::new();
        dgi::push(&mut data, tag, value);
        self.send(0xE2, 0x88, 0x00, &data)
    }

    /// `3A03`/`3A04`/`3A05` with `4F L <aid>`.
    pub(crate) fn store_aid(&mut self, tag: u16, aid: &[u8]) -> ResponseApdu {
        let mut value = vec![0x4F, aid.len() as u8];
        value.extend(aid);
        self.store_dgi(tag, &value)
    }

    /// GET STATUS of one ISD-P (or all with an empty AID).
    pub(crate) fn get_status(&mut self, aid: &[u8]) -> ResponseApdu {
        let mut data = vec![0x4F, aid.len() as u8];
        data.extend(aid);
        self.send(0xF2, 0x40, 0x02, &data)
    }

    /// The life cycle byte and fall-back flag GET STATUS reports for `aid`.
    pub(crate) fn status_of(&mut self, aid: &[u8]) -> (u8, u8) {
        let r = self.get_status(aid);
        assert_eq!(r.sw, StatusWord::OK, "GET STATUS");
        let d = r.data;
        // E3 L 4F 10 <aid> 9F70 01 lc 53 01 fb 8F 04 …
        assert_eq!(&d[2..4], [0x4F, 0x10]);
        assert_eq!(&d[4..20], aid);
        assert_eq!(&d[20..23], [0x9F, 0x70, 0x01]);
        assert_eq!(&d[24..26], [0x53, 0x01]);
        (d[23], d[26])
    }

    pub(crate) fn euicc(&self) -> &Euicc {
        self.card.processor()
    }
}

pub(crate) const DISABLED: u8 = 0x1F;
pub(crate) const ENABLED: u8 = 0x3F;
pub(crate) const SELECTABLE: u8 = 0x07;
