//! Child SA plumbing shared by IKE_AUTH and CREATE_CHILD_SA: SPI
//! reservation, kernel SAs and policies (every add has its delete),
//! traffic selector checks.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use kernel_sa::{
    Aead, Cipher, Direction, Integrity, IpPrefix, KernelOp, KeyBytes, Lifetimes, PolicyAction,
    PolicySpec, Protocol, Reqid, SaAlgorithms, SaId, SaSpec, Selector, Spi, SpiRange, SpiRequest,
    Template, TemplateMode, Templates, UdpEncap, UpperLayer,
};

use crate::config::alg::{esn, AlgSummary};
use crate::config::matching;
use crate::config::proposal::Chosen;
use crate::config::proposal::DhRule;
use crate::config::selector::TrafficSelector;
use crate::config::{Connection, Identity, Mode};
use crate::crypto::ChildKeys;
use crate::endpoint::Endpoint;
use crate::event::{Event, Rc};
use crate::msg::consts::notify;
use crate::sa::{ChildSa, ChildState};
use crate::serial::Serial;
use crate::timer::{TimerKind, TimerTable};
use crate::v2::ike_auth::{decide_child, ChildAnswer, ChildPart};

impl Endpoint {
    /// A new larval Child SA under `ike` with a fresh inbound SPI, reserved
    /// in the kernel (AllocSpi with a one-SPI range).
    pub(crate) fn new_child(&mut self, ike: Serial, by_us: bool) -> Option<Serial> {
        let name = self.ikes.get(&ike)?.conn.clone();
        self.new_child_for(ike, by_us, &name, None)
    }

    /// [`Self::new_child`] for a Child SA that falls under connection
    /// `conn_name` rather than the IKE SA's own (see [`Self::child_conn`]):
    /// its mode, lifetimes and policies come from that connection. A Child
    /// SA that `replaces` another (a rekey) keeps its reqid: the policies
    /// it inherits name that reqid in their templates, and the kernel
    /// matches a template to SAs by it (as Libreswan keeps the reqid); the
    /// SPI is reserved under it too.
    pub(crate) fn new_child_for(
        &mut self,
        ike: Serial,
        by_us: bool,
        conn_name: &str,
        replaces: Option<Serial>,
    ) -> Option<Serial> {
        let sa = self.ikes.get(&ike)?;
        let conn = self.conns.get(conn_name)?.conn.clone();
        let (local, remote) = (sa.local.ip(), sa.remote.ip());
        let serial = self.serials.next_serial();
        let spi_in = loop {
            let v = (self.rng.next_u64() as u32) | 0x1000_0000;
            if self.spis_in.insert(v) {
                break v;
            }
        };
        let inherited = replaces.and_then(|old| self.children.get(&old).map(|c| c.reqid));
        let reqid = match inherited {
            Some(r) => r,
            None => {
                self.next_reqid = self.next_reqid.wrapping_add(4);
                self.next_reqid
            }
        };
        if let Ok(range) = SpiRange::new(spi_in, spi_in) {
            self.kernel_ops.push_back(KernelOp::AllocSpi(SpiRequest {
                src: remote,
                dst: local,
                proto: Protocol::Esp,
                range,
                reqid: Reqid(reqid),
                mark: None,
            }));
        }
        self.children.insert(
            serial,
            ChildSa {
                serial,
                ike,
                conn: conn.name.clone(),
                state: ChildState::Larval,
                spi_in,
                spi_out: 0,
                chosen: None,
                ts_local: Vec::new(),
                ts_remote: Vec::new(),
                mode: conn.mode,
                reqid,
                spi_reserved: true,
                installed: false,
                policies: Vec::new(),
                timers: TimerTable::default(),
                established: None,
                nonce_local: Vec::new(),
                nonce_peer: Vec::new(),
                kx: None,
                peer_rekey: None,
                replaces: None,
                lifetime: conn.ipsec_lifetime,
                initiated_by_us: by_us,
            },
        );
        if let Some(sa) = self.ikes.get_mut(&ike) {
            sa.children.push(serial);
        }
        Some(serial)
    }

