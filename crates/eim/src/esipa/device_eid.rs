//! The EID a request concerns, for the faults served to a device under test
//! ([`crate::faults`]): the one a poll names, else that of the device that polled on the
//! request's connection. Read only when faults are configured.

use infra::serve::ConnectionState;
use proto::der::Asn1;
use proto::sgp32::EsipaMessageFromIpaToEim as In;

use super::generation;
use crate::engine::delivery::eid_of;

/// Which binding the body is in.
#[derive(Clone, Copy)]
pub(super) enum Binding {
    Json,
    Asn1,
}

/// The EID of the request, if it tells or its connection knows.
pub(super) fn of_request(
    conn: Option<&ConnectionState>,
    body: Option<&[u8]>,
    binding: Binding,
) -> Option<String> {
    let named = body.and_then(|b| match binding {
        Binding::Json => {
            #[derive(serde::Deserialize)]
            struct Poll {
                #[serde(rename = "eidValue")]
                eid_value: Option<String>,
            }
            serde_json::from_slice::<Poll>(b).ok()?.eid_value
        }
        Binding::Asn1 => match In::from_der(b).ok()? {
            In::GetEimPackageRequest(r) => Some(eid_of(&r.eid_value).ok()?.as_str().to_string()),
            _ => None,
        },
    });
    named.or_else(|| generation::session(conn).map(|s| s.eid))
}
