// A misspelt attribute is an error, not silently ignored.
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1)]
struct Request {
    #[asn1(tagg = 1)]
    value: i64,
}

fn main() {}
