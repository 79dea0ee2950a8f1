//! SGP.02 4.1.3 (ES8) on the ISD-P: an ISD-P the ISD-R created gets its SCP03 key set from
//! an SM-DP with a CI-signed CERT.DP.ECDSA (EstablishISDPKeySet, GP Amd E Scenario #3), then
//! the profile package in SCP03t segments, and the ISD-R can enable the profile installed.
//! The SM-DP's side is the `scp03` crate's host and key establishment code.

use certs::gp::{GpCertificate, GpCertificateType, public_key_template, tlv};
use euicc_sim::apdu::StatusWord;
use euicc_sim::m2m::aid::{ISDP_LOAD_FILE_AID, ISDP_MODULE_AID, aid_with_tar};
use euicc_sim::m2m::dgi;
use euicc_sim::state::m2m::Pol1;
use euicc_sim::state::m2m::{IsdpLifeCycle, IsdpRecord};
use euicc_sim::{Euicc, EuiccOptions};
use ota::script::{CommandScript, ResponseScript, ResponseTlv, ScriptForm};
use ota::sms::{PacketKind, Reference, split};
use ota::{CommandHeader, Counter, PorStatus, Spi};
use proto::crypto::{PublicKey, SigningKey};
use scp03::host::{HostHandshake, HostSession};
use scp03::key_establishment::{self as ke, Crt, SCENARIO_DR};
use scp03::scp03t::segment::{DEFAULT_SEGMENT_LEN, segments};
use scp03::security::SecurityLevel;
use scp03::session_keys::StaticKeys;
use scp03::{AesKey, Scp03Error, scp03t};

use crate::common::{credentials, foreign_pki, pki, profile};
use crate::m2m_common::ota_sm_sr::{OtaSmSr, device_card, fetch, submitted};
use crate::m2m_common::{BOOTSTRAP, SmSr, ci_signed_certificate, fleet_euicc, preload, setup};

/// The new ISD-P's TAR.
const TAR: [u8; 3] = [0x00, 0x00, 0x20];
/// The ICCID of the downloaded profile.
const ICCID: &str = "8949449999999990056";
/// The SM-DP's one-time ECKA secret (a valid P-256 scalar).
const EPHEMERAL: [u8; 32] = [0x5A; 32];

/// CreateISDP (SGP.02 4.1.1.1) of the ISD-P with TAR `000020` on the fleet eUICC.
fn created() -> (SmSr, Vec<u8>) {
    created_on(fleet_euicc(), &[])
}

/// CreateISDP on `euicc` with `system` (`EF` system specific parameters) after `C9`.
fn created_on(euicc: Euicc, system: &[u8]) -> (SmSr, Vec<u8>) {
    let mut sr = SmSr::new(euicc);
    let aid = aid_with_tar(TAR).to_vec();
    let mut d = vec![0x10];
    d.extend(ISDP_LOAD_FILE_AID);
    d.push(0x10);
    d.extend(ISDP_MODULE_AID);
    d.push(0x10);
    d.extend(&aid);
    d.extend([0x03, 0x80, 0xC0, 0x00, 0x06 + system.len() as u8]);
    d.extend([0xC9, 0x04, 0x81, 0x02, 0x03, 0x70]);
    d.extend(system);
    d.push(0x00);
    assert_eq!(sr.send(0xE6, 0x0C, 0x00, &d).sw, StatusWord::OK);
    (sr, aid)
}

fn euicc(sr: &mut SmSr) -> &mut Euicc {
    sr.card.processor_mut()
}

/// One C-APDU to the ISD-P in a TS 102 226 script: the R-APDU (data, SW).
fn to_isdp(sr: &mut SmSr, apdu: Vec<u8>) -> (Vec<u8>, u16) {
    let script = CommandScript::of_apdus(ScriptForm::Definite, [apdu])
        .encode()
        .unwrap();
    let answer = euicc(sr).run_isdp_script(TAR, &script).expect("the ISD-P");
    let items = ResponseScript::parse(&answer).unwrap().items;
    let Some(ResponseTlv::RApdu(r)) = items.last() else {
        panic!("no R-APDU in {answer:02X?}")
    };
    let (data, sw) = r.split_at(r.len() - 2);
    (data.to_vec(), u16::from_be_bytes([sw[0], sw[1]]))
}

