//! TUAK (3GPP TS 35.231), the Keccak-based alternative to MILENAGE: f1, f1*, f2..f5, f5*
//! and the derivation of TOPc, for K of 128 or 256 bits.
//!
//! Each function is one Keccak-f\[1600\] permutation (or `numberOfKeccak` of them) of a
//! 1600-bit INOUT laid out as TS 35.231 7.1 writes it, every field's bits reversed into
//! Keccak's little-endian lanes (octets in reverse order):
//!
//! ```text
//! octets   0..31   TOPc (TOP when TOPc is derived)
//!         32       INSTANCE: b8 b7 the function (00 f1, 80 f1*, 40 f2..f5, C0 f5*),
//!                  b6..b4 the MAC or RES length (08 64, 10 128, 20 256 bits; RES 32: 0),
//!                  b3 CK 256, b2 IK 256, b1 K 256
//!         33..39   ALGONAME "TUAK1.0"
//!         40..55   RAND         56..57 AMF        58..63 SQN   (zero for f2..f5*)
//!         64..95   K (a 128-bit K followed by zeros)
//!         96       '1F', 135 '80': Keccak padding; the rest zero
//! OUT: MAC/RES from octet 0, CK from 32, IK from 64, AK from 96 (reversed back)
//! ```
//!
//! Checked against TS 35.233 test set 1 (K 128 bits) in the tests below.

use super::aka::{Functions, Outputs};

/// The output lengths the card uses (octets): MAC 64 bits (AUTN's MAC field), RES 64 bits,
/// CK and IK 128 bits (TS 31.102 7.1.2's 3G context answer).
const MAC_LEN: usize = 8;
const RES_LEN: usize = 8;

/// TUAK for one subscriber key K and operator variant TOPc.
#[derive(Clone)]
pub struct Tuak {
    k: Vec<u8>,
    topc: [u8; 32],
    iterations: u8,
}

impl std::fmt::Debug for Tuak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // K and TOPc are secrets
        f.debug_struct("Tuak").finish_non_exhaustive()
    }
}

/// Why TUAK cannot be set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TuakError {
    #[error("K has {0} octets; TUAK takes 16 or 32")]
    KeyLength(usize),
    #[error("TOPc has {0} octets; TUAK takes 32")]
    TopcLength(usize),
    #[error("numberOfKeccak {0}: at least 1, at most 255")]
    Iterations(u16),
}

impl Tuak {
    /// TUAK with K (16 or 32 octets), TOPc (32) and the Keccak iterations (TS 35.231 7.2).
    pub fn new(k: &[u8], topc: &[u8], iterations: u16) -> Result<Self, TuakError> {
        if k.len() != 16 && k.len() != 32 {
            return Err(TuakError::KeyLength(k.len()));
        }
        let topc: [u8; 32] = topc
            .try_into()
            .map_err(|_| TuakError::TopcLength(topc.len()))?;
        let iterations = u8::try_from(iterations)
            .ok()
            .filter(|i| *i > 0)
            .ok_or(TuakError::Iterations(iterations))?;
        Ok(Self {
            k: k.to_vec(),
            topc,
            iterations,
        })
    }

    /// TOPc from TOP (TS 35.231 7.1.1).
    pub fn topc_from_top(k: &[u8], top: &[u8; 32], iterations: u16) -> Result<[u8; 32], TuakError> {
        let t = Tuak::new(k, top, iterations)?;
        let out = t.run(t.k_bit(), &[0; 16], &[0; 2], &[0; 6]);
        Ok(reversed(&out[..32]).try_into().unwrap_or([0; 32]))
    }

    fn k_bit(&self) -> u8 {
        u8::from(self.k.len() == 32)
    }

    /// One TUAK core: INOUT laid out, permuted `iterations` times.
    fn run(&self, instance: u8, rand: &[u8; 16], amf: &[u8; 2], sqn: &[u8; 6]) -> [u8; 200] {
        let mut s = [0u8; 200];
        put(&mut s, 0, &self.topc);
        s[32] = instance;
        put(&mut s, 33, b"TUAK1.0");
        put(&mut s, 40, rand);
        put(&mut s, 56, amf);
        put(&mut s, 58, sqn);
        put(&mut s, 64, &self.k);
        s[96] = 0x1F;
        s[135] = 0x80;
        let mut lanes = [0u64; 25];
        for (lane, chunk) in lanes.iter_mut().zip(s.chunks_exact(8)) {
            *lane = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        }
        for _ in 0..self.iterations {
            keccak_f1600(&mut lanes);
        }
        for (chunk, lane) in s.chunks_exact_mut(8).zip(lanes) {
            chunk.copy_from_slice(&lane.to_le_bytes());
        }
        s
    }

    fn mac(&self, function: u8, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> [u8; 8] {
        let out = self.run(function | 0x08 | self.k_bit(), rand, amf, sqn);
        reversed(&out[..MAC_LEN]).try_into().unwrap_or([0; 8])
    }
}

/// `value` into `s` at `at`, octets reversed.
fn put(s: &mut [u8; 200], at: usize, value: &[u8]) {
    for (i, b) in value.iter().rev().enumerate() {
        s[at + i] = *b;
    }
}

fn reversed(b: &[u8]) -> Vec<u8> {
    b.iter().rev().copied().collect()
}

impl Functions for Tuak {
    fn f1(&self, rand: &[u8; 16], sqn: &[u8; 6], amf: &[u8; 2]) -> ([u8; 8], [u8; 8]) {
        (
            self.mac(0x00, rand, sqn, amf),
            self.mac(0x80, rand, sqn, amf),
        )
    }

