//! The EIS (SGP.02 5.1.1.2) on the wire: element names and order, attributes, the EUM
//! signature kept as received.

use soap::eis::{Eis, KeySetType, Pol2Action, Pol2Qualification, ProfileState};
use soap::message::{MessageError, Value};
use soap::ns;
use soap::xml::{Element, Limits, parse};

use crate::support::{eis, iccid};

fn names(el: &Element) -> Vec<&str> {
    el.children.iter().map(|c| c.name.as_str()).collect()
}

#[test]
fn eis_elements_are_in_the_wsdl_order() {
    let el = eis().write("Eis");
    assert_eq!(
        names(&el),
        [
            "EumSignedInfo",
            "RemainingMemory",
            "AvailableMemoryForProfiles",
            "Smsr-id",
            "profiles",
            "isd-r"
        ]
    );
    let esi = el.child("EumSignedInfo").expect("signed info");
    assert_eq!(
        names(esi),
        [
            "Eid",
            "Eum-Id",
            "ProductionDate",
            "PlatformType",
            "PlatformVersion",
            "isd-p-loadfile-aid",
            "isd-p-module-aid",
            "Ecasd",
            "EuiccCapabilities"
        ]
    );
    let component = el
        .child("isd-r")
        .and_then(|r| r.child("keySets"))
        .and_then(|k| k.child("keys"))
        .and_then(|k| k.child("components"))
        .expect("key component");
    assert_eq!(component.attribute("type"), Some("88"));
    assert_eq!(
        component.attribute("value"),
        Some("404142434445464748494A4B4C4D4E4F")
    );
    assert_eq!(Eis::read(&el).expect("read back"), eis());
}

#[test]
fn eum_signature_is_kept_with_its_namespace() {
    let mut signed = eis();
    let mut sig = Element::qualified(ns::XMLDSIG, "Signature");
    let mut value = Element::qualified(ns::XMLDSIG, "SignatureValue");
    value.text = "MEUCIQ==".into();
    sig.push(value);
    signed.signature = Some(sig);
    let env = soap::es1::Es1Request::RegisterEis(soap::es1::RegisterEisRequest {
        header: soap::status::RequestHeader::new("c"),
        eis: signed.clone(),
    })
    .encode(crate::support::request_addressing());
    let wire = env.encode();
    assert!(
        wire.contains("<ds:Signature><ds:SignatureValue>MEUCIQ==</ds:SignatureValue>"),
        "{wire}"
    );
    assert!(
        wire.contains("xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""),
        "{wire}"
    );
    let back = soap::envelope::Envelope::decode(wire.as_bytes()).expect("envelope");
    let soap::es1::Es1Request::RegisterEis(req) =
        soap::es1::Es1Request::decode(&back).expect("RegisterEIS");
    assert_eq!(req.eis, signed);
}

#[test]
fn hand_written_eis_is_read() {
    let xml = r#"<Eis>
      <EumSignedInfo>
        <Eid>89049032001001123456789012345678</Eid><Eum-Id>eum-9</Eum-Id>
        <ProductionDate>2025-05-05T00:00:00Z</ProductionDate>
        <PlatformType>p</PlatformType><PlatformVersion>2</PlatformVersion>
        <isd-p-loadfile-aid>a0000005591010ffffffff8900000d00</isd-p-loadfile-aid>
        <isd-p-module-aid>A0000005591010FFFFFFFF8900000E00</isd-p-module-aid>
        <Ecasd><Aid>A0000005591010FFFFFFFF8900000200</Aid><Role>ECASD</Role>
          <keySets><Version>73</Version><Type>CA</Type><Cntr>0</Cntr>
            <certificates><Index>1</Index><Value>7F21</Value></certificates></keySets></Ecasd>
        <EuiccCapabilities><CattpSupport>0</CattpSupport><HttpSupport>1</HttpSupport></EuiccCapabilities>
      </EumSignedInfo>
      <RemainingMemory>1000</RemainingMemory><AvailableMemoryForProfiles>900</AvailableMemoryForProfiles>
      <profiles><Iccid>8988200000000000011</Iccid><Isd-p-aid>A0000005591010FFFFFFFF8900001000</Isd-p-aid>
        <FallbackAttribute>false</FallbackAttribute><State>Disabled</State>
        <pol2><rules><Subject>PROFILE</Subject><Action>DISABLE</Action><Qualification>Auto-Delete</Qualification></rules></pol2>
      </profiles>
    </Eis>"#;
    let el = parse(xml.as_bytes(), &Limits::default()).expect("well-formed");
    let eis = Eis::read(&el).expect("EIS");
    assert_eq!(eis.eid().as_str(), "89049032001001123456789012345678");
    assert_eq!(eis.eum_signed_info.isd_p_load_file_aid.0[0], 0xA0);
    assert!(eis.eum_signed_info.euicc_capabilities.http_support);
    assert_eq!(
        eis.eum_signed_info.ecasd.key_sets[0].key_set_type,
        KeySetType::Ca
    );
    let listed = proto::ids::Iccid::parse_lenient("8988200000000000011").expect("ICCID");
    let p = eis.profile(&listed).expect("the profile");
    assert!(eis.profile(&iccid()).is_none());
    assert_eq!(p.state, ProfileState::Disabled);
    let pol2 = p.pol2.as_ref().expect("POL2");
    assert_eq!(
        pol2.qualification(Pol2Action::Disable),
        Some(Pol2Qualification::AutoDelete)
    );
    assert_eq!(pol2.qualification(Pol2Action::Enable), None);
}

#[test]
fn unknown_profile_state_and_missing_eid_are_refused() {
    let mut el = eis().write("Eis");
    let state = el
        .children
        .iter_mut()
        .find(|c| c.name == "profiles")
        .and_then(|p| p.children.iter_mut().find(|c| c.name == "State"))
        .expect("State");
    state.text = "Sleeping".into();
    assert!(matches!(
        Eis::read(&el),
        Err(MessageError::InvalidValue { ref element, .. }) if element == "State"
    ));
    let mut el = eis().write("Eis");
    if let Some(esi) = el.children.iter_mut().find(|c| c.name == "EumSignedInfo") {
        esi.children.retain(|c| c.name != "Eid");
    }
    assert!(matches!(Eis::read(&el), Err(MessageError::MissingElement(ref e)) if e == "Eid"));
}
