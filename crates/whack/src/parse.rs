//! From the command line to one request: the manual's argument syntax.
//!
//! Pass 1 turns arguments into option occurrences (`--opt VALUE`, `--opt=VALUE`, an
//! unambiguous prefix as getopt_long(3) allows), noting for each end option whether it came
//! before or after `--to`. Pass 2 works out which form of the synopsis was used, refuses
//! options that do not belong to it, and builds the [`Request`].

use std::collections::HashSet;
use std::net::IpAddr;
use std::path::PathBuf;
use std::str::FromStr;

use whack_proto::paths::{ctl_socket, rundir_ctlbase, DEFAULT_CTLBASE};
use whack_proto::{
    AddrFamily, AddressRange, Client, ConnectionRequest, DebugChange, DebugClass, DebugRequest,
    DhGroup, DpdAction, Encaps, End, FailShunt, Fragmentation, HostAddr, IkeVersion, Impairment,
    InitiateRequest, ListRequest, ModeCfg, NextHop, OppoRequest, ProtoPort, PublicKeyRequest,
    Request, RereadRequest, SendCa, SendCert, Shunt, StatusRequest, Subnet, DEBUG_CLASS_NAMES,
    IMPAIR_NAMES,
};

use crate::options::{lookup, table, Arg, Cmd, ConnOpt, EndOpt, Lookup, Opt};

/// A problem with the command line; the message names the option.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

fn err<T>(msg: impl Into<String>) -> Result<T, UsageError> {
    Err(UsageError(msg.into()))
}

/// What whack was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `--help`.
    Help,
    /// `--version`.
    Version,
    /// Send this request to pluto.
    Send(Request),
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// The control socket.
    pub socket: PathBuf,
    /// `--label`: prefix of whack's own error messages.
    pub label: Option<String>,
    /// What to do.
    pub action: Action,
}

/// One option as given.
#[derive(Debug, Clone)]
struct Occ {
    /// The option's full name, with `--`.
    name: String,
    opt: Opt,
    value: Option<String>,
    /// Given after `--to`.
    right: bool,
}

/// Pass 1.
fn tokenize(args: &[String]) -> Result<(Vec<Occ>, Vec<String>), UsageError> {
    let table = table();
    let mut occs = Vec::new();
    let mut positional = Vec::new();
    let mut right = false;
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        if arg == "--" {
            positional.extend(args.iter().skip(i).cloned());
            break;
        }
        let Some(body) = arg.strip_prefix("--") else {
            if arg.starts_with('-') && arg.len() > 1 {
                return err(format!(
                    "unknown option {arg}: whack options are long options, starting with --"
                ));
            }
            positional.push(arg.clone());
            continue;
        };
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (body, None),
        };
        let spec = match lookup(&table, name) {
            Lookup::Found(spec) => spec,
            Lookup::Unknown => return err(format!("unknown option --{name}; see whack --help")),
            Lookup::Ambiguous(c) => {
                return err(format!(
                    "option --{name} is ambiguous: it could be --{}",
                    c.join(", --")
                ))
            }
        };
        let full = format!("--{}", spec.name);
        let value = match (spec.arg, inline) {
            (Arg::None, Some(_)) => return err(format!("{full} takes no value")),
            (Arg::None, None) => None,
            (_, Some(v)) => Some(v),
            (Arg::Required, None) => match args.get(i) {
                Some(v) => {
                    i += 1;
                    Some(v.clone())
                }
                None => return err(format!("{full} needs a value")),
            },
            (Arg::Optional, None) => match args.get(i) {
                Some(v) if !v.starts_with("--") => {
                    i += 1;
                    Some(v.clone())
                }
                _ => None,
            },
        };
        if spec.opt == Opt::To {
            if right {
                return err("--to given twice: it separates the left end from the right end");
            }
            right = true;
        }
        occs.push(Occ {
            name: full,
            opt: spec.opt,
            value,
            right,
        });
    }
    Ok((occs, positional))
}

/// The forms of the synopsis: those selected by several options, and the rest by their
/// one command option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Form {
    Connection,
    Debug,
    Oppo,
    List,
    Reread,
    Status,
    Cmd(Cmd),
}

fn form_of(opt: Opt) -> Option<Form> {
    Some(match opt {
        // --tunnelipv4/6 belong to the connection and the opportunistic forms alike.
        Opt::Conn(ConnOpt::TunnelIpv4 | ConnOpt::TunnelIpv6) => return None,
        Opt::End(_) | Opt::Conn(_) | Opt::To => Form::Connection,
        Opt::Cmd(c) => match c {
            Cmd::OppoHere | Cmd::OppoThere => Form::Oppo,
            Cmd::List(_) => Form::List,
            Cmd::Reread(_) => Form::Reread,
            Cmd::Status(_) => Form::Status,
            c => Form::Cmd(c),
        },
        Opt::Debug(_) | Opt::DebugNamed | Opt::Impair(_) | Opt::ImpairNamed => Form::Debug,
        _ => return None,
    })
}

/// For options that only modify a form: the form(s) they go with.
fn modifier_of(opt: Opt) -> Option<&'static str> {
    Some(match opt {
        Opt::AddKey | Opt::PubKeyRsa => "--keyid",
        Opt::Asynchronous => "--initiate or --terminate",
        Opt::XauthUser | Opt::XauthPass => "--initiate",
        Opt::Utc => "--list* or --reread*",
        Opt::Json => "--status, --trafficstatus or --shuntstatus",
        _ => return None,
    })
}

/// Parses whack's arguments (without the program name).
pub fn parse(args: &[String]) -> Result<Invocation, UsageError> {
    let (occs, positional) = tokenize(args)?;
    if occs.iter().any(|o| o.opt == Opt::Help) {
        return invocation(&occs, Action::Help);
    }
    if occs.iter().any(|o| o.opt == Opt::Version) {
        return invocation(&occs, Action::Version);
    }

    // Which forms were used, each with the first option that selected it.
    let mut forms: Vec<(Form, &str)> = Vec::new();
    for o in &occs {
        if let Some(f) = form_of(o.opt) {
            if !forms.iter().any(|(g, _)| *g == f) {
                forms.push((f, &o.name));
            }
        }
    }
    // In the connection form, --delete means "replace any connection of that name".
    if forms.iter().any(|(f, _)| *f == Form::Connection) {
        forms.retain(|(f, _)| *f != Form::Cmd(Cmd::Delete));
    }
    let form = match forms.as_slice() {
        [] if !positional.is_empty() => {
            return err(format!(
                "unexpected argument {:?}: nothing to do with it; see whack --help",
                positional.join(" ")
            ))
        }
        [] if occs.iter().any(|o| modifier_of(o.opt).is_some()) => {
            let o = occs.iter().find(|o| modifier_of(o.opt).is_some());
            let (name, of) = o.map_or(("", ""), |o| (o.name.as_str(), modifier_of(o.opt).unwrap_or("")));
            return err(format!("{name} does not apply on its own: it goes with {of}"));
        }
        [] if occs.iter().any(|o| o.opt == Opt::Name) => {
            return err("--name given but nothing to do with the connection (add --to ... to describe it, or --initiate, --route, --delete, ...)")
        }
        [] if occs.iter().any(|o| o.opt == Opt::Conn(ConnOpt::TunnelIpv4) || o.opt == Opt::Conn(ConnOpt::TunnelIpv6)) => {
            return err("--tunnelipv4/--tunnelipv6 need a connection (--name ... --to ...) or --oppohere/--oppothere")
        }
        [] => return err("nothing to do; see whack --help"),
        [(f, _)] => *f,
        [(_, a), (_, b), ..] => {
            return err(format!(
                "{a} cannot be combined with {b}: whack sends one request at a time"
            ))
        }
    };

    let b = Build::new(&occs, positional)?;
    let request = b.request(form)?;
    invocation(&occs, Action::Send(request))
}

