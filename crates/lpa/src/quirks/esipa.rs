//! The quirks of an IPA on ESipa (SGP.32 v1.2 5.14, 6.3): what it leaves out of its
//! messages, and the AuthenticateServer answer it relays ([`super::authenticate`]).

use proto::der::{Reader, Tag, Tlv, write_tlv};
use proto::sgp32::EsipaMessageFromIpaToEim;

use super::authenticate::AuthenticateRewriteError;
use super::{Quirk, Quirks};

/// `eidValue` (`[APPLICATION 26]`, tag `5A`).
const EID_VALUE: Tag = Tag::application(26, false);

impl Quirks {
    /// The message as the IPA with these quirks builds it: `omit_eid_in_results` drops the
    /// OPTIONAL eidValue of ProvideEimPackageResult, `no_eim_transaction_id` the OPTIONAL
    /// eimTransactionId of InitiateAuthentication; AuthenticateClient carries the answer
    /// as [`Quirks::authenticate_server_response`] rewrites it.
    pub fn esipa_message(
        &self,
        message: EsipaMessageFromIpaToEim,
    ) -> Result<EsipaMessageFromIpaToEim, AuthenticateRewriteError> {
        use EsipaMessageFromIpaToEim as M;
        Ok(match message {
            M::ProvideEimPackageResult(mut r) if self.has(Quirk::OmitEidInResults) => {
                r.eid_value = None;
                M::ProvideEimPackageResult(r)
            }
            M::InitiateAuthenticationRequestEsipa(mut r) if self.has(Quirk::NoEimTransactionId) => {
                r.eim_transaction_id = None;
                M::InitiateAuthenticationRequestEsipa(r)
            }
            M::AuthenticateClientRequestEsipa(mut r) => {
                r.authenticate_server_response =
                    self.authenticate_server_response(r.authenticate_server_response)?;
                M::AuthenticateClientRequestEsipa(r)
            }
            other => other,
        })
    }

    /// The octets as sent: `omit_eid_in_poll` takes eidValue out of a GetEimPackageRequest
    /// (`BF4F`), which the typed message cannot express (the member is not OPTIONAL).
    pub fn esipa_octets(&self, der: Vec<u8>) -> Vec<u8> {
        if !self.has(Quirk::OmitEidInPoll) {
            return der;
        }
        strip_poll_eid(&der).unwrap_or(der)
    }
}

/// A GetEimPackageRequest's DER without its eidValue; `None` for anything else.
pub fn strip_poll_eid(der: &[u8]) -> Option<Vec<u8>> {
    let outer = Tlv::parse_single(der).ok()?;
    if outer.tag != Tag::context(79, true) {
        return None;
    }
    let mut inner = Reader::new(outer.value());
    let mut kept = Vec::with_capacity(der.len());
    while !inner.is_empty() {
        let t = inner.read().ok()?;
        if t.tag != EID_VALUE {
            kept.extend_from_slice(t.raw);
        }
    }
    let mut out = Vec::with_capacity(kept.len() + 4);
    write_tlv(outer.tag, &kept, &mut out);
    Some(out)
}

#[cfg(test)]
mod tests {
    use proto::der::Asn1;
    use proto::sgp32::GetEimPackageRequest;

    use super::*;

    #[test]
    fn sgp32_6_3_2_6_poll_without_its_eid_value() {
        let poll = EsipaMessageFromIpaToEim::GetEimPackageRequest(GetEimPackageRequest {
            eid_value: [0x89; 16],
            notify_state_change: None,
            state_change_cause: None,
            r_plmn: Some([0x62, 0xF2, 0x10]),
        })
        .to_der();
        let quirks: Quirks = [Quirk::OmitEidInPoll].into_iter().collect();
        let sent = quirks.esipa_octets(poll.clone());
        assert_eq!(sent, [0xBF, 0x4F, 0x05, 0x82, 0x03, 0x62, 0xF2, 0x10]);
        assert_eq!(Quirks::none().esipa_octets(poll.clone()), poll);
        assert_eq!(strip_poll_eid(&[0xBF, 0x50, 0x00]), None);
    }
}
