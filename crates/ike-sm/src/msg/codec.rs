//! Bytes ⇄ [`Message`] for the payloads the state machine uses (RFC 7296
//! 3.x). Bounded: every length is checked against the input, nothing is
//! allocated beyond the input's size.
//!
//! (A stop-gap until `ike-wire`'s IKEv2 codec is published: this module is
//! the only place that would change when switching to it.)

use std::net::IpAddr;

use super::consts::{pt, HEADER_LEN, VERSION};
use super::{Delete, Encrypted, Header, Message, Notify, Payload};
use crate::config::alg::TransformType;
use crate::config::proposal::{Offered, OfferedTransform};
use crate::config::selector::TrafficSelector;

/// A message that does not decode; says what and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// Input ends before a structure does.
    #[error("truncated {what} at offset {offset}")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Where.
        offset: usize,
    },
    /// A length field is impossible.
    #[error("bad length in {what} at offset {offset}")]
    BadLength {
        /// What was being read.
        what: &'static str,
        /// Where.
        offset: usize,
    },
    /// Not IKEv2.
    #[error("unsupported IKE major version 0x{0:02x}")]
    Version(u8),
    /// A payload after SK/SKF, or a second one.
    #[error("payload {0} after the encrypted payload")]
    AfterEncrypted(u8),
    /// An unknown payload with the critical bit (RFC 7296 2.5).
    #[error("unsupported critical payload {0}")]
    UnsupportedCritical(u8),
    /// A field holds a value the RFC forbids.
    #[error("invalid {what} at offset {offset}")]
    Invalid {
        /// What.
        what: &'static str,
        /// Where.
        offset: usize,
    },
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8], base: usize) -> Self {
        Reader { buf, pos: 0, base }
    }
    fn off(&self) -> usize {
        self.base + self.pos
    }
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], CodecError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or(CodecError::Truncated {
                what,
                offset: self.off(),
            })?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self, what: &'static str) -> Result<u8, CodecError> {
        Ok(self.take(1, what)?[0])
    }
    fn u16(&mut self, what: &'static str) -> Result<u16, CodecError> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self, what: &'static str) -> Result<u32, CodecError> {
        let b = self.take(4, what)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self, what: &'static str) -> Result<u64, CodecError> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }
    fn rest(&mut self) -> &'a [u8] {
        let s = &self.buf[self.pos..];
        self.pos = self.buf.len();
        s
    }
    fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }
}

fn decode_header(r: &mut Reader<'_>) -> Result<Header, CodecError> {
    let spi_i = r.u64("IKE header")?;
    let spi_r = r.u64("IKE header")?;
    let next_payload = r.u8("IKE header")?;
    let version = r.u8("IKE header")?;
    let exchange = r.u8("IKE header")?;
    let flags = r.u8("IKE header")?;
    let message_id = r.u32("IKE header")?;
    let length = r.u32("IKE header")?;
    if version >> 4 != 2 {
        return Err(CodecError::Version(version));
    }
    Ok(Header {
        spi_i,
        spi_r,
        next_payload,
        version,
        exchange,
        flags,
        message_id,
        length,
    })
}

/// Decode a whole message (no non-ESP marker).
pub fn decode(bytes: &[u8]) -> Result<Message, CodecError> {
    let mut r = Reader::new(bytes, 0);
    let header = decode_header(&mut r)?;
    let len = usize::try_from(header.length).unwrap_or(usize::MAX);
    if len != bytes.len() || len < HEADER_LEN {
        return Err(CodecError::BadLength {
            what: "IKE header length",
            offset: 24,
        });
    }
    let (payloads, encrypted) = walk(bytes, HEADER_LEN, header.next_payload, true)?;
    Ok(Message {
        header,
        payloads,
        encrypted,
    })
}

/// Decode a decrypted inner payload chain starting with type `first`.
pub fn decode_chain(bytes: &[u8], first: u8) -> Result<Vec<Payload>, CodecError> {
    let (p, enc) = walk(bytes, 0, first, false)?;
    if let Some(e) = enc {
        return Err(CodecError::Invalid {
            what: "nested encrypted payload",
            offset: e.payload_offset,
        });
    }
    Ok(p)
}