    fn f2345(&self, rand: &[u8; 16]) -> Outputs {
        // RES 64 bits ('08'), CK and IK 128 bits
        let out = self.run(0x40 | 0x08 | self.k_bit(), rand, &[0; 2], &[0; 6]);
        Outputs {
            res: reversed(&out[..RES_LEN]),
            ck: reversed(&out[32..48]).try_into().unwrap_or([0; 16]),
            ik: reversed(&out[64..80]).try_into().unwrap_or([0; 16]),
            ak: reversed(&out[96..102]).try_into().unwrap_or([0; 6]),
        }
    }

    fn f5_star(&self, rand: &[u8; 16]) -> [u8; 6] {
        let out = self.run(0xC0 | self.k_bit(), rand, &[0; 2], &[0; 6]);
        reversed(&out[96..102]).try_into().unwrap_or([0; 6])
    }
}

/// Keccak-f\[1600\] round constants (FIPS 202 3.2.5).
const RC: [u64; 24] = [
    0x0000000000000001,
    0x0000000000008082,
    0x800000000000808A,
    0x8000000080008000,
    0x000000000000808B,
    0x0000000080000001,
    0x8000000080008081,
    0x8000000000008009,
    0x000000000000008A,
    0x0000000000000088,
    0x0000000080008009,
    0x000000008000000A,
    0x000000008000808B,
    0x800000000000008B,
    0x8000000000008089,
    0x8000000000008003,
    0x8000000000008002,
    0x8000000000000080,
    0x000000000000800A,
    0x800000008000000A,
    0x8000000080008081,
    0x8000000000008080,
    0x0000000080000001,
    0x8000000080008008,
];

/// ρ offsets of lane x + 5y (FIPS 202 3.2.2).
const RHO: [u32; 25] = [
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

/// Keccak-f\[1600\]: 24 rounds of θ, ρ, π, χ, ι on lanes indexed x + 5y (FIPS 202 3.3).
fn keccak_f1600(a: &mut [u64; 25]) {
    for rc in RC {
        let c: [u64; 5] =
            core::array::from_fn(|x| a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20]);
        for x in 0..5 {
            let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
            for y in 0..5 {
                a[x + 5 * y] ^= d;
            }
        }
        let mut b = [0u64; 25];
        for x in 0..5 {
            for y in 0..5 {
                b[y + 5 * ((2 * x + 3 * y) % 5)] = a[x + 5 * y].rotate_left(RHO[x + 5 * y]);
            }
        }
        for x in 0..5 {
            for y in 0..5 {
                a[x + 5 * y] = b[x + 5 * y] ^ (!b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
            }
        }
        a[0] ^= rc;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap_or_default()
    }

    /// SHA3-256 of the empty string (FIPS 202 examples): the permutation alone checked.
    #[test]
    fn fips_202_keccak_f1600_gives_sha3_256_of_nothing() {
        let mut lanes = [0u64; 25];
        lanes[0] = 0x06;
        lanes[16] = 0x80 << 56;
        keccak_f1600(&mut lanes);
        let digest: Vec<u8> = lanes[..4].iter().flat_map(|l| l.to_le_bytes()).collect();
        assert_eq!(
            hex::encode(digest),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"
        );
    }

    /// TS 35.233 test set 1: K ab…ab (128 bits), RAND 42…42, SQN 111111111111, AMF FFFF,
    /// TOP 55…55, one Keccak iteration.
    #[test]
    fn ts35_233_test_set_1() {
        let k = h("abababababababababababababababab");
        let top: [u8; 32] = [0x55; 32];
        let topc = Tuak::topc_from_top(&k, &top, 1).expect("TOPc");
        assert_eq!(
            hex::encode(topc),
            "bd04d9530e87513c5d837ac2ad954623a8e2330c115305a73eb45d1f40cccbff"
        );
        let t = Tuak::new(&k, &topc, 1).expect("TUAK");
        let rand = [0x42; 16];
        let (mac_a, mac_s) = t.f1(&rand, &[0x11; 6], &[0xFF, 0xFF]);
        assert_eq!(hex::encode(mac_a), "f9a54e6aeaa8618d");
        assert_eq!(hex::encode(mac_s), "e94b4dc6c7297df3");
        // the set's RES has 32 bits: its own INSTANCE (no length bits)
        let out = t.run(0x40, &rand, &[0; 2], &[0; 6]);
        assert_eq!(hex::encode(reversed(&out[..4])), "657acd64");
        assert_eq!(
            hex::encode(reversed(&out[32..48])),
            "d71a1e5c6caffe986a26f783e5c78be1"
        );
        assert_eq!(
            hex::encode(reversed(&out[64..80])),
            "be849fa2564f869aecee6f62d4337e72"
        );
        assert_eq!(hex::encode(reversed(&out[96..102])), "719f1e9b9054");
        assert_eq!(hex::encode(t.f5_star(&rand)), "e7af6b3d0e38");
        assert_eq!(
            Tuak::new(&k[..15], &topc, 1).err(),
            Some(TuakError::KeyLength(15))
        );
    }
}
