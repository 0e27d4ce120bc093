//! Arithmetic in GF(p), p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (P-256,
//! FIPS 186-4 D.1.2.3), on four 64-bit limbs in Montgomery form.
//!
//! A [`FieldElement`] holds a R mod p, R = 2^256, little-endian, and is
//! always fully reduced: every function takes and returns values in
//! [0, p), so equality and zero tests are plain limb comparisons.
//! * mul/sqr: inputs < p, so the 512-bit product T < p^2 and
//!   (T + m p) / R < (p^2 + R p) / R < 2p (m < R); one masked subtraction
//!   of p (on the 257-bit value, carry word included) gives [0, p). Every
//!   `mac` is t + a b + c <= (2^64 - 1) + (2^64 - 1)^2 + (2^64 - 1)
//!   = 2^128 - 1: no overflow.
//! * add: a + b < 2p < 2^257: the same masked subtraction.
//! * sub: a - b in (-p, p): p added back under the borrow mask.
//!
//! Montgomery reduction uses p = -1 mod 2^64: the quotient digit of each
//! round is the low limb t0 itself, and (t + t0 p) / 2^64 =
//! (t >> 64) + t0 (2^32 + 2^128 (2^64 - 2^32 + 1)), the second factor being
//! p[3] = 0xffffffff00000001, itself taken by shifts and subtractions
//! (`mul_p3`): no multiplication in the reduction, and the low limb
//! cancels exactly. (A lazy [0, 2^256) form measured about 1% faster in
//! the spike, not worth its bounds: with p this close to 2^256, add and
//! sub then need two folds each.)
//!
//! Measured against OpenSSL's nistz256 assembly (`ecp_nistz256_mul_mont`,
//! mulx/adx) in the spike that designed it: 1.24-1.37x its time per
//! multiplication. LLVM uses mulx but not the two carry chains of
//! adcx/adox. Of four layouts tried (product scanning with the reduction
//! folded in, CIOS, two carry chains per row, and this one), operand
//! scanning followed by four reduction rounds was the fastest.

/// p, little-endian limbs.
const P: [u64; 4] = [
    0xffff_ffff_ffff_ffff,
    0x0000_0000_ffff_ffff,
    0,
    0xffff_ffff_0000_0001,
];

/// A field element in Montgomery form, in [0, p).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct FieldElement(pub(super) [u64; 4]);

impl core::fmt::Debug for FieldElement {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("FieldElement(..)")
    }
}

#[inline(always)]
fn m(a: u64, b: u64) -> u128 {
    (a as u128) * (b as u128)
}

/// a + b + c -> (sum, carry); c <= 1 or any u64.
#[inline(always)]
fn adc(a: u64, b: u64, c: u64) -> (u64, u64) {
    let t = (a as u128) + (b as u128) + (c as u128);
    (t as u64, (t >> 64) as u64)
}

/// a - b - borrow -> (diff, borrow as 0 or 1).
#[inline(always)]
fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = (a as u128).wrapping_sub((b as u128) + (borrow as u128));
    (t as u64, ((t >> 64) as u64) & 1)
}

/// t + a * b + c (< 2^128, never overflows).
#[inline(always)]
fn mac(t: u64, a: u64, b: u64, c: u64) -> (u64, u64) {
    let x = (t as u128) + m(a, b) + (c as u128);
    (x as u64, (x >> 64) as u64)
}

/// Given r = (r0..r3) + 2^256 carry with r < 2p, returns r mod p.
#[inline(always)]
fn sub_p_if_ge(r: [u64; 4], carry: u64) -> FieldElement {
    let (s0, b) = sbb(r[0], P[0], 0);
    let (s1, b) = sbb(r[1], P[1], b);
    let (s2, b) = sbb(r[2], P[2], b);
    let (s3, b) = sbb(r[3], P[3], b);
    let (_, b) = sbb(carry, 0, b);
    // b = 1: r < p, keep r.
    let keep = b.wrapping_neg();
    FieldElement([
        (r[0] & keep) | (s0 & !keep),
        (r[1] & keep) | (s1 & !keep),
        (r[2] & keep) | (s2 & !keep),
        (r[3] & keep) | (s3 & !keep),
    ])
}

