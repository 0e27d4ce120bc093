//! ipsec.conf parser, also=/%default resolution and the whack conversion on
//! arbitrary text. The input is two files separated by a 0x01 byte:
//! `/s/main.conf` (parsed) and `/s/x.conf` (reachable by `include`), both in
//! memory. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pluto::config::harness::{exercise_conf, split_input};

fuzz_target!(|data: &[u8]| {
    let (main, other) = split_input(data);
    exercise_conf(&main, &other);
});
