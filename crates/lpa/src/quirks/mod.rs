//! Field quirks: the known ways real devices depart from SGP.22 / SGP.32 on the wire, for
//! testing that the eIM and the SM-DP+ survive them (`rsp-lab ipa run --quirks FILE`,
//! `rsp-lab lpa --quirks FILE`, `rsp-lab demo --quirks FILE`).
//!
//! Each [`Quirk`] says where the behaviour is documented. A quirk changes only what the
//! device sends; the eUICC stays spec-exact. What our servers do about each is in the
//! guide (`docs/guide/src/testing/field-quirks.md`) and shown by a test filed under the
//! clause at stake.
//!
//! ```text
//! quirk                   side       what changes on the wire
//! omit_eid_in_poll        IPA        GetEimPackageRequest without eidValue (5A)
//! omit_eid_in_results     IPA        ProvideEimPackageResult without eidValue
//! no_eim_transaction_id   IPA        InitiateAuthenticationRequestEsipa without eimTransactionId
//! sgp22_euicc_info2       IPA, LPA   euiccSigned1 re-encoded with SGP.22's EUICCInfo2
//! der_signatures          IPA, LPA   euiccSignature1 as X9.62 DER instead of r‖s
//! notifications_twice     LPA        every ES9+.HandleNotification sent twice
//! ```

mod authenticate;
mod esipa;
mod file;
mod signature;

use std::collections::BTreeSet;
use std::fmt;

pub use authenticate::{AuthenticateRewriteError, rewrite_authenticate_server_response};
pub use esipa::strip_poll_eid;
pub use file::{QuirksError, QuirksFile};
pub use signature::{SignatureFormatError, plain_to_der};

/// One known departure from the specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quirk {
    /// The IPA leaves `eidValue` out of ESipa.GetEimPackageRequest, where SGP.32 v1.2
    /// 5.14.5 / 6.3.2.6 (`GetEimPackageRequest`, `eidValue [APPLICATION 26] Octet16`, not
    /// OPTIONAL) requires it. Observed with a field IPA against rsp-lab's eIM. The eIM cannot
    /// tell the device from a server-authenticated TLS connection: it answers
    /// `eimPackageError missingEid(4)`.
    OmitEidInPoll,
    /// The IPA leaves `eidValue` out of ESipa.ProvideEimPackageResult (OPTIONAL in SGP.32 v1.2
    /// 5.14.6 / 6.3.2.6; absent altogether from v1.0's `ProvideEimPackageResult`, see the v1.0
    /// module in laf0rge/onomondo-ipa `asn1/`). Measured with a field IPA (rsp-lab issue
    /// 55). The eIM finds the device by the eimTransactionId of the result, or by the
    /// connection the device polled on.
    OmitEidInResults,
    /// The IPA never fills the OPTIONAL `eimTransactionId` of ESipa.InitiateAuthentication
    /// (SGP.32 v1.2 5.14.1): Iapyx-Informatica/onomondo-ipa issue 10, "Optional
    /// `eimTransactionId` is never populated on InitiateAuthentication". The eIM relays the
    /// download all the same and matches its result by the trigger result's
    /// eimTransactionId.
    NoEimTransactionId,
    /// The device decodes the eUICC's AuthenticateServerResponse with SGP.22's schema and
    /// re-encodes it, dropping the SGP.32 members of EUICCInfo2 (`ipaMode [16]`,
    /// `iotSpecificInfo [20]`, SGP.32 v1.2 5.9.2) from euiccSigned1. Measured with a field
    /// SGP.32 v1.0 IPA against our eIM: euiccSignature1 no longer covers
    /// what is sent, and the SM-DP+ answers `euiccSignatureInvalid` (SGP.22 5.6.3, status
    /// 8.1 / 6.1).
    Sgp22EuiccInfo2,
    /// The device sends euiccSignature1 as an X9.62 `Ecdsa-Sig-Value` (DER SEQUENCE of two
    /// INTEGERs) where SGP.22 v2.5 2.6.5 wants the plain r‖s of BSI TR-03111 5.2.1; the
    /// conversion every implementation must make is the subject of onomondo/onomondo-eim
    /// `crypto_utils.erl` (`der_to_plain`, `plain_to_der`), and of a field IPA against rsp-lab's eIM. The
    /// SM-DP+ answers `euiccSignatureInvalid` (SGP.22 5.6.3, status 8.1 / 6.1).
    DerSignatures,
    /// The LPA sends each notification a second time after it was accepted:
    /// iebb/NekokoLPA2 issue 42 ("it keeps coming back over and over … sending the delete
    /// notification again to carrier"). ES9+.HandleNotification has no response data
    /// (SGP.22 5.6.4, 6.5.2.4): the SM-DP+ answers 204 again and changes nothing.
    NotificationsTwice,
}

impl Quirk {
    /// Every quirk, in the order of the reports.
    pub const ALL: [Quirk; 6] = [
        Quirk::OmitEidInPoll,
        Quirk::OmitEidInResults,
        Quirk::NoEimTransactionId,
        Quirk::Sgp22EuiccInfo2,
        Quirk::DerSignatures,
        Quirk::NotificationsTwice,
    ];

    /// The name in a quirks file and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Quirk::OmitEidInPoll => "omit_eid_in_poll",
            Quirk::OmitEidInResults => "omit_eid_in_results",
            Quirk::NoEimTransactionId => "no_eim_transaction_id",
            Quirk::Sgp22EuiccInfo2 => "sgp22_euicc_info2",
            Quirk::DerSignatures => "der_signatures",
            Quirk::NotificationsTwice => "notifications_twice",
        }
    }

    /// Where the behaviour is documented.
    pub fn citation(self) -> &'static str {
        match self {
            Quirk::OmitEidInPoll | Quirk::OmitEidInResults => {
                "observed: a field IPA against rsp-lab's eIM"
            }
            Quirk::NoEimTransactionId => {
                "https://github.com/Iapyx-Informatica/onomondo-ipa/issues/10"
            }
            Quirk::Sgp22EuiccInfo2 => "observed: a field SGP.32 v1.0 IPA against rsp-lab's eIM",
            Quirk::DerSignatures => "onomondo/onomondo-eim onomondo_eim/src/crypto_utils.erl",
            Quirk::NotificationsTwice => "https://github.com/iebb/NekokoLPA2/issues/42",
        }
    }
}

impl fmt::Display for Quirk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The quirks of one device; empty for a device that follows the specification.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quirks(BTreeSet<Quirk>);

impl Quirks {
    /// No quirk.
    pub fn none() -> Quirks {
        Quirks::default()
    }

    pub fn has(&self, q: Quirk) -> bool {
        self.0.contains(&q)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn insert(&mut self, q: Quirk) {
        self.0.insert(q);
    }

    pub fn iter(&self) -> impl Iterator<Item = Quirk> + '_ {
        self.0.iter().copied()
    }
}

impl FromIterator<Quirk> for Quirks {
    fn from_iter<I: IntoIterator<Item = Quirk>>(iter: I) -> Quirks {
        Quirks(iter.into_iter().collect())
    }
}

impl fmt::Display for Quirks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(Quirk::name).collect();
        f.write_str(&names.join(","))
    }
}
