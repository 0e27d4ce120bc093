//! Decoding one captured frame down to its UDP payload: link layer (Ethernet
//! with VLAN tags, Linux cooked v1/v2, BSD null/loopback, raw IP), IPv4 or
//! IPv6 (with extension headers), then UDP on port 500 or 4500.
//!
//! Pure and borrowing, so it can be fuzzed on its own. Lengths on the wire
//! are trusted only as far as the captured bytes go.

use crate::udp::{self, Udp4500};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The link-layer framing of a capture (tcpdump.org LINKTYPE_* values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkType {
    /// LINKTYPE_ETHERNET (1): 14-octet header, optional 802.1Q/802.1ad tags.
    Ethernet,
    /// LINKTYPE_LINUX_SLL (113): 16-octet Linux cooked header.
    LinuxSll,
    /// LINKTYPE_LINUX_SLL2 (276): 20-octet Linux cooked header v2.
    LinuxSll2,
    /// LINKTYPE_RAW (101), LINKTYPE_IPV4 (228), LINKTYPE_IPV6 (229): no link header.
    RawIp,
    /// LINKTYPE_NULL (0): 4-octet address family in the capturing host's order.
    Null,
    /// LINKTYPE_LOOP (108): 4-octet address family in network order.
    Loop,
}

impl LinkType {
    /// Map a tcpdump.org LINKTYPE number; `None` for framings we do not read.
    /// Only the low 16 bits name the link type (the upper ones carry FCS
    /// information, pcap spec 4.1).
    pub fn from_linktype(n: u32) -> Option<LinkType> {
        Some(match n & 0xffff {
            0 => LinkType::Null,
            1 => LinkType::Ethernet,
            101 | 228 | 229 => LinkType::RawIp,
            108 => LinkType::Loop,
            113 => LinkType::LinuxSll,
            276 => LinkType::LinuxSll2,
            _ => return None,
        })
    }
}

/// What a frame carries, as far as IKE is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameContent<'a> {
    /// An IKE message (UDP 500, or UDP 4500 after the non-ESP marker).
    Ike {
        /// Sender.
        src: SocketAddr,
        /// Receiver.
        dst: SocketAddr,
        /// Whether it came behind the RFC 3948 non-ESP marker (UDP 4500).
        non_esp_marker: bool,
        /// The IKE message octets.
        ike: &'a [u8],
    },
    /// Something on UDP 500/4500 that is not an IKE message.
    Skipped {
        /// Sender (port 0 for an IP fragment, whose UDP header may be absent).
        src: SocketAddr,
        /// Receiver (port 0 for an IP fragment).
        dst: SocketAddr,
        /// Why it is not an IKE message.
        reason: SkipReason,
    },
    /// Not IKE traffic at all (other protocol or port, unknown framing).
    Other,
}

/// Why a UDP 500/4500 datagram (or a fragment) yields no IKE message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// ESP in UDP (RFC 3948 2.1).
    Esp,
    /// NAT keepalive, a single 0xFF (RFC 3948 2.3).
    NatKeepalive,
    /// An IP fragment that is not (yet) part of a reassembled datagram.
    IpFragment,
    /// The capture holds fewer octets than the IP/UDP lengths say (snaplen).
    Truncated,
    /// A UDP 4500 payload that is neither marker, keepalive nor ESP.
    Invalid,
}

impl core::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            SkipReason::Esp => "ESP in UDP",
            SkipReason::NatKeepalive => "NAT keepalive",
            SkipReason::IpFragment => "IP fragment",
            SkipReason::Truncated => "truncated by the capture (snaplen)",
            SkipReason::Invalid => "UDP 4500 payload that is neither IKE nor ESP",
        })
    }
}

const ETH_IPV4: u16 = 0x0800;
const ETH_IPV6: u16 = 0x86DD;
const ETH_VLAN: [u16; 3] = [0x8100, 0x88A8, 0x9100];
const IPPROTO_UDP: u8 = 17;
/// Bound on stacked VLAN tags and IPv6 extension headers walked.
const MAX_HEADERS: usize = 8;

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

/// Decode one frame of the given link type.
pub fn decode_frame(link: LinkType, frame: &[u8]) -> FrameContent<'_> {
    match ip_packet(link, frame) {
        Some(ip) => decode_ip(ip),
        None => FrameContent::Other,
    }
}

