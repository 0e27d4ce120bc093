//! Identification payload (RFC 2408 3.8, RFC 2407 4.6.2) and the identity
//! forms of RFC 2407 4.6.2.1. Also used by NAT-OA (RFC 3947 5.2).

use std::net::{Ipv4Addr, Ipv6Addr};

use super::registry::IdType;
use super::writer::put_u16;
use crate::cursor::Cursor;
use crate::error::{ErrorKind, Result};

/// An Identification payload body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identification<'a> {
    /// IP protocol (RFC 2407 4.6.2: 0, or 17 with port 500 in Phase 1).
    pub protocol: u8,
    /// Port (0 = any).
    pub port: u16,
    /// The identity, typed by its ID Type.
    pub id: Identity<'a>,
}

/// The identification data, typed by ID Type (RFC 2407 4.6.2.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identity<'a> {
    /// ID_IPV4_ADDR.
    Ipv4Addr(Ipv4Addr),
    /// ID_FQDN (a domain name string).
    Fqdn(&'a [u8]),
    /// ID_USER_FQDN (user@domain).
    UserFqdn(&'a [u8]),
    /// ID_IPV4_ADDR_SUBNET: address and mask.
    Ipv4AddrSubnet(Ipv4Addr, Ipv4Addr),
    /// ID_IPV6_ADDR.
    Ipv6Addr(Ipv6Addr),
    /// ID_IPV6_ADDR_SUBNET: address and mask.
    Ipv6AddrSubnet(Ipv6Addr, Ipv6Addr),
    /// ID_IPV4_ADDR_RANGE: first and last address.
    Ipv4AddrRange(Ipv4Addr, Ipv4Addr),
    /// ID_IPV6_ADDR_RANGE: first and last address.
    Ipv6AddrRange(Ipv6Addr, Ipv6Addr),
    /// ID_DER_ASN1_DN: a DER encoded X.500 Distinguished Name.
    DerAsn1Dn(&'a [u8]),
    /// ID_DER_ASN1_GN: a DER encoded X.500 GeneralName.
    DerAsn1Gn(&'a [u8]),
    /// ID_KEY_ID: opaque octets.
    KeyId(&'a [u8]),
    /// Any other ID Type (including ID_LIST and RESERVED), kept as octets.
    /// Decoding only produces this for types not listed above.
    Other(IdType, &'a [u8]),
}

impl<'a> Identity<'a> {
    /// The ID Type of this identity.
    pub fn id_type(&self) -> IdType {
        match self {
            Identity::Ipv4Addr(_) => IdType::Ipv4Addr,
            Identity::Fqdn(_) => IdType::Fqdn,
            Identity::UserFqdn(_) => IdType::UserFqdn,
            Identity::Ipv4AddrSubnet(..) => IdType::Ipv4AddrSubnet,
            Identity::Ipv6Addr(_) => IdType::Ipv6Addr,
            Identity::Ipv6AddrSubnet(..) => IdType::Ipv6AddrSubnet,
            Identity::Ipv4AddrRange(..) => IdType::Ipv4AddrRange,
            Identity::Ipv6AddrRange(..) => IdType::Ipv6AddrRange,
            Identity::DerAsn1Dn(_) => IdType::DerAsn1Dn,
            Identity::DerAsn1Gn(_) => IdType::DerAsn1Gn,
            Identity::KeyId(_) => IdType::KeyId,
            Identity::Other(t, _) => *t,
        }
    }

    /// Parse the identification data of `id_type`; `r` must hold exactly it.
    /// Address forms must have exactly their size.
    pub(crate) fn decode(id_type: IdType, r: &mut Cursor<'a>) -> Result<Self> {
        let len = r.remaining();
        let want = match id_type {
            IdType::Ipv4Addr => Some(4),
            IdType::Ipv4AddrSubnet | IdType::Ipv4AddrRange => Some(8),
            IdType::Ipv6Addr => Some(16),
            IdType::Ipv6AddrSubnet | IdType::Ipv6AddrRange => Some(32),
            _ => None,
        };
        if let Some(w) = want {
            if len != w {
                return Err(r.error(ErrorKind::BadLength {
                    length: len,
                    why: "identification data does not match its address type",
                }));
            }
        }
        let v4 = |r: &mut Cursor<'a>| -> Result<Ipv4Addr> { Ok(Ipv4Addr::from(*r.array::<4>()?)) };
        let v6 = |r: &mut Cursor<'a>| -> Result<Ipv6Addr> { Ok(Ipv6Addr::from(*r.array::<16>()?)) };
        Ok(match id_type {
            IdType::Ipv4Addr => Identity::Ipv4Addr(v4(r)?),
            IdType::Ipv4AddrSubnet => Identity::Ipv4AddrSubnet(v4(r)?, v4(r)?),
            IdType::Ipv4AddrRange => Identity::Ipv4AddrRange(v4(r)?, v4(r)?),
            IdType::Ipv6Addr => Identity::Ipv6Addr(v6(r)?),
            IdType::Ipv6AddrSubnet => Identity::Ipv6AddrSubnet(v6(r)?, v6(r)?),
            IdType::Ipv6AddrRange => Identity::Ipv6AddrRange(v6(r)?, v6(r)?),
            IdType::Fqdn => Identity::Fqdn(r.rest()),
            IdType::UserFqdn => Identity::UserFqdn(r.rest()),
            IdType::DerAsn1Dn => Identity::DerAsn1Dn(r.rest()),
            IdType::DerAsn1Gn => Identity::DerAsn1Gn(r.rest()),
            IdType::KeyId => Identity::KeyId(r.rest()),
            other => Identity::Other(other, r.rest()),
        })
    }

    /// Emit the identification data (without the type octet).
    pub(crate) fn encode_data(&self, out: &mut Vec<u8>) {
        match self {
            Identity::Ipv4Addr(a) => out.extend_from_slice(&a.octets()),
            Identity::Ipv4AddrSubnet(a, b) | Identity::Ipv4AddrRange(a, b) => {
                out.extend_from_slice(&a.octets());
                out.extend_from_slice(&b.octets());
            }
            Identity::Ipv6Addr(a) => out.extend_from_slice(&a.octets()),
            Identity::Ipv6AddrSubnet(a, b) | Identity::Ipv6AddrRange(a, b) => {
                out.extend_from_slice(&a.octets());
                out.extend_from_slice(&b.octets());
            }
            Identity::Fqdn(d)
            | Identity::UserFqdn(d)
            | Identity::DerAsn1Dn(d)
            | Identity::DerAsn1Gn(d)
            | Identity::KeyId(d)
            | Identity::Other(_, d) => out.extend_from_slice(d),
        }
    }
}

impl<'a> Identification<'a> {
    pub(crate) fn decode(r: &mut Cursor<'a>) -> Result<Self> {
        let id_type = IdType::from(r.u8()?);
        let protocol = r.u8()?;
        let port = r.u16()?;
        let id = Identity::decode(id_type, r)?;
        Ok(Identification { protocol, port, id })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.id.id_type().value());
        out.push(self.protocol);
        put_u16(out, self.port);
        self.id.encode_data(out);
    }
}