/// The control options and the action.
fn invocation(occs: &[Occ], action: Action) -> Result<Invocation, UsageError> {
    let mut socket = None;
    let mut label = None;
    for o in occs {
        let v = o.value.clone().unwrap_or_default();
        let path = match o.opt {
            Opt::CtlBase => ctl_socket(&PathBuf::from(v)),
            Opt::CtlSocket => PathBuf::from(v),
            Opt::RunDir => ctl_socket(&rundir_ctlbase(&PathBuf::from(v))),
            Opt::Label => {
                if label.replace(v).is_some() {
                    return err("--label given twice");
                }
                continue;
            }
            _ => continue,
        };
        if socket.replace(path).is_some() {
            return err(
                "give the control socket once: --ctlbase, --ctlsocket and --rundir each name it",
            );
        }
    }
    Ok(Invocation {
        socket: socket.unwrap_or_else(|| ctl_socket(&PathBuf::from(DEFAULT_CTLBASE))),
        label,
        action,
    })
}

fn value<T: FromStr>(o: &Occ) -> Result<T, UsageError>
where
    T::Err: std::fmt::Display,
{
    let v = o.value.as_deref().unwrap_or_default();
    v.parse::<T>()
        .map_err(|e| UsageError(format!("{} {v:?}: {e}", o.name)))
}

fn number<T: FromStr>(o: &Occ, what: &str) -> Result<T, UsageError> {
    let v = o.value.as_deref().unwrap_or_default();
    v.parse::<T>()
        .map_err(|_| UsageError(format!("{} needs {what}, not {v:?}", o.name)))
}

fn ip(o: &Occ) -> Result<IpAddr, UsageError> {
    number(o, "an IP address")
}

fn text(o: &Occ) -> String {
    o.value.clone().unwrap_or_default()
}

/// Pass 2 state: the occurrences, with duplicate detection.
struct Build<'a> {
    occs: &'a [Occ],
    positional: Vec<String>,
    name: Option<String>,
}

impl<'a> Build<'a> {
    fn new(occs: &'a [Occ], positional: Vec<String>) -> Result<Build<'a>, UsageError> {
        let mut name = None;
        for o in occs.iter().filter(|o| o.opt == Opt::Name) {
            if name.replace(text(o)).is_some() {
                return err("--name given twice");
            }
        }
        Ok(Build {
            occs,
            positional,
            name,
        })
    }

    /// Refuses options that do not belong to `form`; `allowed` lists the extra ones.
    fn only(&self, form: Form, what: &str, allowed: &[Opt]) -> Result<(), UsageError> {
        for o in self.occs {
            let fits = match o.opt {
                Opt::Help
                | Opt::Version
                | Opt::Label
                | Opt::CtlBase
                | Opt::CtlSocket
                | Opt::RunDir => true,
                opt if allowed.contains(&opt) => true,
                opt => form_of(opt) == Some(form),
            };
            if !fits {
                return err(format!("{} does not apply to {what}", o.name));
            }
        }
        Ok(())
    }

    /// The connection name: `--name`, or (as in the manual's example
    /// `ipsec whack --route conn_name`) one plain argument.
    fn conn_name(&self, what: &str) -> Result<String, UsageError> {
        match (&self.name, self.positional.as_slice()) {
            (Some(n), []) => Ok(n.clone()),
            (None, [n]) => Ok(n.clone()),
            (Some(_), [extra, ..]) => err(format!("unexpected argument {extra:?}")),
            (None, []) => err(format!("{what} needs --name connection-name")),
            (None, [_, extra, ..]) => err(format!("unexpected argument {extra:?}")),
        }
    }

    fn no_positional(&self) -> Result<(), UsageError> {
        match self.positional.first() {
            Some(p) => err(format!("unexpected argument {p:?}")),
            None => Ok(()),
        }
    }

    fn has(&self, opt: Opt) -> bool {
        self.occs.iter().any(|o| o.opt == opt)
    }

    fn one(&self, opt: Opt) -> Result<Option<&'a Occ>, UsageError> {
        let mut it = self.occs.iter().filter(|o| o.opt == opt);
        let first = it.next();
        if let Some(second) = it.next() {
            return err(format!("{} given twice", second.name));
        }
        Ok(first)
    }

