//! MILENAGE, the 3GPP authentication and key generation functions f1, f1*, f2, f3, f4, f5
//! and f5* (3GPP TS 35.206), over AES-128, with the rotation and XOR constants a profile may
//! set in its `PE-AKAParameter` (`rotationConstants`, `xoringConstants`).
//!
//! ```text
//! TEMP = E_K(RAND ⊕ OPc)
//! OUT1 = E_K(TEMP ⊕ rot(IN1 ⊕ OPc, r1) ⊕ c1) ⊕ OPc     IN1 = SQN ‖ AMF ‖ SQN ‖ AMF
//! OUTi = E_K(rot(TEMP ⊕ OPc, ri) ⊕ ci) ⊕ OPc           i = 2..5
//! f1 = MAC-A = OUT1[0..63]    f1* = MAC-S = OUT1[64..127]
//! f5 = AK = OUT2[0..47]       f2 = RES = OUT2[64..127]
//! f3 = CK = OUT3              f4 = IK = OUT4             f5* = AK = OUT5[0..47]
//! ```
//!
//! `rot(x, r)` rotates the 128-bit value `x` by `r` bit positions towards the most
//! significant bit. Defaults: r1..r5 = 64, 0, 32, 64, 96; c1..c5 = 0, 1, 2, 4, 8 (in the last
//! bit positions). Checked against the test sets of 3GPP TS 35.208 in the tests below.

use aes::Aes128;
use aes::cipher::{BlockCipherEncrypt, KeyInit};

/// r1..r5 of TS 35.206 in bits (TCA `rotationConstants` DEFAULT '4000204060'H).
pub const DEFAULT_ROTATIONS: [u8; 5] = [64, 0, 32, 64, 96];

/// c1..c5 of TS 35.206 (TCA `xoringConstants` DEFAULT).
pub const DEFAULT_CONSTANTS: [[u8; 16]; 5] = [
    [0; 16],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8],
];

/// What f2, f3, f4 and f5 give for one RAND.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vectors {
    pub res: [u8; 8],
    pub ck: [u8; 16],
    pub ik: [u8; 16],
    pub ak: [u8; 6],
}

/// MILENAGE for one subscriber key K and operator variant OPc.
#[derive(Clone)]
pub struct Milenage {
    cipher: Aes128,
    opc: u128,
    rotations: [u8; 5],
    constants: [u128; 5],
}

impl std::fmt::Debug for Milenage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // K and OPc are secrets
        f.debug_struct("Milenage").finish_non_exhaustive()
    }
}

impl Milenage {
    /// MILENAGE with the default constants of TS 35.206.
    pub fn new(k: &[u8; 16], opc: &[u8; 16]) -> Self {
        Self::with_constants(k, opc, DEFAULT_ROTATIONS, DEFAULT_CONSTANTS)
    }

    /// MILENAGE with operator-chosen rotations (in bits) and XOR constants.
    pub fn with_constants(
        k: &[u8; 16],
        opc: &[u8; 16],
        rotations: [u8; 5],
        constants: [[u8; 16]; 5],
    ) -> Self {
        Self {
            cipher: Aes128::new(k.into()),
            opc: u128::from_be_bytes(*opc),
            rotations,
            constants: constants.map(u128::from_be_bytes),
        }
    }

    /// OPc = OP ⊕ E_K(OP) (TS 35.206 4.1).
    pub fn opc_from_op(k: &[u8; 16], op: &[u8; 16]) -> [u8; 16] {
        let cipher = Aes128::new(k.into());
        let e = encrypt(&cipher, u128::from_be_bytes(*op));
        (e ^ u128::from_be_bytes(*op)).to_be_bytes()
    }

    fn e(&self, x: u128) -> u128 {
        encrypt(&self.cipher, x)
    }

    fn temp(&self, rand: &[u8; 16]) -> u128 {
        self.e(u128::from_be_bytes(*rand) ^ self.opc)
    }

    /// OUTi for i = 2..5 (index 1..4).
    fn out(&self, temp: u128, i: usize) -> u128 {
        let rotated = (temp ^ self.opc).rotate_left(u32::from(self.rotations[i]));
        self.e(rotated ^ self.constants[i]) ^ self.opc
    }

