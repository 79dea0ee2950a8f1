//! The SM-DP+ keeps its sessions in its database (ARCHITECTURE.md, "Storage rules": any
//! instance can continue any session): stopped and started again between
//! ES9+.AuthenticateClient and ES9+.GetBoundProfilePackage, it binds and delivers the
//! package of the open session and the download completes (SGP.22 3.1.3).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use lpa::{DownloadRequest, DownloadStep};
use sm_dp::OrderStatus;
use sm_dp::{ProfileState, Template};
use tests::Lab;

#[tokio::test]
async fn sgp22_3_1_3_smdp_restart_between_authenticate_client_and_get_bpp() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, "8949449999999990023")
        .await;
    let device = lab.euicc("device", None);
    let (iccid, mid) = lab.order("lab", Some(&device.eid), None).await;

    let restarts = Arc::new(AtomicUsize::new(0));
    let control = lab.smdp.clone();
    let counter = restarts.clone();
    let mut lpa = device.lpa(lab.lpa_options());
    lpa.on_step(Arc::new(move |step| {
        let control = control.clone();
        let counter = counter.clone();
        Box::pin(async move {
            if step == DownloadStep::GetBoundProfilePackage {
                control.restart().await;
                counter.fetch_add(1, Ordering::SeqCst);
            }
        })
    }));
    let request = DownloadRequest::activation_code(&lab.activation_code(&mid)).unwrap();
    let report = lpa
        .download(&request)
        .await
        .expect("download across a restart");
    assert_eq!(restarts.load(Ordering::SeqCst), 1);
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    assert!(report.notifications[0].accepted());
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Done);
    let points = lab.inbox.wait_for_point(&iccid, 4).await;
    assert!(
        points.contains(&(4, "Executed-Success".into())),
        "{points:?}"
    );
}
