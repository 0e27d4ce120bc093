//! pluto's command line, as the manual's synopsis spells it (getopt_long
//! style: `--opt value` or `--opt=value`).
#![forbid(unsafe_code)]

use std::net::IpAddr;
use std::path::PathBuf;

use crate::debug::{DebugClass, DebugSet};

/// Where log lines go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogTarget {
    /// syslog(3), facility authpriv (the default).
    Syslog,
    /// `--stderrlog`.
    Stderr,
    /// `--logfile FILE`.
    File(PathBuf),
}

/// Which IPsec stack SAs go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    /// Linux XFRM (`--use-netkey`, the default on Linux).
    Xfrm,
    /// Nothing is loaded into a kernel (`--use-nostack`; for testing).
    NoStack,
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `--help`.
    Help,
    /// `--version`.
    Version,
    /// Run the daemon.
    Run(Box<Options>),
}

/// Everything `pluto` can be told on its command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Fork a daemon (default) or stay in the foreground (`--nofork`).
    pub fork: bool,
    /// Log destination.
    pub log: LogTarget,
    /// Prefix stderr log lines with a timestamp (`--plutostderrlogtime`).
    pub log_time: bool,
    /// Base of `ctlbase.ctl` and `ctlbase.pid`.
    pub ctlbase: PathBuf,
    /// Glob pattern of the secrets file(s).
    pub secretsfile: String,
    /// `--ipsecdir`: where ipsec.d material lives.
    pub ipsecdir: PathBuf,
    /// `--config ipsec.conf`.
    pub config: Option<PathBuf>,
    /// Our IKE port (default 500).
    pub ikeport: u16,
    /// Our NAT-T port (default 4500).
    pub natikeport: u16,
    /// `--listen ADDR`: listen on these addresses only.
    pub listen: Vec<IpAddr>,
    /// `--interface NAME`: consider these interfaces only.
    pub interfaces: Vec<String>,
    /// The IPsec stack.
    pub stack: Stack,
    /// `--uniqueids`.
    pub uniqueids: bool,
    /// `--force-busy`.
    pub force_busy: bool,
    /// `--nhelpers N`; `None` is the default (CPUs - 1).
    pub nhelpers: Option<usize>,
    /// `--keep-alive SECONDS` (NAT-T keepalive interval).
    pub keep_alive: Option<u32>,
    /// `--virtual-private LIST`.
    pub virtual_private: Option<String>,
    /// `--perpeerlog`.
    pub perpeerlog: bool,
    /// `--perpeerlogbase DIR`.
    pub perpeerlogbase: PathBuf,
    /// `--coredir DIR`.
    pub coredir: Option<PathBuf>,
    /// `--vendorid VID`.
    pub vendorid: Option<String>,
    /// `--seedbits N`.
    pub seedbits: u32,
    /// `--keylogfile FILE`: write IKE SA keys for Wireshark.
    pub keylogfile: Option<PathBuf>,
    /// Debug classes enabled at start.
    pub debug: DebugSet,
    /// Warnings about accepted but ineffective options, logged at start.
    pub notes: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            fork: true,
            log: LogTarget::Syslog,
            log_time: false,
            ctlbase: PathBuf::from("/run/pluto/pluto"),
            secretsfile: "/etc/ipsec.secrets".into(),
            ipsecdir: PathBuf::from("/etc/ipsec.d"),
            config: None,
            ikeport: 500,
            natikeport: 4500,
            listen: Vec::new(),
            interfaces: Vec::new(),
            stack: Stack::Xfrm,
            uniqueids: false,
            force_busy: false,
            nhelpers: None,
            keep_alive: None,
            virtual_private: None,
            perpeerlog: false,
            perpeerlogbase: PathBuf::from("/var/log/pluto/peer"),
            coredir: None,
            vendorid: None,
            seedbits: 0,
            keylogfile: None,
            debug: DebugSet::default(),
            notes: Vec::new(),
        }
    }
}

impl Options {
    /// The control socket path, `ctlbase.ctl`.
    pub fn ctl_path(&self) -> PathBuf {
        with_suffix(&self.ctlbase, ".ctl")
    }
    /// The lock file path, `ctlbase.pid`.
    pub fn pid_path(&self) -> PathBuf {
        with_suffix(&self.ctlbase, ".pid")
    }
}

