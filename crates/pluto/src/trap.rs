//! `%trap` eroutes: `whack --route` (and `auto=route`) install a connection's
//! outbound policy with a template but no SA, so the kernel holds the first
//! matching packet and sends an ACQUIRE (RFC 4301 4.4.1, "the SPD entry
//! causes an SA to be created on demand"); pluto then initiates.
//!
//! While a Child SA of the connection is up, ike-sm's own outbound policy
//! (same selector) takes the trap's place in the kernel, and when that Child
//! SA goes, the trap comes back instead of the policy being removed: routed
//! traffic is never sent in clear (manual, "Once routing is set up, no
//! packets will be sent in the clear").
#![forbid(unsafe_code)]

use std::collections::BTreeMap;

use ike_sm::config::{Connection, End, Mode, Subnet};
use kernel_sa::{
    Acquire, Direction, IpPrefix, KernelOp, PolicyAction, PolicyId, PolicySpec, Protocol, Reqid,
    Selector, Template, TemplateMode, Templates, UpperLayer,
};

/// Reqids of trap templates: below ike-sm's (which start at 16384), so an
/// ACQUIRE's reqid never names a negotiated SA's.
const FIRST_TRAP_REQID: u32 = 1000;

/// Why a connection cannot be routed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrapError {
    /// The peer is `%any`: there is no SA destination to put in the template.
    #[error("cannot route a connection whose peer is %any (no SA destination for the trap)")]
    NoPeer,
    /// Our address is unknown.
    #[error("cannot route: our address is not known")]
    NoLocal,
    /// Subnets of different families.
    #[error("cannot route: {0}")]
    Selector(String),
}

/// Who holds the connection's outbound policy in the kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eroute {
    /// The trap: traffic triggers an ACQUIRE (`prospective erouted`).
    Trap,
    /// A Child SA's policy replaced the trap (`erouted`).
    Sa,
}

/// One routed connection.
#[derive(Debug, Clone)]
pub struct Trap {
    /// The policy installed while no SA holds the eroute.
    pub spec: PolicySpec,
    /// Who holds it now.
    pub eroute: Eroute,
}

/// The routed connections, by name, and how many SAs hold each outbound
/// policy ike-sm installed.
#[derive(Debug, Default)]
pub struct Traps {
    by_conn: BTreeMap<String, Trap>,
    next_reqid: u32,
    /// SA policies by id: how many Child SAs asked for each.
    holders: BTreeMap<PolicyId, u32>,
}

fn prefix(s: Subnet) -> Result<IpPrefix, TrapError> {
    IpPrefix::new(s.addr, s.prefix).map_err(|e| TrapError::Selector(e.to_string()))
}

fn end_prefix(e: &End) -> Option<Subnet> {
    e.subnet.or(e.host.map(Subnet::host))
}

/// The upper layer of `leftprotoport=`/`rightprotoport=`, as ike-sm derives
/// it from the same traffic selectors (protocol 0 any, port 0 any).
fn upper(local: &End, remote: &End) -> UpperLayer {
    let port = |p: u16| (p != 0).then_some(p);
    match local.protocol {
        0 => UpperLayer::Any,
        p => UpperLayer::Ports {
            proto: p,
            src_port: port(local.port),
            dst_port: port(remote.port),
        },
    }
}

/// The outbound trap policy of a connection: our client to the peer's, with
/// an ESP template in the connection's mode naming `reqid`.
pub fn trap_spec(c: &Connection, reqid: Reqid) -> Result<PolicySpec, TrapError> {
    let me = c.local.host.ok_or(TrapError::NoLocal)?;
    let peer = c.remote.host.ok_or(TrapError::NoPeer)?;
    let lp = prefix(end_prefix(&c.local).ok_or(TrapError::NoLocal)?)?;
    let rp = prefix(end_prefix(&c.remote).ok_or(TrapError::NoPeer)?)?;
    let selector = Selector::new(lp, rp)
        .map_err(|e| TrapError::Selector(e.to_string()))?
        .with_upper(upper(&c.local, &c.remote));
    let mode = match c.mode {
        Mode::Tunnel => TemplateMode::Tunnel { src: me, dst: peer },
        Mode::Transport => TemplateMode::Transport,
    };
    // ike-sm's priority for the same selector, so the SA's policy and the
    // trap rank alike against other connections' policies.
    let priority = 100_000 - 100 * (u32::from(lp.prefix_len()) + u32::from(rp.prefix_len()));
    Ok(PolicySpec {
        dir: Direction::Out,
        selector,
        action: PolicyAction::Trap(Templates::one(Template {
            proto: Protocol::Esp,
            mode,
            spi: None,
            reqid,
            optional: false,
        })),
        priority,
        mark: None,
    })
}

