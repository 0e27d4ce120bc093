//! `whack --route` / `--unroute` (and `auto=route`): the updown script's
//! prepare/route/unroute, and the connection's `%trap` eroute in the kernel
//! (see [`crate::trap`]).
#![forbid(unsafe_code)]

use std::time::Instant;

use whack_proto::Rc;

use crate::ctl::WhackLink;
use crate::daemon::{say, Daemon};
use crate::engine::{run_updown, sync_connection};
use crate::trap::{trap_spec, Eroute, Trap};
use crate::updown::Operation;

/// What `whack --status` prints for a connection's routing, as Libreswan.
pub fn routing_text(d: &Daemon, name: &str) -> &'static str {
    let routed = d.conns.get(name).is_some_and(|c| c.routed);
    match (routed, d.engine.traps.get(name).map(|t| t.eroute)) {
        (false, _) => "unrouted",
        (true, Some(Eroute::Trap)) => "prospective erouted",
        (true, Some(Eroute::Sa)) => "erouted",
        // Routed through updown only (no trap could be installed).
        (true, None) => "routed",
    }
}

/// `whack --route`: updown prepare and route, then the trap policy.
pub fn route(d: &mut Daemon, name: &str, l: Option<&WhackLink>) {
    if !(run_updown(d, name, Operation::Prepare, None, l)
        && run_updown(d, name, Operation::Route, None, l))
    {
        say(l, Rc::ROUTE, format!("\"{name}\": could not route"));
        return;
    }
    // The trap is built from the connection as ike-sm holds it (resolved
    // hosts, subnets, mode), so it matches the SA's policy selector.
    sync_connection(d, name, l);
    let reqid = d.engine.traps.allocate_reqid();
    let spec = match d.engine.sm.connection(name).map(|c| trap_spec(c, reqid)) {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            say(l, Rc::ROUTE, format!("\"{name}\": {e}"));
            return;
        }
        None => {
            say(l, Rc::ROUTE, format!("\"{name}\": could not route"));
            return;
        }
    };
    let eroute = match d.engine.kernel.add_policy(&spec) {
        Ok(()) => Eroute::Trap,
        // A Child SA of this connection already holds the selector: its
        // policy stays, and the trap comes back when it goes.
        Err(e) if e.is_exists() && has_child(d, name) => Eroute::Sa,
        Err(e) => {
            say(l, Rc::ROUTE, format!("\"{name}\": could not route: {e}"));
            return;
        }
    };
    d.engine.traps.insert(name, Trap { spec, eroute });
    if let Some(c) = d.conns.get_mut(name) {
        c.routed = true;
    }
    say(l, Rc::LOG, format!("\"{name}\": routed"));
}

fn has_child(d: &Daemon, name: &str) -> bool {
    d.engine
        .states
        .values()
        .any(|s| s.conn == name && !s.is_ike)
}

/// `whack --unroute`: refused while an SA holds the eroute (manual); else
/// the trap goes and updown unroutes.
pub fn unroute(d: &mut Daemon, name: &str, l: Option<&WhackLink>) {
    if d.engine
        .traps
        .get(name)
        .is_some_and(|t| t.eroute == Eroute::Sa)
    {
        say(
            l,
            Rc::RTBUSY,
            format!("\"{name}\": cannot unroute: route busy"),
        );
        return;
    }
    force_unroute(d, name, l);
}

/// Unroute whatever holds the eroute (the connection is being deleted: its
/// SAs are gone or going).
pub fn force_unroute(d: &mut Daemon, name: &str, l: Option<&WhackLink>) {
    drop_trap(d, name, l);
    run_updown(d, name, Operation::Unroute, None, l);
    if let Some(c) = d.conns.get_mut(name) {
        c.routed = false;
    }
    say(l, Rc::LOG, format!("\"{name}\": unrouted"));
}

/// Forget a connection's trap and remove it from the kernel unless an SA's
/// policy holds its place (a redefined connection starts unrouted).
pub fn drop_trap(d: &mut Daemon, name: &str, l: Option<&WhackLink>) {
    if let Some(t) = d.engine.traps.remove(name) {
        if t.eroute == Eroute::Trap {
            if let Err(e) = d.engine.kernel.delete_policy(&t.spec.id()) {
                if !e.is_not_found() {
                    say(
                        l,
                        Rc::LOG_SERIOUS,
                        format!("\"{name}\": removing the trap: {e}"),
                    );
                }
            }
        }
    }
}

/// A packet hit a trap: initiate its connection unless it is already up or
/// negotiating (the kernel holds further packets of the flow meanwhile).
pub fn on_acquire(d: &mut Daemon, acq: &kernel_sa::Acquire) {
    // A routed connection's trap, or one that dpdaction=hold left in place
    // of a dead peer's SAs (the manual: traffic brings the connection back).
    let name = d
        .engine
        .traps
        .connection_for(acq)
        .or_else(|| d.engine.sm.held_connection(acq))
        .map(str::to_string);
    let Some(name) = name else {
        tracing::debug!(target: "kernel", "acquire for no routed or held connection: {}", acq.selector);
        return;
    };
    let sel = acq.selector;
    let (src, dst) = (sel.src().addr(), sel.dst().addr());
    let u = sel.upper();
    let why = format!(
        "initiate on demand from {src}:{} to {dst}:{} proto={} because: acquire",
        u.src_port().unwrap_or(0),
        u.dst_port().unwrap_or(0),
        u.proto()
    );
    let busy = d
        .engine
        .sm
        .status(Instant::now())
        .states
        .iter()
        .any(|s| s.connection == name);
    if busy {
        tracing::debug!(target: "kernel", "\"{name}\": ignoring acquire ({why}): states exist");
        return;
    }
    say(None, Rc::LOG, format!("\"{name}\": {why}"));
    crate::engine::initiate_async(d, &name);
}
