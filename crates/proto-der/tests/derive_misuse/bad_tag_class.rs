// Tag classes are universal, application, context or private.
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1)]
struct Request {
    #[asn1(tag = "public 1")]
    value: i64,
}

fn main() {}
