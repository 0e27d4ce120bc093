//! Two in-process endpoints driven to established SAs, no network model.
#![allow(dead_code)] // each bench binary uses part of it

use std::time::Instant;

use ike_sm::config::{parse_ike, Connection, End, Identity, Psk};
use ike_sm::rng::SeededRng;
use ike_sm::{Endpoint, EndpointConfig, Event};

pub fn pair(ike: &str, seed: u64) -> (Endpoint, Endpoint) {
    pair_cfg(ike, seed, EndpointConfig::default())
}

/// Two endpoints with the same settings (e.g. offload on).
pub fn pair_cfg(ike: &str, seed: u64, cfg: EndpointConfig) -> (Endpoint, Endpoint) {
    pair_with(ike, seed, cfg, |_| {})
}

/// [`pair_cfg`] with the connection changed by `tweak` on both sides.
pub fn pair_with(
    ike: &str,
    seed: u64,
    cfg: EndpointConfig,
    tweak: impl Fn(&mut Connection),
) -> (Endpoint, Endpoint) {
    let (w, e) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
    let conn = |l, r, lid: &str, rid: &str| {
        let mut local = End::new(l);
        local.id = Some(Identity::parse(lid).unwrap());
        let mut remote = End::new(r);
        remote.id = Some(Identity::parse(rid).unwrap());
        let mut c = Connection::new("bench", local, remote);
        c.psk = Some(Psk::new(b"benchmark shared secret".to_vec()));
        c.ike = parse_ike(ike).unwrap();
        tweak(&mut c);
        c
    };
    let p = ike_crypto::rustcrypto();
    let mut west = Endpoint::new(cfg.clone(), p.clone(), Box::new(SeededRng::new(seed)));
    let mut east = Endpoint::new(cfg, p, Box::new(SeededRng::new(seed + 1)));
    west.add_connection(conn(w, e, "@west", "@east")).unwrap();
    east.add_connection(conn(e, w, "@east", "@west")).unwrap();
    (west, east)
}

/// One full IKE_SA_INIT + IKE_AUTH with a Child SA; returns Child SAs
/// established (2 when both sides got one).
pub fn handshake(west: &mut Endpoint, east: &mut Endpoint, now: Instant) -> usize {
    west.initiate(now, "bench").unwrap();
    exchange(west, east, now, 4)
}

/// Up to `rounds` rounds of delivering every datagram each way, dropping
/// kernel operations; returns the Child SAs established meanwhile.
pub fn exchange(west: &mut Endpoint, east: &mut Endpoint, now: Instant, rounds: usize) -> usize {
    let mut up = 0;
    for _ in 0..rounds {
        while let Some(t) = west.poll_transmit() {
            east.handle_datagram(now, t.dst, t.src, &t.payload);
        }
        while let Some(t) = east.poll_transmit() {
            west.handle_datagram(now, t.dst, t.src, &t.payload);
        }
        for ep in [&mut *west, &mut *east] {
            while ep.poll_kernel_op().is_some() {}
            while let Some(e) = ep.poll_event() {
                if matches!(e, Event::ChildEstablished { .. }) {
                    up += 1;
                }
            }
        }
    }
    up
}
