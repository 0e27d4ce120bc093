//! Arbitrary datagrams into ike-sm endpoints: a fresh responder (the
//! unauthenticated IKE_SA_INIT path, on ports 500 and 4500) and both ends of
//! an established IKE SA. Nothing may panic, and an established SA must
//! survive any input that is not authentic.
#![no_main]

use std::time::Instant;

use ike_sm::config::{parse_ike, Connection, End, Identity, Psk};
use ike_sm::rng::SeededRng;
use ike_sm::{Endpoint, EndpointConfig};
use libfuzzer_sys::fuzz_target;

fn pair() -> (Endpoint, Endpoint) {
    let (w, e) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
    let conn = |l, r, lid: &str, rid: &str| {
        let mut local = End::new(l);
        local.id = Some(Identity::parse(lid).unwrap());
        let mut remote = End::new(r);
        remote.id = Some(Identity::parse(rid).unwrap());
        let mut c = Connection::new("fuzz", local, remote);
        c.psk = Some(Psk::new(b"fuzz".to_vec()));
        c.ike = parse_ike("aes_gcm256-sha2_256;dh31").unwrap();
        c
    };
    let p = ike_crypto::rustcrypto();
    let mut a = Endpoint::new(EndpointConfig::default(), p.clone(), Box::new(SeededRng::new(1)));
    let mut b = Endpoint::new(EndpointConfig::default(), p, Box::new(SeededRng::new(2)));
    a.add_connection(conn(w, e, "@west", "@east")).unwrap();
    b.add_connection(conn(e, w, "@east", "@west")).unwrap();
    (a, b)
}

fn drain(ep: &mut Endpoint) {
    while ep.poll_transmit().is_some() {}
    while ep.poll_kernel_op().is_some() {}
    while ep.poll_event().is_some() {}
}

fuzz_target!(|data: &[u8]| {
    let now = Instant::now();
    let (_w, mut e) = pair();
    let (wa, ea) = ("192.0.2.1:500".parse().unwrap(), "192.0.2.2:500".parse().unwrap());
    e.handle_datagram(now, ea, wa, data);
    e.handle_datagram(now, "192.0.2.2:4500".parse().unwrap(), "192.0.2.1:4500".parse().unwrap(), data);
    drain(&mut e);
    // Establish, then throw the input at both sides, with the real SPIs
    // patched in when long enough so the SA lookup succeeds.
    let (mut w2, mut e2) = pair();
    w2.initiate(now, "fuzz").unwrap();
    for _ in 0..4 {
        while let Some(t) = w2.poll_transmit() {
            e2.handle_datagram(now, t.dst, t.src, &t.payload);
        }
        while let Some(t) = e2.poll_transmit() {
            w2.handle_datagram(now, t.dst, t.src, &t.payload);
        }
    }
    drain(&mut w2);
    drain(&mut e2);
    let keys = w2.ike_keys();
    let mut msg = data.to_vec();
    if let (Some(k), true) = (keys.first(), msg.len() >= 16) {
        msg[..8].copy_from_slice(&k.spi_i.to_be_bytes());
        msg[8..16].copy_from_slice(&k.spi_r.to_be_bytes());
    }
    e2.handle_datagram(now, ea, wa, &msg);
    w2.handle_datagram(now, wa, ea, &msg);
    e2.handle_timeout(now + std::time::Duration::from_secs(1));
    assert_eq!(w2.sa_counts().0, 1);
});
