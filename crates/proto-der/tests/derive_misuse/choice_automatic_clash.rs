// Automatic tagging numbers alternatives 0, 1, …; an explicit [1] clashes with the second.
extern crate proto_der as proto;
use proto::der::Asn1;

#[derive(Asn1)]
#[asn1(choice, automatic)]
enum Answer {
    #[asn1(tag = 1)]
    Ok(i64),
    Error(i64),
}

fn main() {}
