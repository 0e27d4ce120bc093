#!/usr/bin/env python3
"""Generates src/kx/p521/avx2/field29_gen.rs: straight-line AVX2 multiplication,
squaring and carry for ONE element of GF(2^521 - 1) in radix 2^29 (18 limbs in
5 ymm registers; lanes 18 and 19 are don't-care). From the research spike
p521-avx2 (gen/gen.py there), reduced to the variants that the crate uses.

    python3 crates/ike-crypto/gen/p521_fe29.py > crates/ike-crypto/src/kx/p521/avx2/field29_gen.rs

Everything is emitted as macro_rules! macros so that it is expanded inside the
#[target_feature(enable = "avx2")] caller (such functions cannot be
#[inline(always)], and the intrinsics are only safe inside them).

Bound argument (the full text is the module documentation of
src/kx/p521/avx2/mod.rs):
  inputs of mul/square: every limb < 2^29 + 2^12 ("tight").
  column k of the cyclic product = sum_{i+j=k} a_i b_j + 2 sum_{i+j=k+18} a_i b_j
  has (k+1) plain and (17-k) doubled products: weight <= 35 (k = 0), so
  column < 35 (2^29 + 2^12)^2 < 2^63.15 < 2^64: no u64 lane overflows.
  carry pass 1: limb = (c & M29) + (c_{k-1} >> 29) < 2^29 + 2^35.15
  carry pass 2: limb < 2^29 + 2^7.

No inline assembly: the spike put an empty `asm!` value barrier on the
doubled inputs and the shuffled windows, because LLVM's shuffle combiner
(which knows vpmuludq reads only the low 32 bits of each lane) otherwise
rewrites the windows into other shuffle and blend sequences. In the crate
that cost only 5% (2026-11-28: 269 us per P-521 shared secret without the
barrier, 256 us with it; still 90 vpmuludq per mul), not worth unsafe code.
"""
import sys


out = []
w = out.append


def carry_macro():
    w("/// `$n` parallel carry passes over the 18 limbs (no serial chain): limb k becomes")
    w("/// (limb_k & M29) + (limb_{k-1} >> 29), limb 0 gets 2 (limb_17 >> 29) (2^522 = 2 mod p).")
    w("/// Bounds: see the module documentation of `avx2` (columns < 2^63.15 give")
    w("/// < 2^29 + 2^35.15 after one pass and < 2^29 + 2^7 after two).")
    w("macro_rules! fe29_carry {")
    w("    ($v:expr, $n:expr) => {{")
    w("        let mut v: [__m256i; 5] = $v;")
    w("        let m29 = _mm256_set1_epi64x((1i64 << 29) - 1);")
    w("        for _ in 0..$n {")
    for i in range(5):
        w(f"            let t{i} = _mm256_srli_epi64::<29>(v[{i}]);")
    w("            // Lane 3 of wrap = 2 t_17 (limb 17 is lane 1 of t4).")
    w("            let wrap = _mm256_permute4x64_epi64::<0b01_00_00_00>(t4);")
    w("            let wrap = _mm256_add_epi64(wrap, wrap);")
    w("            // s_i = [lane 3 of the previous t, t_i lanes 0, 1, 2].")
    prev = ["wrap", "t0", "t1", "t2", "t3"]
    for i in range(5):
        w(f"            let s{i} = _mm256_alignr_epi8::<8>(t{i}, _mm256_permute2x128_si256::<0x21>({prev[i]}, t{i}));")
    for i in range(5):
        w(f"            v[{i}] = _mm256_add_epi64(_mm256_and_si256(v[{i}], m29), s{i});")
    w("        }")
    w("        v")
    w("    }};")
    w("}")
    w("")


