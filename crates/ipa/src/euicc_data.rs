//! An IpaEuiccDataRequest from the eIM (SGP.32 v1.2 2.11.1.2, 2.11.2.2): the IPA collects
//! the components named in the tag list from the eUICC (and its own capabilities and the
//! device's information) and returns them as IpaEuiccData.
//!
//! | tag | component | from |
//! |---|---|---|
//! | A0 | notificationsList | RetrieveNotificationsList, with searchCriteriaNotification |
//! | 81, 83 | defaultSmdpAddress, rootSmdsAddress | GetEuiccConfiguredAddresses |
//! | A2 | euiccPackageResultList | RetrieveNotificationsList euiccPackageResults, with searchCriteriaEuiccPackageResult |
//! | BF20, BF22 | euiccInfo1, euiccInfo2 | GetEUICCInfo |
//! | 84 | associationToken | GetEimConfigurationData of the polled eIM |
//! | A5, A6 | eumCertificate, euiccCertificate | GetCerts, for euiccCiPKIdentifierToBeUsed |
//! | A8, A9 | ipaCapabilities, deviceInfo | the IPA |
//!
//! A tag outside this list (or a tag list that is not a run of tags) is answered with
//! `incorrectTagList(1)`; a CI the eUICC does not sign under with `euiccCiPKIdNotFound(5)`.
//! eimTransactionId is echoed.

use proto::der::{Class, Tag};
use proto::sgp22::{
    EUICCInfo1, EuiccConfiguredAddressesRequest, EuiccConfiguredAddressesResponse,
    GetEuiccInfo1Request, GetEuiccInfo2Request,
};
use proto::sgp32::{
    EimPackageResult, EimSearchCriteria, EuiccCerts, EuiccPackageResultList, GetCertsRequest,
    GetCertsResponse, GetEimConfigurationDataRequest, GetEimConfigurationDataResponse,
    IpaEuiccData, IpaEuiccDataErrorCode, IpaEuiccDataRequest, IpaEuiccDataResponse,
    IpaEuiccDataResponseError, PendingNotificationList, SGP32EUICCInfo2,
    SGP32NotificationSearchCriteria, SGP32RetrieveNotificationsListRequest,
    SGP32RetrieveNotificationsListResponse, SearchCriteriaEuiccPackageResult,
    SearchCriteriaNotification,
};

use super::agent::Ipa;
use super::card::{IpaCard, call};
use super::error::IpaError;
use super::report::{EuiccDataOutcome, PollOutcome};
use euicc_sim::Sgp32Version;

/// The components of IpaEuiccData, by tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Component {
    Notifications,
    DefaultSmdpAddress,
    PackageResults,
    EuiccInfo1,
    EuiccInfo2,
    RootSmdsAddress,
    AssociationToken,
    EumCertificate,
    EuiccCertificate,
    IpaCapabilities,
    DeviceInfo,
}

/// The ES10 answers that two components share, asked for once per request.
#[derive(Default)]
struct SharedAnswers {
    addresses: Option<EuiccConfiguredAddressesResponse>,
    certs: Option<EuiccCerts>,
}

/// The components a tag list names, or `None` for a tag that names none.
fn components(tag_list: &[u8]) -> Option<Vec<Component>> {
    let mut out = Vec::new();
    let mut rest = tag_list;
    while !rest.is_empty() {
        let (tag, len) = Tag::parse(rest)?;
        rest = &rest[len..];
        let c = match (tag.class, tag.number) {
            (Class::Context, 0) => Component::Notifications,
            (Class::Context, 1) => Component::DefaultSmdpAddress,
            (Class::Context, 2) => Component::PackageResults,
            (Class::Context, 32) => Component::EuiccInfo1,
            (Class::Context, 34) => Component::EuiccInfo2,
            (Class::Context, 3) => Component::RootSmdsAddress,
            (Class::Context, 4) => Component::AssociationToken,
            (Class::Context, 5) => Component::EumCertificate,
            (Class::Context, 6) => Component::EuiccCertificate,
            (Class::Context, 8) => Component::IpaCapabilities,
            (Class::Context, 9) => Component::DeviceInfo,
            _ => return None,
        };
        out.push(c);
    }
    Some(out)
}