impl Traps {
    /// A new trap reqid.
    pub fn allocate_reqid(&mut self) -> Reqid {
        let r = FIRST_TRAP_REQID + self.next_reqid;
        self.next_reqid = self.next_reqid.wrapping_add(1) % (16384 - FIRST_TRAP_REQID);
        Reqid(r)
    }

    /// Remember a routed connection.
    pub fn insert(&mut self, conn: &str, trap: Trap) {
        self.by_conn.insert(conn.to_string(), trap);
    }

    /// Forget a routed connection, returning its trap.
    pub fn remove(&mut self, conn: &str) -> Option<Trap> {
        self.by_conn.remove(conn)
    }

    /// The trap of a connection.
    pub fn get(&self, conn: &str) -> Option<&Trap> {
        self.by_conn.get(conn)
    }

    /// The connection whose trap an ACQUIRE hit: by the policy (direction
    /// and selector), else by the template's reqid.
    pub fn connection_for(&self, a: &Acquire) -> Option<&str> {
        let hit = PolicyId {
            dir: a.policy_dir,
            selector: a.policy_selector,
            mark: None,
        };
        let reqid_of = |t: &Trap| {
            t.spec
                .action
                .templates()
                .and_then(|t| t.as_slice().first().map(|t| t.reqid))
        };
        self.by_conn
            .iter()
            .find(|(_, t)| t.spec.id() == hit)
            .or_else(|| {
                self.by_conn
                    .iter()
                    .find(|(_, t)| reqid_of(t) == Some(a.reqid))
            })
            .map(|(n, _)| n.as_str())
    }

    /// A kernel operation from ike-sm, as it must reach the kernel given the
    /// traps and the policies already there (`None`: nothing to do).
    ///
    /// - Adding an SA's policy where a trap sits replaces the trap; deleting
    ///   it puts the trap back.
    /// - A second SA with the same selector (a duplicate IKE SA's Child, as
    ///   `--uniqueids` cleans up) takes over the eroute, as the manual says
    ///   ("all its outgoing traffic is taken over by the new eroute"); the
    ///   policy goes only when its last SA does.
    pub fn rewrite(&mut self, op: KernelOp) -> Option<KernelOp> {
        match op {
            KernelOp::AddPolicy(p) => {
                let id = p.id();
                let n = self.holders.entry(id).or_insert(0);
                *n += 1;
                if *n > 1 {
                    return Some(KernelOp::UpdatePolicy(p));
                }
                Some(match self.find_mut(&id) {
                    Some(t) => {
                        t.eroute = Eroute::Sa;
                        KernelOp::UpdatePolicy(p)
                    }
                    None => KernelOp::AddPolicy(p),
                })
            }
            KernelOp::DeletePolicy(id) => {
                if let Some(n) = self.holders.get_mut(&id) {
                    *n -= 1;
                    if *n > 0 {
                        return None;
                    }
                    self.holders.remove(&id);
                }
                Some(match self.find_mut(&id) {
                    Some(t) => {
                        t.eroute = Eroute::Trap;
                        KernelOp::UpdatePolicy(t.spec.clone())
                    }
                    None => KernelOp::DeletePolicy(id),
                })
            }
            other => Some(other),
        }
    }

