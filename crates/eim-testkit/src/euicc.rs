//! A scripted IoT eUICC for the tests: it checks eimSignature with the eIM's certificate and
//! the association token, enforces the counter, executes PSMOs on a small profile table and
//! signs its results as an eUICC whose certificate the lab PKI's EUM issued. A test double,
//! not the software eUICC of `euicc-sim`.

use certs::{CertIssuer, CertRole, Pki};
use proto::crypto::{PublicKey, Signature, SigningKey};
use proto::der::{Oid, Preserved, RawSequence};
use proto::sgp22::{
    Certificate, EuiccSignPIR, FinalResult, Iccid, NotificationEvent, NotificationMetadata,
    OtherSignedNotification, ProfileInstallationResult, ProfileInstallationResultData,
    ProfileState, SuccessResult,
};
use proto::sgp32::{
    DeleteProfileResult, DisableProfileResult, EnableProfileResult, EuiccPackage,
    EuiccPackageErrorCode, EuiccPackageErrorDataSigned, EuiccPackageErrorSigned,
    EuiccPackageErrorUnsigned, EuiccPackageRequest, EuiccPackageResult,
    EuiccPackageResultDataSigned, EuiccPackageResultSigned, EuiccResultData, Psmo,
    SGP32ProfileInfo, SGP32ProfileInfoListResponse, SetFallbackAttributeResult,
    UnsetFallbackAttributeResult, signature_input,
};

/// One profile on the test eUICC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub iccid: String,
    pub enabled: bool,
    pub fallback: bool,
}

pub struct TestEuicc {
    pub eid: String,
    pub key: SigningKey,
    pub cert: Vec<u8>,
    pub eum: Vec<u8>,
    /// PK.EIM.ECDSA from the eIM configuration.
    pub eim_key: PublicKey,
    pub eim_id: String,
    pub token: i64,
    pub last_counter: i64,
    pub seq: i64,
    pub profiles: Vec<Profile>,
}

pub const BOOTSTRAP_ICCID: &str = "8949901000000000017";

fn signing_key(key: &certs::PrivateKey) -> SigningKey {
    SigningKey::new(key.clone()).unwrap()
}

pub fn coded(iccid: &str) -> Iccid {
    Iccid(
        proto::ids::Iccid::parse_lenient(iccid)
            .unwrap()
            .to_swapped_bcd(),
    )
}

pub fn digits(i: &Iccid) -> String {
    proto::ids::Iccid::from_swapped_bcd(&i.0)
        .unwrap()
        .as_str()
        .to_string()
}

impl TestEuicc {
    /// The PKI's own eUICC, configured for the eIM with `token`, bootstrap profile enabled
    /// and holding the fallback attribute.
    pub fn of(pki: &Pki, token: i64) -> TestEuicc {
        let cred = pki.require(CertRole::Euicc).unwrap();
        TestEuicc::with(
            pki,
            certs::generate::DEFAULT_EID,
            cred.key().unwrap(),
            &cred.cert_der,
            token,
        )
    }

    /// Another eUICC of the PKI's EUM.
    pub fn issue(pki: &Pki, eid: &str, token: i64) -> TestEuicc {
        TestEuicc::issue_on(pki, certs::Curve::NistP256, eid, token)
    }

    /// Another eUICC of the PKI's EUM on `curve` (a PKI generated with that curve set).
    pub fn issue_on(pki: &Pki, curve: certs::Curve, eid: &str, token: i64) -> TestEuicc {
        let eum = pki.require_on(CertRole::Eum, curve).unwrap();
        let issued = CertIssuer::new(eum).unwrap().issue_euicc(eid).unwrap();
        let mut e = TestEuicc::with(
            pki,
            eid,
            issued.credential.key().unwrap(),
            &issued.credential.cert_der,
            token,
        );
        e.eum = eum.cert_der.clone();
        e
    }

    fn with(pki: &Pki, eid: &str, key: &certs::PrivateKey, cert: &[u8], token: i64) -> TestEuicc {
        let eim = pki.require(CertRole::Eim).unwrap();
        TestEuicc {
            eid: eid.to_string(),
            key: signing_key(key),
            cert: cert.to_vec(),
            eum: pki.require(CertRole::Eum).unwrap().cert_der.clone(),
            eim_key: PublicKey::from_certificate_der(&eim.cert_der).unwrap(),
            eim_id: certs::generate::DEFAULT_EIM_ID.to_string(),
            token,
            last_counter: 0,
            seq: 0,
            profiles: vec![Profile {
                iccid: BOOTSTRAP_ICCID.into(),
                enabled: true,
                fallback: true,
            }],
        }
    }

    pub fn eid_bcd(&self) -> [u8; 16] {
        proto::ids::Eid::parse(&self.eid).unwrap().to_bcd()
    }

