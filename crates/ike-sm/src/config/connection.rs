//! A connection: the policy pluto hands to the state machine, as plain data
//! (ipsec.conf `conn` sections map onto it one to one).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use zeroize::Zeroizing;

use super::id::Identity;
use super::key::PrivateKey;
use super::proposal::{default_esp, default_ike, Proposal};
use super::selector::{Subnet, TrafficSelector};

/// How one end authenticates itself (RFC 7296 2.15, 3.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMethod {
    /// Shared key message integrity code (auth method 2), `authby=secret`.
    Psk,
    /// RSA digital signature, `authby=rsasig`: RFC 7427 method 14 (PKCS#1
    /// v1.5 with SHA-2) or method 1 (SHA-1). The public key is the raw key
    /// (DER SubjectPublicKeyInfo) the remote end is checked against; our
    /// private key is [`Connection::private_key`]. Certificates can later
    /// fill `cert`.
    RsaSig {
        /// DER SubjectPublicKeyInfo of this end's public key, if known.
        public_key: Option<Vec<u8>>,
        /// DER certificate of this end (room for later).
        cert: Option<Vec<u8>>,
    },
    /// No authentication of this end is acceptable: never matches.
    Never,
}

/// One end of a connection (`left*`/`right*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct End {
    /// IKE address (`left=`); `None` means `%any` (remote end of a
    /// responder-only connection).
    pub host: Option<IpAddr>,
    /// IKE port (`leftikeport=`), 500 by default.
    pub ikeport: u16,
    /// Identity (`leftid=`); `None` means the host address.
    pub id: Option<Identity>,
    /// Client subnet (`leftsubnet=`); `None` means the host itself.
    pub subnet: Option<Subnet>,
    /// `leftprotoport=` protocol (0 = any).
    pub protocol: u8,
    /// `leftprotoport=` port (0 = any).
    pub port: u16,
    /// How this end proves its identity.
    pub auth: AuthMethod,
}

impl End {
    /// An end at `host` with PSK auth and everything else default.
    pub fn new(host: IpAddr) -> Self {
        End {
            host: Some(host),
            ikeport: 500,
            id: None,
            subnet: None,
            protocol: 0,
            port: 0,
            auth: AuthMethod::Psk,
        }
    }

    /// The identity this end uses (explicit or its address).
    pub fn identity(&self) -> Identity {
        match (&self.id, self.host) {
            (Some(id), _) => id.clone(),
            (None, Some(h)) => Identity::Addr(h),
            (None, None) => Identity::Any,
        }
    }

    /// The traffic selector this end stands for.
    pub fn selector(&self) -> Option<TrafficSelector> {
        let s = match (self.subnet, self.host) {
            (Some(s), _) => s,
            (None, Some(h)) => Subnet::host(h),
            (None, None) => return None,
        };
        Some(TrafficSelector::from_subnet(s, self.protocol, self.port))
    }

    /// IKE socket address (host + ikeport).
    pub fn ike_addr(&self) -> Option<SocketAddr> {
        self.host.map(|h| SocketAddr::new(h, self.ikeport))
    }
}

/// Liveness / dead peer action (`dpdaction=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DpdAction {
    /// Delete the SAs and the connection's routing (`clear`).
    Clear,
    /// Delete the SAs, keep the policy as a trap (`hold`).
    Hold,
    /// Delete the SAs and initiate again (`restart`).
    Restart,
}

/// Liveness checks (`dpddelay=`, `dpdtimeout=`, `dpdaction=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dpd {
    /// Idle time before a liveness probe is sent.
    pub delay: Duration,
    /// How long without an answer before the peer is declared dead.
    pub timeout: Duration,
    /// What to do then.
    pub action: DpdAction,
}

/// `encapsulation=`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encapsulation {
    /// Use UDP 4500 only when NAT is detected (`auto`).
    Auto,
    /// Always float to 4500 and encapsulate ESP (`yes`): fakes NAT-D.
    Yes,
    /// Never (`no`).
    No,
}

/// `fragmentation=` (RFC 7383)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragmentation {
    /// Offer it and fragment when the peer supports it (`yes`).
    Yes,
    /// Never (`no`).
    No,
}

/// `type=`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `tunnel`
    Tunnel,
    /// `transport` (USE_TRANSPORT_MODE, RFC 7296 1.3.1)
    Transport,
}

