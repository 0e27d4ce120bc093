//! ipsec.secrets parser and lookup on arbitrary text. The input is two files
//! separated by a 0x01 byte: `/s/main.secrets` (parsed) and `/s/x.secrets`
//! (reachable by `include`), both in memory, so include globs and loops are
//! exercised without touching the disk. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pluto::config::harness::{exercise_secrets, split_input};

fuzz_target!(|data: &[u8]| {
    let (main, other) = split_input(data);
    exercise_secrets(&main, &other);
});
