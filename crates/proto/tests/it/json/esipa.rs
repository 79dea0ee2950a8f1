use proptest::prelude::*;
use proto::ids::{Eid, Plmn};
use proto::json::esipa::*;
use proto::json::{EmptyResponse, ResponseHeader, decode, decode_response};

use super::round_trip;

const HEADER: &str =
    r#""header":{"functionRequesterIdentifier":"ipa","functionCallIdentifier":"1"}"#;
const OK: &str = r#""header":{"functionExecutionStatus":{"status":"Executed-Success"}}"#;
const TID: &str = "0A1B2C3D";

#[test]
fn sgp32_6_4_1_1_initiate_authentication() {
    let r: InitiateAuthenticationRequest = round_trip(&format!(
        r#"{{{HEADER},"euiccChallenge":"AAECAwQFBgcICQoLDA0ODw==","euiccInfo1":"vyAIggMCBQABAgME",
            "smdpAddress":"testsmdpplus1.example.com","eimTransactionId":"01020304"}}"#
    ));
    assert_eq!(r.eim_transaction_id.unwrap().as_bytes(), [1, 2, 3, 4]);
    let r: InitiateAuthenticationRequest = round_trip(&format!(
        r#"{{{HEADER},"euiccChallenge":"AAECAwQFBgcICQoLDA0ODw=="}}"#
    ));
    assert_eq!((r.euicc_info1, r.smdp_address), (None, None));
    let resp: InitiateAuthenticationResponse = round_trip(&format!(
        r#"{{{OK},"transactionId":"{TID}","serverSigned1":"MAOAAQE=","serverSignature1":"XzdA",
            "euiccCiPKIdentifierToBeUsed":"9fX19Q==","serverCertificate":"MIIB",
            "matchingId":"ABC-123","ctxParams1":"oAKAAA=="}}"#
    ));
    assert_eq!(resp.matching_id.as_deref(), Some("ABC-123"));
    assert_eq!(resp.euicc_ci_pk_identifier_to_be_used, [0xF5; 4]);
}

#[test]
fn sgp32_6_4_1_2_and_3_authenticate_client_and_get_bound_profile_package() {
    let _: AuthenticateClientRequest = round_trip(&format!(
        r#"{{{HEADER},"transactionId":"{TID}","authenticateServerResponse":"vzgDgAGq"}}"#
    ));
    let resp: AuthenticateClientResponse = round_trip(&format!(
        r#"{{{OK},"transactionId":"{TID}","profileMetadata":"vyUMWgqYlESZmZmZCSDz",
            "smdpSigned2":"MAaAAQEBAf8=","smdpSignature2":"XzdA","smdpCertificate":"MIIB",
            "hashCc":"AAECAwQFBgcICQoLDA0ODw=="}}"#
    ));
    assert_eq!(resp.hash_cc.unwrap().len(), 16);
    let _: GetBoundProfilePackageRequest = round_trip(&format!(
        r#"{{{HEADER},"transactionId":"{TID}","prepareDownloadResponse":"MAOAAQE="}}"#
    ));
    let resp: GetBoundProfilePackageResponse =
        round_trip(&format!(r#"{{{OK},"boundProfilePackage":"vzYDgAGq"}}"#));
    assert_eq!(resp.transaction_id, None);
}

#[test]
fn sgp32_6_4_1_5_get_eim_package_request() {
    let r: GetEimPackageRequest = round_trip(&format!(
        r#"{{{HEADER},"eidValue":"89049032123451234512345678901235","notifyStateChange":true,
            "stateChangeCause":1,"rPlmn":"130062"}}"#
    ));
    assert_eq!(
        r.eid_value,
        Eid::parse("89049032123451234512345678901235").unwrap()
    );
    assert_eq!(r.notify_state_change, Some(true));
    assert_eq!(r.r_plmn, Some(Plmn::parse("310-260").unwrap()));
    let e = decode::<GetEimPackageRequest>(
        format!(r#"{{{HEADER},"eidValue":"89049032123451234512345678901235","rPlmn":"13006"}}"#)
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.member(), Some("rPlmn"));
}

