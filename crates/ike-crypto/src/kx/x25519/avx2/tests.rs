//! The bounds of `field4.rs`, driven to their maxima: every operation the
//! ladder uses, fed limbs at the largest values its documentation allows,
//! must give the right residue and stay inside the bound it promises. The
//! ladder tests through `derive.rs` use real encodings, whose limbs rarely
//! come near these edges.
//!
//! The functions under test are compiled for AVX2, so each call is
//! `unsafe`, after `std::is_x86_feature_detected!("avx2")`.
#![allow(unsafe_code)]

use super::field4::{decode_limbs, lane_mul_table, Fe4, CARRIED_MAX, MUL_INPUT_MAX};
use super::ladder::step;
use crate::splitmix::SplitMix;
use core::arch::x86_64::*;
use num_bigint_dig::BigUint;

/// Limb i's position: bit ceil(25.5 i).
const OFFSET: [usize; 10] = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];

fn p() -> BigUint {
    (BigUint::from(1u8) << 255) - BigUint::from(19u8)
}

/// The residue that ten limbs of any size stand for.
fn value(l: &[u64; 10]) -> BigUint {
    l.iter()
        .zip(OFFSET)
        .fold(BigUint::from(0u8), |acc, (&x, off)| {
            acc + (BigUint::from(x) << off)
        })
        % p()
}

impl SplitMix {
    /// Limbs at most `max`: a third each at the maximum, zero, or random.
    fn limbs(&mut self, max: &[u64; 10]) -> [u64; 10] {
        core::array::from_fn(|i| match self.next_u64() % 3 {
            0 => max[i],
            1 => 0,
            _ => match max[i].checked_add(1) {
                Some(m) => self.next_u64() % m,
                None => self.next_u64(),
            },
        })
    }
}

fn avx2() -> bool {
    std::is_x86_feature_detected!("avx2")
}

#[target_feature(enable = "avx2")]
fn mul(a: &Fe4, b: &Fe4) -> Fe4 {
    fe4_mul!(a, b)
}

#[target_feature(enable = "avx2")]
fn mul_lane3(v: &Fe4, x: &[u64; 10]) -> Fe4 {
    let tab = lane_mul_table(x);
    fe4_mul_lane3!(v, &tab)
}

#[target_feature(enable = "avx2")]
fn lanes(v: &Fe4) -> [[u64; 10]; 4] {
    [v.lane::<0>(), v.lane::<1>(), v.lane::<2>(), v.lane::<3>()]
}

fn assert_within(what: &str, got: &[u64; 10], max: &[u64; 10]) {
    for i in 0..10 {
        assert!(
            got[i] <= max[i],
            "{what}: limb {i} is {} > {}",
            got[i],
            max[i]
        );
    }
}

#[test]
fn carry_of_any_limbs_is_carried() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(1);
    let mut cases = vec![[u64::MAX; 10], [0; 10]];
    for _ in 0..2000 {
        cases.push(rng.limbs(&[u64::MAX; 10]));
    }
    for c in cases.chunks(4) {
        let e: [[u64; 10]; 4] = core::array::from_fn(|j| c[j % c.len()]);
        // SAFETY: AVX2 is present (checked above).
        let out = unsafe { lanes(&super::field4::carry(Fe4::from_lanes(&e).0)) };
        for j in 0..4 {
            assert_eq!(value(&out[j]), value(&e[j]));
            assert_within("carry", &out[j], &CARRIED_MAX);
        }
    }
    // The bound is tight: all-ones limbs come within 20 of it in limbs 0
    // and 1, the two that take 19 times a carry.
    // SAFETY: AVX2 is present.
    let top = unsafe {
        lanes(&super::field4::carry(
            Fe4::from_lanes(&[[u64::MAX; 10]; 4]).0,
        ))
    };
    assert!(top[0][0] + 20 >= CARRIED_MAX[0] && top[0][1] + 20 >= CARRIED_MAX[1]);
}

#[test]
fn mul_at_its_input_bound() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(2);
    let mut cases = vec![[MUL_INPUT_MAX; 10], [0; 10], CARRIED_MAX];
    for _ in 0..4000 {
        cases.push(rng.limbs(&[MUL_INPUT_MAX; 10]));
    }
    let n = cases.len();
    for k in 0..n {
        let a: [[u64; 10]; 4] = core::array::from_fn(|j| cases[(k + j) % n]);
        // Lane 0 always multiplies the all-maximum input by itself once.
        let b: [[u64; 10]; 4] = core::array::from_fn(|j| cases[(k * 7 + 3 * j) % n]);
        // SAFETY: AVX2 is present.
        let out = unsafe { lanes(&mul(&Fe4::from_lanes(&a), &Fe4::from_lanes(&b))) };
        for j in 0..4 {
            assert_eq!(
                value(&out[j]),
                value(&a[j]) * value(&b[j]) % p(),
                "case {k} lane {j}"
            );
            assert_within("mul", &out[j], &CARRIED_MAX);
        }
    }
}