/// STORE DATA of one DGI to the ISD-P.
fn store(sr: &mut SmSr, p1: u8, block: u8, tag: u16, value: &[u8]) -> (Vec<u8>, u16) {
    let mut data = Vec::new();
    dgi::push(&mut data, tag, value);
    let mut apdu = vec![0x80, 0xE2, p1, block, data.len() as u8];
    apdu.extend(data);
    to_isdp(sr, apdu)
}

/// The SM-DP of the test: its signing key and the CRT it asks for.
struct SmDp {
    key: SigningKey,
    crt: Crt,
}

impl SmDp {
    fn new(kvn: u8) -> SmDp {
        SmDp {
            key: SigningKey::generate().unwrap(),
            crt: Crt {
                scenario: 0x08 | SCENARIO_DR,
                key_usage: 0x5C,
                key_id: 0x01,
                kvn,
                initial_counter: Some(vec![0x00, 0x00, 0x05]),
                host_id: None,
            },
        }
    }

    /// Step 1 with CERT.DP.ECDSA issued by `ci_pki`: the random challenge, or the SW.
    fn step1(&self, sr: &mut SmSr, ci_pki: &certs::Pki) -> Result<Vec<u8>, u16> {
        let cert = ci_signed_certificate(ci_pki, &self.key, GpCertificateType::SmDp, b"sm-dp");
        match store(sr, 0x09, 0x00, 0x3A01, &cert) {
            (data, 0x9000) => {
                assert_eq!(&data[..2], [0x85, 0x10]);
                Ok(data[2..].to_vec())
            }
            (_, sw) => Err(sw),
        }
    }

    /// Step 2 over the challenge `rc`: `(85 DR | 86 receipt, SW)`.
    fn step2(&self, sr: &mut SmSr, rc: &[u8]) -> (Vec<u8>, u16) {
        let crt = self.crt.encode().unwrap();
        let epk = PublicKey::from_uncompressed_point(&ke::public_key(&EPHEMERAL).unwrap()).unwrap();
        let epk_tlv = public_key_template(&epk);
        let mut signed = [crt.as_slice(), &epk_tlv, &[0x00, 0x85, 0x10]].concat();
        signed.extend(rc);
        let mut value = [crt, epk_tlv].concat();
        tlv::push(&mut value, 0x5F37, self.key.sign(&signed).unwrap().as_raw());
        store(sr, 0x89, 0x01, 0x3A02, &value)
    }
}

/// PK.ECASD.ECKA from the EIS the SM-SR holds.
fn ecasd_public(sr: &SmSr) -> Vec<u8> {
    let eis = sr.euicc().m2m_eis().unwrap();
    let cert = GpCertificate::decode(&hex::decode(&eis.ecasd.certificate).unwrap()).unwrap();
    cert.body.public_key.as_uncompressed_point().to_vec()
}

/// The SM-DP's ECKA and KDF with the DR the card sent: (receipt key, the SCP03 base key).
fn host_keys(sr: &SmSr, crt: &Crt, dr: &[u8]) -> (AesKey, AesKey) {
    let shs = ke::shared_secret(&EPHEMERAL, &ecasd_public(sr)).unwrap();
    let info = crt.shared_info(Some(dr)).unwrap();
    let (receipt_key, mut keys) = ke::derive_keys(shs.as_slice(), &info, 1).unwrap();
    (receipt_key, keys.remove(0))
}

/// CreateISDP, then both steps: the SM-DP's base key once the receipt checks.
fn keyed() -> (SmSr, Vec<u8>, AesKey) {
    keyed_in(created())
}

/// Both steps on the ISD-P `created` made.
fn keyed_in(created: (SmSr, Vec<u8>)) -> (SmSr, Vec<u8>, AesKey) {
    let (mut sr, aid) = created;
    let dp = SmDp::new(0x30);
    let rc = dp
        .step1(&mut sr, pki())
        .expect("CERT.DP.ECDSA under the CI");
    let (answer, sw) = dp.step2(&mut sr, &rc);
    assert_eq!(sw, 0x9000);
    // 85 10 DR 86 10 receipt
    assert_eq!((answer.len(), answer[0], answer[18]), (36, 0x85, 0x86));
    let (receipt_key, base) = host_keys(&sr, &dp.crt, &answer[2..18]);
    let crt = dp.crt.encode().unwrap();
    ke::verify_receipt(&receipt_key, &crt, Some(&answer[2..18]), &answer[20..]).expect("receipt");
    (sr, aid, base)
}