#[test]
fn sgp32_6_4_1_5_get_eim_package_response_carries_one_alternative() {
    for (member, value, expected) in [
        (
            "euiccPackageRequest",
            "\"v1ECgAA=\"",
            EimPackage::EuiccPackageRequest(vec![0xBF, 0x51, 0x02, 0x80, 0x00]),
        ),
        (
            "ipaEuiccDataRequest",
            "\"v1ICXAA=\"",
            EimPackage::IpaEuiccDataRequest(vec![0xBF, 0x52, 0x02, 0x5C, 0x00]),
        ),
        (
            "profileDownloadTriggerRequest",
            "\"v1QCgAA=\"",
            EimPackage::ProfileDownloadTriggerRequest(vec![0xBF, 0x54, 0x02, 0x80, 0x00]),
        ),
        ("eimPackageError", "1", EimPackage::EimPackageError(1)),
    ] {
        let r: GetEimPackageResponse = round_trip(&format!(r#"{{{OK},"{member}":{value}}}"#));
        assert_eq!(r.package, expected);
        assert_eq!(r.header, ResponseHeader::success());
    }
    let none = decode::<GetEimPackageResponse>(format!("{{{OK}}}").as_bytes()).unwrap_err();
    assert!(none.message.contains("none of the alternative"), "{none}");
    let two = decode::<GetEimPackageResponse>(
        format!(r#"{{{OK},"eimPackageError":1,"euiccPackageRequest":"v1ECgAA="}}"#).as_bytes(),
    )
    .unwrap_err();
    assert!(two.message.contains("2 alternative"), "{two}");
}

#[test]
fn sgp32_6_4_1_6_provide_eim_package_result() {
    let r: ProvideEimPackageResultRequest = round_trip(&format!(
        r#"{{{HEADER},"eidValue":"89049032123451234512345678901235","eimPackageResult":"v1ECgAA="}}"#
    ));
    assert!(r.eid_value.is_some());
    let resp: ProvideEimPackageResultResponse =
        round_trip(&format!(r#"{{{OK},"eimAcknowledgements":"v1MCgAE="}}"#));
    assert_eq!(resp.eim_acknowledgements.unwrap()[..2], [0xBF, 0x53]);
    let empty: ProvideEimPackageResultResponse = round_trip(&format!("{{{OK}}}"));
    assert_eq!(empty.eim_acknowledgements, None);
}

#[test]
fn sgp32_6_4_1_7_handle_notification_carries_one_alternative() {
    let r: HandleNotificationRequest =
        round_trip(&format!(r#"{{{HEADER},"pendingNotification":"vzcCgAA="}}"#));
    assert!(matches!(
        r.notification,
        EsipaNotification::PendingNotification(_)
    ));
    let r: HandleNotificationRequest = round_trip(&format!(
        r#"{{{HEADER},"provideEimPackageResult":"v1ACgAA="}}"#
    ));
    assert!(matches!(
        r.notification,
        EsipaNotification::ProvideEimPackageResult(_)
    ));
    assert!(decode::<HandleNotificationRequest>(format!("{{{HEADER}}}").as_bytes()).is_err());
}

#[test]
fn sgp32_6_4_1_8_cancel_session() {
    let _: CancelSessionRequest = round_trip(&format!(
        r#"{{{HEADER},"transactionId":"{TID}","cancelSessionResponse":"v0ECgAE="}}"#
    ));
    let r: EmptyResponse = decode_response(format!("{{{OK}}}").as_bytes()).unwrap();
    assert!(r.header.is_executed());
}

#[test]
fn sgp32_6_4_1_4_transfer_eim_package_unverified_form_round_trips() {
    let r: TransferEimPackageRequest =
        round_trip(&format!(r#"{{{HEADER},"eimAcknowledgements":"v1MCgAE="}}"#));
    assert!(matches!(
        r.package,
        TransferredPackage::EimAcknowledgements(_)
    ));
    let r: TransferEimPackageResponse =
        round_trip(&format!(r#"{{{OK},"eimPackageReceived":true}}"#));
    assert_eq!(r.result, TransferResult::EimPackageReceived);
    let r: TransferEimPackageResponse =
        round_trip(&format!(r#"{{{OK},"ePRAndNotifications":"MAOAAQE="}}"#));
    assert!(matches!(r.result, TransferResult::EprAndNotifications(_)));
}

#[test]
fn sgp32_6_4_esipa_path_names_are_those_of_onomondo_eim() {
    assert_eq!(
        EsipaFunction::TransferEimPackage.path(),
        "/gsma/rsp2/esipa/transferEimPackage"
    );
}

proptest! {
    #[test]
    fn sgp32_6_4_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode::<GetEimPackageRequest>(&bytes);
        let _ = decode_response::<GetEimPackageResponse>(&bytes);
        let _ = decode::<HandleNotificationRequest>(&bytes);
        let _ = decode_response::<TransferEimPackageResponse>(&bytes);
    }

    #[test]
    fn sgp32_6_4_1_5_every_alternative_round_trips(
        der in proptest::collection::vec(any::<u8>(), 0..40), which in 0u8..4, err in any::<i64>(),
    ) {
        let package = match which {
            0 => EimPackage::EuiccPackageRequest(der),
            1 => EimPackage::IpaEuiccDataRequest(der),
            2 => EimPackage::ProfileDownloadTriggerRequest(der),
            _ => EimPackage::EimPackageError(err),
        };
        let r = GetEimPackageResponse { header: ResponseHeader::success(), package };
        let text = proto::json::encode(&r).unwrap();
        prop_assert_eq!(decode_response::<GetEimPackageResponse>(&text).unwrap(), r);
    }
}
