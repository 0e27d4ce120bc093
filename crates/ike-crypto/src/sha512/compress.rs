//! Which SHA-512 compression function runs: ours for x86-64 with AVX2 and
//! BMI2 ([`super::avx2`]), else RustCrypto's (`sha2::compress512`, which
//! picks its own backend, e.g. the ARMv8.2 SHA-512 instructions).
//!
//! This is the crate's one use of `unsafe` outside the aws-lc FFI: calling
//! a function compiled for CPU features is unsafe unless the caller is
//! compiled for them too, and the only way to know is to ask the CPU at
//! run time, which is what the check before the call does.

use sha2::digest::generic_array::GenericArray;

/// Compresses `blocks` into `state` (FIPS 180-4 6.4.2).
pub(super) fn compress(state: &mut [u64; 8], blocks: &[[u8; 128]]) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("bmi2") {
        #[allow(unsafe_code)]
        // SAFETY: the CPU has both features `avx2::compress` is compiled
        // for (checked just above); the function itself is safe code.
        unsafe {
            super::avx2::compress(state, blocks)
        };
        return;
    }
    portable(state, blocks);
}

/// RustCrypto's compression function, block by block.
pub(super) fn portable(state: &mut [u64; 8], blocks: &[[u8; 128]]) {
    for block in blocks {
        sha2::compress512(
            state,
            core::slice::from_ref(GenericArray::from_slice(block)),
        );
    }
}
