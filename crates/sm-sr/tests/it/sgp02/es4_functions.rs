//! SGP.02 5.5 ES4 functions: the ES5 script each produces for the ISD-R (TS 102 226
//! expanded format), stored before it is sent and kept across a restart.

use sm_sr::OperationState;

use crate::support::{AID2, EID, Lab, P2, h, requester};

/// `AA L 22 L <apdu>`: one C-APDU in a command script.
fn script(apdu: &str) -> String {
    let n = apdu.len() / 2;
    format!("AA{:02X}22{:02X}{apdu}", n + 2, n)
}

#[tokio::test]
async fn each_function_queues_its_isd_r_script() {
    let lab = Lab::with_eis().await;
    let (es4, a) = (lab.smsr.es4(), requester("mno-a"));
    let cases = [
        (
            es4.enable_profile(&a, EID, P2).await,
            format!("80E28800153A03124F10{AID2}"),
        ),
        (es4.disable_profile(&a, EID, P2).await, String::new()),
        (
            es4.set_fallback_attribute(&a, EID, P2).await,
            format!("80E28800153A05124F10{AID2}"),
        ),
        (
            es4.delete_profile(&a, EID, P2).await,
            format!("80E40080124F10{AID2}"),
        ),
    ];
    let pending = lab.smsr.pending_commands(10).await.unwrap();
    let mut queued = pending.iter();
    for (result, apdu) in cases {
        if apdu.is_empty() {
            assert!(result.is_err(), "P2 is disabled: DisableProfile refused");
            continue;
        }
        let op = result.unwrap();
        let c = queued.next().unwrap();
        assert_eq!(c.operation_id, op.operation_id);
        assert_eq!((h(&c.tar), h(&c.script)), ("000001".into(), script(&apdu)));
    }
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn disable_and_audit_scripts() {
    let lab = Lab::with_eis().await;
    let es4 = lab.smsr.es4();
    let b = requester("mno-b");
    // Operator B audits its one profile: GET STATUS of its ISD-P, then GET DATA FF21.
    es4.audit_eis(&b, EID, &[]).await.unwrap();
    let c = &lab.smsr.pending_commands(1).await.unwrap()[0];
    assert_eq!(
        h(&c.script),
        "AA212218\
         80F24002124F10A0000005591010FFFFFFFF8900001200002205\
         80CAFF2100"
    );
    let eis = es4.get_eis(&b, EID).await.unwrap();
    assert_eq!(eis.profiles.len(), 1, "B sees its own profile only");
    assert!(
        eis.isd_r.scp80.is_empty() && eis.isd_r.scp81.is_empty(),
        "no ISD-R keys"
    );
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn a_queued_command_survives_a_restart() {
    let lab = Lab::with_eis().await;
    let op = lab.enable_p2().await;
    let lab = lab.restart().await;
    let pending = lab.smsr.pending_commands(10).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].operation_id, op.operation_id);
    let stored = lab.smsr.operation(&op.operation_id).await.unwrap().unwrap();
    assert_eq!(stored.state, OperationState::Sending);
    assert_eq!(
        stored.requester.reply_to.as_deref(),
        Some("https://mno.example/es4")
    );
    lab.smsr.shutdown().await;
}
