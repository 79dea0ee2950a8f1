//! The real SM-DP+ in-process, with profile types `de-local-a` and `de-local-b` of
//! operator1, and an eIM ([`eim_testkit::Lab`]) pointed at it (ES2+ and ES9+) that
//! localizes Germany: the relay and localization tests of the eIM with a real SM-DP+. The
//! SM-DP+ serves `GET /metrics` on a loopback port of its own (`metrics_addr`).

use std::collections::BTreeMap;

use eim::Target;
use sm_dp::{
    CredentialSource as DpCredentials, InventoryAdd, SmDp, SmDpConfig, SmDpHandle, Template,
};

use eim_testkit::Lab;

pub async fn start(pki: &certs::Pki, dir: &std::path::Path) -> SmDpHandle {
    let mut c = SmDpConfig::new(dir.join("smdp"));
    c.server.credentials = DpCredentials::Pki(Box::new(pki.clone()));
    c.es9_listen = "127.0.0.1:0".parse().unwrap();
    c.es2_listen = "127.0.0.1:0".parse().unwrap();
    c.server.database_url = Some(storage::sqlite_url(&dir.join("smdp.db")));
    c.server.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    let h = SmDp::start(c).await.unwrap();
    for (ptype, payload, count) in [
        ("de-local-a", "894901000000010000", 2),
        ("de-local-b", "894901000000020000", 2),
    ] {
        let start = proto::ids::Iccid::from_payload(payload).unwrap();
        h.view()
            .add_inventory(&InventoryAdd {
                profile_type: ptype.into(),
                template: Template::Minimal,
                count,
                iccid_start: start.as_str().into(),
                imsi_start: "262010000000001".into(),
                operator: Some("operator1".into()),
                service_provider_name: Some("DE Local".into()),
                profile_name: None,
            })
            .await
            .unwrap();
    }
    h
}

fn target(t: &str) -> Target {
    Target {
        profile_type: t.into(),
        operator: None,
    }
}

/// An eIM pointed at the SM-DP+, localizing Germany with `targets`.
pub async fn lab(targets: &[&str]) -> (Lab, SmDpHandle, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let pki = eim_testkit::pki();
    let dp = start(&pki, dir.path()).await;
    let fqdn = certs::generate::DEFAULT_SMDP_FQDN;
    let es2 = format!("https://{fqdn}:{}", dp.es2_addr().port());
    let es9 = format!("https://{fqdn}:{}", dp.es9_addr().port());
    let targets: Vec<Target> = targets.iter().map(|t| target(t)).collect();
    let lab = Lab::start_with_pki(pki, |c| {
        c.smdp.es2_url = Some(es2);
        c.smdp.es9_url = Some(es9);
        c.smdp
            .resolve
            .insert(fqdn.into(), "127.0.0.1:0".parse().unwrap());
        c.localization.enabled = true;
        c.localization.targets = BTreeMap::from([("DE".to_string(), targets)]);
    })
    .await;
    (lab, dp, dir)
}
