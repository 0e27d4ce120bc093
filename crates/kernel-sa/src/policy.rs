//! Security policies (RFC 4301 4.4.1): which traffic is protected, passed or dropped.

use crate::addr::{Family, IpPrefix};
use crate::sa::{Mark, Protocol, Reqid};
use crate::spi::Spi;
use std::fmt;
use std::net::IpAddr;

/// Which packets a policy applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// Received packets addressed to this host.
    In,
    /// Packets this host sends.
    Out,
    /// Received packets forwarded by this host (tunnel gateways).
    Fwd,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::In => "in",
            Direction::Out => "out",
            Direction::Fwd => "fwd",
        })
    }
}

/// The upper-layer part of a selector (RFC 4301 4.4.1.1 "Next Layer Protocol" and ports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UpperLayer {
    /// Any protocol, any port.
    Any,
    /// One IP protocol, any port (or a protocol without ports).
    Protocol(u8),
    /// One IP protocol with source and/or destination port (`None` = any). For ICMP the
    /// kernel reads the "ports" as type and code, as RFC 4301 4.4.1.1 describes.
    Ports {
        /// IP protocol number (6 TCP, 17 UDP, 132 SCTP, 1/58 ICMP).
        proto: u8,
        /// Source port, or any.
        src_port: Option<u16>,
        /// Destination port, or any.
        dst_port: Option<u16>,
    },
}

impl UpperLayer {
    /// The protocol number, 0 for any.
    pub fn proto(&self) -> u8 {
        match self {
            UpperLayer::Any => 0,
            UpperLayer::Protocol(p) | UpperLayer::Ports { proto: p, .. } => *p,
        }
    }

    /// Source port if one is set.
    pub fn src_port(&self) -> Option<u16> {
        match self {
            UpperLayer::Ports { src_port, .. } => *src_port,
            _ => None,
        }
    }

    /// Destination port if one is set.
    pub fn dst_port(&self) -> Option<u16> {
        match self {
            UpperLayer::Ports { dst_port, .. } => *dst_port,
            _ => None,
        }
    }

    /// The simplest form describing the same traffic: protocol 0 is `Any`, no ports is
    /// `Protocol`. Dumps come back in this form.
    pub fn normalized(self) -> Self {
        match self {
            UpperLayer::Protocol(0) => UpperLayer::Any,
            UpperLayer::Ports {
                proto,
                src_port: None,
                dst_port: None,
            } => UpperLayer::Protocol(proto).normalized(),
            other => other,
        }
    }
}

/// Error for selector halves of different families.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("selector mixes families: {src} and {dst}")]
pub struct SelectorError {
    /// Source prefix.
    pub src: IpPrefix,
    /// Destination prefix.
    pub dst: IpPrefix,
}

/// A traffic selector: source and destination prefixes of one family, and the upper layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Selector {
    src: IpPrefix,
    dst: IpPrefix,
    upper: UpperLayer,
}

impl Selector {
    /// All traffic from `src` to `dst`, refused if their families differ.
    pub fn new(src: IpPrefix, dst: IpPrefix) -> Result<Self, SelectorError> {
        if src.family() != dst.family() {
            return Err(SelectorError { src, dst });
        }
        Ok(Selector {
            src,
            dst,
            upper: UpperLayer::Any,
        })
    }

    /// Host-to-host selector (`/32` or `/128` each side).
    pub fn hosts(src: IpAddr, dst: IpAddr) -> Result<Self, SelectorError> {
        Selector::new(IpPrefix::host(src), IpPrefix::host(dst))
    }

    /// The same selector limited to an upper layer (stored normalized).
    pub fn with_upper(mut self, upper: UpperLayer) -> Self {
        self.upper = upper.normalized();
        self
    }

    /// Source prefix.
    pub fn src(&self) -> IpPrefix {
        self.src
    }

    /// Destination prefix.
    pub fn dst(&self) -> IpPrefix {
        self.dst
    }