class Slicer:
    """Unaligned 4-lane windows of an array of aligned vectors held in registers:
    the window at lane offset off = 4m + r is base[m] for r = 0, else built with
    vperm2i128 (r = 2) and vpalignr (r = 1, 3); memoised per (m, r)."""

    def __init__(self, name, base):
        self.name = name
        self.base = base
        self.memo = {}
        self.nshuf = 0

    def get(self, off):
        m, r = divmod(off, 4)
        if r == 0:
            return self.base[m]
        if (m, r) in self.memo:
            return self.memo[(m, r)]
        v = f"{self.name}_{m}_{r}"
        if r == 2:
            w(f"            let {v} = _mm256_permute2x128_si256::<0x21>({self.base[m]}, {self.base[m + 1]});")
        elif r == 1:
            s2 = self.get(4 * m + 2)
            w(f"            let {v} = _mm256_alignr_epi8::<8>({s2}, {self.base[m]});")
        else:
            s2 = self.get(4 * m + 2)
            w(f"            let {v} = _mm256_alignr_epi8::<8>({self.base[m + 1]}, {s2});")
        self.nshuf += 1
        self.memo[(m, r)] = v
        return v


def bcast(name, j):
    """Broadcast the low 32 bits of limb j of the memory copy `name` (vpbroadcastd
    from the stack: a pure load uop; vpmuludq reads only those 32 bits)."""
    return f"_mm256_set1_epi32(_mm256_extract_epi32::<{2 * (j % 4)}>({name}[{j // 4}]))"


def spill(src, name):
    w(f"            // black_box: a memory copy of {src}, so that each broadcast below is a")
    w("            // vpbroadcastd from the stack (a pure load) rather than a shuffle on the")
    w("            // vector ports, which the multiplies and adds need (spike: +7% per mul).")
    w(f"            let {name}: [__m256i; 5] = core::hint::black_box({src});")


def mul_reg_macro():
    w("/// Product columns of a * b (no carry), tight inputs. Cyclic product scanning:")
    w("/// ext = [_, _, 2a_0..2a_17, a_0..a_17, _, _] (the wrapped part pre-doubled),")
    w("/// column vector k = sum_j b_j * ext[4k - j + 20 .. +4]: 18 broadcasts x 5 = 90")
    w("/// vpmuludq. The windows of ext are built in registers with vperm2i128/vpalignr.")
    w("/// Every lane < 35 (2^29 + 2^12)^2 < 2^63.15. Lanes 18, 19 of the inputs never reach")
    w("/// columns 0..17: a_18, a_19 sit at ext[38..40], which only the windows of columns")
    w("/// 18 + j and 19 + j read, and b_18, b_19 are never broadcast.")
    w("macro_rules! fe29_mul_cols {")
    w("    ($a:expr, $b:expr) => {{")
    w("        let a: [__m256i; 5] = $a;")
    w("        let b: [__m256i; 5] = $b;")
    w("        {")
    for i in range(5):
        w(f"            let a2_{i} = _mm256_add_epi64(a[{i}], a[{i}]);")
    w("            let e_0 = _mm256_permute2x128_si256::<0x00>(a2_0, a2_0);")
    for m in range(1, 5):
        w(f"            let e_{m} = _mm256_permute2x128_si256::<0x21>(a2_{m - 1}, a2_{m});")
    for i in range(5):
        w(f"            let e_{5 + i} = a[{i}];")
    sl = Slicer("x", [f"e_{m}" for m in range(10)])
    for k in range(5):
        w(f"            let mut c{k} = _mm256_setzero_si256();")
    spill("b", "bm")
    for j in range(18):
        w(f"            let bj = {bcast('bm', j)};")
        for k in range(5):
            off = 4 * k - j + 20
            src = sl.get(off)
            w(f"            c{k} = _mm256_add_epi64(c{k}, _mm256_mul_epu32(bj, {src}));")
    w("            [c0, c1, c2, c3, c4]")
    w("        }")
    w("    }};")
    w("}")
    w("")
    sys.stderr.write(f"mul: 90 vpmuludq, {sl.nshuf} window shuffles\n")


