//! SGP.02 2.3, 5.1 and 5.4 on the wire: ES3 over HTTPS with mutual TLS, the SM-DP named by
//! its CERT.DP.TLS client certificate (under the CI) and `wsa:From`.

use certs::CertRole;
use infra::client::ClientOptions;
use infra::tls::{Identity, ServerTrust};
use sm_sr::es3::listener::ES3_PATH;
use soap::bodies::BaseResponse;
use soap::envelope::{Addressing, Envelope};
use soap::message::Parts;
use soap::operation::Operation;
use soap::status::ExecutionStatus;

use super::es4_https::operator_identity;
use crate::support::{Lab, pki, tls_host};

/// The SM-DP's client certificate and key: the test PKI's CERT.DP.TLS.
pub(crate) fn smdp_identity() -> Identity {
    let (cred, key) = pki().require_key(CertRole::DpTls).unwrap();
    Identity {
        chain: vec![cred.cert_der.clone()],
        key_pem: key.to_sec1_pem().unwrap().as_bytes().to_vec(),
    }
}

/// The SM-DP-ID the SM-SR names the test SM-DP by: its certificate's commonName.
pub(crate) fn smdp_id() -> String {
    let cis = pki().ci_anchors().unwrap();
    let der = &pki().require(CertRole::DpTls).unwrap().cert_der;
    let v = certs::verify_cert(&cis, der, CertRole::DpTls, None).unwrap();
    v.subject_cn.unwrap()
}

/// An HTTPS client of the SM-SR presenting `identity`.
pub(crate) fn client_with(lab: &Lab, identity: Option<Identity>) -> reqwest::Client {
    let ci = pki().require(CertRole::Ci).unwrap().cert_der.clone();
    let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
    o.identity = identity;
    o.resolve = vec![(tls_host(), lab.smsr.es4_addr())];
    infra::client::build(&o).unwrap()
}

/// The SM-DP's client.
pub(crate) fn smdp_client(lab: &Lab) -> reqwest::Client {
    client_with(lab, Some(smdp_identity()))
}

/// The ES3 endpoint address, what `wsa:To` names.
pub(crate) fn endpoint(lab: &Lab) -> String {
    format!(
        "https://{}:{}{ES3_PATH}",
        tls_host(),
        lab.smsr.es4_addr().port()
    )
}

/// POSTs `op`'s request `msg` from `from` (answered at `reply_to`) to ES3; the status and
/// body of the answer.
pub(crate) async fn call<M: Parts>(
    lab: &Lab,
    c: &reqwest::Client,
    op: &Operation,
    from: &str,
    msg: &M,
    reply_to: Option<&str>,
) -> (u16, String) {
    let mut a = Addressing::request(endpoint(lab), from, "urn:uuid:es3-1");
    if let Some(r) = reply_to {
        a = a.with_reply_to(r);
    }
    post_raw(lab, c, op, op.request(a, msg).encode()).await
}

/// POSTs `body` to ES3 as `op`.
pub(crate) async fn post_raw(
    lab: &Lab,
    c: &reqwest::Client,
    op: &Operation,
    body: String,
) -> (u16, String) {
    let r = c
        .post(endpoint(lab))
        .header("content-type", "text/xml; charset=utf-8")
        .header("soapaction", format!("\"{}\"", op.request_action))
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The status of a synchronous response, with its subject and reason codes.
pub(crate) fn status_of(op: &Operation, text: &str) -> (ExecutionStatus, Option<(String, String)>) {
    let env = Envelope::decode(text.as_bytes()).unwrap();
    let r: BaseResponse = op.decode_response(&env).unwrap();
    let s = r.header.function_execution_status;
    let code = s.status_code_data.map(|d| (d.subject_code, d.reason_code));
    (s.status, code)
}

/// A `Failed` answer's codes.
pub(crate) fn failed_with(op: &Operation, answer: &(u16, String)) -> (String, String) {
    assert_eq!(answer.0, 200, "{}", answer.1);
    let (status, code) = status_of(op, &answer.1);
    assert_eq!(status, ExecutionStatus::Failed, "{}", answer.1);
    code.unwrap()
}

/// An operator's client.
pub(crate) fn operator_client(lab: &Lab, operator: &str) -> reqwest::Client {
    client_with(lab, Some(operator_identity(operator)))
}
