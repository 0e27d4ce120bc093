//! `whack --status`, `--trafficstatus`, `--shuntstatus` in Libreswan's
//! layout, and the same as one JSON document (`--json`) for tools.
#![forbid(unsafe_code)]

use std::time::Instant;

use ike_sm::status::StateKind;
use serde_json::json;
use whack_proto::StatusKind;

use crate::daemon::Daemon;

/// One end as Libreswan prints it: `client===host[id]---nexthop` on the
/// left, mirrored on the right (`nexthop---host[id]===client`); the client
/// and the next hop only when set.
fn end_text(e: &whack_proto::End, host: Option<std::net::IpAddr>, left: bool) -> String {
    let h = host.map(|h| h.to_string()).unwrap_or_else(|| "%any".into());
    let id = e.id.clone().unwrap_or_else(|| h.clone());
    let mut text = format!("{h}[{id}]");
    if let Some(c) = &e.client {
        let c = c.subnet();
        text = if left {
            format!("{c}==={text}")
        } else {
            format!("{text}==={c}")
        };
    }
    if let Some(whack_proto::NextHop::Addr(hop)) = e.nexthop {
        text = if left {
            format!("{text}---{hop}")
        } else {
            format!("{hop}---{text}")
        };
    }
    text
}

fn conn_lines(d: &Daemon, out: &mut Vec<String>) {
    out.push("Connection list:".into());
    out.push(String::new());
    let mut conns: Vec<_> = d.conns.iter().collect();
    conns.sort_by_key(|c| c.seq);
    for c in &conns {
        let name = c.name();
        let (lh, rh) = (c.left_host, c.right_host);
        let route = crate::routing::routing_text(d, name);
        let eroute = d
            .engine
            .states
            .values()
            .filter(|s| s.conn == name && !s.is_ike)
            .map(|s| s.serial)
            .max()
            .unwrap_or(0);
        out.push(format!(
            "\"{name}\": {}...{}; {route}; eroute owner: #{eroute}",
            end_text(&c.req.left, lh, true),
            end_text(&c.req.right, rh, false)
        ));
        let oriented = match c.side {
            Some(crate::conns::Side::Left) => "oriented; we are left",
            Some(crate::conns::Side::Right) => "oriented; we are right",
            None => "not oriented",
        };
        out.push(format!("\"{name}\":   {oriented};"));
        if let Some(sm) = d.engine.sm.connection(name) {
            out.push(format!(
                "\"{name}\":   ike_life: {}s; ipsec_life: {}s; rekey_margin: {}s; rekey_fuzz: {}%; keyingtries: {};",
                sm.ike_lifetime.as_secs(),
                sm.ipsec_lifetime.as_secs(),
                sm.rekey_margin.as_secs(),
                sm.rekey_fuzz_percent,
                sm.keyingtries
            ));
            let auth = match sm.local.auth {
                ike_sm::config::AuthMethod::Psk => "PSK",
                ike_sm::config::AuthMethod::RsaSig { .. } => "RSASIG",
                ike_sm::config::AuthMethod::Never => "NEVER",
            };
            let mode = match sm.mode {
                ike_sm::config::Mode::Tunnel => "TUNNEL",
                ike_sm::config::Mode::Transport => "TRANSPORT",
            };
            out.push(format!(
                "\"{name}\":   policy: IKEv2+{auth}+ENCRYPT+{mode}{}; psk: {};",
                if sm.pfs { "+PFS" } else { "" },
                if sm.psk.is_some() { "found" } else { "none" }
            ));
        }
    }
    let active = conns
        .iter()
        .filter(|c| d.engine.states.values().any(|s| s.conn == c.name()))
        .count();
    out.push(String::new());
    out.push(format!(
        "Total IPsec connections: loaded {}, active {active}",
        conns.len()
    ));
}