    /// f1 and f1*: (MAC-A, MAC-S) for RAND, SQN and AMF.
    pub fn f1(&self, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> ([u8; 8], [u8; 8]) {
        let temp = self.temp(rand);
        let mut in1 = [0u8; 16];
        in1[..6].copy_from_slice(sqn);
        in1[6..8].copy_from_slice(amf);
        in1[8..14].copy_from_slice(sqn);
        in1[14..].copy_from_slice(amf);
        let rotated =
            (u128::from_be_bytes(in1) ^ self.opc).rotate_left(u32::from(self.rotations[0]));
        let out1 = (self.e(temp ^ rotated ^ self.constants[0]) ^ self.opc).to_be_bytes();
        let (mac_a, mac_s) = out1.split_at(8);
        (take(mac_a), take(mac_s))
    }

    /// f2, f3, f4 and f5 for RAND.
    pub fn f2345(&self, rand: &[u8; 16]) -> Vectors {
        let temp = self.temp(rand);
        let out2 = self.out(temp, 1).to_be_bytes();
        Vectors {
            res: take(&out2[8..]),
            ck: self.out(temp, 2).to_be_bytes(),
            ik: self.out(temp, 3).to_be_bytes(),
            ak: take(&out2[..6]),
        }
    }

    /// f5*: the anonymity key of a re-synchronisation (AUTS).
    pub fn f5_star(&self, rand: &[u8; 16]) -> [u8; 6] {
        let out5 = self.out(self.temp(rand), 4).to_be_bytes();
        take(&out5[..6])
    }
}

fn encrypt(cipher: &Aes128, x: u128) -> u128 {
    let mut block = x.to_be_bytes().into();
    cipher.encrypt_block(&mut block);
    u128::from_be_bytes(block.into())
}

/// The first N octets of `bytes` (callers pass slices of known length).
fn take<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = *b;
    }
    out
}

/// The GSM conversion functions of 3GPP TS 33.102 6.8.1.2, for a GSM security context on a
/// USIM: c2 (SRES from RES) and c3 (Kc from CK and IK).
pub fn c2(res: &[u8]) -> [u8; 4] {
    let mut sres = [0u8; 4];
    for (i, b) in res.iter().enumerate() {
        sres[i % 4] ^= b;
    }
    sres
}