/// x * P3 = x (2^64 - 2^32 + 1) as (lo, hi) without a multiply:
/// x 2^32 = (x >> 32) 2^64 + (x << 32 mod 2^64), so
/// x P3 = (x - (x >> 32)) 2^64 + (x - (x << 32)), the low difference
/// borrowing from the high one. hi = x - (x >> 32) - borrow >= 0: if
/// x - (x >> 32) = 0 then x = 0 and nothing borrows.
#[inline(always)]
fn mul_p3(x: u64) -> (u64, u64) {
    let (lo, br) = x.overflowing_sub(x << 32);
    let hi = x - (x >> 32) - (br as u64);
    (lo, hi)
}

/// Montgomery reduction of the 512-bit t: t / 2^256 mod p, for t < p * 2^256.
/// Each round adds t_i (2^32 + 2^128 P3) (= t_i p / 2^64 with the low word
/// cancelled); t_i P3 by `mul_p3` (shifts and subtractions, no mulq).
/// hi + carry never overflows: it is the high word of t3 + t_i P3 + c
/// < 2^128.
#[inline(always)]
fn redc(t: [u64; 8]) -> FieldElement {
    let [t0, t1, t2, t3, t4, t5, t6, t7] = t;
    // Round 1: add t0 * (2^32 + 2^128 P3) to (t1, t2, t3, t4).
    let (lo, hi) = mul_p3(t0);
    let (t1, c) = adc(t1, t0 << 32, 0);
    let (t2, c) = adc(t2, t0 >> 32, c);
    let (t3, c) = adc(t3, lo, c);
    let (t4, c1) = adc(t4, hi, c);
    // Round 2 on t1: (t2, t3, t4, t5).
    let (lo, hi) = mul_p3(t1);
    let (t2, c) = adc(t2, t1 << 32, 0);
    let (t3, c) = adc(t3, t1 >> 32, c);
    let (t4, c) = adc(t4, lo, c);
    let (t5, c2) = adc(t5, hi + c, c1);
    // Round 3 on t2: (t3, t4, t5, t6).
    let (lo, hi) = mul_p3(t2);
    let (t3, c) = adc(t3, t2 << 32, 0);
    let (t4, c) = adc(t4, t2 >> 32, c);
    let (t5, c) = adc(t5, lo, c);
    let (t6, c3) = adc(t6, hi + c, c2);
    // Round 4 on t3: (t4, t5, t6, t7).
    let (lo, hi) = mul_p3(t3);
    let (t4, c) = adc(t4, t3 << 32, 0);
    let (t5, c) = adc(t5, t3 >> 32, c);
    let (t6, c) = adc(t6, lo, c);
    let (t7, c4) = adc(t7, hi + c, c3);
    sub_p_if_ge([t4, t5, t6, t7], c4)
}

/// The 512-bit product a * b (operand scanning).
#[inline(always)]
fn mul_wide(a: &[u64; 4], b: &[u64; 4]) -> [u64; 8] {
    let (t0, c) = mac(0, a[0], b[0], 0);
    let (t1, c) = mac(0, a[0], b[1], c);
    let (t2, c) = mac(0, a[0], b[2], c);
    let (t3, t4) = mac(0, a[0], b[3], c);

    let (t1, c) = mac(t1, a[1], b[0], 0);
    let (t2, c) = mac(t2, a[1], b[1], c);
    let (t3, c) = mac(t3, a[1], b[2], c);
    let (t4, t5) = mac(t4, a[1], b[3], c);

    let (t2, c) = mac(t2, a[2], b[0], 0);
    let (t3, c) = mac(t3, a[2], b[1], c);
    let (t4, c) = mac(t4, a[2], b[2], c);
    let (t5, t6) = mac(t5, a[2], b[3], c);

    let (t3, c) = mac(t3, a[3], b[0], 0);
    let (t4, c) = mac(t4, a[3], b[1], c);
    let (t5, c) = mac(t5, a[3], b[2], c);
    let (t6, t7) = mac(t6, a[3], b[3], c);
    [t0, t1, t2, t3, t4, t5, t6, t7]
}

