//! The notifications the SM-SR sends when a profile or the SM-SR itself changed (SGP.02
//! 5.1.3 notification handlers): to the operator over ES4, to the SM-DP over ES3 (which
//! forwards them over ES2). One-way messages without the common request header.

use proto::ids::{Eid, Iccid};

use crate::eis::Eis;

parts! {
    /// `Eid`, `Iccid`, `CompletionTimeStamp`: HandleProfileEnabledNotification,
    /// HandleProfileDisabledNotification, HandleProfileDeletedNotification.
    pub struct ProfileNotification {
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Iccid`: the profile that changed.
        iccid: Iccid => "Iccid",
        /// `CompletionTimeStamp`, an `xs:dateTime`.
        completion_timestamp: String => "CompletionTimeStamp",
    }
}

parts! {
    /// `Eis`, `CompletionTimeStamp`: HandleSMSRChangeNotification, the eUICC now managed by
    /// another SM-SR.
    pub struct SmsrChangeNotification {
        /// `Eis`: the EIS as the new SM-SR holds it.
        eis: Eis => "Eis",
        /// `CompletionTimeStamp`, an `xs:dateTime`.
        completion_timestamp: String => "CompletionTimeStamp",
    }
}
