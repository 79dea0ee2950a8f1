//! AUTHENTICATE on the USIM (3GPP TS 31.102 7.1.2; ETSI TS 102 221 11.1.16 for the
//! command), with MILENAGE and the K/OPc of the profile's `PE-AKAParameter`.
//!
//! ```text
//! 00 88 00 81 22 10 RAND 10 AUTN [Le]     3G security context (also used for EPS/5G)
//!   -> DB 08 RES 10 CK 10 IK [08 Kc]      success; Kc when service n°27 (GSM access) is on
//!   -> DC 0E AUTS                         synchronisation failure
//!   -> SW 9862                            MAC failure
//! 00 88 00 80 11 10 RAND [Le]             GSM security context (service n°38)
//!   -> 04 SRES 08 Kc
//! ```
//!
//! AUTN = SQN ⊕ AK ‖ AMF ‖ MAC-A (TS 33.102 6.3.3). The USIM recovers SQN with AK = f5(RAND),
//! checks MAC-A = f1(K, SQN, RAND, AMF), then the freshness of SQN ([`super::sqn`]). On a
//! stale SQN it answers AUTS = SQN_MS ⊕ f5*(RAND) ‖ f1*(K, SQN_MS, RAND, AMF '0000')
//! (6.3.5). In a GSM context SRES and Kc come from RES, CK and IK by c2 and c3 (6.8.1.2).
//! f1..f5* are MILENAGE's ([`super::milenage`]), TUAK's ([`super::tuak`]) or the TS 34.108
//! 8.1.2 test algorithm's ([`super::test_algorithm`]), as the profile's `PE-AKAParameter`
//! algorithmID chooses; a NAA whose parameters cannot be used is refused with '6985'.

pub use super::aka::{Functions, Outputs};
use super::fs::NodeId;
use super::milenage::{Milenage, c2, c3};
use super::sqn::{self, SqnState};
use super::test_algorithm::TestAlgorithm;
use super::tuak::Tuak;
use crate::apdu::StatusWord;

/// '9862': authentication error, incorrect MAC (TS 31.102 7.1.2).
pub const MAC_FAILURE: StatusWord = StatusWord(0x9862);

/// The authentication algorithm of a NAA.
#[derive(Clone, Debug)]
pub enum Algorithm {
    Milenage(Box<Milenage>),
    /// 3GPP TS 34.108 8.1.2 (`usim-test-algorithm`).
    TestAlgorithm(TestAlgorithm),
    /// 3GPP TS 35.231.
    Tuak(Box<Tuak>),
    /// An algorithm this card does not run, by name.
    Unsupported(String),
}

/// The network access credentials of one ADF.
#[derive(Clone, Debug)]
pub struct Naa {
    pub adf: NodeId,
    pub algorithm: Algorithm,
    pub sqn: SqnState,
}

/// What a successful AUTHENTICATE did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub data: Vec<u8>,
    /// The SQN array changed (to be stored).
    pub sqn_changed: bool,
}

/// P2 of the GSM security context.
pub const GSM_CONTEXT: u8 = 0x80;
/// P2 of the 3G security context.
pub const UMTS_CONTEXT: u8 = 0x81;

/// Runs AUTHENTICATE for `naa`. `gsm_access` says whether the USIM offers service n°27 (Kc
/// in the 3G answer), `gsm_context` service n°38 (the GSM context).
pub fn authenticate(
    naa: &mut Naa,
    p1: u8,
    p2: u8,
    data: &[u8],
    gsm_access: bool,
    gsm_context: bool,
) -> Result<Answer, StatusWord> {
    if p1 != 0 || !matches!(p2, GSM_CONTEXT | UMTS_CONTEXT) {
        return Err(StatusWord::INCORRECT_P1_P2);
    }
    let m: &dyn Functions = match &naa.algorithm {
        Algorithm::Milenage(m) => m.as_ref(),
        Algorithm::TestAlgorithm(t) => t,
        Algorithm::Tuak(t) => t.as_ref(),
        Algorithm::Unsupported(_) => return Err(StatusWord::CONDITIONS_NOT_SATISFIED),
    };
    if p2 == GSM_CONTEXT {
        if !gsm_context {
            return Err(StatusWord::INCORRECT_P1_P2);
        }
        return gsm_security_context(m, data);
    }
    let (rand, autn) = rand_and_autn(data)?;
    umts_security_context(m, &mut naa.sqn, &rand, &autn, gsm_access)
}

