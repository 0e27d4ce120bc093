//! Emitting helpers: big-endian fields and back-patched length fields.

use crate::error::EncodeError;

/// Append `v` big-endian.
pub(crate) fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// Append `v` big-endian.
pub(crate) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// Write a generic payload header (RFC 2408 3.2) with a zero length and
/// return the position of the header so [`finish_payload`] can patch it.
pub(crate) fn begin_payload(out: &mut Vec<u8>, next: u8) -> usize {
    let at = out.len();
    out.push(next);
    out.push(0); // RESERVED
    put_u16(out, 0); // Payload Length, patched by finish_payload
    at
}

/// Patch the 16-bit Payload Length of the payload started at `at`.
pub(crate) fn finish_payload(
    out: &mut [u8],
    at: usize,
    what: &'static str,
) -> Result<(), EncodeError> {
    patch_u16_len(out, at, at + 2, what)
}

/// Patch a 16-bit length at `field` covering `out[start..]`.
pub(crate) fn patch_u16_len(
    out: &mut [u8],
    start: usize,
    field: usize,
    what: &'static str,
) -> Result<(), EncodeError> {
    let len = out.len() - start;
    let v = u16::try_from(len).map_err(|_| EncodeError::TooLong { what, len })?;
    out[field..field + 2].copy_from_slice(&v.to_be_bytes());
    Ok(())
}

/// A length-checked u16 count or length.
pub(crate) fn u16_len(len: usize, what: &'static str) -> Result<u16, EncodeError> {
    u16::try_from(len).map_err(|_| EncodeError::TooLong { what, len })
}

/// A length-checked u8 count or length.
pub(crate) fn u8_len(len: usize, what: &'static str) -> Result<u8, EncodeError> {
    u8::try_from(len).map_err(|_| EncodeError::TooLong { what, len })
}
