//! The scripted eUICC's side of a profile download (SGP.22 5.7.13, 5.7.5, 5.7.14 as SGP.32
//! v1.2 5.14 relays them): what it signs in AuthenticateServer, PrepareDownload and
//! CancelSession, in full and compact forms, and its installation result.

use proto::crypto::{EckaKeyPair, PublicKey, Signature};
use proto::der::{Asn1, Oid, Preserved};
use proto::sgp22::{
    CancelSessionReason, CtxParams1, CtxParamsForCommonAuthentication, DeviceInfo, EUICCInfo1,
    EUICCSigned2, EuiccCancelSessionSigned, EuiccSignPIR, FinalResult, NotificationEvent,
    NotificationMetadata, ProfileInstallationResultData, ServerSigned1, SuccessResult,
};
use proto::sgp32::{
    CompactAuthenticateResponseOk, CompactCancelSessionResponseOk, CompactEuiccCancelSessionSigned,
    CompactEuiccSigned1, CompactEuiccSigned2, CompactFinalResult, CompactPrepareDownloadResponseOk,
    CompactProfileInstallationResult, CompactProfileInstallationResultData, CompactSignedData,
    CompactSuccessResult, SGP32AuthenticateServerResponse, SGP32CancelSessionResponse,
    SGP32EUICCInfo2, SGP32EuiccSigned1, SGP32PrepareDownloadResponse,
};

use super::euicc::{TestEuicc, coded};

impl TestEuicc {
    fn ci_ski(&self) -> Vec<u8> {
        certs::verify::facts::CertFacts::parse(&self.eum)
            .unwrap()
            .aki
            .unwrap()
    }

    pub fn euicc_info1(&self) -> EUICCInfo1 {
        EUICCInfo1 {
            svn: [2, 5, 0],
            euicc_ci_pkid_list_for_verification: vec![self.ci_ski()],
            euicc_ci_pkid_list_for_signing: vec![self.ci_ski()],
        }
    }

    pub fn euicc_info2(&self) -> SGP32EUICCInfo2 {
        SGP32EUICCInfo2 {
            profile_version: [2, 3, 1],
            svn: [2, 5, 0],
            euicc_firmware_ver: [1, 0, 0],
            ext_card_resource: vec![0x81, 0x01, 0x00, 0x82, 0x03, 0x01, 0x00, 0x00],
            euicc_ci_pkid_list_for_verification: vec![self.ci_ski()],
            euicc_ci_pkid_list_for_signing: vec![self.ci_ski()],
            pp_version: [0, 0, 1],
            sas_acreditation_number: "RSP-LAB-TEST".into(),
            ..SGP32EUICCInfo2::default()
        }
    }

    /// Checks serverSignature1 and signs euiccSigned1; full form when `compact` is false.
    pub fn authenticate_server(
        &self,
        server_signed1: &[u8],
        server_signature1: &[u8],
        server_certificate: &[u8],
        matching_id: &str,
        compact: bool,
    ) -> SGP32AuthenticateServerResponse {
        let key = PublicKey::from_certificate_der(server_certificate).unwrap();
        key.verify(
            server_signed1,
            &Signature::from_raw(server_signature1).unwrap(),
        )
        .expect("serverSignature1 verifies");
        let s1 = ServerSigned1::from_der(server_signed1).unwrap();
        let ctx = CtxParams1::CtxParamsForCommonAuthentication(CtxParamsForCommonAuthentication {
            matching_id: Some(matching_id.into()),
            device_info: DeviceInfo::default(),
        });
        let signed = Preserved::new(SGP32EuiccSigned1 {
            transaction_id: s1.transaction_id.clone(),
            server_address: s1.server_address.clone(),
            server_challenge: s1.server_challenge,
            euicc_info2: self.euicc_info2(),
            ctx_params1: ctx.clone(),
        });
        let sig = self.key.sign(signed.raw()).unwrap().as_raw().to_vec();
        let cert = proto::sgp22::Certificate(proto::der::RawSequence(self.cert.clone()));
        let eum = proto::sgp22::Certificate(proto::der::RawSequence(self.eum.clone()));
        if compact {
            SGP32AuthenticateServerResponse::CompactAuthenticateResponseOk(
                CompactAuthenticateResponseOk {
                    signed_data: CompactSignedData::CompactEuiccSigned1(CompactEuiccSigned1 {
                        ext_card_resource: self.euicc_info2().ext_card_resource,
                        ctx_params1: Some(ctx),
                    }),
                    euicc_signature1: sig,
                    euicc_certificate: None,
                    eum_certificate: None,
                },
            )
        } else {
            SGP32AuthenticateServerResponse::AuthenticateResponseOk(
                proto::sgp32::SGP32AuthenticateResponseOk {
                    euicc_signed1: signed,
                    euicc_signature1: sig,
                    euicc_certificate: cert,
                    eum_certificate: eum,
                },
            )
        }
    }