/// Sends SCP03t TLVs to the ISD-P: its answer.
fn scp03t(sr: &mut SmSr, tlvs: &[u8]) -> Vec<u8> {
    euicc(sr).run_isdp_script(TAR, tlvs).expect("the ISD-P")
}

/// INITIALIZE UPDATE and EXTERNAL AUTHENTICATE with KVN 30 and `base`.
fn handshake(sr: &mut SmSr, base: &AesKey) -> HostSession {
    let hs = HostHandshake::new(StaticKeys::single(base.clone()), 0x30, &[0x11; 8]).unwrap();
    let answer = scp03t(sr, &scp03t::host::initialize_update(&hs, 0x01).unwrap());
    let auth = scp03t::host::receive_initialize_update(hs, &answer).expect("card cryptogram");
    let (command, mut session) =
        scp03t::host::external_authenticate(auth, SecurityLevel::FULL).unwrap();
    let answer = scp03t(sr, &command);
    session
        .receive_external_authenticate(&answer)
        .expect("R-MAC");
    session
}

/// The card's record of the ISD-P `aid`.
fn record(sr: &SmSr, aid: &[u8]) -> IsdpRecord {
    let m2m = sr.euicc().state().m2m.as_ref().unwrap();
    m2m.isdp(aid).cloned().unwrap()
}

fn life_cycle(sr: &SmSr, aid: &[u8]) -> IsdpLifeCycle {
    record(sr, aid).life_cycle
}

/// Sends `parts` as segments, each answered with an empty `86` whose R-MAC checks.
fn send_segments(sr: &mut SmSr, session: &mut HostSession, parts: &[&[u8]]) {
    for (n, part) in parts.iter().enumerate() {
        let answer = scp03t(sr, &session.seal_segment(part).unwrap());
        let data = session.open_segment_response(&answer).expect("R-MAC");
        assert!(data.is_empty(), "segment {n}");
    }
}

#[test]
fn sgp02_4_1_3_download_into_a_new_isdp_then_enable_it() {
    let (mut sr, aid, base) = keyed();
    let before = record(&sr, &aid);
    assert_eq!(before.life_cycle, IsdpLifeCycle::Personalized);
    assert_eq!(before.scp03.len(), 1);
    assert_eq!(
        (before.scp03[0].kvn, before.scp03[0].sequence_counter),
        (0x30, 5)
    );
    let mut session = handshake(&mut sr, &base);
    let package = profile(ICCID);
    let parts = segments(&package, DEFAULT_SEGMENT_LEN).unwrap();
    assert!(parts.len() > 5, "{} segments", parts.len());
    send_segments(&mut sr, &mut session, &parts);
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Disabled);
    let state = sr.euicc().state();
    let installed = state.profile_by_iccid(ICCID).expect("installed");
    assert_eq!(installed.isdp_aid, aid);
    let counter = record(&sr, &aid).scp03[0].sequence_counter;
    assert_eq!(counter, 6, "one INITIALIZE UPDATE");
    assert_eq!(sr.store_aid(0x3A03, &aid).sw, StatusWord::OK);
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Enabled);
}

#[test]
fn sgp02_4_1_3_1_the_stored_key_is_the_one_the_sm_dp_derived() {
    let (sr, aid, base) = keyed();
    let record = record(&sr, &aid);
    assert_eq!(record.scp03[0].key, base.as_bytes());
}

#[test]
fn gp_amd_e_a_cert_dp_ecdsa_not_under_the_ci_is_6982() {
    let (mut sr, aid) = created();
    let dp = SmDp::new(0x30);
    assert_eq!(dp.step1(&mut sr, foreign_pki()), Err(0x6982));
    // step 2 has no challenge to answer
    assert_eq!(dp.step2(&mut sr, &[0; 16]).1, 0x6985);
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Selectable);
}

#[test]
fn gp_amd_e_a_receipt_from_other_keys_does_not_verify() {
    let (mut sr, _) = created();
    let dp = SmDp::new(0x31);
    let rc = dp.step1(&mut sr, pki()).unwrap();
    let (answer, sw) = dp.step2(&mut sr, &rc);
    assert_eq!(sw, 0x9000);
    let crt = dp.crt.encode().unwrap();
    // SharedInfo without the card's DR: other keys, a receipt that fails
    let (wrong, _) = host_keys(
        &sr,
        &Crt {
            scenario: 0x08,
            ..dp.crt.clone()
        },
        &[],
    );
    assert_eq!(
        ke::verify_receipt(&wrong, &crt, Some(&answer[2..18]), &answer[20..]),
        Err(Scp03Error::Mac)
    );
    let mut tampered = answer[20..].to_vec();
    tampered[0] ^= 1;
    let (right, _) = host_keys(&sr, &dp.crt, &answer[2..18]);
    assert_eq!(
        ke::verify_receipt(&right, &crt, Some(&answer[2..18]), &tampered),
        Err(Scp03Error::Mac)
    );
}

