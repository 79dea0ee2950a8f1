//! Test side of the ISD-R tests: a lab PKI, an SM-DP+ that signs and binds the way SGP.22
//! 5.6 says (with the DPauth and DPpb keys of the PKI), and an LPA that drives ES10b and
//! splits the Bound Profile Package as real LPAs do.

use std::path::PathBuf;
use std::sync::OnceLock;

use certs::{CertRole, LabPkiOptions, Pki, generate};
use euicc_sim::{Credentials, Es10Processor, Euicc, EuiccOptions};
use proto::bpp::{BindRequest, ProfileSource, bind_profile_package};
use proto::crypto::{PublicKey, Signature, SigningKey};
use proto::der::{Asn1, Preserved, RawSequence, Tag, Tlv, write_tlv};
use proto::saip::{PEHeader, PENonStandard, Personalization, ProfileElement, minimal_profile};
use proto::sgp22::{
    AuthenticateResponseOk, AuthenticateServerRequest, AuthenticateServerResponse,
    BoundProfilePackage, Certificate, ConfigureISDPRequest, CtxParams1,
    CtxParamsForCommonAuthentication, DeviceInfo, DpProprietaryData, GetEuiccChallengeRequest,
    GetEuiccChallengeResponse, Iccid, NotificationConfigurationInformation, NotificationEvent,
    PendingNotification, PrepareDownloadRequest, PrepareDownloadResponse,
    PrepareDownloadResponseOk, ProfileClass, ProfileInstallationResult,
    RetrieveNotificationsListRequest, RetrieveNotificationsListResponse, ServerSigned1,
    SmdpSigned2, StoreMetadataRequest,
};

/// The lab PKI shared by the tests of one binary.
pub(crate) fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| generate(&LabPkiOptions::default()).expect("lab PKI"))
}

/// A second, unrelated PKI (another CI).
pub(crate) fn foreign_pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        generate(&LabPkiOptions {
            organization: "elsewhere".into(),
            ..LabPkiOptions::default()
        })
        .expect("foreign PKI")
    })
}

pub(crate) fn credentials() -> Credentials {
    Credentials::from_pki(pki()).expect("credentials")
}

/// A new eUICC in memory.
pub(crate) fn euicc() -> Euicc {
    Euicc::in_memory(credentials(), EuiccOptions::default()).expect("eUICC")
}

/// Where the TS.48 reference profiles are, if present.
pub(crate) fn ts48_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/ts48");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("notice: {} not found, TS.48 tests skipped", dir.display());
        None
    }
}

fn signing_key(pki: &Pki, role: CertRole) -> (SigningKey, Vec<u8>) {
    let (cred, key) = pki.require_key(role).expect("role with key");
    let key = SigningKey::new(key.clone()).unwrap();
    (key, cred.cert_der.clone())
}

/// ES10 with a response expected.
pub(crate) fn es10(euicc: &mut Euicc, request: &impl Asn1) -> Vec<u8> {
    euicc
        .try_process_es10(&request.to_der())
        .expect("ES10 response")
}

/// The SM-DP+ side of a download, as SGP.22 5.6 describes it.
pub(crate) struct Smdp {
    pub address: String,
    pub auth_key: SigningKey,
    pub auth_cert: Vec<u8>,
    pub pb_key: SigningKey,
    pub pb_cert: Vec<u8>,
    pub ci_ski: Vec<u8>,
    pub host_id: Vec<u8>,
}

impl Smdp {
    pub(crate) fn new() -> Smdp {
        Smdp::from_pki(pki())
    }

    pub(crate) fn from_pki(pki: &Pki) -> Smdp {
        let (auth_key, auth_cert) = signing_key(pki, CertRole::DpAuth);
        let (pb_key, pb_cert) = signing_key(pki, CertRole::DpPb);
        Smdp {
            address: "smdp.rsp-lab.test".into(),
            auth_key,
            auth_cert,
            pb_key,
            pb_cert,
            ci_ski: pki.ci_anchor().unwrap().ski().to_vec(),
            host_id: b"rsp-lab".to_vec(),
        }
    }

    /// ES9+.InitiateAuthentication output relayed as ES10b.AuthenticateServer (5.6.1).
    pub(crate) fn authenticate_server_request(
        &self,
        euicc_challenge: [u8; 16],
        tid: &[u8],
    ) -> AuthenticateServerRequest {
        let signed = Preserved::new(ServerSigned1 {
            transaction_id: tid.to_vec(),
            euicc_challenge,
            server_address: self.address.clone(),
            server_challenge: [0x5C; 16],
        });
        let sig = self.auth_key.sign(signed.raw()).unwrap();
        AuthenticateServerRequest {
            server_signed1: signed,
            server_signature1: sig.as_raw().to_vec(),
            euicc_ci_pkid_to_be_used: self.ci_ski.clone(),
            server_certificate: Certificate(RawSequence(self.auth_cert.clone())),
            ctx_params1: CtxParams1::CtxParamsForCommonAuthentication(
                CtxParamsForCommonAuthentication {
                    matching_id: Some("MATCHING-ID-1".into()),
                    device_info: DeviceInfo::default(),
                },
            ),
        }
    }

