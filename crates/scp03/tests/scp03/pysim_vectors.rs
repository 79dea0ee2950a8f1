//! Known answers: the nine SCP03 sessions of osmocom pySim's
//! `tests/unittests/test_globalplatform.py` (AES-128/192/256, each at security levels `03`,
//! `11`, `33`, S8 mode), replayed on the host side and, with the same challenges, on the
//! card side (GP Amendment D 6.2, 7.1).

use scp03::card::{CardChallenge, CardKeySet, initialize_update};
use scp03::host::HostHandshake;
use scp03::security::{IParameter, SecurityLevel};

use crate::support::{h, keys};

struct Vector {
    key_len: usize,
    init_upd_cmd: &'static str,
    init_upd_rsp: &'static str,
    ext_auth_cmd: &'static str,
    get_eid_cmd: &'static str,
    get_eid_rsp: &'static str,
    cases: [&'static str; 4],
}

const GET_EID_PLAIN: &str = "80E2910006BF3E035C015A00";
const GET_EID_RSP_PLAIN: &str = "bf3e125a1089882119900000000000000000000005";
const CASES_PLAIN: [&str; 4] = [
    "80F22002",
    "80ca006600",
    "80F220020a4f0212345c054f9f70c5",
    "80f28002024f0000",
];

const VECTORS: [Vector; 9] = [
    Vector {
        key_len: 16,
        init_upd_cmd: "8050300008b13e5f938fc108c400",
        init_upd_rsp: "000000000000000000003003703eb51047495b249f66c484c1d2ef1948000002",
        ext_auth_cmd: "84821100107d5f5826a993ebc89eea24957fa0b3ce",
        get_eid_cmd: "84e291000ebf3e035c015a558d036518a2829700",
        get_eid_rsp: "bf3e125a1089882119900000000000000000000005971be68992dbbdfa",
        cases: [
            "84f220020863a63f8959827fb2",
            "84ca006608a0c6a4a74166f7ce00",
            "84f22002124f0212345c054f9f70c52249b50272656536",
            "84f280020a4f00e91443f6dce6b8ed00",
        ],
    },
    Vector {
        key_len: 16,
        init_upd_cmd: "80503000088e1552d0513c60f300",
        init_upd_rsp: "0000000000000000000030037030760cd2c47c1dd395065fe5ead8a9d7000001",
        ext_auth_cmd: "8482030010fd4721a14d9b07003c451d2f8ae6bb21",
        get_eid_cmd: "84e2910018ca9c00f6713d79bc8baa642bdff51c3f6a4082d3bd9ad26c00",
        get_eid_rsp: GET_EID_RSP_PLAIN,
        cases: [
            "84f2200208c9811b11f1264cf1",
            "84ca006608e10ab60b3054798800",
            "84f22002184e2908bdb48b2315a55482e9e936ca122d6ecfae7d17416e",
            "84f28002180dd10a6b6193e5340b9e77d32d5a179cd710ac2773aefb2800",
        ],
    },
    Vector {
        key_len: 16,
        init_upd_cmd: "8050300008fdf38259a1e0de4400",
        init_upd_rsp: "000000000000000000003003703b1aca81e821f219081cdc01c26b372d000003",
        ext_auth_cmd: "84823300108c36f96bcc00724a4e13ad591d7da3f0",
        get_eid_cmd: "84e2910018267a85dfe4a98fca6fb0527e0dfecce4914e40401433c87f00",
        get_eid_rsp: "f3ba2b1013aa6224f5e1c138d71805c569e5439b47576260b75fc021b25097cb2e68f8a0144975b9",
        cases: [
            "84f2200208ac6a59024bed84cc",
            "84ca006608409912ad8fb7aed000",
            "84f22002185f3dafc3ac14c381536a488bf44e06d056df9d74dbd21e5a",
            "84f280021865165105be3373347d0424d4400af2ac393f569ec779389e00",
        ],
    },
    Vector {
        key_len: 24,
        init_upd_cmd: "80503100089b3f2eef0e8c937400",
        init_upd_rsp: "00000000000000000000310370f6bb305a15bae1a68f79fb08212fbed7000002",
        ext_auth_cmd: "84823300109100bc22d58b45b86a26365ce39ff3cf",
        get_eid_cmd: "84e29100188f7f946c84f70d17994bc6e8791251bb1bb1bf02cf8de58900",
        get_eid_rsp: "c05176c1b6f72aae50c32cbee63b0e95998928fd4dfb2be9f27ffde8c8476f5909b4805cc4039599",
        cases: [
            "84f2200208d5d97754b6b3d2ba",
            "84ca006608516c82b8e30adbeb00",
            "84f2200218cc247f4761e6944277a4e0d6e32e44025b1e31537e2fc668",
            "84f2800218ba22b63d509bef5d093b43e5eaed03ed23144ab2d9cb51de00",
        ],
    },
    Vector {
        key_len: 32,
        init_upd_cmd: "805032000897b2055fe58599fd00",
        init_upd_rsp: "00000000000000000000320370a8439a22cedf045fa9f1903b2834f26e000002",
        ext_auth_cmd: "8482330010508a0fd959d2e547c6b33154a6be2057",
        get_eid_cmd: "84e29100187a5ef717eaf1e135ae92fe54429d0e465decda65f5fe5aea00",
        get_eid_rsp: "ea90dbfa648a67c5eb6abc57f8530b97d0cd5647c5e8732016b55203b078dd2ace7f8bc5d1c1cd99",
        cases: [
            "84f2200208bcc5c17275545d93",
            "84ca00660804806aba9d543bb600",
            "84f2200218717222491556ec81a45f49ce48be33320024801a1c4cb0e0",
            "84f2800218561f105bccd3a1642904b251ccc1228beb80a82370a8637000",
        ],
    },
    Vector {
        key_len: 24,
        init_upd_cmd: "80503100087396430b768b085b00",
        init_upd_rsp: "000000000000000000003103708cfc23522ffdbf1e5df5542cac8fd866000003",
        ext_auth_cmd: "84821100102145ed30b146f5db252fb7e624cec244",
        get_eid_cmd: "84e291000ebf3e035c015aff42cf801d14394400",
        get_eid_rsp: "bf3e125a1089882119900000000000000000000005162fbd33e04940a9",
        cases: [
            "84f22002084584e4f6784811ee",
            "84ca006608937776ebe190fa3000",
            "84f22002124f0212345c054f9f70c59a52bddf3040368c",
            "84f280020a4f009804b11411f7393d00",
        ],
    },
    Vector {
        key_len: 24,
        init_upd_cmd: "805031000869c65da8202bf19f00",
        init_upd_rsp: "00000000000000000000310370b570a67be38446717729d6dd3d2ec5b1000001",
        ext_auth_cmd: "848203001065df4f1a356a887905466516d9e5b7c1",
        get_eid_cmd: "84e2910018d2c6fb477c5d4afe4fd4d21f17eff10d3578ec1774a12a2d00",
        get_eid_rsp: GET_EID_RSP_PLAIN,
        cases: [
            "84f2200208964e188f0b1bb697",
            "84ca006608f0820035a41d3e1800",
            "84f220021806b076ed452cd1fa84f77f5c08a146aa77a9286757dea791",
            "84f2800218d06527e39222dce091fabdb8e9b898417a67a6852d3577db00",
        ],
    },
    Vector {
        key_len: 32,
        init_upd_cmd: "805032000811666d57866c6f5400",
        init_upd_rsp: "0000000000000000000032037053ea8847efa7674e41498a4d66cf0dee000003",
        ext_auth_cmd: "84821100102f2ad190eff2fafc4908996d1cebd310",
        get_eid_cmd: "84e291000ebf3e035c015af4b680372542b59d00",
        get_eid_rsp: "bf3e125a10898821199000000000000000000000058012dd7f01f1c4c1",
        cases: [
            "84f2200208d618b7da68d5fe52",
            "84ca0066088f3e055db23ad5e500",
            "84f22002124f0212345c054f9f70c5b6e15cc42404915e",
            "84f280020a4f00aa124aa74afe7f7500",
        ],
    },
    Vector {
        key_len: 32,
        init_upd_cmd: "8050320008c6066990fc426e1d00",
        init_upd_rsp: "000000000000000000003203708682cd81bbd8919f2de3f2664581f118000001",
        ext_auth_cmd: "848203001077c493b632edadaf865a1e64acc07ce9",
        get_eid_cmd: "84e29100183ddaa60594963befaada3525b492ede23c2ab2c1ce3afe4400",
        get_eid_rsp: GET_EID_RSP_PLAIN,
        cases: [
            "84f2200208480ddc8e419da38d",
            "84ca0066083e9d6a6c0b2d732000",
            "84f22002183ebfef2da8b04af2a85f491f299b76973df76ff08a4031be",
            "84f2800218783fff80990f5585b1055010ea95094a26e4a8f1ef4b18e100",
        ],
    },
];

/// Amd D 6.2.1–6.2.7 on the host: the APDUs pySim's card accepted, octet for octet.
#[test]
fn host_side_reproduces_pysim_sessions() {
    for v in &VECTORS {
        let iu = h(v.init_upd_cmd);
        let host = HostHandshake::new(keys(v.key_len), iu[2], &iu[5..13]).unwrap();
        assert_eq!(host.initialize_update_apdu(), iu);
        let auth = host.receive(&h(v.init_upd_rsp)).unwrap();
        let level = SecurityLevel::from_byte(h(v.ext_auth_cmd)[2]).unwrap();
        let (ext_auth, mut session) = auth.external_authenticate(level).unwrap();
        assert_eq!(hex::encode(ext_auth), v.ext_auth_cmd);
        assert_eq!(
            hex::encode(session.wrap_command(&h(GET_EID_PLAIN)).unwrap()),
            v.get_eid_cmd
        );
        let eid = session.unwrap_response(&h(v.get_eid_rsp), 0x9000).unwrap();
        assert_eq!(hex::encode(eid), GET_EID_RSP_PLAIN);
        for (plain, wrapped) in CASES_PLAIN.iter().zip(v.cases) {
            assert_eq!(
                hex::encode(session.wrap_command(&h(plain)).unwrap()),
                wrapped
            );
        }
    }
}

/// A tampered card cryptogram is refused (Amd D 6.2.2.2).
#[test]
fn host_refuses_a_wrong_card_cryptogram() {
    let v = &VECTORS[0];
    let iu = h(v.init_upd_cmd);
    let host = HostHandshake::new(keys(16), iu[2], &iu[5..13]).unwrap();
    let mut rsp = h(v.init_upd_rsp);
    rsp[25] ^= 0x01;
    assert_eq!(
        host.receive(&rsp).unwrap_err(),
        scp03::Scp03Error::CardCryptogram
    );
}

/// The card side accepts pySim's EXTERNAL AUTHENTICATE and commands for the same
/// challenges, and its response to GET DATA (EID) is the one pySim unwrapped.
#[test]
fn card_side_accepts_pysim_sessions() {
    for v in &VECTORS {
        let rsp = h(v.init_upd_rsp);
        let key_set = CardKeySet {
            kvn: rsp[10],
            keys: keys(v.key_len),
            i: IParameter(0x60),
            diversification: [0; 10],
        };
        let challenge = CardChallenge::Random(rsp[13..21].to_vec());
        let (data, auth) = initialize_update(&key_set, &h(v.init_upd_cmd), challenge).unwrap();
        assert_eq!(data[21..29], rsp[21..29], "card cryptogram");
        let mut session = auth.external_authenticate(&h(v.ext_auth_cmd)).unwrap();
        let get_eid = session.unwrap_command(&h(v.get_eid_cmd)).unwrap();
        assert_eq!(
            hex::encode(get_eid.encode().unwrap()),
            GET_EID_PLAIN.to_lowercase()
        );
        let response = session
            .wrap_response(&h(GET_EID_RSP_PLAIN), 0x9000)
            .unwrap();
        assert_eq!(hex::encode(&response[..response.len() - 2]), v.get_eid_rsp);
        for (plain, wrapped) in CASES_PLAIN.iter().zip(v.cases) {
            let c = session.unwrap_command(&h(wrapped)).unwrap();
            assert_eq!(c.encode().unwrap(), h(plain));
        }
    }
}
