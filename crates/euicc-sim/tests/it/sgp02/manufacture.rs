//! What an M2M eUICC leaves the factory with (SGP.02 2.2.1): CERT.ECASD.ECKA signed by the
//! EUM (GP Amendment E), the ISD-R's key sets, TS.48 profiles pre-loaded in ISD-Ps.

use certs::CertRole;
use certs::gp::{GpCertificate, KEY_USAGE_KEY_AGREEMENT};
use euicc_sim::m2m::M2mPreload;
use euicc_sim::state::m2m::IsdpLifeCycle;
use proto::crypto::PublicKey;

use crate::common::{pki, ts48_dir};
use crate::m2m_common::{isdp, m2m_euicc};

#[test]
fn sgp02_2_2_1_3_ecasd_certificate_is_signed_by_the_eum() {
    let e = m2m_euicc();
    let m2m = e.state().m2m.as_ref().unwrap();
    let cert = GpCertificate::decode(&m2m.ecasd.certificate).expect("7F21");
    let eum = pki().require(CertRole::Eum).unwrap();
    let eum_key = PublicKey::from_certificate_der(&eum.cert_der).unwrap();
    cert.verify(&eum_key).expect("EUM signature");
    assert_eq!(hex::encode(&cert.body.subject_identifier), e.eid());
    assert_eq!(cert.body.key_usage, KEY_USAGE_KEY_AGREEMENT);
    let ecasd_key = proto::crypto::PrivateKey::from_pem(&m2m.ecasd.private_key).unwrap();
    assert_eq!(cert.body.public_key, ecasd_key.public_key());
    // the ISD-R: TAR 000001, SCP80 KVN 01 AES (KIc/KID 12), SCP81 KVN 40
    assert_eq!(m2m.isd_r.tar, [0, 0, 1]);
    let eis = e.m2m_eis().unwrap();
    assert_eq!(
        (
            eis.isd_r.scp80[0].kic_byte.as_str(),
            eis.isd_r.scp80[0].counter
        ),
        ("12", 0)
    );
    assert_eq!(eis.isd_r.scp81[0].kvn, 0x40);
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn sgp02_2_2_1_2_ts48_profiles_preload_into_isdps() {
    let Some(dir) = ts48_dir() else { return };
    let mut e = m2m_euicc();
    for (i, name) in ["TS48V1-A-UNIQUE.der", "TS48V1-B-UNIQUE.der"]
        .iter()
        .enumerate()
    {
        let package = std::fs::read(dir.join(name)).unwrap();
        let mut p = M2mPreload::from_package(package).unwrap();
        p.profile.enabled = i == 0;
        p.profile.fallback = i == 0;
        e.preload_m2m_profile(&p).unwrap();
    }
    let m2m = e.state().m2m.as_ref().unwrap();
    let cycles: Vec<(Vec<u8>, IsdpLifeCycle, bool)> = m2m
        .isdps
        .iter()
        .map(|i| (i.aid.clone(), i.life_cycle, i.fallback))
        .collect();
    assert_eq!(
        cycles,
        [
            (isdp(0), IsdpLifeCycle::Enabled, true),
            (isdp(1), IsdpLifeCycle::Disabled, false)
        ]
    );
    let enabled = e.state().enabled_profile().unwrap();
    assert_eq!(Some(&enabled.iccid), m2m.isdps[0].iccid.as_ref());
    assert!(M2mPreload::from_package(vec![0x30, 0x00]).is_err());
}
