//! SGP.02 4.1.3 (ES8) driven by the SM-DP's engine ([`sm_dp::sgp02::es8::Download`]) against
//! the software M2M eUICC in process: each step's bytes run on the ISD-P as the SM-SR would
//! relay them (ES3.SendData to its TAR), each answer fed back, until the profile is in the
//! ISD-P and the ISD-R can enable it. The lab PKI gives CERT.DP.ECDSA and the EUM.

use certs::{CertRole, LabPkiOptions, Pki};
use euicc_sim::m2m::aid::{ISDP_LOAD_FILE_AID, ISDP_MODULE_AID, aid_with_tar};
use euicc_sim::m2m::{M2mSetup, dgi};
use euicc_sim::state::m2m::IsdpLifeCycle;
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use ota::script::{CommandScript, ScriptForm};
use proto::saip::{Personalization, minimal_profile};
use sm_dp::sgp02::es8::{Download, DownloadError, DownloadPlan, Step};

/// The new ISD-P's TAR.
const TAR: [u8; 3] = [0x00, 0x00, 0x20];
const ICCID: &str = "8949449999999990056";

fn pki() -> &'static Pki {
    static PKI: std::sync::OnceLock<Pki> = std::sync::OnceLock::new();
    PKI.get_or_init(|| certs::generate(&LabPkiOptions::default()).expect("lab PKI"))
}

/// A software M2M eUICC of the lab PKI whose ISD-R created the ISD-P of [`TAR`]
/// (CreateISDP, SGP.02 4.1.1.1); its ECASD certificate.
fn card_with_isdp() -> (Euicc, Vec<u8>) {
    let creds = Credentials::from_pki(pki()).unwrap();
    let (_, eum) = pki().require_key(CertRole::Eum).unwrap();
    let setup = M2mSetup::generate(creds.eid().as_str(), eum).unwrap();
    let ecasd = setup.ecasd_certificate.clone();
    let mut euicc = Euicc::in_memory_m2m(creds, EuiccOptions::default(), setup).unwrap();
    let mut d = vec![0x10];
    d.extend(ISDP_LOAD_FILE_AID);
    d.push(0x10);
    d.extend(ISDP_MODULE_AID);
    d.push(0x10);
    d.extend(aid_with_tar(TAR));
    d.extend([
        0x03, 0x80, 0xC0, 0x00, 0x06, 0xC9, 0x04, 0x81, 0x02, 0x03, 0x70, 0x00,
    ]);
    let mut install = vec![0x80, 0xE6, 0x0C, 0x00, d.len() as u8];
    install.extend(d);
    let answer = euicc.run_isdr_script(&script(install));
    assert!(hex::encode_upper(&answer).ends_with("9000"), "CreateISDP");
    (euicc, ecasd)
}

fn script(apdu: Vec<u8>) -> Vec<u8> {
    CommandScript::of_apdus(ScriptForm::Definite, [apdu])
        .encode()
        .unwrap()
}

fn plan(ecasd: Vec<u8>) -> DownloadPlan {
    let (dp, key) = pki().require_dp_ecdsa().unwrap();
    let eum = &pki().require(CertRole::Eum).unwrap().cert_der;
    let cis = pki().ci_anchors().unwrap();
    let eum_key = certs::verify_eum_cert(&cis, eum, None).unwrap().public_key;
    let package = minimal_profile(&Personalization {
        iccid: ICCID.into(),
        imsi: "001010000000056".into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    })
    .unwrap()
    .to_der();
    DownloadPlan {
        isd_p_aid: aid_with_tar(TAR).to_vec(),
        ecasd_certificate: ecasd,
        eum_keys: vec![eum_key],
        dp_certificate: dp.certificate.to_bytes(),
        dp_key: key.clone(),
        kvn: 0x30,
        package,
        segment_len: 100,
    }
}

/// Runs steps until `Done` or the first error, changing each answer with `alter` (by step
/// number); the steps sent.
fn run(
    d: &mut Download,
    euicc: &mut Euicc,
    alter: impl Fn(usize, &mut Vec<u8>),
) -> Result<usize, DownloadError> {
    for n in 0.. {
        match d.step()? {
            Step::Done => return Ok(n),
            Step::SendData { sd_aid, data } => {
                assert_eq!(sd_aid, aid_with_tar(TAR), "every step goes to the ISD-P");
                let mut answer = euicc.run_isdp_script(TAR, &data).expect("the ISD-P");
                alter(n, &mut answer);
                d.answer(&answer)?;
            }
        }
    }
    unreachable!()
}

fn life_cycle(euicc: &Euicc) -> IsdpLifeCycle {
    let m2m = euicc.state().m2m.as_ref().unwrap();
    m2m.isdp(&aid_with_tar(TAR)).unwrap().life_cycle
}