    /// Signs over `signed ‖ 84 token`.
    pub fn sign(&self, signed: &[u8]) -> Vec<u8> {
        self.key
            .sign(&signature_input(signed, self.token))
            .unwrap()
            .as_raw()
            .to_vec()
    }

    /// A signed result for `counter`.
    pub fn result(
        &mut self,
        counter: i64,
        tid: Option<Vec<u8>>,
        results: Vec<EuiccResultData>,
    ) -> EuiccPackageResult {
        self.seq += 1;
        let data = EuiccPackageResultDataSigned {
            eim_id: self.eim_id.clone(),
            counter_value: counter,
            eim_transaction_id: tid,
            seq_number: self.seq,
            euicc_result: results,
        };
        EuiccPackageResult::EuiccPackageResultSigned(
            EuiccPackageResultSigned::new_signed(data, self.token, |m| {
                Ok::<_, ()>(self.key.sign(m).unwrap().as_raw().to_vec())
            })
            .unwrap(),
        )
    }

    fn error(
        &self,
        counter: i64,
        tid: Option<Vec<u8>>,
        code: EuiccPackageErrorCode,
    ) -> EuiccPackageResult {
        let data = EuiccPackageErrorDataSigned {
            eim_id: self.eim_id.clone(),
            counter_value: counter,
            eim_transaction_id: tid,
            euicc_package_error_code: code,
        };
        EuiccPackageResult::EuiccPackageErrorSigned(
            EuiccPackageErrorSigned::new_signed(data, self.token, |m| {
                Ok::<_, ()>(self.key.sign(m).unwrap().as_raw().to_vec())
            })
            .unwrap(),
        )
    }

    /// Whether the eIM's signature verifies (SGP.32 v1.2 2.11.1.1).
    pub fn eim_signature_ok(&self, req: &EuiccPackageRequest) -> bool {
        let sig = Signature::from_raw(&req.eim_signature).unwrap();
        self.eim_key
            .verify(&req.signed_data(self.token), &sig)
            .is_ok()
    }

