//! A minimal real-socket driver for the state machine: one connection,
//! UDP 500 and 4500, a recording (nostack) kernel. Used to check the wire
//! format against real Libreswan / strongSwan in network namespaces.
//!
//! ```text
//! udp_peer --local 192.0.2.1 --remote 192.0.2.2 --lid @n1.example --rid @n2.example \
//!          --lsub 198.51.100.1/32 --rsub 198.51.100.2/32 --psk secret \
//!          [--initiate] [--ike aes256-sha2_256;dh19] [--esp aes_gcm256] \
//!          [--seconds 10] [--terminate-after 3] [--keylog FILE] [--dpd 2,6,clear]
//!          [--rekey-child-after 1] [--rekey-ike-after 2]
//! ```

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use ike_sm::config::{
    parse_esp, parse_ike, Connection, Dpd, DpdAction, End, Identity, Psk, Subnet,
};
use ike_sm::rng::SystemRandom;
use ike_sm::{Endpoint, EndpointConfig, Event};
use kernel_sa::{Kernel, NostackKernel};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: HashMap<String, String> = HashMap::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let k = a.trim_start_matches("--").to_string();
        if k == "initiate" {
            args.insert(k, String::new());
        } else {
            args.insert(k, it.next().ok_or("missing value")?);
        }
    }
    let get = |k: &str| args.get(k).cloned().ok_or(format!("--{k} required"));
    let local: IpAddr = get("local")?.parse()?;
    let remote: IpAddr = get("remote")?.parse()?;
    let mut l = End::new(local);
    l.id = Some(Identity::parse(&get("lid")?)?);
    l.subnet = Some(Subnet::parse(&get("lsub")?)?);
    let mut r = End::new(remote);
    r.id = Some(Identity::parse(&get("rid")?)?);
    r.subnet = Some(Subnet::parse(&get("rsub")?)?);
    let mut c = Connection::new("peer", l, r);
    c.psk = Some(Psk::new(get("psk")?.into_bytes()));
    c.keyingtries = 1;
    if let Ok(s) = get("ike") {
        c.ike = parse_ike(&s)?;
    }
    if let Ok(s) = get("esp") {
        c.esp = parse_esp(&s)?;
    }
    if let Ok(s) = get("dpd") {
        let v: Vec<&str> = s.split(',').collect();
        c.dpd = Some(Dpd {
            delay: Duration::from_secs(v.first().ok_or("dpd")?.parse()?),
            timeout: Duration::from_secs(v.get(1).ok_or("dpd")?.parse()?),
            action: match v.get(2).copied() {
                Some("clear") => DpdAction::Clear,
                Some("restart") => DpdAction::Restart,
                _ => DpdAction::Hold,
            },
        });
    }
    let seconds: u64 = get("seconds")
        .ok()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10);
    let terminate_after: Option<u64> =
        get("terminate-after").ok().map(|s| s.parse()).transpose()?;
    let keylog = get("keylog").ok();
    let rekey_child_after: Option<u64> = get("rekey-child-after")
        .ok()
        .map(|s| s.parse())
        .transpose()?;
    let rekey_ike_after: Option<u64> =
        get("rekey-ike-after").ok().map(|s| s.parse()).transpose()?;
    let mut rekeyed = (false, false);

    let s500 = UdpSocket::bind(SocketAddr::new(local, 500))?;
    let s4500 = UdpSocket::bind(SocketAddr::new(local, 4500))?;
    for s in [&s500, &s4500] {
        s.set_nonblocking(true)?;
    }
    let mut ep = Endpoint::new(
        EndpointConfig::default(),
        ike_crypto::rustcrypto(),
        Box::new(SystemRandom),
    );
    ep.add_connection(c)?;
    let start = Instant::now();
    if args.contains_key("initiate") {
        ep.initiate(start, "peer")?;
    }
    let mut kernel = NostackKernel::new();
    let mut established_at = None;
    let mut terminated = false;
    let mut buf = vec![0u8; 65536];
    let mut logged_keys = 0;
    loop {
        let now = Instant::now();
        if now.duration_since(start) > Duration::from_secs(seconds) {
            break;
        }
        while let Some(t) = ep.poll_transmit() {
            let s = if t.src.port() == 4500 { &s4500 } else { &s500 };
            s.send_to(&t.payload, t.dst)?;
        }
        while let Some(op) = ep.poll_kernel_op() {
            let r = kernel.execute(&op);
            println!(
                "kernel {:?}: {}",
                op.kind(),
                if r.is_ok() {
                    "ok".to_string()
                } else {
                    format!("{r:?}")
                }
            );
        }
        while let Some(e) = ep.poll_event() {
            match &e {
                Event::Log(l) => println!("{} {l}", l.rc),
                Event::ChildEstablished { .. } => {
                    established_at.get_or_insert(now);
                    println!("EVENT {e:?}");
                }
                other => println!("EVENT {other:?}"),
            }
        }
        let keys = ep.ike_keys();
        if let (Some(path), true) = (&keylog, keys.len() > logged_keys) {
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?;
            for k in keys.iter().skip(logged_keys) {
                writeln!(f, "{k}")?;
            }
            logged_keys = keys.len();
        }
        if let (Some(t), Some(at), false) = (terminate_after, established_at, terminated) {
            if now.duration_since(at) >= Duration::from_secs(t) {
                ep.terminate(now, "peer")?;
                terminated = true;
            }
        }
        if let Some(at) = established_at {
            if rekey_child_after.is_some_and(|t| now.duration_since(at) >= Duration::from_secs(t))
                && !rekeyed.0
            {
                rekeyed.0 = true;
                ep.rekey_child(now, "peer")?;
            }
            if rekey_ike_after.is_some_and(|t| now.duration_since(at) >= Duration::from_secs(t))
                && !rekeyed.1
            {
                rekeyed.1 = true;
                ep.rekey_ike(now, "peer")?;
            }
        }
        let mut got = false;
        for (s, port) in [(&s500, 500u16), (&s4500, 4500u16)] {
            if let Ok((n, from)) = s.recv_from(&mut buf) {
                ep.handle_datagram(
                    Instant::now(),
                    SocketAddr::new(local, port),
                    from,
                    &buf[..n],
                );
                got = true;
            }
        }
        if ep.poll_timeout().is_some_and(|t| t <= Instant::now()) {
            ep.handle_timeout(Instant::now());
        }
        if !got {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let now = Instant::now();
    for s in ep.status(now).states {
        println!("STATUS {s}");
    }
    Ok(())
}