#[test]
fn sgp02_4_1_3_the_engine_downloads_into_the_isd_p_which_the_isd_r_then_enables() {
    let (mut euicc, ecasd) = card_with_isdp();
    let mut d = Download::new(plan(ecasd)).unwrap();
    let segments = d.segment_count();
    assert!(segments > 1, "{segments} segments");
    let steps = run(&mut d, &mut euicc, |_, _| {}).unwrap();
    assert_eq!(steps, 4 + segments, "3A01, 3A02, 84, 85, then the segments");
    assert_eq!(d.step().unwrap(), Step::Done);
    assert_eq!(life_cycle(&euicc), IsdpLifeCycle::Disabled);
    let installed = euicc.state().profile_by_iccid(ICCID).expect("installed");
    assert_eq!(installed.isdp_aid, aid_with_tar(TAR));
    // ES5.EnableProfile from the ISD-R (3A03).
    let mut value = vec![0x4F, 0x10];
    value.extend(aid_with_tar(TAR));
    let mut data = Vec::new();
    dgi::push(&mut data, 0x3A03, &value);
    let mut apdu = vec![0x80, 0xE2, 0x88, 0x00, data.len() as u8];
    apdu.extend(data);
    let answer = euicc.run_isdr_script(&script(apdu));
    assert!(
        hex::encode_upper(&answer).ends_with("9000"),
        "EnableProfile"
    );
    assert_eq!(life_cycle(&euicc), IsdpLifeCycle::Enabled);
}

#[test]
fn sgp02_4_1_3_a_step_is_given_again_until_answered_and_an_answer_without_a_step_refused() {
    let (mut euicc, ecasd) = card_with_isdp();
    let mut d = Download::new(plan(ecasd)).unwrap();
    assert!(matches!(
        d.answer(&[0xAB, 0x00]),
        Err(DownloadError::OutOfStep)
    ));
    let first = d.step().unwrap();
    assert_eq!(d.step().unwrap(), first, "the same bytes until answered");
    let Step::SendData { data, .. } = first else {
        panic!("a step")
    };
    let answer = euicc.run_isdp_script(TAR, &data).unwrap();
    d.answer(&answer).unwrap();
    let Step::SendData { data: next, .. } = d.step().unwrap() else {
        panic!("a second step")
    };
    assert_ne!(next, data, "the answer moved the download on");
}

#[test]
fn gp_amd_e_an_ecasd_certificate_of_another_eum_is_refused_before_anything_is_sent() {
    let (_, ecasd) = card_with_isdp();
    let mut p = plan(ecasd);
    let other = certs::generate(&LabPkiOptions::default()).unwrap();
    let cis = other.ci_anchors().unwrap();
    let eum = &other.require(CertRole::Eum).unwrap().cert_der;
    p.eum_keys = vec![certs::verify_eum_cert(&cis, eum, None).unwrap().public_key];
    let e = Download::new(p).err().expect("refused");
    assert!(matches!(e, DownloadError::Ecasd(_)), "{e}");
    assert_eq!(e.code(), sm_dp::sgp02::es8::ECASD_VERIFICATION_FAILED);
}

#[test]
fn gp_amd_e_an_altered_receipt_is_refused_and_no_scp03t_follows() {
    let (mut euicc, ecasd) = card_with_isdp();
    let mut d = Download::new(plan(ecasd)).unwrap();
    // Step 1's answer is `AB … 23 L 85 10 DR 86 10 receipt 90 00`: flip a receipt octet.
    let e = run(&mut d, &mut euicc, |n, a| {
        if n == 1 {
            let at = a.len() - 3;
            a[at] ^= 0x01;
        }
    })
    .unwrap_err();
    assert!(matches!(e, DownloadError::Receipt), "{e}");
    assert_eq!(e.code(), sm_dp::sgp02::es8::EUICC_VERIFICATION_FAILED);
    assert!(matches!(d.step(), Err(DownloadError::OutOfStep)), "over");
    assert_eq!(life_cycle(&euicc), IsdpLifeCycle::Personalized);
}

#[test]
fn sgp02_4_1_3_3_a_segment_answer_with_a_wrong_r_mac_is_refused() {
    let (mut euicc, ecasd) = card_with_isdp();
    let mut d = Download::new(plan(ecasd)).unwrap();
    let e = run(&mut d, &mut euicc, |n, a| {
        if n == 4 {
            let last = a.len() - 1;
            a[last] ^= 0x01;
        }
    })
    .unwrap_err();
    assert!(
        matches!(e, DownloadError::Scp03t(scp03::Scp03Error::Mac)),
        "{e}"
    );
    assert!(euicc.state().profile_by_iccid(ICCID).is_none(), "not whole");
}