fn with_suffix(base: &std::path::Path, suffix: &str) -> PathBuf {
    let mut s = base.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A command-line error; pluto prints it and exits 1.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OptionError {
    /// An option nobody knows.
    #[error("unknown option '{0}' (see pluto --help)")]
    Unknown(String),
    /// An option that needs a value got none.
    #[error("option '{0}' needs an argument")]
    MissingValue(String),
    /// An option that takes no value got one (`--nofork=yes`).
    #[error("option '{0}' takes no argument")]
    UnexpectedValue(String),
    /// The value does not parse.
    #[error("option '{option}': invalid value '{value}': {why}")]
    BadValue {
        /// The option.
        option: String,
        /// What was given.
        value: String,
        /// Why it is wrong.
        why: String,
    },
    /// An option of older plutos that no longer does anything here.
    #[error("option '{option}' is obsolete: {instead}")]
    Obsolete {
        /// The option.
        option: String,
        /// What to use instead.
        instead: &'static str,
    },
    /// A stray non-option argument.
    #[error("unexpected argument '{0}' (pluto takes only options)")]
    Stray(String),
}

/// Options that older plutos had and this one refuses, with what to use.
const OBSOLETE: &[(&str, &str)] = &[
    (
        "use-klips",
        "KLIPS no longer exists; use --use-netkey (Linux XFRM, the default) or --use-nostack",
    ),
    (
        "use-mast",
        "MAST no longer exists; use --use-netkey (Linux XFRM, the default) or --use-nostack",
    ),
    (
        "use-bsdkame",
        "KAME is not supported; use --use-netkey on Linux or --use-nostack",
    ),
    (
        "use-win2k",
        "the Windows stack is not supported; use --use-netkey or --use-nostack",
    ),
    (
        "use-auto",
        "stack auto-detection is gone; use --use-netkey (the default) or --use-nostack",
    ),
    (
        "adns",
        "no DNS helper program is needed any more; drop the option",
    ),
    ("debug-klips", "KLIPS no longer exists; use --debug-kernel"),
    ("debug-pfkey", "PF_KEY is not used; use --debug-kernel"),
    (
        "statsbin",
        "the statistics helper is gone; use whack --trafficstatus",
    ),
];

/// Parse `argv[1..]`.
pub fn parse<I, S>(args: I) -> Result<Command, OptionError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut o = Options::default();
    let mut it = args.into_iter().map(Into::into);
    while let Some(arg) = it.next() {
        let Some(body) = arg.strip_prefix("--") else {
            return Err(OptionError::Stray(arg));
        };
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (body.to_string(), None),
        };
        let opt = format!("--{name}");
        if let Some((_, instead)) = OBSOLETE.iter().find(|(n, _)| *n == name) {
            return Err(OptionError::Obsolete {
                option: opt,
                instead,
            });
        }
        // Options without a value.
        let flag = |o: &mut Options| -> Option<bool> {
            match name.as_str() {
                "nofork" => o.fork = false,
                "stderrlog" => o.log = LogTarget::Stderr,
                "plutostderrlogtime" | "-plutostderrlogtime" | "logtime" => o.log_time = true,
                "use-netkey" | "use-xfrm" => o.stack = Stack::Xfrm,
                "use-nostack" => o.stack = Stack::NoStack,
                "uniqueids" => o.uniqueids = true,
                "force-busy" => o.force_busy = true,
                "perpeerlog" => o.perpeerlog = true,
                "leak-detective" => o
                    .notes
                    .push("--leak-detective: memory is managed by Rust; nothing to detect".into()),
                "nocrsend" | "strictcrlpolicy" => o.notes.push(format!(
                    "--{name}: accepted; certificates are not supported yet"
                )),
                "debug-none" => o.debug = DebugSet::default(),
                "debug-all" => o.debug = DebugSet::all(),
                _ => {
                    let class = name
                        .strip_prefix("debug-")
                        .and_then(DebugClass::from_name)?;
                    o.debug.insert(class);
                }
            }
            Some(true)
        };
        if matches!(name.as_str(), "help") {
            return Ok(Command::Help);
        }
        if matches!(name.as_str(), "version") {
            return Ok(Command::Version);
        }
        if flag(&mut o).is_some() {
            if inline.is_some() {
                return Err(OptionError::UnexpectedValue(opt));
            }
            continue;
        }
        if !TAKES_VALUE.contains(&name.as_str()) {
            return Err(OptionError::Unknown(opt));
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .ok_or_else(|| OptionError::MissingValue(opt.clone()))?,
        };
        set_valued(&mut o, &name, &opt, value)?;
    }
    Ok(Command::Run(Box::new(o)))
}