    /// ES9+.AuthenticateClient output relayed as ES10b.PrepareDownload (5.6.3): smdpSigned2
    /// signed with the eUICC's euiccSignature1.
    pub(crate) fn prepare_download_request(
        &self,
        auth: &AuthenticateResponseOk,
        tid: &[u8],
    ) -> PrepareDownloadRequest {
        let signed = Preserved::new(SmdpSigned2 {
            transaction_id: tid.to_vec(),
            cc_required_flag: false,
            bpp_euicc_otpk: None,
        });
        let mut covered = signed.raw().to_vec();
        write_tlv(
            Tag::application(55, false),
            &auth.euicc_signature1,
            &mut covered,
        );
        let sig = self.pb_key.sign(&covered).unwrap();
        PrepareDownloadRequest {
            smdp_signed2: signed,
            smdp_signature2: sig.as_raw().to_vec(),
            hash_cc: None,
            smdp_certificate: Certificate(RawSequence(self.pb_cert.clone())),
        }
    }

    /// ES9+.GetBoundProfilePackage (5.6.2): checks euiccSignature2 and binds.
    pub(crate) fn bind(
        &self,
        euicc: &Euicc,
        prepared: &PrepareDownloadResponseOk,
        smdp_signature2: &[u8],
        tid: &[u8],
        metadata: &StoreMetadataRequest,
        profile: &[u8],
    ) -> BoundProfilePackage {
        let mut covered = prepared.euicc_signed2.raw().to_vec();
        write_tlv(Tag::application(55, false), smdp_signature2, &mut covered);
        euicc_key(euicc)
            .verify(
                &covered,
                &Signature::from_raw(&prepared.euicc_signature2).unwrap(),
            )
            .expect("euiccSignature2 verifies");
        let otpk = PublicKey::from_uncompressed_point(&prepared.euicc_signed2.euicc_otpk).unwrap();
        let eid = proto::ids::Eid::parse(euicc.eid()).unwrap().to_bcd();
        bind_profile_package(&BindRequest {
            transaction_id: tid,
            host_id: &self.host_id,
            eid: &eid,
            euicc_otpk: &otpk,
            dp_pb_key: &self.pb_key,
            configure_isdp: &ConfigureISDPRequest {
                dp_proprietary_data: Some(DpProprietaryData {
                    dp_oid: "2.999.10".parse().unwrap(),
                }),
            },
            store_metadata: metadata,
            profile: ProfileSource::Unprotected(profile),
        })
        .unwrap()
        .package
    }
}

/// PK.EUICC.ECDSA from the eUICC's certificate.
pub(crate) fn euicc_key(euicc: &Euicc) -> PublicKey {
    PublicKey::from_certificate_der(euicc.credentials().euicc_certificate()).unwrap()
}

/// Metadata for a profile: names, class, notifications of every operation to the SM-DP+.
pub(crate) fn metadata(iccid: &str) -> StoreMetadataRequest {
    StoreMetadataRequest {
        iccid: Iccid(
            proto::ids::Iccid::parse_lenient(iccid)
                .unwrap()
                .to_swapped_bcd(),
        ),
        service_provider_name: "rsp-lab operator".into(),
        profile_name: format!("profile {iccid}"),
        icon_type: None,
        icon: None,
        profile_class: ProfileClass::Operational,
        notification_configuration_info: Some(vec![NotificationConfigurationInformation {
            profile_management_operation: NotificationEvent::from_bits(&[0, 1, 2, 3]),
            notification_address: "smdp.rsp-lab.test".into(),
        }]),
        profile_owner: None,
        profile_policy_rules: None,
        service_specific_data_stored_in_euicc: None,
        service_specific_data_not_stored_in_euicc: None,
    }
}

/// A minimal profile package with this ICCID, made larger than a few BSP segments by a
/// non-standard PE (TCA `PE-NonStandard`) of 4000 octets before the end PE.
pub(crate) fn profile(iccid: &str) -> Vec<u8> {
    let mut package = minimal_profile(&Personalization {
        iccid: iccid.into(),
        imsi: "001010123456789".into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    })
    .unwrap();
    let end = package.elements.len() - 1;
    package.elements.insert(
        end,
        ProfileElement::NonStandard(PENonStandard {
            header: PEHeader {
                mandated: None,
                identification: 900,
            },
            issuer_id: "2.999.77".parse().unwrap(),
            content: (0..4000u32).map(|i| (i % 253) as u8).collect(),
        }),
    );
    package.to_der()
}

