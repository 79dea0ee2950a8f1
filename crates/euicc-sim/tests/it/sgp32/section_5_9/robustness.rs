//! Malformed requests never panic an IoT eUICC (SGP.32 v1.2 5.9): random octets after the
//! IoT function tags, and valid IoT requests (signed eUICC Packages included) truncated, with
//! flipped bits or inserted octets; each answered with a response or a status word, and the
//! eUICC still answers afterwards.

use crate::iot_common;

use euicc_sim::{Es10Processor, Euicc};
use iot_common::*;
use proptest::prelude::*;
use proto::der::{Asn1, Null};
use proto::sgp22::{GetEuiccInfo1Request, ProfileInfoListRequest};
use proto::sgp32::*;

/// One valid request of every IoT function, and eUICC Packages of every operation.
fn corpus(euicc: &Euicc) -> Vec<Vec<u8>> {
    let mut eim = Eim::new();
    let psmos = vec![
        enable(LOCAL, true),
        disable(BOOTSTRAP),
        delete(OTHER),
        Psmo::ListProfileInfo(ProfileInfoListRequest::default()),
        Psmo::GetRat(EmptySequence {}),
        Psmo::ConfigureImmediateEnable(ConfigureImmediateProfileEnablingRequest::default()),
        Psmo::SetFallbackAttribute(PsmoIccid {
            iccid: iccid(LOCAL),
        }),
        Psmo::UnsetFallbackAttribute(EmptySequence {}),
        Psmo::SetDefaultDpAddress(SGP32SetDefaultDpAddressRequest {
            default_dp_address: "smdp.rsp-lab.test".into(),
        }),
    ];
    let ecos = vec![
        Eco::AddEim(eim.config().to_asn1()),
        Eco::DeleteEim(DeleteEim { eim_id: "x".into() }),
        Eco::UpdateEim(eim.config().to_asn1()),
        Eco::ListEim(EmptySequence {}),
    ];
    vec![
        eim.psmos(euicc, psmos).to_der(),
        eim.package(euicc, EuiccPackage::EcoList(ecos)).to_der(),
        AddInitialEimRequest {
            eim_configuration_data_list: vec![eim.config().to_asn1()],
        }
        .to_der(),
        GetEimConfigurationDataRequest::default().to_der(),
        GetCertsRequest::default().to_der(),
        ProfileRollbackRequest { refresh_flag: true }.to_der(),
        ConfigureImmediateProfileEnablingRequest {
            immediate_enable_flag: Some(Null),
            ..Default::default()
        }
        .to_der(),
        ImmediateEnableRequest { refresh_flag: true }.to_der(),
        EnableEmergencyProfileRequest::default().to_der(),
        DisableEmergencyProfileRequest::default().to_der(),
        ExecuteFallbackMechanismRequest::default().to_der(),
        ReturnFromFallbackRequest::default().to_der(),
        GetConnectivityParametersRequest {}.to_der(),
        SGP32EuiccMemoryResetRequest {
            reset_options: SGP32ResetOptions::from_bits(&[0, 1, 2, 3, 4, 5, 6]),
        }
        .to_der(),
        SGP32SetDefaultDpAddressRequest {
            default_dp_address: "smdp.rsp-lab.test".into(),
        }
        .to_der(),
        SGP32RetrieveNotificationsListRequest {
            search_criteria: Some(SGP32NotificationSearchCriteria::EuiccPackageResults(Null)),
        }
        .to_der(),
    ]
}

fn mutate(mut data: Vec<u8>, at: usize, how: u8, extra: &[u8]) -> Vec<u8> {
    let n = data.len().max(1);
    match how % 3 {
        0 => data.truncate(at % n),
        1 => {
            if let Some(b) = data.get_mut(at % n) {
                *b ^= extra.first().copied().unwrap_or(1) | 1;
            }
        }
        _ => {
            let at = at % (data.len() + 1);
            data.splice(at..at, extra.iter().copied());
        }
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sgp32_5_9_random_octets_after_an_iot_function_tag_never_panic(
        tag in prop_oneof![Just(0x51u8), 0x55u8..0x60, Just(0x64), Just(0x65)],
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let eim = Eim::new();
        let mut e = fleet_euicc(&eim);
        let mut data = vec![0xBF, tag];
        proto::der::encode_length(body.len(), &mut data);
        data.extend(body);
        let _ = e.try_process_es10(&data);
    }

    #[test]
    fn sgp32_5_9_mutated_iot_requests_never_panic(
        pick in any::<usize>(),
        edits in proptest::collection::vec(
            (any::<usize>(), any::<u8>(), proptest::collection::vec(any::<u8>(), 1..6)),
            1..4,
        ),
    ) {
        let eim = Eim::new();
        let mut e = fleet_euicc(&eim);
        let corpus = corpus(&e);
        let base = corpus[pick % corpus.len()].clone();
        let data = edits.iter().fold(base, |d, (at, how, extra)| mutate(d, *at, *how, extra));
        let _ = e.try_process_es10(&data);
        let info1 = GetEuiccInfo1Request {}.to_der();
        prop_assert!(e.try_process_es10(&info1).is_ok());
    }
}