fn state_lines(
    d: &Daemon,
    now: Instant,
    counters: &std::collections::BTreeMap<u64, (u64, u64)>,
    out: &mut Vec<String>,
) {
    let st = d.engine.sm.status(now);
    let (ikes, children) = d.engine.sm.sa_counts();
    let est_ike = st
        .states
        .iter()
        .filter(|s| s.established && matches!(s.kind, StateKind::Ike { .. }))
        .count();
    let est_child = st
        .states
        .iter()
        .filter(|s| s.established && matches!(s.kind, StateKind::Child { .. }))
        .count();
    out.push(format!(
        "State Information: DDoS cookies {}, Accepting new IKE connections",
        if d.busy { "required" } else { "not required" }
    ));
    out.push(format!(
        "IKE SAs: total({ikes}), half-open({}), open(0), authenticated({est_ike}), anonymous(0)",
        ikes.saturating_sub(est_ike)
    ));
    out.push(format!(
        "IPsec SAs: total({children}), authenticated({est_child}), anonymous(0)"
    ));
    out.push(String::new());
    for s in &st.states {
        let newest = st.connections.iter().any(|c| {
            c.name == s.connection
                && (c.newest_ike == Some(s.serial) || c.newest_child == Some(s.serial))
        });
        let mut line = format!(
            "{}: \"{}\":{} {} ({})",
            s.serial,
            s.connection,
            s.peer.map(|p| p.port()).unwrap_or(0),
            s.state,
            match (&s.kind, s.established) {
                (StateKind::Ike { .. }, true) => "established IKE SA",
                (StateKind::Ike { .. }, false) => "IKE SA negotiating",
                (StateKind::Child { .. }, true) => "established Child SA",
                (StateKind::Child { .. }, false) => "Child SA negotiating",
            }
        );
        if let Some(r) = s.rekey_in {
            line.push_str(&format!("; REKEY in {}s", r.as_secs()));
        }
        if let Some(e) = s.expires_in {
            line.push_str(&format!("; EXPIRE in {}s", e.as_secs()));
        }
        if newest {
            line.push_str("; newest");
        }
        match &s.kind {
            StateKind::Ike {
                spi_i,
                spi_r,
                initiator,
            } => line.push_str(&format!(
                "; {}; SPIi {spi_i:016x} SPIr {spi_r:016x}",
                if *initiator { "initiator" } else { "responder" }
            )),
            StateKind::Child { ike, .. } => {
                if newest {
                    line.push_str("; eroute owner");
                }
                line.push_str(&format!("; IKE SA {ike}"));
            }
        }
        if let Some(a) = &s.algorithms {
            line.push_str(&format!("; {a}"));
        }
        line.push(';');
        out.push(line);
        if let StateKind::Child {
            spi_in, spi_out, ..
        } = &s.kind
        {
            let view = d
                .engine
                .states
                .get(&s.serial.0)
                .and_then(|v| v.esp.as_ref());
            let (me, peer) = match view {
                Some(e) => (e.me.to_string(), e.peer.to_string()),
                None => (
                    "%any".to_string(),
                    s.peer.map(|p| p.ip().to_string()).unwrap_or_default(),
                ),
            };
            let (inb, outb) = counters.get(&s.serial.0).copied().unwrap_or((0, 0));
            // Libreswan lists the IP-in-IP pseudo SAs of tunnel mode too.
            let tunnel = d
                .engine
                .sm
                .connection(&s.connection)
                .is_some_and(|c| c.mode == ike_sm::config::Mode::Tunnel);
            let tun = if tunnel {
                format!(" tun.0@{peer} tun.0@{me}")
            } else {
                String::new()
            };
            out.push(format!(
                "{}: \"{}\" esp.{spi_out:08x}@{peer} esp.{spi_in:08x}@{me}{tun} Traffic: ESPin={inb}B ESPout={outb}B ESPmax=2^63B",
                s.serial, s.connection
            ));
        }
    }
}

fn traffic_lines(d: &mut Daemon, out: &mut Vec<String>) {
    let views: Vec<_> = d
        .engine
        .states
        .values()
        .filter(|s| !s.is_ike)
        .cloned()
        .collect();
    for s in views {
        let (inb, outb) = match &s.esp {
            Some(e) => d.engine.counters(e),
            None => (0, 0),
        };
        let spis = s
            .esp
            .as_ref()
            .map(|e| {
                format!(
                    " esp.{:x}@{} esp.{:x}@{}",
                    e.spi_out, e.peer, e.spi_in, e.me
                )
            })
            .unwrap_or_default();
        out.push(format!(
            "#{}: \"{}\", type=ESP, add_time={}, inBytes={inb}, outBytes={outb}, maxBytes=2^63B,{spis}",
            s.serial,
            s.conn,
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|t| t.as_secs() - s.established.elapsed().as_secs())
                .unwrap_or(0)
        ));
    }
}

