//! ES1: the EUM registers an eUICC's EIS at the SM-SR (SGP.02 5.2).
//!
//! RegisterEIS is answered synchronously (the public ES1 WSDL declares no callback), so
//! [`REGISTER_EIS`] has no callback action.

use crate::eis::Eis;
use crate::operation::{Interface, Operation};
use crate::status::RequestHeader;

/// ES1.RegisterEIS.
pub const REGISTER_EIS: Operation = Operation::new(
    Interface::Es1,
    "RegisterEIS",
    "http://gsma.com/ES1/eUICCManagement/ES1-RegisterEISRequest",
    None,
);

message! {
    /// ES1.RegisterEIS: the EIS, signed by the EUM; answered with a
    /// [`BaseResponse`](crate::bodies::BaseResponse).
    pub struct RegisterEisRequest {
        /// The common request fields.
        header: RequestHeader,
        /// `Eis`.
        eis: Eis => "Eis",
    }
}

dispatch! {
    /// The ES1 requests an SM-SR serves.
    pub enum Es1Request {
        /// ES1.RegisterEIS.
        RegisterEis(RegisterEisRequest) = Request REGISTER_EIS,
    }
}
