// A DEFAULT component is optional on the wire too; the clash is with a later OPTIONAL one.
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1)]
struct Request {
    #[asn1(tag = 2, default = "0")]
    version: i64,
    #[asn1(tag = 3)]
    name: Option<i64>,
    #[asn1(tag = 2)]
    other: Option<i64>,
}

fn main() {}
