//! MODP private exponent length policy.
//!
//! Default: NIST SP 800-56A Rev. 3, 5.6.1.1.4 (and 5.6.1.1.1): for a
//! safe-prime group of maximum security strength `s`, the private key is a
//! random integer of `N = 2s` bits. `s` per group is taken from SP 800-56A
//! Rev. 3 App. D / SP 800-57 Part 1 Table 2 (2048: 112, 3072: 128,
//! 4096: 152, 6144: 176, 8192: 200); for the legacy groups below 2048 bits,
//! which NIST does not approve, 80 (768, 1024) and 96 (1536). Every value
//! lies inside the ranges of RFC 3526 §8 (e.g. 2048-bit: 220-320 bits,
//! chosen here: 224). For the RFC 5114 groups 22-24 the exponent is
//! always uniform in [1, q-1] (RFC 5114 / SP 800-56A 5.6.1.1.1), whatever
//! the policy.

/// How long a MODP private exponent is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExponentPolicy {
    /// `2s` bits, NIST SP 800-56A Rev. 3 5.6.1.1.4 (the default).
    #[default]
    Nist,
    /// As long as the modulus allows (`len(p) - 1` bits), as some
    /// implementations do.
    Full,
    /// A fixed number of bits, clamped to `[160, len(p) - 1]`.
    Bits(u16),
}

impl ExponentPolicy {
    /// Exponent length in bits for a group of `p_bits` and strength `s`.
    pub fn bits(self, p_bits: usize, strength: u16) -> usize {
        let max = p_bits.saturating_sub(1);
        match self {
            ExponentPolicy::Nist => (2 * strength as usize).min(max),
            ExponentPolicy::Full => max,
            ExponentPolicy::Bits(b) => (b as usize).clamp(160.min(max), max),
        }
    }
}
