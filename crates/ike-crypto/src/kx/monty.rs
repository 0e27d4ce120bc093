//! Montgomery arithmetic modulo an odd multi-limb modulus (64-bit limbs,
//! 128-bit products), for the MODP groups.
//!
//! Every operation's sequence of instructions and memory accesses depends
//! only on the modulus length, never on the operand values: the final
//! subtraction is a masked one, not a branch. Inputs and outputs are
//! fully reduced (`< n`), which keeps the bounds simple: with `a, b < n`
//! the Montgomery product before its final subtraction is `< 2n`
//! (Koc, Acar, Kaliski, "Analyzing and Comparing Montgomery Multiplication
//! Algorithms", IEEE Micro 1996: separated operand scanning, the product
//! formed first and then reduced).
//!
//! Two forms of the product and the reduction, chosen per limb count by
//! measurement (interleaved whole-exponentiation benches): row by row
//! (operand scanning, below) for every size but 96 limbs, and for
//! 6144-bit moduli column by column ([`comba`]) with Karatsuba products
//! ([`karatsuba`]), 15-25% faster there. The column form needs fewer
//! instructions per multiply-add, but its columns have varying lengths
//! (loop exits the CPU mispredicts): at 32 and 64 limbs it measured
//! 10-40% slower inside an exponentiation, at 128 limbs (with Karatsuba
//! on 32/64-limb column products) about 10% slower. At 128 limbs
//! (8192-bit) the product and square run two Karatsuba levels over the
//! row-wise kernels instead (128 -> 64 -> 32 limbs), then the row-wise
//! reduction: about 10% faster than the plain rows in interleaved
//! whole-exponentiation benches (one level, or three, was no better).

use subtle::{Choice, ConditionallySelectable};

// The column-wise and Karatsuba kernels, private to this module (declared
// here rather than in kx/mod.rs: only the Montgomery arithmetic uses them).
#[path = "comba.rs"]
mod comba;
#[path = "karatsuba.rs"]
mod karatsuba;

/// Whether the product and reduction for `l` limbs run column-wise, with
/// Karatsuba products: only where that measured faster (6144-bit moduli).
const fn columns(l: usize) -> bool {
    l == 96
}
/// Whether the product and square for `l` limbs run Karatsuba over the
/// row-wise kernels, down to `l / 4` limbs (8192-bit moduli: 128 -> 64
/// -> 32), before the row-wise reduction.
const fn row_karatsuba(l: usize) -> bool {
    l == 128
}
/// Karatsuba multiplication recurses down to this many limbs (96 -> 48 ->
/// 24: two levels).
const MUL_BASE: usize = 32;

/// `a + b * c + carry` as (low, high) words; cannot overflow 128 bits.
#[inline(always)]
fn mac(a: u64, b: u64, c: u64, carry: u64) -> (u64, u64) {
    let t = u128::from(a) + u128::from(b) * u128::from(c) + u128::from(carry);
    (t as u64, (t >> 64) as u64)
}

/// `w[k] += x * xs[k] + y * ys[k]` over the shortest of the three, with
/// the two products' carries in two independent chains (`carries` in,
/// returned out), which lets the CPU overlap them.
#[inline(always)]
fn mac2(
    w: &mut [u64],
    (x, xs): (u64, &[u64]),
    (y, ys): (u64, &[u64]),
    carries: (u64, u64),
) -> (u64, u64) {
    let (mut cx, mut cy) = carries;
    let k = w.len().min(xs.len()).min(ys.len());
    let (w, xs, ys) = (&mut w[..k], &xs[..k], &ys[..k]);
    let mut step = |wk: &mut u64, a: u64, b: u64| {
        let (v, c) = mac(*wk, x, a, cx);
        cx = c;
        let (v, c) = mac(v, y, b, cy);
        cy = c;
        *wk = v;
    };
    // Four columns per iteration: the compiler keeps the carries in
    // registers instead of shuffling them at every loop turn.
    let mut wq = w.chunks_exact_mut(4);
    for ((wq, aq), bq) in (&mut wq).zip(xs.chunks_exact(4)).zip(ys.chunks_exact(4)) {
        for t in 0..4 {
            step(&mut wq[t], aq[t], bq[t]);
        }
    }
    let done = k - wq.into_remainder().len();
    for ((wk, &a), &b) in w[done..].iter_mut().zip(&xs[done..]).zip(&ys[done..]) {
        step(wk, a, b);
    }
    (cx, cy)
}

/// `L` when it is a compile-time constant, else `a.len()` (see
/// [`Monty::len`]).
#[inline(always)]
fn len<const L: usize>(a: &[u64]) -> usize {
    if L == 0 {
        a.len()
    } else {
        L
    }
}