    fn request(&self, form: Form) -> Result<Request, UsageError> {
        use Opt as O;
        match form {
            Form::Connection => self.connection(),
            Form::Cmd(Cmd::KeyId) => {
                self.only(form, "--keyid", &[O::AddKey, O::PubKeyRsa])?;
                self.no_positional()?;
                Ok(Request::PublicKey(PublicKeyRequest {
                    id: self.one(O::Cmd(Cmd::KeyId))?.map(text).unwrap_or_default(),
                    add: self.has(O::AddKey),
                    rsa_key: self.one(O::PubKeyRsa)?.map(text),
                }))
            }
            Form::Cmd(Cmd::MyId) => self.simple(form, "--myid", |b| {
                Ok(Request::MyId(
                    b.one(O::Cmd(Cmd::MyId))?.map(text).unwrap_or_default(),
                ))
            }),
            Form::Cmd(Cmd::Listen) => self.simple(form, "--listen", |_| Ok(Request::Listen)),
            Form::Cmd(Cmd::Unlisten) => self.simple(form, "--unlisten", |_| Ok(Request::Unlisten)),
            Form::Cmd(Cmd::Busy) => self.simple(form, "--busy", |_| Ok(Request::Busy)),
            Form::Cmd(Cmd::Relax) => self.simple(form, "--relax", |_| Ok(Request::Relax)),
            Form::Cmd(Cmd::WhackStopRecord) => {
                self.simple(form, "--whackstoprecord", |_| Ok(Request::WhackStopRecord))
            }
            Form::Cmd(Cmd::PurgeOcsp) => {
                self.simple(form, "--purgeocsp", |_| Ok(Request::PurgeOcsp))
            }
            Form::Cmd(Cmd::Shutdown) => self.simple(form, "--shutdown", |_| Ok(Request::Shutdown)),
            Form::Cmd(Cmd::Route)
            | Form::Cmd(Cmd::Unroute)
            | Form::Cmd(Cmd::Delete)
            | Form::Cmd(Cmd::DeleteUser) => {
                let what = match form {
                    Form::Cmd(Cmd::Route) => "--route",
                    Form::Cmd(Cmd::Unroute) => "--unroute",
                    Form::Cmd(Cmd::Delete) => "--delete",
                    _ => "--deleteuser",
                };
                self.only(form, what, &[O::Name])?;
                let name = self.conn_name(what)?;
                Ok(match form {
                    Form::Cmd(Cmd::Route) => Request::Route { name },
                    Form::Cmd(Cmd::Unroute) => Request::Unroute { name },
                    Form::Cmd(Cmd::Delete) => Request::Delete { name },
                    _ => Request::DeleteUser { name },
                })
            }
            Form::Cmd(Cmd::Initiate) => {
                self.only(
                    form,
                    "--initiate",
                    &[O::Name, O::Asynchronous, O::XauthUser, O::XauthPass],
                )?;
                Ok(Request::Initiate(InitiateRequest {
                    name: self.conn_name("--initiate")?,
                    asynchronous: self.has(O::Asynchronous),
                    xauth_user: self.one(O::XauthUser)?.map(text),
                    xauth_pass: self.one(O::XauthPass)?.map(text),
                }))
            }
            Form::Cmd(Cmd::Terminate) => {
                self.only(form, "--terminate", &[O::Name, O::Asynchronous])
                    .map_err(|e| {
                        if self.has(O::XauthUser) || self.has(O::XauthPass) {
                            UsageError("--xauthuser/--xauthpass apply only to --initiate".into())
                        } else {
                            e
                        }
                    })?;
                Ok(Request::Terminate {
                    name: self.conn_name("--terminate")?,
                    asynchronous: self.has(O::Asynchronous),
                })
            }
            Form::Oppo => {
                let tunnel = [O::Conn(ConnOpt::TunnelIpv4), O::Conn(ConnOpt::TunnelIpv6)];
                self.only(form, "--oppohere/--oppothere", &tunnel)?;
                self.no_positional()?;
                let here = self.one(O::Cmd(Cmd::OppoHere))?;
                let there = self.one(O::Cmd(Cmd::OppoThere))?;
                let (Some(here), Some(there)) = (here, there) else {
                    return err("the opportunistic form needs both --oppohere and --oppothere");
                };
                Ok(Request::Opportunistic(OppoRequest {
                    here: ip(here)?,
                    there: ip(there)?,
                    tunnel_family: self.family(ConnOpt::TunnelIpv4, ConnOpt::TunnelIpv6)?,
                }))
            }
            Form::Cmd(Cmd::Crash) => self.simple(form, "--crash", |b| {
                let o = b.one(O::Cmd(Cmd::Crash))?;
                let peer = match o {
                    Some(o) if o.value.is_some() => Some(ip(o)?),
                    _ => None,
                };
                Ok(Request::Crash { peer })
            }),
            Form::Cmd(Cmd::WhackRecord) => self.simple(form, "--whackrecord", |b| {
                Ok(Request::WhackRecord {
                    file: b
                        .one(O::Cmd(Cmd::WhackRecord))?
                        .and_then(|o| o.value.clone()),
                })
            }),
            Form::Cmd(Cmd::DeleteState) => self.simple(form, "--deletestate", |b| {
                let o = b.one(O::Cmd(Cmd::DeleteState))?;
                let v = o.and_then(|o| o.value.as_deref()).unwrap_or_default();
                let serial = v
                    .strip_prefix('#')
                    .unwrap_or(v)
                    .parse::<u64>()
                    .map_err(|_| {
                        UsageError(format!(
                            "--deletestate needs a state number such as 3 or #3, not {v:?}"
                        ))
                    })?;
                Ok(Request::DeleteState { serial })
            }),
            Form::Debug => {
                self.only(form, "the debug form", &[O::Name])?;
                self.no_positional()?;
                self.debug()
            }
            Form::List => {
                self.only(form, "--list*", &[O::Utc])?;
                self.no_positional()?;
                let kinds = self.kinds(|o| match o {
                    O::Cmd(Cmd::List(k)) => Some(k),
                    _ => None,
                });
                Ok(Request::List(ListRequest {
                    utc: self.has(O::Utc),
                    kinds,
                }))
            }
            Form::Reread => {
                self.only(form, "--reread*", &[O::Utc])?;
                self.no_positional()?;
                let kinds = self.kinds(|o| match o {
                    O::Cmd(Cmd::Reread(k)) => Some(k),
                    _ => None,
                });
                Ok(Request::Reread(RereadRequest {
                    utc: self.has(O::Utc),
                    kinds,
                }))
            }
            Form::Status => {
                self.only(form, "--status/--trafficstatus/--shuntstatus", &[O::Json])?;
                self.no_positional()?;
                let mut kinds = Vec::new();
                for o in self.occs {
                    if let O::Cmd(Cmd::Status(k)) = o.opt {
                        if kinds.contains(&k) {
                            return err(format!("{} given twice", o.name));
                        }
                        kinds.push(k);
                    }
                }
                Ok(Request::Status(StatusRequest {
                    kinds,
                    json: self.has(O::Json),
                }))
            }
            // form_of groups these under Oppo, List, Reread and Status.
            Form::Cmd(
                c @ (Cmd::OppoHere
                | Cmd::OppoThere
                | Cmd::List(_)
                | Cmd::Reread(_)
                | Cmd::Status(_)),
            ) => err(format!("{c:?} is part of another form")),
        }
    }

    /// The kinds selected by a form's options, in command-line order.
    fn kinds<T>(&self, pick: fn(Opt) -> Option<T>) -> Vec<T> {
        self.occs.iter().filter_map(|o| pick(o.opt)).collect()
    }

    /// A form with no modifiers and no connection name.
    fn simple(
        &self,
        form: Form,
        what: &str,
        build: impl FnOnce(&Self) -> Result<Request, UsageError>,
    ) -> Result<Request, UsageError> {
        self.only(form, what, &[])?;
        self.no_positional()?;
        build(self)
    }

    fn family(&self, v4: ConnOpt, v6: ConnOpt) -> Result<Option<AddrFamily>, UsageError> {
        match (self.has(Opt::Conn(v4)), self.has(Opt::Conn(v6))) {
            (true, true) => err(format!(
                "--{} and --{} are mutually exclusive",
                name_of(Opt::Conn(v4)),
                name_of(Opt::Conn(v6))
            )),
            (true, false) => Ok(Some(AddrFamily::V4)),
            (false, true) => Ok(Some(AddrFamily::V6)),
            (false, false) => Ok(None),
        }
    }

    /// At most one of a set of mutually exclusive flags.
    fn choice<T: Copy>(&self, options: &[(ConnOpt, T)]) -> Result<Option<T>, UsageError> {
        let given: Vec<&Occ> = self
            .occs
            .iter()
            .filter(|o| options.iter().any(|(c, _)| o.opt == Opt::Conn(*c)))
            .collect();
        let mut distinct: Vec<&str> = given.iter().map(|o| o.name.as_str()).collect();
        distinct.dedup();
        if let [a, b, ..] = distinct.as_slice() {
            if a != b {
                return err(format!("{a} and {b} are mutually exclusive"));
            }
        }
        Ok(given.first().and_then(|o| {
            options
                .iter()
                .find(|(c, _)| o.opt == Opt::Conn(*c))
                .map(|(_, v)| *v)
        }))
    }