/// The text lines of one status form (each sent as `000 line`).
pub fn text(d: &mut Daemon, kind: StatusKind) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        StatusKind::Status => {
            out.push(format!("using kernel interface: {}", d.engine.kernel_name));
            out.push(String::new());
            for (name, addr) in d.ifaces.addresses() {
                out.push(format!("interface {name} UDP {addr}"));
            }
            out.push(String::new());
            out.push(format!(
                "pluto version: {}, uptime: {}s, debug: {}",
                env!("CARGO_PKG_VERSION"),
                d.started.elapsed().as_secs(),
                {
                    let n = d.debug.get().names();
                    if n.is_empty() {
                        "none".to_string()
                    } else {
                        n.join("+")
                    }
                }
            ));
            out.push(String::new());
            conn_lines(d, &mut out);
            out.push(String::new());
            let counters = child_counters(d);
            state_lines(d, Instant::now(), &counters, &mut out);
            out.push(String::new());
            out.push("Bare Shunt list:".into());
            out.push(String::new());
        }
        StatusKind::Traffic => traffic_lines(d, &mut out),
        StatusKind::Shunt => {
            out.push("Bare Shunt list:".into());
            out.push(String::new());
        }
    }
    out
}

/// Kernel byte counters (in, out) of every Child SA pluto saw installed.
fn child_counters(d: &mut Daemon) -> std::collections::BTreeMap<u64, (u64, u64)> {
    let views: Vec<_> = d
        .engine
        .states
        .values()
        .filter_map(|s| s.esp.clone().map(|e| (s.serial, e)))
        .collect();
    views
        .into_iter()
        .map(|(serial, e)| (serial, d.engine.counters(&e)))
        .collect()
}

/// One JSON document for a status form.
pub fn json(d: &mut Daemon, kind: StatusKind) -> String {
    let now = Instant::now();
    let snapshot = d.engine.sm.status(now);
    let counters = child_counters(d);
    let states: Vec<_> = snapshot
        .states
        .iter()
        .map(|s| {
            let mut v = json!({
                "serial": s.serial.0,
                "connection": s.connection,
                "state": s.state,
                "established": s.established,
                "algorithms": s.algorithms,
                "peer": s.peer.map(|p| p.to_string()),
                "rekey_in_seconds": s.rekey_in.map(|r| r.as_secs()),
                "expires_in_seconds": s.expires_in.map(|r| r.as_secs()),
            });
            match &s.kind {
                StateKind::Ike {
                    spi_i,
                    spi_r,
                    initiator,
                } => {
                    v["type"] = json!("IKE");
                    v["spi_i"] = json!(format!("{spi_i:016x}"));
                    v["spi_r"] = json!(format!("{spi_r:016x}"));
                    v["initiator"] = json!(initiator);
                }
                StateKind::Child {
                    ike,
                    spi_in,
                    spi_out,
                    ..
                } => {
                    let c = counters.get(&s.serial.0).copied();
                    v["type"] = json!("CHILD");
                    v["ike_sa"] = json!(ike.0);
                    v["spi_in"] = json!(format!("{spi_in:08x}"));
                    v["spi_out"] = json!(format!("{spi_out:08x}"));
                    v["in_bytes"] = json!(c.map(|c| c.0));
                    v["out_bytes"] = json!(c.map(|c| c.1));
                }
            }
            v
        })
        .collect();
    let v = match kind {
        StatusKind::Status => {
            let conns: Vec<_> = d
                .conns
                .iter()
                .map(|c| {
                    json!({
                        "name": c.name(),
                        "left": c.left_host.map(|h| h.to_string()),
                        "right": c.right_host.map(|h| h.to_string()),
                        "oriented": c.side.map(|s| format!("{s:?}").to_lowercase()),
                        "routed": c.routed,
                        "routing": crate::routing::routing_text(d, c.name()),
                    })
                })
                .collect();
            let ifaces: Vec<_> = d
                .ifaces
                .addresses()
                .into_iter()
                .map(|(n, a)| json!({"interface": n, "address": a.to_string()}))
                .collect();
            json!({
                "kernel": d.engine.kernel_name,
                "interfaces": ifaces,
                "connections": conns,
                "states": states,
                "busy": d.busy,
            })
        }
        StatusKind::Traffic => {
            json!({ "traffic": states.into_iter().filter(|s| s["type"] == "CHILD").collect::<Vec<_>>() })
        }
        StatusKind::Shunt => json!({ "shunts": [] }),
    };
    v.to_string()
}
