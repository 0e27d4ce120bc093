//! Fixed-window modular exponentiation, constant time in the exponent.
//!
//! The exponent's *length* in bits is public (it is the group's exponent
//! policy, RFC 3526 8 / NIST SP 800-56A); its value is secret. For a given
//! length the sequence of squarings, multiplications and table reads is
//! fixed: every window costs `w` squarings, one scan of the whole table
//! (each entry read, the wanted one kept by a mask) and one
//! multiplication, also when the window is zero.

use super::monty::Monty;
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

/// Window width (1..=7) minimising the estimated cost, in multiplications,
/// of `2^w - 2` table entries, one multiplication per window and the table
/// scans (a masked copy of every word of every entry: about `2^w / (8 l)`
/// multiplications' worth per window for `l` limbs, a multiplication being
/// `2 l^2` multiply-adds). Squarings are the same for every `w`.
pub(super) fn window(bits: usize, limbs: usize) -> usize {
    let cost = |w: usize| {
        let entries = (1usize << w) as f64;
        let windows = bits.div_ceil(w) as f64;
        entries - 2.0 + windows * (1.0 + entries / (8.0 * limbs as f64))
    };
    (1..=7)
        .min_by(|&a, &b| cost(a).total_cmp(&cost(b)))
        .unwrap_or(4)
}

/// The `w`-bit window of `exp` starting at bit `pos` (positions past the
/// end read as zero). `pos` and `w` are public; only shifts by them.
pub(super) fn window_at(exp: &[u64], pos: usize, w: usize) -> u64 {
    let word = |i: usize| exp.get(i).copied().unwrap_or(0);
    let (i, s) = (pos / 64, pos % 64);
    let mut v = word(i) >> s;
    if s + w > 64 {
        v |= word(i + 1) << (64 - s);
    }
    v & ((1u64 << w) - 1)
}

/// `base^exp mod n` for `base < n` (normal form, `limbs()` words) and an
/// exponent below `2^bits` (little-endian limbs). Returns the normal form.
///
/// The IKE MODP sizes (768-8192 bits) run on arithmetic compiled for
/// their limb count (fully unrolled rows, no bounds checks); any other
/// modulus on the same code with the count read at run time.
pub(crate) fn pow(m: &Monty, base: &[u64], exp: &[u64], bits: usize) -> Zeroizing<Vec<u64>> {
    match m.limbs() {
        12 => pow_l::<12>(m, base, exp, bits),
        16 => pow_l::<16>(m, base, exp, bits),
        24 => pow_l::<24>(m, base, exp, bits),
        32 => pow_l::<32>(m, base, exp, bits),
        48 => pow_l::<48>(m, base, exp, bits),
        64 => pow_l::<64>(m, base, exp, bits),
        96 => pow_l::<96>(m, base, exp, bits),
        128 => pow_l::<128>(m, base, exp, bits),
        _ => pow_l::<0>(m, base, exp, bits),
    }
}

/// [`pow`] for a modulus of `L` limbs (`L == m.limbs()`), or of any
/// length when `L` is 0.
fn pow_l<const L: usize>(m: &Monty, base: &[u64], exp: &[u64], bits: usize) -> Zeroizing<Vec<u64>> {
    let l = if L == 0 { m.limbs() } else { L };
    let w = window(bits, l);
    let entries = 1usize << w;
    // One allocation per exponentiation (wiped when dropped): the table,
    // then acc, sel, tmp and the product scratch.
    let mut mem = Zeroizing::new(vec![0u64; (entries + 3) * l + m.scratch_len()]);
    let (table, rest) = mem.split_at_mut(entries * l);
    let (acc, rest) = rest.split_at_mut(l);
    let (sel, rest) = rest.split_at_mut(l);
    let (tmp, wide) = rest.split_at_mut(l);

    // table[k] = base^k in Montgomery form.
    table[..l].copy_from_slice(m.one());
    m.to_mont::<L>(&mut table[l..2 * l], base, wide);
    for k in 2..entries {
        let (done, next) = table.split_at_mut(k * l);
        let out = &mut next[..l];
        if k % 2 == 0 {
            out.copy_from_slice(&done[(k / 2) * l..(k / 2 + 1) * l]);
            m.sqr_assign::<L>(out, wide);
        } else {
            m.mul::<L>(out, &done[(k - 1) * l..k * l], &done[l..2 * l], wide);
        }
    }

    let lookup = |sel: &mut [u64], idx: u64| {
        sel.fill(0);
        for (k, entry) in table.chunks_exact(l).enumerate() {
            let hit = (k as u64).ct_eq(&idx);
            let mask = u64::conditional_select(&0, &u64::MAX, hit);
            for (s, &e) in sel.iter_mut().zip(entry) {
                *s |= e & mask;
            }
        }
    };

    let windows = bits.div_ceil(w);
    if windows == 0 {
        acc.copy_from_slice(m.one());
    } else {
        lookup(acc, window_at(exp, (windows - 1) * w, w));
        for i in (0..windows - 1).rev() {
            for _ in 0..w {
                m.sqr_assign::<L>(acc, wide);
            }
            lookup(sel, window_at(exp, i * w, w));
            m.mul::<L>(tmp, acc, sel, wide);
            acc.copy_from_slice(tmp);
        }
    }
    let mut out = Zeroizing::new(vec![0u64; l]);
    m.to_normal::<L>(&mut out, acc, wide);
    out
}
