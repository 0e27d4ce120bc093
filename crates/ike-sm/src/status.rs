//! Snapshots for `whack --status` and the IKE SA keys for `--keylogfile`
//! (Wireshark's IKEv2 decryption table format).

use std::fmt;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::config::alg::{self, AlgSummary};
use crate::config::selector::TrafficSelector;
use crate::endpoint::Endpoint;
use crate::sa::{ChildState, IkeState, Role};
use crate::serial::Serial;

/// One connection as `whack --status` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionStatus {
    /// Name.
    pub name: String,
    /// `left...right` summary: local and remote hosts, ids, subnets.
    pub summary: String,
    /// Newest established IKE SA, if any.
    pub newest_ike: Option<Serial>,
    /// Newest established Child SA, if any.
    pub newest_child: Option<Serial>,
    /// `ike=` proposals, pluto-style.
    pub ike_proposals: Vec<String>,
    /// `esp=` proposals, pluto-style.
    pub esp_proposals: Vec<String>,
}

/// What kind of state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateKind {
    /// IKE SA with its SPIs.
    Ike {
        /// SPIi
        spi_i: u64,
        /// SPIr
        spi_r: u64,
        /// Original role.
        initiator: bool,
    },
    /// Child SA with its ESP SPIs.
    Child {
        /// Parent IKE SA.
        ike: Serial,
        /// Our inbound SPI.
        spi_in: u32,
        /// Our outbound SPI.
        spi_out: u32,
        /// Local traffic selectors.
        ts_local: Vec<TrafficSelector>,
        /// Remote traffic selectors.
        ts_remote: Vec<TrafficSelector>,
    },
}

/// What NAT detection found for an IKE SA (RFC 7296 2.23: the
/// NAT_DETECTION_SOURCE_IP / _DESTINATION_IP hashes of IKE_SA_INIT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NatStatus {
    /// We are behind a NAT: the peer's hash of our address did not match,
    /// or `encapsulation=yes` forced UDP encapsulation (then, as in
    /// Libreswan, we count as NATed). RFC 3948 4: this side sends the
    /// NAT-keepalives.
    pub local: bool,
    /// The peer is behind a NAT: its hash of its own address did not match
    /// where its packets came from.
    pub remote: bool,
    /// Encapsulation was forced by `encapsulation=yes` rather than found.
    pub forced: bool,
}

impl NatStatus {
    /// Whether this side must send NAT-keepalives (RFC 3948 4).
    pub fn sends_keepalives(&self) -> bool {
        self.local
    }
}

/// One state as `whack --status` / `--showstates` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateStatus {
    /// Serial number.
    pub serial: Serial,
    /// Connection.
    pub connection: String,
    /// pluto state name (`STATE_V2_ESTABLISHED_CHILD_SA`...).
    pub state: &'static str,
    /// Established?
    pub established: bool,
    /// Kind and SPIs.
    pub kind: StateKind,
    /// Negotiated algorithms, pluto style (`AES_GCM_16_256/HMAC_SHA2_512/DH19`).
    pub algorithms: Option<String>,
    /// Peer address.
    pub peer: Option<SocketAddr>,
    /// Time left before the next rekey, if scheduled.
    pub rekey_in: Option<Duration>,
    /// Time left before hard expiry, if scheduled.
    pub expires_in: Option<Duration>,
    /// NAT detection results; `Some` for IKE SAs only.
    pub nat: Option<NatStatus>,
}

impl fmt::Display for StateStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: \"{}\"", self.serial, self.connection)?;
        if let Some(p) = self.peer {
            write!(f, ":{}", p.port())?;
        }
        write!(f, " {}", self.state)?;
        match &self.kind {
            StateKind::Ike { spi_i, spi_r, .. } => {
                write!(f, " (IKE SA {spi_i:016x}:{spi_r:016x})")?
            }
            StateKind::Child {
                ike,
                spi_in,
                spi_out,
                ..
            } => write!(
                f,
                " (Child SA of {ike}; esp.{spi_out:08x} esp.{spi_in:08x})"
            )?,
        }
        if let Some(a) = &self.algorithms {
            write!(f, " {a}")?;
        }
        if let Some(r) = self.rekey_in {
            write!(f, "; REKEY in {}s", r.as_secs())?;
        }
        if let Some(e) = self.expires_in {
            write!(f, "; EXPIRE in {}s", e.as_secs())?;
        }
        Ok(())
    }
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Connections by name.
    pub connections: Vec<ConnectionStatus>,
    /// States by serial.
    pub states: Vec<StateStatus>,
}