    /// Which connection a Child SA proposed to us (responder) falls under,
    /// with our answer, for IKE_AUTH and CREATE_CHILD_SA alike.
    ///
    /// A rekey (`rekeys`: the Child being replaced) stays under that
    /// Child's connection. A new Child tries the IKE SA's connection `conn`
    /// first; if its traffic selectors do not fit, another connection for
    /// the same peer ([`matching::same_peer`]: same addresses, identities
    /// and credentials) whose selectors do, as Libreswan does for a family
    /// of subnets; otherwise TS_UNACCEPTABLE stands (RFC 7296 2.9). Every
    /// candidate is taken as it applies to this peer
    /// ([`matching::for_peer`]: a road warrior stands for its address) and
    /// then `adjust`ed by the exchange (CREATE_CHILD_SA's PFS rules).
    pub(crate) fn child_conn(
        &mut self,
        ike: Serial,
        conn: &Connection,
        rekeys: Option<Serial>,
        part: &ChildPart,
        dh: DhRule,
        adjust: &dyn Fn(&mut Connection),
    ) -> (String, ChildAnswer) {
        let Some((local, remote, peer)) = self
            .ikes
            .get(&ike)
            .map(|i| (i.local.ip(), i.remote.ip(), i.peer_id.clone()))
        else {
            return (
                conn.name.clone(),
                ChildAnswer::Refuse(notify::TS_UNACCEPTABLE),
            );
        };
        let prepared = |c: &Connection| {
            let mut c = matching::for_peer(c, remote).into_owned();
            adjust(&mut c);
            c
        };
        let old_conn = rekeys
            .and_then(|o| self.children.get(&o))
            .and_then(|c| self.conns.get(&c.conn))
            .map(|e| e.conn.clone());
        let base = old_conn.as_ref().unwrap_or(conn);
        let answer = decide_child(&prepared(base), part, dh);
        let (true, None, Some(peer)) = (
            matches!(answer, ChildAnswer::Refuse(notify::TS_UNACCEPTABLE)),
            rekeys,
            peer,
        ) else {
            return (base.name.clone(), answer);
        };
        let mut others: Vec<&Connection> = self
            .conns
            .values()
            .map(|e| &e.conn)
            .filter(|c| c.name != conn.name && matching::same_peer(conn, c, local, remote, &peer))
            .collect();
        // A connection naming this peer before a %any one (stable sort keeps
        // name order otherwise).
        others.sort_by_key(|c| c.remote.identity() == Identity::Any);
        let found = others
            .into_iter()
            .find_map(|c| match decide_child(&prepared(c), part, dh) {
                a @ ChildAnswer::Accept(..) => Some((c.name.clone(), a)),
                ChildAnswer::Refuse(_) => None,
            });
        let Some((name, a)) = found else {
            return (conn.name.clone(), answer);
        };
        self.log(
            Rc::LOG,
            Some(&name),
            Some(ike),
            format!(
                "Child SA traffic selectors do not fit \"{}\"; using \"{name}\"",
                conn.name
            ),
        );
        (name, a)
    }

