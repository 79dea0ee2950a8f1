//! Test side of the SGP.32 ISD-R tests: an eIM that signs eUICC Packages with the eIM key
//! of the lab PKI (`eIM/`), IoT eUICCs associated with it, and profiles pre-loaded the way
//! a manufacturer would (bootstrap enabled with the Fallback Attribute).

use certs::CertRole;
use euicc_sim::state::{EimConfig, EimKey};
use euicc_sim::{Es10Processor, Euicc, EuiccOptions, Preload};
use proto::crypto::{PublicKey, Signature, SigningKey};
use proto::der::{Asn1, Null, Preserved};
use proto::sgp22::{Iccid, NotificationEvent, ProfileClass, StoreMetadataRequest};
use proto::sgp32::{
    EuiccPackage, EuiccPackageRequest, EuiccPackageResult, EuiccPackageSigned, EuiccResultData,
    Psmo, PsmoEnable, PsmoIccid, signature_input,
};

use crate::common::{credentials, metadata, pki, profile};

pub(crate) const EIM_ID: &str = "eim.rsp-lab.test";
pub(crate) const TOKEN: i64 = 5;

pub(crate) const BOOTSTRAP: &str = "8949449999999990023";
pub(crate) const LOCAL: &str = "8949449999999990031";
pub(crate) const OTHER: &str = "8949449999999990049";

pub(crate) fn iccid(digits: &str) -> Iccid {
    Iccid(
        proto::ids::Iccid::parse_lenient(digits)
            .unwrap()
            .to_swapped_bcd(),
    )
}

/// The eIM: its id, SK.EIM.ECDSA, the association token and the next counter.
pub(crate) struct Eim {
    pub id: String,
    pub key: SigningKey,
    pub token: Option<i64>,
    pub counter: i64,
}

impl Eim {
    pub(crate) fn new() -> Eim {
        let (_, key) = pki().require_key(CertRole::Eim).unwrap();
        Eim {
            id: EIM_ID.into(),
            key: SigningKey::new(key.clone()).unwrap(),
            token: Some(TOKEN),
            counter: 0,
        }
    }

    /// The configuration the eUICC is created with: CERT.EIM.ECDSA, token, counter 0.
    pub(crate) fn config(&self) -> EimConfig {
        let cert = pki().require(CertRole::Eim).unwrap().cert_der.clone();
        EimConfig {
            association_token: self.token,
            ..EimConfig::new(
                &self.id,
                "eim.rsp-lab.test",
                EimKey::Certificate { der: cert },
            )
        }
    }

    /// A package with an explicit counter and EID.
    pub(crate) fn package_with(
        &self,
        counter: i64,
        eid: [u8; 16],
        package: EuiccPackage,
    ) -> EuiccPackageRequest {
        let signed = EuiccPackageSigned {
            eim_id: self.id.clone(),
            eid_value: eid,
            counter_value: counter,
            eim_transaction_id: Some(vec![0xE1, 0x4D, counter as u8]),
            euicc_package: package,
        };
        let signed = Preserved::new(signed);
        let covered = match self.token {
            Some(t) => signature_input(signed.raw(), t),
            None => signed.raw().to_vec(),
        };
        EuiccPackageRequest {
            eim_signature: self.key.sign(&covered).unwrap().as_raw().to_vec(),
            euicc_package_signed: signed,
        }
    }

    /// The next package for `euicc`.
    pub(crate) fn package(&mut self, euicc: &Euicc, package: EuiccPackage) -> EuiccPackageRequest {
        self.counter += 1;
        self.package_with(self.counter, eid_of(euicc), package)
    }

    pub(crate) fn psmos(&mut self, euicc: &Euicc, psmos: Vec<Psmo>) -> EuiccPackageRequest {
        self.package(euicc, EuiccPackage::PsmoList(psmos))
    }
}

pub(crate) fn eid_of(euicc: &Euicc) -> [u8; 16] {
    proto::ids::Eid::parse(euicc.eid()).unwrap().to_bcd()
}

