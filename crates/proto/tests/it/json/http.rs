use proto::json::es2p::Es2Function;
use proto::json::es9p::Es9Function;
use proto::json::esipa::EsipaFunction;
use proto::json::http::*;

#[test]
fn sgp22_6_5_2_es9plus_paths() {
    assert_eq!(
        Es9Function::InitiateAuthentication.path(),
        "/gsma/rsp2/es9plus/initiateAuthentication"
    );
    for f in Es9Function::ALL {
        assert_eq!(Es9Function::from_path(&f.path()), Some(f));
    }
    assert_eq!(
        Es9Function::from_path("/gsma/rsp2/es9plus/downloadOrder"),
        None
    );
}

#[test]
fn sgp22_6_5_2_es2plus_paths() {
    assert_eq!(
        Es2Function::HandleDownloadProgressInfo.path(),
        "/gsma/rsp2/es2plus/handleDownloadProgressInfo"
    );
    for f in Es2Function::ALL {
        assert_eq!(Es2Function::from_path(&f.path()), Some(f));
    }
}

#[test]
fn sgp32_6_4_esipa_paths() {
    assert_eq!(
        EsipaFunction::GetEimPackage.path(),
        "/gsma/rsp2/esipa/getEimPackage"
    );
    assert_eq!(
        EsipaFunction::ALL.map(|f| f.name()),
        [
            "initiateAuthentication",
            "authenticateClient",
            "getBoundProfilePackage",
            "transferEimPackage",
            "getEimPackage",
            "provideEimPackageResult",
            "handleNotification",
            "cancelSession",
        ]
    );
    for f in EsipaFunction::ALL {
        assert_eq!(EsipaFunction::from_path(&f.path()), Some(f));
    }
    assert_eq!(ASN1_PATH, "/gsma/rsp2/asn1");
}

#[test]
fn sgp22_6_5_1_headers() {
    assert!(is_json_content_type(CONTENT_TYPE_JSON));
    assert!(is_json_content_type("application/json"));
    assert!(is_json_content_type("Application/JSON; charset=utf-8"));
    assert!(!is_json_content_type(CONTENT_TYPE_ASN1));
    assert!(is_asn1_content_type("application/x-gsma-rsp-asn1"));
    assert!(is_admin_protocol_v2(ADMIN_PROTOCOL_SGP22));
    assert!(is_admin_protocol_v2("gsma/rsp/v2.2.0"));
    assert!(!is_admin_protocol_v2("gsma/rsp/v3.0.0"));
    assert!(user_agent_is("gsma-rsp-lpad", USER_AGENT_LPAD));
    assert!(user_agent_is(
        "gsma-rsp-ipad; Onomondo IPAd",
        USER_AGENT_IPAD
    ));
    assert!(!user_agent_is("curl/8", USER_AGENT_LPAD));
}
