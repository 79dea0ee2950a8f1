//! Inventory: bulk personalization of a template (SGP.22 2.4.5 profile packages, TCA
//! interoperable format) into stored profiles with their own ICCID, IMSI, Ki and OPc.

use crate::support;

use proto::saip::ProfilePackage;
use sm_dp::{InventoryAdd, ProfileState, SmDpView, Template};

fn reference(name: &str) -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/ts48")
        .join(name);
    if p.is_file() {
        Some(p)
    } else {
        println!("notice: {} absent, test skipped", p.display());
        None
    }
}

async fn packages(view: &SmDpView, ptype: &str) -> Vec<(sm_dp::Profile, Vec<u8>)> {
    let mut out = Vec::new();
    for p in view.profiles(Some(ptype)).await.unwrap() {
        let pkg = view.package(&p.iccid).await.unwrap().unwrap();
        out.push((p, pkg));
    }
    out
}

#[tokio::test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
async fn saip_ts48_template_personalized_per_profile() {
    let Some(path) = reference("TS48V2-SAIP2-3-NOBERTLV-UNIQUE.der") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = SmDpView::open(&support::database_url(dir.path()).await)
        .await
        .unwrap();
    let report = store
        .add_inventory(&InventoryAdd {
            profile_type: "ts48".into(),
            template: Template::File(path),
            count: 3,
            iccid_start: "8949449999999990023".into(),
            imsi_start: "262019999999901".into(),
            operator: Some("operator2".into()),
            service_provider_name: None,
            profile_name: None,
        })
        .await
        .unwrap();
    assert_eq!(report.iccids.len(), 3);
    assert_eq!(report.operator, "operator2");
    let stored = packages(&store, "ts48").await;
    let mut kis = Vec::new();
    for (i, (p, pkg)) in stored.iter().enumerate() {
        assert_eq!(p.state, ProfileState::Available);
        let s = ProfilePackage::from_der(pkg).unwrap().summary().unwrap();
        assert_eq!(s.iccid, report.iccids[i]);
        assert_eq!(
            s.imsi.as_deref(),
            Some(format!("26201999999990{}", i + 1).as_str())
        );
        kis.push(s.ki.unwrap());
    }
    kis.dedup();
    assert_eq!(kis.len(), 3, "each profile has its own Ki");

    // More of the same type continue under its owner; another owner is refused.
    let more = InventoryAdd {
        profile_type: "ts48".into(),
        template: Template::Minimal,
        count: 1,
        iccid_start: "8949449999999991005".into(),
        imsi_start: "262019999999999".into(),
        operator: Some("operator1".into()),
        service_provider_name: None,
        profile_name: None,
    };
    assert!(store.add_inventory(&more).await.is_err());
    // A duplicate ICCID rolls the whole batch back.
    let dup = InventoryAdd {
        operator: None,
        iccid_start: report.iccids[2].clone(),
        count: 2,
        ..more
    };
    assert!(store.add_inventory(&dup).await.is_err());
    assert_eq!(packages(&store, "ts48").await.len(), 3);
    store.close().await;
}
