//! Scalar arithmetic in GF(2^255 - 19), radix 2^51 (five u128-multiplied
//! limbs), for the AVX2 ladder's final x2 / z2 (`avx2/mod.rs`): constant
//! time, ref10's inversion chain.
const MASK51: u64 = (1u64 << 51) - 1;

#[derive(Clone, Copy)]
pub(super) struct Fe51([u64; 5]);

#[inline(always)]
fn m(a: u64, b: u64) -> u128 {
    (a as u128) * (b as u128)
}

impl Fe51 {
    /// Two parallel carry passes (short dependency chain). Requires c_i < 2^108.3
    /// (true for products of limbs <= 2^51 + 2^11); output limbs <= 2^51 + 2^11.
    #[inline(always)]
    fn reduce_wide(c: [u128; 5]) -> Fe51 {
        let lo: [u64; 5] = core::array::from_fn(|i| (c[i] as u64) & MASK51);
        let hi: [u64; 5] = core::array::from_fn(|i| (c[i] >> 51) as u64);
        let r = [
            lo[0] + 19 * hi[4],
            lo[1] + hi[0],
            lo[2] + hi[1],
            lo[3] + hi[2],
            lo[4] + hi[3],
        ];
        let k: [u64; 5] = core::array::from_fn(|i| r[i] >> 51);
        Fe51([
            (r[0] & MASK51) + 19 * k[4],
            (r[1] & MASK51) + k[0],
            (r[2] & MASK51) + k[1],
            (r[3] & MASK51) + k[2],
            (r[4] & MASK51) + k[3],
        ])
    }

    #[inline(always)]
    pub(super) fn mul(&self, b: &Fe51) -> Fe51 {
        let a = &self.0;
        let b = &b.0;
        let b1 = b[1] * 19;
        let b2 = b[2] * 19;
        let b3 = b[3] * 19;
        let b4 = b[4] * 19;
        let c0 = m(a[0], b[0]) + m(a[4], b1) + m(a[3], b2) + m(a[2], b3) + m(a[1], b4);
        let c1 = m(a[1], b[0]) + m(a[0], b[1]) + m(a[4], b2) + m(a[3], b3) + m(a[2], b4);
        let c2 = m(a[2], b[0]) + m(a[1], b[1]) + m(a[0], b[2]) + m(a[4], b3) + m(a[3], b4);
        let c3 = m(a[3], b[0]) + m(a[2], b[1]) + m(a[1], b[2]) + m(a[0], b[3]) + m(a[4], b4);
        let c4 = m(a[4], b[0]) + m(a[3], b[1]) + m(a[2], b[2]) + m(a[1], b[3]) + m(a[0], b[4]);
        Self::reduce_wide([c0, c1, c2, c3, c4])
    }

    #[inline(always)]
    pub(super) fn square(&self) -> Fe51 {
        let a = &self.0;
        let a3_19 = a[3] * 19;
        let a4_19 = a[4] * 19;
        let c0 = m(a[0], a[0]) + 2 * (m(a[1], a4_19) + m(a[2], a3_19));
        let c1 = m(a[3], a3_19) + 2 * (m(a[0], a[1]) + m(a[2], a4_19));
        let c2 = m(a[1], a[1]) + 2 * (m(a[0], a[2]) + m(a[4], a3_19));
        let c3 = m(a[4], a4_19) + 2 * (m(a[0], a[3]) + m(a[1], a[2]));
        let c4 = m(a[2], a[2]) + 2 * (m(a[0], a[4]) + m(a[1], a[3]));
        Self::reduce_wide([c0, c1, c2, c3, c4])
    }

    #[inline(always)]
    pub(super) fn sqn(&self, n: usize) -> Fe51 {
        let mut x = *self;
        for _ in 0..n {
            x = x.square();
        }
        x
    }

    /// self^(p-2), ref10 addition chain (254 squarings, 11 multiplications).
    pub(super) fn invert(&self) -> Fe51 {
        let z = *self;
        let z2 = z.square(); // 2
        let t = z2.sqn(2); // 8
        let z9 = z.mul(&t); // 9
        let z11 = z2.mul(&z9); // 11
        let z2_5_0 = z9.mul(&z11.square()); // 2^5 - 1
        let z2_10_0 = z2_5_0.sqn(5).mul(&z2_5_0);
        let z2_20_0 = z2_10_0.sqn(10).mul(&z2_10_0);
        let z2_40_0 = z2_20_0.sqn(20).mul(&z2_20_0);
        let z2_50_0 = z2_40_0.sqn(10).mul(&z2_10_0);
        let z2_100_0 = z2_50_0.sqn(50).mul(&z2_50_0);
        let z2_200_0 = z2_100_0.sqn(100).mul(&z2_100_0);
        let z2_250_0 = z2_200_0.sqn(50).mul(&z2_50_0);
        z2_250_0.sqn(5).mul(&z11) // 2^255 - 32 + 11 = 2^255 - 21
    }

    /// Build from 10 radix-2^25.5 limbs (each < 2^63 / 2^26, arbitrary non-canonical).
    pub(super) fn from_limbs26(l: &[u64; 10]) -> Fe51 {
        let mut c = [0u128; 5];
        for i in 0..5 {
            c[i] = l[2 * i] as u128 + ((l[2 * i + 1] as u128) << 26);
        }
        Self::reduce_wide(c)
    }

    pub(super) fn to_bytes(self) -> [u8; 32] {
        // weak reduce, then canonical (as in curve25519-dalek)
        let mut l = Self::reduce_wide([
            self.0[0] as u128,
            self.0[1] as u128,
            self.0[2] as u128,
            self.0[3] as u128,
            self.0[4] as u128,
        ])
        .0;
        let mut q = (l[0] + 19) >> 51;
        q = (l[1] + q) >> 51;
        q = (l[2] + q) >> 51;
        q = (l[3] + q) >> 51;
        q = (l[4] + q) >> 51;
        l[0] += 19 * q;
        l[1] += l[0] >> 51;
        l[0] &= MASK51;
        l[2] += l[1] >> 51;
        l[1] &= MASK51;
        l[3] += l[2] >> 51;
        l[2] &= MASK51;
        l[4] += l[3] >> 51;
        l[3] &= MASK51;
        l[4] &= MASK51;
        let mut out = [0u8; 32];
        let mut acc: u128 = 0;
        let mut bits = 0;
        let mut idx = 0;
        for limb in l.iter() {
            acc |= (*limb as u128) << bits;
            bits += 51;
            while bits >= 8 && idx < 32 {
                out[idx] = acc as u8;
                acc >>= 8;
                bits -= 8;
                idx += 1;
            }
        }
        if idx < 32 {
            out[idx] = acc as u8;
        }
        out
    }
}