/// The GSM security context (`10 RAND`): SRES and Kc from RES, CK and IK by c2 and c3
/// (TS 33.102 6.8.1.2).
fn gsm_security_context(m: &dyn Functions, data: &[u8]) -> Result<Answer, StatusWord> {
    let [0x10, rand @ ..] = data else {
        return Err(StatusWord::WRONG_LENGTH);
    };
    let rand: [u8; 16] = rand.try_into().map_err(|_| StatusWord::WRONG_LENGTH)?;
    let v = m.f2345(&rand);
    let mut out = vec![0x04];
    out.extend_from_slice(&c2(&v.res));
    out.push(0x08);
    out.extend_from_slice(&c3(&v.ck, &v.ik));
    Ok(Answer {
        data: out,
        sqn_changed: false,
    })
}

/// RAND and AUTN of the 3G security context's data, `10 RAND 10 AUTN`.
fn rand_and_autn(data: &[u8]) -> Result<([u8; 16], [u8; 16]), StatusWord> {
    let [0x10, rest @ ..] = data else {
        return Err(StatusWord::WRONG_LENGTH);
    };
    let Some((rand, [0x10, autn @ ..])) = rest.split_at_checked(16) else {
        return Err(StatusWord::WRONG_LENGTH);
    };
    let rand = <[u8; 16]>::try_from(rand).map_err(|_| StatusWord::WRONG_LENGTH)?;
    let autn = <[u8; 16]>::try_from(autn).map_err(|_| StatusWord::WRONG_LENGTH)?;
    Ok((rand, autn))
}

/// The 3G security context: MAC-A checked (TS 33.102 6.3.3), then the freshness of SQN;
/// RES, CK, IK (and Kc with GSM access), or AUTS on a stale SQN (6.3.5).
fn umts_security_context(
    m: &dyn Functions,
    sqns: &mut SqnState,
    rand: &[u8; 16],
    autn: &[u8; 16],
    gsm_access: bool,
) -> Result<Answer, StatusWord> {
    let v = m.f2345(rand);
    let mut sqn_bytes = [0u8; 6];
    for (i, b) in sqn_bytes.iter_mut().enumerate() {
        *b = autn[i] ^ v.ak[i];
    }
    let amf = [autn[6], autn[7]];
    let (mac_a, _) = m.f1(rand, &sqn_bytes, &amf);
    if mac_a[..] != autn[8..] {
        return Err(MAC_FAILURE);
    }
    if !sqns.accept(sqn::from_bytes(&sqn_bytes)) {
        return Ok(synchronisation_failure(m, rand, sqns));
    }
    let mut out = vec![0xDB, v.res.len() as u8];
    out.extend_from_slice(&v.res);
    out.push(0x10);
    out.extend_from_slice(&v.ck);
    out.push(0x10);
    out.extend_from_slice(&v.ik);
    if gsm_access {
        out.push(0x08);
        out.extend_from_slice(&c3(&v.ck, &v.ik));
    }
    Ok(Answer {
        data: out,
        sqn_changed: true,
    })
}

