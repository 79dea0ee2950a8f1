//! SMS for OTA (3GPP TS 23.040): the user data header, the TPDUs that carry secured
//! packets, and concatenation.

mod udh;

pub use udh::{
    Concatenation, IEI_CONCAT_8BIT, IEI_CONCAT_16BIT, IEI_CPI, IEI_RPI, InformationElement,
    UdhError, UserDataHeader,
};