/// c3: Kc = CK1 ⊕ CK2 ⊕ IK1 ⊕ IK2 (64-bit halves).
pub fn c3(ck: &[u8; 16], ik: &[u8; 16]) -> [u8; 8] {
    let mut kc = [0u8; 8];
    for (i, b) in ck.iter().chain(ik.iter()).enumerate() {
        kc[i % 8] ^= b;
    }
    kc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h<const N: usize>(s: &str) -> [u8; N] {
        take(&hex::decode(s).unwrap_or_default())
    }

    /// One test set of 3GPP TS 35.208 4.3: K, RAND, SQN, AMF, OP, OPc, f1, f1*, f2, f5,
    /// f3, f4, f5*.
    struct Set(&'static [&'static str; 13]);

    const SETS: [Set; 6] = [
        Set(&[
            "465b5ce8b199b49faa5f0a2ee238a6bc",
            "23553cbe9637a89d218ae64dae47bf35",
            "ff9bb4d0b607",
            "b9b9",
            "cdc202d5123e20f62b6d676ac72cb318",
            "cd63cb71954a9f4e48a5994e37a02baf",
            "4a9ffac354dfafb3",
            "01cfaf9ec4e871e9",
            "a54211d5e3ba50bf",
            "aa689c648370",
            "b40ba9a3c58b2a05bbf0d987b21bf8cb",
            "f769bcd751044604127672711c6d3441",
            "451e8beca43b",
        ]),
        Set(&[
            "0396eb317b6d1c36f19c1c84cd6ffd16",
            "c00d603103dcee52c4478119494202e8",
            "fd8eef40df7d",
            "af17",
            "ff53bade17df5d4e793073ce9d7579fa",
            "53c15671c60a4b731c55b4a441c0bde2",
            "5df5b31807e258b0",
            "a8c016e51ef4a343",
            "d3a628ed988620f0",
            "c47783995f72",
            "58c433ff7a7082acd424220f2b67c556",
            "21a8c1f929702adb3e738488b9f5c5da",
            "30f1197061c1",
        ]),
        Set(&[
            "fec86ba6eb707ed08905757b1bb44b8f",
            "9f7c8d021accf4db213ccff0c7f71a6a",
            "9d0277595ffc",
            "725c",
            "dbc59adcb6f9a0ef735477b7fadf8374",
            "1006020f0a478bf6b699f15c062e42b3",
            "9cabc3e99baf7281",
            "95814ba2b3044324",
            "8011c48c0c214ed2",
            "33484dc2136b",
            "5dbdbb2954e8f3cde665b046179a5098",
            "59a92d3b476a0443487055cf88b2307b",
            "deacdd848cc6",
        ]),
        Set(&[
            "9e5944aea94b81165c82fbf9f32db751",
            "ce83dbc54ac0274a157c17f80d017bd6",
            "0b604a81eca8",
            "9e09",
            "223014c5806694c007ca1eeef57f004f",
            "a64a507ae1a2a98bb88eb4210135dc87",
            "74a58220cba84c49",
            "ac2cc74a96871837",
            "f365cd683cd92e96",
            "f0b9c08ad02e",
            "e203edb3971574f5a94b0d61b816345d",
            "0c4524adeac041c4dd830d20854fc46b",
            "6085a86c6f63",
        ]),
        Set(&[
            "4ab1deb05ca6ceb051fc98e77d026a84",
            "74b0cd6031a1c8339b2b6ce2b8c4a186",
            "e880a1b580b6",
            "9f07",
            "2d16c5cd1fdf6b22383584e3bef2a8d8",
            "dcf07cbd51855290b92a07a9891e523e",
            "49e785dd12626ef2",
            "9e85790336bb3fa2",
            "5860fc1bce351e7e",
            "31e11a609118",
            "7657766b373d1c2138f307e3de9242f9",
            "1c42e960d89b8fa99f2744e0708ccb53",
            "fe2555e54aa9",
        ]),
        Set(&[
            "6c38a116ac280c454f59332ee35c8c4f",
            "ee6466bc96202c5a557abbeff8babf63",
            "414b98222181",
            "4464",
            "1ba00a1a7c6700ac8c3ff3e96ad08725",
            "3803ef5363b947c6aaa225e58fae3934",
            "078adfb488241a57",
            "80246b8d0186bcf1",
            "16c8233f05a0ac28",
            "45b0f69ab06c",
            "3f8c7587fe8e4b233af676aede30ba3b",
            "a7466cc1e6b2a1337d49d3b66e95d7b4",
            "1f53cd2b1113",
        ]),
    ];

    #[test]
    fn ts35_208_test_sets_1_to_6() {
        for (n, Set(v)) in SETS.iter().enumerate() {
            let set = n + 1;
            let k: [u8; 16] = h(v[0]);
            let rand: [u8; 16] = h(v[1]);
            let opc = Milenage::opc_from_op(&k, &h(v[4]));
            assert_eq!(hex::encode(opc), v[5], "set {set}: OPc");
            let m = Milenage::new(&k, &opc);
            let (mac_a, mac_s) = m.f1(&rand, &h(v[2]), &h(v[3]));
            assert_eq!(hex::encode(mac_a), v[6], "set {set}: f1");
            assert_eq!(hex::encode(mac_s), v[7], "set {set}: f1*");
            let out = m.f2345(&rand);
            assert_eq!(hex::encode(out.res), v[8], "set {set}: f2");
            assert_eq!(hex::encode(out.ak), v[9], "set {set}: f5");
            assert_eq!(hex::encode(out.ck), v[10], "set {set}: f3");
            assert_eq!(hex::encode(out.ik), v[11], "set {set}: f4");
            assert_eq!(hex::encode(m.f5_star(&rand)), v[12], "set {set}: f5*");
        }
    }

    #[test]
    fn ts33_102_6_8_1_2_gsm_conversion_of_test_set_1() {
        // SRES and Kc that TS 35.208 lists for test set 1
        let Set(v) = &SETS[0];
        let m = Milenage::new(&h(v[0]), &h(v[5]));
        let out = m.f2345(&h(v[1]));
        assert_eq!(hex::encode(c2(&out.res)), "46f8416a");
        assert_eq!(hex::encode(c3(&out.ck, &out.ik)), "eae4be823af9a08b");
    }

    #[test]
    fn ts35_206_other_constants_change_the_output() {
        let Set(v) = &SETS[0];
        let (k, opc, rand) = (h(v[0]), h(v[5]), h(v[1]));
        let default = Milenage::new(&k, &opc).f2345(&rand);
        let same =
            Milenage::with_constants(&k, &opc, DEFAULT_ROTATIONS, DEFAULT_CONSTANTS).f2345(&rand);
        assert_eq!(default, same);
        let mut constants = DEFAULT_CONSTANTS;
        constants[2][15] = 0x03;
        let other = Milenage::with_constants(&k, &opc, DEFAULT_ROTATIONS, constants).f2345(&rand);
        assert_eq!(other.res, default.res);
        assert_ne!(other.ck, default.ck);
        let other =
            Milenage::with_constants(&k, &opc, [64, 8, 32, 64, 96], DEFAULT_CONSTANTS).f2345(&rand);
        assert_ne!(other.res, default.res);
    }
}