/// `DC 0E AUTS`: AUTS = SQN_MS ⊕ f5*(RAND) ‖ f1*(K, SQN_MS, RAND, AMF '0000') (TS 33.102
/// 6.3.5).
fn synchronisation_failure(m: &dyn Functions, rand: &[u8; 16], sqns: &SqnState) -> Answer {
    let sqn_ms = sqn::to_bytes(sqns.highest());
    let ak_star = m.f5_star(rand);
    let (_, mac_s) = m.f1(rand, &sqn_ms, &[0, 0]);
    let mut out = vec![0xDC, 0x0E];
    out.extend(sqn_ms.iter().zip(ak_star).map(|(s, a)| s ^ a));
    out.extend_from_slice(&mac_s);
    Answer {
        data: out,
        sqn_changed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The network side of TS 33.102 6.3.2 for test set 1 of TS 35.208.
    fn network(m: &Milenage, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> Vec<u8> {
        let v = m.f2345(rand);
        let (mac_a, _) = m.f1(rand, sqn, amf);
        let mut data = vec![0x10];
        data.extend_from_slice(rand);
        data.push(0x10);
        data.extend(sqn.iter().zip(v.ak).map(|(s, a)| s ^ a));
        data.extend_from_slice(amf);
        data.extend_from_slice(&mac_a);
        data
    }

    fn naa() -> (Naa, Milenage) {
        let k = <[u8; 16]>::try_from(
            hex::decode("465b5ce8b199b49faa5f0a2ee238a6bc").unwrap_or_default(),
        )
        .unwrap_or_default();
        let opc = <[u8; 16]>::try_from(
            hex::decode("cd63cb71954a9f4e48a5994e37a02baf").unwrap_or_default(),
        )
        .unwrap_or_default();
        let m = Milenage::new(&k, &opc);
        (
            Naa {
                adf: 1,
                algorithm: Algorithm::Milenage(Box::new(m.clone())),
                sqn: SqnState::default(),
            },
            m,
        )
    }

    #[test]
    fn ts31_102_7_1_2_3g_context_res_ck_ik_then_resync_on_replay() {
        let (mut naa, m) = naa();
        let rand = [0x23; 16];
        let sqn = [0, 0, 0, 0, 0, 0x21];
        let data = network(&m, &rand, &sqn, &[0x80, 0x00]);
        let ok = authenticate(&mut naa, 0, 0x81, &data, false, true).expect("accepted");
        let v = m.f2345(&rand);
        let mut expected = vec![0xDB, 0x08];
        expected.extend(v.res);
        expected.push(0x10);
        expected.extend(v.ck);
        expected.push(0x10);
        expected.extend(v.ik);
        assert_eq!(ok.data, expected);
        assert!(ok.sqn_changed);
        // the same challenge again: AUTS carrying SQN_MS
        let again = authenticate(&mut naa, 0, 0x81, &data, false, true).expect("answered");
        assert_eq!(&again.data[..2], &[0xDC, 0x0E]);
        let ak_star = m.f5_star(&rand);
        let sqn_ms: Vec<u8> = again.data[2..8]
            .iter()
            .zip(ak_star)
            .map(|(c, a)| c ^ a)
            .collect();
        assert_eq!(sqn_ms, sqn);
        let (_, mac_s) = m.f1(&rand, &sqn, &[0, 0]);
        assert_eq!(&again.data[8..], &mac_s);
        // a broken MAC
        let mut bad = data.clone();
        bad[33] ^= 1;
        assert_eq!(
            authenticate(&mut naa, 0, 0x81, &bad, false, true),
            Err(MAC_FAILURE)
        );
        // GSM context: SRES and Kc by c2/c3
        let mut gsm = vec![0x10];
        gsm.extend(rand);
        let a = authenticate(&mut naa, 0, 0x80, &gsm, true, true).expect("gsm");
        assert_eq!(a.data[..5], [&[0x04][..], &c2(&v.res)].concat());
        assert_eq!(a.data[5..], [&[0x08][..], &c3(&v.ck, &v.ik)].concat());
        assert_eq!(
            authenticate(&mut naa, 0, 0x80, &gsm, true, false),
            Err(StatusWord::INCORRECT_P1_P2)
        );
        assert_eq!(
            authenticate(&mut naa, 0, 0x81, &data[..20], true, true),
            Err(StatusWord::WRONG_LENGTH)
        );
    }
}
