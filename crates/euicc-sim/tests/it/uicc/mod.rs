//! The card as a UICC, by the specification of each face. The helpers below make the cards
//! these tests drive: a TS.48 package personalized for a subscriber, with the algorithm its
//! NAAs authenticate with, pre-loaded enabled on an IoT eUICC.

mod ts102_221_face;
mod ts34_108_test_algorithm;
mod ts35_231_tuak;
mod ts51_011_sim_commands;

use euicc_sim::apdu::Card;
use euicc_sim::{Euicc, EuiccOptions, Preload};
use proto::saip::{
    AlgoConfiguration, AlgorithmID, Personalization, ProfileElement, ProfilePackage, personalize,
};

use crate::common;
use crate::iot_common::{Eim, meta};

/// The TS.48 package these tests start from (v5, SAIP 2.3, no BER-TLV files), when
/// `../shared/reference/ts48` is there; `None` (and a notice) skips the test.
fn ts48() -> Option<ProfilePackage> {
    let path = common::ts48_dir()?.join("TS48V5-SAIP2-3-NOBERTLV-UNIQUE.der");
    let Ok(der) = std::fs::read(&path) else {
        eprintln!("{} not found: test skipped", path.display());
        return None;
    };
    ProfilePackage::from_der(&der).ok()
}

/// `template` personalized with these identities and keys; with `algorithm`, its NAAs
/// authenticate with it instead of the template's own.
fn personalized(
    template: &ProfilePackage,
    p: Personalization,
    algorithm: Option<AlgorithmID>,
) -> ProfilePackage {
    let mut package = personalize(template, &p).expect("personalized");
    if let Some(id) = algorithm {
        for pe in &mut package.elements {
            if let ProfileElement::AkaParameter(a) = pe {
                if let AlgoConfiguration::AlgoParameter(algo) = &mut a.algo_configuration {
                    algo.algorithm_id = id;
                }
            }
        }
    }
    package
}

/// An IoT eUICC (associated with a new eIM) with `package` pre-loaded and enabled, as a card.
fn iot_card(package: &ProfilePackage, iccid: &str) -> Card<Euicc> {
    let eim = Eim::new();
    let mut e = Euicc::in_memory(
        common::credentials(),
        EuiccOptions::iot_with_eim(eim.config()),
    )
    .expect("created");
    e.preload_profile(&Preload {
        enabled: true,
        ..Preload::new(package.to_der(), meta(iccid))
    })
    .expect("pre-loaded");
    Card::new(e)
}
