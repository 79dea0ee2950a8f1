// An OPTIONAL component followed by one with the same tag: absent or present?
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1)]
struct Request {
    #[asn1(tag = 1)]
    hint: Option<i64>,
    #[asn1(tag = 1)]
    value: i64,
}

fn main() {}
