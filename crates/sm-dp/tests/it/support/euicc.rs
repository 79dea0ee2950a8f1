//! A scripted eUICC for the tests: it signs as an eUICC whose certificate the lab PKI's EUM
//! issued, checks what the SM-DP+ signs, and opens the Bound Profile Package as SGP.22 5.5
//! says an eUICC does. A test double, not the software eUICC.

use certs::{CertIssuer, CertRole, Pki};
use proto::crypto::{
    BspDecryptor, BspKeys, EckaKeyPair, PublicKey, Signature, SigningKey, hash_cc,
};
use proto::der::{Asn1, Oid, Preserved, RawSequence};
use proto::sgp22::{
    AuthenticateResponseOk, AuthenticateServerResponse, BoundProfilePackage, CancelSessionReason,
    CancelSessionResponse, CancelSessionResponseOk, Certificate, CtxParams1,
    CtxParamsForCommonAuthentication, EUICCInfo1, EUICCInfo2, EUICCSigned2,
    EuiccCancelSessionSigned, EuiccSignPIR, EuiccSigned1, FinalResult, Iccid,
    InitialiseSecureChannelRequest, NotificationEvent, NotificationMetadata,
    OtherSignedNotification, PendingNotification, PrepareDownloadResponse,
    PrepareDownloadResponseOk, ProfileInstallationResult, ProfileInstallationResultData,
    ReplaceSessionKeysRequest, ServerSigned1, SmdpSigned2, SuccessResult,
};

/// The eUICC's side of one download session.
#[derive(Clone, Debug, Default)]
pub(crate) struct Download {
    pub transaction_id: Vec<u8>,
    pub euicc_signature1: Vec<u8>,
    pub smdp_signature2: Vec<u8>,
    pub smdp_signed2: Option<SmdpSigned2>,
    pub dp_pb_cert: Vec<u8>,
}

pub(crate) struct TestEuicc {
    pub eid: String,
    pub key: SigningKey,
    pub cert: Vec<u8>,
    pub eum: Vec<u8>,
    pub ci_ski: Vec<u8>,
    /// PprIds bits EUICCInfo2 lists as forbiddenProfilePolicyRules.
    pub forbidden_ppr: Vec<usize>,
}

fn signing_key(key: &certs::PrivateKey) -> SigningKey {
    SigningKey::new(key.clone()).unwrap()
}

/// `5F37 40 r‖s`.
pub(crate) fn sig_tlv(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    proto::der::write_tlv(proto::der::Tag::application(55, false), raw, &mut out);
    out
}

/// The value of a `5F37` TLV.
pub(crate) fn sig_value(tlv: &[u8]) -> Vec<u8> {
    proto::der::Tlv::parse_single(tlv).unwrap().value().to_vec()
}

impl TestEuicc {
    /// The PKI's own eUICC.
    pub(crate) fn of(pki: &Pki) -> TestEuicc {
        let cred = pki.require(CertRole::Euicc).unwrap();
        let eum = pki.require(CertRole::Eum).unwrap();
        TestEuicc {
            eid: certs::generate::DEFAULT_EID.to_string(),
            key: signing_key(cred.key().unwrap()),
            cert: cred.cert_der.clone(),
            eum: eum.cert_der.clone(),
            ci_ski: pki.ci_anchor().unwrap().ski().to_vec(),
            forbidden_ppr: Vec::new(),
        }
    }

    /// Another eUICC of the PKI's EUM.
    pub(crate) fn issue(pki: &Pki, eid: &str) -> TestEuicc {
        let eum = pki.require(CertRole::Eum).unwrap();
        let issued = CertIssuer::new(eum).unwrap().issue_euicc(eid).unwrap();
        TestEuicc {
            eid: eid.to_string(),
            key: signing_key(issued.credential.key().unwrap()),
            cert: issued.credential.cert_der.clone(),
            eum: eum.cert_der.clone(),
            ci_ski: pki.ci_anchor().unwrap().ski().to_vec(),
            forbidden_ppr: Vec::new(),
        }
    }

    pub(crate) fn info1(&self) -> EUICCInfo1 {
        EUICCInfo1 {
            svn: [2, 5, 0],
            euicc_ci_pkid_list_for_verification: vec![self.ci_ski.clone()],
            euicc_ci_pkid_list_for_signing: vec![self.ci_ski.clone()],
        }
    }

    fn sign(&self, data: &[u8]) -> Vec<u8> {
        self.key.sign(data).unwrap().as_raw().to_vec()
    }

