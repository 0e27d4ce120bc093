//! What the simulation tests read back from a node: the SPIs of its SAs as
//! `status()` reports them, log lines, and the kernel-op balance.
#![allow(dead_code)]

use ike_sm::sim::{Network, Verdict};
use ike_sm::status::StateKind;
use ike_sm::transmit::Transmit;
use ike_sm::Event;
use kernel_sa::KernelOp;

/// (SPIi, SPIr) of every IKE SA a node holds.
pub fn ike_spis(net: &Network, node: usize) -> Vec<(u64, u64)> {
    kinds(net, node, |k| match k {
        StateKind::Ike { spi_i, spi_r, .. } => Some((*spi_i, *spi_r)),
        _ => None,
    })
}

/// (ours, theirs) ESP SPIs of every Child SA a node holds.
pub fn child_spis(net: &Network, node: usize) -> Vec<(u32, u32)> {
    kinds(net, node, |k| match k {
        StateKind::Child {
            spi_in, spi_out, ..
        } => Some((*spi_in, *spi_out)),
        _ => None,
    })
}

fn kinds<T>(net: &Network, node: usize, f: impl Fn(&StateKind) -> Option<T>) -> Vec<T> {
    let now = net.now;
    net.nodes[node]
        .endpoint
        .status(now)
        .states
        .iter()
        .filter_map(|s| f(&s.kind))
        .collect()
}

/// How many log lines of a node contain `what`.
pub fn logs_containing(net: &Network, node: usize, what: &str) -> usize {
    net.nodes[node].count(|e| matches!(e, Event::Log(l) if l.text.contains(what)))
}

/// Every kernel op of a node succeeded, and every SA and policy it added
/// was deleted by an op of its own (counted over the whole log).
pub fn ops_balanced(net: &Network, node: usize) -> Result<(), String> {
    let n = &net.nodes[node];
    let errors = n.kernel_errors();
    if !errors.is_empty() {
        return Err(format!("kernel errors: {errors:?}"));
    }
    let count = |f: fn(&KernelOp) -> bool| n.kernel_log.iter().filter(|(op, _)| f(op)).count();
    let sas_added = count(|op| matches!(op, KernelOp::AllocSpi(_) | KernelOp::AddSa(_)));
    let sas_deleted = count(|op| matches!(op, KernelOp::DeleteSa(_)));
    let pol_added = count(|op| matches!(op, KernelOp::AddPolicy(_)));
    let pol_deleted = count(|op| matches!(op, KernelOp::DeletePolicy(_)));
    if sas_added != sas_deleted || pol_added != pol_deleted {
        return Err(format!(
            "unbalanced: {sas_added} SAs added, {sas_deleted} deleted; {pol_added} policies added, {pol_deleted} deleted"
        ));
    }
    Ok(())
}

/// IKE header fields of a datagram: (exchange type, is response).
pub fn exchange_of(t: &Transmit) -> Option<(u8, bool)> {
    let p = if t.dst.port() == 4500 {
        t.payload.get(4..)?
    } else {
        &t.payload[..]
    };
    Some((*p.get(18)?, p.get(19)? & 0x20 != 0))
}

/// IKEv2 exchange types (RFC 7296 3.1).
pub const CREATE_CHILD_SA: u8 = 36;
/// INFORMATIONAL.
pub const INFORMATIONAL: u8 = 37;

/// An interceptor dropping, for each (source address, exchange) given,
/// the first request of that exchange from that source.
pub fn drop_first_requests(
    which: Vec<(std::net::IpAddr, u8)>,
) -> Box<dyn FnMut(&Transmit) -> Verdict> {
    let mut pending = which;
    Box::new(move |t| {
        let hit = pending
            .iter()
            .position(|&(src, ex)| t.src.ip() == src && exchange_of(t) == Some((ex, false)));
        match hit {
            Some(i) => {
                pending.remove(i);
                Verdict::Drop
            }
            None => Verdict::Deliver,
        }
    })
}
