//! `ipsec.conf` (ipsec.conf(5)): sections, includes, `also=` and `%default`
//! resolution, and every keyword typed and validated (table: `keywords.rs`
//! and `config/README.md`). A keyword Libreswan has but we do not support
//! yet is a [`Warning`]; a keyword Libreswan does not have is an error.
//!
//! Resolution, as Libreswan 4: a conn's own keywords and those of its `also=`
//! sections (depth first) must not set a keyword twice ("duplicate key");
//! `%default` fills in what none of them sets.
//!
//! ```
//! use pluto::config::{IpsecConf, MemFs};
//! use pluto::config::conf::Auto;
//! let mut fs = MemFs::new();
//! fs.insert("/etc/ipsec.conf", "conn %default\n\tikelifetime=1h\n\
//!     conn base\n\tleft=192.0.2.1\n\
//!     conn west\n\talso=base\n\tright=192.0.2.2\n\tauto=add\n");
//! let conf = IpsecConf::load_with(&fs, "/etc/ipsec.conf".as_ref()).unwrap();
//! let west = conf.conn("west").unwrap();
//! assert_eq!(west.auto, Auto::Add);
//! assert_eq!(west.ikelifetime, Some(std::time::Duration::from_secs(3600)));
//! assert!(west.left.host.is_some());
//! ```

mod conn;
pub mod keywords;
mod lexer;
mod setup;
mod to_whack;
mod types;
mod value;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub use conn::{Conn, ConnEnd};
pub use setup::{ConfigSetup, DdosMode, Ikev1Policy, Nhelpers, ProtoStack};
pub use to_whack::WhackConn;
pub use types::{
    AddrFamily, AddressRange, AuthBy, Auto, ConnType, DpdAction, Encaps, EndAuth, Esn,
    Fragmentation, HostAddr, IkeVersion, KeyingTries, NextHop, Phase2, ProtoPort, PubKey, SendCert,
    Subnet, Updown, XauthBy, XauthFail,
};

use self::keywords::Status;
use self::lexer::{RawEntry, RawSection, Reader, SectionKind};
use super::error::{ConfigError, Location, Warning};
use super::id::Id;
use super::source::{FileSource, RealFs};

/// Which end of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// `left*=`.
    Left,
    /// `right*=`.
    Right,
}

/// How deep `also=` may nest.
pub const MAX_ALSO_DEPTH: usize = 32;

/// A parsed and resolved `ipsec.conf`.
#[derive(Debug, Clone, Default)]
pub struct IpsecConf {
    /// The merged `config setup` sections.
    pub setup: ConfigSetup,
    conns: Vec<Conn>,
    warnings: Vec<Warning>,
}

impl IpsecConf {
    /// Loads `path` from disk, following includes.
    pub fn load(path: &Path) -> Result<IpsecConf, ConfigError> {
        Self::load_with(&RealFs, path)
    }

    /// Loads `path` from `fs`.
    pub fn load_with(fs: &dyn FileSource, path: &Path) -> Result<IpsecConf, ConfigError> {
        let mut reader = Reader::new(fs);
        reader.file(path, None)?;
        build(reader.sections, reader.warnings)
    }

    /// Parses `text` as the file `name`; includes are read from `fs`.
    pub fn parse_str(
        fs: &dyn FileSource,
        name: &Path,
        text: &str,
    ) -> Result<IpsecConf, ConfigError> {
        let mut reader = Reader::new(fs);
        reader.text(name, text)?;
        build(reader.sections, reader.warnings)
    }

    /// Every conn except `%default`, in file order (templates included:
    /// their `auto` is usually `ignore`).
    pub fn conns(&self) -> &[Conn] {
        &self.conns
    }

    /// The conn called `name`.
    pub fn conn(&self, name: &str) -> Option<&Conn> {
        self.conns.iter().find(|c| c.name == name)
    }