#[test]
fn gp_amd_e_a_signature_over_another_challenge_is_6982_and_kvn_outside_scp03_6a80() {
    let (mut sr, aid) = created();
    let dp = SmDp::new(0x30);
    dp.step1(&mut sr, pki()).unwrap();
    assert_eq!(dp.step2(&mut sr, &[0; 16]).1, 0x6982);
    let scp80 = SmDp::new(0x02);
    let rc = scp80.step1(&mut sr, pki()).unwrap();
    assert_eq!(scp80.step2(&mut sr, &rc).1, 0x6A80);
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Selectable);
}

#[test]
fn sgp02_4_1_3_3_a_tampered_segment_ends_the_session_and_installs_nothing() {
    let (mut sr, aid, base) = keyed();
    let mut session = handshake(&mut sr, &base);
    let package = profile(ICCID);
    let parts = segments(&package, DEFAULT_SEGMENT_LEN).unwrap();
    send_segments(&mut sr, &mut session, &parts[..1]);
    let mut tampered = session.seal_segment(parts[1]).unwrap();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x01;
    assert_eq!(scp03t(&mut sr, &tampered), [0x9F, 0x86, 0x02, 0x69, 0x82]);
    // the session is over: the genuine segment is refused too
    let again = session.seal_segment(parts[1]).unwrap();
    assert_eq!(scp03t(&mut sr, &again), [0x9F, 0x86, 0x02, 0x69, 0x85]);
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Personalized);
    assert!(sr.euicc().state().profile_by_iccid(ICCID).is_none());
}

#[test]
fn sgp02_4_1_3_3_a_replayed_segment_fails_its_mac_and_ends_the_session() {
    // The C-MAC chains over every segment (GP Amd D 6.2.4): the same bytes sent again no
    // longer verify, and nothing is installed from what came before.
    let (mut sr, aid, base) = keyed();
    let mut session = handshake(&mut sr, &base);
    let package = profile(ICCID);
    let parts = segments(&package, DEFAULT_SEGMENT_LEN).unwrap();
    let first = session.seal_segment(parts[0]).unwrap();
    let answer = scp03t(&mut sr, &first);
    assert!(session.open_segment_response(&answer).unwrap().is_empty());
    assert_eq!(scp03t(&mut sr, &first), [0x9F, 0x86, 0x02, 0x69, 0x82]);
    let next = session.seal_segment(parts[1]).unwrap();
    assert_eq!(scp03t(&mut sr, &next), [0x9F, 0x86, 0x02, 0x69, 0x85]);
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Personalized);
    assert!(sr.euicc().state().profile_by_iccid(ICCID).is_none());
}

#[test]
fn sgp02_4_1_3_3_a_truncated_segment_is_refused_and_installs_nothing() {
    let (mut sr, aid, base) = keyed();
    let mut session = handshake(&mut sr, &base);
    let package = profile(ICCID);
    let parts = segments(&package, DEFAULT_SEGMENT_LEN).unwrap();
    let sealed = session.seal_segment(parts[0]).unwrap();
    // Cut inside its MAC, and cut inside its header: neither is a whole segment.
    for cut in [sealed.len() - 4, 1] {
        // ISO 7816-4: wrong data, answered in the response TLV (SGP.02 4.1.3.3).
        let answer = scp03t(&mut sr, &sealed[..cut]);
        assert_eq!(answer, [0x9F, 0x86, 0x02, 0x6A, 0x80], "cut at {cut}");
    }
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Personalized);
    assert!(sr.euicc().state().profile_by_iccid(ICCID).is_none());
}

#[test]
fn sgp02_4_1_3_3_a_segment_without_a_session_is_6985() {
    let (mut sr, aid, _) = keyed();
    let fake = [&[0x86, 0x10][..], &[0xAB; 16]].concat();
    assert_eq!(scp03t(&mut sr, &fake), [0x9F, 0x86, 0x02, 0x69, 0x85]);
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Personalized);
}