/// Strip the link-layer header, returning the IP packet (if it is IP).
fn ip_packet(link: LinkType, frame: &[u8]) -> Option<&[u8]> {
    let (ethertype, rest) = match link {
        LinkType::RawIp => return Some(frame),
        LinkType::Ethernet => {
            let mut at = 12;
            let mut ty = be16(frame, at)?;
            let mut tags = 0;
            while ETH_VLAN.contains(&ty) && tags < MAX_HEADERS {
                at += 4;
                ty = be16(frame, at)?;
                tags += 1;
            }
            (ty, frame.get(at + 2..)?)
        }
        LinkType::LinuxSll => (be16(frame, 14)?, frame.get(16..)?),
        LinkType::LinuxSll2 => (be16(frame, 0)?, frame.get(20..)?),
        LinkType::Null | LinkType::Loop => {
            let af: [u8; 4] = frame.get(..4)?.try_into().ok()?;
            // AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD,
            // OpenBSD), 28 (FreeBSD), 30 (Darwin). NULL is in the capturing
            // host's byte order, so accept both.
            let v = if link == LinkType::Loop {
                u32::from_be_bytes(af)
            } else if af[0] != 0 {
                u32::from_le_bytes(af)
            } else {
                u32::from_be_bytes(af)
            };
            let ty = match v {
                2 => ETH_IPV4,
                10 | 24 | 28 | 30 => ETH_IPV6,
                _ => return None,
            };
            (ty, frame.get(4..)?)
        }
    };
    match ethertype {
        ETH_IPV4 | ETH_IPV6 => Some(rest),
        _ => None,
    }
}

/// An IP fragment of a UDP datagram (RFC 791 3.2, RFC 8200 4.5), for
/// reassembly across frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpFragment<'a> {
    /// Sender address.
    pub src: IpAddr,
    /// Receiver address.
    pub dst: IpAddr,
    /// Identification (16 bits for IPv4, 32 for IPv6).
    pub id: u32,
    /// Offset of `data` in the original datagram, in octets.
    pub offset: usize,
    /// More fragments follow.
    pub more: bool,
    /// This fragment's part of the UDP datagram (header included in the first).
    pub data: &'a [u8],
}

/// The fragment, if the frame is a complete (not snaplen-truncated) IP
/// fragment of a UDP datagram.
pub fn ip_fragment(link: LinkType, frame: &[u8]) -> Option<IpFragment<'_>> {
    let l = ip_layer(ip_packet(link, frame)?)?;
    let f = l.frag?;
    if l.truncated {
        return None;
    }
    Some(IpFragment {
        src: l.src,
        dst: l.dst,
        id: f.id,
        offset: f.offset,
        more: f.more,
        data: l.body,
    })
}

/// Decode a whole (for instance reassembled) UDP datagram between two hosts.
pub fn decode_udp(src: IpAddr, dst: IpAddr, udp: &[u8]) -> FrameContent<'_> {
    decode_transport(src, dst, udp, false, false, false)
}

/// Where a fragment sits in its datagram.
#[derive(Debug, Clone, Copy)]
struct FragInfo {
    id: u32,
    offset: usize,
    more: bool,
}

/// The IP layer of a UDP packet: addresses, what follows the IP headers,
/// fragment information and whether the capture cut it short.
struct IpLayer<'a> {
    src: IpAddr,
    dst: IpAddr,
    body: &'a [u8],
    frag: Option<FragInfo>,
    truncated: bool,
}

/// Decode an IPv4 or IPv6 packet.
fn decode_ip(ip: &[u8]) -> FrameContent<'_> {
    match ip_layer(ip) {
        Some(l) => decode_transport(
            l.src,
            l.dst,
            l.body,
            l.frag.is_some(),
            l.frag.is_some_and(|f| f.offset != 0),
            l.truncated,
        ),
        None => FrameContent::Other,
    }
}

/// The IP layer, if the packet is IPv4 or IPv6 carrying UDP.
fn ip_layer(ip: &[u8]) -> Option<IpLayer<'_>> {
    match ip.first().map(|b| b >> 4) {
        Some(4) => ipv4_layer(ip),
        Some(6) => ipv6_layer(ip),
        _ => None,
    }
}

