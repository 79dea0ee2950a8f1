//! The secured data of the push SMS that has the ISD-R open an admin session (GP
//! Amendment B 3.8, SGP.02 2.4.4): the raw Administration Session Triggering Parameters
//! `81`, with the connection parameters (`84`, the OPEN CHANNEL TLVs of ETSI TS 102 223
//! 6.6.27: default bearer, buffer, TCP client remote, the admin server's address and
//! port) and the HTTP POST parameters (`89`, the admin URI `8C`). The SMS bearer secures
//! it with the ISD-R's SCP80 keys like any command ([`crate::bearer`]).

use std::net::SocketAddr;
use std::time::Duration;

use scp81::trigger::{AdminSessionParams, AdminSessionTrigger, ConnectionParams, HttpPostParams};

/// The card's channel buffer asked for (TS 102 223 8.55), as a real card's traces use.
pub(crate) const BUFFER_SIZE: u16 = 0x0500;

/// Where pushed sessions go, and how long one is waited for.
#[derive(Clone, Debug)]
pub(crate) struct PushTarget {
    /// The admin server's listener.
    pub addr: SocketAddr,
    /// The first POST's URI.
    pub admin_uri: String,
    /// The wait for the session before the push is sent again.
    pub retry: Duration,
}

impl PushTarget {
    /// The trigger of a session to this target.
    pub(crate) fn trigger(&self) -> Vec<u8> {
        trigger(self.addr, &self.admin_uri)
    }
}

/// The trigger for a session to the admin server at `server`, first POST to `admin_uri`.
pub(crate) fn trigger(server: SocketAddr, admin_uri: &str) -> Vec<u8> {
    AdminSessionTrigger {
        session: Some(AdminSessionParams {
            connection: Some(ConnectionParams::tcp(
                server.ip(),
                server.port(),
                BUFFER_SIZE,
            )),
            http_post: Some(HttpPostParams {
                admin_uri: Some(admin_uri.to_string()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        dns: None,
    }
    .encode()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trigger_names_the_listener_and_the_admin_uri() {
        let t = trigger("127.0.0.1:8443".parse().unwrap(), "/gp/admin");
        let hex = hex::encode_upper(&t);
        // 84: bearer 35 01 03, buffer 39 02 0500, TCP client remote 3C 03 02 20FB,
        // IPv4 3E 05 21 7F000001 (map 3.1, TS 102 223 8.52/8.55/8.59/8.58).
        assert!(
            hex.contains("8413350103390205003C030220FB3E05217F000001"),
            "{hex}"
        );
        assert!(hex.contains("890B8C092F67702F61646D696E"), "{hex}");
        assert!(hex.starts_with("81"), "{hex}");
        let back = AdminSessionTrigger::decode(&t).unwrap();
        let session = back.session.unwrap();
        assert_eq!(
            session.connection.unwrap().tcp_destination(),
            Some("127.0.0.1:8443".parse().unwrap())
        );
    }
}
