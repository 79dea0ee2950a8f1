//! The SM-SR's EIS in the binding's `Eis` shape (SGP.02 5.1.1.2.1; the `eis` type of the
//! SGP.02 WSDLs), as ES4.GetEIS answers it: what [`Eis::for_operator`] leaves (no ISD-R
//! keys, the requester's profiles only). The EUM-signed fields the SM-SR keeps without
//! interpreting come from the EIS's `info` (`productionDate`, `platformType`,
//! `platformVersion`, `isdPLoadFileAid`, `isdPModuleAid`, `ecasdAid`, hex for AIDs), empty
//! when the registration did not give them. The ECASD carries CERT.ECASD.ECKA (`info`'s
//! `ecasdCertificate`) as the certificate of its `CA` key set: it is public, signed by the
//! EUM, and the SM-DP needs it for the ISD-P's key establishment (SGP.02 3.1.2, 4.1.3.1).

use proto::ids::{Eid, Iccid};
use soap::eis::{
    self as b, Certificate, KeySet, KeySetType, Pol2Subject, SecurityDomain, SecurityDomainRole,
};
use soap::message::Hex;

use crate::eis::{Eis, Pol2, Pol2Action, Pol2Qualification, Profile, ProfileState};

/// `info` key of the ECASD certificate (hex).
pub(crate) const ECASD_CERTIFICATE: &str = "ecasdCertificate";

/// `eis` in the binding's shape; `None` when its EID or an ICCID does not parse (a stored
/// EIS was checked at registration, so this is a corrupt row).
pub(crate) fn to_binding(e: &Eis) -> Option<b::Eis> {
    let text = |k: &str| e.info.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    let hex = |k: &str| Hex(hex::decode(text(k)).unwrap_or_default());
    let profiles = e.profiles.iter().map(profile).collect::<Option<Vec<_>>>()?;
    Some(b::Eis {
        eum_signed_info: b::EumSignedInfo {
            eid: Eid::parse_lenient(&e.eid).ok()?,
            eum_id: e.eum_id.clone(),
            production_date: text("productionDate").into(),
            platform_type: text("platformType").into(),
            platform_version: text("platformVersion").into(),
            isd_p_load_file_aid: hex("isdPLoadFileAid"),
            isd_p_module_aid: hex("isdPModuleAid"),
            ecasd: SecurityDomain {
                aid: hex("ecasdAid"),
                tar: None,
                sin: None,
                sdin: None,
                role: Some(SecurityDomainRole::Ecasd),
                key_sets: ecasd_key_sets(e),
            },
            euicc_capabilities: b::EuiccCapabilities {
                cattp_support: false,
                cattp_version: None,
                http_support: true,
                http_version: None,
                secure_packet_version: None,
                remote_provisioning_version: None,
            },
        },
        signature: None,
        remaining_memory: e.remaining_memory,
        available_memory_for_profiles: e.remaining_memory,
        last_audit_date: None,
        smsr_id: None,
        eum_certificate_id: None,
        profiles,
        isd_r: Some(SecurityDomain {
            aid: Hex(e.isd_r.aid.clone()),
            tar: Some(Hex(e.isd_r.tar.clone())),
            sin: None,
            sdin: None,
            role: Some(SecurityDomainRole::IsdR),
            // Keys are never given to an operator (SGP.02 5.5: GetEIS answers the EIS
            // without the ISD-R's keys).
            key_sets: Vec::new(),
        }),
        additional_properties: None,
    })
}

/// The ECASD's `CA` key set with CERT.ECASD.ECKA, when the EIS has it.
fn ecasd_key_sets(e: &Eis) -> Vec<KeySet> {
    let cert = e.info.get(ECASD_CERTIFICATE).and_then(|v| v.as_str());
    let Some(value) = cert.and_then(|h| hex::decode(h).ok()) else {
        return Vec::new();
    };
    vec![KeySet {
        version: "01".into(),
        key_set_type: KeySetType::Ca,
        counter: 0,
        keys: Vec::new(),
        certificates: vec![Certificate {
            index: 1,
            ca_id: None,
            value: Hex(value),
        }],
    }]
}

fn profile(p: &Profile) -> Option<b::ProfileInfo> {
    let address = (p.msisdn.is_some() || p.imsi.is_some()).then(|| b::SubscriptionAddress {
        imsi: p.imsi.clone(),
        msisdn: p.msisdn.clone(),
    });
    Some(b::ProfileInfo {
        iccid: Iccid::parse_lenient(&p.iccid).ok()?,
        isd_p_aid: Hex(p.isd_p_aid.clone()),
        mno_id: Some(p.mno_id.clone()),
        fallback_attribute: p.fallback,
        subscription_address: address,
        state: match p.state {
            ProfileState::InstallInProgress => b::ProfileState::InstallInProgress,
            ProfileState::Created => b::ProfileState::Created,
            ProfileState::Enabled => b::ProfileState::Enabled,
            ProfileState::Disabled => b::ProfileState::Disabled,
        },
        smdp_id: Some(p.smdp_id.clone()),
        profile_type: Some(p.profile_type.clone()),
        allocated_memory: None,
        free_memory: None,
        pol2: Some(pol2(&p.pol2)),
    })
}

fn pol2(p: &Pol2) -> b::Pol2 {
    b::Pol2 {
        rules: p
            .0
            .iter()
            .map(|r| b::Pol2Rule {
                subject: Pol2Subject::Profile,
                action: match r.action {
                    Pol2Action::Enable => b::Pol2Action::Enable,
                    Pol2Action::Disable => b::Pol2Action::Disable,
                    Pol2Action::Delete => b::Pol2Action::Delete,
                },
                qualification: match r.qualification {
                    Pol2Qualification::NotAllowed => b::Pol2Qualification::NotAllowed,
                    Pol2Qualification::AutoDelete => b::Pol2Qualification::AutoDelete,
                },
            })
            .collect(),
    }
}