const TAKES_VALUE: &[&str] = &[
    "logfile",
    "ctlbase",
    "ctlsocket",
    "rundir",
    "secretsfile",
    "ipsecdir",
    "config",
    "ikeport",
    "natikeport",
    "listen",
    "interface",
    "nhelpers",
    "keep-alive",
    "virtual-private",
    "virtual_private",
    "perpeerlogbase",
    "coredir",
    "dumpdir",
    "vendorid",
    "seedbits",
    "keylogfile",
    "crlcheckinterval",
    "secctx-attr-type",
    "debug",
];

fn bad(opt: &str, value: &str, why: impl Into<String>) -> OptionError {
    OptionError::BadValue {
        option: opt.into(),
        value: value.into(),
        why: why.into(),
    }
}

fn port(opt: &str, value: &str) -> Result<u16, OptionError> {
    match value.parse::<u16>() {
        Ok(p) if p != 0 => Ok(p),
        _ => Err(bad(opt, value, "must be a port number 1-65535")),
    }
}

fn number<T: std::str::FromStr>(opt: &str, value: &str) -> Result<T, OptionError> {
    value
        .parse::<T>()
        .map_err(|_| bad(opt, value, "must be a number"))
}

fn set_valued(o: &mut Options, name: &str, opt: &str, value: String) -> Result<(), OptionError> {
    match name {
        "logfile" => o.log = LogTarget::File(value.into()),
        "ctlbase" => o.ctlbase = value.into(),
        // Modern Libreswan: --ctlsocket names the socket itself.
        "ctlsocket" => {
            let base = value.strip_suffix(".ctl").unwrap_or(&value).to_string();
            o.ctlbase = base.into();
        }
        "rundir" => o.ctlbase = PathBuf::from(value).join("pluto"),
        "secretsfile" => o.secretsfile = value,
        "ipsecdir" => o.ipsecdir = value.into(),
        "config" => o.config = Some(value.into()),
        "ikeport" => o.ikeport = port(opt, &value)?,
        "natikeport" => o.natikeport = port(opt, &value)?,
        "listen" => o.listen.push(
            value
                .parse()
                .map_err(|_| bad(opt, &value, "must be an IPv4 or IPv6 address"))?,
        ),
        "interface" => o.interfaces.push(value),
        "nhelpers" => {
            let n: i64 = number(opt, &value)?;
            o.nhelpers = match n {
                -1 => None,
                n if n >= 0 => Some(n as usize),
                _ => return Err(bad(opt, &value, "must be -1 (auto), 0 or a positive count")),
            };
        }
        "keep-alive" => o.keep_alive = Some(number(opt, &value)?),
        "virtual-private" | "virtual_private" => o.virtual_private = Some(value),
        "perpeerlogbase" => {
            o.perpeerlog = true;
            o.perpeerlogbase = value.into();
        }
        "coredir" | "dumpdir" => o.coredir = Some(value.into()),
        "vendorid" => o.vendorid = Some(value),
        "seedbits" => o.seedbits = number(opt, &value)?,
        "keylogfile" => o.keylogfile = Some(value.into()),
        "crlcheckinterval" => {
            let _: u64 = number(opt, &value)?;
            o.notes.push(format!(
                "{opt}: accepted; certificates are not supported yet"
            ));
        }
        "secctx-attr-type" => {
            let _: u16 = number(opt, &value)?;
            o.notes.push(format!(
                "{opt}: accepted; labeled IPsec is not supported yet"
            ));
        }
        // Modern spelling: --debug CLASS[,CLASS...]
        "debug" => {
            for c in value.split([',', ' ']).filter(|c| !c.is_empty()) {
                match c {
                    "none" => o.debug = DebugSet::default(),
                    "all" => o.debug = DebugSet::all(),
                    _ => o.debug.insert(
                        DebugClass::from_name(c)
                            .ok_or_else(|| bad(opt, c, "unknown debug class"))?,
                    ),
                }
            }
        }
        _ => return Err(OptionError::Unknown(opt.into())),
    }
    Ok(())
}

