// A struct is a SEQUENCE (named fields) or a newtype (one field).
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1)]
struct Pair(i64, i64);

fn main() {}