    /// Upper layer.
    pub fn upper(&self) -> UpperLayer {
        self.upper
    }

    /// The family of both prefixes.
    pub fn family(&self) -> Family {
        self.src.family()
    }

    /// True if `self` covers the packet `src -> dst` with protocol and ports.
    pub fn matches(
        &self,
        src: IpAddr,
        dst: IpAddr,
        proto: u8,
        src_port: u16,
        dst_port: u16,
    ) -> bool {
        fn covers(p: &IpPrefix, a: IpAddr) -> bool {
            match (p.addr(), a) {
                (IpAddr::V4(n), IpAddr::V4(a)) => {
                    let len = u32::from(p.prefix_len());
                    let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
                    u32::from(n) & mask == u32::from(a) & mask
                }
                (IpAddr::V6(n), IpAddr::V6(a)) => {
                    let len = u32::from(p.prefix_len());
                    let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
                    u128::from(n) & mask == u128::from(a) & mask
                }
                _ => false,
            }
        }
        let u = &self.upper;
        covers(&self.src, src)
            && covers(&self.dst, dst)
            && (u.proto() == 0 || u.proto() == proto)
            && u.src_port().is_none_or(|p| p == src_port)
            && u.dst_port().is_none_or(|p| p == dst_port)
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> {}", self.src, self.dst)?;
        match self.upper {
            UpperLayer::Any => Ok(()),
            UpperLayer::Protocol(p) => write!(f, " proto {p}"),
            UpperLayer::Ports {
                proto,
                src_port,
                dst_port,
            } => {
                write!(f, " proto {proto}")?;
                if let Some(p) = src_port {
                    write!(f, " sport {p}")?;
                }
                if let Some(p) = dst_port {
                    write!(f, " dport {p}")?;
                }
                Ok(())
            }
        }
    }
}

/// Template mode: tunnel mode names the outer endpoints, so they cannot be forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TemplateMode {
    /// Transport mode: the packet's own addresses.
    Transport,
    /// Tunnel mode between these outer addresses.
    Tunnel {
        /// Tunnel source.
        src: IpAddr,
        /// Tunnel destination.
        dst: IpAddr,
    },
}

/// One transform a policy requires (an `xfrm_user_tmpl`): which SA the kernel must find
/// or acquire for matching traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Template {
    /// ESP or AH.
    pub proto: Protocol,
    /// Transport, or tunnel with endpoints.
    pub mode: TemplateMode,
    /// Require exactly this SPI (`None`: any SA with the reqid).
    pub spi: Option<Spi>,
    /// Request ID linking to the SAs.
    pub reqid: Reqid,
    /// Inbound only: the transform may be absent (`level use`).
    pub optional: bool,
}

/// Error for an empty template list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an IPsec policy needs at least one template")]
pub struct EmptyTemplates;

/// A non-empty list of templates, outermost last as the kernel applies them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Templates(Vec<Template>);

impl Templates {
    /// A list of at least one template.
    pub fn new(list: Vec<Template>) -> Result<Self, EmptyTemplates> {
        if list.is_empty() {
            return Err(EmptyTemplates);
        }
        Ok(Templates(list))
    }

    /// One template.
    pub fn one(t: Template) -> Self {
        Templates(vec![t])
    }

    /// The templates.
    pub fn as_slice(&self) -> &[Template] {
        &self.0
    }
}

/// What a policy does with matching packets (pluto's shunts plus IPsec).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PolicyAction {
    /// Protect with the SAs the templates name.
    Ipsec(Templates),
    /// Let the packets through in clear (`%pass`).
    Pass,
    /// Discard the packets (`%drop`, `%reject`, block).
    Drop,
    /// Initiate on traffic (`%trap`): the templates have no SA yet, so the first packet
    /// makes the kernel send an acquire and drop the packet. XFRM stores this exactly as
    /// `Ipsec`; a dump reads it back as `Ipsec`.
    Trap(Templates),
}

