//! Interface discovery and the UDP sockets on them (manual, "Before
//! Running Pluto": interfaces are looked up at each `whack --listen`).
//! One socket per (address, port), so each datagram's local address is
//! known: connections are oriented by it and replies leave from it.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use tokio::net::UdpSocket;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::sys::{self, IfAddr};

/// Largest IKE datagram we accept (IKEv2 allows fragmentation above this).
pub const MAX_DATAGRAM: usize = 65_535;

/// A datagram that arrived.
#[derive(Debug, Clone)]
pub struct Datagram {
    /// Our address and port it came in on.
    pub local: SocketAddr,
    /// The sender.
    pub remote: SocketAddr,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Which addresses to listen on, from `--interface` and `--listen`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these interfaces (all when empty).
    pub interfaces: Vec<String>,
    /// Only these addresses (all when empty).
    pub listen: Vec<IpAddr>,
}

impl Selection {
    /// Filter the system's addresses. IPv6 link-local addresses are left out
    /// (they need a scope and are not used as IKE endpoints).
    pub fn filter(&self, all: Vec<IfAddr>) -> Vec<IfAddr> {
        all.into_iter()
            .filter(|a| self.interfaces.is_empty() || self.interfaces.contains(&a.name))
            .filter(|a| self.listen.is_empty() || self.listen.contains(&a.addr))
            .filter(|a| match a.addr {
                IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) != 0xfe80,
                IpAddr::V4(_) => true,
            })
            .collect()
    }
}

struct Bound {
    /// A clone of the socket for sending: a plain send_to on a UDP socket
    /// does not wait, and tokio's try_send_to would refuse until readiness
    /// was first polled.
    sender: std::net::UdpSocket,
    iface: String,
    task: JoinHandle<()>,
}

/// The set of UDP sockets pluto listens on.
pub struct Interfaces {
    bound: BTreeMap<SocketAddr, Bound>,
    tx: mpsc::Sender<Datagram>,
}

impl std::fmt::Debug for Interfaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.bound.keys()).finish()
    }
}

impl Interfaces {
    /// An empty set whose sockets will deliver into `tx`.
    pub fn new(tx: mpsc::Sender<Datagram>) -> Self {
        Self {
            bound: BTreeMap::new(),
            tx,
        }
    }

    /// Rediscover interfaces and (re)bind to match: new addresses are
    /// added, vanished ones closed. Returns the log lines to show.
    pub fn listen(&mut self, sel: &Selection, ports: &[u16]) -> io::Result<Vec<String>> {
        let found = sel.filter(sys::interface_addresses()?);
        let mut lines = Vec::new();
        let mut wanted = BTreeMap::new();
        for a in &found {
            for p in ports {
                wanted.insert(SocketAddr::new(a.addr, *p), a.name.clone());
            }
        }
        let gone: Vec<SocketAddr> = self
            .bound
            .keys()
            .filter(|k| !wanted.contains_key(k))
            .copied()
            .collect();
        for k in gone {
            if let Some(b) = self.bound.remove(&k) {
                b.task.abort();
                lines.push(format!("shutting down interface {} {k}", b.iface));
            }
        }
        for (addr, iface) in wanted {
            if self.bound.contains_key(&addr) {
                continue;
            }
            match bind(addr) {
                Ok((sock, sender)) => {
                    let socket = Arc::new(sock);
                    let task = tokio::spawn(receive(socket.clone(), addr, self.tx.clone()));
                    lines.push(format!("adding UDP interface {iface} {addr}"));
                    self.bound.insert(
                        addr,
                        Bound {
                            sender,
                            iface,
                            task,
                        },
                    );
                }
                Err(e) => lines.push(format!("cannot listen on {iface} {addr}: {e}")),
            }
        }
        Ok(lines)
    }

    /// Close everything (`whack --unlisten`, shutdown).
    pub fn unlisten(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        for (k, b) in std::mem::take(&mut self.bound) {
            b.task.abort();
            lines.push(format!("shutting down interface {} {k}", b.iface));
        }
        lines
    }

    /// Whether we listen at all.
    pub fn is_listening(&self) -> bool {
        !self.bound.is_empty()
    }

    /// Whether `addr` is one of our addresses.
    pub fn is_ours(&self, addr: IpAddr) -> bool {
        self.bound.keys().any(|k| k.ip() == addr)
    }

    /// The interface name of one of our addresses.
    pub fn name_of(&self, addr: IpAddr) -> Option<&str> {
        self.bound
            .iter()
            .find(|(k, _)| k.ip() == addr)
            .map(|(_, b)| b.iface.as_str())
    }