impl<C: IpaCard> Ipa<C> {
    pub(super) async fn run_euicc_data(
        &mut self,
        r: &IpaEuiccDataRequest,
    ) -> Result<PollOutcome, IpaError> {
        let response = match self.collect(r)? {
            Ok(data) => IpaEuiccDataResponse::IpaEuiccData(data),
            Err(code) => {
                IpaEuiccDataResponse::IpaEuiccDataResponseError(IpaEuiccDataResponseError {
                    eim_transaction_id: r.eim_transaction_id.clone(),
                    ipa_euicc_data_error_code: code,
                })
            }
        };
        let delivery = self
            .deliver(
                EimPackageResult::IpaEuiccDataResponse(response.clone()),
                Vec::new(),
            )
            .await?;
        Ok(PollOutcome::EuiccData(Box::new(EuiccDataOutcome {
            response,
            delivery,
        })))
    }

    /// The requested data, or the error code to answer: the components of the tag list in
    /// its order, each from its source in the table above.
    fn collect(
        &mut self,
        r: &IpaEuiccDataRequest,
    ) -> Result<Result<IpaEuiccData, IpaEuiccDataErrorCode>, IpaError> {
        let Some(wanted) = components(&r.tag_list) else {
            return Ok(Err(IpaEuiccDataErrorCode::IncorrectTagList));
        };
        let mut data = IpaEuiccData {
            eim_transaction_id: r.eim_transaction_id.clone(),
            ..IpaEuiccData::default()
        };
        let mut shared = SharedAnswers::default();
        for c in wanted {
            match c {
                Component::Notifications => {
                    data.notifications_list = Some(self.notifications(r)?);
                }
                Component::PackageResults => {
                    data.euicc_package_result_list = Some(self.package_results(r)?);
                }
                Component::DefaultSmdpAddress => {
                    let a = self.configured_addresses(&mut shared)?;
                    data.default_smdp_address = a.default_dp_address.clone();
                }
                Component::RootSmdsAddress => {
                    let a = self.configured_addresses(&mut shared)?;
                    data.root_smds_address = Some(a.root_ds_address.clone());
                }
                Component::EuiccInfo1 => {
                    let i: EUICCInfo1 = call(
                        &mut self.card,
                        "ES10b.GetEUICCInfo",
                        &GetEuiccInfo1Request {},
                    )?;
                    data.euicc_info1 = Some(i);
                }
                Component::EuiccInfo2 => {
                    let i: SGP32EUICCInfo2 = call(
                        &mut self.card,
                        "ES10b.GetEUICCInfo",
                        &GetEuiccInfo2Request {},
                    )?;
                    data.euicc_info2 = Some(i);
                }
                Component::AssociationToken => {
                    data.association_token = self.association_token()?;
                }
                Component::EumCertificate => match self.certs(r, &mut shared)? {
                    Ok(certs) => data.eum_certificate = Some(certs.eum_certificate.clone()),
                    Err(code) => return Ok(Err(code)),
                },
                Component::EuiccCertificate => match self.certs(r, &mut shared)? {
                    Ok(certs) => data.euicc_certificate = Some(certs.euicc_certificate.clone()),
                    Err(code) => return Ok(Err(code)),
                },
                Component::IpaCapabilities => {
                    data.ipa_capabilities = Some(self.options.capabilities.clone());
                }
                Component::DeviceInfo => {
                    data.device_info = Some(self.options.device_info());
                }
            }
        }
        Ok(Ok(data))
    }

    /// A0 notificationsList: RetrieveNotificationsList with searchCriteriaNotification.
    fn notifications(
        &mut self,
        r: &IpaEuiccDataRequest,
    ) -> Result<PendingNotificationList, IpaError> {
        let criteria = r.search_criteria_notification.as_ref().map(|s| match s {
            SearchCriteriaNotification::SeqNumber(n) => {
                SGP32NotificationSearchCriteria::SeqNumber(*n)
            }
            SearchCriteriaNotification::ProfileManagementOperation(ops) => {
                SGP32NotificationSearchCriteria::ProfileManagementOperation(ops.clone())
            }
        });
        Ok(match self.retrieve(criteria)? {
            SGP32RetrieveNotificationsListResponse::NotificationList(l) => l,
            _ => Vec::new(),
        })
    }

