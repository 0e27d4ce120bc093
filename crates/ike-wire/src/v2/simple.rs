//! Payloads made of a small fixed part and opaque data: KE (3.4), IDi/IDr
//! (3.5), CERT and CERTREQ (3.6, 3.7), AUTH (3.8) and EAP (3.16) of RFC 7296.

use crate::cursor::Cursor;
use crate::error::{ErrorKind, Result};
use crate::v2::emit::Sink;
use crate::v2::registry::{AuthMethod, CertEncoding, DhGroup, EapCode, IdType};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Key Exchange payload (RFC 7296 3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ke<'a> {
    /// Diffie-Hellman Group Num (Key Exchange Method).
    pub group: DhGroup,
    /// Key Exchange Data.
    pub data: &'a [u8],
}

impl<'a> Ke<'a> {
    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let group = DhGroup::from(r.u16()?);
        let _reserved = r.u16()?;
        Ok(Ke {
            group,
            data: r.rest(),
        })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_u16(self.group.value());
        out.put_u16(0);
        out.put_slice(self.data);
    }
}

/// Identification payload, IDi or IDr (RFC 7296 3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id<'a> {
    /// ID Type.
    pub id_type: IdType,
    /// Identification Data.
    pub data: &'a [u8],
}

impl<'a> Id<'a> {
    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let id_type = IdType::from(r.u8()?);
        let _reserved = r.take(3)?;
        Ok(Id {
            id_type,
            data: r.rest(),
        })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_u8(self.id_type.value());
        out.put_slice(&[0; 3]);
        out.put_slice(self.data);
    }

    /// The address of an ID_IPV4_ADDR or ID_IPV6_ADDR of the right length.
    pub fn ip_addr(&self) -> Option<IpAddr> {
        match self.id_type {
            IdType::Ipv4Addr => <[u8; 4]>::try_from(self.data)
                .ok()
                .map(|a| IpAddr::V4(Ipv4Addr::from(a))),
            IdType::Ipv6Addr => <[u8; 16]>::try_from(self.data)
                .ok()
                .map(|a| IpAddr::V6(Ipv6Addr::from(a))),
            _ => None,
        }
    }
}

/// Certificate or Certificate Request payload (RFC 7296 3.6, 3.7): an
/// encoding and its data (for CERTREQ, concatenated SHA-1 hashes of CA
/// public keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cert<'a> {
    /// Cert Encoding.
    pub encoding: CertEncoding,
    /// Certificate Data, or Certification Authority for CERTREQ.
    pub data: &'a [u8],
}

impl<'a> Cert<'a> {
    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let encoding = CertEncoding::from(r.u8()?);
        Ok(Cert {
            encoding,
            data: r.rest(),
        })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_u8(self.encoding.value());
        out.put_slice(self.data);
    }

    /// For a CERTREQ of X.509 encoding: the 20-octet CA key hashes
    /// (RFC 7296 3.7); a short tail is not yielded.
    pub fn ca_hashes(&self) -> impl Iterator<Item = &'a [u8; 20]> {
        self.data
            .chunks_exact(20)
            .filter_map(|c| <&[u8; 20]>::try_from(c).ok())
    }
}

/// Authentication payload (RFC 7296 3.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Auth<'a> {
    /// Auth Method.
    pub method: AuthMethod,
    /// Authentication Data.
    pub data: &'a [u8],
}

impl<'a> Auth<'a> {
    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let method = AuthMethod::from(r.u8()?);
        let _reserved = r.take(3)?;
        Ok(Auth {
            method,
            data: r.rest(),
        })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(&self, out: &mut S) {
        out.put_u8(self.method.value());
        out.put_slice(&[0; 3]);
        out.put_slice(self.data);
    }
}

/// EAP payload (RFC 7296 3.16): an EAP message (RFC 3748 4) whose header is
/// read and whose Type and Type-Data are kept opaque.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eap<'a> {
    /// Code.
    pub code: EapCode,
    /// Identifier.
    pub identifier: u8,
    /// Everything after the 4-octet header: Type and Type-Data for a
    /// Request or Response, empty for Success and Failure.
    pub data: &'a [u8],
}

impl<'a> Eap<'a> {
    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let at = r.offset();
        let code = EapCode::from(r.u8()?);
        let identifier = r.u8()?;
        let len = usize::from(r.u16()?);
        let data = r.rest();
        if len != data.len() + 4 {
            return Err(r.error_at(
                ErrorKind::BadLength {
                    length: len,
                    why: "EAP Length differs from the EAP payload",
                },
                at + 2,
            ));
        }
        Ok(Eap {
            code,
            identifier,
            data,
        })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(
        &self,
        out: &mut S,
    ) -> core::result::Result<(), crate::EncodeError> {
        out.put_u8(self.code.value());
        out.put_u8(self.identifier);
        out.put_u16(crate::v2::emit::count16(
            "EAP message",
            self.data.len() + 4,
        )?);
        out.put_slice(self.data);
        Ok(())
    }

    /// The EAP Type of a Request or Response.
    pub fn eap_type(&self) -> Option<u8> {
        match self.code {
            EapCode::Request | EapCode::Response => self.data.first().copied(),
            _ => None,
        }
    }
}