#[test]
fn add_sub_and_small_multiple_stay_below_the_mul_input_bound() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(3);
    let mut cases = vec![CARRIED_MAX, [0; 10]];
    for _ in 0..2000 {
        cases.push(rng.limbs(&CARRIED_MAX));
    }
    let n = cases.len();
    let limit = [MUL_INPUT_MAX; 10];
    for k in 0..n {
        let a: [[u64; 10]; 4] = core::array::from_fn(|j| cases[(k + j) % n]);
        let b: [[u64; 10]; 4] = core::array::from_fn(|j| cases[(k * 5 + 1 + j) % n]);
        let (fa, fb) = unsafe {
            // SAFETY: AVX2 is present.
            (Fe4::from_lanes(&a), Fe4::from_lanes(&b))
        };
        // SAFETY: AVX2 is present.
        let (sum, dif, small) = unsafe {
            let dif = fa.sub(&fb);
            // What the ladder step builds: a carried value plus 121666
            // times a difference.
            let small = fb.add(&dif.mul_small(121_666));
            (lanes(&fa.add(&fb)), lanes(&dif), lanes(&small))
        };
        for j in 0..4 {
            let (va, vb) = (value(&a[j]), value(&b[j]));
            assert_eq!(value(&sum[j]), (&va + &vb) % p());
            assert_eq!(value(&dif[j]), (&va + p() - &vb) % p());
            let d = (&va + p() - &vb) % p();
            assert_eq!(value(&small[j]), (vb + d * BigUint::from(121_666u32)) % p());
            assert_within("add", &sum[j], &limit);
            assert_within("sub", &dif[j], &limit);
            assert_within("b + 121666 (a - b)", &small[j], &limit);
        }
    }
}

#[test]
fn single_lane_product_at_the_bounds() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(4);
    // decode_limbs' largest output, as for u = 2^255 - 1.
    let x_max = decode_limbs(&[0xff; 32]);
    for k in 0..2000 {
        let x = if k < 2 { x_max } else { rng.limbs(&x_max) };
        let e: [[u64; 10]; 4] = core::array::from_fn(|j| {
            if k == 0 {
                CARRIED_MAX
            } else {
                rng.limbs(&if j == 3 {
                    CARRIED_MAX
                } else {
                    [u64::MAX >> 1; 10]
                })
            }
        });
        // SAFETY: AVX2 is present.
        let out = unsafe { lanes(&mul_lane3(&Fe4::from_lanes(&e), &x)) };
        for j in 0..3 {
            assert_eq!(
                value(&out[j]),
                value(&e[j]),
                "lane {j} must only be carried"
            );
        }
        assert_eq!(value(&out[3]), value(&e[3]) * value(&x) % p());
        assert_within("lane 3 times x1", &out[3], &CARRIED_MAX);
    }
}

/// RFC 7748 5's loop body on residues, in the ladder's lane order
/// [z2, x2, x3, z3] -> [z2', x2', x3', z3'].
fn reference_step(v: &[BigUint; 4], x1: &BigUint) -> [BigUint; 4] {
    let p = p();
    let [z2, x2, x3, z3] = v;
    let a = (x2 + z2) % &p;
    let aa = &a * &a % &p;
    let b = (x2 + &p - z2) % &p;
    let bb = &b * &b % &p;
    let e = (&aa + &p - &bb) % &p;
    let c = (x3 + z3) % &p;
    let d = (x3 + &p - z3) % &p;
    let da = d * &a % &p;
    let cb = c * &b % &p;
    let t = (&da + &cb) % &p;
    let s = (&da + &p - &cb) % &p;
    let a24 = BigUint::from(121_665u32);
    [
        &e * ((&aa + a24 * &e) % &p) % &p,
        aa * bb % &p,
        &t * &t % &p,
        x1 * (&s * &s % &p) % &p,
    ]
}

#[test]
fn ladder_step_from_the_largest_state() {
    if !avx2() {
        return;
    }
    let mut rng = SplitMix(5);
    let x_max = decode_limbs(&[0xff; 32]);
    for k in 0..1000 {
        let x = if k == 0 { x_max } else { rng.limbs(&x_max) };
        let e: [[u64; 10]; 4] = core::array::from_fn(|_| {
            if k == 0 {
                CARRIED_MAX
            } else {
                rng.limbs(&CARRIED_MAX)
            }
        });
        // SAFETY: AVX2 is present.
        let out = unsafe {
            let tab = lane_mul_table(&x);
            lanes(&step(&Fe4::from_lanes(&e), &tab))
        };
        let want = reference_step(&e.map(|l| value(&l)), &value(&x));
        for j in 0..4 {
            assert_eq!(value(&out[j]), want[j], "case {k} lane {j}");
            assert_within("step", &out[j], &CARRIED_MAX);
        }
    }
}
