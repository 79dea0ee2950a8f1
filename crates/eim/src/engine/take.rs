//! What became of an eUICC Package Result or a notification the eIM was given.

/// What became of a result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Take {
    /// Accepted; the seqNumber to acknowledge, if the result has one.
    Accepted(Option<i64>),
    /// Refused (bad signature, unknown counter, another eIM's): not acknowledged.
    Refused(String),
}