    fn debug(&self) -> Result<Request, UsageError> {
        let mut changes = Vec::new();
        let mut impairments = Vec::new();
        for o in self.occs {
            match o.opt {
                Opt::Debug(c) => changes.push(c),
                Opt::DebugNamed => changes.push(debug_by_name(o)?),
                Opt::Impair(i) => {
                    if let Some((_, imp)) = IMPAIR_NAMES.get(i) {
                        impairments.push(imp.clone());
                    }
                }
                Opt::ImpairNamed => {
                    let v = text(o);
                    let known = IMPAIR_NAMES.iter().find(|(n, _)| *n == v);
                    impairments.push(known.map_or(Impairment::Named(v), |(_, i)| i.clone()));
                }
                _ => {}
            }
        }
        Ok(Request::Debug(DebugRequest {
            connection: self.name.clone(),
            changes,
            impairments,
        }))
    }

    fn connection(&self) -> Result<Request, UsageError> {
        self.only(
            Form::Connection,
            "the connection form",
            &[
                Opt::Name,
                Opt::Cmd(Cmd::Delete),
                Opt::Conn(ConnOpt::TunnelIpv4),
                Opt::Conn(ConnOpt::TunnelIpv6),
            ],
        )?;
        self.no_positional()?;
        let Some(name) = self.name.clone() else {
            return err("the connection form needs --name connection-name");
        };
        if !self.has(Opt::To) {
            return err(
                "the connection form needs --to between the left end's options and the right end's",
            );
        }
        let left = self.end(false)?;
        let right = self.end(true)?;
        let mut c = ConnectionRequest::new(name, left, right);
        c.replace = self.has(Opt::Cmd(Cmd::Delete));
        self.connection_options(&mut c)?;
        check_families(&c)?;
        Ok(Request::Connection(Box::new(c)))
    }

    fn end(&self, right: bool) -> Result<End, UsageError> {
        let side = if right {
            "the right end (after --to)"
        } else {
            "the left end (before --to)"
        };
        let mut seen: HashSet<EndOpt> = HashSet::new();
        let mut host = None;
        let mut e = End::new(HostAddr::Any);
        for o in self.occs.iter().filter(|o| o.right == right) {
            let Opt::End(opt) = o.opt else { continue };
            if !seen.insert(opt) && !is_flag(opt) {
                return err(format!("{} given twice for {side}", o.name));
            }
            match opt {
                EndOpt::Host => host = Some(value::<HostAddr>(o)?),
                EndOpt::Id => e.id = Some(text(o)),
                EndOpt::Cert => e.cert = Some(text(o)),
                EndOpt::Ca => e.ca = Some(text(o)),
                EndOpt::Groups => e.groups = Some(text(o)),
                EndOpt::SendCert => e.sendcert = Some(value::<SendCert>(o)?),
                EndOpt::SendCa => e.sendca = Some(value::<SendCa>(o)?),
                EndOpt::CertType => e.certtype = Some(number(o, "a number")?),
                EndOpt::IkePort => {
                    let port: u16 = number(o, "a port number 1..=65535")?;
                    if port == 0 {
                        return err(format!("{} needs a port number 1..=65535, not 0", o.name));
                    }
                    e.ikeport = Some(port);
                }
                EndOpt::NextHop => e.nexthop = Some(value::<NextHop>(o)?),
                EndOpt::Client | EndOpt::ClientWithin => {
                    if e.client.is_some() {
                        return err(format!(
                            "--client and --clientwithin are mutually exclusive ({side})"
                        ));
                    }
                    let s = value::<Subnet>(o)?;
                    e.client = Some(if opt == EndOpt::Client {
                        Client::Subnet(s)
                    } else {
                        Client::Within(s)
                    });
                }
                EndOpt::ClientProtoPort => e.protoport = Some(value::<ProtoPort>(o)?),
                EndOpt::SrcIp => e.srcip = Some(ip(o)?),
                EndOpt::XauthServer => e.xauth_server = true,
                EndOpt::XauthClient => e.xauth_client = true,
                EndOpt::ModecfgServer => e.modecfg_server = true,
                EndOpt::ModecfgClient => e.modecfg_client = true,
                EndOpt::DnsKeyOnDemand => e.dnskeyondemand = true,
                EndOpt::Updown => e.updown = Some(text(o)),
                EndOpt::Username => e.xauth_username = Some(text(o)),
                EndOpt::AddressPool => e.address_pool = Some(value::<AddressRange>(o)?),
            }
        }
        match host {
            Some(h) => e.host = h,
            None if right => return err("connection missing --host after --to"),
            None => return err("connection missing --host before --to"),
        }
        Ok(e)
    }