impl PolicyAction {
    /// The templates, for `Ipsec` and `Trap`.
    pub fn templates(&self) -> Option<&Templates> {
        match self {
            PolicyAction::Ipsec(t) | PolicyAction::Trap(t) => Some(t),
            PolicyAction::Pass | PolicyAction::Drop => None,
        }
    }

    /// The form the kernel stores: `Trap` becomes `Ipsec` (XFRM does not tell them apart).
    pub fn as_kernel_stores(&self) -> PolicyAction {
        match self {
            PolicyAction::Trap(t) => PolicyAction::Ipsec(t.clone()),
            other => other.clone(),
        }
    }
}

/// How the kernel finds a policy: direction, selector, mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolicyId {
    /// Direction.
    pub dir: Direction,
    /// Selector.
    pub selector: Selector,
    /// Mark, if the policy has one.
    pub mark: Option<Mark>,
}

impl fmt::Display for PolicyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "policy {} {}", self.dir, self.selector)?;
        if let Some(m) = self.mark {
            write!(f, " mark {:#x}/{:#x}", m.value, m.mask)?;
        }
        Ok(())
    }
}

/// One policy to install.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PolicySpec {
    /// Direction.
    pub dir: Direction,
    /// Traffic covered.
    pub selector: Selector,
    /// What to do with it.
    pub action: PolicyAction,
    /// Lower values win when selectors overlap.
    pub priority: u32,
    /// Mark match.
    pub mark: Option<Mark>,
}

impl PolicySpec {
    /// The key the kernel finds this policy by.
    pub fn id(&self) -> PolicyId {
        PolicyId {
            dir: self.dir,
            selector: self.selector,
            mark: self.mark,
        }
    }

    /// Checks what is independent of any backend: tunnel endpoints of one family.
    pub fn check(&self) -> Result<(), String> {
        for t in self
            .action
            .templates()
            .map(Templates::as_slice)
            .unwrap_or(&[])
        {
            if let TemplateMode::Tunnel { src, dst } = t.mode {
                if Family::of(&src) != Family::of(&dst) {
                    return Err(format!("tunnel {src} -> {dst} mixes address families"));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, l: u8) -> IpPrefix {
        IpPrefix::new(s.parse().unwrap(), l).unwrap()
    }

    #[test]
    fn selector_refuses_mixed_families() {
        assert!(Selector::new(p("10.0.0.0", 8), p("::", 0)).is_err());
    }

    #[test]
    fn selector_matches_prefix_proto_ports() {
        let s = Selector::new(p("10.0.0.0", 8), p("192.0.2.0", 24))
            .unwrap()
            .with_upper(UpperLayer::Ports {
                proto: 17,
                src_port: None,
                dst_port: Some(53),
            });
        let a = |x: &str| x.parse::<IpAddr>().unwrap();
        assert!(s.matches(a("10.1.2.3"), a("192.0.2.9"), 17, 1000, 53));
        assert!(!s.matches(a("10.1.2.3"), a("192.0.2.9"), 6, 1000, 53));
        assert!(!s.matches(a("10.1.2.3"), a("192.0.2.9"), 17, 1000, 54));
        assert!(!s.matches(a("11.1.2.3"), a("192.0.2.9"), 17, 1000, 53));
        let any = Selector::new(p("0.0.0.0", 0), p("0.0.0.0", 0)).unwrap();
        assert!(any.matches(a("1.2.3.4"), a("5.6.7.8"), 1, 0, 0));
    }

    #[test]
    fn upper_layer_normalizes() {
        assert_eq!(UpperLayer::Protocol(0).normalized(), UpperLayer::Any);
        assert_eq!(
            UpperLayer::Ports {
                proto: 6,
                src_port: None,
                dst_port: None
            }
            .normalized(),
            UpperLayer::Protocol(6)
        );
    }

    #[test]
    fn templates_are_never_empty() {
        assert_eq!(Templates::new(vec![]), Err(EmptyTemplates));
    }
}
