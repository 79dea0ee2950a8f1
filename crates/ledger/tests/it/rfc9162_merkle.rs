//! RFC 9162 §2.1 (and RFC 6962 §2.1): tree hash, inclusion and consistency proofs, against
//! the certificate-transparency test vectors (leaves, roots of sizes 0..=8, proofs) and the
//! properties the RFC states, for every leaf and every pair of sizes up to 20.

use ledger::merkle::{
    Hash, consistency_proof, inclusion_proof, leaf_hash, root, verify_consistency, verify_inclusion,
};

fn hd(s: &str) -> Hash {
    let v = hex::decode(s).unwrap();
    v.try_into().unwrap()
}

/// The test leaves of the certificate-transparency reference implementation.
fn vector_leaves() -> Vec<Vec<u8>> {
    [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
    .iter()
    .map(|h| hex::decode(h).unwrap())
    .collect()
}

const ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn hashes(n: usize) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(format!("leaf {i}").as_bytes()))
        .collect()
}

#[test]
fn rfc9162_2_1_1_roots_match_the_ct_vectors() {
    let leaves: Vec<Hash> = vector_leaves().iter().map(|l| leaf_hash(l)).collect();
    for (n, want) in ROOTS.iter().enumerate() {
        assert_eq!(root(&leaves[..n]), hd(want), "tree of {n} leaves");
    }
}

#[test]
fn rfc9162_2_1_3_inclusion_proofs_match_the_ct_vectors() {
    let leaves: Vec<Hash> = vector_leaves().iter().map(|l| leaf_hash(l)).collect();
    let cases: [(usize, &[&str]); 2] = [
        (
            0,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
    ];
    for (m, want) in cases {
        let want: Vec<Hash> = want.iter().map(|h| hd(h)).collect();
        assert_eq!(inclusion_proof(&leaves, m).unwrap(), want, "leaf {m} of 8");
        assert!(verify_inclusion(
            m as u64,
            8,
            &leaves[m],
            &want,
            &hd(ROOTS[8])
        ));
    }
}

#[test]
fn rfc9162_2_1_4_consistency_proofs_match_the_ct_vectors() {
    let leaves: Vec<Hash> = vector_leaves().iter().map(|l| leaf_hash(l)).collect();
    let cases: [(usize, usize, &[&str]); 3] = [
        (
            1,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            6,
            8,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            5,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];
    for (m, n, want) in cases {
        let want: Vec<Hash> = want.iter().map(|h| hd(h)).collect();
        assert_eq!(
            consistency_proof(&leaves[..n], m).unwrap(),
            want,
            "{m} → {n}"
        );
        assert!(verify_consistency(
            m as u64,
            n as u64,
            &hd(ROOTS[m]),
            &hd(ROOTS[n]),
            &want
        ));
    }
    assert_eq!(
        consistency_proof(&leaves[..1], 1).unwrap(),
        Vec::<Hash>::new()
    );
}

#[test]
fn rfc9162_2_1_3_every_leaf_of_trees_1_to_20_is_proved_and_nothing_else() {
    for n in 1..=20usize {
        let leaves = hashes(n);
        let r = root(&leaves);
        for m in 0..n {
            let proof = inclusion_proof(&leaves, m).unwrap();
            assert!(
                verify_inclusion(m as u64, n as u64, &leaves[m], &proof, &r),
                "{m} of {n}"
            );
            // Another leaf, another position, another size, a changed proof: refused.
            let other = leaves[(m + 1) % n];
            if n > 1 {
                assert!(!verify_inclusion(m as u64, n as u64, &other, &proof, &r));
                assert!(!verify_inclusion(
                    ((m + 1) % n) as u64,
                    n as u64,
                    &leaves[m],
                    &proof,
                    &r
                ));
            }
            assert!(!verify_inclusion(
                n as u64, n as u64, &leaves[m], &proof, &r
            ));
            if let Some(first) = proof.first() {
                let mut bad = proof.clone();
                bad[0] = leaf_hash(first);
                assert!(!verify_inclusion(m as u64, n as u64, &leaves[m], &bad, &r));
                assert!(!verify_inclusion(
                    m as u64,
                    n as u64,
                    &leaves[m],
                    &proof[1..],
                    &r
                ));
            }
        }
        assert!(inclusion_proof(&leaves, n).is_none());
    }
}

#[test]
fn rfc9162_2_1_4_every_pair_of_sizes_up_to_20_is_consistent_and_tampering_is_not() {
    let all = hashes(20);
    for n in 1..=20usize {
        let rn = root(&all[..n]);
        for m in 1..=n {
            let rm = root(&all[..m]);
            let proof = consistency_proof(&all[..n], m).unwrap();
            assert!(
                verify_consistency(m as u64, n as u64, &rm, &rn, &proof),
                "{m} → {n}"
            );
            if m < n {
                // A different old tree (one leaf changed) is not a prefix.
                let mut other = all[..m].to_vec();
                other[m - 1] = leaf_hash(b"edited");
                assert!(!verify_consistency(
                    m as u64,
                    n as u64,
                    &root(&other),
                    &rn,
                    &proof
                ));
                assert!(!verify_consistency(
                    m as u64,
                    n as u64,
                    &rm,
                    &root(&all[..n - 1]),
                    &proof
                ));
                assert!(!verify_consistency(n as u64, m as u64, &rn, &rm, &proof));
                let mut bad = proof.clone();
                bad[0] = leaf_hash(&bad[0]);
                assert!(!verify_consistency(m as u64, n as u64, &rm, &rn, &bad));
                if proof.len() > 1 {
                    assert!(!verify_consistency(
                        m as u64,
                        n as u64,
                        &rm,
                        &rn,
                        &proof[1..]
                    ));
                }
            }
        }
    }
}
