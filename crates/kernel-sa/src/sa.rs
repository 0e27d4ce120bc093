//! One IPsec SA as the kernel holds it.

use crate::addr::Family;
use crate::algorithm::SaAlgorithms;
use crate::lifetime::Lifetimes;
use crate::policy::Selector;
use crate::spi::Spi;
use std::fmt;
use std::net::IpAddr;

/// The IPsec protocol of an SA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    /// ESP, IP protocol 50 (RFC 4303).
    Esp,
    /// AH, IP protocol 51 (RFC 4302).
    Ah,
}

impl Protocol {
    /// The IP protocol number.
    pub fn ip_proto(self) -> u8 {
        match self {
            Protocol::Esp => 50,
            Protocol::Ah => 51,
        }
    }

    /// The protocol for an IP protocol number, if it is ESP or AH.
    pub fn from_ip_proto(p: u8) -> Option<Self> {
        match p {
            50 => Some(Protocol::Esp),
            51 => Some(Protocol::Ah),
            _ => None,
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Esp => "esp",
            Protocol::Ah => "ah",
        })
    }
}

/// Encapsulation mode (RFC 4301 4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Protects the payload of host-to-host traffic.
    Transport,
    /// Wraps whole packets between the SA endpoints.
    Tunnel,
}

/// The request ID tying SAs to the policy templates that use them; 0 means "any".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Reqid(pub u32);

/// A firewall mark match (`value & mask`), for SAs and policies of routed VPNs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mark {
    /// Value to match.
    pub value: u32,
    /// Bits of the packet mark compared.
    pub mask: u32,
}

/// ESP in UDP for NAT traversal (RFC 3948), as negotiated per RFC 7296 2.23.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UdpEncap {
    /// UDP source port of the encapsulated packets (ours for outbound, usually 4500).
    pub src_port: u16,
    /// UDP destination port (the peer's for outbound, possibly NAT-mapped).
    pub dst_port: u16,
}

/// How the kernel finds an SA: destination, SPI, protocol (RFC 4301 4.1), and mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SaId {
    /// SA destination address.
    pub dst: IpAddr,
    /// The SPI the destination chose.
    pub spi: Spi,
    /// ESP or AH.
    pub proto: Protocol,
    /// Mark, when the SA was added with one (the kernel then needs it to find it).
    pub mark: Option<Mark>,
}

impl fmt::Display for SaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}@{}", self.proto, self.spi, self.dst)?;
        if let Some(m) = self.mark {
            write!(f, " mark {:#x}/{:#x}", m.value, m.mask)?;
        }
        Ok(())
    }
}

/// Everything needed to install one SA (one direction of a Child SA).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaSpec {
    /// SA source (the sender's outer address).
    pub src: IpAddr,
    /// SA destination (the receiver's outer address).
    pub dst: IpAddr,
    /// The SPI chosen by `dst`.
    pub spi: Spi,
    /// Transport or tunnel.
    pub mode: Mode,
    /// Algorithms and keys; they fix ESP or AH.
    pub algorithms: SaAlgorithms,
    /// Extended sequence numbers (RFC 4303 2.2.1, negotiated with transform type 5).
    pub esn: bool,
    /// Anti-replay window in packets (0 turns replay checking off; outbound SAs use 0).
    /// With ESN the XFRM backend sends at least 1, since Linux refuses an ESN SA
    /// without a window.
    pub replay_window: u32,
    /// UDP encapsulation for NAT-T, if negotiated.
    pub encap: Option<UdpEncap>,
    /// Soft and hard limits.
    pub lifetimes: Lifetimes,
    /// The reqid the policy templates name.
    pub reqid: Reqid,
    /// Mark match for routed setups.
    pub mark: Option<Mark>,
    /// Traffic selector the SA is limited to (`None`: any, as usual in tunnel mode).
    pub selector: Option<Selector>,
}

impl SaSpec {
    /// The SA's protocol, taken from its algorithms.
    pub fn proto(&self) -> Protocol {
        self.algorithms.protocol()
    }

    /// The key the kernel will find this SA by.
    pub fn id(&self) -> SaId {
        SaId {
            dst: self.dst,
            spi: self.spi,
            proto: self.proto(),
            mark: self.mark,
        }
    }

    /// The family, or `None` when `src` and `dst` differ.
    pub fn family(&self) -> Option<Family> {
        let f = Family::of(&self.src);
        (f == Family::of(&self.dst)).then_some(f)
    }

    /// Checks what is independent of any backend: one family, ordered lifetimes, UDP
    /// encapsulation only with ESP, an SPI outside the reserved 1–255 (RFC 4303 2.1).
    pub fn check(&self) -> Result<(), String> {
        if self.family().is_none() {
            return Err(format!(
                "SA {} -> {} mixes address families",
                self.src, self.dst
            ));
        }
        if self.spi.0 < 256 {
            return Err(format!("SPI {} is reserved (RFC 4303 2.1)", self.spi));
        }
        if !self.lifetimes.is_ordered() {
            return Err("a soft lifetime exceeds its hard lifetime".into());
        }
        if self.encap.is_some() && self.proto() != Protocol::Esp {
            return Err("UDP encapsulation is defined for ESP only (RFC 3948)".into());
        }
        if let Some(sel) = &self.selector {
            if Some(sel.family()) != self.family() && self.mode == Mode::Transport {
                return Err("transport-mode selector family differs from the SA's".into());
            }
        }
        Ok(())
    }
}