    /// ES10b.AuthenticateServer: checks serverSignature1 with CERT.DPauth, then signs
    /// euiccSigned1.
    pub(crate) fn authenticate_server(
        &self,
        server_signed1: &[u8],
        server_signature1: &[u8],
        server_certificate: &[u8],
        matching_id: Option<&str>,
    ) -> (AuthenticateServerResponse, Download) {
        let dp_auth = PublicKey::from_certificate_der(server_certificate).unwrap();
        dp_auth
            .verify(
                server_signed1,
                &Signature::from_raw(server_signature1).unwrap(),
            )
            .expect("serverSignature1 verifies over serverSigned1");
        let ss1 = ServerSigned1::from_der(server_signed1).unwrap();
        let signed = Preserved::new(EuiccSigned1 {
            transaction_id: ss1.transaction_id.clone(),
            server_address: ss1.server_address.clone(),
            server_challenge: ss1.server_challenge,
            euicc_info2: EUICCInfo2 {
                profile_version: [2, 3, 0],
                svn: [2, 5, 0],
                euicc_ci_pkid_list_for_verification: vec![self.ci_ski.clone()],
                euicc_ci_pkid_list_for_signing: vec![self.ci_ski.clone()],
                pp_version: [0, 0, 1],
                forbidden_profile_policy_rules: (!self.forbidden_ppr.is_empty())
                    .then(|| proto::sgp22::PprIds::from_bits(&self.forbidden_ppr)),
                ..EUICCInfo2::default()
            },
            ctx_params1: CtxParams1::CtxParamsForCommonAuthentication(
                CtxParamsForCommonAuthentication {
                    matching_id: matching_id.map(str::to_string),
                    device_info: Default::default(),
                },
            ),
        });
        let sig = self.sign(signed.raw());
        let d = Download {
            transaction_id: ss1.transaction_id,
            euicc_signature1: sig.clone(),
            ..Download::default()
        };
        (
            AuthenticateServerResponse::AuthenticateResponseOk(AuthenticateResponseOk {
                euicc_signed1: signed,
                euicc_signature1: sig,
                euicc_certificate: Certificate(RawSequence(self.cert.clone())),
                eum_certificate: Certificate(RawSequence(self.eum.clone())),
            }),
            d,
        )
    }

    /// Checks smdpSignature2 (SK.DPpb over smdpSigned2 ‖ euiccSignature1 TLV) and keeps what
    /// PrepareDownload needs.
    pub(crate) fn accept_smdp_signed2(
        &self,
        d: &mut Download,
        smdp_signed2: &[u8],
        smdp_signature2: &[u8],
        smdp_certificate: &[u8],
    ) {
        let dp_pb = PublicKey::from_certificate_der(smdp_certificate).unwrap();
        let mut covered = smdp_signed2.to_vec();
        covered.extend(sig_tlv(&d.euicc_signature1));
        dp_pb
            .verify(&covered, &Signature::from_raw(smdp_signature2).unwrap())
            .expect("smdpSignature2 verifies");
        let s2 = SmdpSigned2::from_der(smdp_signed2).unwrap();
        assert_eq!(s2.transaction_id, d.transaction_id);
        d.smdp_signed2 = Some(s2);
        d.smdp_signature2 = smdp_signature2.to_vec();
        d.dp_pb_cert = smdp_certificate.to_vec();
    }

    /// ES10b.PrepareDownload with the one-time key `otpk` and an optional confirmation code.
    pub(crate) fn prepare_download(
        &self,
        d: &Download,
        otpk: &EckaKeyPair,
        cc: Option<&str>,
    ) -> PrepareDownloadResponse {
        let signed = Preserved::new(EUICCSigned2 {
            transaction_id: d.transaction_id.clone(),
            euicc_otpk: otpk.public_key().as_uncompressed_point().to_vec(),
            hash_cc: cc.map(|c| hash_cc(c.as_bytes(), &d.transaction_id)),
        });
        let mut covered = signed.raw().to_vec();
        covered.extend(sig_tlv(&d.smdp_signature2));
        PrepareDownloadResponse::DownloadResponseOk(PrepareDownloadResponseOk {
            euicc_signature2: self.sign(&covered),
            euicc_signed2: signed,
        })
    }

