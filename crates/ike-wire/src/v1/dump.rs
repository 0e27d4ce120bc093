//! A readable tree of an IKEv1 message, with IANA / RFC names, for people
//! (ikedump) and debug logs.

use core::fmt::{Result, Write};

use super::attribute::{AttributeValue, DataAttribute};
use super::message::{Body, Message};
use super::payload::Payload;
use super::registry::{
    AuthenticationAlgorithm, AuthenticationMethod, CfgAttributeType, EncapsulationMode,
    EncryptionAlgorithm, GroupDescription, GroupType, HashAlgorithm, IpsecAttributeType, LifeType,
    Phase1AttributeType, ProtocolId, XauthStatus, XauthType,
};
use super::sa::SecurityAssociation;
use super::vendor;

/// Print `msg` as an indented tree.
pub fn dump(msg: &Message<'_>, out: &mut dyn Write) -> Result {
    let h = &msg.header;
    write!(
        out,
        "ISAKMP v1.{} {} ({}) MID={:08x}",
        h.minor_version,
        h.exchange_type,
        h.exchange_type.value(),
        h.message_id
    )?;
    let mut flags = Vec::new();
    if msg.is_encrypted() {
        flags.push("E");
    }
    if h.commit {
        flags.push("C");
    }
    if h.authentication_only {
        flags.push("A");
    }
    writeln!(out, " flags=[{}]", flags.join(","))?;
    writeln!(
        out,
        "  cookies i={} r={}",
        hex(&h.initiator_cookie),
        hex(&h.responder_cookie)
    )?;
    match &msg.body {
        Body::Plain(p) => dump_payloads(p, 1, out),
        Body::Encrypted {
            first_payload,
            ciphertext,
        } => writeln!(
            out,
            "  encrypted: first payload {} ({}), {} octets",
            first_payload,
            first_payload.value(),
            ciphertext.len()
        ),
    }
}

