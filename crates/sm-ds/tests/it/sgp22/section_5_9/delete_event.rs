//! SGP.22 5.9.2 ES12.DeleteEvent: only the registrant deletes its Event Record.

use crate::support::device::{Device, discover};
use crate::support::{EID, Lab, SMDP, executed, is};

/// A deleted event is no longer offered; deleting it again is "8.9.5 Event Record / 3.9
/// Unknown".
#[tokio::test]
async fn sgp22_5_9_2_delete_then_unknown() {
    let lab = Lab::start().await;
    let dp = lab.smdp();
    assert!(executed(&dp.register(EID, SMDP, "EVENT-1").await));
    assert!(executed(&dp.delete(EID, "EVENT-1").await));
    let again = dp.delete(EID, "EVENT-1").await;
    assert!(is(&again, "8.9.5", "3.9"), "{again}");
    let never = dp.delete(EID, "NEVER").await;
    assert!(is(&never, "8.9.5", "3.9"), "{never}");
    assert_eq!(lab.smds.event_count().await.unwrap(), 0);
    lab.smds.shutdown().await;
}

/// Another registrant (here the alternative SM-DS, under the same CI) cannot delete the
/// SM-DP+'s event: to it the event is unknown (8.9.5/3.9), and the device still finds it.
#[tokio::test]
async fn sgp22_5_9_2_a_foreign_caller_cannot_delete_an_event() {
    let lab = Lab::start().await;
    assert!(executed(&lab.smdp().register(EID, SMDP, "EVENT-1").await));
    let v = lab.alternative_smds().delete(EID, "EVENT-1").await;
    assert!(is(&v, "8.9.5", "3.9"), "{v}");
    let mut device = Device::new();
    let found = discover(&lab.lpa(), &mut device).await;
    let proto::sgp22::AuthenticateClientResponseEs11::AuthenticateClientOk(ok) = found else {
        panic!("refused: {found:?}");
    };
    assert_eq!(ok.event_entries.len(), 1);
    lab.smds.shutdown().await;
}