    /// PrepareDownload: a one-time key, signed with the SM-DP+'s smdpSignature2.
    pub fn prepare_download(
        &self,
        transaction_id: &[u8],
        smdp_signature2: &[u8],
        compact: bool,
    ) -> SGP32PrepareDownloadResponse {
        let otpk = EckaKeyPair::generate().unwrap();
        let point = otpk.public_key().as_uncompressed_point().to_vec();
        let signed = Preserved::new(EUICCSigned2 {
            transaction_id: transaction_id.to_vec(),
            euicc_otpk: point.clone(),
            hash_cc: None,
        });
        let mut input = signed.raw().to_vec();
        proto::der::write_tlv(
            proto::der::Tag::application(55, false),
            smdp_signature2,
            &mut input,
        );
        let sig = self.key.sign(&input).unwrap().as_raw().to_vec();
        if compact {
            SGP32PrepareDownloadResponse::CompactDownloadResponseOk(
                CompactPrepareDownloadResponseOk {
                    compact_euicc_signed2: CompactEuiccSigned2 {
                        euicc_otpk: Some(point),
                        hash_cc: None,
                    },
                    euicc_signature2: sig,
                },
            )
        } else {
            SGP32PrepareDownloadResponse::DownloadResponseOk(
                proto::sgp22::PrepareDownloadResponseOk {
                    euicc_signed2: signed,
                    euicc_signature2: sig,
                },
            )
        }
    }

    /// A compact installation result whose signature covers the full result data.
    pub fn compact_installation(
        &mut self,
        transaction_id: &[u8],
        iccid: &str,
        smdp_address: &str,
        smdp_oid: &str,
    ) -> CompactProfileInstallationResult {
        self.seq += 1;
        let data = ProfileInstallationResultData {
            transaction_id: transaction_id.to_vec(),
            notification_metadata: NotificationMetadata {
                seq_number: self.seq,
                profile_management_operation: NotificationEvent::from_bits(&[
                    NotificationEvent::NOTIFICATION_INSTALL,
                ]),
                notification_address: smdp_address.into(),
                iccid: Some(coded(iccid)),
            },
            smdp_oid: smdp_oid.parse::<Oid>().unwrap(),
            final_result: FinalResult::SuccessResult(SuccessResult {
                aid: eim::compact::isdp_aid([0x00, 0x11]),
                sima_response: CompactSuccessResult::DEFAULT_SIMA_RESPONSE.to_vec(),
            }),
        };
        let sig = self.key.sign(&data.to_der()).unwrap().as_raw().to_vec();
        CompactProfileInstallationResult {
            compact_profile_installation_result_data: CompactProfileInstallationResultData {
                transaction_id: transaction_id.to_vec(),
                seq_number: self.seq,
                iccid_present: true,
                compact_final_result: CompactFinalResult::CompactSuccessResult(
                    CompactSuccessResult {
                        compact_aid: [0x00, 0x11],
                        sima_response: None,
                    },
                ),
            },
            euicc_sign_pir: EuiccSignPIR(sig),
        }
    }

    /// A compact cancellation whose signature covers the full signed part.
    pub fn compact_cancel(
        &self,
        transaction_id: &[u8],
        smdp_oid: &str,
    ) -> SGP32CancelSessionResponse {
        let full = EuiccCancelSessionSigned {
            transaction_id: transaction_id.to_vec(),
            smdp_oid: smdp_oid.parse::<Oid>().unwrap(),
            reason: CancelSessionReason::Postponed,
        };
        let sig = self.key.sign(&full.to_der()).unwrap().as_raw().to_vec();
        SGP32CancelSessionResponse::CompactCancelSessionResponseOk(CompactCancelSessionResponseOk {
            compact_euicc_cancel_session_signed: CompactEuiccCancelSessionSigned {
                reason: Some(CancelSessionReason::Postponed),
            },
            euicc_cancel_session_signature: sig,
        })
    }
}
