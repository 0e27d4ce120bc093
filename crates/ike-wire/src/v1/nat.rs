//! NAT-T payloads (RFC 3947 3.2 NAT-D, 5.2 NAT-OA), under either the RFC
//! payload numbers (20/21) or the pre-RFC draft ones (130/131).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::registry::IdType;
use crate::cursor::Cursor;
use crate::error::{ErrorKind, Result};

/// Which payload number a NAT-T payload used: the drafts
/// (draft-ietf-ipsec-nat-t-ike-02/03) used 130 and 131, RFC 3947 20 and 21.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NatNumbering {
    /// RFC 3947: NAT-D 20, NAT-OA 21.
    Rfc3947,
    /// Drafts: NAT-D 130, NAT-OA 131.
    Draft,
}

/// NAT Original Address (RFC 3947 5.2): ID Type 1 or 5, three reserved
/// octets, and the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NatOa {
    /// The original address.
    pub addr: IpAddr,
}

impl NatOa {
    pub(crate) fn decode(r: &mut Cursor<'_>) -> Result<Self> {
        let at = r.offset();
        let t = IdType::from(r.u8()?);
        r.reserved(3, "RESERVED")?;
        let addr = match t {
            IdType::Ipv4Addr => IpAddr::V4(Ipv4Addr::from(*r.array::<4>()?)),
            IdType::Ipv6Addr => IpAddr::V6(Ipv6Addr::from(*r.array::<16>()?)),
            other => {
                return Err(r.error_at(
                    ErrorKind::InvalidValue {
                        field: "NAT-OA ID Type",
                        value: u64::from(other.value()),
                    },
                    at,
                ))
            }
        };
        r.finish()?;
        Ok(NatOa { addr })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        match self.addr {
            IpAddr::V4(a) => {
                out.extend_from_slice(&[IdType::Ipv4Addr.value(), 0, 0, 0]);
                out.extend_from_slice(&a.octets());
            }
            IpAddr::V6(a) => {
                out.extend_from_slice(&[IdType::Ipv6Addr.value(), 0, 0, 0]);
                out.extend_from_slice(&a.octets());
            }
        }
    }
}
