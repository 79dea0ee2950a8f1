//! The toolbox commands as a user runs them: exit status, one-line errors, no panics.

use crate::common::*;

use std::path::{Path, PathBuf};

fn reference() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("notice: ../shared/reference not found; skipping");
        None
    }
}

/// Offsets of the top-level TLVs of `der` (definite lengths, tags of one or two octets).
fn top_level_offsets(der: &[u8]) -> Vec<u64> {
    let mut offsets = Vec::new();
    let mut i = 0;
    while i < der.len() {
        offsets.push(i as u64);
        let mut p = i + 1;
        if der[i] & 0x1F == 0x1F {
            p += 1;
        }
        let (len, header) = match der[p] {
            l if l < 0x80 => (l as usize, 1),
            l => {
                let n = (l & 0x7F) as usize;
                let len = der[p + 1..p + 1 + n]
                    .iter()
                    .fold(0, |acc, &b| acc << 8 | b as usize);
                (len, 1 + n)
            }
        };
        i = p + header + len;
    }
    offsets
}

#[test]
fn decode_detects_message_and_reencodes() {
    let o = rsp_lab_stdin(
        Path::new("."),
        &["decode", "--reencode", "-"],
        b"bf2e1280100102030405060708090a0b0c0d0e0f10\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("\"type\": \"RSPDefinitions.GetEuiccChallengeResponse\""),
        "{out}"
    );
    assert!(
        out.contains("\"euiccChallenge\": \"0102030405060708090A0B0C0D0E0F10\""),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("BF2E1280100102030405060708090A0B0C0D0E0F10"),
        "{out}"
    );
    // base64 of the same bytes, and binary
    let der = hex::decode("bf2e1280100102030405060708090a0b0c0d0e0f10").unwrap();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
    assert!(
        rsp_lab_stdin(Path::new("."), &["decode", "-"], b64.as_bytes())
            .status
            .success()
    );
    assert!(
        rsp_lab_stdin(Path::new("."), &["decode", "-"], &der)
            .status
            .success()
    );
}

#[test]
fn decode_bad_input_names_problem_and_offset() {
    assert_one_line_error(
        &rsp_lab_stdin(Path::new("."), &["decode", "-"], b"bf2e12801001020304"),
        "at byte offset 0 (in GetEuiccChallengeResponse): truncated: 18 bytes needed, 6 available",
    );
    assert_one_line_error(
        &rsp_lab_stdin(Path::new("."), &["decode", "-"], b"bf2e0"),
        "odd number",
    );
    assert_one_line_error(
        &rsp_lab_stdin(Path::new("."), &["decode", "-"], b"vy4A#"),
        "byte offset 4",
    );
    assert_one_line_error(
        &rsp_lab_stdin(Path::new("."), &["decode", "-"], b"ff7f0100"),
        "no known message has tag FF7F",
    );
    assert_one_line_error(
        &rsp_lab_stdin(Path::new("."), &["decode", "-"], b"bf2e8480000000"),
        "at byte offset 0",
    );
    assert_one_line_error(
        &rsp_lab_stdin(
            Path::new("."),
            &["decode", "--type", "NoSuchType", "-"],
            b"3000",
        ),
        "unknown type \"NoSuchType\"",
    );
    assert_one_line_error(
        &rsp_lab_stdin(
            Path::new("."),
            &["decode", "--type", "GetEuiccChallengeResponse", "-"],
            b"bf2f00",
        ),
        "unexpected tag BF2F, expected BF2E",
    );
}

/// SGP.22 5.7.7 GetEuiccChallengeResponse of RSPDefinitions (EXTENSIBILITY IMPLIED): an
/// unknown extension is skipped on decoding, so `--reencode` cannot give the input back and
/// says where it differs.
#[test]
fn sgp22_5_7_7_challenge_with_an_unknown_extension_decodes_but_reencode_differs() {
    // GetEuiccChallengeResponse with a trailing [PRIVATE 127] field, outer length 0x12 + 4.
    let input = b"bf2e1680100102030405060708090a0b0c0d0e0f109f7f0100";
    let o = rsp_lab_stdin(Path::new("."), &["decode", "-"], input);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("\"euiccChallenge\": \"0102030405060708090A0B0C0D0E0F10\""),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // The first octet that differs is the outer length (0x16 in, 0x12 out).
    let o = rsp_lab_stdin(Path::new("."), &["decode", "--reencode", "-"], input);
    assert_one_line_error(&o, "re-encoding differs from the input at byte offset 2");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("BF2E1280100102030405060708090A0B0C0D0E0F10"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// Every malformed text input names the byte offset of the problem.
#[test]
fn input_errors_name_a_byte_offset() {
    for (input, detail, offset) in [
        // "vm\n" (a host name): padding missing where the text ends
        (&b"vm\n"[..], "invalid padding", 2),
        (b"vy4A vy==AAAA", "character '='", 7),
        (b"vy4Av", "incomplete last group of 4", 4),
        (b"vy5=", "last symbol '5'", 2),
        (b"vy4A#", "character '#'", 4),
        (b"bf 2e 0", "odd number of digits", 6),
    ] {
        for args in [&["decode", "-"][..], &["profile", "info", "-"][..]] {
            let o = rsp_lab_stdin(Path::new("."), args, input);
            assert_one_line_error(&o, detail);
            assert!(
                stderr(&o)
                    .trim_end()
                    .ends_with(&format!("at byte offset {offset}")),
                "{:?}: {}",
                String::from_utf8_lossy(input),
                stderr(&o)
            );
        }
    }
}

#[test]
fn decode_never_panics_on_garbage() {
    let mut seed = 0x1234_5678_u32;
    for len in 0..200usize {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                (seed >> 24) as u8
            })
            .collect();
        let o = rsp_lab_stdin(Path::new("."), &["decode", "-"], &bytes);
        assert!(
            !stderr(&o).contains("panicked"),
            "panic on {}",
            hex::encode(&bytes)
        );
    }
}