    /// Warnings: unsupported or obsolete keywords, overridden duplicates,
    /// unresolved names, empty include globs.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

/// A keyword=value checked against the table.
#[derive(Debug, Clone)]
struct Checked {
    canonical: &'static str,
    side: Option<Side>,
    raw: RawEntry,
}

type Key = (&'static str, Option<Side>);
type Resolved = BTreeMap<Key, Checked>;

/// A section's checked entries: `also=` names in order, and the rest.
#[derive(Debug, Default)]
struct Section {
    at: Option<Location>,
    also: Vec<(String, Location)>,
    own: Resolved,
}

fn check(
    entry: &RawEntry,
    setup: bool,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Checked>, ConfigError> {
    let key = entry.key.as_str();
    // x-* and x_* are the user's own keywords: accepted and ignored.
    if key.starts_with("x-") || key.starts_with("x_") {
        return Ok(None);
    }
    let Some(found) = keywords::lookup(key, setup) else {
        let hint = if keywords::lookup(key, !setup).is_some() {
            if setup {
                " (it belongs in a conn section)".to_string()
            } else {
                " (it belongs in the config setup section)".to_string()
            }
        } else {
            String::new()
        };
        return Err(ConfigError::UnknownKeyword {
            at: entry.at.clone(),
            keyword: entry.key.clone(),
            hint,
        });
    };
    match keywords::effective_status(&found) {
        Status::Supported | Status::Alias(_) => Ok(Some(Checked {
            canonical: found.canonical,
            side: found.side,
            raw: entry.clone(),
        })),
        Status::Unsupported => {
            warnings.push(Warning {
                at: entry.at.clone(),
                message: format!("keyword '{key}' is not supported yet; its value is ignored"),
            });
            Ok(None)
        }
        Status::Obsolete(what) => {
            warnings.push(Warning {
                at: entry.at.clone(),
                message: format!("keyword '{key}' is obsolete and ignored: {what}"),
            });
            Ok(None)
        }
    }
}

fn insert(map: &mut Resolved, c: Checked, warnings: &mut Vec<Warning>) {
    let key = (c.canonical, c.side);
    if let Some(old) = map.get(&key) {
        warnings.push(Warning {
            at: c.raw.at.clone(),
            message: format!(
                "'{}' overrides the earlier '{}={}' at {}",
                c.raw.key, old.raw.key, old.raw.value, old.raw.at
            ),
        });
    }
    map.insert(key, c);
}

/// Libreswan refuses a keyword set twice in a conn or across the conn and
/// its also= sections ("duplicate key"); only `%default` values (and
/// `config setup`) may be overridden.
fn insert_once(map: &mut Resolved, c: Checked, conn: &str) -> Result<(), ConfigError> {
    let key = (c.canonical, c.side);
    if let Some(old) = map.get(&key) {
        if old.raw.at == c.raw.at {
            // the same line reached twice through different also= paths
            return Ok(());
        }
        return Err(ConfigError::Conn {
            at: c.raw.at.clone(),
            conn: conn.to_string(),
            message: format!(
                "{}= is already set by '{}={}' at {}: a keyword may be set once in a conn and its also= sections (only %default values can be overridden)",
                c.raw.key, old.raw.key, old.raw.value, old.raw.at
            ),
        });
    }
    map.insert(key, c);
    Ok(())
}

fn build(sections: Vec<RawSection>, mut warnings: Vec<Warning>) -> Result<IpsecConf, ConfigError> {
    let mut setup_map = Resolved::new();
    let mut default = Section::default();
    let mut conns: Vec<(String, Section)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();

    for raw in sections {
        let is_setup = raw.kind == SectionKind::Setup;
        let mut section = Section {
            at: Some(raw.at.clone()),
            ..Section::default()
        };
        for e in &raw.entries {
            let Some(c) = check(e, is_setup, &mut warnings)? else {
                continue;
            };
            if c.canonical == "also" {
                for name in value::list(&c.raw.value) {
                    section.also.push((name.to_string(), c.raw.at.clone()));
                }
                if c.raw.value.trim().is_empty() {
                    return Err(ConfigError::BadValue {
                        at: c.raw.at.clone(),
                        keyword: "also".into(),
                        value: String::new(),
                        message: "needs the name of a conn".into(),
                    });
                }
                continue;
            }
            match &raw.kind {
                SectionKind::Conn(name) if name != "%default" => {
                    insert_once(&mut section.own, c, name)?
                }
                _ => insert(&mut section.own, c, &mut warnings),
            }
        }
        match raw.kind {
            SectionKind::Setup => {
                for (_, c) in section.own {
                    insert(&mut setup_map, c, &mut warnings);
                }
            }
            SectionKind::Conn(name) if name == "%default" => {
                if let Some((_, at)) = section.also.first() {
                    return Err(ConfigError::Conn {
                        at: at.clone(),
                        conn: name,
                        message: "also= is not allowed in %default".into(),
                    });
                }
                for (_, c) in section.own {
                    insert(&mut default.own, c, &mut warnings);
                }
            }
            SectionKind::Conn(name) => {
                if let Some(&i) = index.get(&name) {
                    let first = conns
                        .get(i)
                        .and_then(|(_, s)| s.at.as_ref())
                        .map_or_else(String::new, |at| format!(" (first at {at})"));
                    return Err(ConfigError::Conn {
                        at: raw.at,
                        conn: name,
                        message: format!("duplicate conn name{first}"),
                    });
                }
                index.insert(name.clone(), conns.len());
                conns.push((name, section));
            }
        }
    }

    let mut setup = ConfigSetup::default();
    for c in setup_map.values().filter(|c| !c.raw.value.is_empty()) {
        setup
            .apply(c.canonical, &c.raw.value)
            .map_err(|message| bad(c, message))?;
    }

    let mut memo: HashMap<String, Resolved> = HashMap::new();
    let mut out = Vec::with_capacity(conns.len());
    for (name, section) in &conns {
        let mut stack = Vec::new();
        let mut map = resolve(name, &conns, &index, &mut memo, &mut stack)?;
        for (k, c) in &default.own {
            map.entry(*k).or_insert_with(|| c.clone());
        }
        let at = section.at.clone().unwrap_or_else(|| Location::line("", 0));
        out.push(typed(name, at, &map, &mut warnings)?);
    }
    Ok(IpsecConf {
        setup,
        conns: out,
        warnings,
    })
}

fn bad(c: &Checked, message: String) -> ConfigError {
    ConfigError::BadValue {
        at: c.raw.at.clone(),
        keyword: c.raw.key.clone(),
        value: c.raw.value.clone(),
        message,
    }
}

/// Own keywords, then each also= section's resolved keywords that are not
/// set yet. `stack` holds the conns being resolved (loop detection).
fn resolve(
    name: &str,
    conns: &[(String, Section)],
    index: &HashMap<String, usize>,
    memo: &mut HashMap<String, Resolved>,
    stack: &mut Vec<String>,
) -> Result<Resolved, ConfigError> {
    if let Some(done) = memo.get(name) {
        return Ok(done.clone());
    }
    let Some((_, section)) = index.get(name).and_then(|&i| conns.get(i)) else {
        return Ok(Resolved::new());
    };
    stack.push(name.to_string());
    let mut map = section.own.clone();
    for (target, at) in &section.also {
        if stack.iter().any(|s| s == target) {
            let mut chain = stack.clone();
            chain.push(target.clone());
            return Err(ConfigError::Conn {
                at: at.clone(),
                conn: name.to_string(),
                message: format!("also= loop: {}", chain.join(" -> ")),
            });
        }
        if stack.len() >= MAX_ALSO_DEPTH {
            return Err(ConfigError::Conn {
                at: at.clone(),
                conn: name.to_string(),
                message: format!("also= nested deeper than {MAX_ALSO_DEPTH}"),
            });
        }
        if !index.contains_key(target) {
            let what = if target == "%default" {
                "also=%default is not allowed (%default applies to every conn)".to_string()
            } else {
                format!("also={target}: there is no conn '{target}'")
            };
            return Err(ConfigError::Conn {
                at: at.clone(),
                conn: name.to_string(),
                message: what,
            });
        }
        let sub = resolve(target, conns, index, memo, stack)?;
        for (_, c) in sub {
            insert_once(&mut map, c, name)?;
        }
    }
    stack.pop();
    memo.insert(name.to_string(), map.clone());
    Ok(map)
}

fn typed(
    name: &str,
    at: Location,
    map: &Resolved,
    warnings: &mut Vec<Warning>,
) -> Result<Conn, ConfigError> {
    let mut conn = Conn::new(name.to_string(), at);
    let mut version: Option<(types::IkeVersion, &Checked)> = None;
    for c in map.values() {
        let v = c.raw.value.as_str();
        if v.is_empty() {
            // ipsec.conf(5): an empty value stands for the default, as if
            // the line were omitted (it still hides also=/%default values).
            continue;
        }
        match c.canonical {
            "ikev2" | "keyexchange" => {
                let parsed = ike_version(c.canonical, v).map_err(|m| bad(c, m))?;
                if let Some(ver) = parsed {
                    if let Some((other, oc)) = version {
                        if other != ver {
                            return Err(bad(
                                c,
                                format!(
                                    "contradicts {}={} at {}",
                                    oc.raw.key, oc.raw.value, oc.raw.at
                                ),
                            ));
                        }
                    }
                    version = Some((ver, c));
                }
            }
            _ => conn.apply(c.canonical, c.side, v).map_err(|m| bad(c, m))?,
        }
        if c.canonical == "id" {
            if let Some(Id::Hostname(h)) = &conn.end(c.side.unwrap_or(Side::Left)).id {
                warnings.push(Warning {
                    at: c.raw.at.clone(),
                    message: format!("ID '{h}' is a host name: it is not resolved and is used as the FQDN ID @{h}"),
                });
            }
        }
    }
    for side in [Side::Left, Side::Right] {
        let one = map.get(&("subnet", Some(side)));
        let many = map.get(&("subnets", Some(side)));
        if let (Some(one), Some(many)) = (one, many) {
            warnings.push(Warning {
                at: one.raw.at.clone(),
                message: format!(
                    "{}= and {}= (at {}) are both set: the conn gets all of their subnets",
                    one.raw.key, many.raw.key, many.raw.at
                ),
            });
        }
    }
    if let Some((v, _)) = version {
        conn.ike_version = v;
    }
    Ok(conn)
}

/// `ikev2=` (Libreswan: never/permit/propose/insist, yes/no/always) and
/// `keyexchange=` (ike/ikev1/ikev2). `None`: no preference.
fn ike_version(key: &str, v: &str) -> Result<Option<types::IkeVersion>, String> {
    use types::IkeVersion::{V1, V2};
    let l = v.to_ascii_lowercase();
    if key == "keyexchange" {
        return match l.as_str() {
            "ike" => Ok(None),
            "ikev1" => Ok(Some(V1)),
            "ikev2" => Ok(Some(V2)),
            _ => Err("expected ike, ikev1 or ikev2".into()),
        };
    }
    match l.as_str() {
        "yes" | "propose" | "insist" | "always" | "permit" => Ok(Some(V2)),
        "no" | "never" => Ok(Some(V1)),
        _ => Err("expected yes (IKEv2) or no (IKEv1)".into()),
    }
}