def sqr_reg_macro():
    PAD = 4
    w("/// Columns of a^2 (no carry), tight input: the off-diagonal triangle (row j: lanes")
    w("/// whose partner u > j get 2 a_u, u <= j zeroed by one blend), 54 vpmuludq; the")
    w("/// diagonal a_j^2 separately (5 vpmuludq on a lane-permuted copy, spread to the even")
    w("/// columns with unpack); then the fold c_k + 2 c_{k+18}. Each column is the same sum")
    w("/// as in `fe29_mul_cols`, so the same bound holds. a's lanes 18, 19 are zeroed first.")
    w("macro_rules! fe29_sqr_cols {")
    w("    ($a:expr) => {{")
    w("        let a: [__m256i; 5] = $a;")
    w("        {")
    w("            let z = _mm256_setzero_si256();")
    w("            // Limbs 18, 19 must read as zero here (non-cyclic columns up to 35).")
    w("            let a4 = _mm256_blend_epi32::<0xf0>(a[4], z);")
    w("            let a = [a[0], a[1], a[2], a[3], a4];")
    for i in range(5):
        w(f"            let f_{i + 1} = _mm256_add_epi64(a[{i}], a[{i}]);")
    w("            let f_0 = z;")
    w("            let f_6 = z;")
    sl = Slicer("y", [f"f_{m}" for m in range(8)])
    for m in range(5):
        w(f"            let ap = _mm256_permute4x64_epi64::<0b11_01_10_00>(a[{m}]);")
        w("            let d = _mm256_mul_epu32(ap, ap);")
        w(f"            let mut c{2 * m} = _mm256_unpacklo_epi64(d, z);")
        if 2 * m + 1 <= 8:
            w(f"            let mut c{2 * m + 1} = _mm256_unpackhi_epi64(d, z);")
    nmul = 5
    spill("a", "am")
    for j in range(17):
        w(f"            let aj = {bcast('am', j)};")
        vlo = (2 * j) // 4
        vhi = (j + 17) // 4
        for v in range(vlo, vhi + 1):
            off = 4 * v - j + PAD
            src = sl.get(off)
            if v == vlo:
                dl = 2 * j - 4 * v  # diagonal lane: zero lanes 0..=dl
                mask = 0
                for l in range(dl + 1):
                    mask |= 0b11 << (2 * l)
                src = f"_mm256_blend_epi32::<{mask}>({src}, z)"
            w(f"            c{v} = _mm256_add_epi64(c{v}, _mm256_mul_epu32(aj, {src}));")
            nmul += 1
    for i in range(5):
        hi_a = f"c{4 + i}"
        hi_b = f"c{5 + i}" if 5 + i <= 8 else f"c{4 + i}"
        w(f"            let h{i} = _mm256_permute2x128_si256::<0x21>({hi_a}, {hi_b});")
        w(f"            let o{i} = _mm256_add_epi64(c{i}, _mm256_add_epi64(h{i}, h{i}));")
    w("            [o0, o1, o2, o3, o4]")
    w("        }")
    w("    }};")
    w("}")
    w("")
    sys.stderr.write(f"sqr: {nmul} vpmuludq, {sl.nshuf} window shuffles\n")


w("// @generated by crates/ike-crypto/gen/p521_fe29.py -- do not edit.")
w("")
carry_macro()
mul_reg_macro()
sqr_reg_macro()
w("/// a * b, tight inputs, tight output (< 2^29 + 2^7).")
w("macro_rules! fe29_mul {")
w("    ($a:expr, $b:expr) => {{")
w("        fe29_carry!(fe29_mul_cols!($a, $b), 2)")
w("    }};")
w("}")
w("")
w("/// a^2, tight input, tight output (< 2^29 + 2^7).")
w("macro_rules! fe29_sqr {")
w("    ($a:expr) => {{")
w("        fe29_carry!(fe29_sqr_cols!($a), 2)")
w("    }};")
w("}")

print("\n".join(out))