    /// Executes an eUICC Package as ES10b.LoadEuiccPackage does.
    pub fn execute(&mut self, req: &EuiccPackageRequest) -> EuiccPackageResult {
        let signed = req.euicc_package_signed.value().clone();
        let tid = signed.eim_transaction_id.clone();
        if !self.eim_signature_ok(req) || signed.eim_id != self.eim_id {
            return EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
                eim_id: signed.eim_id,
                eim_transaction_id: tid,
                ..Default::default()
            });
        }
        if signed.eid_value != self.eid_bcd() {
            return self.error(signed.counter_value, tid, EuiccPackageErrorCode::InvalidEid);
        }
        if signed.counter_value <= self.last_counter {
            return self.error(
                signed.counter_value,
                tid,
                EuiccPackageErrorCode::ReplayError,
            );
        }
        self.last_counter = signed.counter_value;
        let psmos = match &signed.euicc_package {
            EuiccPackage::PsmoList(l) => l.clone(),
            EuiccPackage::EcoList(_) => Vec::new(),
        };
        let results = psmos.iter().map(|p| self.psmo(p)).collect();
        self.result(signed.counter_value, tid, results)
    }

    fn find(&mut self, iccid: &Iccid) -> Option<usize> {
        let d = digits(iccid);
        self.profiles.iter().position(|p| p.iccid == d)
    }

    fn psmo(&mut self, p: &Psmo) -> EuiccResultData {
        match p {
            Psmo::Enable(e) => EuiccResultData::EnableResult(match self.find(&e.iccid) {
                None => EnableProfileResult::IccidOrAidNotFound,
                Some(i) if self.profiles[i].enabled => {
                    EnableProfileResult::ProfileNotInDisabledState
                }
                Some(i) => {
                    for p in &mut self.profiles {
                        p.enabled = false;
                    }
                    self.profiles[i].enabled = true;
                    EnableProfileResult::Ok
                }
            }),
            Psmo::Disable(d) => EuiccResultData::DisableResult(match self.find(&d.iccid) {
                None => DisableProfileResult::IccidOrAidNotFound,
                Some(i) if !self.profiles[i].enabled => {
                    DisableProfileResult::ProfileNotInEnabledState
                }
                Some(i) => {
                    self.profiles[i].enabled = false;
                    DisableProfileResult::Ok
                }
            }),
            Psmo::Delete(d) => EuiccResultData::DeleteResult(match self.find(&d.iccid) {
                None => DeleteProfileResult::IccidOrAidNotFound,
                Some(i) if self.profiles[i].enabled => {
                    DeleteProfileResult::ProfileNotInDisabledState
                }
                Some(i) => {
                    self.profiles.remove(i);
                    DeleteProfileResult::Ok
                }
            }),
            Psmo::SetFallbackAttribute(s) => {
                EuiccResultData::SetFallbackAttributeResult(match self.find(&s.iccid) {
                    None => SetFallbackAttributeResult::IccidOrAidNotFound,
                    Some(i) => {
                        for p in &mut self.profiles {
                            p.fallback = false;
                        }
                        self.profiles[i].fallback = true;
                        SetFallbackAttributeResult::Ok
                    }
                })
            }
            Psmo::UnsetFallbackAttribute(_) => {
                for p in &mut self.profiles {
                    p.fallback = false;
                }
                EuiccResultData::UnsetFallbackAttributeResult(UnsetFallbackAttributeResult::Ok)
            }
            Psmo::ListProfileInfo(_) => EuiccResultData::ListProfileInfoResult(
                SGP32ProfileInfoListResponse::ProfileInfoListOk(
                    self.profiles
                        .iter()
                        .map(|p| SGP32ProfileInfo {
                            iccid: Some(coded(&p.iccid)),
                            profile_state: Some(if p.enabled {
                                ProfileState::Enabled
                            } else {
                                ProfileState::Disabled
                            }),
                            fallback_attribute: p.fallback,
                            ..SGP32ProfileInfo::default()
                        })
                        .collect(),
                ),
            ),
            _ => EuiccResultData::ProcessingTerminated(
                proto::sgp32::ProcessingTerminated::UnknownOrDamagedCommand,
            ),
        }
    }

    /// A signed installation result for `iccid` (installed, disabled).
    pub fn install(
        &mut self,
        iccid: &str,
        transaction_id: Vec<u8>,
        smdp: &str,
    ) -> ProfileInstallationResult {
        self.seq += 1;
        self.profiles.push(Profile {
            iccid: iccid.into(),
            enabled: false,
            fallback: false,
        });
        let data = Preserved::new(ProfileInstallationResultData {
            transaction_id,
            notification_metadata: NotificationMetadata {
                seq_number: self.seq,
                profile_management_operation: NotificationEvent::from_bits(&[
                    NotificationEvent::NOTIFICATION_INSTALL,
                ]),
                notification_address: smdp.into(),
                iccid: Some(coded(iccid)),
            },
            smdp_oid: "2.999.10".parse::<Oid>().unwrap(),
            final_result: FinalResult::SuccessResult(SuccessResult {
                aid: vec![
                    0xA0, 0, 0, 5, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0, 0, 0x11, 0,
                ],
                sima_response: vec![0x30, 0x07, 0xA0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00],
            }),
        });
        let sig = self.key.sign(data.raw()).unwrap().as_raw().to_vec();
        ProfileInstallationResult {
            profile_installation_result_data: data,
            euicc_sign_pir: EuiccSignPIR(sig),
        }
    }

    /// A signed enable/disable/delete notification.
    pub fn notification(
        &mut self,
        event: usize,
        iccid: &str,
        address: &str,
    ) -> OtherSignedNotification {
        self.seq += 1;
        let tbs = Preserved::new(NotificationMetadata {
            seq_number: self.seq,
            profile_management_operation: NotificationEvent::from_bits(&[event]),
            notification_address: address.into(),
            iccid: Some(coded(iccid)),
        });
        let sig = self.key.sign(tbs.raw()).unwrap().as_raw().to_vec();
        OtherSignedNotification {
            tbs_other_notification: tbs,
            euicc_notification_signature: sig,
            euicc_certificate: Certificate(RawSequence(self.cert.clone())),
            eum_certificate: Certificate(RawSequence(self.eum.clone())),
        }
    }
}

/// The same `EuiccPackageResult` (the received signed part, octet for octet) with
/// euiccSignEPR or euiccSignEPE made by another key: a forged result (SGP.32 v1.2 2.11.2.1).
/// An unsigned error has nothing to forge and is returned unchanged.
pub fn forge(result: &EuiccPackageResult) -> EuiccPackageResult {
    let other = SigningKey::generate().unwrap();
    let sign = |m: &[u8]| other.sign(m).unwrap().as_raw().to_vec();
    match result {
        EuiccPackageResult::EuiccPackageResultSigned(r) => {
            let mut r = r.clone();
            r.euicc_sign_epr = sign(r.euicc_package_result_data_signed.raw());
            EuiccPackageResult::EuiccPackageResultSigned(r)
        }
        EuiccPackageResult::EuiccPackageErrorSigned(e) => {
            let mut e = e.clone();
            e.euicc_sign_epe = sign(e.euicc_package_error_data_signed.raw());
            EuiccPackageResult::EuiccPackageErrorSigned(e)
        }
        unsigned @ EuiccPackageResult::EuiccPackageErrorUnsigned(_) => unsigned.clone(),
    }
}
