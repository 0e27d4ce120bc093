//! Notify payload (RFC 7296 3.10) with typed views of the common
//! notification data (RFC 7296 2.6, 2.7, 2.23, 3.10.1; RFC 4555, 5685,
//! 7383, 7427).

use crate::cursor::Cursor;
use crate::error::{ErrorKind, Result};
use crate::v2::emit::{count8, Sink};
use crate::v2::registry::{
    DhGroup, GatewayIdentityType, HashAlgorithm, NotifyType, PayloadType, ProtocolId,
};
use crate::EncodeError;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::borrow::Cow;

/// Notify payload (RFC 7296 3.10). The data is kept as octets (borrowed when
/// decoded, owned when built by a constructor); [`Notify::data`] reads it
/// according to the type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notify<'a> {
    /// Protocol ID: 0 when no SPI, IKE/AH/ESP otherwise.
    pub protocol_id: ProtocolId,
    /// SPI (empty, 4 octets for AH/ESP, 8 for IKE).
    pub spi: &'a [u8],
    /// Notify Message Type.
    pub notify_type: NotifyType,
    /// Notification Data.
    pub data: Cow<'a, [u8]>,
}

/// Notification data read according to its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotifyData<'b> {
    /// No data (INITIAL_CONTACT, REKEY_SA, USE_TRANSPORT_MODE,
    /// IKEV2_FRAGMENTATION_SUPPORTED, MOBIKE_SUPPORTED, ...).
    Empty,
    /// UNSUPPORTED_CRITICAL_PAYLOAD: the payload type (RFC 7296 3.10.1).
    UnsupportedCriticalPayload(PayloadType),
    /// INVALID_KE_PAYLOAD: the group the responder wants (RFC 7296 1.2).
    InvalidKePayload(DhGroup),
    /// COOKIE (1-64 octets, RFC 7296 2.6) or COOKIE2 (8-64, RFC 4555 3.1).
    Cookie(&'b [u8]),
    /// NAT_DETECTION_SOURCE_IP / _DESTINATION_IP: a SHA-1 hash (RFC 7296 2.23).
    NatDetection(&'b [u8; 20]),
    /// SIGNATURE_HASH_ALGORITHMS (RFC 7427 4).
    SignatureHashAlgorithms(Vec<HashAlgorithm>),
    /// ADDITIONAL_IP4_ADDRESS / ADDITIONAL_IP6_ADDRESS (RFC 4555 3.4).
    AdditionalAddress(IpAddr),
    /// REDIRECT (RFC 5685 4.2, 5): new gateway and, in IKE_SA_INIT, the
    /// initiator's nonce.
    Redirect {
        /// The new gateway.
        gateway: GatewayIdentity<'b>,
        /// Nonce Data (empty outside IKE_SA_INIT).
        nonce: &'b [u8],
    },
    /// REDIRECTED_FROM: the original gateway (RFC 5685 4.2).
    RedirectedFrom(GatewayIdentity<'b>),
    /// Any other type: the raw data.
    Other(&'b [u8]),
}

/// A gateway identity of REDIRECT / REDIRECTED_FROM (RFC 5685 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayIdentity<'b> {
    /// An IP address.
    Ip(IpAddr),
    /// An FQDN.
    Fqdn(&'b [u8]),
    /// Another type.
    Other(GatewayIdentityType, &'b [u8]),
}

impl GatewayIdentity<'_> {
    fn encode(&self, out: &mut Vec<u8>) -> core::result::Result<(), EncodeError> {
        let (ty, data): (GatewayIdentityType, Vec<u8>) = match self {
            GatewayIdentity::Ip(IpAddr::V4(a)) => (GatewayIdentityType::Ipv4, a.octets().to_vec()),
            GatewayIdentity::Ip(IpAddr::V6(a)) => (GatewayIdentityType::Ipv6, a.octets().to_vec()),
            GatewayIdentity::Fqdn(n) => (GatewayIdentityType::Fqdn, n.to_vec()),
            GatewayIdentity::Other(t, d) => (*t, d.to_vec()),
        };
        out.push(ty.value());
        out.push(count8("gateway identity", data.len())?);
        out.extend_from_slice(&data);
        Ok(())
    }
}

fn bad(field: &'static str, len: usize) -> ErrorKind {
    ErrorKind::BadLength {
        length: len,
        why: field,
    }
}

impl<'a> Notify<'a> {
    /// A notify with no SPI and no data (e.g. INITIAL_CONTACT,
    /// IKEV2_FRAGMENTATION_SUPPORTED, an error type without data).
    pub fn status(notify_type: NotifyType) -> Notify<'static> {
        Notify {
            protocol_id: ProtocolId::Unknown(0),
            spi: &[],
            notify_type,
            data: Cow::Borrowed(&[]),
        }
    }

    /// A notify with no SPI and the given data.
    pub fn with_data(notify_type: NotifyType, data: impl Into<Cow<'a, [u8]>>) -> Notify<'a> {
        Notify {
            protocol_id: ProtocolId::Unknown(0),
            spi: &[],
            notify_type,
            data: data.into(),
        }
    }

    /// REKEY_SA for the Child SA with this SPI (RFC 7296 1.3.3).
    pub fn rekey_sa(protocol_id: ProtocolId, spi: &'a [u8]) -> Notify<'a> {
        Notify {
            protocol_id,
            spi,
            notify_type: NotifyType::RekeySa,
            data: Cow::Borrowed(&[]),
        }
    }

    /// COOKIE (RFC 7296 2.6).
    pub fn cookie(cookie: &'a [u8]) -> Notify<'a> {
        Notify::with_data(NotifyType::Cookie, cookie)
    }

    /// INVALID_KE_PAYLOAD with the group the responder wants (RFC 7296 1.2).
    pub fn invalid_ke_payload(group: DhGroup) -> Notify<'static> {
        Notify::with_data(
            NotifyType::InvalidKePayload,
            group.value().to_be_bytes().to_vec(),
        )
    }

    /// UNSUPPORTED_CRITICAL_PAYLOAD for this payload type (RFC 7296 2.5).
    pub fn unsupported_critical_payload(ty: PayloadType) -> Notify<'static> {
        Notify::with_data(NotifyType::UnsupportedCriticalPayload, vec![ty.value()])
    }

    /// NAT_DETECTION_SOURCE_IP or NAT_DETECTION_DESTINATION_IP with its
    /// SHA-1 hash (RFC 7296 2.23).
    pub fn nat_detection(source: bool, hash: [u8; 20]) -> Notify<'static> {
        let ty = if source {
            NotifyType::NatDetectionSourceIp
        } else {
            NotifyType::NatDetectionDestinationIp
        };
        Notify::with_data(ty, hash.to_vec())
    }

    /// SIGNATURE_HASH_ALGORITHMS (RFC 7427 4).
    pub fn signature_hash_algorithms(algs: &[HashAlgorithm]) -> Notify<'static> {
        let data = algs
            .iter()
            .flat_map(|a| a.value().to_be_bytes())
            .collect::<Vec<_>>();
        Notify::with_data(NotifyType::SignatureHashAlgorithms, data)
    }

    /// ADDITIONAL_IP4_ADDRESS or ADDITIONAL_IP6_ADDRESS (RFC 4555 3.4).
    pub fn additional_address(addr: IpAddr) -> Notify<'static> {
        match addr {
            IpAddr::V4(a) => {
                Notify::with_data(NotifyType::AdditionalIp4Address, a.octets().to_vec())
            }
            IpAddr::V6(a) => {
                Notify::with_data(NotifyType::AdditionalIp6Address, a.octets().to_vec())
            }
        }
    }

    /// REDIRECT to a gateway, with the initiator's nonce in IKE_SA_INIT
    /// (RFC 5685 4.2, 5).
    pub fn redirect(
        gateway: GatewayIdentity<'_>,
        nonce: &[u8],
    ) -> core::result::Result<Notify<'static>, EncodeError> {
        let mut data = Vec::new();
        gateway.encode(&mut data)?;
        data.extend_from_slice(nonce);
        Ok(Notify::with_data(NotifyType::Redirect, data))
    }

    /// REDIRECTED_FROM the original gateway (RFC 5685 4.2).
    pub fn redirected_from(
        gateway: GatewayIdentity<'_>,
    ) -> core::result::Result<Notify<'static>, EncodeError> {
        let mut data = Vec::new();
        gateway.encode(&mut data)?;
        Ok(Notify::with_data(NotifyType::RedirectedFrom, data))
    }

    /// Read the data according to the type. An error says the data has the
    /// wrong shape for its type (the peer's INVALID_SYNTAX).
    pub fn data(&self) -> core::result::Result<NotifyData<'_>, ErrorKind> {
        let d: &[u8] = &self.data;
        use NotifyType as T;
        Ok(match self.notify_type {
            T::UnsupportedCriticalPayload => match d {
                [t] => NotifyData::UnsupportedCriticalPayload(PayloadType::from(*t)),
                _ => {
                    return Err(bad(
                        "UNSUPPORTED_CRITICAL_PAYLOAD data is one octet",
                        d.len(),
                    ))
                }
            },
            T::InvalidKePayload => match d {
                [a, b] => NotifyData::InvalidKePayload(DhGroup::from(u16::from_be_bytes([*a, *b]))),
                _ => return Err(bad("INVALID_KE_PAYLOAD data is two octets", d.len())),
            },
            T::Cookie | T::Cookie2 => match d.len() {
                1..=64 => NotifyData::Cookie(d),
                n => return Err(bad("cookie is 1 to 64 octets", n)),
            },
            T::NatDetectionSourceIp | T::NatDetectionDestinationIp => {
                match <&[u8; 20]>::try_from(d) {
                    Ok(h) => NotifyData::NatDetection(h),
                    Err(_) => return Err(bad("NAT detection hash is 20 octets (SHA-1)", d.len())),
                }
            }
            T::SignatureHashAlgorithms => {
                if d.len() & 1 != 0 {
                    return Err(bad(
                        "hash algorithm list is a multiple of two octets",
                        d.len(),
                    ));
                }
                NotifyData::SignatureHashAlgorithms(
                    d.chunks_exact(2)
                        .map(|c| HashAlgorithm::from(u16::from_be_bytes([c[0], c[1]])))
                        .collect(),
                )
            }
            T::AdditionalIp4Address => match <[u8; 4]>::try_from(d) {
                Ok(a) => NotifyData::AdditionalAddress(IpAddr::V4(Ipv4Addr::from(a))),
                Err(_) => return Err(bad("ADDITIONAL_IP4_ADDRESS is 4 octets", d.len())),
            },
            T::AdditionalIp6Address => match <[u8; 16]>::try_from(d) {
                Ok(a) => NotifyData::AdditionalAddress(IpAddr::V6(Ipv6Addr::from(a))),
                Err(_) => return Err(bad("ADDITIONAL_IP6_ADDRESS is 16 octets", d.len())),
            },
            T::Redirect => {
                let (gateway, nonce) = gateway_identity(d)?;
                NotifyData::Redirect { gateway, nonce }
            }
            T::RedirectedFrom => {
                let (gateway, rest) = gateway_identity(d)?;
                if !rest.is_empty() {
                    return Err(ErrorKind::Trailing(rest.len()));
                }
                NotifyData::RedirectedFrom(gateway)
            }
            _ if d.is_empty() => NotifyData::Empty,
            _ => NotifyData::Other(d),
        })
    }

    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let protocol_id = ProtocolId::from(r.u8()?);
        let spi_size = usize::from(r.u8()?);
        let notify_type = NotifyType::from(r.u16()?);
        let spi = r.take(spi_size)?;
        Ok(Notify {
            protocol_id,
            spi,
            notify_type,
            data: Cow::Borrowed(r.rest()),
        })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(
        &self,
        out: &mut S,
    ) -> core::result::Result<(), EncodeError> {
        out.put_u8(self.protocol_id.value());
        out.put_u8(count8("notify SPI", self.spi.len())?);
        out.put_u16(self.notify_type.value());
        out.put_slice(self.spi);
        out.put_slice(&self.data);
        Ok(())
    }
}

