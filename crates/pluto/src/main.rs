//! pluto: the IKE keying daemon (see `pluto --help` and the manual).
#![forbid(unsafe_code)]

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(pluto::startup::main_with_args(args));
}