    fn connection_options(&self, c: &mut ConnectionRequest) -> Result<(), UsageError> {
        use ConnOpt as C;
        let mut seen: HashSet<ConnOpt> = HashSet::new();
        let (mut dns1, mut dns2) = (None, None);
        for o in self.occs {
            let Opt::Conn(opt) = o.opt else { continue };
            if !seen.insert(opt) && o.value.is_some() {
                return err(format!("{} given twice", o.name));
            }
            let p = &mut c.policy;
            match opt {
                C::Tunnel => p.tunnel = true,
                C::Psk => p.psk = true,
                C::RsaSig => p.rsasig = true,
                C::Encrypt => p.encrypt = true,
                C::Authenticate => p.authenticate = true,
                C::Compress => p.compress = true,
                C::Pfs => p.pfs = true,
                C::DontRekey => p.dont_rekey = true,
                C::AggrMode => p.aggressive = true,
                C::ModecfgPull => p.modecfg_pull = true,
                C::DisableArrivalCheck => p.disable_arrival_check = true,
                C::NoKeepAlive => p.no_keep_alive = true,
                C::PfsGroup => c.pfs_group = Some(value::<DhGroup>(o)?),
                C::IkeLifetime => c.ike_lifetime = Some(number(o, "a number of seconds")?),
                C::IpsecLifetime => c.ipsec_lifetime = Some(number(o, "a number of seconds")?),
                C::RekeyMargin => c.rekey_margin = Some(number(o, "a number of seconds")?),
                C::RekeyFuzz => c.rekey_fuzz = Some(number(o, "a percentage")?),
                C::KeyingTries => c.keying_tries = Some(number(o, "a count (0: never give up)")?),
                C::Esp => c.esp = Some(text(o)),
                C::Ike => c.ike = Some(text(o)),
                C::Metric => c.metric = Some(number(o, "a number")?),
                C::NflogGroup => c.nflog_group = Some(number(o, "a number")?),
                C::DpdDelay => c.dpd.delay = Some(number(o, "a number of seconds")?),
                C::DpdTimeout => c.dpd.timeout = Some(number(o, "a number of seconds")?),
                C::DpdAction => c.dpd.action = Some(value::<DpdAction>(o)?),
                C::Encaps => c.encaps = Some(value::<Encaps>(o)?),
                C::Fragmentation => c.fragmentation = Some(value::<Fragmentation>(o)?),
                C::SecLabel => c.sec_label = Some(text(o)),
                C::ModecfgDns1 => dns1 = Some(ip(o)?),
                C::ModecfgDns2 => dns2 = Some(ip(o)?),
                C::ModecfgDomain => c.modecfg.domain = Some(text(o)),
                C::ModecfgBanner => c.modecfg.banner = Some(text(o)),
                // Handled as groups below.
                C::ForceEncaps
                | C::InitiateOnTraffic
                | C::Pass
                | C::Drop
                | C::Reject
                | C::FailNone
                | C::FailPass
                | C::FailDrop
                | C::FailReject
                | C::Ipv4
                | C::Ipv6
                | C::TunnelIpv4
                | C::TunnelIpv6
                | C::Ikev1
                | C::Ikev2
                | C::IkefragAllow
                | C::IkefragForce => {}
            }
        }
        c.modecfg = ModeCfg {
            dns: dns1.into_iter().chain(dns2).collect(),
            ..std::mem::take(&mut c.modecfg)
        };
        if self.has(Opt::Conn(C::ForceEncaps)) {
            match c.encaps {
                None | Some(Encaps::Yes) => c.encaps = Some(Encaps::Yes),
                Some(_) => {
                    return err("--forceencaps contradicts --encaps (it means --encaps yes)")
                }
            }
        }
        if let Some(f) = self.choice(&[
            (C::IkefragAllow, Fragmentation::Yes),
            (C::IkefragForce, Fragmentation::Force),
        ])? {
            if c.fragmentation.is_some_and(|g| g != f) {
                return err("--ikefrag-allow/--ikefrag-force contradict --fragmentation");
            }
            c.fragmentation = Some(f);
        }
        c.ike_version = self
            .choice(&[(C::Ikev1, IkeVersion::V1), (C::Ikev2, IkeVersion::V2)])?
            .unwrap_or_default();
        c.shunt = self.choice(&[
            (C::InitiateOnTraffic, Shunt::InitiateOnTraffic),
            (C::Pass, Shunt::Pass),
            (C::Drop, Shunt::Drop),
            (C::Reject, Shunt::Reject),
        ])?;
        c.fail_shunt = self.choice(&[
            (C::FailNone, FailShunt::None),
            (C::FailPass, FailShunt::Pass),
            (C::FailDrop, FailShunt::Drop),
            (C::FailReject, FailShunt::Reject),
        ])?;
        c.host_family = self.family(C::Ipv4, C::Ipv6)?;
        c.tunnel_family = self.family(C::TunnelIpv4, C::TunnelIpv6)?;
        Ok(())
    }
}

fn is_flag(opt: EndOpt) -> bool {
    matches!(
        opt,
        EndOpt::XauthServer
            | EndOpt::XauthClient
            | EndOpt::ModecfgServer
            | EndOpt::ModecfgClient
            | EndOpt::DnsKeyOnDemand
    )
}

fn name_of(opt: Opt) -> String {
    table()
        .into_iter()
        .find(|s| s.opt == opt)
        .map_or_else(|| format!("{opt:?}"), |s| s.name)
}

fn debug_by_name(o: &Occ) -> Result<DebugChange, UsageError> {
    let v = text(o);
    match v.as_str() {
        "none" => return Ok(DebugChange::None),
        "all" => return Ok(DebugChange::All),
        _ => {}
    }
    DEBUG_CLASS_NAMES
        .iter()
        .find(|(n, _)| *n == v)
        .map(|(_, c)| DebugChange::Add(*c))
        .ok_or_else(|| {
            let names: Vec<&str> = DebugClass::all().map(DebugClass::name).collect();
            UsageError(format!(
                "--debug {v:?}: unknown debug class; expected none, all, {}",
                names.join(", ")
            ))
        })
}

/// Literal addresses must agree with `--ipv4`/`--ipv6`, `--tunnelipv4`/`--tunnelipv6` and
/// each other (the manual: "all host addresses must be of the same Address Family").
fn check_families(c: &ConnectionRequest) -> Result<(), UsageError> {
    let host = |h: &HostAddr| match h {
        HostAddr::Addr(ip) => Some(AddrFamily::of(ip)),
        _ => None,
    };
    let hop = |n: Option<NextHop>| match n {
        Some(NextHop::Addr(ip)) => Some(AddrFamily::of(&ip)),
        _ => None,
    };
    agree(
        c.host_family
            .map(|f| (f, family_flag(f, "--ipv4", "--ipv6"))),
        &[
            ("left --host", host(&c.left.host)),
            ("right --host", host(&c.right.host)),
            ("left --nexthop", hop(c.left.nexthop)),
            ("right --nexthop", hop(c.right.nexthop)),
        ],
    )?;
    agree(
        c.tunnel_family
            .map(|f| (f, family_flag(f, "--tunnelipv4", "--tunnelipv6"))),
        &[
            ("left --client", c.left.client.map(|s| s.subnet().family())),
            (
                "right --client",
                c.right.client.map(|s| s.subnet().family()),
            ),
        ],
    )
}

fn family_flag(f: AddrFamily, v4: &'static str, v6: &'static str) -> &'static str {
    match f {
        AddrFamily::V4 => v4,
        AddrFamily::V6 => v6,
    }
}

