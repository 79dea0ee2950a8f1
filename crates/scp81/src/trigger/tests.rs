//! Known answers and refusals of the trigger codec.

use std::net::{IpAddr, Ipv4Addr};

use super::*;
use crate::identity::PskIdentity;
use crate::tlv::TlvError;

fn session(p: AdminSessionParams) -> AdminSessionTrigger {
    AdminSessionTrigger {
        session: Some(p),
        dns: None,
    }
}

#[test]
fn connection_and_host_as_an_sm_sr_sends_them() {
    // 84 13 {35 01 03 | 39 02 0500 | 3C 03 02 1F90 | 3E 05 21 0A000001}, 89 {8A "sr"}
    let t = session(AdminSessionParams {
        connection: Some(ConnectionParams::tcp(
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
            8080,
            0x0500,
        )),
        http_post: Some(HttpPostParams {
            admin_host: Some("sr".into()),
            ..Default::default()
        }),
        ..Default::default()
    });
    let expected = hex::decode(
        "811D831B\
         8413 350103 39020500 3C03021F90 3E05210A000001\
         8904 8A027372"
            .replace(' ', ""),
    )
    .unwrap();
    assert_eq!(t.encode(), expected);
    let read = AdminSessionTrigger::decode(&expected).unwrap();
    let connection = read.session.as_ref().and_then(|s| s.connection.as_ref());
    assert_eq!(
        connection.and_then(ConnectionParams::tcp_destination),
        Some("10.0.0.1:8080".parse().unwrap())
    );
    assert_eq!(read, t);
}

#[test]
fn pysim_test_vectors_decode() {
    // pySim SecurityParams: 85 08 04 DEADBEEF 02 00 40 = identity DEADBEEF, KVN 00, KeyID 40
    let sec = SecurityParams::decode(&hex::decode("04deadbeef020040").unwrap()).unwrap();
    assert_eq!(
        (sec.psk_identity.as_slice(), sec.kvn, sec.key_id),
        (&[0xDE, 0xAD, 0xBE, 0xEF][..], 0, 0x40)
    );
    assert_eq!(hex::encode(sec.encode()), "04deadbeef020040");
    // pySim AdminHostParam / AdminUriParam
    let post = HttpPostParams::decode(
        &hex::decode("8a0a61646d696e2e686f73748c1668747470733a2f2f61646d696e2e686f73742f757269")
            .unwrap(),
    )
    .unwrap();
    assert_eq!(post.admin_host.as_deref(), Some("admin.host"));
    assert_eq!(post.admin_uri.as_deref(), Some("https://admin.host/uri"));
    assert_eq!(post.agent_id, None);
}

#[test]
fn a_full_sgp02_trigger_round_trips_in_table_order() {
    let id = PskIdentity::isd_r([0x89; 16], 0x40, 0x01);
    let t = AdminSessionTrigger {
        session: Some(AdminSessionParams {
            connection: Some(ConnectionParams {
                network_access_name: Some(ConnectionParams::apn("m2m.operator")),
                ..ConnectionParams::tcp("2001:db8::1".parse().unwrap(), 443, 1400)
            }),
            security: Some(SecurityParams::sgp02(&id)),
            extended_security: None,
            retry: Some(RetryPolicy {
                counter: 3,
                waiting_delay: TimerValue::from_seconds(90).unwrap(),
                failure_report: Some(vec![0x87, 0x00]),
            }),
            http_post: Some(HttpPostParams {
                admin_host: Some("smsr.example".into()),
                agent_id: Some("//se-id/eid/8989;//aa-id/aid/A000000559/1010".into()),
                admin_uri: Some("/gp/admin".into()),
            }),
        }),
        dns: Some(DnsResolution {
            fqdn: Some(b"smsr.example".to_vec()),
            connection: None,
        }),
    };
    let bytes = t.encode();
    assert_eq!(AdminSessionTrigger::decode(&bytes), Ok(t));
    // 81 81 L (over 127 octets) | 83 81 L | 84 ...
    assert_eq!(&bytes[..2], &[0x81, 0x81]);
    assert_eq!(&bytes[3..5], &[0x83, 0x81]);
    assert_eq!(bytes[6], 0x84);
    let apn = hex::encode(ConnectionParams::apn("m2m.operator"));
    assert_eq!(apn, "036d326d086f70657261746f72");
    // the retry policy: 0003 | A5 03 00 13 00 (0 h 1 min 30 s) | 87 00
    assert!(hex::encode(&bytes).contains("86090003a5030010038700"));
    // the security parameters: L | 90 octets of identity text | 02 40 01
    let sec = format!("855e5a{}024001", hex::encode(id.to_text()));
    assert!(hex::encode(&bytes).contains(&sec));
}

#[test]
fn an_empty_trigger_means_the_stored_parameters() {
    assert_eq!(
        AdminSessionTrigger::decode(&[0x81, 0x00]),
        Ok(AdminSessionTrigger::default())
    );
    assert_eq!(AdminSessionTrigger::default().encode(), vec![0x81, 0x00]);
}

#[test]
fn comprehension_bits_and_other_objects_are_read() {
    // B5 (bearer, CR set), 05 alpha identifier, B9 buffer
    let c = ConnectionParams::decode(&hex::decode("B50103050141B9020400").unwrap()).unwrap();
    assert_eq!(c.bearer, Some(vec![0x03]));
    assert_eq!(c.buffer_size, Some(0x0400));
    assert_eq!(c.other, vec![(0x05, vec![0x41])]);
    // no transport, no destination to connect to
    assert_eq!(c.tcp_destination(), None);
}

#[test]
fn refuses_what_table_3_3_does_not_allow() {
    let bad = |h: &str| {
        AdminSessionTrigger::decode(&hex::decode(h.replace(' ', "")).unwrap()).unwrap_err()
    };
    assert_eq!(
        bad("8200"),
        TriggerError::UnexpectedTag {
            tag: 0x82,
            within: 0
        }
    );
    assert_eq!(bad("81008100"), TriggerError::Trailing);
    assert_eq!(
        bad("8102 8700"),
        TriggerError::UnexpectedTag {
            tag: 0x87,
            within: 0x81
        }
    );
    assert_eq!(
        bad("8104 8302 8D00"),
        TriggerError::UnexpectedTag {
            tag: 0x8D,
            within: 0x83
        }
    );
    assert_eq!(
        bad("8106 8304 8900 8900"),
        TriggerError::Duplicate {
            tag: 0x89,
            within: 0x83
        }
    );
    assert_eq!(
        bad("8104 8302 8401"),
        TriggerError::Tlv(TlvError::Truncated(2))
    );
    // njiwa's security parameters form: 03 02 KVN KeyID
    assert_eq!(
        bad("810A 8308 8506 0141 03024001"),
        TriggerError::Length(0x85)
    );
    // waiting delay of 0 h 60 min
    assert_eq!(
        bad("810B 8309 8607 0001 A503 000600"),
        TriggerError::Value(0xA5)
    );
    // a destination address of type 00
    assert_eq!(
        bad("810A 8308 8406 3E0400010203"),
        TriggerError::Value(0x3E)
    );
    let mut long = vec![0x81, 0x82, 0x04, 0x00];
    long.resize(0x404, 0);
    assert_eq!(
        AdminSessionTrigger::decode(&long),
        Err(TriggerError::TooLong(0x404))
    );
}

#[test]
fn text_values_must_be_utf8() {
    let t = hex::decode("8107 8305 8903 8A01FF".replace(' ', "")).unwrap();
    assert_eq!(
        AdminSessionTrigger::decode(&t),
        Err(TriggerError::Utf8(0x8A))
    );
}
