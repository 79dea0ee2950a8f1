//! The checks of the profile itself: the metadata of StoreMetadata against the eUICC
//! (SGP.22 5.5.3, 2.9) and the profile package against the metadata (5.7.6, TCA eUICC
//! Profile Package), ending in the profile record the ISD-R commits.

use proto::der::{Asn1, Null, Oid};
use proto::saip::{EUICCResponse, PEStatus, PEStatusCode, ProfileIdentity, ProfilePackage};
use proto::sgp22::{
    BppCommandId, ConfigureISDPRequest, ErrorReason, IconType, StoreMetadataRequest,
};

use crate::policy;
use crate::state::{
    EuiccState, ProfileClassValue, ProfileStatus, StoredProfile, operator_of, pprs_of, targets_of,
};

/// The newest profile package version this eUICC installs: the TCA `PEDefinitions` v3.3.1
/// its package parser implements (`EUICCInfo2.profileVersion`, SGP.22 5.7.8).
pub(crate) const PROFILE_PACKAGE_VERSION: [u8; 3] = [3, 3, 1];

/// StoreMetadata (SGP.22 5.5.3): ICCID not yet on the eUICC, a profile class SGP.22 defines,
/// and PPRs the RAT allows (2.9.2).
pub(crate) fn check_metadata(m: &StoreMetadataRequest, state: &EuiccState) -> Result<(), Fail> {
    let fail = |reason| Fail::new(BppCommandId::StoreMetadata, reason);
    let iccid = proto::ids::Iccid::from_swapped_bcd(&m.iccid.0)
        .map_err(|_| fail(ErrorReason::IncorrectInputValues))?;
    if state.profile_by_iccid(iccid.as_str()).is_some() {
        return Err(fail(
            ErrorReason::InstallFailedDueToIccidAlreadyExistsOnEuicc,
        ));
    }
    let class = ProfileClassValue::from_asn1(m.profile_class)
        .ok_or(fail(ErrorReason::UnsupportedProfileClass))?;
    if !policy::pprs_allowed(state, class, m) {
        return Err(fail(ErrorReason::PprNotAllowed));
    }
    Ok(())
}

/// The `EUICCResponse` of a package refused at `offset` (TCA eUICC Profile Package:
/// `peStatus` with the status, processing aborted).
fn sima_response(
    status: PEStatusCode,
    identification: Option<u16>,
    offset: Option<usize>,
) -> Vec<u8> {
    EUICCResponse {
        pe_status: vec![PEStatus {
            status,
            identification,
            additional_information: None,
            offset: offset.and_then(|o| u32::try_from(o).ok()),
        }],
        profile_installation_aborted: Some(Null),
        status_message: None,
    }
    .to_der()
}

fn pe_error(status: PEStatusCode, identification: Option<u16>, offset: Option<usize>) -> Fail {
    Fail {
        command: BppCommandId::LoadProfileElements,
        reason: ErrorReason::InstallFailedDueToPeProcessingError,
        sima_response: Some(sima_response(status, identification, offset)),
    }
}

/// LoadProfileElements, once all are in: the package must parse (else
/// `installFailedDueToPEProcessingError(12)`), be of a supported version, and carry the
/// ICCID of the metadata (else `installFailedDueToDataMismatch(13)`).
pub(crate) fn build_profile(
    m: &StoreMetadataRequest,
    configure: &ConfigureISDPRequest,
    package: &[u8],
    pir: &PirContext,
    state: &EuiccState,
) -> Result<StoredProfile, Fail> {
    let parsed = ProfilePackage::from_der(package)
        .map_err(|e| pe_error(e.pe_status(), None, Some(e.offset())))?;
    let id = parsed
        .identity()
        .map_err(|_| pe_error(PEStatusCode::BadValues, None, None))?;
    check_version(&parsed, &id)?;
    let metadata_iccid = proto::ids::Iccid::from_swapped_bcd(&m.iccid.0).map_err(|_| {
        Fail::new(
            BppCommandId::StoreMetadata,
            ErrorReason::IncorrectInputValues,
        )
    })?;
    if id.iccid != metadata_iccid.as_str() {
        return Err(Fail::new(
            BppCommandId::LoadProfileElements,
            ErrorReason::InstallFailedDueToDataMismatch,
        ));
    }
    if package.len() as u64 > state.free_memory() {
        return Err(Fail::new(
            BppCommandId::LoadProfileElements,
            ErrorReason::InstallFailedDueToInsufficientMemoryForProfile,
        ));
    }
    let class = ProfileClassValue::from_asn1(m.profile_class).ok_or(Fail::new(
        BppCommandId::StoreMetadata,
        ErrorReason::UnsupportedProfileClass,
    ))?;
    Ok(stored_profile(m, configure, package, pir, id, class))
}

