// What the checks must not refuse: an OPTIONAL component whose tag comes back only after a
// mandatory component, and alternatives with distinct tags.
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1, Debug, PartialEq)]
struct Request {
    #[asn1(tag = 1)]
    hint: Option<i64>,
    #[asn1(tag = 2)]
    value: i64,
    #[asn1(tag = 1)]
    again: Option<i64>,
}

#[derive(Asn1, Debug, PartialEq)]
#[asn1(choice)]
enum Answer {
    #[asn1(tag = 0)]
    Ok(i64),
    #[asn1(tag = 1)]
    Error(i64),
}

fn main() {
    let r = Request { hint: None, value: 5, again: Some(7) };
    assert_eq!(Request::from_der(&r.to_der()).unwrap(), r);
    let a = Answer::Error(3);
    assert_eq!(Answer::from_der(&a.to_der()).unwrap(), a);
}
