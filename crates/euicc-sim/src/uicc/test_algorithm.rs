//! The USIM test algorithm (3GPP TS 34.108 8.1.2), which test networks, callboxes and the
//! GSMA TS.48 test profiles (`PE-AKAParameter` algorithmID 3) use in place of MILENAGE:
//!
//! ```text
//! XDOUT = K ⊕ RAND                          CDOUT = SQN ‖ AMF
//! f1  = MAC-A = XDOUT[0..63] ⊕ CDOUT        f1* = MAC-S, the same with the AMF given
//! f2  = RES = XDOUT[0..n-1], n = 128        f5 = f5* = AK = XDOUT[24..71]
//! f3  = CK = XDOUT[8..127] ‖ XDOUT[0..7]    f4 = IK = XDOUT[16..127] ‖ XDOUT[0..15]
//! ```
//!
//! TS 34.108 lets RES be 32 to 128 bits long; the TCA profile package leaves 128 as the
//! length eUICCs of SGP.22 v2 take (TS.48 profiles carry algorithmOptions '02'), and that
//! is the only length offered here. OPc is not used.

use super::aka::{Functions, Outputs};

/// The test algorithm for one subscriber key K.
#[derive(Clone)]
pub struct TestAlgorithm {
    k: [u8; 16],
}

impl std::fmt::Debug for TestAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // K is a secret
        f.debug_struct("TestAlgorithm").finish_non_exhaustive()
    }
}

impl TestAlgorithm {
    pub fn new(k: &[u8; 16]) -> Self {
        Self { k: *k }
    }

    fn xdout(&self, rand: &[u8; 16]) -> [u8; 16] {
        let mut x = [0u8; 16];
        for (i, b) in x.iter_mut().enumerate() {
            *b = self.k[i] ^ rand[i];
        }
        x
    }
}

impl Functions for TestAlgorithm {
    fn f1(&self, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> ([u8; 8], [u8; 8]) {
        let x = self.xdout(rand);
        let cdout = [
            sqn[0], sqn[1], sqn[2], sqn[3], sqn[4], sqn[5], amf[0], amf[1],
        ];
        let mut mac = [0u8; 8];
        for (i, b) in mac.iter_mut().enumerate() {
            *b = x[i] ^ cdout[i];
        }
        (mac, mac)
    }

    fn f2345(&self, rand: &[u8; 16]) -> Outputs {
        let x = self.xdout(rand);
        let mut ck = x;
        ck.rotate_left(1);
        let mut ik = x;
        ik.rotate_left(2);
        let mut ak = [0u8; 6];
        ak.copy_from_slice(&x[3..9]);
        Outputs {
            res: x.to_vec(),
            ck,
            ik,
            ak,
        }
    }

    fn f5_star(&self, rand: &[u8; 16]) -> [u8; 6] {
        self.f2345(rand).ak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// K 000102…0F, RAND 34…34, SQN 000000000001, AMF 8000: the XOR vector published
    /// with open implementations of TS 34.108 8.1.2.
    #[test]
    fn ts34_108_8_1_2_test_algorithm_vector() {
        let k: [u8; 16] = core::array::from_fn(|i| i as u8);
        let t = TestAlgorithm::new(&k);
        let rand = [0x34; 16];
        let (mac_a, _) = t.f1(&rand, &[0, 0, 0, 0, 0, 1], &[0x80, 0x00]);
        assert_eq!(hex::encode(mac_a), "343536373030b233");
        let o = t.f2345(&rand);
        assert_eq!(hex::encode(&o.res), "34353637303132333c3d3e3f38393a3b");
        assert_eq!(hex::encode(o.ck), "353637303132333c3d3e3f38393a3b34");
        assert_eq!(hex::encode(o.ik), "3637303132333c3d3e3f38393a3b3435");
        assert_eq!(hex::encode(o.ak), "37303132333c");
        assert_eq!(t.f5_star(&rand), o.ak);
    }
}