/// The package must not be of a newer version than this eUICC supports
/// (`unsupportedProfileVersion`, at the first Profile Element's header).
fn check_version(parsed: &ProfilePackage, id: &ProfileIdentity) -> Result<(), Fail> {
    let version = (id.major_version, id.minor_version);
    let supported = (
        u16::from(PROFILE_PACKAGE_VERSION[0]),
        u16::from(PROFILE_PACKAGE_VERSION[1]),
    );
    if version > supported {
        let header_id = parsed
            .elements
            .first()
            .and_then(|pe| pe.pe_header())
            .map(|h| h.identification);
        return Err(pe_error(
            PEStatusCode::UnsupportedProfileVersion,
            header_id,
            Some(0),
        ));
    }
    Ok(())
}

/// The installed profile as the eUICC keeps it: the metadata of StoreMetadata, the SM-DP+
/// proprietary data of ConfigureISDP, the identity the package declares, and the package.
fn stored_profile(
    m: &StoreMetadataRequest,
    configure: &ConfigureISDPRequest,
    package: &[u8],
    pir: &PirContext,
    id: ProfileIdentity,
    class: ProfileClassValue,
) -> StoredProfile {
    StoredProfile {
        iccid: id.iccid,
        isdp_aid: Vec::new(),
        state: ProfileStatus::Disabled,
        profile_class: class,
        nickname: None,
        service_provider_name: m.service_provider_name.clone(),
        profile_name: m.profile_name.clone(),
        icon_type: m.icon_type.map(|t| match t {
            IconType::Jpg => 0,
            IconType::Png => 1,
            IconType::Other(v) => v,
        }),
        icon: m.icon.clone(),
        notification_configuration: m
            .notification_configuration_info
            .as_deref()
            .map(targets_of)
            .unwrap_or_default(),
        profile_owner: m.profile_owner.as_ref().map(operator_of),
        profile_policy_rules: m
            .profile_policy_rules
            .as_ref()
            .map(pprs_of)
            .unwrap_or_default(),
        dp_proprietary_data: configure.dp_proprietary_data.as_ref().map(Asn1::to_der),
        service_specific_data: m
            .service_specific_data_stored_in_euicc
            .as_ref()
            .map(Asn1::to_der),
        smdp_address: pir.notification_address.clone(),
        smdp_oid: pir.smdp_oid.to_string(),
        imsi: id.imsi,
        profile_type: id.profile_type,
        package_version: format!("{}.{}", id.major_version, id.minor_version),
        size: package.len() as u64,
        fallback_attribute: false,
        fallback_allowed: None,
        ecall_indication: false,
        package: Some(package.to_vec()),
        uicc: None,
    }
}

/// What the installation result is signed with, whatever the outcome.
#[derive(Clone, Debug)]
pub(crate) struct PirContext {
    pub transaction_id: Vec<u8>,
    /// The SM-DP+ OID of CERT.DPpb.ECDSA.
    pub smdp_oid: Oid,
    /// The SM-DP+ address of the session: the installation result goes there.
    pub notification_address: String,
    /// The CI whose chain signed the session (`euiccCiPKIdToBeUsed`): the result is signed
    /// with the same chain, which the SM-DP+ verifies it with. Empty: the default chain.
    pub ci: Vec<u8>,
}

/// A failure inside the load, before it is put in context.
pub(crate) struct Fail {
    pub command: BppCommandId,
    pub reason: ErrorReason,
    pub sima_response: Option<Vec<u8>>,
}

impl Fail {
    pub(crate) fn new(command: BppCommandId, reason: ErrorReason) -> Fail {
        Fail {
            command,
            reason,
            sima_response: None,
        }
    }
}