fn walk(
    bytes: &[u8],
    start: usize,
    first: u8,
    allow_sk: bool,
) -> Result<(Vec<Payload>, Option<Encrypted>), CodecError> {
    let mut payloads = Vec::new();
    let mut encrypted = None;
    let mut next = first;
    let mut pos = start;
    while next != pt::NONE {
        if encrypted.is_some() {
            return Err(CodecError::AfterEncrypted(next));
        }
        let mut r = Reader::new(bytes.get(pos..).unwrap_or(&[]), pos);
        let this = next;
        next = r.u8("generic payload header")?;
        let crit = r.u8("generic payload header")? & 0x80 != 0;
        let plen = usize::from(r.u16("generic payload header")?);
        if plen < 4 {
            return Err(CodecError::BadLength {
                what: "payload length",
                offset: pos + 2,
            });
        }
        let body = r.take(plen - 4, "payload body")?;
        let body_off = pos + 4;
        if (this == pt::SK || this == pt::SKF) && allow_sk {
            let mut b = Reader::new(body, body_off);
            let fragment = if this == pt::SKF {
                let n = b.u16("SKF fragment number")?;
                let t = b.u16("SKF total fragments")?;
                if n == 0 || t == 0 || n > t {
                    return Err(CodecError::Invalid {
                        what: "SKF fragment numbers",
                        offset: body_off,
                    });
                }
                Some((n, t))
            } else {
                None
            };
            encrypted = Some(Encrypted {
                first_inner: next,
                fragment,
                payload_offset: pos,
                body: b.rest().to_vec(),
            });
            // RFC 7296 3.14: SK is last; its Next Payload names the first
            // inner payload, not a following one.
            if pos + plen != bytes.len() {
                return Err(CodecError::AfterEncrypted(this));
            }
            break;
        }
        payloads.push(decode_payload(this, crit, body, body_off)?);
        pos += plen;
    }
    if encrypted.is_none() && pos != bytes.len() {
        return Err(CodecError::BadLength {
            what: "trailing bytes after last payload",
            offset: pos,
        });
    }
    Ok((payloads, encrypted))
}

fn decode_payload(
    kind: u8,
    critical: bool,
    body: &[u8],
    off: usize,
) -> Result<Payload, CodecError> {
    let mut r = Reader::new(body, off);
    Ok(match kind {
        pt::SA => Payload::Sa(decode_sa(body, off)?),
        pt::KE => {
            let group = r.u16("KE group")?;
            r.take(2, "KE reserved")?;
            Payload::Ke {
                group,
                data: r.rest().to_vec(),
            }
        }
        pt::IDI | pt::IDR => {
            let t = r.u8("ID type")?;
            r.take(3, "ID reserved")?;
            let d = r.rest().to_vec();
            if kind == pt::IDI {
                Payload::IdI(t, d)
            } else {
                Payload::IdR(t, d)
            }
        }
        pt::CERT | pt::CERTREQ => {
            let e = r.u8("certificate encoding")?;
            let d = r.rest().to_vec();
            if kind == pt::CERT {
                Payload::Cert(e, d)
            } else {
                Payload::CertReq(e, d)
            }
        }
        pt::AUTH => {
            let method = r.u8("AUTH method")?;
            r.take(3, "AUTH reserved")?;
            Payload::Auth {
                method,
                data: r.rest().to_vec(),
            }
        }
        pt::NONCE => {
            // RFC 7296 3.9: 16..256 octets.
            if body.len() < 16 || body.len() > 256 {
                return Err(CodecError::BadLength {
                    what: "nonce length",
                    offset: off,
                });
            }
            Payload::Nonce(body.to_vec())
        }
        pt::NOTIFY => {
            let protocol = r.u8("Notify protocol")?;
            let spi_size = usize::from(r.u8("Notify SPI size")?);
            let kind = r.u16("Notify type")?;
            let spi = r.take(spi_size, "Notify SPI")?.to_vec();
            Payload::Notify(Notify {
                protocol,
                spi,
                kind,
                data: r.rest().to_vec(),
            })
        }
        pt::DELETE => {
            let protocol = r.u8("Delete protocol")?;
            let spi_size = usize::from(r.u8("Delete SPI size")?);
            let n = usize::from(r.u16("Delete SPI count")?);
            let mut spis = Vec::new();
            for _ in 0..n {
                spis.push(r.take(spi_size, "Delete SPI")?.to_vec());
            }
            if !r.is_empty() {
                return Err(CodecError::BadLength {
                    what: "Delete payload",
                    offset: off,
                });
            }
            Payload::Delete(Delete { protocol, spis })
        }
        pt::VENDOR => Payload::Vendor(body.to_vec()),
        pt::TSI | pt::TSR => {
            let n = r.u8("TS count")?;
            r.take(3, "TS reserved")?;
            let mut ts = Vec::new();
            for _ in 0..n {
                let t = r.u8("TS type")?;
                let protocol = r.u8("TS protocol")?;
                let len = usize::from(r.u16("TS length")?);
                let alen = match (t, len) {
                    (7, 16) => 4,
                    (8, 40) => 16,
                    _ => {
                        return Err(CodecError::BadLength {
                            what: "traffic selector",
                            offset: r.off(),
                        })
                    }
                };
                let start_port = r.u16("TS port")?;
                let end_port = r.u16("TS port")?;
                let s = r.take(alen, "TS address")?;
                let e = r.take(alen, "TS address")?;
                let (start, end) = if alen == 4 {
                    let (mut a, mut b) = ([0u8; 4], [0u8; 4]);
                    a.copy_from_slice(s);
                    b.copy_from_slice(e);
                    (IpAddr::from(a), IpAddr::from(b))
                } else {
                    let (mut a, mut b) = ([0u8; 16], [0u8; 16]);
                    a.copy_from_slice(s);
                    b.copy_from_slice(e);
                    (IpAddr::from(a), IpAddr::from(b))
                };
                ts.push(TrafficSelector {
                    protocol,
                    start_port,
                    end_port,
                    start,
                    end,
                });
            }
            if !r.is_empty() {
                return Err(CodecError::BadLength {
                    what: "TS payload",
                    offset: off,
                });
            }
            if kind == pt::TSI {
                Payload::TsI(ts)
            } else {
                Payload::TsR(ts)
            }
        }
        other => {
            if critical {
                return Err(CodecError::UnsupportedCritical(other));
            }
            Payload::Other {
                kind: other,
                critical,
                body: body.to_vec(),
            }
        }
    })
}

