//! `config setup`: the keywords that mirror pluto's options (ipsec.conf(5),
//! pluto(8)). `None`/empty means not set: the command line or the default wins.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::value::{self, boolean, choice};

/// `protostack=`: the kernel interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtoStack {
    /// `netkey` / `native` / `xfrm` / `auto`: Linux XFRM (`--use-netkey`).
    Xfrm,
    /// `none`: no kernel (`--use-nostack`).
    NoStack,
}

/// `ddos-mode=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DdosMode {
    /// `auto`.
    Auto,
    /// `busy` (like `--force-busy`).
    Busy,
    /// `unlimited`.
    Unlimited,
}

/// `ikev1-policy=`: what to do with IKEv1 packets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ikev1Policy {
    /// `accept`.
    Accept,
    /// `reject`: answer with a notification.
    Reject,
    /// `drop`.
    Drop,
}

/// `nhelpers=`: `-1` in Libreswan means "CPUs - 1".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nhelpers {
    /// `-1`: choose from the number of CPUs.
    Auto,
    /// This many helper threads (0: do the work inline).
    Count(u32),
}

/// The `config setup` section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigSetup {
    /// `plutodebug=`: debug class names (`none`, `all`, `base`, ...), as written.
    pub plutodebug: Vec<String>,
    /// `logfile=` (`plutostderrlog=`).
    pub logfile: Option<PathBuf>,
    /// `logappend=`.
    pub logappend: Option<bool>,
    /// `logtime=`.
    pub logtime: Option<bool>,
    /// `logip=`.
    pub logip: Option<bool>,
    /// `ikeport=` (`--ikeport`).
    pub ikeport: Option<u16>,
    /// `nat-ikeport=` (`--natikeport`).
    pub nat_ikeport: Option<u16>,
    /// `listen=` (`--listen`).
    pub listen: Option<IpAddr>,
    /// `interfaces=` as written (`%defaultroute`, `ipsec0=eth0`, ...).
    pub interfaces: Option<String>,
    /// `uniqueids=` (`--uniqueids`).
    pub uniqueids: Option<bool>,
    /// `nhelpers=` (`--nhelpers`).
    pub nhelpers: Option<Nhelpers>,
    /// `keep-alive=` (`--keep-alive`).
    pub keep_alive: Option<Duration>,
    /// `virtual-private=` (`--virtual-private`), as written.
    pub virtual_private: Option<String>,
    /// `protostack=`.
    pub protostack: Option<ProtoStack>,
    /// `ipsecdir=` (`--ipsecdir`).
    pub ipsecdir: Option<PathBuf>,
    /// `secretsfile=` (`--secretsfile`; may be a glob).
    pub secretsfile: Option<String>,
    /// `dumpdir=` (`--coredir`).
    pub dumpdir: Option<PathBuf>,
    /// `perpeerlog=` (`--perpeerlog`).
    pub perpeerlog: Option<bool>,
    /// `perpeerlogdir=` (`--perpeerlogbase`).
    pub perpeerlogdir: Option<PathBuf>,
    /// `force-busy=` (`--force-busy`).
    pub force_busy: Option<bool>,
    /// `ddos-mode=`.
    pub ddos_mode: Option<DdosMode>,
    /// `ikev1-policy=`.
    pub ikev1_policy: Option<Ikev1Policy>,
    /// `shuntlifetime=`.
    pub shuntlifetime: Option<Duration>,
}

impl ConfigSetup {
    pub(crate) fn apply(&mut self, key: &str, v: &str) -> Result<(), String> {
        let path = |v: &str| -> Result<PathBuf, String> {
            if v.is_empty() {
                Err("empty path".into())
            } else {
                Ok(PathBuf::from(v))
            }
        };
        match key {
            "plutodebug" => {
                let names: Vec<String> = value::list(v)
                    .into_iter()
                    .map(str::to_ascii_lowercase)
                    .collect();
                for n in &names {
                    let bare = n.trim_start_matches("no-").trim_start_matches('-');
                    if bare.is_empty()
                        || !bare
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        return Err(format!("bad debug class '{n}'"));
                    }
                }
                self.plutodebug = names;
            }
            "logfile" => self.logfile = Some(path(v)?),
            "logappend" => self.logappend = Some(boolean(v)?),
            "logtime" => self.logtime = Some(boolean(v)?),
            "logip" => self.logip = Some(boolean(v)?),
            "ikeport" => self.ikeport = Some(value::port(v)?),
            "nat-ikeport" => self.nat_ikeport = Some(value::port(v)?),
            "listen" => self.listen = Some(value::ip(v)?),
            "interfaces" => self.interfaces = Some(v.to_string()),
            "uniqueids" => self.uniqueids = Some(boolean(v)?),
            "nhelpers" => {
                self.nhelpers = Some(if v == "-1" {
                    Nhelpers::Auto
                } else {
                    Nhelpers::Count(
                        value::number(v, 1024).map_err(|e| format!("{e} (or -1 for CPUs - 1)"))?
                            as u32,
                    )
                })
            }
            "keep-alive" => self.keep_alive = Some(value::duration(v)?),
            "virtual-private" => self.virtual_private = Some(v.to_string()),
            "protostack" => {
                self.protostack = Some(match v.to_ascii_lowercase().as_str() {
                    "netkey" | "native" | "xfrm" | "auto" => ProtoStack::Xfrm,
                    "none" => ProtoStack::NoStack,
                    "klips" | "mast" => {
                        return Err("KLIPS/MAST are gone: use protostack=netkey (XFRM)".into())
                    }
                    _ => return Err("expected netkey (XFRM) or none".into()),
                })
            }
            "ipsecdir" => self.ipsecdir = Some(path(v)?),
            "secretsfile" => self.secretsfile = Some(path(v)?.to_string_lossy().into_owned()),
            "dumpdir" => self.dumpdir = Some(path(v)?),
            "perpeerlog" => self.perpeerlog = Some(boolean(v)?),
            "perpeerlogdir" => self.perpeerlogdir = Some(path(v)?),
            "force-busy" => self.force_busy = Some(boolean(v)?),
            "ddos-mode" => {
                self.ddos_mode = Some(choice(
                    v,
                    &[
                        ("auto", DdosMode::Auto),
                        ("busy", DdosMode::Busy),
                        ("unlimited", DdosMode::Unlimited),
                    ],
                )?)
            }
            "ikev1-policy" => {
                self.ikev1_policy = Some(choice(
                    v,
                    &[
                        ("accept", Ikev1Policy::Accept),
                        ("reject", Ikev1Policy::Reject),
                        ("drop", Ikev1Policy::Drop),
                    ],
                )?)
            }
            "shuntlifetime" => self.shuntlifetime = Some(value::duration(v)?),
            other => {
                return Err(format!(
                    "internal: supported keyword '{other}' has no parser"
                ))
            }
        }
        Ok(())
    }
}