/// IKE SA keys for `--keylogfile`: one record of Wireshark's
/// `ikev2_decryption_table` (Display prints the UAT line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IkeKeyLog {
    /// Which IKE SA.
    pub serial: Serial,
    /// SPIi.
    pub spi_i: u64,
    /// SPIr.
    pub spi_r: u64,
    /// SK_ei (with salt for AEAD).
    pub sk_ei: Vec<u8>,
    /// SK_er.
    pub sk_er: Vec<u8>,
    /// Wireshark's name of the encryption algorithm.
    pub encryption: String,
    /// SK_ai (empty for AEAD).
    pub sk_ai: Vec<u8>,
    /// SK_ar.
    pub sk_ar: Vec<u8>,
    /// Wireshark's name of the integrity algorithm.
    pub integrity: String,
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl fmt::Display for IkeKeyLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:016x},{:016x},{},{},\"{}\",{},{},\"{}\"",
            self.spi_i,
            self.spi_r,
            hex(&self.sk_ei),
            hex(&self.sk_er),
            self.encryption,
            hex(&self.sk_ai),
            hex(&self.sk_ar),
            self.integrity
        )
    }
}

/// Wireshark's IKEv2 encryption algorithm names (packet-isakmp.c).
pub fn wireshark_encr_name(id: u16, key_bits: Option<u16>) -> String {
    use alg::encr;
    let bits = key_bits.unwrap_or(0);
    match id {
        encr::NULL => "NULL [RFC2410]".into(),
        encr::DES3 => "3DES [RFC2451]".into(),
        encr::AES_CBC => format!("AES-CBC-{bits} [RFC3602]"),
        encr::AES_CTR => format!("AES-CTR-{bits} [RFC5930]"),
        encr::AES_GCM_8 => format!("AES-GCM-{bits} with 8 octet ICV [RFC5282]"),
        encr::AES_GCM_12 => format!("AES-GCM-{bits} with 12 octet ICV [RFC5282]"),
        encr::AES_GCM_16 => format!("AES-GCM-{bits} with 16 octet ICV [RFC5282]"),
        encr::AES_CCM_8 => format!("AES-CCM-{bits} with 8 octet ICV [RFC5282]"),
        encr::AES_CCM_12 => format!("AES-CCM-{bits} with 12 octet ICV [RFC5282]"),
        encr::AES_CCM_16 => format!("AES-CCM-{bits} with 16 octet ICV [RFC5282]"),
        encr::CAMELLIA_CBC => format!("CAMELLIA-CBC-{bits} [RFC5529]"),
        encr::CHACHA20_POLY1305 => "CHACHA20-POLY1305 [RFC7634]".into(),
        other => format!("ENCR_{other}"),
    }
}

/// Wireshark's IKEv2 integrity algorithm names.
pub fn wireshark_integ_name(id: Option<u16>) -> String {
    use alg::integ;
    match id {
        None | Some(integ::NONE) => "NONE [RFC4306]".into(),
        Some(integ::HMAC_MD5_96) => "HMAC_MD5_96 [RFC2403]".into(),
        Some(integ::HMAC_SHA1_96) => "HMAC_SHA1_96 [RFC2404]".into(),
        Some(integ::HMAC_SHA2_256_128) => "HMAC_SHA2_256_128 [RFC4868]".into(),
        Some(integ::HMAC_SHA2_384_192) => "HMAC_SHA2_384_192 [RFC4868]".into(),
        Some(integ::HMAC_SHA2_512_256) => "HMAC_SHA2_512_256 [RFC4868]".into(),
        Some(other) => format!("INTEG_{other}"),
    }
}

fn left(now: Instant, t: Option<Instant>) -> Option<Duration> {
    t.map(|t| t.saturating_duration_since(now))
}

