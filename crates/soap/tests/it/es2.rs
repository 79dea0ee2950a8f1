//! ES2 (SGP.02 5.3): the notifications the SM-DP forwards to the operator.

use soap::es2::Es2Notification;
use soap::notify::{ProfileNotification, SmsrChangeNotification};

use crate::support::{eid, eis, iccid, round_trip};

#[test]
fn every_es2_notification_round_trips() {
    let note = ProfileNotification {
        eid: eid(),
        iccid: iccid(),
        completion_timestamp: "2026-03-04T05:06:07Z".into(),
    };
    let all = [
        Es2Notification::ProfileEnabled(note.clone()),
        Es2Notification::ProfileDisabled(note.clone()),
        Es2Notification::ProfileDeleted(note),
        Es2Notification::SmsrChanged(SmsrChangeNotification {
            eis: eis(),
            completion_timestamp: "2026-03-04T05:06:07Z".into(),
        }),
    ];
    for n in &all {
        let wire = round_trip(n, Es2Notification::encode, Es2Notification::decode);
        assert!(
            wire.contains("http://gsma.com/ES2/ProfileManagentCallBack/ES2-Handle"),
            "{wire}"
        );
    }
}

#[test]
fn every_es2_request_and_response_round_trips() {
    use soap::bodies::{BaseResponse, EuiccResponse};
    use soap::eis::SubscriptionAddress;
    use soap::es2::{
        DownloadProfileRequest, DownloadProfileResponse, Es2Callback, Es2EidRequest,
        Es2ProfileRequest, Es2Request, UpdateSubscriptionAddressRequest,
    };
    use soap::message::Hex;
    use soap::status::{RequestHeader, ResponseHeader};

    let header = || RequestHeader::new("mno-call-1");
    let profile = Es2ProfileRequest {
        header: header(),
        eid: eid(),
        smsr_id: "sr-1".into(),
        iccid: iccid(),
    };
    let requests = [
        Es2Request::GetEis(Es2EidRequest {
            header: header(),
            eid: eid(),
            smsr_id: "sr-1".into(),
        }),
        Es2Request::DownloadProfile(DownloadProfileRequest {
            header: header(),
            eid: eid(),
            smsr_id: "sr-1".into(),
            profile_type: Some("local-1".into()),
            iccid: None,
            enable_profile: Some(true),
        }),
        Es2Request::UpdateSubscriptionAddress(UpdateSubscriptionAddressRequest {
            header: header(),
            eid: eid(),
            smsr_id: "sr-1".into(),
            iccid: iccid(),
            subscription_address: SubscriptionAddress {
                imsi: Some("001010000000001".into()),
                msisdn: Some("+4900001".into()),
            },
        }),
        Es2Request::EnableProfile(profile.clone()),
        Es2Request::DisableProfile(profile.clone()),
        Es2Request::DeleteProfile(profile),
    ];
    for r in &requests {
        let wire = round_trip(r, Es2Request::encode, Es2Request::decode);
        assert!(wire.contains("<Smsr-id>sr-1</Smsr-id>"), "{wire}");
    }
    let wire = round_trip(&requests[1], Es2Request::encode, Es2Request::decode);
    assert!(
        wire.contains("http://gsma.com/ES2/ProfileManagent/ES2-DownloadProfileRequest"),
        "{wire}"
    );
    let callbacks = [
        Es2Callback::DownloadProfile(DownloadProfileResponse {
            header: ResponseHeader::success(),
            iccid: Some(iccid()),
            euicc_response_data: Some(Hex(vec![0xAB, 0x00])),
        }),
        Es2Callback::UpdatePolicyRules(BaseResponse::new(ResponseHeader::success())),
        Es2Callback::EnableProfile(EuiccResponse {
            header: ResponseHeader::success(),
            euicc_response_data: None,
        }),
    ];
    for c in &callbacks {
        let wire = round_trip(c, Es2Callback::encode, Es2Callback::decode);
        assert!(
            wire.contains("http://gsma.com/ES2/ProfileManagentCallBack/ES2-"),
            "{wire}"
        );
    }
}