/// `w = a * b` (`w` of `2l` words, overwritten), two rows at a time
/// (operand scanning).
#[inline(always)]
fn rows_mul<const L: usize>(w: &mut [u64], a: &[u64], b: &[u64]) {
    let l = len::<L>(a);
    let (a, b, w) = (&a[..l], &b[..l], &mut w[..2 * l]);
    w.fill(0);
    let mut i = 0;
    while i + 1 < l {
        let (x, y) = (b[i], b[i + 1]);
        let (v, c0) = mac(w[i], x, a[0], 0);
        w[i] = v;
        let (c0, c1) = mac2(
            &mut w[i + 1..i + l],
            (x, &a[1..]),
            (y, &a[..l - 1]),
            (c0, 0),
        );
        // Columns i+l and i+l+1 have not been written yet.
        let (v, c1) = mac(c0, y, a[l - 1], c1);
        w[i + l] = v;
        w[i + l + 1] = c1;
        i += 2;
    }
    if i < l {
        let mut c = 0;
        for (wj, &aj) in w[i..i + l].iter_mut().zip(a) {
            let (v, cc) = mac(*wj, b[i], aj, c);
            *wj = v;
            c = cc;
        }
        w[i + l] = c;
    }
}

/// `w = a^2` (`w` of `2l` words, overwritten): each cross product
/// computed once and doubled, then the squares on the diagonal added.
#[inline(always)]
fn rows_sqr<const L: usize>(w: &mut [u64], a: &[u64]) {
    let l = len::<L>(a);
    let (a, w) = (&a[..l], &mut w[..2 * l]);
    w.fill(0);
    // Cross products a[i] * a[j], i < j: two rows at a time, so that
    // the two carry chains can run side by side, then any last rows.
    let mut i = 0;
    while i + 2 < l {
        let (x, y) = (a[i], a[i + 1]);
        // Columns 2i+1 and 2i+2 have row i's terms only.
        let (v, c0) = mac(w[2 * i + 1], x, y, 0);
        w[2 * i + 1] = v;
        let (v, c0) = mac(w[2 * i + 2], x, a[i + 2], c0);
        w[2 * i + 2] = v;
        let (c0, c1) = mac2(
            &mut w[2 * i + 3..i + l],
            (x, &a[i + 3..]),
            (y, &a[i + 2..l - 1]),
            (c0, 0),
        );
        // Columns i+l and i+l+1 have not been written yet.
        let (v, c1) = mac(c0, y, a[l - 1], c1);
        w[i + l] = v;
        w[i + l + 1] = c1;
        i += 2;
    }
    for i in i..l {
        let ai = a[i];
        let mut c = 0;
        for (wj, &aj) in w[2 * i + 1..i + l].iter_mut().zip(&a[i + 1..]) {
            let (v, cc) = mac(*wj, ai, aj, c);
            *wj = v;
            c = cc;
        }
        w[i + l] = c;
    }
    // Double them and add the squares a[i]^2 on the diagonal.
    let mut shifted_out = 0u64;
    let mut carry = 0u64;
    for (i, pair) in w.chunks_exact_mut(2).enumerate() {
        let (lo, hi) = (pair[0], pair[1]);
        let dlo = (lo << 1) | shifted_out;
        let dhi = (hi << 1) | (lo >> 63);
        shifted_out = hi >> 63;
        let sq = u128::from(a[i]) * u128::from(a[i]);
        let s0 = u128::from(dlo) + (sq as u64 as u128) + u128::from(carry);
        let s1 = u128::from(dhi) + (sq >> 64) + (s0 >> 64);
        pair[0] = s0 as u64;
        pair[1] = s1 as u64;
        carry = (s1 >> 64) as u64;
    }
}

/// [`rows_mul`] as the base case of the 8192-bit Karatsuba product, with
/// its half and quarter lengths compiled as constants (unrolled rows).
fn rows_mul_any(w: &mut [u64], a: &[u64], b: &[u64]) {
    match a.len() {
        64 => rows_mul::<64>(w, a, b),
        32 => rows_mul::<32>(w, a, b),
        _ => rows_mul::<0>(w, a, b),
    }
}

/// [`rows_sqr`] as the base case of the 8192-bit Karatsuba square.
fn rows_sqr_any(w: &mut [u64], a: &[u64]) {
    match a.len() {
        64 => rows_sqr::<64>(w, a),
        32 => rows_sqr::<32>(w, a),
        _ => rows_sqr::<0>(w, a),
    }
}

/// The constants of one modulus, computed once per group.
#[derive(Debug)]
pub(crate) struct Monty {
    /// The modulus, little-endian limbs, top limb non-zero.
    n: Vec<u64>,
    /// `-n^-1 mod 2^64`.
    n0: u64,
    /// `R^2 mod n`, `R = 2^(64 * limbs)`.
    rr: Vec<u64>,
    /// `R mod n` (1 in Montgomery form).
    one: Vec<u64>,
}

