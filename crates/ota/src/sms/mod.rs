//! SMS for OTA (3GPP TS 23.040): addresses, the user data header, the TPDUs that carry
//! secured packets (SMS-DELIVER towards the card; SMS-SUBMIT or SMS-DELIVER-REPORT from
//! it) and concatenation.

mod address;
mod concat;
mod deliver;
mod deliver_report;
mod submit;
mod tpdu;
mod udh;

pub use address::{Address, AddressError, MAX_DIGITS, NPI_ISDN, TypeOfNumber};
pub use concat::{
    ConcatError, PacketKind, Reassembled, Reassembler, ReassemblyLimits, Reference, split,
};
pub use deliver::SmsDeliver;
pub use deliver_report::SmsDeliverReport;
pub use submit::{SmsSubmit, ValidityPeriod};
pub use tpdu::{DCS_8BIT_CLASS_2, MAX_USER_DATA, PID_USIM_DATA_DOWNLOAD, TpduError, is_8bit};
pub use udh::{
    Concatenation, IEI_CONCAT_8BIT, IEI_CONCAT_16BIT, IEI_CPI, IEI_RPI, InformationElement,
    UdhError, UserDataHeader,
};
