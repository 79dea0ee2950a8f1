//! `rsp-lab`: the toolbox and lab command.

fn main() {
    println!("rsp-lab");
}
