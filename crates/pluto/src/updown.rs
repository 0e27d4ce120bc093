//! The updown command (manual, "The updown command"): run with the PLUTO_*
//! environment for prepare/route/unroute/up/down, `-host` or `-client`,
//! `-v6` for IPv6 gateways. pluto waits for it and logs its output.
#![forbid(unsafe_code)]

use std::net::IpAddr;
use std::process::{Command, Stdio};

/// The five operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Before bringing up a connection whose clients are not up yet.
    Prepare,
    /// A route to a new peer client subnet.
    Route,
    /// Undo `route`.
    Unroute,
    /// A new eroute (SA) between the clients.
    Up,
    /// That eroute goes away.
    Down,
}

impl Operation {
    fn word(self) -> &'static str {
        match self {
            Operation::Prepare => "prepare",
            Operation::Route => "route",
            Operation::Unroute => "unroute",
            Operation::Up => "up",
            Operation::Down => "down",
        }
    }
}

/// A subnet as address and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subnet {
    /// Network address.
    pub addr: IpAddr,
    /// Prefix length.
    pub prefix: u8,
}

impl Subnet {
    /// The host itself as a subnet (/32 or /128).
    pub fn host(addr: IpAddr) -> Self {
        let prefix = if addr.is_ipv4() { 32 } else { 128 };
        Self { addr, prefix }
    }

    /// Whether this is a single host (the "-host" verbs).
    pub fn is_host(&self) -> bool {
        self.prefix == if self.addr.is_ipv4() { 32 } else { 128 }
    }

    /// The mask as an address (`255.255.255.0`, or IPv6 form).
    pub fn mask(&self) -> IpAddr {
        match self.addr {
            IpAddr::V4(_) => {
                let bits = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix.min(32)))
                    .unwrap_or(0);
                IpAddr::V4(bits.into())
            }
            IpAddr::V6(_) => {
                let bits = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix.min(128)))
                    .unwrap_or(0);
                IpAddr::V6(bits.into())
            }
        }
    }
}

impl std::fmt::Display for Subnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// Everything the script is told about the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdownContext {
    /// Connection name.
    pub connection: String,
    /// Our host address.
    pub me: IpAddr,
    /// The peer's host address.
    pub peer: IpAddr,
    /// Next hop toward the peer (the peer itself when direct).
    pub next_hop: IpAddr,
    /// The interface name.
    pub interface: String,
    /// Our client subnet.
    pub my_client: Subnet,
    /// The peer's client subnet.
    pub peer_client: Subnet,
    /// Our protocol selector (0 = any).
    pub my_protocol: u8,
    /// The peer's protocol selector.
    pub peer_protocol: u8,
    /// Our port selector (0 = any).
    pub my_port: u16,
    /// The peer's port selector.
    pub peer_port: u16,
    /// Our identity, printed.
    pub my_id: String,
    /// The peer's identity, printed.
    pub peer_id: String,
    /// The peer's CA (empty without certificates).
    pub peer_ca: String,
    /// Inbound and outbound SPIs when an SA exists (for up/down).
    pub spis: Option<(u32, u32)>,
}

impl UpdownContext {
    /// The verb: operation, `-host`/`-client`, and `-v6` for IPv6 gateways.
    pub fn verb(&self, op: Operation) -> String {
        let kind = if self.my_client.is_host() && self.my_client.addr == self.me {
            "host"
        } else {
            "client"
        };
        let v6 = if self.me.is_ipv6() { "-v6" } else { "" };
        format!("{}-{kind}{v6}", op.word())
    }