    /// Opens a BPP as the eUICC does: smdpSign over the received BF23, the same session
    /// keys, every segment verified and decrypted. Returns (StoreMetadata DER, profile).
    pub(crate) fn open_bpp(
        &self,
        d: &Download,
        otpk: &EckaKeyPair,
        der: &[u8],
    ) -> (Vec<u8>, Vec<u8>) {
        let bpp = BoundProfilePackage::from_der(der).unwrap();
        let isc = &bpp.initialise_secure_channel_request;
        assert_eq!(
            isc.transaction_id, d.transaction_id,
            "BF23 carries the session's transactionId"
        );
        let signed = InitialiseSecureChannelRequest::signed_data(
            isc.raw(),
            otpk.public_key().as_uncompressed_point(),
        )
        .unwrap();
        PublicKey::from_certificate_der(&d.dp_pb_cert)
            .unwrap()
            .verify(&signed, &Signature::from_raw(&isc.smdp_sign).unwrap())
            .expect("smdpSign verifies");
        let curve = otpk.public_key().curve();
        let shs = otpk
            .agree(&PublicKey::from_uncompressed_point_on(curve, &isc.smdp_otpk).unwrap())
            .unwrap();
        let eid = proto::ids::Eid::parse(&self.eid).unwrap().to_bcd();
        let keys = proto::crypto::derive_session_keys(
            shs.as_bytes(),
            &isc.control_ref_template.host_id,
            &eid,
        )
        .unwrap();
        let mut dec = BspDecryptor::new(&keys);
        for s in &bpp.first_sequence_of87 {
            dec.verify_and_decrypt(&s.to_der()).unwrap();
        }
        let mut metadata = Vec::new();
        for s in &bpp.sequence_of88 {
            metadata.extend(dec.verify_mac_only(&s.to_der()).unwrap());
        }
        if let Some(second) = &bpp.second_sequence_of87 {
            let mut rsk = Vec::new();
            for s in second {
                rsk.extend(dec.verify_and_decrypt(&s.to_der()).unwrap());
            }
            let rsk = ReplaceSessionKeysRequest::from_der(&rsk).unwrap();
            dec.replace_session_keys(&BspKeys::new(
                rsk.ppk_enc.as_slice().try_into().unwrap(),
                rsk.ppk_cmac.as_slice().try_into().unwrap(),
                rsk.initial_mac_chaining_value
                    .as_slice()
                    .try_into()
                    .unwrap(),
            ));
        }
        let mut profile = Vec::new();
        for s in &bpp.sequence_of86 {
            profile.extend(dec.verify_and_decrypt(&s.to_der()).unwrap());
        }
        (metadata, profile)
    }

    fn metadata(&self, seq: i64, bit: usize, iccid: &str, address: &str) -> NotificationMetadata {
        NotificationMetadata {
            seq_number: seq,
            profile_management_operation: NotificationEvent::from_bits(&[bit]),
            notification_address: address.to_string(),
            iccid: Some(Iccid(
                proto::ids::Iccid::parse_lenient(iccid)
                    .unwrap()
                    .to_swapped_bcd(),
            )),
        }
    }

    /// A Profile Installation Result (success or `installFailedDueToPEProcessingError`).
    pub(crate) fn pir(
        &self,
        d: &Download,
        smdp_oid: &str,
        iccid: &str,
        address: &str,
        seq: i64,
        success: bool,
    ) -> PendingNotification {
        let final_result = if success {
            FinalResult::SuccessResult(SuccessResult {
                aid: vec![
                    0xA0, 0, 0, 5, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0, 0, 0x10, 0,
                ],
                sima_response: vec![0x30, 0x07, 0xA0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00],
            })
        } else {
            FinalResult::ErrorResult(proto::sgp22::ErrorResult {
                bpp_command_id: proto::sgp22::BppCommandId::LoadProfileElements,
                error_reason: proto::sgp22::ErrorReason::InstallFailedDueToPeProcessingError,
                sima_response: None,
            })
        };
        let data = Preserved::new(ProfileInstallationResultData {
            transaction_id: d.transaction_id.clone(),
            notification_metadata: self.metadata(
                seq,
                NotificationEvent::NOTIFICATION_INSTALL,
                iccid,
                address,
            ),
            smdp_oid: smdp_oid.parse::<Oid>().unwrap(),
            final_result,
        });
        let sig = self.sign(data.raw());
        PendingNotification::ProfileInstallationResult(ProfileInstallationResult {
            profile_installation_result_data: data,
            euicc_sign_pir: EuiccSignPIR(sig),
        })
    }

    /// An enable/disable/delete notification (`bit` of NotificationEvent).
    pub(crate) fn other_notification(
        &self,
        bit: usize,
        iccid: &str,
        address: &str,
        seq: i64,
    ) -> PendingNotification {
        let tbs = Preserved::new(self.metadata(seq, bit, iccid, address));
        let sig = self.sign(tbs.raw());
        PendingNotification::OtherSignedNotification(OtherSignedNotification {
            tbs_other_notification: tbs,
            euicc_notification_signature: sig,
            euicc_certificate: Certificate(RawSequence(self.cert.clone())),
            eum_certificate: Certificate(RawSequence(self.eum.clone())),
        })
    }

    /// ES10b.CancelSession's signed answer.
    pub(crate) fn cancel(
        &self,
        d: &Download,
        smdp_oid: &str,
        reason: CancelSessionReason,
    ) -> CancelSessionResponse {
        let signed = Preserved::new(EuiccCancelSessionSigned {
            transaction_id: d.transaction_id.clone(),
            smdp_oid: smdp_oid.parse::<Oid>().unwrap(),
            reason,
        });
        let sig = self.sign(signed.raw());
        CancelSessionResponse::CancelSessionResponseOk(CancelSessionResponseOk {
            euicc_cancel_session_signed: signed,
            euicc_cancel_session_signature: sig,
        })
    }
}