fn ipv4_layer(ip: &[u8]) -> Option<IpLayer<'_>> {
    let ihl = usize::from(ip.first()? & 0x0f) * 4;
    if ihl < 20 {
        return None;
    }
    let total = usize::from(be16(ip, 2)?);
    let id = be16(ip, 4)?;
    let frag = be16(ip, 6)?;
    let proto = *ip.get(9)?;
    let src = IpAddr::V4(Ipv4Addr::from(<[u8; 4]>::try_from(ip.get(12..16)?).ok()?));
    let dst = IpAddr::V4(Ipv4Addr::from(<[u8; 4]>::try_from(ip.get(16..20)?).ok()?));
    if proto != IPPROTO_UDP {
        return None;
    }
    // More-fragments flag or a non-zero offset, in 8-octet units (RFC 791 3.1).
    let more = frag & 0x2000 != 0;
    let offset = usize::from(frag & 0x1fff) * 8;
    Some(IpLayer {
        src,
        dst,
        body: ip.get(ihl..total.min(ip.len()))?,
        frag: (more || offset != 0).then_some(FragInfo {
            id: u32::from(id),
            offset,
            more,
        }),
        truncated: ip.len() < total,
    })
}

fn ipv6_layer(ip: &[u8]) -> Option<IpLayer<'_>> {
    let plen = usize::from(be16(ip, 4)?);
    let mut next = *ip.get(6)?;
    let src = IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(ip.get(8..24)?).ok()?));
    let dst = IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(ip.get(24..40)?).ok()?));
    let truncated = ip.len() < 40 + plen;
    let mut body = ip.get(40..(40 + plen).min(ip.len()))?;
    let mut frag = None;
    // Walk extension headers (RFC 8200 4): hop-by-hop, routing, destination
    // options, fragment, AH. ESP (50) ends the walk: its contents are opaque.
    for _ in 0..MAX_HEADERS {
        let len = match next {
            0 | 43 | 60 => (usize::from(*body.get(1)?) + 1) * 8,
            44 => {
                let off = be16(body, 2)?;
                let id = u32::from_be_bytes(body.get(4..8)?.try_into().ok()?);
                // Offset or M flag set; an "atomic fragment" (both zero) is whole
                // (RFC 8200 4.5, RFC 6946).
                let offset = usize::from(off & 0xfff8);
                let more = off & 1 != 0;
                if offset != 0 || more {
                    frag = Some(FragInfo { id, offset, more });
                }
                8
            }
            51 => (usize::from(*body.get(1)?) + 2) * 4,
            _ => break,
        };
        next = *body.first()?;
        body = body.get(len..)?;
    }
    if next != IPPROTO_UDP {
        return None;
    }
    Some(IpLayer {
        src,
        dst,
        body,
        frag,
        truncated,
    })
}

/// Decode the UDP layer; `fragment` says the IP layer was fragmented and
/// `later` that this is not the first fragment (so it has no UDP header).
fn decode_transport(
    src: IpAddr,
    dst: IpAddr,
    udp: &[u8],
    fragment: bool,
    later: bool,
    truncated: bool,
) -> FrameContent<'_> {
    if later {
        return FrameContent::Skipped {
            src: SocketAddr::new(src, 0),
            dst: SocketAddr::new(dst, 0),
            reason: SkipReason::IpFragment,
        };
    }
    let (Some(sport), Some(dport), Some(ulen)) = (be16(udp, 0), be16(udp, 2), be16(udp, 4)) else {
        return FrameContent::Other;
    };
    let port = if sport == udp::IKE_PORT || dport == udp::IKE_PORT {
        udp::IKE_PORT
    } else if sport == udp::NAT_T_PORT || dport == udp::NAT_T_PORT {
        udp::NAT_T_PORT
    } else {
        return FrameContent::Other;
    };
    let src = SocketAddr::new(src, sport);
    let dst = SocketAddr::new(dst, dport);
    let skipped = |reason| FrameContent::Skipped { src, dst, reason };
    if fragment {
        return skipped(SkipReason::IpFragment);
    }
    let ulen = usize::from(ulen);
    if ulen < 8 {
        return skipped(SkipReason::Invalid);
    }
    let Some(payload) = udp.get(8..ulen) else {
        return skipped(SkipReason::Truncated);
    };
    if truncated {
        return skipped(SkipReason::Truncated);
    }
    if port == udp::IKE_PORT {
        return FrameContent::Ike {
            src,
            dst,
            non_esp_marker: false,
            ike: payload,
        };
    }
    match udp::classify_4500(payload) {
        Udp4500::Ike(ike) => FrameContent::Ike {
            src,
            dst,
            non_esp_marker: true,
            ike,
        },
        Udp4500::NatKeepalive => skipped(SkipReason::NatKeepalive),
        Udp4500::Esp(_) => skipped(SkipReason::Esp),
        Udp4500::Invalid => skipped(SkipReason::Invalid),
    }
}
