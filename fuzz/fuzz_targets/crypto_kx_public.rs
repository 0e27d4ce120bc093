//! Public-value validation (RFC 6989) and completion of every DH group on
//! arbitrary peer input: must return Ok or a typed error, never panic.
#![no_main]
use ike_crypto::{rustcrypto, DeterministicRandom, KxConfig};
use libfuzzer_sys::fuzz_target;

const GROUPS: [u16; 16] = [1, 2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 31, 32];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, peer)) = data.split_first() else { return };
    let p = rustcrypto().with_modp768(true);
    let group = GROUPS[sel as usize % GROUPS.len()];
    let Ok(kx) = p.key_exchange(group) else { return };
    let _ = kx.validate_public(peer);
    // Pad/cut to the right length too, so the arithmetic checks are reached.
    let mut fixed = peer.to_vec();
    fixed.resize(kx.public_len(), 0xff);
    let _ = kx.validate_public(&fixed);
    let rng = DeterministicRandom::new(b"fuzz");
    if let Ok(me) = kx.start(&rng, &KxConfig::default()) {
        let _ = me.complete(&fixed);
    }
});
