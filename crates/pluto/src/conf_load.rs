//! `--config ipsec.conf`: `config setup` keys fill the options the command
//! line left at their defaults (the command line wins), and conns with
//! `auto=add|ondemand|start` are loaded as `addconn --autoall` would.
#![forbid(unsafe_code)]

use std::path::Path;

use crate::config::conf::{Auto, Nhelpers, ProtoStack};
use crate::config::{ConfigError, IpsecConf};
use crate::daemon::{say, Daemon};
use crate::options::{LogTarget, Options, Stack};
use whack_proto::Rc;

/// Parse the file and merge `config setup` into `opts`.
pub fn load(path: &Path, opts: &mut Options) -> Result<IpsecConf, ConfigError> {
    let conf = IpsecConf::load(path)?;
    for w in conf.warnings() {
        tracing::warn!("{w}");
    }
    let s = &conf.setup;
    let d = Options::default();
    if opts.ikeport == d.ikeport {
        if let Some(p) = s.ikeport {
            opts.ikeport = p;
        }
    }
    if opts.natikeport == d.natikeport {
        if let Some(p) = s.nat_ikeport {
            opts.natikeport = p;
        }
    }
    if opts.listen.is_empty() {
        if let Some(a) = s.listen {
            opts.listen.push(a);
        }
    }
    if opts.secretsfile == d.secretsfile {
        if let Some(f) = &s.secretsfile {
            opts.secretsfile = f.clone();
        }
    }
    if opts.ipsecdir == d.ipsecdir {
        if let Some(p) = &s.ipsecdir {
            opts.ipsecdir = p.clone();
        }
    }
    if opts.coredir.is_none() {
        opts.coredir = s.dumpdir.clone();
    }
    if opts.log == LogTarget::Syslog {
        if let Some(f) = &s.logfile {
            opts.log = LogTarget::File(f.clone());
        }
    }
    if opts.stack == d.stack {
        if let Some(ps) = s.protostack {
            // Only XFRM exists on Linux; anything else was refused by the parser.
            if ps != ProtoStack::Xfrm {
                opts.stack = Stack::NoStack;
            }
        }
    }
    if opts.nhelpers.is_none() {
        if let Some(Nhelpers::Count(n)) = s.nhelpers {
            opts.nhelpers = Some(n as usize);
        }
    }
    // ipsec.conf(5): uniqueids defaults to yes; only `uniqueids=no` keeps
    // duplicates (the bare command line keeps the manual's default, off).
    if s.uniqueids != Some(false) {
        opts.uniqueids = true;
    }
    if s.force_busy == Some(true) {
        opts.force_busy = true;
    }
    if opts.keep_alive.is_none() {
        opts.keep_alive = s
            .keep_alive
            .map(|k| u32::try_from(k.as_secs()).unwrap_or(u32::MAX));
    }
    if opts.virtual_private.is_none() {
        opts.virtual_private = s.virtual_private.clone();
    }
    Ok(conf)
}

/// Listen, load the conns that `auto=` asks for, and start `auto=start` ones.
pub fn add_conns(d: &mut Daemon, conf: IpsecConf) {
    d.listen(None);
    let mut start = Vec::new();
    for c in conf.conns() {
        if c.auto == Auto::Ignore {
            continue;
        }
        let w = match c.to_whack() {
            Ok(w) => w,
            Err(e) => {
                say(None, Rc::FATAL, e.to_string());
                continue;
            }
        };
        for k in &w.not_carried {
            tracing::warn!(
                "\"{}\": {k}= is not supported yet and was not applied",
                c.name
            );
        }
        for k in w.keys {
            if let Some(key) = k.rsa_key {
                d.pubkeys.push((k.id, key));
            }
        }
        for req in w.connections {
            let name = req.name.clone();
            d.add_connection(req, None);
            match c.auto {
                Auto::Start => start.push(name),
                Auto::Ondemand => d.route_connection(&name, None),
                // add: wait for the peer; keep: the same, and keeping it up
                // once the peer brought it up is the state machine's job.
                _ => {}
            }
        }
    }
    for name in start {
        crate::engine::initiate_async(d, &name);
    }
}
