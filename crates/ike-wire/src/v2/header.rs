//! The IKE header (RFC 7296 3.1).

use crate::cursor::Cursor;
use crate::error::{Context, ErrorKind, Result};
use crate::v2::emit::Sink;
use crate::v2::registry::{ExchangeType, PayloadType};
use crate::EncodeError;

/// Length of the fixed IKE header.
pub const HEADER_LEN: usize = 28;

/// The IKE header flags octet (RFC 7296 3.1), kept whole so that reserved
/// bits survive a round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Flags(pub u8);

impl Flags {
    /// I (Initiator): set by the original initiator of the IKE SA.
    pub const INITIATOR: u8 = 0x08;
    /// V (Version): the sender can speak a higher major version.
    pub const VERSION: u8 = 0x10;
    /// R (Response): this message is a response.
    pub const RESPONSE: u8 = 0x20;

    /// Flags of a message from the original initiator (`I`), request or response.
    pub fn new(initiator: bool, response: bool) -> Self {
        let mut f = 0;
        if initiator {
            f |= Self::INITIATOR;
        }
        if response {
            f |= Self::RESPONSE;
        }
        Flags(f)
    }

    /// The I bit.
    pub fn initiator(self) -> bool {
        self.0 & Self::INITIATOR != 0
    }

    /// The R bit.
    pub fn response(self) -> bool {
        self.0 & Self::RESPONSE != 0
    }

    /// The V bit.
    pub fn version(self) -> bool {
        self.0 & Self::VERSION != 0
    }
}

impl core::fmt::Display for Flags {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let names = [
            (Self::INITIATOR, "I"),
            (Self::VERSION, "V"),
            (Self::RESPONSE, "R"),
        ];
        let mut any = false;
        for (bit, n) in names {
            if self.0 & bit != 0 {
                f.write_str(if any { "|" } else { "" })?;
                f.write_str(n)?;
                any = true;
            }
        }
        let other = self.0 & !(Self::INITIATOR | Self::VERSION | Self::RESPONSE);
        if other != 0 {
            write!(f, "{}0x{other:02x}", if any { "|" } else { "" })?;
        } else if !any {
            f.write_str("none")?;
        }
        Ok(())
    }
}

/// An IKEv2 header without the two fields the encoder derives (Next Payload
/// and Length). The major version is always 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Header {
    /// IKE SA Initiator's SPI.
    pub spi_i: [u8; 8],
    /// IKE SA Responder's SPI (zero in the first IKE_SA_INIT request).
    pub spi_r: [u8; 8],
    /// Minor version (0 for RFC 7296; 4 bits on the wire).
    pub minor_version: u8,
    /// Exchange type.
    pub exchange_type: ExchangeType,
    /// Flags.
    pub flags: Flags,
    /// Message ID.
    pub message_id: u32,
}

/// The raw fixed header, any version, as it appears on the wire: what a
/// receiver needs to answer even a message it cannot parse further
/// (INVALID_MAJOR_VERSION, UNSUPPORTED_CRITICAL_PAYLOAD, RFC 7296 2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawHeader {
    /// Initiator SPI (IKEv1: initiator cookie).
    pub spi_i: [u8; 8],
    /// Responder SPI (IKEv1: responder cookie).
    pub spi_r: [u8; 8],
    /// Type of the first payload.
    pub next_payload: u8,
    /// Major version (high nibble of the version octet).
    pub major_version: u8,
    /// Minor version (low nibble).
    pub minor_version: u8,
    /// Exchange type (number; IKEv1 and IKEv2 registries differ).
    pub exchange_type: u8,
    /// Flags octet.
    pub flags: u8,
    /// Message ID.
    pub message_id: u32,
    /// Length of the whole message.
    pub length: u32,
}

impl RawHeader {
    /// Read the 28-octet header at the start of `buf` (no length check
    /// against `buf`; [`crate::v2::Message::decode`] does that).
    pub fn decode(buf: &[u8]) -> Result<RawHeader> {
        let mut r = Cursor::new(buf, 0, Context::Header);
        let spi_i = *r.array::<8>()?;
        let spi_r = *r.array::<8>()?;
        let next_payload = r.u8()?;
        let version = r.u8()?;
        Ok(RawHeader {
            spi_i,
            spi_r,
            next_payload,
            major_version: version >> 4,
            minor_version: version & 0x0f,
            exchange_type: r.u8()?,
            flags: r.u8()?,
            message_id: r.u32()?,
            length: r.u32()?,
        })
    }

    /// Check the length field against the buffer and the major version,
    /// giving the IKEv2 header and the first payload type.
    pub(crate) fn checked_v2(&self, buf_len: usize) -> Result<(Header, PayloadType)> {
        let err = |kind, offset| crate::Error::new(kind, offset, Context::Header);
        if self.major_version != 2 {
            return Err(err(ErrorKind::UnsupportedVersion(self.major_version), 17));
        }
        let length = self.length as usize;
        if length < HEADER_LEN {
            return Err(err(
                ErrorKind::BadLength {
                    length,
                    why: "shorter than the IKE header",
                },
                24,
            ));
        }
        if length > buf_len {
            return Err(err(
                ErrorKind::Truncated {
                    needed: length - buf_len,
                },
                buf_len,
            ));
        }
        if length < buf_len {
            return Err(err(ErrorKind::Trailing(buf_len - length), length));
        }
        Ok((
            Header {
                spi_i: self.spi_i,
                spi_r: self.spi_r,
                minor_version: self.minor_version,
                exchange_type: ExchangeType::from(self.exchange_type),
                flags: Flags(self.flags),
                message_id: self.message_id,
            },
            PayloadType::from(self.next_payload),
        ))
    }
}

impl Header {
    /// Write the header with a zero length (patched by the caller at
    /// offset 24) and the given first payload type.
    pub(crate) fn encode<S: Sink + ?Sized>(
        &self,
        first: PayloadType,
        out: &mut S,
    ) -> core::result::Result<(), EncodeError> {
        if self.minor_version > 0x0f {
            return Err(EncodeError::Unrepresentable("minor version above 15"));
        }
        out.put_slice(&self.spi_i);
        out.put_slice(&self.spi_r);
        out.put_u8(first.value());
        out.put_u8(0x20 | self.minor_version);
        out.put_u8(self.exchange_type.value());
        out.put_u8(self.flags.0);
        out.put_u32(self.message_id);
        out.put_u32(0);
        Ok(())
    }
}