    /// A2 euiccPackageResultList: RetrieveNotificationsList euiccPackageResults, kept to the
    /// seqNumber of searchCriteriaEuiccPackageResult when one is given.
    fn package_results(
        &mut self,
        r: &IpaEuiccDataRequest,
    ) -> Result<EuiccPackageResultList, IpaError> {
        let list = match self.retrieve(Some(
            SGP32NotificationSearchCriteria::EuiccPackageResults(proto::der::Null),
        ))? {
            SGP32RetrieveNotificationsListResponse::EuiccPackageResultList(l) => l,
            _ => Vec::new(),
        };
        let wanted_seq = r
            .search_criteria_euicc_package_result
            .as_ref()
            .map(|SearchCriteriaEuiccPackageResult::SeqNumber(n)| *n);
        Ok(list
            .into_iter()
            .filter(|p| wanted_seq.is_none_or(|n| result_seq_number(p) == Some(n)))
            .collect())
    }

    /// 81 and 83: GetEuiccConfiguredAddresses, asked once for both.
    fn configured_addresses<'s>(
        &mut self,
        shared: &'s mut SharedAnswers,
    ) -> Result<&'s EuiccConfiguredAddressesResponse, IpaError> {
        let addresses = match shared.addresses.take() {
            Some(a) => a,
            None => call(
                &mut self.card,
                "ES10a.GetEuiccConfiguredAddresses",
                &EuiccConfiguredAddressesRequest {},
            )?,
        };
        Ok(shared.addresses.insert(addresses))
    }

    /// 84 associationToken: the polled eIM's, from GetEimConfigurationData.
    fn association_token(&mut self) -> Result<Option<i64>, IpaError> {
        // A v1.0 eUICC has no search criterion (SGP.32 v1.0 5.9.18): all, then pick.
        let search_criteria = (self.esipa.generation() != Sgp32Version::V1_0)
            .then(|| EimSearchCriteria::EimId(self.eim.eim_id.clone()));
        let e: GetEimConfigurationDataResponse = call(
            &mut self.card,
            "ES10b.GetEimConfigurationData",
            &GetEimConfigurationDataRequest { search_criteria },
        )?;
        Ok(e.eim_configuration_data_list
            .iter()
            .find(|d| d.eim_id == self.eim.eim_id)
            .and_then(|d| d.association_token))
    }

    /// A5 and A6: GetCerts for euiccCiPKIdentifierToBeUsed, asked once for both; a CI the
    /// eUICC does not sign under is `euiccCiPKIdNotFound`.
    fn certs<'s>(
        &mut self,
        r: &IpaEuiccDataRequest,
        shared: &'s mut SharedAnswers,
    ) -> Result<Result<&'s EuiccCerts, IpaEuiccDataErrorCode>, IpaError> {
        let certs = match shared.certs.take() {
            Some(c) => c,
            None => {
                let g: GetCertsResponse = call(
                    &mut self.card,
                    "ES10b.GetCerts",
                    &GetCertsRequest {
                        euicc_ci_pkid: r.euicc_ci_pk_identifier_to_be_used.clone(),
                    },
                )?;
                match g {
                    GetCertsResponse::Certs(c) => c,
                    GetCertsResponse::GetCertsError(_) => {
                        return Ok(Err(IpaEuiccDataErrorCode::EuiccCiPkIdNotFound));
                    }
                }
            }
        };
        Ok(Ok(shared.certs.insert(certs)))
    }

    fn retrieve(
        &mut self,
        search_criteria: Option<SGP32NotificationSearchCriteria>,
    ) -> Result<SGP32RetrieveNotificationsListResponse, IpaError> {
        call(
            &mut self.card,
            "ES10b.RetrieveNotificationsList",
            &SGP32RetrieveNotificationsListRequest { search_criteria },
        )
    }
}

/// The seqNumber of a signed package result.
fn result_seq_number(r: &proto::sgp32::EuiccPackageResult) -> Option<i64> {
    match r {
        proto::sgp32::EuiccPackageResult::EuiccPackageResultSigned(s) => {
            Some(s.euicc_package_result_data_signed.seq_number)
        }
        _ => None,
    }
}
