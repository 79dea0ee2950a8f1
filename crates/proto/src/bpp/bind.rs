//! The SM-DP+ side of ES8+: key agreement, session keys, InitialiseSecureChannel, and the BSP
//! segments of ConfigureISDP, StoreMetadata, ReplaceSessionKeys and the profile elements.

use crate::crypto::bsp::{
    TAG_CONFIGURE_ISDP, TAG_LOAD_PROFILE_ELEMENTS, TAG_REPLACE_SESSION_KEYS, TAG_STORE_METADATA,
};
use crate::crypto::ecka::agree_with_new_key;
use crate::crypto::{BspEncryptor, BspKeys, KeyError, PublicKey, SignatureError, SigningKey};
use crate::der::{Asn1, Preserved, Tlv};
use crate::sgp22::{
    BoundProfilePackage, ConfigureISDPRequest, ControlRefTemplate, InitialiseSecureChannelRequest,
    RemoteOpId, ReplaceSessionKeysRequest, Segment86, Segment87, Segment88, StoreMetadataRequest,
};

/// What binding needs.
pub struct BindRequest<'a> {
    /// The download session's transaction ID.
    pub transaction_id: &'a [u8],
    /// hostId of the ControlRefTemplate (1 to 16 octets, chosen by the SM-DP+).
    pub host_id: &'a [u8],
    /// The eUICC's EID (16 octets), part of the KDF's SharedInfo.
    pub eid: &'a [u8; 16],
    /// otPK.EUICC.ECKA from euiccSigned2.
    pub euicc_otpk: &'a PublicKey,
    /// SK.DPpb, which signs InitialiseSecureChannel (smdpSign).
    pub dp_pb_key: &'a SigningKey,
    pub configure_isdp: &'a ConfigureISDPRequest,
    pub store_metadata: &'a StoreMetadataRequest,
    /// The profile: either the unprotected package (DER of the profile elements) to encrypt
    /// under the session keys, or a protected package made once by [`protect_profile`].
    pub profile: ProfileSource<'a>,
}

/// How the profile elements are carried.
pub enum ProfileSource<'a> {
    /// Encrypted under the session keys.
    Unprotected(&'a [u8]),
    /// Already protected under the PPK keys (a Protected Profile Package): the BPP carries
    /// ReplaceSessionKeys with these keys and the given `86` segments as they are.
    Protected {
        keys: &'a BspKeys,
        segments: &'a [Segment86],
    },
}

/// A bound package and the one-time public key otPK.DP.ECKA it carries.
pub struct BoundPackage {
    pub package: BoundProfilePackage,
    pub smdp_otpk: PublicKey,
}

/// Why binding failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BindError {
    #[error("key agreement: {0}")]
    Key(#[from] KeyError),
    #[error("session keys: {0}")]
    Kdf(String),
    #[error("signing InitialiseSecureChannel: {0}")]
    Sign(#[from] SignatureError),
    #[error("internal encoding: {0}")]
    Encoding(String),
}

fn payloads<T>(segments: Vec<Vec<u8>>, wrap: fn(Vec<u8>) -> T) -> Result<Vec<T>, BindError> {
    segments
        .iter()
        .map(|s| {
            Tlv::parse_single(s)
                .map(|t| wrap(t.value().to_vec()))
                .map_err(|e| BindError::Encoding(e.to_string()))
        })
        .collect()
}

/// Encrypts a profile package once under PPK keys: the `86` segments of a Protected Profile
/// Package (SGP.22 2.5.4, ReplaceSessionKeys), reusable for any eUICC.
pub fn protect_profile(keys: &BspKeys, profile: &[u8]) -> Result<Vec<Segment86>, BindError> {
    let mut enc = BspEncryptor::new(keys);
    payloads(
        enc.encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, profile),
        Segment86,
    )
}

/// Builds the Bound Profile Package (SGP.22 5.5): a fresh one-time key pair otSK/otPK.DP.ECKA,
/// ShS with otPK.EUICC.ECKA, the session keys by the X9.63 KDF, InitialiseSecureChannel signed
/// with SK.DPpb over its data objects followed by otPK.EUICC.ECKA, then the BSP segments with
/// one block counter and MAC chain: ConfigureISDP (`87`), StoreMetadata (`88`, MAC only),
/// ReplaceSessionKeys (`87`, protected profiles only) and the profile elements (`86`).
pub fn bind_profile_package(req: &BindRequest<'_>) -> Result<BoundPackage, BindError> {
    let (smdp_otpk, shared) = agree_with_new_key(req.euicc_otpk)?;
    let keys = crate::crypto::derive_session_keys(shared.as_bytes(), req.host_id, req.eid)
        .map_err(|e| BindError::Kdf(e.to_string()))?;

    let mut isc = InitialiseSecureChannelRequest {
        remote_op_id: RemoteOpId::InstallBoundProfilePackage,
        transaction_id: req.transaction_id.to_vec(),
        control_ref_template: ControlRefTemplate {
            key_type: [ControlRefTemplate::KEY_TYPE_AES],
            key_len: [ControlRefTemplate::KEY_LEN_16],
            host_id: req.host_id.to_vec(),
        },
        smdp_otpk: smdp_otpk.as_uncompressed_point().to_vec(),
        smdp_sign: Vec::new(),
    };
    let unsigned = isc.to_der();
    let signed = InitialiseSecureChannelRequest::signed_data(
        &unsigned,
        req.euicc_otpk.as_uncompressed_point(),
    )
    .map_err(|e| BindError::Encoding(e.to_string()))?;
    isc.smdp_sign = req.dp_pb_key.sign(&signed)?.as_raw().to_vec();

    let mut enc = BspEncryptor::new(&keys);
    let first87 = payloads(
        enc.encrypt_and_mac(TAG_CONFIGURE_ISDP, &req.configure_isdp.to_der()),
        Segment87,
    )?;
    let seq88 = payloads(
        enc.mac_only(TAG_STORE_METADATA, &req.store_metadata.to_der()),
        Segment88,
    )?;
    let (second87, seq86) = match &req.profile {
        ProfileSource::Unprotected(upp) => (
            None,
            payloads(
                enc.encrypt_and_mac(TAG_LOAD_PROFILE_ELEMENTS, upp),
                Segment86,
            )?,
        ),
        ProfileSource::Protected {
            keys: ppk,
            segments,
        } => {
            let rsk = ReplaceSessionKeysRequest {
                initial_mac_chaining_value: ppk.initial_mcv().to_vec(),
                ppk_enc: ppk.s_enc().to_vec(),
                ppk_cmac: ppk.s_mac().to_vec(),
            };
            let second = payloads(
                enc.encrypt_and_mac(TAG_REPLACE_SESSION_KEYS, &rsk.to_der()),
                Segment87,
            )?;
            (Some(second), segments.to_vec())
        }
    };

    Ok(BoundPackage {
        package: BoundProfilePackage {
            initialise_secure_channel_request: Preserved::new(isc),
            first_sequence_of87: first87,
            sequence_of88: seq88,
            second_sequence_of87: second87,
            sequence_of86: seq86,
        },
        smdp_otpk,
    })
}
