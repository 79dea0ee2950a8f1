//! ES1 (SGP.02 5.2): RegisterEIS through the wire and back.

use soap::es1::{Es1Request, RegisterEisRequest};
use soap::status::RequestHeader;

use crate::support::{eis, round_trip};

#[test]
fn register_eis_round_trips_and_has_no_callback() {
    let req = Es1Request::RegisterEis(RegisterEisRequest {
        header: RequestHeader::new("eum-call-1"),
        eis: eis(),
    });
    let wire = round_trip(&req, Es1Request::encode, Es1Request::decode);
    assert!(wire.contains("http://gsma.com/ES1/eUICCManagement/ES1-RegisterEISRequest"));
    assert_eq!(soap::es1::REGISTER_EIS.callback_action, None);
}
