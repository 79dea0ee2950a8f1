//! Every GSMA TS.48 generic test profile (`../shared/reference/ts48`, read in place) through
//! the whole SGP.22 path: bound by the test SM-DP+, loaded as an LPA does
//! (ES10b.LoadBoundProfilePackage, 5.7.6), then enabled, disabled and deleted (ES10c,
//! 5.7.16–5.7.18) with the notifications the metadata asks for, each signed by the eUICC.

mod common;

use common::*;
use proto::der::Asn1;
use proto::saip::ProfilePackage;
use proto::sgp22::{
    DeleteProfileRequest, DeleteProfileResponse, DeleteResult, DisableProfileRequest,
    DisableProfileResponse, DisableResult, EnableProfileRequest, EnableProfileResponse,
    EnableResult, FinalResult, Iccid, NotificationEvent, NotificationSentRequest,
    PendingNotification, ProfileIdentifier,
};

fn ts48() -> Vec<(String, Vec<u8>)> {
    let Some(dir) = ts48_dir() else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "der"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn iccid_of(package: &[u8]) -> String {
    ProfilePackage::from_der(package)
        .unwrap()
        .summary()
        .unwrap()
        .iccid
}

fn operations(list: &[PendingNotification]) -> Vec<(usize, String)> {
    list.iter()
        .map(|n| match n {
            PendingNotification::ProfileInstallationResult(_) => (0, "install".to_string()),
            PendingNotification::OtherSignedNotification(o) => {
                let op = &o.tbs_other_notification.profile_management_operation;
                let bit = (0..4).find(|b| op.has(*b)).unwrap();
                (bit, o.tbs_other_notification.notification_address.clone())
            }
        })
        .collect()
}

#[test]
fn sgp22_5_7_6_every_ts48_profile_installs_with_its_own_iccid() {
    let profiles = ts48();
    if profiles.is_empty() {
        return;
    }
    // Each file has one ICCID; the files do not all share one.
    let iccids: Vec<String> = profiles.iter().map(|(_, p)| iccid_of(p)).collect();
    let mut distinct = iccids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        profiles.len(),
        "each TS.48 file carries its own ICCID"
    );
    let smdp = Smdp::new();
    for ((name, package), iccid) in profiles.iter().zip(&iccids) {
        // One eUICC per file, since files may share an ICCID.
        let mut euicc = euicc();
        let pir = download(&mut euicc, &smdp, &metadata(iccid), package);
        let data = pir.profile_installation_result_data.value();
        assert!(
            matches!(data.final_result, FinalResult::SuccessResult(_)),
            "{name}: {:?}",
            data.final_result
        );
        let p = &euicc.state().profiles[0];
        assert_eq!(&p.iccid, iccid, "{name}");
        assert_eq!(p.size, package.len() as u64, "{name}");
        assert!(p.imsi.is_some(), "{name}: IMSI read from EF.IMSI");
        let pending = notifications(&mut euicc);
        assert_eq!(pending.len(), 1);
        assert!(signature_verifies(&euicc, &pending[0]), "{name}");
    }
}

