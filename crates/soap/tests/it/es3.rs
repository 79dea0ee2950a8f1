//! ES3 (SGP.02 5.4): every request and callback through the wire and back.

use soap::bodies::{
    AuditEisRequest, BaseResponse, EidRequest, EisResponse, EuiccResponse, ProfileRequest,
    UpdatePolicyRulesRequest,
};
use soap::es3::{
    self, CreateIsdpRequest, CreateIsdpResponse, Es3Callback, Es3Request,
    ProfileDownloadCompletedRequest, SendDataRequest, UpdateConnectivityParametersRequest,
};
use soap::message::{Hex, MessageError};
use soap::notify::{ProfileNotification, SmsrChangeNotification};
use soap::status::{RequestHeader, ResponseHeader, codes};

use crate::support::{eid, eis, iccid, profile, round_trip};

fn header() -> RequestHeader {
    RequestHeader::new("dp-call-7")
}

fn profile_request() -> ProfileRequest {
    ProfileRequest {
        header: header(),
        eid: eid(),
        iccid: iccid(),
    }
}

fn send_data() -> SendDataRequest {
    SendDataRequest {
        header: header(),
        eid: eid(),
        sd_aid: Hex(hex::decode("A0000005591010FFFFFFFF8900000100").expect("AID")),
        data: Hex(vec![0x80, 0xE2, 0x89, 0x00, 0x03, 0x3A, 0x01, 0x00]),
        more_to_do: Some(true),
    }
}

fn every_request() -> Vec<Es3Request> {
    let p = profile();
    vec![
        Es3Request::GetEis(EidRequest {
            header: header(),
            eid: eid(),
        }),
        Es3Request::AuditEis(AuditEisRequest {
            header: header(),
            eid: eid(),
            iccids: vec![],
        }),
        Es3Request::CreateIsdp(CreateIsdpRequest {
            header: header(),
            eid: eid(),
            iccid: iccid(),
            mno_id: "mno-1".into(),
            required_memory: 65536,
            more_to_do: Some(true),
        }),
        Es3Request::SendData(send_data()),
        Es3Request::ProfileDownloadCompleted(ProfileDownloadCompletedRequest {
            header: header(),
            eid: eid(),
            iccid: iccid(),
            profile_type: p.profile_type.clone(),
            subscription_address: p.subscription_address.clone(),
            pol2: p.pol2.clone(),
        }),
        Es3Request::UpdatePolicyRules(UpdatePolicyRulesRequest {
            header: header(),
            eid: eid(),
            iccid: iccid(),
            pol2: p.pol2.expect("fixture POL2"),
        }),
        Es3Request::UpdateConnectivityParameters(UpdateConnectivityParametersRequest {
            header: header(),
            eid: eid(),
            iccid: iccid(),
            connectivity_parameters: Hex(vec![0x86, 0x03, 0x01, 0x02, 0x03]),
        }),
        Es3Request::EnableProfile(profile_request()),
        Es3Request::DisableProfile(profile_request()),
        Es3Request::DeleteIsdp(profile_request()),
    ]
}

fn every_callback() -> Vec<Es3Callback> {
    let ok = ResponseHeader::success();
    let euicc = EuiccResponse {
        header: ok.clone(),
        euicc_response_data: Some(Hex(vec![0x90, 0x00])),
    };
    let eis_response = EisResponse {
        header: ok.clone(),
        eis: Some(eis()),
    };
    let note = ProfileNotification {
        eid: eid(),
        iccid: iccid(),
        completion_timestamp: "2026-02-03T04:05:06Z".into(),
    };
    vec![
        Es3Callback::GetEis(eis_response.clone()),
        Es3Callback::AuditEis(eis_response),
        Es3Callback::CreateIsdp(CreateIsdpResponse {
            header: ok.clone(),
            isd_p_aid: Some(Hex(
                hex::decode("A0000005591010FFFFFFFF8900001000").expect("AID")
            )),
            euicc_response_data: None,
        }),
        Es3Callback::SendData(euicc.clone()),
        Es3Callback::ProfileDownloadCompleted(BaseResponse::new(ok.clone())),
        Es3Callback::UpdatePolicyRules(BaseResponse::new(ResponseHeader::failed(
            codes::POL2_INVALID,
            "rule for ENABLE twice",
        ))),
        Es3Callback::UpdateConnectivityParameters(euicc.clone()),
        Es3Callback::EnableProfile(euicc.clone()),
        Es3Callback::DisableProfile(euicc.clone()),
        Es3Callback::DeleteIsdp(euicc),
        Es3Callback::ProfileEnabled(note.clone()),
        Es3Callback::ProfileDisabled(note.clone()),
        Es3Callback::ProfileDeleted(note),
        Es3Callback::SmsrChanged(SmsrChangeNotification {
            eis: eis(),
            completion_timestamp: "2026-02-03T04:05:06Z".into(),
        }),
    ]
}

#[test]
fn every_request_round_trips() {
    let all = every_request();
    assert_eq!(all.len(), 10);
    for req in &all {
        let wire = round_trip(req, Es3Request::encode, Es3Request::decode);
        let (op, _) = req.operation();
        assert!(wire.contains(op.request_action), "{wire}");
    }
}

#[test]
fn every_callback_round_trips() {
    for cb in &every_callback() {
        let wire = round_trip(cb, Es3Callback::encode, Es3Callback::decode);
        let (op, dir) = cb.operation();
        assert!(wire.contains(dir.action(op)), "{wire}");
    }
}

#[test]
fn send_data_carries_the_command_as_hex() {
    let wire = Es3Request::SendData(send_data())
        .encode(crate::support::request_addressing())
        .encode();
    assert!(
        wire.contains("<sd-aid>A0000005591010FFFFFFFF8900000100</sd-aid><Data>80E28900033A0100</Data><moreToDo>true</moreToDo>"),
        "{wire}"
    );
}

#[test]
fn odd_length_data_is_invalid() {
    let mut env = Es3Request::SendData(send_data()).encode(crate::support::request_addressing());
    if let Some(d) = env.body.children.iter_mut().find(|c| c.name == "Data") {
        d.text = "80E".into();
    }
    assert!(matches!(
        Es3Request::decode(&env),
        Err(MessageError::InvalidValue { ref element, .. }) if element == "Data"
    ));
}

#[test]
fn create_isdp_callback_action_is_the_callback_uri() {
    assert_eq!(
        es3::CREATE_ISDP.callback_action,
        Some("http://gsma.com/ES3/ProfileManagentCallBack/ES3-CreateISDP")
    );
    // The same GetEIS body on ES3 is not accepted by the ES4 dispatch.
    let env = Es3Request::GetEis(EidRequest {
        header: header(),
        eid: eid(),
    })
    .encode(crate::support::request_addressing());
    assert!(soap::es4::Es4Request::decode(&env).is_err());
}
