//! The interface of a USIM's authentication algorithm: the functions of 3GPP TS 33.102 6.3
//! that MILENAGE ([`super::milenage`]), TUAK ([`super::tuak`]) and the TS 34.108 8.1.2 test
//! algorithm ([`super::test_algorithm`]) each provide, and AUTHENTICATE
//! ([`super::authenticate`]) runs whichever the profile names.

use super::milenage::Milenage;

/// What f2, f3, f4 and f5 give for one RAND, whatever the algorithm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outputs {
    pub res: Vec<u8>,
    pub ck: [u8; 16],
    pub ik: [u8; 16],
    pub ak: [u8; 6],
}

/// The authentication functions of TS 33.102 6.3: f1/f1* (MAC-A, MAC-S), f2..f5, f5*.
pub trait Functions {
    fn f1(&self, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> ([u8; 8], [u8; 8]);
    fn f2345(&self, rand: &[u8; 16]) -> Outputs;
    fn f5_star(&self, rand: &[u8; 16]) -> [u8; 6];
}

impl Functions for Milenage {
    fn f1(&self, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> ([u8; 8], [u8; 8]) {
        Milenage::f1(self, rand, sqn, amf)
    }

    fn f2345(&self, rand: &[u8; 16]) -> Outputs {
        let v = Milenage::f2345(self, rand);
        Outputs {
            res: v.res.to_vec(),
            ck: v.ck,
            ik: v.ik,
            ak: v.ak,
        }
    }

    fn f5_star(&self, rand: &[u8; 16]) -> [u8; 6] {
        Milenage::f5_star(self, rand)
    }
}
