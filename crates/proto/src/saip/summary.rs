//! What a package provisions: identities, keys and layout, read the way an eUICC would
//! install them.

use super::aka::{AlgorithmID, PEAKAParameter};
use super::bcd::{BcdError, iccid_from_ef, iccid_from_header, imsi_from_ef};
use super::element::ProfileElement;
use super::file::File;
use super::package::{ElementSpan, ProfilePackage};

/// The identities and keys of a profile package and where its PEs are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileSummary {
    /// ICCID digits from the profile header, checked against EF.ICCID when the MF (or the
    /// IoT PE) writes that file.
    pub iccid: String,
    /// IMSI digits from EF.IMSI of the first USIM (or IoT) PE, when it writes that file.
    pub imsi: Option<String>,
    pub profile_type: Option<String>,
    pub major_version: u16,
    pub minor_version: u16,
    /// Every PE: name, offset and length in the encoded package.
    pub elements: Vec<ElementSpan>,
    /// K of the first `akaParameter` that carries its own algorithm parameters (the USIM's,
    /// as that PE follows the USIM).
    pub ki: Option<Vec<u8>>,
    /// OPc (TOPc for TUAK) of the same PE.
    pub opc: Option<Vec<u8>>,
    pub algorithm: Option<AlgorithmID>,
}

/// Who a package makes the card: what an eUICC checks against the metadata before it
/// installs it ([`ProfilePackage::identity`], the [`ProfileSummary`] without keys and
/// layout).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileIdentity {
    /// As [`ProfileSummary::iccid`].
    pub iccid: String,
    /// As [`ProfileSummary::imsi`].
    pub imsi: Option<String>,
    pub profile_type: Option<String>,
    pub major_version: u16,
    pub minor_version: u16,
}

/// Why a summary cannot be given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SummaryError {
    #[error("the package has no profile header")]
    NoHeader,
    #[error("profile header: {0}")]
    HeaderIccid(BcdError),
    #[error("MF: {0}")]
    EfIccid(BcdError),
    #[error("ICCID {header} in the profile header differs from {ef_iccid} in EF.ICCID")]
    IccidMismatch { header: String, ef_iccid: String },
    #[error("USIM: {0}")]
    EfImsi(BcdError),
}

/// EF.ICCID is 10 octets (ETSI TS 102 221 13.2); EF.IMSI 9 (3GPP TS 31.102 4.2.2).
const EF_ICCID_LEN: usize = 10;
const EF_IMSI_LEN: usize = 9;

impl ProfilePackage {
    /// Reads ICCID, IMSI, Ki, OPc, algorithm and the PE layout.
    pub fn summary(&self) -> Result<ProfileSummary, SummaryError> {
        let id = self.identity()?;
        let algo = self
            .aka_parameters()
            .find_map(PEAKAParameter::algo_parameter);
        Ok(ProfileSummary {
            iccid: id.iccid,
            imsi: id.imsi,
            profile_type: id.profile_type,
            major_version: id.major_version,
            minor_version: id.minor_version,
            elements: self.spans(),
            ki: algo.map(|a| a.key.clone()),
            opc: algo.map(|a| a.opc.clone()),
            algorithm: algo.map(|a| a.algorithm_id),
        })
    }

    /// Reads ICCID (checked against EF.ICCID), IMSI, profile type and version: what an
    /// eUICC installing the package needs, without [`Self::spans`], which encodes every PE
    /// again to measure it (a twentieth of a simulated device's CPU per download).
    pub fn identity(&self) -> Result<ProfileIdentity, SummaryError> {
        let header = self.header().ok_or(SummaryError::NoHeader)?;
        let iccid = iccid_from_header(&header.iccid).map_err(SummaryError::HeaderIccid)?;
        if let Some(ef) = self.files(ef_iccid).into_iter().find(|f| f.extent() > 0) {
            let ef_iccid =
                iccid_from_ef(&ef.read(0, EF_ICCID_LEN)).map_err(SummaryError::EfIccid)?;
            if ef_iccid != iccid {
                return Err(SummaryError::IccidMismatch {
                    header: iccid,
                    ef_iccid,
                });
            }
        }
        let imsi = match self.files(ef_imsi).into_iter().next() {
            Some(ef) if ef.extent() > 0 => {
                Some(imsi_from_ef(&ef.read(0, EF_IMSI_LEN)).map_err(SummaryError::EfImsi)?)
            }
            _ => None,
        };
        Ok(ProfileIdentity {
            iccid,
            imsi,
            profile_type: header.profile_type.clone(),
            major_version: header.major_version,
            minor_version: header.minor_version,
        })
    }

    /// The files picked by `pick` from every PE, in package order.
    pub(crate) fn files(&self, pick: fn(&ProfileElement) -> Option<&File>) -> Vec<&File> {
        self.elements.iter().filter_map(pick).collect()
    }

    /// Every `akaParameter` PE, in package order.
    pub fn aka_parameters(&self) -> impl Iterator<Item = &PEAKAParameter> {
        self.elements.iter().filter_map(|pe| match pe {
            ProfileElement::AkaParameter(a) => Some(&**a),
            _ => None,
        })
    }
}

/// EF.ICCID of the MF template PE or of the IoT minimal profile PE.
pub(crate) fn ef_iccid(pe: &ProfileElement) -> Option<&File> {
    match pe {
        ProfileElement::Mf(mf) => Some(&mf.ef_iccid),
        ProfileElement::Iot(iot) => iot.ef_iccid.as_ref(),
        _ => None,
    }
}

/// EF.IMSI of the USIM template PE or of the IoT minimal profile PE.
pub(crate) fn ef_imsi(pe: &ProfileElement) -> Option<&File> {
    match pe {
        ProfileElement::Usim(usim) => Some(&usim.ef_imsi),
        ProfileElement::Iot(iot) => Some(&iot.ef_imsi),
        _ => None,
    }
}
