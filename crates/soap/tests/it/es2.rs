//! ES2 (SGP.02 5.3): the notifications the SM-DP forwards to the operator.

use soap::es2::Es2Notification;
use soap::notify::{ProfileNotification, SmsrChangeNotification};

use crate::support::{eid, eis, iccid, round_trip};

#[test]
fn every_es2_notification_round_trips() {
    let note = ProfileNotification {
        eid: eid(),
        iccid: iccid(),
        completion_timestamp: "2026-03-04T05:06:07Z".into(),
    };
    let all = [
        Es2Notification::ProfileEnabled(note.clone()),
        Es2Notification::ProfileDisabled(note.clone()),
        Es2Notification::ProfileDeleted(note),
        Es2Notification::SmsrChanged(SmsrChangeNotification {
            eis: eis(),
            completion_timestamp: "2026-03-04T05:06:07Z".into(),
        }),
    ];
    for n in &all {
        let wire = round_trip(n, Es2Notification::encode, Es2Notification::decode);
        assert!(
            wire.contains("http://gsma.com/ES2/ProfileManagentCallBack/ES2-Handle"),
            "{wire}"
        );
    }
}