/// The LoadBoundProfilePackage calls of an LPA (SGP.22 2.5.5): `BF36` header
/// with `BF23`, whole `A0`, `A1` header, each `88`, whole `A2`, `A3` header, each `86`.
pub(crate) fn lpa_pieces(bpp: &[u8]) -> Vec<Vec<u8>> {
    let outer = Tlv::parse_single(bpp).unwrap();
    let header = |t: &Tlv<'_>| t.raw[..t.raw.len() - t.value().len()].to_vec();
    let mut items = outer.contents().unwrap();
    let isc = items.read().unwrap();
    let mut first = header(&outer);
    first.extend_from_slice(isc.raw);
    let mut pieces = vec![first];
    while !items.is_empty() {
        let c = items.read().unwrap();
        match c.tag.number {
            1 | 3 => {
                pieces.push(header(&c));
                let mut inner = c.contents().unwrap();
                while !inner.is_empty() {
                    pieces.push(inner.read().unwrap().raw.to_vec());
                }
            }
            _ => pieces.push(c.raw.to_vec()),
        }
    }
    pieces
}

/// A download up to PrepareDownload, with what binding needs.
pub(crate) struct Prepared {
    pub tid: Vec<u8>,
    pub ok: PrepareDownloadResponseOk,
    pub smdp_signature2: Vec<u8>,
}

pub(crate) fn challenge(euicc: &mut Euicc) -> [u8; 16] {
    let r = es10(euicc, &GetEuiccChallengeRequest {});
    GetEuiccChallengeResponse::from_der(&r)
        .unwrap()
        .euicc_challenge
}

pub(crate) fn authenticate(euicc: &mut Euicc, smdp: &Smdp, tid: &[u8]) -> AuthenticateResponseOk {
    let c = challenge(euicc);
    let r = es10(euicc, &smdp.authenticate_server_request(c, tid));
    match AuthenticateServerResponse::from_der(&r).unwrap() {
        AuthenticateServerResponse::AuthenticateResponseOk(ok) => ok,
        other => panic!("AuthenticateServer refused: {other:?}"),
    }
}

pub(crate) fn prepare(euicc: &mut Euicc, smdp: &Smdp, tid: &[u8]) -> Prepared {
    let auth = authenticate(euicc, smdp, tid);
    let req = smdp.prepare_download_request(&auth, tid);
    let r = es10(euicc, &req);
    match PrepareDownloadResponse::from_der(&r).unwrap() {
        PrepareDownloadResponse::DownloadResponseOk(ok) => Prepared {
            tid: tid.to_vec(),
            ok,
            smdp_signature2: req.smdp_signature2,
        },
        other => panic!("PrepareDownload refused: {other:?}"),
    }
}

/// Feeds the pieces; every one but the last answers empty. Returns the last answer.
pub(crate) fn load(euicc: &mut Euicc, pieces: &[Vec<u8>]) -> Vec<u8> {
    let (last, rest) = pieces.split_last().unwrap();
    for (i, p) in rest.iter().enumerate() {
        let r = euicc.try_process_es10(p).expect("piece accepted");
        if !r.is_empty() {
            return r;
        }
        assert!(r.is_empty(), "piece {i} answered early");
    }
    euicc.try_process_es10(last).expect("last piece accepted")
}

/// A whole download; returns the decoded ProfileInstallationResult.
pub(crate) fn download(
    euicc: &mut Euicc,
    smdp: &Smdp,
    metadata: &StoreMetadataRequest,
    profile: &[u8],
) -> ProfileInstallationResult {
    let tid = fresh_tid();
    let p = prepare(euicc, smdp, &tid);
    let bpp = smdp.bind(euicc, &p.ok, &p.smdp_signature2, &tid, metadata, profile);
    let r = load(euicc, &lpa_pieces(&bpp.to_der()));
    ProfileInstallationResult::from_der(&r).expect("a ProfileInstallationResult")
}

/// A distinct transaction ID per call.
pub(crate) fn fresh_tid() -> Vec<u8> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    let mut tid = vec![0x7A; 8];
    tid.extend(N.fetch_add(1, Ordering::Relaxed).to_be_bytes());
    tid
}

/// The pending notifications, decoded.
pub(crate) fn notifications(euicc: &mut Euicc) -> Vec<PendingNotification> {
    let r = es10(euicc, &RetrieveNotificationsListRequest::default());
    match RetrieveNotificationsListResponse::from_der(&r).unwrap() {
        RetrieveNotificationsListResponse::NotificationList(l) => l,
        other => panic!("{other:?}"),
    }
}

/// Whether a pending notification's signature verifies with PK.EUICC.ECDSA.
pub(crate) fn signature_verifies(euicc: &Euicc, n: &PendingNotification) -> bool {
    let key = euicc_key(euicc);
    let (data, sig) = match n {
        PendingNotification::ProfileInstallationResult(p) => (
            p.profile_installation_result_data.raw(),
            &p.euicc_sign_pir.0,
        ),
        PendingNotification::OtherSignedNotification(o) => (
            o.tbs_other_notification.raw(),
            &o.euicc_notification_signature,
        ),
    };
    Signature::from_raw(sig).is_ok_and(|s| key.verify(data, &s).is_ok())
}