/// Retransmission policy (`retransmit-interval=`, `retransmit-timeout=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retransmit {
    /// First delay; doubled on each retransmission.
    pub interval: Duration,
    /// Give up when this much time has passed since the first send.
    pub timeout: Duration,
    /// Upper bound of one delay (Libreswan caps the doubling).
    pub max_interval: Duration,
}

impl Default for Retransmit {
    fn default() -> Self {
        // Libreswan defaults: 0.5 s doubling, give up after 60 s.
        Retransmit {
            interval: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
            max_interval: Duration::from_secs(32),
        }
    }
}

/// A pre-shared key; zeroized when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Psk(pub Zeroizing<Vec<u8>>);

impl Psk {
    /// From bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Psk(Zeroizing::new(bytes.into()))
    }
}

impl std::fmt::Debug for Psk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Psk(<{} bytes>)", self.0.len())
    }
}

/// A connection (ipsec.conf `conn`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// Name (`conn NAME`).
    pub name: String,
    /// Our end (`left` once oriented).
    pub local: End,
    /// The peer's end.
    pub remote: End,
    /// Pre-shared key for PSK authentication (from ipsec.secrets).
    pub psk: Option<Psk>,
    /// Our private key for `authby=rsasig` (from ipsec.secrets `: RSA`);
    /// the peer's public key is in `remote.auth`.
    pub private_key: Option<PrivateKey>,
    /// RSA with RFC 7427 (`authby=rsasig`, `rsa-sha2`; default): announce
    /// SIGNATURE_HASH_ALGORITHMS and sign with method 14 when the peer did.
    /// `false` is `authby=rsa-sha1`: no notify, always method 1.
    pub rsa_sha2: bool,
    /// `ike=` proposals in preference order.
    pub ike: Vec<Proposal>,
    /// `esp=` proposals in preference order.
    pub esp: Vec<Proposal>,
    /// `ikelifetime=` (default 8 h).
    pub ike_lifetime: Duration,
    /// `salifetime=` / `lifetime=` for Child SAs (default 8 h).
    pub ipsec_lifetime: Duration,
    /// `rekeymargin=` (default 9 min).
    pub rekey_margin: Duration,
    /// `rekeyfuzz=` in percent of the margin (default 100).
    pub rekey_fuzz_percent: u32,
    /// `rekey=`: whether we rekey at all (default yes).
    pub rekey: bool,
    /// `keyingtries=`: 0 means forever (default 0 = `%forever`).
    pub keyingtries: u32,
    /// `pfs=` (default yes): CREATE_CHILD_SA carries a KE.
    pub pfs: bool,
    /// Liveness (`dpddelay=` etc.); `None` disables it.
    pub dpd: Option<Dpd>,
    /// `encapsulation=`
    pub encapsulation: Encapsulation,
    /// `fragmentation=`
    pub fragmentation: Fragmentation,
    /// Largest IKE message before it is fragmented (RFC 7383 2.5).
    pub fragment_size: usize,
    /// `type=`
    pub mode: Mode,
    /// Retransmission policy.
    pub retransmit: Retransmit,
    /// Request an IP-TFS / ESN etc. are ESP proposal matters; this is the
    /// replay window size for the kernel (`replay-window=`, default 32).
    pub replay_window: u32,
}

impl Connection {
    /// A tunnel between `local` and `remote` hosts with Libreswan 4.10
    /// defaults, PSK auth on both ends.
    pub fn new(name: impl Into<String>, local: End, remote: End) -> Self {
        Connection {
            name: name.into(),
            local,
            remote,
            psk: None,
            private_key: None,
            rsa_sha2: true,
            ike: default_ike(),
            esp: default_esp(),
            ike_lifetime: Duration::from_secs(28800),
            ipsec_lifetime: Duration::from_secs(28800),
            rekey_margin: Duration::from_secs(540),
            rekey_fuzz_percent: 100,
            rekey: true,
            keyingtries: 0,
            pfs: true,
            dpd: None,
            encapsulation: Encapsulation::Auto,
            fragmentation: Fragmentation::Yes,
            fragment_size: 1280,
            mode: Mode::Tunnel,
            retransmit: Retransmit::default(),
            replay_window: 32,
        }
    }
}
