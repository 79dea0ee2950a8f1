//! A lab eUICC for the card targets: built once per process (key and chain checks take
//! milliseconds), and put back to the same state at rest before every input, so runs do not
//! depend on one another. Also the check that a card still answers after any input.

use std::cell::RefCell;

use certs::{LabPkiOptions, generate};
use euicc_sim::apdu::{Card, ISD_R_AID};
use euicc_sim::fuzz::restore;
use euicc_sim::state::EuiccState;
use euicc_sim::{Credentials, Es10Processor, Euicc, EuiccOptions};

struct Lab {
    consumer: (Euicc, EuiccState),
    iot: (Euicc, EuiccState),
}

fn new_euicc(creds: Credentials, iot: bool) -> (Euicc, EuiccState) {
    let options = EuiccOptions {
        iot,
        ..EuiccOptions::default()
    };
    let euicc = Euicc::in_memory(creds, options).expect("eUICC");
    let state = euicc.state().clone();
    (euicc, state)
}

impl Lab {
    fn new() -> Lab {
        let pki = generate(&LabPkiOptions::default()).expect("lab PKI");
        let creds = || Credentials::from_pki(&pki).expect("lab credentials");
        Lab {
            consumer: new_euicc(creds(), false),
            iot: new_euicc(creds(), true),
        }
    }
}

thread_local! {
    static LAB: RefCell<Option<Lab>> = const { RefCell::new(None) };
}

/// Runs `f` with the lab eUICC as it was created: an IoT eUICC (SGP.32, no eIM yet) when
/// `iot`, else a consumer one (SGP.22).
pub fn with_euicc<R>(iot: bool, f: impl FnOnce(&mut Euicc) -> R) -> R {
    LAB.with(|lab| {
        let mut lab = lab.borrow_mut();
        let lab = lab.get_or_insert_with(Lab::new);
        let (euicc, state) = if iot { &mut lab.iot } else { &mut lab.consumer };
        restore(euicc, state);
        f(euicc)
    })
}

/// Whether `sw1` opens a status word ISO/IEC 7816-4 allows: `61`–`6F` or `90`–`9F`.
pub fn is_sw1(sw1: u8) -> bool {
    matches!(sw1, 0x61..=0x6F | 0x90..=0x9F)
}

/// Sends `apdu`, then GET RESPONSE while `61XX` says more is waiting; the data and the last
/// status word.
fn exchange<P: Es10Processor>(card: &mut Card<P>, apdu: &[u8]) -> (Vec<u8>, [u8; 2]) {
    let mut data = Vec::new();
    let mut response = card.transmit(apdu);
    loop {
        let split = response.len().saturating_sub(2);
        let (part, sw) = response.split_at(split);
        data.extend_from_slice(part);
        let sw: [u8; 2] = sw
            .try_into()
            .expect("a response APDU ends with a status word");
        if sw[0] != 0x61 {
            return (data, sw);
        }
        response = card.transmit(&[0x00, 0xC0, 0x00, 0x00, sw[1]]);
    }
}

/// After a reset the card selects the ISD-R and answers ES10b.GetEUICCChallenge, whatever
/// came before: no input leaves it wedged.
pub fn assert_card_answers<P: Es10Processor>(card: &mut Card<P>) {
    card.reset();
    let mut select = vec![0x00, 0xA4, 0x04, 0x00, ISD_R_AID.len() as u8];
    select.extend_from_slice(&ISD_R_AID);
    select.push(0x00);
    let (_, sw) = exchange(card, &select);
    assert_eq!(sw, [0x90, 0x00], "SELECT ISD-R after reset");
    let (data, sw) = exchange(card, &[0x80, 0xE2, 0x91, 0x00, 0x03, 0xBF, 0x2E, 0x00]);
    assert_eq!(sw, [0x90, 0x00], "GetEUICCChallenge after reset");
    assert!(
        data.starts_with(&[0xBF, 0x2E]),
        "GetEUICCChallenge answered {data:02X?}"
    );
}
