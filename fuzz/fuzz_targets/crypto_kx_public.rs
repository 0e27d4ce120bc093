//! Public-value validation (RFC 6989) and completion of every DH group on
//! arbitrary peer input: must return Ok or a typed error, never panic.
#![no_main]
use ike_crypto::{rustcrypto, ActiveKeyExchange, DeterministicRandom, KxConfig};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const GROUPS: [u16; 16] = [1, 2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 31, 32];

/// Our side of each group's exchange, started once. Key generation is not
/// what this target tests, and under the sanitizer a large MODP group's
/// takes seconds (14 s for the 8192-bit one), which left a 30-second smoke
/// run a few hundred executions when it started one per input.
static STARTED: [OnceLock<Option<Box<dyn ActiveKeyExchange>>>; GROUPS.len()] =
    [const { OnceLock::new() }; GROUPS.len()];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, peer)) = data.split_first() else { return };
    let p = rustcrypto().with_modp768(true);
    let idx = sel as usize % GROUPS.len();
    let Ok(kx) = p.key_exchange(GROUPS[idx]) else { return };
    let _ = kx.validate_public(peer);
    // Pad/cut to the right length too, so the arithmetic checks are reached.
    let mut fixed = peer.to_vec();
    fixed.resize(kx.public_len(), 0xff);
    let _ = kx.validate_public(&fixed);
    let me = STARTED[idx].get_or_init(|| {
        let rng = DeterministicRandom::new(b"fuzz");
        kx.start(&rng, &KxConfig::default()).ok()
    });
    if let Some(me) = me {
        let _ = me.complete(&fixed);
    }
});