fn decode_sa(body: &[u8], off: usize) -> Result<Vec<Offered>, CodecError> {
    let mut out = Vec::new();
    let mut r = Reader::new(body, off);
    let mut last = false;
    while !r.is_empty() {
        if last {
            return Err(CodecError::Invalid {
                what: "proposal after last",
                offset: r.off(),
            });
        }
        let start = r.off();
        let more = r.u8("proposal")?;
        r.u8("proposal reserved")?;
        let plen = usize::from(r.u16("proposal length")?);
        if plen < 8 {
            return Err(CodecError::BadLength {
                what: "proposal length",
                offset: start,
            });
        }
        let pbody = r.take(plen - 4, "proposal")?;
        let mut p = Reader::new(pbody, start + 4);
        let number = p.u8("proposal number")?;
        let protocol = p.u8("proposal protocol")?;
        let spi_size = usize::from(p.u8("SPI size")?);
        let ntrans = p.u8("transform count")?;
        let spi = p.take(spi_size, "proposal SPI")?.to_vec();
        let mut transforms = Vec::new();
        let mut last_t = false;
        for _ in 0..ntrans {
            if last_t {
                return Err(CodecError::Invalid {
                    what: "transform after last",
                    offset: p.off(),
                });
            }
            let tstart = p.off();
            let tmore = p.u8("transform")?;
            p.u8("transform reserved")?;
            let tlen = usize::from(p.u16("transform length")?);
            if tlen < 8 {
                return Err(CodecError::BadLength {
                    what: "transform length",
                    offset: tstart,
                });
            }
            let tbody = p.take(tlen - 4, "transform")?;
            let mut t = Reader::new(tbody, tstart + 4);
            let ttype = t.u8("transform type")?;
            t.u8("transform reserved")?;
            let id = t.u16("transform ID")?;
            let mut key_bits = None;
            let mut unknown_attr = false;
            while !t.is_empty() {
                let at = t.u16("attribute type")?;
                if at & 0x8000 != 0 {
                    let v = t.u16("attribute value")?;
                    if at & 0x7fff == 14 {
                        key_bits = Some(v);
                    } else {
                        unknown_attr = true;
                    }
                } else {
                    let l = usize::from(t.u16("attribute length")?);
                    t.take(l, "attribute value")?;
                    unknown_attr = true;
                }
            }
            last_t = tmore == 0;
            // RFC 7296 3.3.6: an unknown transform type or attribute makes
            // the transform unusable; skip it rather than fail.
            if let (Some(kind), false) = (TransformType::from_u8(ttype), unknown_attr) {
                transforms.push(OfferedTransform { kind, id, key_bits });
            }
        }
        if !p.is_empty() {
            return Err(CodecError::BadLength {
                what: "proposal trailing bytes",
                offset: p.off(),
            });
        }
        last = more == 0;
        out.push(Offered {
            number,
            protocol,
            spi,
            transforms,
        });
    }
    Ok(out)
}