/// An IoT eUICC associated with `eim`.
pub(crate) fn iot_euicc(eim: &Eim) -> Euicc {
    Euicc::in_memory(credentials(), EuiccOptions::iot_with_eim(eim.config())).unwrap()
}

/// Metadata of an operational profile whose notifications go to the SM-DP+.
pub(crate) fn meta(digits: &str) -> StoreMetadataRequest {
    metadata(digits)
}

pub(crate) fn test_meta(digits: &str) -> StoreMetadataRequest {
    StoreMetadataRequest {
        profile_class: ProfileClass::Test,
        ..metadata(digits)
    }
}

/// Pre-loads a profile.
pub(crate) fn preload(euicc: &mut Euicc, digits: &str, enabled: bool, fallback: bool) {
    euicc
        .preload_profile(&Preload {
            enabled,
            fallback,
            ..Preload::new(profile(digits), meta(digits))
        })
        .unwrap();
}

/// A fleet eUICC: bootstrap enabled with the Fallback Attribute, a local profile disabled.
pub(crate) fn fleet_euicc(eim: &Eim) -> Euicc {
    let mut e = iot_euicc(eim);
    preload(&mut e, BOOTSTRAP, true, true);
    preload(&mut e, LOCAL, false, false);
    e
}

/// ES10 with a response expected.
pub(crate) fn es10(euicc: &mut Euicc, request: &impl Asn1) -> Vec<u8> {
    euicc
        .try_process_es10(&request.to_der())
        .expect("ES10 response")
}

/// ES10b.LoadEuiccPackage, decoded.
pub(crate) fn load(euicc: &mut Euicc, req: &EuiccPackageRequest) -> EuiccPackageResult {
    EuiccPackageResult::from_der(&es10(euicc, req)).expect("an EuiccPackageResult")
}

pub(crate) fn enable(digits: &str, rollback: bool) -> Psmo {
    Psmo::Enable(PsmoEnable {
        iccid: iccid(digits),
        rollback_flag: rollback.then_some(Null),
    })
}

pub(crate) fn disable(digits: &str) -> Psmo {
    Psmo::Disable(PsmoIccid {
        iccid: iccid(digits),
    })
}

pub(crate) fn delete(digits: &str) -> Psmo {
    Psmo::Delete(PsmoIccid {
        iccid: iccid(digits),
    })
}

/// The next package of `eim` with these PSMOs, loaded.
pub(crate) fn exec(euicc: &mut Euicc, eim: &mut Eim, psmos: Vec<Psmo>) -> EuiccPackageResult {
    let req = eim.psmos(euicc, psmos);
    load(euicc, &req)
}

/// The results of a signed result; panics on an error.
pub(crate) fn results(r: &EuiccPackageResult) -> Vec<EuiccResultData> {
    match r {
        EuiccPackageResult::EuiccPackageResultSigned(s) => {
            s.euicc_package_result_data_signed.euicc_result.clone()
        }
        other => panic!("not a signed result: {other:?}"),
    }
}

/// The seqNumber of a signed result.
pub(crate) fn seq_number(r: &EuiccPackageResult) -> i64 {
    match r {
        EuiccPackageResult::EuiccPackageResultSigned(s) => {
            s.euicc_package_result_data_signed.seq_number
        }
        other => panic!("not a signed result: {other:?}"),
    }
}

/// Whether euiccSignEPR / euiccSignEPE verifies with PK.EUICC.ECDSA over the signed data
/// followed by `token`.
pub(crate) fn verifies(euicc: &Euicc, r: &EuiccPackageResult, token: i64) -> bool {
    let key = PublicKey::from_certificate_der(euicc.credentials().euicc_certificate()).unwrap();
    let Some((data, sig)) = r.signed_data(token) else {
        return false;
    };
    Signature::from_raw(sig).is_ok_and(|s| key.verify(&data, &s).is_ok())
}

/// Notification event with one operation bit.
pub(crate) fn event(bit: usize) -> NotificationEvent {
    NotificationEvent::from_bits(&[bit])
}
