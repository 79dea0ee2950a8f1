//! What the ESep signatures cover (SGP.32 v1.2 2.11.1.1, 2.11.2.1).
//!
//! - eimSignature (SK.EIM.ECDSA, checked by the eUICC): the DER of `euiccPackageSigned`
//!   as received, followed by the eIM's association token as the TLV `84 len value`.
//! - euiccSignEPR / euiccSignEPE (SK.EUICC.ECDSA, checked by the eIM): the DER of
//!   `euiccPackageResultDataSigned` / `euiccPackageErrorDataSigned` as received, followed
//!   by the same association token TLV. SGP.32 v1.0 appended the eimSignature instead; v1.1
//!   changed it to the association token.
//!
//! The token TLV is `associationToken [4] INTEGER` of EimConfigurationData, DER-encoded:
//! tag `84`, minimal two's-complement contents. The eUICC hands the token out when the eIM
//! is associated (AddInitialEim, the addEim eCO) and both sides keep it. Some
//! implementations write the value as unsigned octets without the DER sign octet; the two
//! agree unless the token's leading octet is `80` or more (128 is `84 02 00 80` here).
//!
//! Signatures are ECDSA with SHA-256, raw r‖s in the `5F37` TLV; the `crypto` module signs
//! and verifies, these functions only build the octets.

use super::esep_request::{EuiccPackageRequest, EuiccPackageSigned};
use super::esep_result::{
    EuiccPackageErrorDataSigned, EuiccPackageErrorSigned, EuiccPackageResult,
    EuiccPackageResultDataSigned, EuiccPackageResultSigned,
};
use crate::der::{Preserved, Tag, encode_integer, write_tlv};

/// The association token as it is appended to a signed part: `84 len value`, the value
/// being the DER contents of the INTEGER (`84 01 05` for 5, `84 02 00 80` for 128).
pub fn association_token_tlv(association_token: i64) -> Vec<u8> {
    let mut contents = Vec::with_capacity(8);
    encode_integer(i128::from(association_token), &mut contents);
    let mut out = Vec::with_capacity(contents.len() + 2);
    write_tlv(Tag::context(4, false), &contents, &mut out);
    out
}

/// `signed_part ‖ 84 len associationToken`: the input of eimSignature (with the DER of
/// euiccPackageSigned) and of euiccSignEPR / euiccSignEPE (with the DER of the result or
/// error data).
pub fn signature_input(signed_part: &[u8], association_token: i64) -> Vec<u8> {
    let mut out = signed_part.to_vec();
    out.extend_from_slice(&association_token_tlv(association_token));
    out
}

impl EuiccPackageRequest {
    /// The octets eimSignature covers (SGP.32 v1.2 2.11.1.1): the received
    /// euiccPackageSigned followed by the association token TLV.
    pub fn signed_data(&self, association_token: i64) -> Vec<u8> {
        signature_input(self.euicc_package_signed.raw(), association_token)
    }

    /// Builds a request the eIM sends: `sign` gets the octets to sign and returns the raw
    /// r‖s signature (or the signer's error).
    pub fn new_signed<E>(
        euicc_package_signed: EuiccPackageSigned,
        association_token: i64,
        sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
    ) -> Result<Self, E> {
        let euicc_package_signed = Preserved::new(euicc_package_signed);
        let eim_signature = sign(&signature_input(
            euicc_package_signed.raw(),
            association_token,
        ))?;
        Ok(EuiccPackageRequest {
            euicc_package_signed,
            eim_signature,
        })
    }
}

impl EuiccPackageResultSigned {
    /// The octets euiccSignEPR covers (SGP.32 v1.2 2.11.2.1): the received
    /// euiccPackageResultDataSigned followed by the association token TLV.
    pub fn signed_data(&self, association_token: i64) -> Vec<u8> {
        signature_input(
            self.euicc_package_result_data_signed.raw(),
            association_token,
        )
    }

    /// Builds a signed result as the eUICC returns it; `sign` returns the raw r‖s
    /// signature over the octets it gets.
    pub fn new_signed<E>(
        data: EuiccPackageResultDataSigned,
        association_token: i64,
        sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
    ) -> Result<Self, E> {
        let data = Preserved::new(data);
        let euicc_sign_epr = sign(&signature_input(data.raw(), association_token))?;
        Ok(EuiccPackageResultSigned {
            euicc_package_result_data_signed: data,
            euicc_sign_epr,
        })
    }
}

impl EuiccPackageErrorSigned {
    /// The octets euiccSignEPE covers (SGP.32 v1.2 2.11.2.1): the received
    /// euiccPackageErrorDataSigned followed by the association token TLV.
    pub fn signed_data(&self, association_token: i64) -> Vec<u8> {
        signature_input(
            self.euicc_package_error_data_signed.raw(),
            association_token,
        )
    }

    /// Builds a signed package error as the eUICC returns it; `sign` returns the raw r‖s
    /// signature over the octets it gets.
    pub fn new_signed<E>(
        data: EuiccPackageErrorDataSigned,
        association_token: i64,
        sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
    ) -> Result<Self, E> {
        let data = Preserved::new(data);
        let euicc_sign_epe = sign(&signature_input(data.raw(), association_token))?;
        Ok(EuiccPackageErrorSigned {
            euicc_package_error_data_signed: data,
            euicc_sign_epe,
        })
    }
}

impl EuiccPackageResult {
    /// For a signed result or error: the octets the eUICC signed and its raw r‖s
    /// signature. `None` for `euiccPackageErrorUnsigned`, which carries no signature.
    pub fn signed_data(&self, association_token: i64) -> Option<(Vec<u8>, &[u8])> {
        match self {
            EuiccPackageResult::EuiccPackageResultSigned(r) => {
                Some((r.signed_data(association_token), &r.euicc_sign_epr))
            }
            EuiccPackageResult::EuiccPackageErrorSigned(e) => {
                Some((e.signed_data(association_token), &e.euicc_sign_epe))
            }
            EuiccPackageResult::EuiccPackageErrorUnsigned(_) => None,
        }
    }
}
