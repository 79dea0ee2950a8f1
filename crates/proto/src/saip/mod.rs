//! TCA eUICC Profile Package ("SAIP", `PEDefinitions` v3.3.1): every type of the module,
//! parsing and re-encoding of unprotected profile packages byte for byte, a summary of what
//! a package provisions, personalization of ICCID, IMSI, Ki and OPc, and a minimal profile
//! built from scratch.
//!
//! The module is `AUTOMATIC TAGS` and `EXTENSIBILITY IMPLIED`: every SEQUENCE is
//! `#[asn1(extensible)]`, and every SEQUENCE or CHOICE without hand-written tags is
//! `#[asn1(automatic)]`. DEFAULT components are `Option`s so explicitly encoded defaults
//! survive re-encoding.

mod aka;
mod application;
mod bcd;
mod cdma;
mod content;
mod element;
mod file;
pub mod fs;
mod gfm;
mod header;
mod minimal;
mod non_standard;
mod package;
mod personalize;
mod pin;
mod rfm;
mod security_domain;
mod status;
mod summary;
mod types;

pub use aka::{AlgoConfiguration, AlgoParameter, AlgorithmID, MappingParameter, PEAKAParameter};
pub use application::{
    ApplicationInstance, ApplicationLoadPackage, ApplicationSystemParameters,
    ControlReferenceTemplate, PEApplication, TS102226AdditionalContactlessParameters,
    UICCApplicationParameters,
};
pub use bcd::{
    BcdError, check_iccid, check_imsi, iccid_from_ef, iccid_from_header, iccid_to_ef,
    iccid_to_header, imsi_from_ef, imsi_to_ef,
};
pub use cdma::PECDMAParameter;
pub use content::Segment;
pub use element::{ProfileElement, UnknownElement};
pub use file::{Fcp, File, FileElement, ProprietaryInfo};
pub use fs::{
    FileSystemPe, PECD, PECSIM, PEDF5GPROSE, PEDF5GS, PEDFSAIP, PEDFSNPN, PEEAP, PEGSMACCESS,
    PEISIM, PEIoT, PEMF, PEOPTCSIM, PEOPTISIM, PEOPTIoT, PEOPTUSIM, PEPHONEBOOK, PETELECOM, PEUSIM,
};
pub use gfm::{FileManagement, FileManagementCommand, PEGenericFileManagement};
pub use header::{
    IotOptions, MandatoryAid, PEDummy, PEEnd, PEHeader, ProfileHeader, ServicesList, UICCCapability,
};
pub use minimal::minimal_profile;
pub use non_standard::PENonStandard;
pub use package::{ElementSpan, PackageError, ProfilePackage};
pub use personalize::{Personalization, PersonalizeError, personalize};
pub use pin::{
    PEPINCodes, PEPUKCodes, PINConfiguration, PINKeyReferenceValue, PUKConfiguration,
    PUKKeyReferenceValue, PinCodes,
};
pub use rfm::{ADFRFMAccess, PERFM};
pub use security_domain::{
    CatTpParameters, KeyComponent, KeyObject, OpenPersoData, PESecurityDomain,
};
pub use status::{EUICCResponse, PEStatus, PEStatusCode};
pub use summary::{ProfileIdentity, ProfileSummary, SummaryError};
pub use types::TYPES;
