//! The ISD-R's ES10 functions (SGP.22 5.7): a request is routed by its tag to the function
//! that decodes and answers it.
//!
//! | tag | function | file |
//! |---|---|---|
//! | BF3C, BF3F | ES10a.GetEuiccConfiguredAddresses, SetDefaultDpAddress (5.7.3–4) | `info` |
//! | BF20, BF22, BF3E, BF43, BF42 | ES10b.GetEUICCInfo (5.7.8), ES10c.GetEID (5.7.20), ES10b.GetRAT (5.7.22), LPAe activation | `info` |
//! | BF2E, BF38, BF21, BF36, BF41 | ES10b.GetEUICCChallenge, AuthenticateServer, PrepareDownload, LoadBoundProfilePackage, CancelSession (5.7.5–7, 5.7.13–14) | `download` |
//! | BF28, BF2B, BF30 | ES10b.ListNotification, RetrieveNotificationsList, RemoveNotificationFromList (5.7.9–11) | `notifications` |
//! | BF2D | ES10c.GetProfilesInfo (5.7.15) | `profiles` |
//! | BF31–BF34, BF29 | ES10c.Enable/Disable/DeleteProfile, eUICCMemoryReset, SetNickname (5.7.16–19, 5.7.21) | `manage` |
//!
//! ES10b.LoadCRL (`BF35`) is not offered (`crlSupport` is not claimed in EUICCInfo2).
//!
//! An IoT eUICC also answers the ES10b functions of SGP.32 v1.2 5.9 (`iot`), gives the IoT
//! EUICCInfo2, and RetrieveNotificationsList / RemoveNotificationFromList cover its eUICC
//! Package Results.

mod download;
mod info;
mod iot;
mod manage;
mod notifications;
mod profiles;

use proto::der::{Asn1, Class, DecodeError, DecodeErrorKind, Tag};
use proto::sgp22::{
    AuthenticateServerRequest, CancelSessionRequest, DeleteProfileRequest, DisableProfileRequest,
    EnableProfileRequest, EuiccConfiguredAddressesRequest, EuiccMemoryResetRequest,
    GetEuiccChallengeRequest, GetEuiccDataRequest, GetEuiccInfo1Request, GetEuiccInfo2Request,
    GetRatRequest, ListNotificationRequest, LpaeActivationRequest, NotificationSentRequest,
    PrepareDownloadRequest, ProfileInfoListRequest, SetDefaultDpAddressRequest, SetNicknameRequest,
};
use proto::sgp32::SGP32RetrieveNotificationsListRequest;

pub(crate) use info::ext_card_resource;
pub(crate) use iot::is_immediate_candidate;
pub(crate) use notifications::{add_notifications, sign_pir};

use crate::es10_error::Es10Error;
use crate::euicc::Euicc;
use crate::session::is_bpp_piece_tag;

fn decode<T: Asn1>(request: &[u8]) -> Result<T, Es10Error> {
    T::from_der(request).map_err(Es10Error::Malformed)
}

impl Euicc {
    /// Answers one ES10 request.
    pub(crate) fn dispatch(&mut self, request: &[u8]) -> Result<Vec<u8>, Es10Error> {
        let tag = Tag::parse(request).map(|(t, _)| t);
        if self.session.takes_bpp_piece(tag) {
            return self.load_bound_profile_package(request);
        }
        let tag =
            tag.ok_or_else(|| Es10Error::Malformed(DecodeError::new(0, DecodeErrorKind::BadTag)))?;
        if is_bpp_piece_tag(tag) {
            return Err(Es10Error::NoSession);
        }
        if tag.class != Class::Context || !tag.constructed {
            return Err(Es10Error::UnknownFunction(tag));
        }
        if self.is_iot() {
            if let Some(answer) = self.dispatch_iot(tag.number, request) {
                return answer;
            }
        }
        match tag.number {
            32 => Ok(self.get_euicc_info1(decode::<GetEuiccInfo1Request>(request)?)),
            34 => Ok(self.get_euicc_info2(decode::<GetEuiccInfo2Request>(request)?)),
            46 => self.get_euicc_challenge(decode::<GetEuiccChallengeRequest>(request)?),
            56 => Ok(self.authenticate_server(&decode::<AuthenticateServerRequest>(request)?)),
            33 => Ok(self.prepare_download(&decode::<PrepareDownloadRequest>(request)?)),
            65 => Ok(self.cancel_session(&decode::<CancelSessionRequest>(request)?)),
            40 => Ok(self.list_notification(&decode::<ListNotificationRequest>(request)?)),
            43 => Ok(self.retrieve_notifications_list(&decode::<
                SGP32RetrieveNotificationsListRequest,
            >(request)?)),
            48 => Ok(
                self.remove_notification_from_list(&decode::<NotificationSentRequest>(request)?)
            ),
            45 => Ok(self.get_profiles_info(&decode::<ProfileInfoListRequest>(request)?)),
            49 => Ok(self.enable_profile(&decode::<EnableProfileRequest>(request)?)),
            50 => Ok(self.disable_profile(&decode::<DisableProfileRequest>(request)?)),
            51 => Ok(self.delete_profile(&decode::<DeleteProfileRequest>(request)?)),
            52 => Ok(self.euicc_memory_reset(&decode::<EuiccMemoryResetRequest>(request)?)),
            62 => self.get_eid(&decode::<GetEuiccDataRequest>(request)?),
            41 => Ok(self.set_nickname(&decode::<SetNicknameRequest>(request)?)),
            67 => Ok(self.get_rat(decode::<GetRatRequest>(request)?)),
            60 => {
                Ok(self
                    .get_configured_addresses(decode::<EuiccConfiguredAddressesRequest>(request)?))
            }
            63 => Ok(self.set_default_dp_address(&decode::<SetDefaultDpAddressRequest>(request)?)),
            66 => Ok(self.lpae_activation(decode::<LpaeActivationRequest>(request)?)),
            53 => Err(Es10Error::NotSupported("ES10b.LoadCRL")),
            _ => Err(Es10Error::UnknownFunction(tag)),
        }
    }
}
