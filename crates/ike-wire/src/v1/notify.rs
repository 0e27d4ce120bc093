//! Notification payload (RFC 2408 3.14, RFC 2407 4.6.3, RFC 3706 DPD).

use super::attribute::{decode_attributes, DataAttribute};
use super::registry::{Doi, NotifyType, ProtocolId};
use super::writer::{put_u16, put_u32, u8_len};
use crate::cursor::Cursor;
use crate::error::{Context, EncodeError, Result};

/// A Notification payload body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Notification<'a> {
    /// Domain of Interpretation (0 = ISAKMP, 1 = IPSEC).
    pub doi: Doi,
    /// Protocol-ID of the SA the notification is about.
    pub protocol: ProtocolId,
    /// SPI (RFC 3706 5: the two ISAKMP cookies, 16 octets, for DPD).
    pub spi: &'a [u8],
    /// Notify Message Type.
    pub notify_type: NotifyType,
    /// Notification Data.
    pub data: &'a [u8],
}

impl<'a> Notification<'a> {
    pub(crate) fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        let doi = Doi::from(r.u32()?);
        let protocol = ProtocolId::from(r.u8()?);
        let spi_size = usize::from(r.u8()?);
        let notify_type = NotifyType::from(r.u16()?);
        let spi = r.take(spi_size)?;
        let data = r.rest();
        Ok(Notification {
            doi,
            protocol,
            spi,
            notify_type,
            data,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> core::result::Result<(), EncodeError> {
        put_u32(out, self.doi.value());
        out.push(self.protocol.value());
        out.push(u8_len(self.spi.len(), "notification SPI")?);
        put_u16(out, self.notify_type.value());
        out.extend_from_slice(self.spi);
        out.extend_from_slice(self.data);
        Ok(())
    }

    /// The DPD sequence number of an R-U-THERE or R-U-THERE-ACK
    /// (RFC 3706 5: a 4-octet Notification Data), if this is one.
    pub fn dpd_sequence(&self) -> Option<u32> {
        match self.notify_type {
            NotifyType::RUThere | NotifyType::RUThereAck => {
                let b: [u8; 4] = self.data.try_into().ok()?;
                Some(u32::from_be_bytes(b))
            }
            _ => None,
        }
    }

    /// The replay counter state of a REPLAY-STATUS notification
    /// (RFC 2407 4.6.3.2: 4 octets, 0 = disabled).
    pub fn replay_status(&self) -> Option<u32> {
        match self.notify_type {
            NotifyType::ReplayStatus => {
                let b: [u8; 4] = self.data.try_into().ok()?;
                Some(u32::from_be_bytes(b))
            }
            _ => None,
        }
    }

    /// The SA attributes of a RESPONDER-LIFETIME notification
    /// (RFC 2407 4.6.3.1), decoded from the Notification Data. Error offsets
    /// are relative to the start of the data.
    pub fn responder_lifetime(&self) -> Option<Result<Vec<DataAttribute<'a>>>> {
        if self.notify_type != NotifyType::ResponderLifetime {
            return None;
        }
        let mut r = Cursor::new(
            self.data,
            0,
            Context::V1Payload(super::registry::PayloadType::Notification.value()),
        );
        Some(decode_attributes(&mut r))
    }
}
