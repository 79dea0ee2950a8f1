//! Every GSMA TS.48 generic test profile (`../shared/reference/ts48`, read in place) through
//! the whole SGP.22 path: bound by the test SM-DP+, loaded as an LPA does
//! (ES10b.LoadBoundProfilePackage, 5.7.6), then enabled, disabled and deleted (ES10c,
//! 5.7.16–5.7.18) with the notifications the metadata asks for, each signed by the eUICC.

use crate::common;

use common::*;
use proto::der::Asn1;
use proto::saip::ProfilePackage;
use proto::sgp22::{
    DeleteProfileRequest, DeleteProfileResponse, DeleteResult, DisableProfileRequest,
    DisableProfileResponse, DisableResult, EnableProfileRequest, EnableProfileResponse,
    EnableResult, FinalResult, Iccid, NotificationEvent, NotificationSentRequest,
    PendingNotification, ProfileIdentifier,
};

/// The TS.48 files in the reference set (v1 A/B, v2–v5 variants).
const TS48_FILES: usize = 18;

/// Every TS.48 file, sorted by name; empty when the reference data is absent, which CI
/// (environment variable `CI` set) does not accept.
fn ts48() -> Vec<(String, Vec<u8>)> {
    let Some(dir) = ts48_dir() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but ../shared/reference/ts48 is missing: reference data must be present in CI"
        );
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
    assert_eq!(out.len(), TS48_FILES, "TS.48 files in {}", dir.display());
    out
}