    /// Install a negotiated Child SA: inbound SA (completes the larval
    /// one), outbound SA, then policies unless inherited.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn install_child(
        &mut self,
        now: Instant,
        serial: Serial,
        chosen: Chosen,
        spi_out: u32,
        ts_local: Vec<TrafficSelector>,
        ts_remote: Vec<TrafficSelector>,
        keys: ChildKeys,
        we_initiated_exchange: bool,
    ) {
        let Some(child) = self.children.get(&serial) else {
            return;
        };
        let Some(ike) = self.ikes.get(&child.ike) else {
            return;
        };
        let Some(conn) = self.conns.get(&child.conn).map(|e| e.conn.clone()) else {
            return;
        };
        let (local, remote) = (ike.local, ike.remote);
        let nat_t = ike.nat_t;
        let ike_serial = ike.serial;
        let mode = child.mode;
        let reqid = Reqid(child.reqid);
        let spi_in = child.spi_in;
        // KEYMAT order (RFC 7296 2.17): initiator→responder keys first.
        let (in_e, in_a, out_e, out_a) = if we_initiated_exchange {
            (&keys.encr_r, &keys.integ_r, &keys.encr_i, &keys.integ_i)
        } else {
            (&keys.encr_i, &keys.integ_i, &keys.encr_r, &keys.integ_r)
        };
        let algs = |e: &[u8], a: &[u8]| {
            if chosen.is_aead() {
                SaAlgorithms::EspAead(Aead {
                    transform_id: chosen.encr.id,
                    key_bits: chosen.encr.key_bits,
                    key: KeyBytes::from_slice(e),
                })
            } else {
                SaAlgorithms::Esp {
                    encr: Cipher {
                        transform_id: chosen.encr.id,
                        key_bits: chosen.encr.key_bits,
                        key: KeyBytes::from_slice(e),
                    },
                    integ: chosen.integ.map(|id| Integrity {
                        transform_id: id,
                        key: KeyBytes::from_slice(a),
                    }),
                }
            }
        };
        let kmode = match mode {
            Mode::Tunnel => kernel_sa::Mode::Tunnel,
            Mode::Transport => kernel_sa::Mode::Transport,
        };
        let life = conn.ipsec_lifetime.as_secs();
        let lifetimes = Lifetimes::seconds(life, life + conn.rekey_margin.as_secs());
        let inbound = SaSpec {
            src: remote.ip(),
            dst: local.ip(),
            spi: Spi(spi_in),
            mode: kmode,
            algorithms: algs(in_e.as_bytes(), in_a.as_bytes()),
            esn: chosen.esn == Some(esn::YES),
            replay_window: conn.replay_window,
            encap: nat_t.then_some(UdpEncap {
                src_port: remote.port(),
                dst_port: local.port(),
            }),
            lifetimes,
            reqid,
            mark: None,
            selector: None,
        };
        let outbound = SaSpec {
            src: local.ip(),
            dst: remote.ip(),
            spi: Spi(spi_out),
            algorithms: algs(out_e.as_bytes(), out_a.as_bytes()),
            replay_window: 0,
            encap: nat_t.then_some(UdpEncap {
                src_port: local.port(),
                dst_port: remote.port(),
            }),
            ..inbound.clone()
        };
        self.kernel_ops.push_back(KernelOp::UpdateSa(inbound));
        self.kernel_ops.push_back(KernelOp::AddSa(outbound));
        // Policies: inherited from the Child this one replaces, else new.
        let inherited = self
            .children
            .get(&serial)
            .and_then(|c| c.replaces)
            .and_then(|old| self.children.get_mut(&old))
            .map(|old| std::mem::take(&mut old.policies))
            .unwrap_or_default();
        // A replacement whose predecessor's policies went to a sibling
        // (simultaneous rekey) needs none of its own.
        let replacement = self.children.get(&serial).filter(|c| c.replaces.is_some());
        let sibling_has = replacement.is_some_and(|c| {
            self.siblings(c.ike, &conn.name)
                .any(|s| s.serial != serial && !s.policies.is_empty())
        });
        let policies = if !inherited.is_empty() {
            inherited
        } else if sibling_has {
            Vec::new()
        } else {
            self.add_policies(local.ip(), remote.ip(), mode, reqid, &ts_local, &ts_remote)
        };
        let (rekey_at, expire_at) = self.child_deadlines(now, &conn, true);
        let Some(child) = self.children.get_mut(&serial) else {
            return;
        };
        child.state = ChildState::Established;
        child.spi_out = spi_out;
        child.chosen = Some(chosen);
        child.ts_local = ts_local;
        child.ts_remote = ts_remote;
        child.installed = true;
        child.policies = policies;
        child.established = Some(now);
        if conn.rekey {
            child.timers.set(TimerKind::Rekey, rekey_at);
        }
        child.timers.set(TimerKind::Expire, expire_at);
        let text = format!(
            "{} established Child SA using {}; IPsec {} [{}] -> [{}] {{ESP{}=>0x{:08x} <0x{:08x} xfrm={} DPD={}}}",
            if child.initiated_by_us { "initiator" } else { "responder" },
            ike_serial,
            match mode {
                Mode::Tunnel => "tunnel",
                Mode::Transport => "transport",
            },
            child.ts_local.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            child.ts_remote.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            if nat_t { "inUDP" } else { "" },
            spi_out,
            spi_in,
            AlgSummary(&chosen),
            if conn.dpd.is_some() { "active" } else { "passive" },
        );
        let name = child.conn.clone();
        self.log(Rc::SUCCESS, Some(&name), Some(serial), text);
        self.events.push_back(Event::ChildEstablished {
            serial,
            ike: ike_serial,
            connection: name,
        });
    }

    /// Rekey and expiry times: rekey at lifetime − margin − random fuzz
    /// (a responder waits longer so the initiator normally rekeys first,
    /// as Libreswan's margins do), expiry at the lifetime.
    pub(crate) fn child_deadlines(
        &mut self,
        now: Instant,
        conn: &crate::config::Connection,
        child: bool,
    ) -> (Instant, Instant) {
        let life = if child {
            conn.ipsec_lifetime
        } else {
            conn.ike_lifetime
        };
        let margin = conn.rekey_margin.min(life / 2);
        let fuzz_max = margin.as_millis() as u64 * u64::from(conn.rekey_fuzz_percent) / 100;
        let fuzz = if fuzz_max == 0 {
            0
        } else {
            self.rng.next_u64() % fuzz_max
        };
        let before = (margin + Duration::from_millis(fuzz)).min(life.mul_f64(0.9));
        (now + life - before, now + life)
    }

    fn add_policies(
        &mut self,
        local: IpAddr,
        remote: IpAddr,
        mode: Mode,
        reqid: Reqid,
        ts_local: &[TrafficSelector],
        ts_remote: &[TrafficSelector],
    ) -> Vec<kernel_sa::PolicyId> {
        let mut ids = Vec::new();
        for spec in Self::policy_specs(local, remote, mode, reqid, ts_local, ts_remote) {
            ids.push(spec.id());
            // A trap left by dpdaction=hold is taken over in place.
            let op = if self.held.claim(&spec.id()) {
                KernelOp::UpdatePolicy(spec)
            } else {
                KernelOp::AddPolicy(spec)
            };
            self.kernel_ops.push_back(op);
        }
        ids
    }

    /// A Child SA's policies: out, in and (tunnel mode) fwd, each with one
    /// ESP template.
    pub(crate) fn policy_specs(
        local: IpAddr,
        remote: IpAddr,
        mode: Mode,
        reqid: Reqid,
        ts_local: &[TrafficSelector],
        ts_remote: &[TrafficSelector],
    ) -> Vec<PolicySpec> {
        let (Some(l), Some(r)) = (ts_local.first(), ts_remote.first()) else {
            return Vec::new();
        };
        let (lp, rp) = (prefix_of(l), prefix_of(r));
        let tmpl = |src: IpAddr, dst: IpAddr| {
            Templates::one(Template {
                proto: Protocol::Esp,
                mode: match mode {
                    Mode::Tunnel => TemplateMode::Tunnel { src, dst },
                    Mode::Transport => TemplateMode::Transport,
                },
                spi: None,
                reqid,
                optional: false,
            })
        };
        let priority = 100_000 - 100 * (u32::from(lp.prefix_len()) + u32::from(rp.prefix_len()));
        let mut dirs = vec![
            (Direction::Out, lp, rp, upper(l, r), local, remote),
            (Direction::In, rp, lp, upper(r, l), remote, local),
        ];
        if mode == Mode::Tunnel {
            dirs.push((Direction::Fwd, rp, lp, upper(r, l), remote, local));
        }
        let mut specs = Vec::new();
        for (dir, s, d, up, ts, td) in dirs {
            let Ok(sel) = Selector::new(s, d) else {
                continue;
            };
            specs.push(PolicySpec {
                dir,
                selector: sel.with_upper(up),
                action: PolicyAction::Ipsec(tmpl(ts, td)),
                priority,
                mark: None,
            });
        }
        specs
    }

    /// The Child SAs under IKE SA `ike`: where a Child's replacements and
    /// their policies are looked for. A rekey creates the replacement
    /// under the same IKE SA, and an IKE SA rekey moves them together; road
    /// warriors share a connection but each has an IKE SA of its own, so
    /// this never mixes up two peers' policies, and it costs the IKE SA's
    /// few Child SAs, not a scan of every Child SA there is.
    pub(crate) fn children_of(&self, ike: Serial) -> impl Iterator<Item = &ChildSa> + '_ {
        self.ikes
            .get(&ike)
            .map(|i| i.children.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|s| self.children.get(s))
    }

    /// [`Self::children_of`] that fall under connection `conn`.
    fn siblings<'a>(&'a self, ike: Serial, conn: &'a str) -> impl Iterator<Item = &'a ChildSa> {
        self.children_of(ike).filter(move |c| c.conn == conn)
    }

    /// Remove a Child SA locally: its kernel SAs (or the larval SPI), its
    /// policies unless a replacement took them over, and tell the caller.
    pub(crate) fn destroy_child(&mut self, serial: Serial) {
        let Some(mut child) = self.children.remove(&serial) else {
            return;
        };
        self.spis_in.remove(&child.spi_in);
        // Policies outlive a Child that has an installed successor of the
        // same connection (rekey): hand them over instead of deleting.
        if !child.policies.is_empty() {
            let heir = self
                .siblings(child.ike, &child.conn)
                .filter(|c| c.installed && c.policies.is_empty())
                .max_by_key(|c| c.serial)
                .map(|c| c.serial);
            if let Some(heir) = heir.and_then(|s| self.children.get_mut(&s)) {
                heir.policies = std::mem::take(&mut child.policies);
            }
        }
        let Some(ike) = self.ikes.get_mut(&child.ike) else {
            self.uninstall(&child, None);
            return;
        };
        ike.children.retain(|c| *c != serial);
        let addrs = Some((ike.local.ip(), ike.remote.ip()));
        self.uninstall(&child, addrs);
        if child.established.is_some() {
            self.log(
                Rc::LOG,
                Some(&child.conn),
                Some(serial),
                format!(
                    "ESP traffic information: in=0B out=0B; deleting Child SA 0x{:08x}",
                    child.spi_in
                ),
            );
        }
        self.events.push_back(Event::Deleted {
            serial,
            connection: child.conn,
            ike: false,
        });
    }

    fn uninstall(&mut self, child: &ChildSa, addrs: Option<(IpAddr, IpAddr)>) {
        // Policies first, then SAs (kernel-sa's documented order).
        for p in &child.policies {
            self.kernel_ops.push_back(KernelOp::DeletePolicy(*p));
        }
        let Some((local, remote)) = addrs else {
            return;
        };
        if child.installed || child.spi_reserved {
            self.kernel_ops.push_back(KernelOp::DeleteSa(SaId {
                dst: local,
                spi: Spi(child.spi_in),
                proto: Protocol::Esp,
                mark: None,
            }));
        }
        if child.installed {
            self.kernel_ops.push_back(KernelOp::DeleteSa(SaId {
                dst: remote,
                spi: Spi(child.spi_out),
                proto: Protocol::Esp,
                mark: None,
            }));
        }
    }
}