/// The 512-bit square a^2: 6 cross products doubled plus 4 squares.
#[inline(always)]
fn sqr_wide(a: &[u64; 4]) -> [u64; 8] {
    // Cross products a_i a_j, i < j, in positions 1..6.
    let (t1, c) = mac(0, a[0], a[1], 0);
    let (t2, c) = mac(0, a[0], a[2], c);
    let (t3, t4) = mac(0, a[0], a[3], c);
    let (t3, c) = mac(t3, a[1], a[2], 0);
    let (t4, t5) = mac(t4, a[1], a[3], c);
    let (t5, t6) = mac(t5, a[2], a[3], 0);
    // Double.
    let t7 = t6 >> 63;
    let t6 = (t6 << 1) | (t5 >> 63);
    let t5 = (t5 << 1) | (t4 >> 63);
    let t4 = (t4 << 1) | (t3 >> 63);
    let t3 = (t3 << 1) | (t2 >> 63);
    let t2 = (t2 << 1) | (t1 >> 63);
    let t1 = t1 << 1;
    // Add the squares.
    let (t0, c) = mac(0, a[0], a[0], 0);
    let (t1, c) = adc(t1, c, 0);
    let (s, h) = mac(0, a[1], a[1], 0);
    let (t2, c) = adc(t2, s, c);
    let (t3, c) = adc(t3, h, c);
    let (s, h) = mac(0, a[2], a[2], 0);
    let (t4, c) = adc(t4, s, c);
    let (t5, c) = adc(t5, h, c);
    let (s, h) = mac(0, a[3], a[3], 0);
    let (t6, c) = adc(t6, s, c);
    let (t7, _) = adc(t7, h, c);
    [t0, t1, t2, t3, t4, t5, t6, t7]
}

/// a b / R mod p: operand-scanning product (`mac` rows), then four
/// reduction rounds (`redc`).
#[inline(always)]
pub(super) fn mul(a: &FieldElement, b: &FieldElement) -> FieldElement {
    redc(mul_wide(&a.0, &b.0))
}

/// a^2 / R mod p.
#[inline(always)]
pub(super) fn sqr(a: &FieldElement) -> FieldElement {
    redc(sqr_wide(&a.0))
}

/// a + b mod p.
#[inline(always)]
pub(super) fn add(a: &FieldElement, b: &FieldElement) -> FieldElement {
    let (r0, c) = adc(a.0[0], b.0[0], 0);
    let (r1, c) = adc(a.0[1], b.0[1], c);
    let (r2, c) = adc(a.0[2], b.0[2], c);
    let (r3, c) = adc(a.0[3], b.0[3], c);
    sub_p_if_ge([r0, r1, r2, r3], c)
}

/// a - b mod p.
#[inline(always)]
pub(super) fn sub(a: &FieldElement, b: &FieldElement) -> FieldElement {
    let (r0, bw) = sbb(a.0[0], b.0[0], 0);
    let (r1, bw) = sbb(a.0[1], b.0[1], bw);
    let (r2, bw) = sbb(a.0[2], b.0[2], bw);
    let (r3, bw) = sbb(a.0[3], b.0[3], bw);
    let mask = bw.wrapping_neg();
    let (r0, c) = adc(r0, P[0] & mask, 0);
    let (r1, c) = adc(r1, P[1] & mask, c);
    let (r2, c) = adc(r2, P[2] & mask, c);
    let (r3, _) = adc(r3, P[3] & mask, c);
    FieldElement([r0, r1, r2, r3])
}

/// 2a mod p.
#[inline(always)]
pub(super) fn dbl(a: &FieldElement) -> FieldElement {
    add(a, a)
}

/// a / 2 mod p, for a < p: a odd -> (a + p) / 2, else a / 2. a + p < 2p
/// < 2^257 (4 words + a carry bit, which shifts into bit 255); the
/// result is < p. One masked add, no conditional subtraction.
#[inline(always)]
pub(super) fn half(a: &FieldElement) -> FieldElement {
    let m = (a.0[0] & 1).wrapping_neg();
    let (r0, c) = adc(a.0[0], P[0] & m, 0);
    let (r1, c) = adc(a.0[1], P[1] & m, c);
    let (r2, c) = adc(a.0[2], P[2] & m, c);
    let (r3, c) = adc(a.0[3], P[3] & m, c);
    FieldElement([
        (r0 >> 1) | (r1 << 63),
        (r1 >> 1) | (r2 << 63),
        (r2 >> 1) | (r3 << 63),
        (r3 >> 1) | (c << 63),
    ])
}

/// -a mod p (0 stays 0).
#[inline(always)]
pub(super) fn neg(a: &FieldElement) -> FieldElement {
    sub(&FieldElement::ZERO, a)
}

