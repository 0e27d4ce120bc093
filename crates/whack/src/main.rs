//! whack: placeholder binary until its issue lands.
#![forbid(unsafe_code)]

fn main() {
    eprintln!("whack: not built yet (see issue 6)");
    std::process::exit(1);
}