fn upper(src: &TrafficSelector, dst: &TrafficSelector) -> UpperLayer {
    let full = |t: &TrafficSelector| t.start_port == 0 && t.end_port == u16::MAX;
    match src.protocol {
        0 => UpperLayer::Any,
        p if full(src) && full(dst) => UpperLayer::Protocol(p),
        p => UpperLayer::Ports {
            proto: p,
            src_port: (!full(src)).then_some(src.start_port),
            dst_port: (!full(dst)).then_some(dst.start_port),
        },
    }
}

fn to_u128(a: IpAddr) -> u128 {
    match a {
        IpAddr::V4(v) => u128::from(u32::from(v)),
        IpAddr::V6(v) => u128::from(v),
    }
}

/// The smallest prefix covering a selector's address range (exact when the
/// range is a prefix, as it is for everything Libreswan/strongSwan send).
pub(crate) fn prefix_of(ts: &TrafficSelector) -> IpPrefix {
    let bits: u32 = if ts.start.is_ipv4() { 32 } else { 128 };
    let diff = to_u128(ts.start) ^ to_u128(ts.end);
    let host_bits = 128 - diff.leading_zeros();
    let len = bits.saturating_sub(host_bits) as u8;
    IpPrefix::new(ts.start, len)
        .or_else(|_| IpPrefix::new(ts.start, if ts.start.is_ipv4() { 32 } else { 128 }))
        .unwrap_or_else(|_| IpPrefix::host(ts.start))
}