impl FieldElement {
    pub(super) const ZERO: FieldElement = FieldElement([0; 4]);
    /// 1 in Montgomery form: R mod p = 2^256 - p.
    pub(super) const ONE: FieldElement = FieldElement([
        0x0000_0000_0000_0001,
        0xffff_ffff_0000_0000,
        0xffff_ffff_ffff_ffff,
        0x0000_0000_ffff_fffe,
    ]);
    /// R^2 mod p, to enter Montgomery form.
    pub(super) const R2: FieldElement = FieldElement([
        0x0000_0000_0000_0003,
        0xffff_fffb_ffff_ffff,
        0xffff_ffff_ffff_fffe,
        0x0000_0004_ffff_fffd,
    ]);

    /// All-ones if self == 0.
    #[inline(always)]
    pub(super) fn is_zero_mask(&self) -> u64 {
        let x = self.0[0] | self.0[1] | self.0[2] | self.0[3];
        ((x | x.wrapping_neg()) >> 63).wrapping_sub(1)
    }

    /// b where mask is all-ones, else a.
    #[inline(always)]
    pub(super) fn select(a: &FieldElement, b: &FieldElement, mask: u64) -> FieldElement {
        FieldElement([
            a.0[0] ^ ((a.0[0] ^ b.0[0]) & mask),
            a.0[1] ^ ((a.0[1] ^ b.0[1]) & mask),
            a.0[2] ^ ((a.0[2] ^ b.0[2]) & mask),
            a.0[3] ^ ((a.0[3] ^ b.0[3]) & mask),
        ])
    }

    /// Into Montgomery form from the limbs of an integer below p.
    #[inline(always)]
    pub(super) fn from_canonical(x: [u64; 4]) -> FieldElement {
        mul(&FieldElement(x), &FieldElement::R2)
    }

    /// Out of Montgomery form: the limbs of the integer, in [0, p).
    #[inline(always)]
    pub(super) fn to_canonical(self) -> [u64; 4] {
        redc([self.0[0], self.0[1], self.0[2], self.0[3], 0, 0, 0, 0]).0
    }

    /// From 32 big-endian octets; `None` unless the value is below p.
    pub(super) fn from_be_bytes(b: &[u8; 32]) -> Option<FieldElement> {
        let l = be_to_limbs(b);
        below(&l, &P).then(|| FieldElement::from_canonical(l))
    }

    /// 32 big-endian octets of the value.
    pub(super) fn to_be_bytes(self) -> [u8; 32] {
        limbs_to_be(&self.to_canonical())
    }

    /// self^-1 (0 -> 0), constant time, by safegcd (`super::safegcd`):
    /// self holds a R, and R^2 / (a R) = a^-1 R is a^-1 in Montgomery form,
    /// so dividing the constant R^2 mod p (the limbs of `R2`) by self's
    /// limbs needs no conversion. The result is in [0, p).
    pub(super) fn invert(&self) -> FieldElement {
        FieldElement(super::safegcd::div(&FieldElement::R2.0, &self.0))
    }
}

/// 32 big-endian octets as little-endian limbs.
pub(super) fn be_to_limbs(b: &[u8; 32]) -> [u64; 4] {
    core::array::from_fn(|i| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[32 - 8 * (i + 1)..32 - 8 * i]);
        u64::from_be_bytes(w)
    })
}

/// Little-endian limbs as 32 big-endian octets.
pub(super) fn limbs_to_be(l: &[u64; 4]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, limb) in l.iter().enumerate() {
        out[32 - 8 * (i + 1)..32 - 8 * i].copy_from_slice(&limb.to_be_bytes());
    }
    out
}

/// a - b over four limbs, wrapping, and the borrow out (0 or 1).
pub(super) fn sub_limbs(a: &[u64; 4], b: &[u64; 4]) -> ([u64; 4], u64) {
    let mut out = [0u64; 4];
    let mut bw = 0;
    for i in 0..4 {
        (out[i], bw) = sbb(a[i], b[i], bw);
    }
    (out, bw)
}

/// a < m, by the borrow of a - m (no branch on the limbs).
pub(super) fn below(a: &[u64; 4], m: &[u64; 4]) -> bool {
    sub_limbs(a, m).1 == 1
}