    /// The environment as (name, value) pairs.
    pub fn environment(&self, op: Operation) -> Vec<(String, String)> {
        let mut v = vec![
            ("PLUTO_VERSION", "1.1".to_string()),
            ("PLUTO_VERB", self.verb(op)),
            ("PLUTO_CONNECTION", self.connection.clone()),
            ("PLUTO_NEXT_HOP", self.next_hop.to_string()),
            ("PLUTO_INTERFACE", self.interface.clone()),
            ("PLUTO_ME", self.me.to_string()),
            ("PLUTO_MY_ID", self.my_id.clone()),
            ("PLUTO_MY_CLIENT", self.my_client.to_string()),
            ("PLUTO_MY_CLIENT_NET", self.my_client.addr.to_string()),
            ("PLUTO_MY_CLIENT_MASK", self.my_client.mask().to_string()),
            ("PLUTO_MY_PORT", self.my_port.to_string()),
            ("PLUTO_MY_PROTOCOL", self.my_protocol.to_string()),
            ("PLUTO_PEER", self.peer.to_string()),
            ("PLUTO_PEER_ID", self.peer_id.clone()),
            ("PLUTO_PEER_CLIENT", self.peer_client.to_string()),
            ("PLUTO_PEER_CLIENT_NET", self.peer_client.addr.to_string()),
            (
                "PLUTO_PEER_CLIENT_MASK",
                self.peer_client.mask().to_string(),
            ),
            ("PLUTO_PEER_PORT", self.peer_port.to_string()),
            ("PLUTO_PEER_PROTOCOL", self.peer_protocol.to_string()),
            ("PLUTO_PEER_CA", self.peer_ca.clone()),
        ];
        if let Some((inb, outb)) = self.spis {
            v.push(("PLUTO_SPI_IN", format!("0x{inb:08x}")));
            v.push(("PLUTO_SPI_OUT", format!("0x{outb:08x}")));
        }
        v.into_iter().map(|(k, val)| (k.to_string(), val)).collect()
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No updown configured (`%disabled` or empty).
    Disabled,
    /// Exit status 0.
    Ok,
    /// Non-zero exit, killed, or not runnable.
    Failed(String),
}

/// Run `command` (a shell command line, as the manual says) for `op`,
/// wait for it, and log every line it prints.
pub fn run(command: &str, ctx: &UpdownContext, op: Operation) -> Outcome {
    let command = command.trim();
    if command.is_empty() || command == "%disabled" {
        return Outcome::Disabled;
    }
    let verb = ctx.verb(op);
    tracing::debug!(target: "control", "running updown command \"{command}\" for verb {verb}");
    let out = Command::new("/bin/sh")
        .arg("-c")
        .arg(command)
        .envs(ctx.environment(op))
        .stdin(Stdio::null())
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            let msg = format!("{verb}: cannot run updown command \"{command}\": {e}");
            tracing::warn!("\"{}\": {msg}", ctx.connection);
            return Outcome::Failed(msg);
        }
    };
    for line in String::from_utf8_lossy(&out.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&out.stderr).lines())
    {
        tracing::info!("\"{}\": {verb}: {line}", ctx.connection);
    }
    if out.status.success() {
        Outcome::Ok
    } else {
        let msg = format!("{verb} command exited with {}", out.status);
        tracing::warn!("\"{}\": {msg}", ctx.connection);
        Outcome::Failed(msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(me: &str, peer: &str) -> UpdownContext {
        let me: IpAddr = me.parse().unwrap();
        let peer: IpAddr = peer.parse().unwrap();
        UpdownContext {
            connection: "c".into(),
            me,
            peer,
            next_hop: peer,
            interface: "lo".into(),
            my_client: Subnet::host(me),
            peer_client: Subnet::host(peer),
            my_protocol: 0,
            peer_protocol: 0,
            my_port: 0,
            peer_port: 0,
            my_id: me.to_string(),
            peer_id: peer.to_string(),
            peer_ca: String::new(),
            spis: None,
        }
    }

    #[test]
    fn verbs() {
        let c = ctx("192.0.2.1", "192.0.2.2");
        assert_eq!(c.verb(Operation::Up), "up-host");
        let mut c6 = ctx("2001:db8::1", "2001:db8::2");
        assert_eq!(c6.verb(Operation::Prepare), "prepare-host-v6");
        c6.my_client = Subnet {
            addr: "2001:db8:1::".parse().unwrap(),
            prefix: 64,
        };
        assert_eq!(c6.verb(Operation::Down), "down-client-v6");
    }

    #[test]
    fn masks() {
        let s = Subnet {
            addr: "10.0.1.0".parse().unwrap(),
            prefix: 24,
        };
        assert_eq!(s.mask().to_string(), "255.255.255.0");
        assert_eq!(
            Subnet::host("10.0.0.1".parse().unwrap()).mask().to_string(),
            "255.255.255.255"
        );
        let z = Subnet {
            addr: "0.0.0.0".parse().unwrap(),
            prefix: 0,
        };
        assert_eq!(z.mask().to_string(), "0.0.0.0");
    }

    #[test]
    fn runs_script_with_environment() {
        let c = ctx("192.0.2.1", "192.0.2.2");
        let out = std::env::temp_dir().join(format!("updown-{}", std::process::id()));
        let cmd = format!("env | grep ^PLUTO_ > {}", out.display());
        assert_eq!(run(&cmd, &c, Operation::Up), Outcome::Ok);
        let env = std::fs::read_to_string(&out).unwrap();
        let _ = std::fs::remove_file(&out);
        assert!(env.contains("PLUTO_VERB=up-host\n"), "{env}");
        assert!(env.contains("PLUTO_PEER_CLIENT=192.0.2.2/32\n"), "{env}");
        assert!(
            env.contains("PLUTO_MY_CLIENT_MASK=255.255.255.255\n"),
            "{env}"
        );
        assert!(matches!(
            run("exit 3", &c, Operation::Down),
            Outcome::Failed(_)
        ));
        assert_eq!(run("%disabled", &c, Operation::Down), Outcome::Disabled);
    }
}