    fn find_mut(&mut self, id: &PolicyId) -> Option<&mut Trap> {
        self.by_conn.values_mut().find(|t| t.spec.id() == *id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    fn a(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn conn() -> Connection {
        let mut local = End::new(a("192.0.2.1"));
        local.subnet = Subnet::new(a("10.1.0.0"), 16);
        let mut remote = End::new(a("192.0.2.2"));
        remote.subnet = Subnet::new(a("10.2.0.0"), 16);
        Connection::new("west-east", local, remote)
    }

    fn pfx(s: &str, l: u8) -> IpPrefix {
        IpPrefix::new(a(s), l).unwrap()
    }

    #[test]
    fn tunnel_trap_covers_the_clients_and_names_the_hosts() {
        let s = trap_spec(&conn(), Reqid(1000)).unwrap();
        assert_eq!(s.dir, Direction::Out);
        assert_eq!(
            s.selector,
            Selector::new(pfx("10.1.0.0", 16), pfx("10.2.0.0", 16)).unwrap()
        );
        let t = s.action.templates().unwrap().as_slice()[0];
        assert_eq!(
            t.mode,
            TemplateMode::Tunnel {
                src: a("192.0.2.1"),
                dst: a("192.0.2.2")
            }
        );
        assert_eq!(
            (t.reqid, t.proto, t.spi),
            (Reqid(1000), Protocol::Esp, None)
        );
        assert!(matches!(s.action, PolicyAction::Trap(_)));
    }

    #[test]
    fn transport_hosts_with_protoport() {
        let mut c = conn();
        c.mode = Mode::Transport;
        c.local.subnet = None;
        c.remote.subnet = None;
        c.local.protocol = 17;
        c.remote.protocol = 17;
        c.remote.port = 53;
        let s = trap_spec(&c, Reqid(1001)).unwrap();
        let want = Selector::hosts(a("192.0.2.1"), a("192.0.2.2"))
            .unwrap()
            .with_upper(UpperLayer::Ports {
                proto: 17,
                src_port: None,
                dst_port: Some(53),
            });
        assert_eq!(s.selector, want);
        let t = s.action.templates().unwrap().as_slice()[0];
        assert_eq!(t.mode, TemplateMode::Transport);
    }

    #[test]
    fn peer_any_cannot_be_routed() {
        let mut c = conn();
        c.remote.host = None;
        assert_eq!(trap_spec(&c, Reqid(1)).unwrap_err(), TrapError::NoPeer);
    }

    #[test]
    fn sa_policy_replaces_the_trap_and_gives_it_back() {
        let mut traps = Traps::default();
        let spec = trap_spec(&conn(), traps.allocate_reqid()).unwrap();
        traps.insert(
            "west-east",
            Trap {
                spec: spec.clone(),
                eroute: Eroute::Trap,
            },
        );
        let mut sa_policy = spec.clone();
        sa_policy.action = spec.action.as_kernel_stores();
        match traps.rewrite(KernelOp::AddPolicy(sa_policy.clone())) {
            Some(KernelOp::UpdatePolicy(p)) => assert_eq!(p, sa_policy),
            other => panic!("{other:?}"),
        }
        assert_eq!(traps.get("west-east").unwrap().eroute, Eroute::Sa);
        match traps.rewrite(KernelOp::DeletePolicy(spec.id())) {
            Some(KernelOp::UpdatePolicy(p)) => assert_eq!(p, spec),
            other => panic!("{other:?}"),
        }
        assert_eq!(traps.get("west-east").unwrap().eroute, Eroute::Trap);
        // Other policies pass through untouched.
        let mut inbound = sa_policy.clone();
        inbound.dir = Direction::In;
        assert_eq!(
            traps.rewrite(KernelOp::AddPolicy(inbound.clone())),
            Some(KernelOp::AddPolicy(inbound.clone()))
        );
        assert_eq!(
            traps.rewrite(KernelOp::DeletePolicy(inbound.id())),
            Some(KernelOp::DeletePolicy(inbound.id()))
        );
    }

    #[test]
    fn a_second_sa_takes_over_and_the_last_one_removes() {
        let mut traps = Traps::default();
        let mut p = trap_spec(&conn(), Reqid(16384)).unwrap();
        p.action = p.action.as_kernel_stores();
        let mut newer = p.clone();
        newer.priority += 1;
        assert_eq!(
            traps.rewrite(KernelOp::AddPolicy(p.clone())),
            Some(KernelOp::AddPolicy(p.clone()))
        );
        assert_eq!(
            traps.rewrite(KernelOp::AddPolicy(newer.clone())),
            Some(KernelOp::UpdatePolicy(newer))
        );
        assert_eq!(traps.rewrite(KernelOp::DeletePolicy(p.id())), None);
        assert_eq!(
            traps.rewrite(KernelOp::DeletePolicy(p.id())),
            Some(KernelOp::DeletePolicy(p.id()))
        );
    }

    #[test]
    fn acquire_finds_its_connection() {
        let mut traps = Traps::default();
        let reqid = traps.allocate_reqid();
        let spec = trap_spec(&conn(), reqid).unwrap();
        traps.insert(
            "west-east",
            Trap {
                spec: spec.clone(),
                eroute: Eroute::Trap,
            },
        );
        let mut acq = Acquire {
            selector: Selector::hosts(a("10.1.0.5"), a("10.2.0.9")).unwrap(),
            policy_selector: spec.selector,
            policy_dir: Direction::Out,
            policy_index: 0,
            src: a("192.0.2.1"),
            dst: a("192.0.2.2"),
            proto: Protocol::Esp,
            reqid,
        };
        assert_eq!(traps.connection_for(&acq), Some("west-east"));
        acq.policy_selector = Selector::hosts(a("10.1.0.5"), a("10.2.0.9")).unwrap();
        assert_eq!(traps.connection_for(&acq), Some("west-east"));
        acq.reqid = Reqid(reqid.0 + 1);
        assert_eq!(traps.connection_for(&acq), None);
    }
}
