//! A tiny pcap writer: wraps datagrams in IPv4 or IPv6 and UDP (correct
//! lengths and checksums) over Ethernet or raw IP, so that tests can hand
//! our messages to an independent decoder such as tshark.

use crate::EncodeError;
use core::net::{IpAddr, SocketAddr};
use core::time::Duration;

/// The framing of a written capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteLink {
    /// LINKTYPE_ETHERNET with fixed made-up MAC addresses.
    Ethernet,
    /// LINKTYPE_RAW: the IP packet alone.
    RawIp,
}

impl WriteLink {
    fn linktype(self) -> u32 {
        match self {
            WriteLink::Ethernet => 1,
            WriteLink::RawIp => 101,
        }
    }
}

/// One datagram to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Datagram<'a> {
    /// Capture time since the Unix epoch.
    pub timestamp: Duration,
    /// Sender; must be the same IP family as `dst`.
    pub src: SocketAddr,
    /// Receiver.
    pub dst: SocketAddr,
    /// The UDP payload (for UDP 4500 IKE, already with the non-ESP marker).
    pub payload: &'a [u8],
}

/// An in-memory classic pcap file (microsecond timestamps, little-endian).
#[derive(Debug, Clone)]
pub struct PcapWriter {
    link: WriteLink,
    buf: Vec<u8>,
}

impl PcapWriter {
    /// Start a file with the global header.
    pub fn new(link: WriteLink) -> Self {
        let mut buf = Vec::with_capacity(4096);
        buf.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        buf.extend_from_slice(&2u16.to_le_bytes());
        buf.extend_from_slice(&4u16.to_le_bytes());
        buf.extend_from_slice(&0i32.to_le_bytes()); // thiszone
        buf.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
        buf.extend_from_slice(&65535u32.to_le_bytes()); // snaplen
        buf.extend_from_slice(&link.linktype().to_le_bytes());
        PcapWriter { link, buf }
    }

    /// Append one UDP datagram as a packet record.
    pub fn push(&mut self, d: &Datagram<'_>) -> Result<(), EncodeError> {
        let mut frame = Vec::with_capacity(d.payload.len() + 62);
        if self.link == WriteLink::Ethernet {
            frame.extend_from_slice(&[0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1]);
            let ty: u16 = if d.src.is_ipv4() { 0x0800 } else { 0x86DD };
            frame.extend_from_slice(&ty.to_be_bytes());
        }
        ip_udp(&mut frame, d)?;
        let len = u32::try_from(frame.len()).map_err(|_| EncodeError::TooLong {
            what: "frame",
            len: frame.len(),
        })?;
        let secs = u32::try_from(d.timestamp.as_secs()).unwrap_or(u32::MAX);
        self.buf.extend_from_slice(&secs.to_le_bytes());
        self.buf
            .extend_from_slice(&d.timestamp.subsec_micros().to_le_bytes());
        self.buf.extend_from_slice(&len.to_le_bytes());
        self.buf.extend_from_slice(&len.to_le_bytes());
        self.buf.extend_from_slice(&frame);
        Ok(())
    }

    /// The file's bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

fn too_long(what: &'static str, len: usize) -> EncodeError {
    EncodeError::TooLong { what, len }
}

/// RFC 1071 ones'-complement sum, folded.
fn sum16(mut acc: u32, data: &[u8]) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        acc += u32::from(u16::from_be_bytes([c[0], c[1]]));
    }
    if let [last] = chunks.remainder() {
        acc += u32::from(*last) << 8;
    }
    acc
}

fn fold(mut acc: u32) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    !(acc as u16)
}

/// Write the IP and UDP headers and the payload.
fn ip_udp(out: &mut Vec<u8>, d: &Datagram<'_>) -> Result<(), EncodeError> {
    let udp_len = d.payload.len() + 8;
    let udp_len16 = u16::try_from(udp_len).map_err(|_| too_long("UDP datagram", udp_len))?;
    let mut udp = Vec::with_capacity(udp_len);
    udp.extend_from_slice(&d.src.port().to_be_bytes());
    udp.extend_from_slice(&d.dst.port().to_be_bytes());
    udp.extend_from_slice(&udp_len16.to_be_bytes());
    udp.extend_from_slice(&[0, 0]);
    udp.extend_from_slice(d.payload);
    // Pseudo-header (RFC 768; RFC 8200 8.1 for IPv6).
    let mut acc = match (d.src.ip(), d.dst.ip()) {
        (IpAddr::V4(s), IpAddr::V4(t)) => {
            let acc = sum16(sum16(0, &s.octets()), &t.octets());
            acc + 17 + u32::from(udp_len16)
        }
        (IpAddr::V6(s), IpAddr::V6(t)) => {
            let acc = sum16(sum16(0, &s.octets()), &t.octets());
            acc + 17 + u32::from(udp_len16)
        }
        _ => return Err(EncodeError::Unrepresentable("mixed IPv4/IPv6 addresses")),
    };
    acc = sum16(acc, &udp);
    let ck = match fold(acc) {
        0 => 0xffff,
        c => c,
    };
    udp[6..8].copy_from_slice(&ck.to_be_bytes());

    match (d.src.ip(), d.dst.ip()) {
        (IpAddr::V4(s), IpAddr::V4(t)) => {
            let total = udp_len + 20;
            let total16 = u16::try_from(total).map_err(|_| too_long("IPv4 packet", total))?;
            let mut h = [0u8; 20];
            h[0] = 0x45;
            h[2..4].copy_from_slice(&total16.to_be_bytes());
            h[6] = 0x40; // don't fragment
            h[8] = 64;
            h[9] = 17;
            h[12..16].copy_from_slice(&s.octets());
            h[16..20].copy_from_slice(&t.octets());
            let ck = fold(sum16(0, &h));
            h[10..12].copy_from_slice(&ck.to_be_bytes());
            out.extend_from_slice(&h);
        }
        (IpAddr::V6(s), IpAddr::V6(t)) => {
            out.extend_from_slice(&[0x60, 0, 0, 0]);
            out.extend_from_slice(&udp_len16.to_be_bytes());
            out.extend_from_slice(&[17, 64]);
            out.extend_from_slice(&s.octets());
            out.extend_from_slice(&t.octets());
        }
        _ => return Err(EncodeError::Unrepresentable("mixed IPv4/IPv6 addresses")),
    }
    out.extend_from_slice(&udp);
    Ok(())
}