#[test]
fn certs_generate_then_verify() {
    let dir = tempfile::tempdir().unwrap();
    let pki = dir.path().join("pki");
    let o = rsp_lab_stdin(
        Path::new("."),
        &[
            "certs",
            "generate",
            "--out",
            pki.to_str().unwrap(),
            "--smdp-fqdn",
            "dp.example.test",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = rsp_lab_stdin(
        Path::new("."),
        &["certs", "verify", pki.to_str().unwrap()],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 failed"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = pki.join("eUICC/SK_EUICC_ECDSA_NIST.pem");
        let mode = std::fs::metadata(key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A tampered certificate fails the verification.
    let cert = pki.join("DPpb/CERT_S_SM_DPpb_ECDSA_NIST.der");
    let mut der = std::fs::read(&cert).unwrap();
    let n = der.len();
    der[n - 5] ^= 0x01;
    std::fs::write(&cert, der).unwrap();
    let o = rsp_lab_stdin(
        Path::new("."),
        &["certs", "verify", pki.to_str().unwrap()],
        b"",
    );
    assert!(!o.status.success());
}

/// the guide's "Curve sets": `--curves both` writes a brainpoolP256r1 chain beside the NIST one,
/// with SGP.26's `_BRP` names, and every chain verifies.
#[test]
fn sgp22_2_6_1_certs_generate_with_both_curve_sets_then_verify() {
    let dir = tempfile::tempdir().unwrap();
    let pki = dir.path().join("pki");
    let o = rsp_lab_stdin(
        Path::new("."),
        &[
            "certs",
            "generate",
            "--out",
            pki.to_str().unwrap(),
            "--curves",
            "both",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("curves NIST P-256 + brainpoolP256r1"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    for rel in [
        "CertificateIssuer/CERT_CI_ECDSA_BRP.der",
        "eUICC/SK_EUICC_ECDSA_BRP.pem",
        "DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der",
        "eUICC/CERT_EUICC_ECDSA_NIST.der",
    ] {
        assert!(pki.join(rel).is_file(), "{rel} missing");
    }
    let o = rsp_lab_stdin(
        Path::new("."),
        &["certs", "verify", pki.to_str().unwrap()],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("eUICC/CERT_EUICC_ECDSA_BRP.der"), "{out}");
    assert!(out.contains("0 failed"), "{out}");
}

/// SGP.22 4.5.2.1.0.2: the EUM's nameConstraints permit the EID prefix of the EIDs it
/// issues; `--eid` alone gives the EUM the EID's first 8 digits, `--eum-prefix` overrides.
#[test]
fn sgp22_4_5_2_1_0_2_certs_generate_puts_the_eum_prefix_under_the_given_eid() {
    let eid = "89033024000000000000000001234519";
    let dir = tempfile::tempdir().unwrap();
    let generate = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let mut args = vec![
            "certs",
            "generate",
            "--out",
            out.to_str().unwrap(),
            "--eid",
            eid,
        ];
        args.extend_from_slice(extra);
        (rsp_lab_stdin(Path::new("."), &args, b""), out)
    };
    for (name, extra, prefix) in [
        ("derived", &[][..], "89033024"),
        ("explicit", &["--eum-prefix", "890330"][..], "890330"),
    ] {
        let (o, pki) = generate(name, extra);
        assert!(o.status.success(), "{}", stderr(&o));
        let o = rsp_lab_stdin(
            Path::new("."),
            &["certs", "verify", pki.to_str().unwrap()],
            b"",
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        let line = |file: &str| {
            out.lines()
                .find(|l| l.contains(file))
                .unwrap_or_else(|| panic!("{file} not in {out}"))
                .to_owned()
        };
        assert!(
            line("CERT_EUICC_ECDSA_NIST.der").contains(&format!("EID {eid},")),
            "{out}"
        );
        assert!(
            line("CERT_EUM_ECDSA_NIST.der").contains(&format!("EID prefixes [\"{prefix}\"]")),
            "{out}"
        );
        assert!(out.ends_with("0 failed\n"), "{out}");
    }
    // An explicit prefix the EID is not under is refused.
    let (o, _) = generate("outside", &["--eum-prefix", "89049032"]);
    assert_one_line_error(&o, "outside the EUM's permitted prefixes [\"89049032\"]");
}

#[test]
fn sgp26_certs_verify_of_a_directory_without_certificates_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a certificate").unwrap();
    let path = dir.path().to_str().unwrap();
    let o = rsp_lab_stdin(Path::new("."), &["certs", "verify", path], b"");
    assert_one_line_error(&o, &format!("no certificates found in {path}"));
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// An error about a file names its path once (`error: p5: No such file ...`).
#[test]
fn errors_name_the_missing_path_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("p5");
    let missing = missing.to_str().unwrap();
    for args in [
        &["certs", "verify", missing][..],
        &["profile", "info", missing][..],
        &["decode", missing][..],
    ] {
        let o = rsp_lab_stdin(Path::new("."), args, b"");
        assert_one_line_error(&o, &format!("error: {missing}: "));
        assert_eq!(stderr(&o).matches(missing).count(), 1, "{}", stderr(&o));
    }
    // Writing under a path that cannot be a directory: the failing file, once.
    let file = dir.path().join("plain");
    std::fs::write(&file, "").unwrap();
    let o = rsp_lab_stdin(
        Path::new("."),
        &["certs", "generate", "--out", file.to_str().unwrap()],
        b"",
    );
    assert_one_line_error(&o, &format!("error: {}/", file.display()));
    assert_eq!(
        stderr(&o).matches(file.to_str().unwrap()).count(),
        1,
        "{}",
        stderr(&o)
    );
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn profile_info_and_personalize_a_ts48_profile() {
    let Some(reference) = reference() else { return };
    let template = reference.join("ts48/TS48V2-SAIP2-1-BERTLV-UNIQUE.der");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.der");
    let o = rsp_lab_stdin(
        Path::new("."),
        &[
            "profile",
            "personalize",
            template.to_str().unwrap(),
            "--iccid",
            "8949449999999990031",
            "--imsi",
            "262011234567890",
            "--ki",
            "000102030405060708090a0b0c0d0e0f",
            "--opc",
            "00112233445566778899aabbccddeeff",
            "--out",
            out.to_str().unwrap(),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = rsp_lab_stdin(
        Path::new("."),
        &[
            "profile",
            "info",
            out.to_str().unwrap(),
            "--json",
            "--show-keys",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["iccid"], "8949449999999990031");
    assert_eq!(v["imsi"], "262011234567890");
    assert_eq!(v["opc"], "00112233445566778899AABBCCDDEEFF");
    // ProfileHeader of TS.48 V2 profile 2.1 (SAIP 8.1.1): profileType and version.
    assert_eq!(v["profileType"], "GSMA Generic eUICC Test Profile");
    assert_eq!(v["version"], "2.1");
    // One element per top-level TLV, named after its ProfileElement CHOICE tag.
    let names: Vec<&str> = v["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "header",
            "mf",
            "pukCodes",
            "pinCodes",
            "telecom",
            "pinCodes",
            "genericFileManagement",
            "usim",
            "opt-usim",
            "pinCodes",
            "akaParameter",
            "gsm-access",
            "csim",
            "opt-csim",
            "pinCodes",
            "cdmaParameter",
            "isim",
            "opt-isim",
            "pinCodes",
            "akaParameter",
            "genericFileManagement",
            "genericFileManagement",
            "securityDomain",
            "rfm",
            "rfm",
            "rfm",
            "rfm",
            "end",
        ]
    );
    let der = std::fs::read(&out).unwrap();
    let offsets: Vec<u64> = v["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, top_level_offsets(&der));
    // Without --show-keys no secret is printed.
    let o = rsp_lab_stdin(
        Path::new("."),
        &["profile", "info", out.to_str().unwrap()],
        b"",
    );
    assert!(!String::from_utf8_lossy(&o.stdout).contains("00112233445566778899"));
    // A bad ICCID is refused with one line.
    let o = rsp_lab_stdin(
        Path::new("."),
        &[
            "profile",
            "personalize",
            template.to_str().unwrap(),
            "--iccid",
            "12",
            "--imsi",
            "262011234567890",
            "--ki",
            "00",
            "--opc",
            "00",
            "--out",
            out.to_str().unwrap(),
        ],
        b"",
    );
    assert!(!o.status.success());
    assert!(!stderr(&o).contains("panicked"));
}
