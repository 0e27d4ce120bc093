//! pluto: placeholder binary until its issue lands.
#![forbid(unsafe_code)]

fn main() {
    eprintln!("pluto: not built yet (see issue 6)");
    std::process::exit(1);
}
