// An enum must say whether it is a CHOICE, ENUMERATED or INTEGER.
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1)]
enum Colour {
    Red,
}

fn main() {}
