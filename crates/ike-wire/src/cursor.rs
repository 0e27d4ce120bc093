//! A bounds-checked reader over borrowed input whose errors carry the
//! absolute offset in the whole message and the payload being read.

use crate::error::{Context, Error, ErrorKind, Result};

/// Cursor over `buf`, whose first octet sits at `base` in the whole message.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    ctx: Context,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(buf: &'a [u8], base: usize, ctx: Context) -> Self {
        Cursor {
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
        self.buf.len().saturating_sub(self.pos)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// An error at the current position.
    pub(crate) fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.offset(), self.ctx)
    }

    /// An error at an absolute offset.
    pub(crate) fn error_at(&self, kind: ErrorKind, offset: usize) -> Error {
        Error::new(kind, offset, self.ctx)
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let rem = self.remaining();
        match self.buf.get(self.pos..self.pos.saturating_add(n)) {
            Some(s) if n <= rem => {
                self.pos += n;
                Ok(s)
            }
            _ => Err(self.error(ErrorKind::Truncated {
                needed: n.saturating_sub(rem),
            })),
        }
    }

    /// Change the context reported by later errors.
    pub(crate) fn set_context(&mut self, ctx: Context) {
        self.ctx = ctx;
    }

    /// Consume the cursor, giving the rest of the input.
    pub(crate) fn into_rest(mut self) -> &'a [u8] {
        self.rest()
    }

    /// The rest of the input.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let s = self.buf.get(self.pos..).unwrap_or_default();
        self.pos = self.buf.len();
        s
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<&'a [u8; N]> {
        let s = self.take(N)?;
        <&[u8; N]>::try_from(s).map_err(|_| self.error(ErrorKind::Truncated { needed: N }))
    }

    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(*self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(*self.array()?))
    }

    /// A reserved field that must be zero (RFC 2408 3.1 and the payload
    /// formats); a non-zero value is refused so that a decoded message always
    /// re-encodes to the same octets.
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

    /// Split off a sub-cursor of `n` octets with its own context.
    pub(crate) fn sub(&mut self, n: usize, ctx: Context) -> Result<Cursor<'a>> {
        let base = self.offset();
        let s = self.take(n)?;
        Ok(Cursor::new(s, base, ctx))
    }

    /// Fail unless everything was consumed.
    pub(crate) fn finish(&self) -> Result<()> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(self.error(ErrorKind::Trailing(n))),
        }
    }
}