#[test]
fn sgp22_5_7_16_ts48_profiles_enable_disable_delete_with_signed_notifications() {
    let profiles = ts48();
    if profiles.is_empty() {
        return;
    }
    let smdp = Smdp::new();
    let mut euicc = euicc();
    // Install every file with a distinct ICCID on one eUICC.
    let mut installed: Vec<String> = Vec::new();
    for (name, package) in &profiles {
        let iccid = iccid_of(package);
        if installed.contains(&iccid) {
            continue;
        }
        let pir = download(&mut euicc, &smdp, &metadata(&iccid), package);
        assert!(
            matches!(
                pir.profile_installation_result_data.final_result,
                FinalResult::SuccessResult(_)
            ),
            "{name}"
        );
        installed.push(iccid);
    }
    // Every ISD-P has its own AID.
    let mut aids: Vec<Vec<u8>> = euicc
        .state()
        .profiles
        .iter()
        .map(|p| p.isdp_aid.clone())
        .collect();
    aids.dedup();
    assert_eq!(aids.len(), installed.len());
    // Deliver and remove the install notifications.
    for n in euicc.state().notifications.clone() {
        let r = es10(
            &mut euicc,
            &NotificationSentRequest {
                seq_number: n.seq_number,
            },
        );
        assert_eq!(hex::encode(r), "bf3003800100");
    }

    let id = |iccid: &str| {
        Iccid(
            proto::ids::Iccid::parse_lenient(iccid)
                .unwrap()
                .to_swapped_bcd(),
        )
    };
    let first = &installed[0];
    let enable = |e: &mut euicc_sim::Euicc, iccid: &str| {
        EnableProfileResponse::from_der(&es10(
            e,
            &EnableProfileRequest {
                profile_identifier: ProfileIdentifier::Iccid(id(iccid)),
                refresh_flag: true,
            },
        ))
        .unwrap()
        .enable_result
    };
    assert_eq!(enable(&mut euicc, first), EnableResult::Ok);
    assert_eq!(
        enable(&mut euicc, first),
        EnableResult::ProfileNotInDisabledState
    );
    let refresh = euicc.take_refresh().unwrap();
    assert!(refresh.refresh_flag);
    assert_eq!(refresh.enabled_iccid.as_deref(), Some(first.as_str()));
    // Enabling another one disables the first: disable then enable notifications.
    if let Some(second) = installed.get(1) {
        assert_eq!(enable(&mut euicc, second), EnableResult::Ok);
        let ops = operations(&notifications(&mut euicc));
        assert_eq!(
            ops,
            [
                (1, smdp.address.clone()),
                (2, smdp.address.clone()),
                (1, smdp.address.clone())
            ]
        );
        let enabled: Vec<_> = euicc
            .state()
            .profiles
            .iter()
            .filter(|p| p.state == euicc_sim::state::ProfileStatus::Enabled)
            .map(|p| p.iccid.clone())
            .collect();
        assert_eq!(enabled, std::slice::from_ref(second), "one enabled profile");
    }
    let current = euicc.state().enabled_profile().unwrap().clone();
    // The enabled profile cannot be deleted.
    let delete = |e: &mut euicc_sim::Euicc, req: DeleteProfileRequest| {
        DeleteProfileResponse::from_der(&es10(e, &req))
            .unwrap()
            .delete_result
    };
    assert_eq!(
        delete(
            &mut euicc,
            DeleteProfileRequest::IsdpAid(current.isdp_aid.clone())
        ),
        DeleteResult::ProfileNotInDisabledState
    );
    // Disable by ISD-P AID, then delete by AID.
    let r = DisableProfileResponse::from_der(&es10(
        &mut euicc,
        &DisableProfileRequest {
            profile_identifier: ProfileIdentifier::IsdpAid(current.isdp_aid.clone()),
            refresh_flag: false,
        },
    ))
    .unwrap();
    assert_eq!(r.disable_result, DisableResult::Ok);
    assert_eq!(euicc.take_refresh().map(|r| r.refresh_flag), Some(false));
    assert_eq!(
        delete(
            &mut euicc,
            DeleteProfileRequest::IsdpAid(current.isdp_aid.clone())
        ),
        DeleteResult::Ok
    );
    assert_eq!(
        delete(
            &mut euicc,
            DeleteProfileRequest::IsdpAid(current.isdp_aid.clone())
        ),
        DeleteResult::IccidOrAidNotFound
    );
    // Delete every other one by ICCID.
    for iccid in &installed {
        if *iccid != current.iccid {
            assert_eq!(
                delete(&mut euicc, DeleteProfileRequest::Iccid(id(iccid))),
                DeleteResult::Ok
            );
        }
    }
    assert!(euicc.state().profiles.is_empty());
    // Notifications: every one signed by PK.EUICC.ECDSA, sequence numbers increasing, the
    // delete notifications kept after the profiles are gone.
    let pending = notifications(&mut euicc);
    assert!(pending.iter().all(|n| signature_verifies(&euicc, n)));
    let seqs: Vec<i64> = euicc
        .state()
        .notifications
        .iter()
        .map(|n| n.seq_number)
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    let deletes = pending
        .iter()
        .filter(|n| match n {
            PendingNotification::OtherSignedNotification(o) => {
                o.tbs_other_notification.profile_management_operation
                    == NotificationEvent::from_bits(&[NotificationEvent::NOTIFICATION_DELETE])
            }
            _ => false,
        })
        .count();
    assert_eq!(deletes, installed.len());
}
