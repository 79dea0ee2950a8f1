//! Shared fixtures: an EIS as an EUM registers it, addressing of a test request.

use proto::ids::{Eid, Iccid};
use soap::eis::{
    Certificate, Eis, EuiccCapabilities, EumSignedInfo, Key, KeyComponent, KeySet, KeySetType,
    Pol2, Pol2Action, Pol2Qualification, Pol2Rule, Pol2Subject, ProfileInfo, ProfileState,
    SecurityDomain, SecurityDomainRole, SubscriptionAddress,
};
use soap::envelope::Addressing;
use soap::message::Hex;

/// The EID of the fixtures (MOD 97-10 valid).
pub(crate) fn eid() -> Eid {
    Eid::from_prefix("890490320010011234567890123456").expect("30-digit prefix")
}

/// The ICCID of the fixtures' profile.
pub(crate) fn iccid() -> Iccid {
    Iccid::from_payload("898820000000000001").expect("18-digit payload")
}

/// The SM-SR endpoint the test requests go to.
pub(crate) const SMSR_ES4: &str = "https://smsr.lab.example/es4";

/// Request addressing from an operator (the action comes from the operation).
pub(crate) fn request_addressing() -> Addressing {
    Addressing::request(
        SMSR_ES4,
        "urn:rsp-lab:mno:1",
        "urn:uuid:6f2b1c1e-0000-4000-8000-000000000001",
    )
}

fn hex(s: &str) -> Hex {
    Hex(hex::decode(s).expect("hex literal"))
}

fn key_set(version: &str, key_set_type: KeySetType) -> KeySet {
    KeySet {
        version: version.to_owned(),
        key_set_type,
        counter: 5,
        keys: vec![Key {
            index: 1,
            components: vec![KeyComponent {
                component_type: "88".to_owned(),
                value: "404142434445464748494A4B4C4D4E4F".to_owned(),
            }],
        }],
        certificates: vec![],
    }
}

/// One profile, enabled, with POL2 forbidding its deletion.
pub(crate) fn profile() -> ProfileInfo {
    ProfileInfo {
        iccid: iccid(),
        isd_p_aid: hex("A0000005591010FFFFFFFF8900001000"),
        mno_id: Some("mno-1".to_owned()),
        fallback_attribute: true,
        subscription_address: Some(SubscriptionAddress {
            imsi: Some("001010000000001".to_owned()),
            msisdn: Some("491700000001".to_owned()),
        }),
        state: ProfileState::Enabled,
        smdp_id: Some("smdp-1".to_owned()),
        profile_type: Some("m2m-default".to_owned()),
        allocated_memory: Some(65536),
        free_memory: Some(1024),
        pol2: Some(Pol2 {
            rules: vec![Pol2Rule {
                subject: Pol2Subject::Profile,
                action: Pol2Action::Delete,
                qualification: Pol2Qualification::NotAllowed,
            }],
        }),
    }
}

/// A full EIS: ECASD with a certificate, ISD-R with SCP80 and SCP81 key sets, one profile.
pub(crate) fn eis() -> Eis {
    let mut ecasd_keys = key_set("73", KeySetType::Ca);
    ecasd_keys.certificates.push(Certificate {
        index: 1,
        ca_id: Some("ci-1".to_owned()),
        value: hex("7F2181B93F"),
    });
    Eis {
        eum_signed_info: EumSignedInfo {
            eid: eid(),
            eum_id: "eum-1".to_owned(),
            production_date: "2026-01-02T03:04:05Z".to_owned(),
            platform_type: "lab-platform".to_owned(),
            platform_version: "1.0".to_owned(),
            isd_p_load_file_aid: hex("A0000005591010FFFFFFFF8900000D00"),
            isd_p_module_aid: hex("A0000005591010FFFFFFFF8900000E00"),
            ecasd: SecurityDomain {
                aid: hex("A0000005591010FFFFFFFF8900000200"),
                tar: None,
                sin: None,
                sdin: None,
                role: Some(SecurityDomainRole::Ecasd),
                key_sets: vec![ecasd_keys],
            },
            euicc_capabilities: EuiccCapabilities {
                cattp_support: false,
                cattp_version: None,
                http_support: true,
                http_version: Some("1.1".to_owned()),
                secure_packet_version: Some("13.0.0".to_owned()),
                remote_provisioning_version: Some("4.2.0".to_owned()),
            },
        },
        signature: None,
        remaining_memory: 400_000,
        available_memory_for_profiles: 300_000,
        last_audit_date: None,
        smsr_id: Some("smsr-1".to_owned()),
        eum_certificate_id: None,
        profiles: vec![profile()],
        isd_r: Some(SecurityDomain {
            aid: hex("A0000005591010FFFFFFFF8900000100"),
            tar: Some(hex("000001")),
            sin: Some(hex("0102")),
            sdin: Some(hex("0304")),
            role: Some(SecurityDomainRole::IsdR),
            key_sets: vec![
                key_set("01", KeySetType::Scp80),
                key_set("40", KeySetType::Scp81),
            ],
        }),
        additional_properties: None,
    }
}

/// Encodes `msg` in an envelope, writes it, reads it back and decodes it: the decoded
/// message must equal `msg`. Returns the wire text.
pub(crate) fn round_trip<T: PartialEq + std::fmt::Debug>(
    msg: &T,
    encode: impl Fn(&T, Addressing) -> soap::envelope::Envelope,
    decode: impl Fn(&soap::envelope::Envelope) -> Result<T, soap::message::MessageError>,
) -> String {
    let wire = encode(msg, request_addressing()).encode();
    let env = soap::envelope::Envelope::decode(wire.as_bytes()).expect("own envelope");
    let back = decode(&env).unwrap_or_else(|e| panic!("own message refused: {e}\n{wire}"));
    assert_eq!(&back, msg, "{wire}");
    wire
}