#[test]
fn sgp02_4_1_3_a_card_refusal_keeps_its_status_word() {
    // An ISD-P that has its profile refuses a second key establishment: the engine stops
    // with the card's status word.
    let (mut euicc, ecasd) = card_with_isdp();
    let mut d = Download::new(plan(ecasd.clone())).unwrap();
    run(&mut d, &mut euicc, |_, _| {}).unwrap();
    let mut again = Download::new(plan(ecasd)).unwrap();
    let e = run(&mut again, &mut euicc, |_, _| {}).unwrap_err();
    assert!(matches!(e, DownloadError::Refused(_)), "{e}");
    assert_eq!(e.code(), sm_dp::sgp02::es8::EUICC_EXECUTION_ERROR);
}

/// GP Amendment D 7.1 over APDUs: after the download, a host holding the ISD-P's key set
/// (the card keeps it; the SM-DP derived the same one) selects the ISD-P, opens SCP03 at
/// C-MAC, C-DEC, R-MAC and R-ENC, and reads the ISD-P's GET STATUS through it (also by GET
/// RESPONSE, as over T=0); a command without secure messaging is refused, a tampered C-MAC
/// ends the session.
#[test]
fn gp_amd_d_7_1_scp03_over_apdus_to_the_isd_p_with_the_derived_key_set() {
    use euicc_sim::apdu::Card;
    use scp03::host::HostHandshake;
    use scp03::security::SecurityLevel;
    use scp03::session_keys::StaticKeys;

    let (mut euicc, ecasd) = card_with_isdp();
    let mut d = Download::new(plan(ecasd)).unwrap();
    run(&mut d, &mut euicc, |_, _| {}).unwrap();
    let aid = aid_with_tar(TAR);
    let key = {
        let m2m = euicc.state().m2m.as_ref().unwrap();
        m2m.isdp(&aid).unwrap().scp03[0].key.clone()
    };
    let mut card = Card::new(euicc);
    card.power_on();
    let sw = |r: &[u8]| u16::from_be_bytes([r[r.len() - 2], r[r.len() - 1]]);
    let mut select = vec![0x00, 0xA4, 0x04, 0x0C, 0x10];
    select.extend(aid);
    let r = card.transmit(&select);
    assert_eq!(sw(&r), 0x9000, "SELECT the ISD-P");
    let get_status = hex::decode("80F2800002 4F0000".replace(' ', "")).unwrap();
    assert_eq!(sw(&card.transmit(&get_status)), 0x6982, "no session yet");

    let keys = StaticKeys::single(scp03::AesKey::new(&key).unwrap());
    let host = HostHandshake::new(keys, 0x30, &[1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
    let r = card.transmit(&host.initialize_update_apdu());
    assert_eq!(sw(&r), 0x9000, "INITIALIZE UPDATE");
    let auth = host
        .receive(&r[..r.len() - 2])
        .expect("the card cryptogram verifies");
    let (ext, mut session) = auth.external_authenticate(SecurityLevel::FULL).unwrap();
    assert_eq!(sw(&card.transmit(&ext)), 0x9000, "EXTERNAL AUTHENTICATE");
    let r = card.transmit(&session.wrap_command(&get_status).unwrap());
    assert_eq!(sw(&r), 0x9000);
    let status = session.unwrap_response(&r[..r.len() - 2], 0x9000).unwrap();
    assert!(
        hex::encode_upper(&status).contains(&hex::encode_upper(aid_with_tar(TAR))),
        "GET STATUS names the ISD-P: {}",
        hex::encode_upper(&status)
    );
    // Without Le (T=0), the answer waits for GET RESPONSE in the command's class.
    let no_le = &get_status[..get_status.len() - 1];
    let r = card.transmit(&session.wrap_command(no_le).unwrap());
    assert_eq!(r[0], 0x61, "{}", hex::encode_upper(&r));
    let r = card.transmit(&[0x84, 0xC0, 0x00, 0x00, r[1]]);
    assert_eq!(sw(&r), 0x9000);
    let again = session.unwrap_response(&r[..r.len() - 2], 0x9000).unwrap();
    assert_eq!(again, status);
    let mut tampered = session.wrap_command(&get_status).unwrap();
    let at = tampered.len() - 2;
    tampered[at] ^= 0x01;
    assert_ne!(sw(&card.transmit(&tampered)), 0x9000, "a wrong C-MAC");
    let again = session.wrap_command(&get_status).unwrap();
    assert_eq!(sw(&card.transmit(&again)), 0x6982, "the session is gone");
}
