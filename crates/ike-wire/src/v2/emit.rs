//! Output buffers for encoding: anything that can grow at the end and be
//! patched in place (a `Vec<u8>` or a `BytesMut`), plus length back-patching.

use crate::EncodeError;
use bytes::BufMut;

/// Where encoded octets go: `Vec<u8>` and `bytes::BytesMut`.
pub trait Sink: BufMut + AsMut<[u8]> {}
impl<T: BufMut + AsMut<[u8]>> Sink for T {}

/// Current length of the output.
pub(crate) fn pos<S: Sink + ?Sized>(out: &mut S) -> usize {
    out.as_mut().len()
}

/// Write a 16-bit length of everything from `start` to the end, at `at`.
pub(crate) fn patch_len16<S: Sink + ?Sized>(
    out: &mut S,
    at: usize,
    start: usize,
    what: &'static str,
) -> Result<(), EncodeError> {
    let len = pos(out) - start;
    let v = u16::try_from(len).map_err(|_| EncodeError::TooLong { what, len })?;
    if let Some(dst) = out.as_mut().get_mut(at..at + 2) {
        dst.copy_from_slice(&v.to_be_bytes());
    }
    Ok(())
}

/// Write a 32-bit length of everything from `start` to the end, at `at`.
pub(crate) fn patch_len32<S: Sink + ?Sized>(
    out: &mut S,
    at: usize,
    start: usize,
    what: &'static str,
) -> Result<(), EncodeError> {
    let len = pos(out) - start;
    let v = u32::try_from(len).map_err(|_| EncodeError::TooLong { what, len })?;
    if let Some(dst) = out.as_mut().get_mut(at..at + 4) {
        dst.copy_from_slice(&v.to_be_bytes());
    }
    Ok(())
}

/// A count that must fit in `u8`.
pub(crate) fn count8(what: &'static str, n: usize) -> Result<u8, EncodeError> {
    u8::try_from(n).map_err(|_| EncodeError::TooLong { what, len: n })
}

/// A count that must fit in `u16`.
pub(crate) fn count16(what: &'static str, n: usize) -> Result<u16, EncodeError> {
    u16::try_from(n).map_err(|_| EncodeError::TooLong { what, len: n })
}
