//! The eUICC's state file: created, reopened, credentials inline or by reference, and crash
//! consistency of an installation interrupted at every piece (the eUICC object dropped, the
//! file reopened: the state is the one before, and a new session installs).

use crate::common;

use std::fs;

use common::*;
use euicc_sim::state::CredentialsRecord;
use euicc_sim::{
    Es10Processor, Euicc, EuiccError, EuiccOptions, InitError, credentials_from_dir,
    credentials_from_pki_dir,
};
use proto::sgp22::FinalResult;

#[test]
fn state_file_round_trip_keeps_profiles_notifications_and_counters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("euicc.json");
    let mut euicc = Euicc::create(&path, credentials(), EuiccOptions::default()).unwrap();
    let iccid = "8949449999999990023";
    download(&mut euicc, &Smdp::new(), &metadata(iccid), &profile(iccid));
    let state = euicc.state().clone();
    drop(euicc);
    let mut again = Euicc::open(&path).unwrap();
    assert_eq!(again.state(), &state);
    assert_eq!(again.eid(), "89049032123451234512345678901235");
    // It keeps working: a second profile with the next sequence number.
    let iccid = "8949449999999990031";
    let pir = download(&mut again, &Smdp::new(), &metadata(iccid), &profile(iccid));
    assert_eq!(
        pir.profile_installation_result_data
            .notification_metadata
            .seq_number,
        state.next_seq_number
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the file holds SK.EUICC.ECDSA");
    }
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"format\": \"rsp-lab/euicc-state/1\""));
    assert!(text.contains("BEGIN EC PRIVATE KEY"));
    // An existing file is not overwritten by create.
    assert!(matches!(
        Euicc::create(&path, credentials(), EuiccOptions::default()),
        Err(EuiccError::Io { .. })
    ));
    // A file that is not a state file is refused with a reason.
    let junk = dir.path().join("junk.json");
    fs::write(&junk, b"{\"format\": 1}").unwrap();
    assert!(matches!(Euicc::open(&junk), Err(EuiccError::Format { .. })));
}

#[test]
fn credentials_by_reference_keep_keys_out_of_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let creds_dir = dir.path().join("pki");
    pki().write_dir(&creds_dir).unwrap();
    let creds = credentials_from_dir(&creds_dir, None).unwrap();
    let path = dir.path().join("euicc.json");
    let options = EuiccOptions {
        credentials_by_reference: true,
        ..EuiccOptions::default()
    };
    let euicc = Euicc::create(&path, creds, options).unwrap();
    assert!(matches!(
        euicc.state().credentials,
        CredentialsRecord::Directory { .. }
    ));
    assert!(!fs::read_to_string(&path).unwrap().contains("PRIVATE KEY"));
    let reopened = Euicc::open(&path).unwrap();
    assert_eq!(reopened.eid(), euicc.eid());
    assert_eq!(reopened.info().credentials, creds_dir.display().to_string());
    // The requested EID must be the certificate's.
    assert!(matches!(
        credentials_from_dir(&creds_dir, Some("89049032000000000000000000000099")),
        Err(InitError::EidMismatch { .. })
    ));
}

#[test]
fn init_from_a_pki_dir_issues_a_certificate_for_a_new_eid() {
    let dir = tempfile::tempdir().unwrap();
    pki().write_dir(dir.path()).unwrap();
    // The PKI's own eUICC.
    let own = credentials_from_pki_dir(dir.path(), None).unwrap();
    assert_eq!(own.eid().as_str(), "89049032123451234512345678901235");
    // Another EID: issued by the EUM on the fly.
    let eid = certs::eid::eid_from_prefix("89049032", 4711).unwrap();
    let issued = credentials_from_pki_dir(dir.path(), Some(&eid)).unwrap();
    assert_eq!(issued.eid().as_str(), eid);
    let mut euicc = Euicc::in_memory(issued, EuiccOptions::default()).unwrap();
    let iccid = "8949449999999990023";
    let pir = download(&mut euicc, &Smdp::new(), &metadata(iccid), &profile(iccid));
    assert!(matches!(
        pir.profile_installation_result_data.final_result,
        FinalResult::SuccessResult(_)
    ));
    // Without the EUM key no new eUICC can be issued.
    fs::remove_file(dir.path().join("EUM/SK_EUM_ECDSA_NIST.pem")).unwrap();
    assert!(matches!(
        credentials_from_pki_dir(dir.path(), Some(&eid)),
        Err(InitError::NoEuiccCredential { .. })
    ));
    // An EID outside the EUM's prefix is refused by the issuer.
    pki().write_dir(dir.path()).unwrap();
    let outside = certs::eid::eid_from_prefix("89049099", 1).unwrap();
    assert!(credentials_from_pki_dir(dir.path(), Some(&outside)).is_err());
}

#[test]
fn info_is_a_serializable_summary() {
    let mut euicc = euicc();
    let iccid = "8949449999999990023";
    download(&mut euicc, &Smdp::new(), &metadata(iccid), &profile(iccid));
    let info = euicc.info();
    assert_eq!(info.profiles.len(), 1);
    assert_eq!(info.profiles[0].iccid, iccid);
    assert_eq!(info.pending_notifications.len(), 1);
    let json = serde_json::to_value(&info).unwrap();
    assert_eq!(json["profiles"][0]["state"], "disabled");
    assert_eq!(json["pending_notifications"][0]["operation"], "install");
    assert_eq!(json["svn"], "2.5.0");
}