/// INITIALIZE UPDATE with a key the ISD-P does not hold, for `kvn`: the handshake and the
/// card's answer.
fn initialize_with_wrong_key(sr: &mut SmSr, kvn: u8) -> (HostHandshake, Vec<u8>) {
    let key = AesKey::new(&[0x42; 16]).unwrap();
    let hs = HostHandshake::new(StaticKeys::single(key), kvn, &[0x11; 8]).unwrap();
    let answer = scp03t(sr, &scp03t::host::initialize_update(&hs, 0x01).unwrap());
    (hs, answer)
}

#[test]
fn sgp02_4_1_3_3_a_wrong_key_fails_the_card_cryptogram_and_an_unknown_kvn_is_6a88() {
    let (mut sr, _, _) = keyed();
    let (hs, answer) = initialize_with_wrong_key(&mut sr, 0x30);
    assert_eq!(
        scp03t::host::receive_initialize_update(hs, &answer).err(),
        Some(Scp03Error::CardCryptogram)
    );
    let (_, answer) = initialize_with_wrong_key(&mut sr, 0x3F);
    assert_eq!(answer, [0x9F, 0x84, 0x02, 0x6A, 0x88]);
}

#[test]
fn sgp02_2_4_3_scp03t_reaches_the_isdp_in_a_secured_sms_to_its_tar() {
    let (sr, _, base) = keyed();
    let mut card = device_card(sr.card.into_processor());
    let ota = OtaSmSr::for_card(card.processor());
    let hs = HostHandshake::new(StaticKeys::single(base), 0x30, &[0x33; 8]).unwrap();
    let tlv = scp03t::host::initialize_update(&hs, 0x01).unwrap();
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &ota.keys, TAR);
    let counter = Counter::new(ota.counter + 1).unwrap();
    let packet = ota::secure(&header, counter, &ota.keys, &tlv).unwrap();
    let ud = split(PacketKind::Command, &packet, Reference::Bits8(9), 8).unwrap();
    let r = card.process(&OtaSmSr::envelope(ud[0].clone()));
    let submit = submitted(&fetch(&mut card, r.sw));
    let por = ota::open_por(&submit.user_data, &header, counter, &ota.keys).expect("PoR");
    assert_eq!(por.status, PorStatus::Ok);
    // the PoR carries the 84 response, whose card cryptogram the SM-DP checks
    assert_eq!(por.data[0], 0x84);
    scp03t::host::receive_initialize_update(hs, &por.data).expect("card cryptogram");
}

#[test]
fn ts102_226_a_package_over_the_isdp_memory_quota_is_6a84_and_not_installed() {
    // EF { C8 02 0800 }: 2048 octets of non-volatile memory
    let (mut sr, aid, base) = keyed_in(created_on(
        fleet_euicc(),
        &[0xEF, 0x04, 0xC8, 0x02, 0x08, 0x00],
    ));
    let mut session = handshake(&mut sr, &base);
    let package = profile(ICCID);
    let parts = segments(&package, DEFAULT_SEGMENT_LEN).unwrap();
    for part in &parts[..4] {
        let answer = scp03t(&mut sr, &session.seal_segment(part).unwrap());
        session
            .open_segment_response(&answer)
            .expect("within the quota");
    }
    let answer = scp03t(&mut sr, &session.seal_segment(parts[4]).unwrap());
    assert_eq!(answer, [0x9F, 0x86, 0x02, 0x6A, 0x84]);
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Personalized);
    assert!(sr.euicc().state().profile_by_iccid(ICCID).is_none());
}

#[test]
fn sgp02_4_1_3_1_the_isdp_key_set_survives_reopening_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m2m.json");
    let mut e = Euicc::create_m2m(&path, credentials(), EuiccOptions::default(), setup()).unwrap();
    preload(&mut e, BOOTSTRAP, true, true, Pol1::default());
    let (sr, aid, base) = keyed_in(created_on(e, &[]));
    let before = record(&sr, &aid);
    drop(sr);
    let mut sr = SmSr::new(Euicc::open(&path).unwrap());
    assert_eq!(record(&sr, &aid), before);
    let mut session = handshake(&mut sr, &base);
    send_segments(
        &mut sr,
        &mut session,
        &segments(&profile(ICCID), 1024).unwrap(),
    );
    assert_eq!(life_cycle(&sr, &aid), IsdpLifeCycle::Disabled);
}
