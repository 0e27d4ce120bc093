//! A readable tree of an IKEv2 message, for `ikedump` and logs.

use crate::v2::cp::Config;
use crate::v2::message::Message;
use crate::v2::notify::{GatewayIdentity, NotifyData};
use crate::v2::payload::Payload;
use crate::v2::sa::{AttributeValue, Sa};
use crate::v2::simple::Id;
use crate::v2::ts::{TrafficSelector, Ts};
use crate::v2::IdType;
use core::fmt::{Result, Write};

/// Octets shown in full before a blob is abbreviated.
const SHOW: usize = 32;

/// Hex of `d`, abbreviated after [`SHOW`] octets, with its length.
pub(crate) struct Blob<'b>(pub &'b [u8]);

impl core::fmt::Display for Blob<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> Result {
        write!(f, "{} octets", self.0.len())?;
        if self.0.is_empty() {
            return Ok(());
        }
        f.write_str(": ")?;
        for b in self.0.iter().take(SHOW) {
            write!(f, "{b:02x}")?;
        }
        if self.0.len() > SHOW {
            f.write_str("...")?;
        }
        Ok(())
    }
}

fn hex(out: &mut dyn Write, d: &[u8]) -> Result {
    for b in d {
        write!(out, "{b:02x}")?;
    }
    Ok(())
}

/// Print `msg` as an indented tree, one line per field group.
pub fn dump(msg: &Message<'_>, out: &mut dyn Write) -> Result {
    let h = &msg.header;
    writeln!(
        out,
        "IKEv2 {} {}, message ID {}",
        h.exchange_type,
        if h.flags.response() {
            "response"
        } else {
            "request"
        },
        h.message_id
    )?;
    out.write_str("  SPIi ")?;
    hex(out, &h.spi_i)?;
    out.write_str("  SPIr ")?;
    hex(out, &h.spi_r)?;
    writeln!(out, "  version 2.{}  flags {}", h.minor_version, h.flags)?;
    dump_payloads(&msg.payloads, 1, out)
}

