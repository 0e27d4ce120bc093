//! Delete payload (RFC 7296 3.11).

use crate::cursor::Cursor;
use crate::error::{ErrorKind, Result};
use crate::v2::emit::{count16, count8, Sink};
use crate::v2::limits::MAX_DELETE_SPIS;
use crate::v2::registry::ProtocolId;
use crate::EncodeError;

/// Delete payload: the SAs to delete. For the IKE SA itself: protocol IKE,
/// SPI size 0, no SPIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delete<'a> {
    /// Protocol ID.
    pub protocol_id: ProtocolId,
    /// SPI Size (0 for IKE, 4 for AH/ESP); every SPI has this length.
    pub spi_size: u8,
    /// The SPIs.
    pub spis: Vec<&'a [u8]>,
}

impl<'a> Delete<'a> {
    /// Delete the IKE SA the message is protected by (RFC 7296 1.4.1).
    pub fn ike() -> Delete<'static> {
        Delete {
            protocol_id: ProtocolId::Ike,
            spi_size: 0,
            spis: Vec::new(),
        }
    }

    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let protocol_id = ProtocolId::from(r.u8()?);
        let spi_size = r.u8()?;
        let at = r.offset();
        let num = usize::from(r.u16()?);
        if spi_size == 0 && num != 0 {
            // Zero-length SPIs cannot be counted from the payload length.
            return Err(r.error_at(
                ErrorKind::InvalidValue {
                    field: "Delete # of SPIs with SPI Size 0",
                    value: num as u64,
                },
                at,
            ));
        }
        if num > MAX_DELETE_SPIS {
            return Err(r.error_at(
                ErrorKind::TooMany {
                    what: "SPIs in a Delete payload",
                    limit: MAX_DELETE_SPIS,
                },
                at,
            ));
        }
        let mut spis = Vec::with_capacity(num);
        for _ in 0..num {
            spis.push(r.take(usize::from(spi_size))?);
        }
        r.finish()?;
        Ok(Delete {
            protocol_id,
            spi_size,
            spis,
        })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(
        &self,
        out: &mut S,
    ) -> core::result::Result<(), EncodeError> {
        if self
            .spis
            .iter()
            .any(|s| s.len() != usize::from(self.spi_size))
        {
            return Err(EncodeError::Unrepresentable(
                "Delete SPI whose length differs from SPI Size",
            ));
        }
        if self.spi_size == 0 && !self.spis.is_empty() {
            return Err(EncodeError::Unrepresentable("Delete with empty SPIs"));
        }
        out.put_u8(self.protocol_id.value());
        out.put_u8(count8("Delete SPI size", usize::from(self.spi_size))?);
        out.put_u16(count16("SPIs in a Delete payload", self.spis.len())?);
        for s in &self.spis {
            out.put_slice(s);
        }
        Ok(())
    }
}
