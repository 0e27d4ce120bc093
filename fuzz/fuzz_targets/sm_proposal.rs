//! Libreswan `ike=`/`esp=` strings into ike-sm's proposal parser, and
//! whatever parses through proposal selection against the defaults.
#![no_main]

use ike_sm::config::proposal::{select, to_offered, DhRule};
use ike_sm::config::{default_esp, default_ike, parse_esp, parse_ike};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = parse_ike(s) {
        let offered = to_offered(&p, 1, &[], true);
        let _ = select(&default_ike(), &offered, 1, DhRule::Required);
    }
    if let Ok(p) = parse_esp(s) {
        let offered = to_offered(&p, 3, &[0, 0, 16, 0], false);
        let _ = select(&default_esp(), &offered, 3, DhRule::Ignore);
    }
});