/// Print a payload chain at the given depth (two spaces per level).
pub fn dump_payloads(payloads: &[Payload<'_>], depth: usize, out: &mut dyn Write) -> Result {
    for p in payloads {
        let ind = "  ".repeat(depth);
        match p {
            Payload::Nonce(_) => write!(out, "{ind}Nonce")?,
            _ => write!(out, "{ind}{}", p.payload_type().abbrev())?,
        }
        dump_payload(p, &ind, out)?;
    }
    Ok(())
}

fn dump_payload(p: &Payload<'_>, ind: &str, out: &mut dyn Write) -> Result {
    match p {
        Payload::Sa(sa) => {
            writeln!(out)?;
            dump_sa(sa, ind, out)
        }
        Payload::Ke(k) => writeln!(out, " group {}, {}", k.group, Blob(k.data)),
        Payload::IdI(id) | Payload::IdR(id) => dump_id(id, out),
        Payload::Cert(c) | Payload::CertReq(c) => {
            writeln!(out, " {}, {}", c.encoding, Blob(c.data))
        }
        Payload::Auth(a) => writeln!(out, " {}, {}", a.method, Blob(a.data)),
        Payload::Nonce(n) => writeln!(out, " {}", Blob(n)),
        Payload::Notify(n) => {
            write!(out, "({})", n.notify_type)?;
            if !n.spi.is_empty() || n.protocol_id.value() != 0 {
                write!(out, " {} SPI ", n.protocol_id)?;
                hex(out, n.spi)?;
            }
            match n.data() {
                Ok(NotifyData::Empty) => writeln!(out),
                Ok(NotifyData::UnsupportedCriticalPayload(t)) => {
                    writeln!(out, " payload type {t}")
                }
                Ok(NotifyData::InvalidKePayload(g)) => writeln!(out, " group {g}"),
                Ok(NotifyData::Cookie(c)) => writeln!(out, " {}", Blob(c)),
                Ok(NotifyData::NatDetection(h)) => writeln!(out, " {}", Blob(&h[..])),
                Ok(NotifyData::SignatureHashAlgorithms(a)) => {
                    let names: Vec<String> = a.iter().map(|x| x.to_string()).collect();
                    writeln!(out, " {}", names.join(", "))
                }
                Ok(NotifyData::AdditionalAddress(a)) => writeln!(out, " {a}"),
                Ok(NotifyData::Redirect { gateway, nonce }) => {
                    write!(out, " to ")?;
                    dump_gateway(&gateway, out)?;
                    writeln!(out, ", nonce {}", Blob(nonce))
                }
                Ok(NotifyData::RedirectedFrom(g)) => {
                    write!(out, " from ")?;
                    dump_gateway(&g, out)?;
                    writeln!(out)
                }
                Ok(NotifyData::Other(d)) => writeln!(out, " {}", Blob(d)),
                Err(e) => writeln!(out, " malformed data ({e}): {}", Blob(&n.data)),
            }
        }
        Payload::Delete(d) => {
            write!(out, " {} {} SPI(s)", d.protocol_id, d.spis.len())?;
            for s in &d.spis {
                out.write_char(' ')?;
                hex(out, s)?;
            }
            writeln!(out)
        }
        Payload::VendorId(v) => match crate::v1::vendor::name(v) {
            // The vendor-ID table is shared by both versions.
            Some(name) => writeln!(out, " {name} {}", Blob(v)),
            None => writeln!(out, " {}", Blob(v)),
        },
        Payload::TsI(ts) | Payload::TsR(ts) => {
            writeln!(out, " {} selector(s)", ts.selectors.len())?;
            dump_ts(ts, ind, out)
        }
        Payload::Sk(e) => writeln!(
            out,
            " first inner payload {}, {} (encrypted)",
            e.first_payload.abbrev(),
            Blob(e.body)
        ),
        Payload::Skf(e) => writeln!(
            out,
            " fragment {}/{}, first inner payload {}, {} (encrypted)",
            e.fragment_number,
            e.total_fragments,
            e.first_payload.abbrev(),
            Blob(e.body)
        ),
        Payload::Cp(c) => dump_cp(c, ind, out),
        Payload::Eap(e) => {
            write!(out, " {} id {}", e.code, e.identifier)?;
            if let Some(t) = e.eap_type() {
                write!(out, " type {t}")?;
            }
            writeln!(out, ", {}", Blob(e.data))
        }
        Payload::Unknown {
            payload_type,
            critical,
            data,
        } => writeln!(
            out,
            " type {}{}, {}",
            payload_type.value(),
            if *critical { " CRITICAL" } else { "" },
            Blob(data)
        ),
    }
}

fn dump_sa(sa: &Sa<'_>, ind: &str, out: &mut dyn Write) -> Result {
    for p in &sa.proposals {
        write!(out, "{ind}  proposal #{} {}", p.number, p.protocol_id)?;
        if !p.spi.is_empty() {
            out.write_str(" SPI ")?;
            hex(out, p.spi)?;
        }
        writeln!(out, ", {} transform(s)", p.transforms.len())?;
        for t in &p.transforms {
            let ty = t.transform_type.name().map_or_else(
                || t.transform_type.value().to_string(),
                |n| {
                    n.rsplit_once('(')
                        .map_or(n, |(_, a)| a.trim_end_matches(')'))
                        .to_string()
                },
            );
            write!(out, "{ind}    {ty} {}", t.typed_id())?;
            for a in &t.attributes {
                match &a.value {
                    AttributeValue::Tv(v) => write!(out, ", {} {v}", a.attribute_type)?,
                    AttributeValue::Tlv(v) => write!(out, ", {} {}", a.attribute_type, Blob(v))?,
                }
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn dump_id(id: &Id<'_>, out: &mut dyn Write) -> Result {
    write!(out, " {} ", id.id_type)?;
    if let Some(a) = id.ip_addr() {
        return writeln!(out, "{a}");
    }
    match id.id_type {
        IdType::Fqdn | IdType::Rfc822Addr => {
            writeln!(out, "{:?}", String::from_utf8_lossy(id.data))
        }
        _ => writeln!(out, "{}", Blob(id.data)),
    }
}

fn dump_gateway(g: &GatewayIdentity<'_>, out: &mut dyn Write) -> Result {
    match g {
        GatewayIdentity::Ip(a) => write!(out, "{a}"),
        GatewayIdentity::Fqdn(n) => write!(out, "{:?}", String::from_utf8_lossy(n)),
        GatewayIdentity::Other(t, d) => write!(out, "type {} {}", t.value(), Blob(d)),
    }
}

fn dump_ts(ts: &Ts<'_>, ind: &str, out: &mut dyn Write) -> Result {
    for s in &ts.selectors {
        match s {
            TrafficSelector::Ipv4 {
                ip_protocol,
                start_port,
                end_port,
                start,
                end,
            } => writeln!(
                out,
                "{ind}  {start}-{end} proto {ip_protocol} ports {start_port}-{end_port}"
            )?,
            TrafficSelector::Ipv6 {
                ip_protocol,
                start_port,
                end_port,
                start,
                end,
            } => writeln!(
                out,
                "{ind}  {start}-{end} proto {ip_protocol} ports {start_port}-{end_port}"
            )?,
            TrafficSelector::Other { ts_type, data, .. } => {
                writeln!(out, "{ind}  {ts_type} {}", Blob(data))?
            }
        }
    }
    Ok(())
}

fn dump_cp(c: &Config<'_>, ind: &str, out: &mut dyn Write) -> Result {
    writeln!(out, " {}", c.cfg_type)?;
    for a in &c.attributes {
        writeln!(out, "{ind}  {} {}", a.attribute_type, Blob(a.value))?;
    }
    Ok(())
}
