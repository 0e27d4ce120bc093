//! Traffic Selector payloads, TSi and TSr (RFC 7296 3.13).

use crate::cursor::Cursor;
use crate::error::{Context, ErrorKind, Result};
use crate::v2::emit::{count8, patch_len16, pos, Sink};
use crate::v2::limits::MAX_TRAFFIC_SELECTORS;
use crate::v2::registry::TsType;
use crate::EncodeError;
use core::net::{Ipv4Addr, Ipv6Addr};

/// TSi or TSr payload body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ts<'a> {
    /// The traffic selectors.
    pub selectors: Vec<TrafficSelector<'a>>,
}

/// One traffic selector (RFC 7296 3.13.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrafficSelector<'a> {
    /// TS_IPV4_ADDR_RANGE.
    Ipv4 {
        /// IP Protocol ID (0 = any).
        ip_protocol: u8,
        /// Start Port.
        start_port: u16,
        /// End Port.
        end_port: u16,
        /// Starting Address.
        start: Ipv4Addr,
        /// Ending Address.
        end: Ipv4Addr,
    },
    /// TS_IPV6_ADDR_RANGE.
    Ipv6 {
        /// IP Protocol ID (0 = any).
        ip_protocol: u8,
        /// Start Port.
        start_port: u16,
        /// End Port.
        end_port: u16,
        /// Starting Address.
        start: Ipv6Addr,
        /// Ending Address.
        end: Ipv6Addr,
    },
    /// Another TS type (TS_FC_ADDR_RANGE, TS_SECLABEL, unknown), preserved.
    Other {
        /// TS Type.
        ts_type: TsType,
        /// The second octet (IP Protocol ID for address ranges, Reserved
        /// for RFC 4595 and RFC 9478 selectors).
        octet1: u8,
        /// Everything after the Selector Length field.
        data: &'a [u8],
    },
}

const CTX: Context = Context::V2Payload(44);

impl<'a> Ts<'a> {
    pub(crate) fn decode(mut r: Cursor<'a>) -> Result<Self> {
        let at = r.offset();
        let num = usize::from(r.u8()?);
        let _reserved = r.take(3)?;
        let mut selectors = Vec::with_capacity(num.min(MAX_TRAFFIC_SELECTORS));
        for _ in 0..num {
            let start = r.offset();
            let ts_type = TsType::from(r.u8()?);
            let octet1 = r.u8()?;
            let len = usize::from(r.u16()?);
            if len < 4 {
                return Err(r.error_at(
                    ErrorKind::BadLength {
                        length: len,
                        why: "traffic selector shorter than its header",
                    },
                    start + 2,
                ));
            }
            let mut s = r.sub(len - 4, CTX)?;
            let need = match ts_type {
                TsType::Ipv4AddrRange => 16,
                TsType::Ipv6AddrRange => 40,
                _ => len,
            };
            if len != need {
                return Err(r.error_at(
                    ErrorKind::BadLength {
                        length: len,
                        why: "IPv4 selector is 16 octets, IPv6 is 40",
                    },
                    start + 2,
                ));
            }
            let sel = match ts_type {
                TsType::Ipv4AddrRange => TrafficSelector::Ipv4 {
                    ip_protocol: octet1,
                    start_port: s.u16()?,
                    end_port: s.u16()?,
                    start: Ipv4Addr::from(*s.array::<4>()?),
                    end: Ipv4Addr::from(*s.array::<4>()?),
                },
                TsType::Ipv6AddrRange => TrafficSelector::Ipv6 {
                    ip_protocol: octet1,
                    start_port: s.u16()?,
                    end_port: s.u16()?,
                    start: Ipv6Addr::from(*s.array::<16>()?),
                    end: Ipv6Addr::from(*s.array::<16>()?),
                },
                _ => TrafficSelector::Other {
                    ts_type,
                    octet1,
                    data: s.rest(),
                },
            };
            selectors.push(sel);
        }
        if !r.is_empty() {
            return Err(r.error_at(
                ErrorKind::InvalidValue {
                    field: "Number of TSs (selectors end before the payload)",
                    value: num as u64,
                },
                at,
            ));
        }
        Ok(Ts { selectors })
    }

    pub(crate) fn encode<S: Sink + ?Sized>(
        &self,
        out: &mut S,
    ) -> core::result::Result<(), EncodeError> {
        out.put_u8(count8("traffic selectors", self.selectors.len())?);
        out.put_slice(&[0; 3]);
        for s in &self.selectors {
            let start = pos(out);
            match s {
                TrafficSelector::Ipv4 {
                    ip_protocol,
                    start_port,
                    end_port,
                    start: a,
                    end: b,
                } => {
                    out.put_slice(&[TsType::Ipv4AddrRange.value(), *ip_protocol, 0, 16]);
                    out.put_u16(*start_port);
                    out.put_u16(*end_port);
                    out.put_slice(&a.octets());
                    out.put_slice(&b.octets());
                }
                TrafficSelector::Ipv6 {
                    ip_protocol,
                    start_port,
                    end_port,
                    start: a,
                    end: b,
                } => {
                    out.put_slice(&[TsType::Ipv6AddrRange.value(), *ip_protocol, 0, 40]);
                    out.put_u16(*start_port);
                    out.put_u16(*end_port);
                    out.put_slice(&a.octets());
                    out.put_slice(&b.octets());
                }
                TrafficSelector::Other {
                    ts_type,
                    octet1,
                    data,
                } => {
                    if matches!(ts_type, TsType::Ipv4AddrRange | TsType::Ipv6AddrRange) {
                        return Err(EncodeError::Unrepresentable(
                            "address-range selector in the Other form",
                        ));
                    }
                    out.put_slice(&[ts_type.value(), *octet1, 0, 0]);
                    out.put_slice(data);
                    patch_len16(out, start + 2, start, "traffic selector")?;
                }
            }
        }
        Ok(())
    }
}
