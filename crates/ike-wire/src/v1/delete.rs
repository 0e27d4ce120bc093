//! Delete payload (RFC 2408 3.15).

use super::registry::{Doi, ProtocolId};
use super::writer::{put_u16, put_u32};
use crate::cursor::Cursor;
use crate::error::{ErrorKind, Result};

/// A Delete payload body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Delete<'a> {
    /// Domain of Interpretation.
    pub doi: Doi,
    /// Protocol-Id of the SAs being deleted.
    pub protocol: ProtocolId,
    /// The SPIs (for PROTO_ISAKMP, the 16-octet cookie pair).
    pub spis: SpiList<'a>,
}

/// `count` SPIs of `size` octets each, back to back as on the wire. The
/// constructor guarantees `data.len() == size * count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpiList<'a> {
    size: u8,
    count: u16,
    data: &'a [u8],
}

impl<'a> SpiList<'a> {
    /// A list of `count` SPIs of `size` octets in `data`; `None` unless
    /// `data.len() == size * count`.
    pub fn new(size: u8, count: u16, data: &'a [u8]) -> Option<Self> {
        (usize::from(size) * usize::from(count) == data.len()).then_some(SpiList {
            size,
            count,
            data,
        })
    }

    /// One SPI.
    pub fn single(spi: &'a [u8]) -> Option<Self> {
        Self::new(u8::try_from(spi.len()).ok()?, 1, spi)
    }

    /// SPI Size.
    pub fn size(&self) -> u8 {
        self.size
    }

    /// # of SPIs.
    pub fn count(&self) -> u16 {
        self.count
    }

    /// All SPI octets.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.data
    }

    /// Iterate over the SPIs (none if the size is 0).
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        // With size 0 the data is empty, so chunks(1) yields nothing.
        self.data.chunks(usize::from(self.size).max(1))
    }
}

impl<'a> Delete<'a> {
    pub(crate) fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        let doi = Doi::from(r.u32()?);
        let protocol = ProtocolId::from(r.u8()?);
        let size = r.u8()?;
        let count_at = r.offset();
        let count = r.u16()?;
        let len = usize::from(size) * usize::from(count);
        if len != r.remaining() {
            return Err(r.error_at(
                ErrorKind::BadLength {
                    length: len,
                    why: "SPI Size x # of SPIs differs from the payload length",
                },
                count_at,
            ));
        }
        let data = r.take(len)?;
        Ok(Delete {
            doi,
            protocol,
            spis: SpiList { size, count, data },
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        put_u32(out, self.doi.value());
        out.push(self.protocol.value());
        out.push(self.spis.size);
        put_u16(out, self.spis.count);
        out.extend_from_slice(self.spis.data);
    }
}
