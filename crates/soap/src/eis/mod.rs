//! The eUICC Information Set ("EIS"; registered in SGP.02 3.9 over ES1, 5.2): what the SM-SR holds about one eUICC,
//! registered by the EUM over ES1, handed over between SM-SRs over ES7, read by operators
//! and SM-DPs over ES4/ES3.
//!
//! ```text
//! Eis { EumSignedInfo { Eid, Eum-Id, ProductionDate, PlatformType, PlatformVersion,
//!                       isd-p-loadfile-aid, isd-p-module-aid, Ecasd, EuiccCapabilities },
//!       ds:Signature?, RemainingMemory, AvailableMemoryForProfiles, lastAuditDate?,
//!       Smsr-id?, EumCertificateId?, profiles*, isd-r?, AdditionalProperties? }
//! ```
//!
//! Element names and order are those of the `eis` type in the public SGP.02 WSDLs. The EUM's
//! XML signature is carried as received, never verified here; `AuditTrail` is not kept.

mod capabilities;
mod profile;
mod security_domain;

pub use capabilities::EuiccCapabilities;
pub use profile::{
    Pol2, Pol2Action, Pol2Qualification, Pol2Rule, Pol2Subject, ProfileInfo, ProfileState,
    SubscriptionAddress,
};
pub use security_domain::{
    Certificate, Key, KeyComponent, KeySet, KeySetType, SecurityDomain, SecurityDomainRole,
};

use proto::ids::Eid;

use crate::message::Hex;
use crate::xml::Element;

record! {
    /// `EumSignedInfo`: the part of the EIS the EUM signs at registration.
    pub struct EumSignedInfo {
        /// `Eid`.
        eid: Eid => "Eid",
        /// `Eum-Id`: the EUM's identifier.
        eum_id: String => "Eum-Id",
        /// `ProductionDate`.
        production_date: String => "ProductionDate",
        /// `PlatformType`: the eUICC platform.
        platform_type: String => "PlatformType",
        /// `PlatformVersion`.
        platform_version: String => "PlatformVersion",
        /// `isd-p-loadfile-aid`: the ISD-P Executable Load File AID.
        isd_p_load_file_aid: Hex => "isd-p-loadfile-aid",
        /// `isd-p-module-aid`: the ISD-P Executable Module AID.
        isd_p_module_aid: Hex => "isd-p-module-aid",
        /// `Ecasd`: the ECASD with its certificates.
        ecasd: SecurityDomain => "Ecasd",
        /// `EuiccCapabilities`.
        euicc_capabilities: EuiccCapabilities => "EuiccCapabilities",
    }
}

record! {
    /// One `properties` entry of `AdditionalProperties`.
    pub struct Property {
        /// `key`.
        key: String => "key",
        /// `value`.
        value: String => "value",
    }
}

record! {
    /// `AdditionalProperties`: free key/value pairs (ES1.UpdateEISAdditionalProperties).
    pub struct AdditionalProperties {
        /// `properties`.
        properties: Vec<Property> => "properties",
    }
}

record! {
    /// `Eis`: the eUICC Information Set.
    pub struct Eis {
        /// `EumSignedInfo`.
        eum_signed_info: EumSignedInfo => "EumSignedInfo",
        /// `ds:Signature`: the EUM's signature, as received.
        signature: Option<Element> => "Signature",
        /// `RemainingMemory`, in bytes.
        remaining_memory: u64 => "RemainingMemory",
        /// `AvailableMemoryForProfiles`, in bytes.
        available_memory_for_profiles: u64 => "AvailableMemoryForProfiles",
        /// `lastAuditDate`, an `xs:dateTime`.
        last_audit_date: Option<String> => "lastAuditDate",
        /// `Smsr-id`: the SM-SR managing the eUICC.
        smsr_id: Option<String> => "Smsr-id",
        /// `EumCertificateId`.
        eum_certificate_id: Option<String> => "EumCertificateId",
        /// `profiles`: one per ISD-P.
        profiles: Vec<ProfileInfo> => "profiles",
        /// `isd-r`: the ISD-R with its key sets.
        isd_r: Option<SecurityDomain> => "isd-r",
        /// `AdditionalProperties`.
        additional_properties: Option<AdditionalProperties> => "AdditionalProperties",
    }
}

impl Eis {
    /// The EID.
    pub fn eid(&self) -> &Eid {
        &self.eum_signed_info.eid
    }

    /// The profile with `iccid`, if any.
    pub fn profile(&self, iccid: &proto::ids::Iccid) -> Option<&ProfileInfo> {
        self.profiles.iter().find(|p| &p.iccid == iccid)
    }
}
