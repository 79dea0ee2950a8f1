//! The quirks that touch the eUICC's ES10b.AuthenticateServer answer on its way to the
//! SM-DP+ (SGP.22 5.7.13, 5.6.3; SGP.32 v1.2 5.14.2): `sgp22_euicc_info2` and
//! `der_signatures`. The eUICC signed euiccSigned1 as it encoded it; the SM-DP+ verifies
//! euiccSignature1 over the octets it receives, so either change makes the signature fail.

use proto::der::{Asn1, DecodeError, Preserved};
use proto::sgp22::AuthenticateServerResponse;
use proto::sgp32::SGP32AuthenticateServerResponse;

use super::signature::{SignatureFormatError, plain_to_der};
use super::{Quirk, Quirks};

/// Why the answer could not be rewritten.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthenticateRewriteError {
    #[error("euiccSignature1: {0}")]
    Signature(#[from] SignatureFormatError),
    #[error("the rewritten answer does not decode as SGP.32's: {0}")]
    Decode(#[from] DecodeError),
}

/// The AuthenticateServerResponse octets as a device with `quirks` relays them. Unchanged
/// when no quirk applies, or when the answer is not an `authenticateResponseOk` SGP.22 can
/// read (an error, SGP.32's compact form).
///
/// `sgp22_euicc_info2`: decoded with SGP.22's `AuthenticateServerResponse`, whose
/// EUICCInfo2 skips the extension members SGP.32 adds (`ipaMode [16]`, `iotSpecificInfo
/// [20]`, …), and euiccSigned1 encoded again from what was read. `der_signatures`:
/// euiccSignature1 as X9.62 DER.
pub fn rewrite_authenticate_server_response(
    quirks: &Quirks,
    der: &[u8],
) -> Result<Vec<u8>, AuthenticateRewriteError> {
    let reencode = quirks.has(Quirk::Sgp22EuiccInfo2);
    let der_signature = quirks.has(Quirk::DerSignatures);
    if !reencode && !der_signature {
        return Ok(der.to_vec());
    }
    let Ok(AuthenticateServerResponse::AuthenticateResponseOk(mut ok)) =
        AuthenticateServerResponse::from_der(der)
    else {
        return Ok(der.to_vec());
    };
    if reencode {
        ok.euicc_signed1 = Preserved::new(ok.euicc_signed1.value().clone());
    }
    if der_signature {
        ok.euicc_signature1 = plain_to_der(&ok.euicc_signature1)?;
    }
    Ok(AuthenticateServerResponse::AuthenticateResponseOk(ok).to_der())
}

impl Quirks {
    /// An IoT eUICC's answer as the IPA relays it over ESipa.AuthenticateClient (see
    /// [`rewrite_authenticate_server_response`]).
    pub fn authenticate_server_response(
        &self,
        response: SGP32AuthenticateServerResponse,
    ) -> Result<SGP32AuthenticateServerResponse, AuthenticateRewriteError> {
        if !self.has(Quirk::Sgp22EuiccInfo2) && !self.has(Quirk::DerSignatures) {
            return Ok(response);
        }
        let der = rewrite_authenticate_server_response(self, &response.to_der())?;
        Ok(SGP32AuthenticateServerResponse::from_der(&der)?)
    }
}

#[cfg(test)]
mod tests {
    use proto::sgp22::EuiccSigned1;
    use proto::sgp32::{IoTSpecificInfo, SGP32EUICCInfo2, SGP32EuiccSigned1};

    use super::*;

    fn signed1() -> SGP32EuiccSigned1 {
        SGP32EuiccSigned1 {
            transaction_id: vec![1; 16],
            server_address: "smdp.example".into(),
            server_challenge: [2; 16],
            euicc_info2: SGP32EUICCInfo2 {
                ipa_mode: Some(proto::sgp32::IpaMode::Ipad),
                iot_specific_info: Some(IoTSpecificInfo {
                    iot_version: vec![[1, 2, 0]],
                    ..Default::default()
                }),
                ..Default::default()
            },
            ctx_params1: proto::sgp22::CtxParams1::CtxParamsForCommonAuthentication(
                Default::default(),
            ),
        }
    }

    #[test]
    fn sgp32_5_9_2_an_sgp22_schema_drops_ipa_mode_and_iot_specific_info() {
        let original = signed1().to_der();
        let as_sgp22 = Preserved::new(
            EuiccSigned1::from_der(&original)
                .expect("SGP.22 reads it")
                .clone(),
        );
        let dropped = as_sgp22.raw();
        assert!(dropped.len() < original.len());
        let back = SGP32EuiccSigned1::from_der(dropped).expect("still SGP.32");
        assert_eq!(back.euicc_info2.ipa_mode, None);
        assert_eq!(back.euicc_info2.iot_specific_info, None);
        assert_eq!(back.server_challenge, [2; 16]);
    }
}