    /// Our bound (address, port) pairs.
    pub fn addresses(&self) -> Vec<(String, SocketAddr)> {
        self.bound
            .iter()
            .map(|(k, b)| (b.iface.clone(), *k))
            .collect()
    }

    /// Our bound sockets' addresses (for orientation).
    pub fn socket_addrs(&self) -> Vec<SocketAddr> {
        self.bound.keys().copied().collect()
    }

    /// Send from `local` (which must be bound) to `remote`.
    pub fn send(&self, local: SocketAddr, remote: SocketAddr, bytes: &[u8]) -> io::Result<()> {
        let b = self.bound.get(&local).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::AddrNotAvailable,
                format!("not listening on {local}"),
            )
        })?;
        b.sender.send_to(bytes, remote).map(|_| ())
    }
}

impl Drop for Interfaces {
    fn drop(&mut self) {
        for b in self.bound.values() {
            b.task.abort();
        }
    }
}

/// Lets IKE on this socket bypass IPsec policies (kernel-sa's bypass
/// policy, both directions), so a `%trap` or an SA's policy covering the
/// peer host does not hold or encrypt IKE itself (RFC 4301 5.1). Needs
/// CAP_NET_ADMIN; without it (a nostack test as a user) nothing covers IKE
/// anyway, so the failure is only logged.
fn bypass_ipsec(sock: &std::net::UdpSocket, addr: SocketAddr) {
    use kernel_sa::{Direction, Family};
    let family = if addr.is_ipv6() {
        Family::V6
    } else {
        Family::V4
    };
    for dir in [Direction::In, Direction::Out] {
        let Some(p) = kernel_sa::xfrm::bypass::socket_bypass(family, dir) else {
            continue;
        };
        if let Err(e) = crate::sys::set_xfrm_socket_policy(sock, addr.is_ipv6(), &p) {
            tracing::debug!("{addr}: no IPsec bypass policy on the IKE socket: {e}");
            return;
        }
    }
}

fn bind(addr: SocketAddr) -> io::Result<(UdpSocket, std::net::UdpSocket)> {
    let std_sock = std::net::UdpSocket::bind(addr)?;
    bypass_ipsec(&std_sock, addr);
    std_sock.set_nonblocking(true)?;
    let sender = std_sock.try_clone()?;
    Ok((UdpSocket::from_std(std_sock)?, sender))
}

async fn receive(socket: Arc<UdpSocket>, local: SocketAddr, tx: mpsc::Sender<Datagram>) {
    let mut buf = vec![0u8; MAX_DATAGRAM];
    loop {
        match socket.recv_from(&mut buf).await {
            Ok((n, remote)) => {
                let d = Datagram {
                    local,
                    remote,
                    bytes: buf[..n].to_vec(),
                };
                // A full queue drops the datagram: UDP may lose it anyway,
                // and a flood must not grow memory without bound.
                if tx.try_send(d).is_err() {
                    tracing::debug!("receive queue full; dropped a datagram from {remote}");
                }
            }
            Err(e) => {
                // ICMP errors surface as recv errors on Linux; keep going.
                tracing::debug!("recv on {local}: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_filters() {
        let all = vec![
            IfAddr {
                name: "lo".into(),
                addr: "127.0.0.1".parse().unwrap(),
            },
            IfAddr {
                name: "eth0".into(),
                addr: "192.0.2.1".parse().unwrap(),
            },
            IfAddr {
                name: "eth0".into(),
                addr: "fe80::1".parse().unwrap(),
            },
        ];
        let s = Selection::default();
        assert_eq!(s.filter(all.clone()).len(), 2);
        let s = Selection {
            interfaces: vec!["lo".into()],
            listen: vec![],
        };
        assert_eq!(s.filter(all.clone()).len(), 1);
        let s = Selection {
            interfaces: vec![],
            listen: vec!["192.0.2.1".parse().unwrap()],
        };
        assert_eq!(s.filter(all)[0].name, "eth0");
    }

    #[tokio::test]
    async fn listen_send_receive_on_loopback() {
        let (tx, mut rx) = mpsc::channel(8);
        let mut ifs = Interfaces::new(tx);
        let sel = Selection {
            interfaces: vec![],
            listen: vec!["127.0.0.1".parse().unwrap()],
        };
        // Port 0 is not allowed by options; pick an ephemeral port by
        // binding and closing first.
        let port = std::net::UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        ifs.listen(&sel, &[port]).unwrap();
        assert!(ifs.is_ours("127.0.0.1".parse().unwrap()));
        let local: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        ifs.send(local, local, b"hello").unwrap();
        let d = rx.recv().await.unwrap();
        assert_eq!(d.bytes, b"hello");
        assert_eq!(d.local, local);
        assert_eq!(ifs.unlisten().len(), 1);
        assert!(!ifs.is_listening());
    }
}
