//! The software M2M eUICC in process for the ES3 tests: an empty card whose EIS the SM-SR
//! imports, and a bearer that hands the card every queued ES5 command by its TAR (the
//! ISD-R's, or an ISD-P's) and the SM-SR its answer.

use euicc_sim::m2m::M2mSetup;
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use sm_sr::Operation;
use sm_sr::eis::CardOwners;

use super::es3_https::smdp_id;
use crate::support::{Lab, pki};

/// The ISD-R's TAR.
const ISD_R_TAR: [u8; 3] = [0, 0, 1];

/// A fresh SM-SR and an M2M eUICC without profiles, its EIS imported (operator `mno-a`).
pub(crate) async fn lab_with_card() -> (Lab, Euicc) {
    let creds = Credentials::from_pki(pki()).unwrap();
    let (_, eum) = pki().require_key(certs::CertRole::Eum).unwrap();
    let setup = M2mSetup::generate(creds.eid().as_str(), eum).unwrap();
    let card = Euicc::in_memory_m2m(creds, EuiccOptions::default(), setup).unwrap();
    let lab = Lab::start().await;
    let eis = serde_json::to_string(&card.m2m_eis().unwrap()).unwrap();
    let owners = CardOwners {
        eum_id: "eum-1".into(),
        mno_id: "mno-a".into(),
        smdp_id: smdp_id(),
        msisdns: Vec::new(),
    };
    lab.smsr.import_card_eis(&eis, &owners).await.unwrap();
    (lab, card)
}

/// Runs every queued command on `card`; the operations as they stand after, in order.
pub(crate) async fn run_card(lab: &Lab, card: &mut Euicc) -> Vec<Operation> {
    let mut done = Vec::new();
    for c in lab.smsr.pending_commands(16).await.unwrap() {
        let tar: [u8; 3] = c.tar.as_slice().try_into().unwrap();
        let answer = if tar == ISD_R_TAR {
            card.run_isdr_script(&c.script)
        } else {
            card.run_isdp_script(tar, &c.script)
                .expect("an ISD-P with this TAR")
        };
        let op = lab.smsr.command_answered(&c.operation_id, c.seq, &answer);
        done.push(op.await.unwrap());
    }
    done
}