#[test]
fn crash_during_installation_at_every_piece_leaves_the_previous_state() {
    let dir = tempfile::tempdir().unwrap();
    let smdp = Smdp::new();
    let iccid = "8949449999999990023";
    // The number of pieces of this download.
    let count = {
        let mut e = euicc();
        let tid = fresh_tid();
        let p = prepare(&mut e, &smdp, &tid);
        let bpp = smdp.bind(
            &e,
            &p.ok,
            &p.smdp_signature2,
            &tid,
            &metadata(iccid),
            &profile(iccid),
        );
        lpa_pieces(&proto::der::Asn1::to_der(&bpp)).len()
    };
    assert!(count > 5);
    for cut in 0..count {
        let path = dir.path().join(format!("euicc-{cut}.json"));
        let mut euicc = Euicc::create(&path, credentials(), EuiccOptions::default()).unwrap();
        let tid = fresh_tid();
        let p = prepare(&mut euicc, &smdp, &tid);
        let bpp = smdp.bind(
            &euicc,
            &p.ok,
            &p.smdp_signature2,
            &tid,
            &metadata(iccid),
            &profile(iccid),
        );
        let pieces = lpa_pieces(&proto::der::Asn1::to_der(&bpp));
        let before = fs::read(&path).unwrap();
        for piece in &pieces[..cut] {
            assert!(euicc.try_process_es10(piece).unwrap().is_empty());
        }
        // The process dies here.
        drop(euicc);
        assert_eq!(fs::read(&path).unwrap(), before, "cut after {cut} pieces");
        let mut reopened = Euicc::open(&path).unwrap();
        assert!(reopened.state().profiles.is_empty());
        assert!(reopened.state().notifications.is_empty());
        // The rest of the package finds no session.
        assert!(reopened.try_process_es10(&pieces[cut]).is_err());
        // A retry in a new session installs the profile.
        let pir = download(&mut reopened, &smdp, &metadata(iccid), &profile(iccid));
        assert!(matches!(
            pir.profile_installation_result_data.final_result,
            FinalResult::SuccessResult(_)
        ));
        assert_eq!(Euicc::open(&path).unwrap().state().profiles.len(), 1);
    }
    // Only state files in the directory: no temporary file left.
    assert!(
        fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp"))
    );
}

/// Child side of [`a_killed_process_never_leaves_a_half_written_state_file`]: commits
/// changes to the state file in a loop until killed.
#[test]
#[ignore = "run by a_killed_process_never_leaves_a_half_written_state_file"]
fn child_commits_until_killed() {
    let Ok(path) = std::env::var("EUICC_SIM_CHILD_STATE") else {
        return;
    };
    let mut euicc = Euicc::open(std::path::Path::new(&path)).unwrap();
    let iccid = proto::sgp22::Iccid(
        proto::ids::Iccid::parse_lenient("8949449999999990023")
            .unwrap()
            .to_swapped_bcd(),
    );
    let round = std::env::var("EUICC_SIM_CHILD_ROUND").unwrap_or_default();
    for n in 0u64.. {
        let nickname = format!("{round}{n:0>59}");
        let r = es10(
            &mut euicc,
            &proto::sgp22::SetNicknameRequest {
                iccid,
                profile_nickname: nickname,
            },
        );
        assert_eq!(hex::encode(r), "bf2903800100");
    }
}

#[test]
fn a_killed_process_never_leaves_a_half_written_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("euicc.json");
    let mut euicc = Euicc::create(&path, credentials(), EuiccOptions::default()).unwrap();
    let iccid = "8949449999999990023";
    download(&mut euicc, &Smdp::new(), &metadata(iccid), &profile(iccid));
    drop(euicc);
    let exe = std::env::current_exe().unwrap();
    for round in 0..4u64 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "state_file::child_commits_until_killed",
                "--ignored",
                "--nocapture",
            ])
            .env("EUICC_SIM_CHILD_STATE", &path)
            .env("EUICC_SIM_CHILD_ROUND", round.to_string())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Killed once it has committed in this round (however slow the disk), then a few
        // milliseconds later, different each round, so that the kill lands mid-commit.
        let nickname = |path: &std::path::Path| {
            Euicc::open(path)
                .expect("a complete state")
                .state()
                .profiles[0]
                .nickname
                .clone()
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !nickname(&path).is_some_and(|n| n.starts_with(&round.to_string())) {
            assert!(
                std::time::Instant::now() < deadline,
                "round {round}: the child process committed nothing in 30 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::thread::sleep(std::time::Duration::from_millis(3 + 7 * round));
        child.kill().unwrap();
        child.wait().unwrap();
        let after = nickname(&path).expect("the nickname committed before the kill");
        assert_eq!(after.len(), 60, "round {round}");
        assert!(after.starts_with(&round.to_string()), "round {round}");
    }
}
