//! ES8+ (SM-DP+ to eUICC, through the LPA): the Bound Profile Package and the commands its
//! segments carry once decrypted (SGP.22 2.5.4, 5.5).

use super::common::{Octet1, OctetTo16, RemoteOpId, TransactionId};
use super::metadata::DpProprietaryData;
use crate::der::{Asn1, DecodeError, DecodeResult, Preserved, Tag, Tlv, write_tlv};

/// The Bound Profile Package (SGP.22 2.5.4): the secure-channel set-up in clear, then BSP
/// segments: ConfigureISDP (`87`, encrypted), StoreMetadata (`88`, MAC only), optionally
/// ReplaceSessionKeys (`87`), and the profile elements (`86`).
///
/// ```text
/// BoundProfilePackage ::= [54] SEQUENCE { -- Tag 'BF36'
///    initialiseSecureChannelRequest [35] InitialiseSecureChannelRequest, -- Tag 'BF23'
///    firstSequenceOf87 [0] SEQUENCE OF [7] OCTET STRING, -- sequence of '87' TLVs
///    sequenceOf88 [1] SEQUENCE OF [8] OCTET STRING, -- sequence of '88' TLVs
///    secondSequenceOf87 [2] SEQUENCE OF [7] OCTET STRING OPTIONAL,
///    sequenceOf86 [3] SEQUENCE OF [6] OCTET STRING }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 54, extensible)]
pub struct BoundProfilePackage {
    /// `[35]` is the type's own tag; the received octets are kept for the smdpSign check.
    pub initialise_secure_channel_request: Preserved<InitialiseSecureChannelRequest>,
    #[asn1(tag = 0, name = "firstSequenceOf87")]
    pub first_sequence_of87: Vec<Segment87>,
    #[asn1(tag = 1, name = "sequenceOf88")]
    pub sequence_of88: Vec<Segment88>,
    #[asn1(tag = 2, name = "secondSequenceOf87")]
    pub second_sequence_of87: Option<Vec<Segment87>>,
    #[asn1(tag = 3, name = "sequenceOf86")]
    pub sequence_of86: Vec<Segment86>,
}

/// One encrypted and MACed BSP segment (`87`) of ConfigureISDP or ReplaceSessionKeys.
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 7, name = "[7] OCTET STRING")]
pub struct Segment87(pub Vec<u8>);

/// One MAC-only BSP segment (`88`) of StoreMetadata.
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 8, name = "[8] OCTET STRING")]
pub struct Segment88(pub Vec<u8>);

/// One encrypted and MACed BSP segment (`86`) of the profile elements.
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 6, name = "[6] OCTET STRING")]
pub struct Segment86(pub Vec<u8>);

/// ES8+.InitialiseSecureChannel (SGP.22 5.5.1): key agreement parameters signed by the
/// SM-DP+ with SK.DPpb.
///
/// ```text
/// InitialiseSecureChannelRequest ::= [35] SEQUENCE { -- Tag 'BF23'
///    remoteOpId RemoteOpId, -- installBoundProfilePackage
///    transactionId [0] TransactionId,
///    controlRefTemplate [6] IMPLICIT ControlRefTemplate,
///    smdpOtpk [APPLICATION 73] OCTET STRING, -- otPK.DP.ECKA, tag '5F49'
///    smdpSign [APPLICATION 55] OCTET STRING -- SM-DP's signature, tag '5F37' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 35, extensible)]
pub struct InitialiseSecureChannelRequest {
    pub remote_op_id: RemoteOpId,
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = 6)]
    pub control_ref_template: ControlRefTemplate,
    #[asn1(tag = "application 73")]
    pub smdp_otpk: Vec<u8>,
    #[asn1(tag = "application 55")]
    pub smdp_sign: Vec<u8>,
}

