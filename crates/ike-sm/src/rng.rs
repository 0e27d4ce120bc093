//! Injected randomness: nonces, SPIs, DH secrets, fuzz of rekey times.
//! The endpoint never reads the OS itself; the caller hands in a source.

use rand_core::{CryptoRng, RngCore};

/// A source of random bytes. Any `rand_core` CSPRNG works; tests use
/// [`SeededRng`] for determinism.
pub trait Random: Send {
    /// Fill `out` with random bytes.
    fn fill(&mut self, out: &mut [u8]);

    /// A random `u64`.
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill(&mut b);
        u64::from_le_bytes(b)
    }
}

impl<T: RngCore + CryptoRng + Send> Random for T {
    fn fill(&mut self, out: &mut [u8]) {
        self.fill_bytes(out);
    }
}

/// A deterministic generator for tests and simulations (xoshiro256**
/// seeded through splitmix64). Not for production keys.
#[derive(Debug, Clone)]
pub struct SeededRng {
    s: [u64; 4],
}

impl SeededRng {
    /// From a seed.
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        SeededRng {
            s: [next(), next(), next(), next()],
        }
    }

    /// Next 64 bits.
    pub fn next_word(&mut self) -> u64 {
        let r = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        r
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_word() >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl RngCore for SeededRng {
    fn next_u32(&mut self) -> u32 {
        (self.next_word() >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.next_word()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let v = self.next_word().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

// Deterministic, so only "crypto" for simulations; documented above.
impl CryptoRng for SeededRng {}

/// The operating system's generator (getrandom(2)), for daemons.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemRandom;

impl Random for SystemRandom {
    fn fill(&mut self, out: &mut [u8]) {
        use ike_crypto::SecureRandom;
        // getrandom(2) does not fail on Linux once the pool is initialised;
        // if it ever does, zeroes would be fatal, so retry until it works.
        while ike_crypto::OsRandom.fill(out).is_err() {}
    }
}