impl Endpoint {
    /// A snapshot for `whack --status`, times relative to `now`.
    pub fn status(&self, now: Instant) -> Status {
        let mut states = Vec::new();
        for ike in self.ikes.values() {
            states.push(StateStatus {
                serial: ike.serial,
                connection: ike.conn.clone(),
                state: ike.state.name(ike.role),
                established: matches!(ike.state, IkeState::Established | IkeState::Rekeyed),
                kind: StateKind::Ike {
                    spi_i: ike.spi_i,
                    spi_r: ike.spi_r,
                    initiator: ike.role == Role::Initiator,
                },
                algorithms: ike.chosen.as_ref().map(|c| AlgSummary(c).to_string()),
                peer: Some(ike.remote),
                rekey_in: left(now, ike.timers.get(crate::timer::TimerKind::Rekey)),
                expires_in: left(now, ike.timers.get(crate::timer::TimerKind::Expire)),
                nat: Some(NatStatus {
                    local: ike.nat_local,
                    remote: ike.nat_remote,
                    forced: self
                        .conns
                        .get(&ike.conn)
                        .is_some_and(|e| e.conn.encapsulation == crate::config::Encapsulation::Yes),
                }),
            });
        }
        for c in self.children.values() {
            states.push(StateStatus {
                serial: c.serial,
                connection: c.conn.clone(),
                state: match c.state {
                    ChildState::Larval => "STATE_V2_NEW_CHILD_I1",
                    ChildState::Established | ChildState::Rekeyed | ChildState::Deleting => {
                        "STATE_V2_ESTABLISHED_CHILD_SA"
                    }
                },
                established: c.state == ChildState::Established,
                kind: StateKind::Child {
                    ike: c.ike,
                    spi_in: c.spi_in,
                    spi_out: c.spi_out,
                    ts_local: c.ts_local.clone(),
                    ts_remote: c.ts_remote.clone(),
                },
                algorithms: c.chosen.as_ref().map(|x| AlgSummary(x).to_string()),
                peer: self.ikes.get(&c.ike).map(|i| i.remote),
                rekey_in: left(now, c.timers.get(crate::timer::TimerKind::Rekey)),
                expires_in: left(now, c.timers.get(crate::timer::TimerKind::Expire)),
                nat: None,
            });
        }
        states.sort_by_key(|s| s.serial);
        let connections = self
            .conns
            .values()
            .map(|e| {
                let c = &e.conn;
                let host =
                    |h: Option<std::net::IpAddr>| h.map_or("%any".to_string(), |a| a.to_string());
                let sub = |s: Option<crate::config::Subnet>| {
                    s.map(|s| format!("{s}===")).unwrap_or_default()
                };
                ConnectionStatus {
                    name: c.name.clone(),
                    summary: format!(
                        "{}{}[{}]...{}[{}]{}",
                        sub(c.local.subnet),
                        host(c.local.host),
                        c.local.identity(),
                        host(c.remote.host),
                        c.remote.identity(),
                        c.remote
                            .subnet
                            .map(|s| format!("==={s}"))
                            .unwrap_or_default()
                    ),
                    newest_ike: self
                        .ikes
                        .values()
                        .filter(|i| i.conn == c.name && i.state == IkeState::Established)
                        .map(|i| i.serial)
                        .max(),
                    newest_child: self
                        .children
                        .values()
                        .filter(|x| x.conn == c.name && x.state == ChildState::Established)
                        .map(|x| x.serial)
                        .max(),
                    ike_proposals: c.ike.iter().map(proposal_text).collect(),
                    esp_proposals: c.esp.iter().map(proposal_text).collect(),
                }
            })
            .collect();
        Status {
            connections,
            states,
        }
    }

    /// Keys of every keyed IKE SA, for `--keylogfile`.
    pub fn ike_keys(&self) -> Vec<IkeKeyLog> {
        self.ikes
            .values()
            .filter_map(|i| {
                let c = i.crypto.as_ref()?;
                let ch = i.chosen.as_ref()?;
                Some(IkeKeyLog {
                    serial: i.serial,
                    spi_i: i.spi_i,
                    spi_r: i.spi_r,
                    sk_ei: c.keys.sk_ei.as_bytes().to_vec(),
                    sk_er: c.keys.sk_er.as_bytes().to_vec(),
                    encryption: wireshark_encr_name(ch.encr.id, ch.encr.key_bits),
                    sk_ai: c.keys.sk_ai.as_bytes().to_vec(),
                    sk_ar: c.keys.sk_ar.as_bytes().to_vec(),
                    integrity: wireshark_integ_name(ch.integ),
                })
            })
            .collect()
    }
}

fn proposal_text(p: &crate::config::Proposal) -> String {
    let j = |v: Vec<String>| v.join("+");
    let mut s = j(p.encr.iter().map(|e| alg::encr_name(*e)).collect());
    if !p.prf.is_empty() {
        s.push('-');
        s.push_str(&j(p.prf.iter().map(|x| alg::prf_name(*x)).collect()));
    }
    if !p.integ.is_empty() {
        s.push('-');
        s.push_str(&j(p.integ.iter().map(|x| alg::integ_name(*x)).collect()));
    }
    if !p.dh.is_empty() {
        s.push('-');
        s.push_str(&j(p.dh.iter().map(|x| alg::dh_name(*x)).collect()));
    }
    s
}