/// Print a payload list (a message's, or a decrypted chain's) at `depth`.
pub fn dump_payloads(payloads: &[Payload<'_>], depth: usize, out: &mut dyn Write) -> Result {
    for p in payloads {
        dump_payload(p, depth, out)?;
    }
    Ok(())
}

fn ind(out: &mut dyn Write, depth: usize) -> Result {
    for _ in 0..depth {
        out.write_str("  ")?;
    }
    Ok(())
}

fn hex(b: &[u8]) -> String {
    use core::fmt::Write as _;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

/// Printable text if `b` is all printable ASCII, else hex.
fn text_or_hex(b: &[u8]) -> String {
    if !b.is_empty() && b.iter().all(|c| (0x20..0x7f).contains(c)) {
        format!("\"{}\"", String::from_utf8_lossy(b))
    } else {
        hex(b)
    }
}

fn dump_payload(p: &Payload<'_>, d: usize, out: &mut dyn Write) -> Result {
    ind(out, d)?;
    let t = p.payload_type();
    write!(out, "{t}")?;
    match p {
        Payload::SecurityAssociation(sa) => dump_sa(sa, d, out),
        Payload::KeyExchange(b) | Payload::Hash(b) | Payload::Signature(b) | Payload::Nonce(b) => {
            writeln!(out, ": {} octets {}", b.len(), hex(b))
        }
        Payload::Identification(id) => {
            writeln!(
                out,
                ": {} protocol={} port={}",
                id.id.id_type(),
                id.protocol,
                id.port
            )?;
            ind(out, d + 1)?;
            writeln!(out, "{}", identity(&id.id))
        }
        Payload::Certificate(c) => writeln!(
            out,
            ": {} ({}), {} octets",
            c.encoding,
            c.encoding.value(),
            c.data.len()
        ),
        Payload::CertificateRequest(c) => writeln!(
            out,
            ": {} ({}), authority {} octets",
            c.cert_type,
            c.cert_type.value(),
            c.authority.len()
        ),
        Payload::Notification(n) => {
            writeln!(
                out,
                ": {} ({}) DOI={} protocol={} SPI={}",
                n.notify_type,
                n.notify_type.value(),
                n.doi,
                n.protocol,
                hex(n.spi)
            )?;
            if let Some(seq) = n.dpd_sequence() {
                ind(out, d + 1)?;
                writeln!(out, "sequence {seq}")?;
            } else if let Some(Ok(attrs)) = n.responder_lifetime() {
                for a in &attrs {
                    dump_attr(a, AttrClass::Ipsec, d + 1, out)?;
                }
            } else if !n.data.is_empty() {
                ind(out, d + 1)?;
                writeln!(out, "data {}", hex(n.data))?;
            }
            Ok(())
        }
        Payload::Delete(del) => {
            writeln!(
                out,
                ": DOI={} protocol={} {} SPI(s) of {} octets",
                del.doi,
                del.protocol,
                del.spis.count(),
                del.spis.size()
            )?;
            for s in del.spis.iter() {
                ind(out, d + 1)?;
                writeln!(out, "{}", hex(s))?;
            }
            Ok(())
        }
        Payload::VendorId(b) => match vendor::name(b) {
            Some(n) => writeln!(out, ": {n} [{}]", hex(b)),
            None => writeln!(out, ": {}", text_or_hex(b)),
        },
        Payload::Attribute(a) => {
            writeln!(
                out,
                ": {} ({}) identifier={}",
                a.cfg_type,
                a.cfg_type.value(),
                a.identifier
            )?;
            for at in &a.attributes {
                dump_attr(at, AttrClass::Cfg, d + 1, out)?;
            }
            Ok(())
        }
        Payload::NatDiscovery { hash, .. } => writeln!(out, ": {}", hex(hash)),
        Payload::NatOriginalAddress { oa, .. } => writeln!(out, ": {}", oa.addr),
        Payload::Fragment(f) => writeln!(
            out,
            ": id={} number={}{} {} octets",
            f.fragment_id,
            f.number,
            if f.is_last() { " last" } else { "" },
            f.data.len()
        ),
        Payload::Unknown { body, .. } => {
            writeln!(out, " ({}): {} octets {}", t.value(), body.len(), hex(body))
        }
    }
}

fn identity(id: &super::id::Identity<'_>) -> String {
    use super::id::Identity as I;
    match id {
        I::Ipv4Addr(a) => a.to_string(),
        I::Ipv6Addr(a) => a.to_string(),
        I::Ipv4AddrSubnet(a, m) => format!("{a}/{m}"),
        I::Ipv6AddrSubnet(a, m) => format!("{a}/{m}"),
        I::Ipv4AddrRange(a, b) => format!("{a}-{b}"),
        I::Ipv6AddrRange(a, b) => format!("{a}-{b}"),
        I::Fqdn(b) | I::UserFqdn(b) | I::KeyId(b) => text_or_hex(b),
        I::DerAsn1Dn(b) | I::DerAsn1Gn(b) => format!("DER {} octets {}", b.len(), hex(b)),
        I::Other(_, b) => hex(b),
    }
}

fn dump_sa(sa: &SecurityAssociation<'_>, d: usize, out: &mut dyn Write) -> Result {
    match sa {
        SecurityAssociation::Other { doi, body } => {
            writeln!(out, ": DOI={doi}, {} octets {}", body.len(), hex(body))
        }
        SecurityAssociation::Ipsec {
            situation,
            proposals,
        } => {
            let sit = if *situation == super::registry::situation::IDENTITY_ONLY {
                "SIT_IDENTITY_ONLY".to_string()
            } else {
                format!("{situation:#x}")
            };
            writeln!(out, ": DOI=IPSEC situation={sit}")?;
            for p in proposals {
                ind(out, d + 1)?;
                writeln!(
                    out,
                    "Proposal #{} {} SPI={} transforms={}",
                    p.number,
                    p.protocol,
                    hex(p.spi),
                    p.transforms.len()
                )?;
                let class = if p.protocol == ProtocolId::Isakmp {
                    AttrClass::Phase1
                } else {
                    AttrClass::Ipsec
                };
                for t in &p.transforms {
                    ind(out, d + 2)?;
                    writeln!(out, "Transform #{} {}", t.number, t.id(p.protocol))?;
                    for a in &t.attributes {
                        dump_attr(a, class, d + 3, out)?;
                    }
                }
            }
            Ok(())
        }
    }
}

/// Which registry an attribute's type comes from.
#[derive(Debug, Clone, Copy)]
enum AttrClass {
    Phase1,
    Ipsec,
    Cfg,
}

fn dump_attr(a: &DataAttribute<'_>, class: AttrClass, d: usize, out: &mut dyn Write) -> Result {
    ind(out, d)?;
    let t = a.attr_type();
    let tname = match class {
        AttrClass::Phase1 => Phase1AttributeType::from(t).to_string(),
        AttrClass::Ipsec => IpsecAttributeType::from(t).to_string(),
        AttrClass::Cfg => CfgAttributeType::from(t).to_string(),
    };
    match a.value {
        AttributeValue::Basic(v) => {
            let vname = basic_value_name(class, t, v);
            match vname {
                Some(n) => writeln!(out, "{tname} = {n} ({v})"),
                None => writeln!(out, "{tname} = {v}"),
            }
        }
        AttributeValue::Variable(b) => {
            if let Some(n) = a.as_u64() {
                if b.len() <= 4 && !matches!(class, AttrClass::Cfg) {
                    return writeln!(out, "{tname} = {n} (TLV)");
                }
            }
            match (class, CfgAttributeType::from(t)) {
                (AttrClass::Cfg, c) if is_address(c) && (b.len() == 4 || b.len() == 8) => {
                    let addr: Vec<String> = b.chunks(4).map(ip4).collect();
                    writeln!(out, "{tname} = {}", addr.join("/"))
                }
                _ => writeln!(out, "{tname} = {}", text_or_hex(b)),
            }
        }
    }
}

fn ip4(b: &[u8]) -> String {
    b.iter().map(u8::to_string).collect::<Vec<_>>().join(".")
}

fn is_address(c: CfgAttributeType) -> bool {
    matches!(
        c,
        CfgAttributeType::InternalIp4Address
            | CfgAttributeType::InternalIp4Netmask
            | CfgAttributeType::InternalIp4Dns
            | CfgAttributeType::InternalIp4Nbns
            | CfgAttributeType::InternalIp4Dhcp
            | CfgAttributeType::InternalIp4Subnet
    )
}

fn basic_value_name(class: AttrClass, t: u16, v: u16) -> Option<&'static str> {
    match class {
        AttrClass::Phase1 => match Phase1AttributeType::from(t) {
            Phase1AttributeType::EncryptionAlgorithm => EncryptionAlgorithm::from(v).name(),
            Phase1AttributeType::HashAlgorithm | Phase1AttributeType::Prf => {
                HashAlgorithm::from(v).name()
            }
            Phase1AttributeType::AuthenticationMethod => AuthenticationMethod::from(v).name(),
            Phase1AttributeType::GroupDescription => GroupDescription::from(v).name(),
            Phase1AttributeType::GroupType => GroupType::from(v).name(),
            Phase1AttributeType::LifeType => LifeType::from(v).name(),
            _ => None,
        },
        AttrClass::Ipsec => match IpsecAttributeType::from(t) {
            IpsecAttributeType::SaLifeType => LifeType::from(v).name(),
            IpsecAttributeType::GroupDescription => GroupDescription::from(v).name(),
            IpsecAttributeType::EncapsulationMode => EncapsulationMode::from(v).name(),
            IpsecAttributeType::AuthenticationAlgorithm => AuthenticationAlgorithm::from(v).name(),
            _ => None,
        },
        AttrClass::Cfg => match CfgAttributeType::from(t) {
            CfgAttributeType::XauthType => XauthType::from(v).name(),
            CfgAttributeType::XauthStatus => XauthStatus::from(v).name(),
            _ => None,
        },
    }
}