/// Encode the IKE header with the given total length.
pub fn encode_header(h: &Header, out: &mut Vec<u8>) {
    out.extend_from_slice(&h.spi_i.to_be_bytes());
    out.extend_from_slice(&h.spi_r.to_be_bytes());
    out.push(h.next_payload);
    out.push(VERSION);
    out.push(h.exchange);
    out.push(h.flags);
    out.extend_from_slice(&h.message_id.to_be_bytes());
    out.extend_from_slice(&h.length.to_be_bytes());
}

/// Encode a payload chain; `last_next` is the Next Payload of the final
/// payload (0, or SK when cleartext payloads precede an SK payload).
pub fn encode_chain(payloads: &[Payload], last_next: u8) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, p) in payloads.iter().enumerate() {
        let next = payloads.get(i + 1).map(Payload::kind).unwrap_or(last_next);
        let start = out.len();
        out.push(next);
        out.push(match p {
            Payload::Other { critical: true, .. } => 0x80,
            _ => 0,
        });
        out.extend_from_slice(&[0, 0]);
        encode_body(p, &mut out);
        let len = u16::try_from(out.len() - start).unwrap_or(u16::MAX);
        out[start + 2..start + 4].copy_from_slice(&len.to_be_bytes());
    }
    out
}

fn encode_body(p: &Payload, out: &mut Vec<u8>) {
    match p {
        Payload::Sa(props) => {
            for (i, o) in props.iter().enumerate() {
                let start = out.len();
                out.push(if i + 1 == props.len() { 0 } else { 2 });
                out.push(0);
                out.extend_from_slice(&[0, 0]);
                out.push(o.number);
                out.push(o.protocol);
                out.push(u8::try_from(o.spi.len()).unwrap_or(0));
                out.push(u8::try_from(o.transforms.len()).unwrap_or(u8::MAX));
                out.extend_from_slice(&o.spi);
                for (j, t) in o.transforms.iter().enumerate() {
                    out.push(if j + 1 == o.transforms.len() { 0 } else { 3 });
                    out.push(0);
                    let tl: u16 = if t.key_bits.is_some() { 12 } else { 8 };
                    out.extend_from_slice(&tl.to_be_bytes());
                    out.push(t.kind as u8);
                    out.push(0);
                    out.extend_from_slice(&t.id.to_be_bytes());
                    if let Some(k) = t.key_bits {
                        out.extend_from_slice(&0x800eu16.to_be_bytes());
                        out.extend_from_slice(&k.to_be_bytes());
                    }
                }
                let len = u16::try_from(out.len() - start).unwrap_or(u16::MAX);
                out[start + 2..start + 4].copy_from_slice(&len.to_be_bytes());
            }
        }
        Payload::Ke { group, data } => {
            out.extend_from_slice(&group.to_be_bytes());
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(data);
        }
        Payload::IdI(t, d) | Payload::IdR(t, d) => {
            out.extend_from_slice(&[*t, 0, 0, 0]);
            out.extend_from_slice(d);
        }
        Payload::Cert(e, d) | Payload::CertReq(e, d) => {
            out.push(*e);
            out.extend_from_slice(d);
        }
        Payload::Auth { method, data } => {
            out.extend_from_slice(&[*method, 0, 0, 0]);
            out.extend_from_slice(data);
        }
        Payload::Nonce(n) => out.extend_from_slice(n),
        Payload::Notify(n) => {
            out.push(n.protocol);
            out.push(u8::try_from(n.spi.len()).unwrap_or(0));
            out.extend_from_slice(&n.kind.to_be_bytes());
            out.extend_from_slice(&n.spi);
            out.extend_from_slice(&n.data);
        }
        Payload::Delete(d) => {
            out.push(d.protocol);
            out.push(
                d.spis
                    .first()
                    .map_or(0, |s| u8::try_from(s.len()).unwrap_or(0)),
            );
            out.extend_from_slice(&u16::try_from(d.spis.len()).unwrap_or(0).to_be_bytes());
            for s in &d.spis {
                out.extend_from_slice(s);
            }
        }
        Payload::Vendor(v) => out.extend_from_slice(v),
        Payload::TsI(ts) | Payload::TsR(ts) => {
            out.extend_from_slice(&[u8::try_from(ts.len()).unwrap_or(0), 0, 0, 0]);
            for t in ts {
                let v4 = t.start.is_ipv4();
                out.push(t.ts_type());
                out.push(t.protocol);
                out.extend_from_slice(&(if v4 { 16u16 } else { 40 }).to_be_bytes());
                out.extend_from_slice(&t.start_port.to_be_bytes());
                out.extend_from_slice(&t.end_port.to_be_bytes());
                for a in [t.start, t.end] {
                    match a {
                        IpAddr::V4(x) => out.extend_from_slice(&x.octets()),
                        IpAddr::V6(x) => out.extend_from_slice(&x.octets()),
                    }
                }
            }
        }
        Payload::Other { body, .. } => out.extend_from_slice(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::proposal::{default_esp, default_ike, to_offered};
    use crate::msg::consts::exch;

    fn sample() -> Vec<Payload> {
        vec![
            Payload::Sa(to_offered(&default_ike(), 1, &[], true)),
            Payload::Ke {
                group: 14,
                data: vec![7; 256],
            },
            Payload::Nonce(vec![1; 32]),
            Payload::Notify(Notify::new(16388, vec![9; 20])),
            Payload::Sa(to_offered(&default_esp(), 3, &[1, 2, 3, 4], false)),
            Payload::TsI(vec![TrafficSelector::from_subnet(
                crate::config::Subnet::parse("10.0.0.0/8").unwrap(),
                0,
                0,
            )]),
            Payload::TsR(vec![TrafficSelector::from_subnet(
                crate::config::Subnet::parse("2001:db8::/32").unwrap(),
                6,
                443,
            )]),
            Payload::Delete(Delete {
                protocol: 3,
                spis: vec![vec![1, 2, 3, 4], vec![5, 6, 7, 8]],
            }),
            Payload::IdI(2, b"west".to_vec()),
            Payload::Auth {
                method: 2,
                data: vec![3; 32],
            },
        ]
    }

    fn message(payloads: &[Payload]) -> Vec<u8> {
        let chain = encode_chain(payloads, 0);
        let h = Header {
            spi_i: 0x0102030405060708,
            spi_r: 0,
            next_payload: payloads.first().map_or(0, Payload::kind),
            version: VERSION,
            exchange: exch::IKE_SA_INIT,
            flags: 0x08,
            message_id: 0,
            length: u32::try_from(HEADER_LEN + chain.len()).unwrap(),
        };
        let mut out = Vec::new();
        encode_header(&h, &mut out);
        out.extend_from_slice(&chain);
        out
    }

    #[test]
    fn round_trip() {
        let p = sample();
        let bytes = message(&p);
        let m = decode(&bytes).unwrap();
        assert_eq!(m.payloads, p);
        assert_eq!(m.header.spi_i, 0x0102030405060708);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = message(&sample());
        for n in 0..bytes.len() {
            let mut b = bytes[..n].to_vec();
            if b.len() >= 28 {
                let l = u32::try_from(n).unwrap().to_be_bytes();
                b[24..28].copy_from_slice(&l);
            }
            assert!(decode(&b).is_err(), "prefix {n} decoded");
        }
    }

    #[test]
    fn unknown_critical_rejected() {
        let p = vec![Payload::Other {
            kind: 200,
            critical: true,
            body: vec![1, 2],
        }];
        assert_eq!(
            decode(&message(&p)),
            Err(CodecError::UnsupportedCritical(200))
        );
        let p = vec![Payload::Other {
            kind: 200,
            critical: false,
            body: vec![1, 2],
        }];
        assert!(decode(&message(&p)).is_ok());
    }
}
