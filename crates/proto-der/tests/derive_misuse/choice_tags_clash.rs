// Two alternatives of a CHOICE with one tag: a decoder could not tell them apart.
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1)]
#[asn1(choice)]
enum Answer {
    #[asn1(tag = 0)]
    Ok(i64),
    #[asn1(tag = 0)]
    Error(i64),
}

fn main() {}
