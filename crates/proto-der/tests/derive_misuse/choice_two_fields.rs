// A CHOICE alternative carries one value.
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1)]
#[asn1(choice)]
enum Answer {
    #[asn1(tag = 0)]
    Ok(i64, i64),
}

fn main() {}
