//! NAT-T keepalives (RFC 3948 4): a single 0xFF octet on the NAT-T port,
//! every `--keep-alive` seconds (20 by default, as Libreswan), from each
//! IKE SA whose NAT detection (RFC 7296 2.23) found *us* behind a NAT, so
//! the NAT keeps the mapping while no other traffic flows. Only the NATed
//! side needs to send them (RFC 3948 4); as in Libreswan,
//! `encapsulation=yes` counts as being behind a NAT, so forced
//! encapsulation sends them too.
#![forbid(unsafe_code)]

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use ike_sm::status::{StateKind, StateStatus};

use crate::daemon::Daemon;

/// RFC 3948 2.3: the NAT-keepalive packet is one octet of 0xFF.
pub const KEEPALIVE: [u8; 1] = [0xff];

/// Libreswan's default `keep-alive=` interval.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(20);

/// When the next round of keepalives is due.
#[derive(Debug, Clone)]
pub struct KeepAlive {
    interval: Option<Duration>,
    next: Instant,
}

impl KeepAlive {
    /// `--keep-alive SECONDS` (`None`: the default; 0: never).
    pub fn new(seconds: Option<u32>, now: Instant) -> Self {
        let interval = match seconds {
            None => Some(DEFAULT_INTERVAL),
            Some(0) => None,
            Some(s) => Some(Duration::from_secs(u64::from(s))),
        };
        KeepAlive {
            interval,
            next: now + interval.unwrap_or_default(),
        }
    }

    /// The next deadline, `None` when keepalives are off.
    pub fn deadline(&self) -> Option<Instant> {
        self.interval.map(|_| self.next)
    }

    fn rearm(&mut self, now: Instant) {
        if let Some(i) = self.interval {
            self.next = now + i;
        }
    }
}

/// Where keepalives go: (our NAT-T socket, the peer's) for every
/// established IKE SA on the NAT-T port whose status says we are behind a
/// NAT (or encapsulation was forced). `local_of` gives our address for a
/// connection name.
pub fn targets(
    states: &[StateStatus],
    natt_port: u16,
    local_of: impl Fn(&str) -> Option<IpAddr>,
) -> BTreeSet<(SocketAddr, SocketAddr)> {
    states
        .iter()
        .filter(|s| s.established && matches!(s.kind, StateKind::Ike { .. }))
        .filter(|s| s.nat.is_some_and(|n| n.sends_keepalives()))
        .filter_map(|s| {
            let peer = s.peer?;
            if peer.port() != natt_port {
                return None;
            }
            let me = local_of(&s.connection)?;
            Some((SocketAddr::new(me, natt_port), peer))
        })
        .collect()
}

/// Send the round of keepalives that is due and schedule the next.
pub fn fire(d: &mut Daemon, now: Instant) {
    d.keepalive.rearm(now);
    let st = d.engine.sm.status(now);
    let to = targets(&st.states, d.opts.natikeport, |name| {
        d.conns.get(name).and_then(|c| c.hosts()).and_then(|h| h.0)
    });
    for (src, dst) in to {
        tracing::debug!(target: "natt", "sending NAT-T keepalive from {src} to {dst}");
        if let Err(e) = d.ifaces.send(src, dst, &KEEPALIVE) {
            tracing::debug!(target: "natt", "NAT-T keepalive to {dst}: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ike_sm::serial::Serial;
    use ike_sm::status::NatStatus;

    fn ike(serial: u64, conn: &str, peer: &str, established: bool, we_natted: bool) -> StateStatus {
        StateStatus {
            serial: Serial(serial),
            connection: conn.into(),
            state: "STATE_V2_ESTABLISHED_IKE_SA",
            established,
            kind: StateKind::Ike {
                spi_i: 1,
                spi_r: 2,
                initiator: true,
            },
            algorithms: None,
            peer: Some(peer.parse().unwrap()),
            rekey_in: None,
            expires_in: None,
            nat: Some(NatStatus {
                local: we_natted,
                remote: !we_natted,
                forced: false,
            }),
        }
    }

    #[test]
    fn only_established_ike_sas_on_the_natt_port_behind_a_nat() {
        let states = vec![
            ike(1, "a", "198.51.100.1:4500", true, true),
            ike(2, "b", "198.51.100.2:500", true, true),
            ike(3, "c", "198.51.100.3:4500", false, true),
            ike(4, "a", "198.51.100.1:4500", true, true), // same pair: one keepalive
            ike(5, "unknown", "198.51.100.5:4500", true, true),
            // Only the peer is NATed: it keeps its own mapping alive.
            ike(6, "d", "198.51.100.6:4500", true, false),
        ];
        let me: IpAddr = "192.0.2.1".parse().unwrap();
        let t = targets(&states, 4500, |c| (c != "unknown").then_some(me));
        let want: BTreeSet<_> = [(
            "192.0.2.1:4500".parse().unwrap(),
            "198.51.100.1:4500".parse().unwrap(),
        )]
        .into_iter()
        .collect();
        assert_eq!(t, want);
    }

    #[test]
    fn interval_default_explicit_and_off() {
        let now = Instant::now();
        assert_eq!(
            KeepAlive::new(None, now).deadline(),
            Some(now + DEFAULT_INTERVAL)
        );
        assert_eq!(
            KeepAlive::new(Some(5), now).deadline(),
            Some(now + Duration::from_secs(5))
        );
        assert_eq!(KeepAlive::new(Some(0), now).deadline(), None);
    }
}
