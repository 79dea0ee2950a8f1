//! The ES7 operations (SGP.02 5.6) and their action URIs.

use crate::operation::{Interface, Operation};

/// ES7.HandoverEUICC.
pub const HANDOVER_EUICC: Operation = Operation::new(
    Interface::Es7,
    "HandoverEUICC",
    "http://gsma.com/ES7/eUICCManagement/ES7-HandoverEUICC",
    Some("http://gsma.com/ES7/eUICCManagementCallBack/ES7-HandoverEUICC"),
);
/// ES7.AuthenticateSMSR.
pub const AUTHENTICATE_SMSR: Operation = Operation::new(
    Interface::Es7,
    "AuthenticateSMSR",
    "http://gsma.com/ES7/eUICCManagement/ES7-AuthenticateSMSR",
    Some("http://gsma.com/ES7/eUICCManagementCallBack/ES7-AuthenticateSMSR"),
);
/// ES7.CreateAdditionalKeySet.
pub const CREATE_ADDITIONAL_KEY_SET: Operation = Operation::new(
    Interface::Es7,
    "CreateAdditionalKeySet",
    "http://gsma.com/ES7/eUICCManagement/ES7-CreateAdditionalKeySet",
    Some("http://gsma.com/ES7/eUICCManagementCallBack/ES7-CreateAdditionalKeySet"),
);
