//! eIM Acknowledgements: the sequence numbers of notifications and eUICC Package Results
//! the eIM has received, so the IPA can remove them from the eUICC (SGP.32 v1.2 2.11.1,
//! 5.14.6).

use crate::der::Asn1;

/// The eIM's acknowledgements (SGP.32 v1.2 2.11.1): `BF53 { 80 .. 80 .. }`.
///
/// ```text
/// EimAcknowledgements ::= [83] SEQUENCE OF SequenceNumber -- Tag BF53
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 83)]
pub struct EimAcknowledgements(pub Vec<SequenceNumber>);

/// The seqNumber of an acknowledged notification or package result (SGP.32 v1.2 2.11.1).
///
/// ```text
/// SequenceNumber ::= [0] INTEGER
/// ```
#[derive(Asn1, Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[asn1(tag = 0)]
pub struct SequenceNumber(pub i64);