/// Every known family in `items` equals the first one (or `expected`, set by a flag).
fn agree(
    mut expected: Option<(AddrFamily, &'static str)>,
    items: &[(&'static str, Option<AddrFamily>)],
) -> Result<(), UsageError> {
    let name = |f| family_flag(f, "IPv4", "IPv6");
    for (what, f) in items {
        let Some(f) = *f else { continue };
        match expected {
            Some((e, by)) if e != f => {
                return err(if by.starts_with("--") {
                    format!("{what} is {}, but {by} was given", name(f))
                } else {
                    format!(
                        "{what} is {} but {by} is {}: a connection's addresses are of one family",
                        name(f),
                        name(e)
                    )
                });
            }
            Some(_) => {}
            None => expected = Some((f, what)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use whack_proto::{ListKind, RereadKind, StatusKind};

    fn p(line: &str) -> Result<Invocation, UsageError> {
        let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        parse(&args)
    }

    fn req(line: &str) -> Request {
        match p(line).unwrap_or_else(|e| panic!("{line}: {e}")).action {
            Action::Send(r) => r,
            other => panic!("{line}: {other:?}"),
        }
    }

    fn fails(line: &str, needle: &str) {
        let e = p(line).expect_err(line);
        assert!(
            e.0.contains(needle),
            "{line}: {e} does not mention {needle:?}"
        );
    }

    fn conn(line: &str) -> ConnectionRequest {
        match req(line) {
            Request::Connection(c) => *c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn help_version_and_nothing() {
        assert_eq!(p("--help").unwrap().action, Action::Help);
        assert_eq!(p("--status --help").unwrap().action, Action::Help);
        assert_eq!(p("--version").unwrap().action, Action::Version);
        fails("", "nothing to do");
    }

    #[test]
    fn manual_examples() {
        let c = conn("--name silly --host 127.0.0.1 --to --host 127.0.0.2 --ikelifetime 900 --ipseclifetime 800 --keyingtries 3");
        assert_eq!(c.name, "silly");
        assert_eq!(c.left.host, HostAddr::Addr("127.0.0.1".parse().unwrap()));
        assert_eq!(c.right.host, HostAddr::Addr("127.0.0.2".parse().unwrap()));
        assert_eq!(
            (c.ike_lifetime, c.ipsec_lifetime, c.keying_tries),
            (Some(900), Some(800), Some(3))
        );
        assert_eq!(c.ike_version, IkeVersion::V2);

        let c = conn("--name conn_name --host 10.0.0.1 --client 10.0.1.0/24 --to --host 10.0.0.2 --client 10.0.2.0/24 --encrypt");
        assert_eq!(
            c.left.client,
            Some(Client::Subnet("10.0.1.0/24".parse().unwrap()))
        );
        assert_eq!(
            c.right.client,
            Some(Client::Subnet("10.0.2.0/24".parse().unwrap()))
        );
        assert!(c.policy.encrypt);

        assert_eq!(req("--listen"), Request::Listen);
        assert_eq!(
            req("--route conn_name"),
            Request::Route {
                name: "conn_name".into()
            }
        );
        assert_eq!(
            req("--initiate --name conn_name"),
            Request::Initiate(InitiateRequest {
                name: "conn_name".into(),
                asynchronous: false,
                xauth_user: None,
                xauth_pass: None
            })
        );
        assert_eq!(req("--shutdown"), Request::Shutdown);
    }

    #[test]
    fn every_end_option_on_both_ends() {
        let ends = "--id @me --host 192.0.2.1 --cert c.pem --ca CN=ca --groups g --sendcert ifasked --sendca issuer --certtype 2 --ikeport 4500 --nexthop 192.0.2.254 --client 10.1.0.0/16 --clientprotoport 17/1701 --srcip 10.1.0.1 --xauthserver --xauthclient --modecfgserver --modecfgclient --dnskeyondemand --updown /bin/true --username bob --addresspool 10.9.0.1-10.9.0.9";
        let right = ends.replace("192.0.2.1", "192.0.2.2");
        let c = conn(&format!("--name x {ends} --to {right}"));
        for (e, host) in [(&c.left, "192.0.2.1"), (&c.right, "192.0.2.2")] {
            assert_eq!(e.host, HostAddr::Addr(host.parse().unwrap()));
            assert_eq!(e.id.as_deref(), Some("@me"));
            assert_eq!(e.cert.as_deref(), Some("c.pem"));
            assert_eq!(e.ca.as_deref(), Some("CN=ca"));
            assert_eq!(e.groups.as_deref(), Some("g"));
            assert_eq!(e.sendcert, Some(SendCert::IfAsked));
            assert_eq!(e.sendca, Some(SendCa::Issuer));
            assert_eq!(e.certtype, Some(2));
            assert_eq!(e.ikeport, Some(4500));
            assert_eq!(
                e.nexthop,
                Some(NextHop::Addr("192.0.2.254".parse().unwrap()))
            );
            assert_eq!(
                e.protoport,
                Some(ProtoPort {
                    protocol: 17,
                    port: Some(1701)
                })
            );
            assert_eq!(e.srcip, Some("10.1.0.1".parse().unwrap()));
            assert!(
                e.xauth_server
                    && e.xauth_client
                    && e.modecfg_server
                    && e.modecfg_client
                    && e.dnskeyondemand
            );
            assert_eq!(e.updown.as_deref(), Some("/bin/true"));
            assert_eq!(e.xauth_username.as_deref(), Some("bob"));
            assert!(e.address_pool.is_some());
        }
        let c = conn("--name x --host %any --clientwithin 10.0.0.0/8 --to --host %opportunistic --nexthop %direct");
        assert_eq!(c.left.host, HostAddr::Any);
        assert_eq!(
            c.left.client,
            Some(Client::Within("10.0.0.0/8".parse().unwrap()))
        );
        assert_eq!(c.right.host, HostAddr::Opportunistic);
        assert_eq!(c.right.nexthop, Some(NextHop::Direct));
    }

    #[test]
    fn every_connection_option() {
        let c = conn("--name x --ipv4 --tunnelipv4 --host 192.0.2.1 --to --host 192.0.2.2 --tunnel --psk --rsasig --encrypt --authenticate --compress --pfs --pfsgroup modp2048 --disablearrivalcheck --ikelifetime 1 --ipseclifetime 2 --rekeymargin 3 --rekeyfuzz 4 --keyingtries 0 --esp aes-sha1 --ike aes256-sha2 --dontrekey --aggrmode --modecfgpull --metric 5 --nflog-group 6 --dpddelay 7 --dpdtimeout 8 --dpdaction restart --forceencaps --no-keep-alive --drop --failreject --ikev1 --fragmentation force --sec-label system_u --modecfgdns1 192.0.2.53 --modecfgdns2 192.0.2.54 --modecfgdomain example.org --modecfgbanner hi --delete");
        let p = c.policy;
        assert!(
            p.tunnel && p.psk && p.rsasig && p.encrypt && p.authenticate && p.compress && p.pfs
        );
        assert!(
            p.disable_arrival_check
                && p.dont_rekey
                && p.aggressive
                && p.modecfg_pull
                && p.no_keep_alive
        );
        assert_eq!(c.pfs_group, Some(DhGroup(14)));
        assert_eq!(
            (
                c.ike_lifetime,
                c.ipsec_lifetime,
                c.rekey_margin,
                c.rekey_fuzz,
                c.keying_tries
            ),
            (Some(1), Some(2), Some(3), Some(4), Some(0))
        );
        assert_eq!(c.esp.as_deref(), Some("aes-sha1"));
        assert_eq!(c.ike.as_deref(), Some("aes256-sha2"));
        assert_eq!((c.metric, c.nflog_group), (Some(5), Some(6)));
        assert_eq!(
            (c.dpd.delay, c.dpd.timeout, c.dpd.action),
            (Some(7), Some(8), Some(DpdAction::Restart))
        );
        assert_eq!(c.encaps, Some(Encaps::Yes));
        assert_eq!(c.shunt, Some(Shunt::Drop));
        assert_eq!(c.fail_shunt, Some(FailShunt::Reject));
        assert_eq!(c.ike_version, IkeVersion::V1);
        assert_eq!(c.fragmentation, Some(Fragmentation::Force));
        assert_eq!(c.sec_label.as_deref(), Some("system_u"));
        assert_eq!(c.modecfg.dns.len(), 2);
        assert_eq!(c.modecfg.domain.as_deref(), Some("example.org"));
        assert_eq!(c.modecfg.banner.as_deref(), Some("hi"));
        assert_eq!(
            (c.host_family, c.tunnel_family),
            (Some(AddrFamily::V4), Some(AddrFamily::V4))
        );
        assert!(c.replace);

        // Connection-wide options may come before --to too, and aliases work.
        let c = conn("--name x --host 192.0.2.1 --psk --timeout 30 --salifetime 60 --to --host 192.0.2.2 --encaps no --initiateontraffic --ikefrag-allow --aggressive");
        assert!(c.policy.psk && c.policy.aggressive);
        assert_eq!(c.dpd.timeout, Some(30));
        assert_eq!(c.ipsec_lifetime, Some(60));
        assert_eq!(c.encaps, Some(Encaps::No));
        assert_eq!(c.shunt, Some(Shunt::InitiateOnTraffic));
        assert_eq!(c.fragmentation, Some(Fragmentation::Yes));
    }

    #[test]
    fn connection_errors() {
        fails("--name x --to --host 1.2.3.4", "missing --host before --to");
        fails("--name x --host 1.2.3.4 --to", "missing --host after --to");
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --to",
            "--to given twice",
        );
        fails("--host 1.2.3.4 --to --host 1.2.3.5", "needs --name");
        fails(
            "--name x --host 1.2.3.4 --host 1.2.3.5 --to --host 1.2.3.6",
            "--host given twice for the left end",
        );
        fails("--name x --host 1.2.3.4 --to --host 1.2.3.5 --client 10.0.0.0/8 --clientwithin 10.0.0.0/8", "mutually exclusive");
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --ikev1 --ikev2",
            "--ikev1 and --ikev2 are mutually exclusive",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --pass --drop",
            "--pass and --drop are mutually exclusive",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --failpass --faildrop",
            "mutually exclusive",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --ikelifetime 1h",
            "--ikelifetime needs a number of seconds",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --ikelifetime 1 --ikelifetime 2",
            "--ikelifetime given twice",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --client 10.0.0.1/8",
            "host-part bits",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --dpdaction restart_by_peer",
            "use restart",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --pfsgroup modp768",
            "--pfsgroup",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --sendcert sometimes",
            "--sendcert",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --ikeport 0",
            "--ikeport",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 2001:db8::1",
            "right --host is IPv6",
        );
        fails(
            "--name x --ipv6 --host 1.2.3.4 --to --host 1.2.3.5",
            "--ipv6",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --forceencaps --encaps no",
            "--forceencaps",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --status",
            "cannot be combined",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 --json",
            "--json does not apply",
        );
        fails(
            "--name x --host 1.2.3.4 --to --host 1.2.3.5 extra",
            "unexpected argument",
        );
    }

    #[test]
    fn key_myid_listen_busy() {
        assert_eq!(
            req("--keyid @east --addkey --pubkeyrsa 0sAQOF"),
            Request::PublicKey(PublicKeyRequest {
                id: "@east".into(),
                add: true,
                rsa_key: Some("0sAQOF".into())
            })
        );
        assert_eq!(
            req("--keyid @east"),
            Request::PublicKey(PublicKeyRequest {
                id: "@east".into(),
                add: false,
                rsa_key: None
            })
        );
        fails(
            "--addkey",
            "--addkey does not apply on its own: it goes with --keyid",
        );
        fails("--json", "goes with --status");
        assert_eq!(req("--myid @me"), Request::MyId("@me".into()));
        assert_eq!(req("--unlisten"), Request::Unlisten);
        assert_eq!(req("--busy"), Request::Busy);
        assert_eq!(req("--relax"), Request::Relax);
        fails("--busy --relax", "cannot be combined");
        fails("--listen --name x", "--name does not apply to --listen");
    }

    #[test]
    fn route_initiate_terminate_delete() {
        assert_eq!(
            req("--unroute --name c"),
            Request::Unroute { name: "c".into() }
        );
        assert_eq!(
            req("--initiate --name c --xauthuser u --xauthpass p --asynchronous"),
            Request::Initiate(InitiateRequest {
                name: "c".into(),
                asynchronous: true,
                xauth_user: Some("u".into()),
                xauth_pass: Some("p".into())
            })
        );
        assert_eq!(
            req("--terminate --name c --asynchronous"),
            Request::Terminate {
                name: "c".into(),
                asynchronous: true
            }
        );
        fails(
            "--terminate --name c --xauthuser u",
            "apply only to --initiate",
        );
        fails("--initiate", "needs --name");
        fails("--initiate --name c --name d", "--name given twice");
        fails("--asynchronous --status", "--asynchronous does not apply");
        assert_eq!(
            req("--name c --delete"),
            Request::Delete { name: "c".into() }
        );
        assert_eq!(req("--deletestate 3"), Request::DeleteState { serial: 3 });
        assert_eq!(req("--deletestate #4"), Request::DeleteState { serial: 4 });
        fails("--deletestate x", "--deletestate needs a state number");
        assert_eq!(
            req("--deleteuser --name bob"),
            Request::DeleteUser { name: "bob".into() }
        );
    }

    #[test]
    fn oppo_crash_record() {
        assert_eq!(
            req("--tunnelipv6 --oppohere 192.0.2.1 --oppothere 192.0.2.2"),
            Request::Opportunistic(OppoRequest {
                here: "192.0.2.1".parse().unwrap(),
                there: "192.0.2.2".parse().unwrap(),
                tunnel_family: Some(AddrFamily::V6)
            })
        );
        fails("--oppohere 192.0.2.1", "needs both");
        assert_eq!(
            req("--crash 192.0.2.9"),
            Request::Crash {
                peer: Some("192.0.2.9".parse().unwrap())
            }
        );
        assert_eq!(req("--crash"), Request::Crash { peer: None });
        assert_eq!(
            req("--crash=192.0.2.9"),
            Request::Crash {
                peer: Some("192.0.2.9".parse().unwrap())
            }
        );
        fails("--crash nowhere", "IP address");
        assert_eq!(
            req("--whackrecord /tmp/rec"),
            Request::WhackRecord {
                file: Some("/tmp/rec".into())
            }
        );
        assert_eq!(req("--whackrecord"), Request::WhackRecord { file: None });
        assert_eq!(req("--whackstoprecord"), Request::WhackStopRecord);
        fails("--whackrecord f --status", "cannot be combined");
    }

    #[test]
    fn debug_form() {
        assert_eq!(
            req("--name c --debug-none --debug-parsing --debug-nat-t --debug x509 --impair-sa-fail --impair foo:bar"),
            Request::Debug(DebugRequest {
                connection: Some("c".into()),
                changes: vec![
                    DebugChange::None,
                    DebugChange::Add(DebugClass::Parsing),
                    DebugChange::Add(DebugClass::NatT),
                    DebugChange::Add(DebugClass::X509)
                ],
                impairments: vec![Impairment::SaFail, Impairment::Named("foo:bar".into())],
            })
        );
        for (name, class) in DEBUG_CLASS_NAMES {
            assert_eq!(
                req(&format!("--debug-{name}")),
                Request::Debug(DebugRequest {
                    connection: None,
                    changes: vec![DebugChange::Add(*class)],
                    impairments: vec![]
                })
            );
        }
        for (name, imp) in IMPAIR_NAMES {
            assert_eq!(
                req(&format!("--impair-{name}")),
                Request::Debug(DebugRequest {
                    connection: None,
                    changes: vec![],
                    impairments: vec![imp.clone()]
                })
            );
        }
        assert_eq!(
            req("--debug-all"),
            Request::Debug(DebugRequest {
                connection: None,
                changes: vec![DebugChange::All],
                impairments: vec![]
            })
        );
        fails("--debug bogus", "unknown debug class");
        fails("--debug-bogus", "unknown option --debug-bogus");
    }

    #[test]
    fn list_reread_status() {
        assert_eq!(
            req("--utc --listall --listpubkeys --listcerts --listcacerts --listcrls --checkpubkeys --listevents"),
            Request::List(ListRequest {
                utc: true,
                kinds: vec![
                    ListKind::All,
                    ListKind::PubKeys,
                    ListKind::Certs,
                    ListKind::CaCerts,
                    ListKind::Crls,
                    ListKind::CheckPubKeys,
                    ListKind::Events
                ]
            })
        );
        assert_eq!(
            req("--rereadsecrets --rereadcrls --rereadall"),
            Request::Reread(RereadRequest {
                utc: false,
                kinds: vec![RereadKind::Secrets, RereadKind::Crls, RereadKind::All]
            })
        );
        assert_eq!(req("--purgeocsp"), Request::PurgeOcsp);
        assert_eq!(
            req("--status"),
            Request::Status(StatusRequest {
                kinds: vec![StatusKind::Status],
                json: false
            })
        );
        assert_eq!(
            req("--trafficstatus --shuntstatus --json"),
            Request::Status(StatusRequest {
                kinds: vec![StatusKind::Traffic, StatusKind::Shunt],
                json: true
            })
        );
        fails("--utc --status", "--utc does not apply");
        fails("--listall --rereadall", "cannot be combined");
        fails("--status --status", "given twice");
    }

    #[test]
    fn syntax_details() {
        fails("--bogus", "unknown option --bogus");
        fails("-x", "unknown option -x");
        fails("--re", "ambiguous");
        fails("--listen=yes", "--listen takes no value");
        fails("--name", "--name needs a value");
        assert_eq!(
            req("--stat"),
            Request::Status(StatusRequest {
                kinds: vec![StatusKind::Status],
                json: false
            })
        );
        assert_eq!(req("--initiate --name=c"), req("--initiate --name c"));
        fails("--name x", "nothing to do");
        fails("stray", "unexpected argument");
        fails("--tunnelipv4", "--tunnelipv4");
    }

    proptest::proptest! {
        /// Any sequence of options, values and junk gives a request or a usage error,
        /// never a panic; and a request it gives encodes.
        #[test]
        fn random_command_lines_never_panic(
            picks in proptest::collection::vec((0usize..400, 0usize..8), 0..12)
        ) {
            let t = table();
            let values = ["192.0.2.1", "10.0.0.0/8", "%any", "x", "", "--to", "#3", "17/%any"];
            let args: Vec<String> = picks
                .iter()
                .map(|(i, v)| match t.get(*i) {
                    Some(spec) => format!("--{}", spec.name),
                    None => values[*v].to_owned(),
                })
                .collect();
            if let Ok(Invocation { action: Action::Send(r), .. }) = parse(&args) {
                proptest::prop_assert!(whack_proto::encode_request(&r).is_ok());
            }
        }
    }

    /// Every option of the table is accepted in a form it belongs to.
    #[test]
    fn every_option_is_accepted_somewhere() {
        let conn = "--name c --host 192.0.2.1 --to --host 192.0.2.2";
        for spec in table() {
            let name = format!("--{}", spec.name);
            let sample = match spec.name.as_str() {
                "host" | "nexthop" | "srcip" | "oppohere" | "oppothere" | "crash" => "192.0.2.9",
                "modecfgdns1" | "modecfgdns2" => "192.0.2.53",
                "client" | "clientwithin" => "10.0.0.0/8",
                "clientprotoport" => "17/1701",
                "addresspool" => "10.9.0.0/24",
                "sendcert" | "encaps" | "fragmentation" => "yes",
                "sendca" => "all",
                "pfsgroup" => "modp2048",
                "dpdaction" => "hold",
                "debug" => "parsing",
                "ctlbase" | "ctlsocket" | "rundir" => "/tmp/x",
                _ => "1",
            };
            let arg = match spec.arg {
                Arg::None => name.clone(),
                Arg::Required | Arg::Optional => format!("{name}={sample}"),
            };
            let line = match spec.opt {
                Opt::Help
                | Opt::Version
                | Opt::Label
                | Opt::CtlBase
                | Opt::CtlSocket
                | Opt::RunDir => {
                    format!("{arg} --listen")
                }
                Opt::Name => "--name c --delete".to_owned(),
                Opt::To => conn.to_owned(),
                // A second --host in the same end is refused; replace it.
                Opt::End(EndOpt::Host) => format!("--name c {arg} --to --host 192.0.2.2"),
                Opt::Conn(ConnOpt::Ipv6) => {
                    format!("--name c --host 2001:db8::1 --to --host 2001:db8::2 {arg}")
                }
                Opt::End(_) | Opt::Conn(_) => format!("{conn} {arg}"),
                Opt::AddKey | Opt::PubKeyRsa => format!("--keyid @k {arg}"),
                Opt::Cmd(Cmd::OppoHere | Cmd::OppoThere) => {
                    "--oppohere 192.0.2.1 --oppothere 192.0.2.2".to_owned()
                }
                Opt::Cmd(
                    Cmd::Route
                    | Cmd::Unroute
                    | Cmd::Initiate
                    | Cmd::Terminate
                    | Cmd::Delete
                    | Cmd::DeleteUser,
                ) => {
                    format!("{arg} --name c")
                }
                Opt::Cmd(_)
                | Opt::Debug(_)
                | Opt::DebugNamed
                | Opt::Impair(_)
                | Opt::ImpairNamed => arg.clone(),
                Opt::Asynchronous | Opt::XauthUser | Opt::XauthPass => {
                    format!("--initiate --name c {arg}")
                }
                Opt::Utc => format!("--listall {arg}"),
                Opt::Json => format!("--status {arg}"),
            };
            assert!(p(&line).is_ok(), "{name}: {line}: {:?}", p(&line));
        }
    }

    #[test]
    fn control_socket_options() {
        let def = p("--status").unwrap();
        assert_eq!(def.socket, PathBuf::from("/run/pluto/pluto.ctl"));
        assert_eq!(
            p("--ctlbase /tmp/x --status").unwrap().socket,
            PathBuf::from("/tmp/x.ctl")
        );
        assert_eq!(
            p("--ctlsocket /tmp/y.sock --status").unwrap().socket,
            PathBuf::from("/tmp/y.sock")
        );
        assert_eq!(
            p("--rundir /tmp/r --status").unwrap().socket,
            PathBuf::from("/tmp/r/pluto.ctl")
        );
        fails("--ctlbase /a --rundir /b --status", "once");
        let inv = p("--label west --status").unwrap();
        assert_eq!(inv.label.as_deref(), Some("west"));
    }
}
