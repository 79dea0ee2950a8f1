//! An SGP.32 v1.3 eUICC (`proto::sgp32::v1_3`): it declares 1.3 in EUICCInfo2 beside 1.2,
//! and refuses a package too long for it to verify with an unsigned error carrying
//! `sizeOverflow(15)`, which v1.2 has no unsigned code for.

use crate::common::credentials;
use crate::iot_common::*;

use euicc_sim::state::ProfileStatus;
use euicc_sim::{Euicc, EuiccOptions, Sgp32Version};
use proto::der::Asn1;
use proto::sgp22::GetEuiccInfo2Request;
use proto::sgp32::{
    EmptySequence, EnableProfileResult, EuiccPackageErrorUnsigned, EuiccPackageResult,
    EuiccPackageUnsignedErrorCode, EuiccResultData, Psmo, SGP32EUICCInfo2,
};

fn euicc_of(eim: &Eim, version: Sgp32Version) -> Euicc {
    let mut options = EuiccOptions::iot_with_eim(eim.config());
    options.sgp32 = version;
    let mut e = Euicc::in_memory(credentials(), options).unwrap();
    preload(&mut e, BOOTSTRAP, true, true);
    preload(&mut e, LOCAL, false, false);
    e
}

/// A package of `n` getRAT operations, about 2·n octets long.
fn long_package(eim: &mut Eim, euicc: &Euicc, n: usize) -> proto::sgp32::EuiccPackageRequest {
    eim.psmos(euicc, vec![Psmo::GetRat(EmptySequence {}); n])
}

#[test]
fn sgp32_v1_3_euicc_declares_1_3_beside_1_2() {
    let eim = Eim::new();
    let mut euicc = euicc_of(&eim, Sgp32Version::V1_3);
    let info = SGP32EUICCInfo2::from_der(&es10(&mut euicc, &GetEuiccInfo2Request {})).unwrap();
    let versions = info.iot_specific_info.expect("IoT info").iot_version;
    assert_eq!(versions, vec![[1, 2, 0], [1, 3, 0]]);
}

#[test]
fn sgp32_v1_3_package_too_long_to_verify_is_refused_unsigned_with_size_overflow() {
    let mut eim = Eim::new();
    let mut euicc = euicc_of(&eim, Sgp32Version::V1_3);
    let req = long_package(&mut eim, &euicc, 9_000);
    assert!(req.to_der().len() > 16 * 1024);
    assert_eq!(
        load(&mut euicc, &req),
        EuiccPackageResult::EuiccPackageErrorUnsigned(EuiccPackageErrorUnsigned {
            eim_id: EIM_ID.into(),
            eim_transaction_id: req.euicc_package_signed.value().eim_transaction_id.clone(),
            association_token: None,
            euicc_package_unsigned_error_code: Some(EuiccPackageUnsignedErrorCode::SizeOverflow),
        })
    );
    // Nothing was executed and the counter not consumed: the next package runs.
    eim.counter -= 1;
    let ok = eim.psmos(&euicc, vec![enable(LOCAL, false)]);
    assert_eq!(
        results(&load(&mut euicc, &ok)),
        [EuiccResultData::EnableResult(EnableProfileResult::Ok)]
    );
    assert_eq!(
        euicc.state().profile_by_iccid(LOCAL).unwrap().state,
        ProfileStatus::Enabled
    );
}

#[test]
fn sgp32_v1_2_euicc_has_no_unsigned_code_and_verifies_the_same_package() {
    let mut eim = Eim::new();
    let mut euicc = euicc_of(&eim, Sgp32Version::V1_2);
    let req = long_package(&mut eim, &euicc, 9_000);
    assert!(matches!(
        load(&mut euicc, &req),
        EuiccPackageResult::EuiccPackageResultSigned(_)
    ));
}