/// The `--help` text.
pub const USAGE: &str = "\
Usage: pluto [--help] [--version] [--config FILE] [--vendorid VID]
             [--nofork] [--stderrlog] [--plutostderrlogtime] [--logfile FILE]
             [--use-netkey | --use-nostack] [--uniqueids] [--force-busy]
             [--virtual-private NETWORK_LIST] [--keep-alive SECONDS]
             [--nocrsend] [--strictcrlpolicy] [--crlcheckinterval SECONDS]
             [--interface NAME] [--listen ADDRESS]
             [--ikeport PORT] [--natikeport PORT]
             [--ctlbase PATH | --ctlsocket PATH.ctl | --rundir DIR]
             [--secretsfile GLOB] [--ipsecdir DIR] [--coredir DIR]
             [--nhelpers N] [--seedbits BITS]
             [--perpeerlog] [--perpeerlogbase DIR]
             [--secctx-attr-type NUMBER] [--keylogfile FILE]
             [--debug-none | --debug-all | --debug-CLASS ... | --debug CLASS,...]
debug classes: raw crypt parsing emitting control controlmore lifecycle
               kernel dns dpd natt oppo oppoinfo whackwatch private x509
Defaults: --ctlbase /run/pluto/pluto (socket PATH.ctl, lock PATH.pid),
          --secretsfile /etc/ipsec.secrets, --ikeport 500, --natikeport 4500,
          --use-netkey, log to syslog (authpriv).
Exit status: 0 started, 1 error, 10 another pluto holds the lock file.
";

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Options {
        match parse(args.iter().copied()) {
            Ok(Command::Run(o)) => *o,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn manual_example_parses() {
        let o = run(&[
            "--secretsfile",
            "ipsec.secrets",
            "--ctlbase",
            "pluto.base",
            "--ikeport",
            "8500",
            "--nofork",
            "--use-nostack",
            "--stderrlog",
        ]);
        assert_eq!(o.ikeport, 8500);
        assert!(!o.fork);
        assert_eq!(o.stack, Stack::NoStack);
        assert_eq!(o.log, LogTarget::Stderr);
        assert_eq!(o.ctl_path(), PathBuf::from("pluto.base.ctl"));
        assert_eq!(o.pid_path(), PathBuf::from("pluto.base.pid"));
    }

    #[test]
    fn equals_form_and_rundir() {
        let o = run(&[
            "--ikeport=600",
            "--rundir=/tmp/x",
            "--debug=control,parsing",
        ]);
        assert_eq!(o.ikeport, 600);
        assert_eq!(o.ctl_path(), PathBuf::from("/tmp/x/pluto.ctl"));
        assert!(o.debug.contains(DebugClass::Control));
        assert!(o.debug.contains(DebugClass::Parsing));
    }

    #[test]
    fn obsolete_options_say_what_to_use() {
        let e = parse(["--use-klips"]).unwrap_err();
        assert!(e.to_string().contains("--use-netkey"), "{e}");
        let e = parse(["--adns", "/x"]).unwrap_err();
        assert!(matches!(e, OptionError::Obsolete { .. }));
    }

    #[test]
    fn errors_name_the_option() {
        assert_eq!(
            parse(["--bogus"]).unwrap_err(),
            OptionError::Unknown("--bogus".into())
        );
        assert_eq!(
            parse(["--ikeport"]).unwrap_err(),
            OptionError::MissingValue("--ikeport".into())
        );
        assert!(matches!(
            parse(["--ikeport", "0"]).unwrap_err(),
            OptionError::BadValue { .. }
        ));
        assert_eq!(
            parse(["--nofork=1"]).unwrap_err(),
            OptionError::UnexpectedValue("--nofork".into())
        );
        assert_eq!(parse(["x"]).unwrap_err(), OptionError::Stray("x".into()));
    }

    #[test]
    fn help_and_version() {
        assert_eq!(parse(["--nofork", "--help"]).unwrap(), Command::Help);
        assert_eq!(parse(["--version"]).unwrap(), Command::Version);
    }

    #[test]
    fn nhelpers_values() {
        assert_eq!(run(&["--nhelpers", "-1"]).nhelpers, None);
        assert_eq!(run(&["--nhelpers", "0"]).nhelpers, Some(0));
        assert!(parse(["--nhelpers", "-2"]).is_err());
    }
}