impl Monty {
    /// Precomputes the constants for an odd modulus `n > 1` (public; the
    /// set-up is variable time).
    pub(crate) fn new(n: &[u64]) -> Option<Monty> {
        let len = n.iter().rposition(|&w| w != 0)? + 1;
        let n = n[..len].to_vec();
        if n[0] & 1 == 0 || (len == 1 && n[0] == 1) {
            return None;
        }
        // Newton iteration for n^-1 mod 2^64: each step doubles the
        // number of correct low bits (n * n = 1 mod 8 for odd n gives 3).
        let mut inv = n[0];
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(n[0].wrapping_mul(inv)));
        }
        let mut m = Monty {
            n0: inv.wrapping_neg(),
            rr: vec![0; len],
            one: vec![0; len],
            n,
        };
        // R mod n and R^2 mod n by modular doubling from 1: 64*len
        // doublings give R, as many again give R^2.
        let mut x = vec![0u64; len];
        x[0] = 1;
        for i in 0..2 * 64 * len {
            m.double_mod(&mut x);
            if i + 1 == 64 * len {
                m.one.copy_from_slice(&x);
            }
        }
        m.rr = x;
        Some(m)
    }

    /// Number of limbs of the modulus.
    pub(crate) fn limbs(&self) -> usize {
        self.n.len()
    }

    /// The limb count the arithmetic runs on: `L` when it is a
    /// compile-time constant (the caller has checked `L == limbs()`),
    /// which lets the compiler unroll the fixed-length rows and drop their
    /// bounds checks; `L = 0` means "read it from the modulus".
    #[inline(always)]
    fn len<const L: usize>(&self) -> usize {
        if L == 0 {
            self.n.len()
        } else {
            L
        }
    }

    /// The modulus.
    pub(crate) fn modulus(&self) -> &[u64] {
        &self.n
    }

    /// 1 in Montgomery form.
    pub(crate) fn one(&self) -> &[u64] {
        &self.one
    }

    /// `2^k mod n` (public values, for other representations' constants:
    /// `modp_avx2` takes R and R^2 for its own radix from here).
    pub(super) fn pow2(&self, k: usize) -> Vec<u64> {
        let mut x = vec![0u64; self.n.len()];
        x[0] = 1;
        for _ in 0..k {
            self.double_mod(&mut x);
        }
        x
    }

    /// `x = 2x mod n` for `x < n`.
    fn double_mod(&self, x: &mut [u64]) {
        let mut carry = 0;
        for w in x.iter_mut() {
            let top = *w >> 63;
            *w = (*w << 1) | carry;
            carry = top;
        }
        self.reduce_once::<0>(x, carry);
    }

    /// Given `hi * R + t < 2n`, sets `t` to that value mod n without a
    /// branch on it: subtracts n exactly when `hi` is set or `t >= n`.
    #[inline(always)]
    fn reduce_once<const L: usize>(&self, t: &mut [u64], hi: u64) {
        let n = &self.n[..self.len::<L>()];
        let t = &mut t[..n.len()];
        let mut borrow = 0u64;
        for (&tj, &nj) in t.iter().zip(n) {
            let (d, b1) = tj.overflowing_sub(nj);
            let (_, b2) = d.overflowing_sub(borrow);
            borrow = u64::from(b1 | b2);
        }
        let subtract = Choice::from((hi | (borrow ^ 1)) as u8 & 1);
        let mask = u64::conditional_select(&0, &u64::MAX, subtract);
        let mut borrow = 0u64;
        for (tj, &nj) in t.iter_mut().zip(n) {
            let (d, b1) = tj.overflowing_sub(nj & mask);
            let (d, b2) = d.overflowing_sub(borrow);
            *tj = d;
            borrow = u64::from(b1 | b2);
        }
    }

    /// Scratch words [`Self::mul`] and [`Self::sqr_assign`] can use: with
    /// fewer (but at least `2 * limbs()`) they skip Karatsuba.
    pub(crate) fn scratch_len(&self) -> usize {
        2 * self.limbs() + karatsuba::scratch_len(self.limbs())
    }

    /// `out = a * b * R^-1 mod n`, all of length `limbs()` (`L`, or 0 for
    /// "any": see [`Self::len`]), with `wide` (at least `2 * limbs()`
    /// words; [`Self::scratch_len`] for Karatsuba) as scratch: the full
    /// product, two rows at a time, then [`Self::redc`]; or for the wide
    /// moduli a Karatsuba product and a column-wise reduction.
    pub(crate) fn mul<const L: usize>(
        &self,
        out: &mut [u64],
        a: &[u64],
        b: &[u64],
        wide: &mut [u64],
    ) {
        let l = self.len::<L>();
        if columns(l) {
            let (w, t) = wide.split_at_mut(2 * l);
            karatsuba::mul(w, &a[..l], &b[..l], t, MUL_BASE);
            let out = &mut out[..l];
            let top = comba::redc(out, w, &self.n[..l], self.n0);
            self.reduce_once::<L>(out, top);
            return;
        }
        if row_karatsuba(l) {
            let (w, t) = wide.split_at_mut(2 * l);
            karatsuba::mul_over(w, &a[..l], &b[..l], t, l / 4, &rows_mul_any);
        } else {
            rows_mul::<L>(&mut wide[..2 * l], &a[..l], &b[..l]);
        }
        let w = &mut wide[..2 * l];
        let top = self.redc::<L>(w);
        let out = &mut out[..l];
        out.copy_from_slice(&w[l..]);
        self.reduce_once::<L>(out, top);
    }

    /// `a = a^2 * R^-1 mod n` in place, using `wide` (as for [`Self::mul`])
    /// as scratch: the square is formed with each cross product computed
    /// once and doubled, then reduced, about 3/4 of the work of
    /// [`Self::mul`].
    pub(crate) fn sqr_assign<const L: usize>(&self, a: &mut [u64], wide: &mut [u64]) {
        let l = self.len::<L>();
        if columns(l) {
            // One Karatsuba level: a column-wise square already has half
            // the multiplies of a product, a second level cost more in
            // additions than it saved.
            let a = &mut a[..l];
            let (w, t) = wide.split_at_mut(2 * l);
            karatsuba::sqr(w, a, t, l / 2);
            let top = comba::redc(a, w, &self.n[..l], self.n0);
            self.reduce_once::<L>(a, top);
            return;
        }
        let a = &mut a[..l];
        if row_karatsuba(l) {
            let (w, t) = wide.split_at_mut(2 * l);
            karatsuba::sqr_over(w, a, t, l / 4, &rows_sqr_any);
        } else {
            rows_sqr::<L>(&mut wide[..2 * l], a);
        }
        let w = &mut wide[..2 * l];
        let top = self.redc::<L>(w);
        a.copy_from_slice(&w[l..]);
        self.reduce_once::<L>(a, top);
    }

    /// Montgomery reduction of a `2 * limbs()`-word `w < n * R` in place:
    /// afterwards `w[l..] + top * R` (`top` returned) is `w * R^-1 mod n`
    /// or that plus n. Two limbs at a time (m1 is known once row 0 has
    /// reached column i+1); `top` is the carry still to be added at column
    /// i+l.
    #[inline(always)]
    fn redc<const L: usize>(&self, w: &mut [u64]) -> u64 {
        let l = self.len::<L>();
        let n = &self.n[..l];
        let w = &mut w[..2 * l];
        let mut top = 0u64;
        let mut i = 0;
        while i + 1 < l {
            let m0 = w[i].wrapping_mul(self.n0);
            let (_, c0) = mac(w[i], m0, n[0], 0);
            let (v, c0) = mac(w[i + 1], m0, n[1], c0);
            let m1 = v.wrapping_mul(self.n0);
            let (_, c1) = mac(v, m1, n[0], 0);
            let (c0, c1) = mac2(
                &mut w[i + 2..i + l],
                (m0, &n[2..]),
                (m1, &n[1..l - 1]),
                (c0, c1),
            );
            let (v, c1) = mac(w[i + l], m1, n[l - 1], c1);
            let s = u128::from(v) + u128::from(c0) + u128::from(top);
            w[i + l] = s as u64;
            let s = u128::from(w[i + l + 1]) + u128::from(c1) + (s >> 64);
            w[i + l + 1] = s as u64;
            top = (s >> 64) as u64;
            i += 2;
        }
        if i < l {
            let m = w[i].wrapping_mul(self.n0);
            let mut c = 0;
            for (wj, &nj) in w[i..i + l].iter_mut().zip(n) {
                let (v, cc) = mac(*wj, m, nj, c);
                *wj = v;
                c = cc;
            }
            let s = u128::from(w[i + l]) + u128::from(c) + u128::from(top);
            w[i + l] = s as u64;
            top = (s >> 64) as u64;
        }
        top
    }

    /// `out = a * R mod n` (into Montgomery form), `a < n`.
    pub(crate) fn to_mont<const L: usize>(&self, out: &mut [u64], a: &[u64], wide: &mut [u64]) {
        self.mul::<L>(out, a, &self.rr, wide);
    }

    /// `out = a * R^-1 mod n` (out of Montgomery form), `a < n`.
    pub(crate) fn to_normal<const L: usize>(&self, out: &mut [u64], a: &[u64], wide: &mut [u64]) {
        let mut unit = vec![0u64; self.limbs()];
        unit[0] = 1;
        self.mul::<L>(out, a, &unit, wide);
    }
}