/// GW Identity Type, GW Identity Len, GW Identity; returns the rest.
fn gateway_identity(d: &[u8]) -> core::result::Result<(GatewayIdentity<'_>, &[u8]), ErrorKind> {
    let [ty, len, rest @ ..] = d else {
        return Err(ErrorKind::Truncated {
            needed: 2usize.saturating_sub(d.len()),
        });
    };
    let len = usize::from(*len);
    let (id, rest) = match (rest.get(..len), rest.get(len..)) {
        (Some(id), Some(rest)) => (id, rest),
        _ => {
            return Err(ErrorKind::Truncated {
                needed: len - rest.len(),
            })
        }
    };
    let ty = GatewayIdentityType::from(*ty);
    let gw = match ty {
        GatewayIdentityType::Ipv4 => match <[u8; 4]>::try_from(id) {
            Ok(a) => GatewayIdentity::Ip(IpAddr::V4(Ipv4Addr::from(a))),
            Err(_) => return Err(bad("IPv4 gateway identity is 4 octets", len)),
        },
        GatewayIdentityType::Ipv6 => match <[u8; 16]>::try_from(id) {
            Ok(a) => GatewayIdentity::Ip(IpAddr::V6(Ipv6Addr::from(a))),
            Err(_) => return Err(bad("IPv6 gateway identity is 16 octets", len)),
        },
        GatewayIdentityType::Fqdn => GatewayIdentity::Fqdn(id),
        other => GatewayIdentity::Other(other, id),
    };
    Ok((gw, rest))
}
