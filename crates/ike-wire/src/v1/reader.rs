//! A bounds-checked cursor over borrowed input that reports errors with the
//! absolute offset of the whole message and the payload being read.

use crate::error::{Context, Error, ErrorKind, Result};

/// Cursor over `buf`, whose first octet sits at `base` in the whole message.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    ctx: Context,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8], base: usize, ctx: Context) -> Self {
        Reader {
            buf,
            pos: 0,
            base,
            ctx,
        }
    }

    /// Absolute offset of the next octet.
    pub(crate) fn offset(&self) -> usize {
        self.base + self.pos
    }

    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// An error at the current position.
    pub(crate) fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.offset(), self.ctx)
    }

    /// An error at an explicit absolute offset.
    pub(crate) fn error_at(&self, kind: ErrorKind, offset: usize) -> Error {
        Error::new(kind, offset, self.ctx)
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let rem = self.remaining();
        if n > rem {
            return Err(self.error(ErrorKind::Truncated { needed: n - rem }));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// Everything left.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let s = &self.buf[self.pos..];
        self.pos = self.buf.len();
        s
    }

    /// A reserved field that RFC 2408 says must be zero; a non-zero value is
    /// refused so that a decoded message always re-encodes to the same octets.
    pub(crate) fn reserved(&mut self, n: usize, field: &'static str) -> Result<()> {
        let at = self.offset();
        let s = self.take(n)?;
        if let Some(v) = s.iter().copied().find(|b| *b != 0) {
            return Err(self.error_at(
                ErrorKind::InvalidValue {
                    field,
                    value: u64::from(v),
                },
                at,
            ));
        }
        Ok(())
    }

    /// Split off a sub-reader of `n` octets (same context).
    pub(crate) fn sub(&mut self, n: usize, ctx: Context) -> Result<Reader<'a>> {
        let base = self.offset();
        let s = self.take(n)?;
        Ok(Reader::new(s, base, ctx))
    }

    /// Fail unless everything was consumed.
    pub(crate) fn finish(&self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.error(ErrorKind::Trailing(self.remaining())))
        }
    }
}