impl InitialiseSecureChannelRequest {
    /// The octets smdpSign covers (SGP.22 5.5.1): the received TLVs of remoteOpId,
    /// transactionId, controlRefTemplate and smdpOtpk, followed by the eUICC's
    /// otPK.EUICC.ECKA as a `5F49` TLV. `raw` is the complete `BF23` TLV as received
    /// ([`Preserved::raw`] in [`BoundProfilePackage`]).
    pub fn signed_data(raw: &[u8], euicc_otpk: &[u8]) -> DecodeResult<Vec<u8>> {
        let smdp_sign = Tag::application(55, false);
        let tlv = Tlv::parse_single(raw)?;
        let mut r = tlv.contents()?;
        let mut out = Vec::with_capacity(raw.len() + euicc_otpk.len());
        loop {
            if r.is_empty() {
                return Err(DecodeError::new(
                    tlv.offset,
                    crate::der::DecodeErrorKind::MissingField("smdpSign"),
                ));
            }
            let item = r.read()?;
            if item.tag == smdp_sign {
                break;
            }
            out.extend_from_slice(item.raw);
        }
        write_tlv(Tag::application(73, false), euicc_otpk, &mut out);
        Ok(out)
    }
}

/// The structure smdpSign is computed over, as the reference module spells it out for
/// verifiers (an aid of that module, not a message of SGP.22; `euiccOtpk` takes the place
/// of `smdpSign`). [`InitialiseSecureChannelRequest::signed_data`] builds its contents from
/// received octets.
///
/// ```text
/// InitialiseSecureChannelRequest-ver ::= [35] SEQUENCE { -- Tag 'BF23'
///    remoteOpId RemoteOpId, transactionId [0] TransactionId,
///    controlRefTemplate [6] IMPLICIT ControlRefTemplate,
///    smdpOtpk [APPLICATION 73] OCTET STRING, euiccOtpk [APPLICATION 73] OCTET STRING }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 35, extensible, name = "InitialiseSecureChannelRequest-ver")]
pub struct InitialiseSecureChannelRequestVer {
    pub remote_op_id: RemoteOpId,
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = 6)]
    pub control_ref_template: ControlRefTemplate,
    #[asn1(tag = "application 73")]
    pub smdp_otpk: Vec<u8>,
    #[asn1(tag = "application 73")]
    pub euicc_otpk: Vec<u8>,
}

/// Control Reference Template for key agreement, a subset of GlobalPlatform Card
/// Specification 6.4.2.3 (SGP.22 5.5.1): key type `88` (AES), key length `10`, host ID.
///
/// ```text
/// ControlRefTemplate ::= SEQUENCE {
///    keyType [0] Octet1, keyLen [1] Octet1, hostId [4] OctetTo16 }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct ControlRefTemplate {
    #[asn1(tag = 0)]
    pub key_type: Octet1,
    #[asn1(tag = 1)]
    pub key_len: Octet1,
    #[asn1(tag = 4)]
    pub host_id: OctetTo16,
}

impl ControlRefTemplate {
    /// Key type AES (GlobalPlatform Card Specification Table 11-16).
    pub const KEY_TYPE_AES: u8 = 0x88;
    /// Key length of SGP.22 v2: 16 octets.
    pub const KEY_LEN_16: u8 = 0x10;
}

/// ES8+.ConfigureISDP (SGP.22 5.5.2), the first encrypted segment.
///
/// ```text
/// ConfigureISDPRequest ::= [36] SEQUENCE { -- Tag 'BF24'
///    dpProprietaryData [24] DpProprietaryData OPTIONAL -- Tag 'B8' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 36, extensible, name = "ConfigureISDPRequest")]
pub struct ConfigureISDPRequest {
    #[asn1(tag = 24)]
    pub dp_proprietary_data: Option<DpProprietaryData>,
}

/// ES8+.ReplaceSessionKeys (SGP.22 5.5.4): the protected profile package keys that replace
/// the session keys for the `86` segments.
///
/// ```text
/// ReplaceSessionKeysRequest ::= [38] SEQUENCE { -- tag 'BF26'
///    initialMacChainingValue OCTET STRING, ppkEnc OCTET STRING, ppkCmac OCTET STRING }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 38, automatic, extensible)]
pub struct ReplaceSessionKeysRequest {
    pub initial_mac_chaining_value: Vec<u8>,
    pub ppk_enc: Vec<u8>,
    pub ppk_cmac: Vec<u8>,
}