fn iccid_of(package: &[u8]) -> String {
    ProfilePackage::from_der(package)
        .unwrap()
        .summary()
        .unwrap()
        .iccid
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
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

/// A pending notification as (operation bit of NotificationEvent, ICCID, address).
fn event(n: &PendingNotification) -> (usize, Option<Iccid>, String) {
    let meta = match n {
        PendingNotification::ProfileInstallationResult(p) => {
            &p.profile_installation_result_data.notification_metadata
        }
        PendingNotification::OtherSignedNotification(o) => &*o.tbs_other_notification,
    };
    let op = &meta.profile_management_operation;
    let bit = (0..4).find(|b| op.has(*b)).unwrap_or(usize::MAX);
    (bit, meta.iccid, meta.notification_address.clone())
}

fn id(iccid: &str) -> Iccid {
    Iccid(
        proto::ids::Iccid::parse_lenient(iccid)
            .unwrap()
            .to_swapped_bcd(),
    )
}

fn enable(e: &mut euicc_sim::Euicc, iccid: &str) -> EnableResult {
    EnableProfileResponse::from_der(&es10(
        e,
        &EnableProfileRequest {
            profile_identifier: ProfileIdentifier::Iccid(id(iccid)),
            refresh_flag: true,
        },
    ))
    .unwrap()
    .enable_result
}

fn disable(e: &mut euicc_sim::Euicc, id: ProfileIdentifier) -> DisableResult {
    DisableProfileResponse::from_der(&es10(
        e,
        &DisableProfileRequest {
            profile_identifier: id,
            refresh_flag: false,
        },
    ))
    .unwrap()
    .disable_result
}

fn delete(e: &mut euicc_sim::Euicc, req: DeleteProfileRequest) -> DeleteResult {
    DeleteProfileResponse::from_der(&es10(e, &req))
        .unwrap()
        .delete_result
}

/// The notifications added since the last call, each checked for its eUICC signature and
/// removed (ES10b.RemoveNotificationFromList, 5.7.10).
fn new_events(e: &mut euicc_sim::Euicc) -> Vec<(usize, Option<Iccid>, String)> {
    let pending = notifications(e);
    let mut out = Vec::new();
    for n in &pending {
        assert!(signature_verifies(e, n), "{n:?}");
        out.push(event(n));
    }
    for n in e.state().notifications.clone() {
        let r = es10(
            e,
            &NotificationSentRequest {
                seq_number: n.seq_number,
            },
        );
        assert_eq!(hex::encode(r), "bf3003800100");
    }
    out
}

const ENABLE: usize = NotificationEvent::NOTIFICATION_ENABLE;
const DISABLE: usize = NotificationEvent::NOTIFICATION_DISABLE;
const DELETE: usize = NotificationEvent::NOTIFICATION_DELETE;

/// Every TS.48 profile installed on one eUICC, then each in turn enabled (displacing the one
/// enabled before it, 5.7.16), the displaced one deleted (5.7.18), and the last disabled
/// (5.7.17) and deleted; each step with exactly the notifications the metadata asks for.
#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp22_5_7_16_ts48_profiles_enable_disable_delete_with_signed_notifications() {
    let profiles = ts48();
    if profiles.is_empty() {
        return;
    }
    let smdp = Smdp::new();
    let mut euicc = euicc();
    let mut installed: Vec<String> = Vec::new();
    for (name, package) in &profiles {
        let iccid = iccid_of(package);
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
    assert_eq!(installed.len(), TS48_FILES);
    assert_eq!(euicc.state().profiles.len(), TS48_FILES);
    // Every ISD-P has its own AID.
    let mut aids: Vec<Vec<u8>> = euicc
        .state()
        .profiles
        .iter()
        .map(|p| p.isdp_aid.clone())
        .collect();
    aids.sort();
    aids.dedup();
    assert_eq!(aids.len(), TS48_FILES);
    let installs = new_events(&mut euicc);
    assert_eq!(installs.len(), TS48_FILES);
    assert!(installs.iter().all(|(bit, _, _)| *bit == 0));

    // Where the metadata sends every notification.
    let address = |iccid: &str| {
        metadata(iccid)
            .notification_configuration_info
            .unwrap_or_default()
            .first()
            .map(|c| c.notification_address.clone())
            .unwrap_or_default()
    };
    let aid_of = |e: &euicc_sim::Euicc, iccid: &str| {
        e.state()
            .profiles
            .iter()
            .find(|p| p.iccid == iccid)
            .map(|p| p.isdp_aid.clone())
            .unwrap()
    };
    let mut previous: Option<String> = None;
    for iccid in &installed {
        assert_eq!(enable(&mut euicc, iccid), EnableResult::Ok, "{iccid}");
        assert_eq!(
            enable(&mut euicc, iccid),
            EnableResult::ProfileNotInDisabledState,
            "{iccid}"
        );
        let refresh = euicc.take_refresh().unwrap();
        assert!(refresh.refresh_flag);
        assert_eq!(refresh.enabled_iccid.as_deref(), Some(iccid.as_str()));
        let enabled: Vec<_> = euicc
            .state()
            .profiles
            .iter()
            .filter(|p| p.state == euicc_sim::state::ProfileStatus::Enabled)
            .map(|p| p.iccid.clone())
            .collect();
        assert_eq!(enabled, std::slice::from_ref(iccid), "one enabled profile");
        // The enabled profile cannot be deleted.
        let aid = aid_of(&euicc, iccid);
        assert_eq!(
            delete(&mut euicc, DeleteProfileRequest::IsdpAid(aid)),
            DeleteResult::ProfileNotInDisabledState
        );
        match previous.take() {
            // The displaced profile's disable notification, then the enable notification.
            Some(prev) => {
                assert_eq!(
                    new_events(&mut euicc),
                    [
                        (DISABLE, Some(id(&prev)), address(&prev)),
                        (ENABLE, Some(id(iccid)), address(iccid)),
                    ],
                    "enabling {iccid} over {prev}"
                );
                assert_eq!(
                    delete(&mut euicc, DeleteProfileRequest::Iccid(id(&prev))),
                    DeleteResult::Ok
                );
                assert_eq!(
                    new_events(&mut euicc),
                    [(DELETE, Some(id(&prev)), address(&prev))]
                );
            }
            None => assert_eq!(
                new_events(&mut euicc),
                [(ENABLE, Some(id(iccid)), address(iccid))]
            ),
        }
        previous = Some(iccid.clone());
    }
    // The last one: disabled by ISD-P AID, then deleted by AID.
    let last = previous.unwrap();
    let aid = aid_of(&euicc, &last);
    assert_eq!(
        disable(&mut euicc, ProfileIdentifier::IsdpAid(aid.clone())),
        DisableResult::Ok
    );
    assert_eq!(euicc.take_refresh().map(|r| r.refresh_flag), Some(false));
    assert_eq!(
        disable(&mut euicc, ProfileIdentifier::IsdpAid(aid.clone())),
        DisableResult::ProfileNotInEnabledState
    );
    assert_eq!(
        new_events(&mut euicc),
        [(DISABLE, Some(id(&last)), address(&last))]
    );
    assert_eq!(
        delete(&mut euicc, DeleteProfileRequest::IsdpAid(aid.clone())),
        DeleteResult::Ok
    );
    assert_eq!(
        delete(&mut euicc, DeleteProfileRequest::IsdpAid(aid)),
        DeleteResult::IccidOrAidNotFound
    );
    assert_eq!(
        new_events(&mut euicc),
        [(DELETE, Some(id(&last)), address(&last))]
    );
    assert!(euicc.state().profiles.is_empty());
    assert!(euicc.state().notifications.is_empty());
    // Sequence numbers kept increasing across all 18 × 4 notifications.
    assert!(euicc.state().next_seq_number >= (TS48_FILES * 4) as i64);
}
