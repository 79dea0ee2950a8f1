//! Malformed input to the M2M eUICC never panics: random ISD-R commands (as in a remote
//! script), random ENVELOPE data, random GP Amendment E certificates.

use certs::gp::GpCertificate;
use proptest::prelude::*;

use crate::m2m_common::fleet_euicc;

/// An ISD-R command with an instruction and P1 P2 it knows, and a body of random DGIs or
/// TLVs.
fn isdr_apdu() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(vec![0xE6u8, 0xE2, 0xE4, 0xF2, 0xCA]),
        prop::sample::select(vec![0x00u8, 0x0C, 0x40, 0x88, 0x89, 0x09, 0xFF]),
        prop::sample::select(vec![0x00u8, 0x01, 0x02, 0x21, 0x80]),
        prop::sample::select(vec![0x3Au8, 0x4F, 0xF2, 0x10, 0x7F]),
        prop::collection::vec(any::<u8>(), 0..250),
    )
        .prop_map(|(ins, p1, p2, lead, mut body)| {
            body.insert(0, lead);
            let mut apdu = vec![0x80, ins, p1, p2, body.len() as u8];
            apdu.extend(body);
            apdu
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn sgp02_isdr_commands_never_panic(apdus in prop::collection::vec(isdr_apdu(), 1..6)) {
        let mut e = fleet_euicc();
        for apdu in apdus {
            let r = e.process_isdr_apdu(&apdu);
            prop_assert!(r.len() >= 2);
        }
    }

    #[test]
    fn ts31_111_random_envelopes_never_panic(
        tag in prop::sample::select(vec![0xD1u8, 0xD6, 0x00]),
        body in prop::collection::vec(any::<u8>(), 0..250),
    ) {
        let mut e = fleet_euicc();
        let mut data = vec![tag, body.len().min(0x7F) as u8];
        data.extend(body);
        let answer = e.process_m2m_envelope(&data);
        prop_assert!(answer.proactive.len() <= 8);
    }

    #[test]
    fn sgp02_4_1_3_3_random_scp03t_tlvs_to_an_isdp_never_panic(
        tag in prop::sample::select(vec![0x84u8, 0x85, 0x86]),
        body in prop::collection::vec(any::<u8>(), 0..300),
        long in any::<bool>(),
    ) {
        let mut e = fleet_euicc();
        let mut data = vec![tag];
        if long {
            data.extend([0x82, (body.len() >> 8) as u8, body.len() as u8]);
        } else {
            data.push(body.len().min(0x7F) as u8);
        }
        data.extend(body);
        let answer = e.run_isdp_script([0x00, 0x00, 0x10], &data).unwrap();
        // the preloaded ISD-P has no SCP03 key set: every command is refused
        prop_assert_eq!(&answer[..2], &[0x9F, tag]);
    }

    #[test]
    fn gp_amd_e_random_certificates_never_panic(
        body in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut cert = vec![0x7F, 0x21, 0x82, (body.len() >> 8) as u8, body.len() as u8];
        cert.extend(body);
        let _ = GpCertificate::decode(&cert);
    }
}
