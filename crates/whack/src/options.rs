//! The option table: every option of the manual's whack synopsis (plus the modern
//! Libreswan spellings), what it takes, and what it means.

use whack_proto::{DebugChange, ListKind, RereadKind, StatusKind, DEBUG_CLASS_NAMES, IMPAIR_NAMES};

/// Whether an option takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// A flag.
    None,
    /// `--opt VALUE` or `--opt=VALUE`.
    Required,
    /// `--opt [VALUE]`: the next argument is the value unless it starts with `--`.
    Optional,
}

/// Options of one end (before `--to`: left; after: right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndOpt {
    Id,
    Host,
    Cert,
    Ca,
    Groups,
    SendCert,
    SendCa,
    CertType,
    IkePort,
    NextHop,
    Client,
    ClientWithin,
    ClientProtoPort,
    SrcIp,
    XauthServer,
    XauthClient,
    ModecfgServer,
    ModecfgClient,
    DnsKeyOnDemand,
    Updown,
    Username,
    AddressPool,
}

/// Connection-wide options (anywhere in the connection form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnOpt {
    Tunnel,
    Psk,
    RsaSig,
    Encrypt,
    Authenticate,
    Compress,
    Pfs,
    PfsGroup,
    DisableArrivalCheck,
    IkeLifetime,
    IpsecLifetime,
    RekeyMargin,
    RekeyFuzz,
    KeyingTries,
    Esp,
    Ike,
    DontRekey,
    AggrMode,
    ModecfgPull,
    Metric,
    NflogGroup,
    DpdDelay,
    DpdTimeout,
    DpdAction,
    ForceEncaps,
    Encaps,
    NoKeepAlive,
    InitiateOnTraffic,
    Pass,
    Drop,
    Reject,
    FailNone,
    FailPass,
    FailDrop,
    FailReject,
    Ipv4,
    Ipv6,
    TunnelIpv4,
    TunnelIpv6,
    Ikev1,
    Ikev2,
    Fragmentation,
    IkefragAllow,
    IkefragForce,
    SecLabel,
    ModecfgDns1,
    ModecfgDns2,
    ModecfgDomain,
    ModecfgBanner,
}

/// Options that select a form (a command).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    KeyId,
    MyId,
    Listen,
    Unlisten,
    Busy,
    Relax,
    Route,
    Unroute,
    Initiate,
    Terminate,
    OppoHere,
    OppoThere,
    Crash,
    WhackRecord,
    WhackStopRecord,
    Delete,
    DeleteState,
    DeleteUser,
    List(ListKind),
    PurgeOcsp,
    Reread(RereadKind),
    Status(StatusKind),
    Shutdown,
}

/// What an option is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Opt {
    Help,
    Version,
    Label,
    CtlBase,
    CtlSocket,
    RunDir,
    Name,
    To,
    End(EndOpt),
    Conn(ConnOpt),
    Cmd(Cmd),
    /// `--debug-none`, `--debug-all`, `--debug-CLASS`.
    Debug(DebugChange),
    /// `--debug CLASS` (modern spelling).
    DebugNamed,
    /// `--impair-WHAT` of the manual: index into [`IMPAIR_NAMES`].
    Impair(usize),
    /// `--impair WHAT[:HOW]` (modern spelling).
    ImpairNamed,
    Asynchronous,
    XauthUser,
    XauthPass,
    Utc,
    Json,
    AddKey,
    PubKeyRsa,
}

/// One option.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Without the leading `--`.
    pub name: String,
    /// Its argument.
    pub arg: Arg,
    /// Its meaning.
    pub opt: Opt,
}

fn s(name: &str, arg: Arg, opt: Opt) -> Spec {
    Spec {
        name: name.to_owned(),
        arg,
        opt,
    }
}

/// Every option whack accepts.
pub fn table() -> Vec<Spec> {
    use Arg::{None as F, Optional as O, Required as R};
    use ConnOpt as C;
    use EndOpt as E;
    let mut t = vec![
        s("help", F, Opt::Help),
        s("version", F, Opt::Version),
        s("label", R, Opt::Label),
        s("ctlbase", R, Opt::CtlBase),
        s("ctlsocket", R, Opt::CtlSocket),
        s("rundir", R, Opt::RunDir),
        s("name", R, Opt::Name),
        s("to", F, Opt::To),
        // end
        s("id", R, Opt::End(E::Id)),
        s("host", R, Opt::End(E::Host)),
        s("cert", R, Opt::End(E::Cert)),
        s("ca", R, Opt::End(E::Ca)),
        s("groups", R, Opt::End(E::Groups)),
        s("sendcert", R, Opt::End(E::SendCert)),
        s("sendca", R, Opt::End(E::SendCa)),
        s("certtype", R, Opt::End(E::CertType)),
        s("ikeport", R, Opt::End(E::IkePort)),
        s("nexthop", R, Opt::End(E::NextHop)),
        s("client", R, Opt::End(E::Client)),
        s("clientwithin", R, Opt::End(E::ClientWithin)),
        s("clientprotoport", R, Opt::End(E::ClientProtoPort)),
        s("srcip", R, Opt::End(E::SrcIp)),
        s("xauthserver", F, Opt::End(E::XauthServer)),
        s("xauthclient", F, Opt::End(E::XauthClient)),
        s("modecfgserver", F, Opt::End(E::ModecfgServer)),
        s("modecfgclient", F, Opt::End(E::ModecfgClient)),
        s("dnskeyondemand", F, Opt::End(E::DnsKeyOnDemand)),
        s("updown", R, Opt::End(E::Updown)),
        s("username", R, Opt::End(E::Username)),
        s("addresspool", R, Opt::End(E::AddressPool)),
        // connection-wide
        s("tunnel", F, Opt::Conn(C::Tunnel)),
        s("psk", F, Opt::Conn(C::Psk)),
        s("rsasig", F, Opt::Conn(C::RsaSig)),
        s("encrypt", F, Opt::Conn(C::Encrypt)),
        s("authenticate", F, Opt::Conn(C::Authenticate)),
        s("compress", F, Opt::Conn(C::Compress)),
        s("pfs", F, Opt::Conn(C::Pfs)),
        s("pfsgroup", R, Opt::Conn(C::PfsGroup)),
        s("disablearrivalcheck", F, Opt::Conn(C::DisableArrivalCheck)),
        s("ikelifetime", R, Opt::Conn(C::IkeLifetime)),
        s("ipseclifetime", R, Opt::Conn(C::IpsecLifetime)),
        s("salifetime", R, Opt::Conn(C::IpsecLifetime)),
        s("rekeymargin", R, Opt::Conn(C::RekeyMargin)),
        s("rekeyfuzz", R, Opt::Conn(C::RekeyFuzz)),
        s("keyingtries", R, Opt::Conn(C::KeyingTries)),
        s("esp", R, Opt::Conn(C::Esp)),
        s("ike", R, Opt::Conn(C::Ike)),
        s("dontrekey", F, Opt::Conn(C::DontRekey)),
        s("aggrmode", F, Opt::Conn(C::AggrMode)),
        s("aggressive", F, Opt::Conn(C::AggrMode)),
        s("modecfgpull", F, Opt::Conn(C::ModecfgPull)),
        s("metric", R, Opt::Conn(C::Metric)),
        s("nflog-group", R, Opt::Conn(C::NflogGroup)),
        s("dpddelay", R, Opt::Conn(C::DpdDelay)),
        s("dpdtimeout", R, Opt::Conn(C::DpdTimeout)),
        s("timeout", R, Opt::Conn(C::DpdTimeout)),
        s("dpdaction", R, Opt::Conn(C::DpdAction)),
        s("forceencaps", F, Opt::Conn(C::ForceEncaps)),
        s("encaps", R, Opt::Conn(C::Encaps)),
        s("no-keep-alive", F, Opt::Conn(C::NoKeepAlive)),
        s("initiateontraffic", F, Opt::Conn(C::InitiateOnTraffic)),
        s("pass", F, Opt::Conn(C::Pass)),
        s("drop", F, Opt::Conn(C::Drop)),
        s("reject", F, Opt::Conn(C::Reject)),
        s("failnone", F, Opt::Conn(C::FailNone)),
        s("failpass", F, Opt::Conn(C::FailPass)),
        s("faildrop", F, Opt::Conn(C::FailDrop)),
        s("failreject", F, Opt::Conn(C::FailReject)),
        s("ipv4", F, Opt::Conn(C::Ipv4)),
        s("ipv6", F, Opt::Conn(C::Ipv6)),
        s("tunnelipv4", F, Opt::Conn(C::TunnelIpv4)),
        s("tunnelipv6", F, Opt::Conn(C::TunnelIpv6)),
        s("ikev1", F, Opt::Conn(C::Ikev1)),
        s("ikev2", F, Opt::Conn(C::Ikev2)),
        s("fragmentation", R, Opt::Conn(C::Fragmentation)),
        s("ikefrag-allow", F, Opt::Conn(C::IkefragAllow)),
        s("ikefrag-force", F, Opt::Conn(C::IkefragForce)),
        s("sec-label", R, Opt::Conn(C::SecLabel)),
        s("modecfgdns1", R, Opt::Conn(C::ModecfgDns1)),
        s("modecfgdns2", R, Opt::Conn(C::ModecfgDns2)),
        s("modecfgdomain", R, Opt::Conn(C::ModecfgDomain)),
        s("modecfgbanner", R, Opt::Conn(C::ModecfgBanner)),
        // commands
        s("keyid", R, Opt::Cmd(Cmd::KeyId)),
        s("addkey", F, Opt::AddKey),
        s("pubkeyrsa", R, Opt::PubKeyRsa),
        s("myid", R, Opt::Cmd(Cmd::MyId)),
        s("listen", F, Opt::Cmd(Cmd::Listen)),
        s("unlisten", F, Opt::Cmd(Cmd::Unlisten)),
        s("busy", F, Opt::Cmd(Cmd::Busy)),
        s("relax", F, Opt::Cmd(Cmd::Relax)),
        s("route", F, Opt::Cmd(Cmd::Route)),
        s("unroute", F, Opt::Cmd(Cmd::Unroute)),
        s("initiate", F, Opt::Cmd(Cmd::Initiate)),
        s("terminate", F, Opt::Cmd(Cmd::Terminate)),
        s("asynchronous", F, Opt::Asynchronous),
        s("xauthuser", R, Opt::XauthUser),
        s("xauthname", R, Opt::XauthUser),
        s("xauthpass", R, Opt::XauthPass),
        s("oppohere", R, Opt::Cmd(Cmd::OppoHere)),
        s("oppothere", R, Opt::Cmd(Cmd::OppoThere)),
        s("crash", O, Opt::Cmd(Cmd::Crash)),
        s("whackrecord", O, Opt::Cmd(Cmd::WhackRecord)),
        s("whackstoprecord", F, Opt::Cmd(Cmd::WhackStopRecord)),
        s("delete", F, Opt::Cmd(Cmd::Delete)),
        s("deletestate", R, Opt::Cmd(Cmd::DeleteState)),
        s("deleteuser", F, Opt::Cmd(Cmd::DeleteUser)),
        s("debug-none", F, Opt::Debug(DebugChange::None)),
        s("debug-all", F, Opt::Debug(DebugChange::All)),
        s("debug", R, Opt::DebugNamed),
        s("impair", R, Opt::ImpairNamed),
        s("utc", F, Opt::Utc),
        s("listall", F, Opt::Cmd(Cmd::List(ListKind::All))),
        s("listpubkeys", F, Opt::Cmd(Cmd::List(ListKind::PubKeys))),
        s("listcerts", F, Opt::Cmd(Cmd::List(ListKind::Certs))),
        s(
            "checkpubkeys",
            F,
            Opt::Cmd(Cmd::List(ListKind::CheckPubKeys)),
        ),
        s("listcacerts", F, Opt::Cmd(Cmd::List(ListKind::CaCerts))),
        s("listcrls", F, Opt::Cmd(Cmd::List(ListKind::Crls))),
        s("listevents", F, Opt::Cmd(Cmd::List(ListKind::Events))),
        s("purgeocsp", F, Opt::Cmd(Cmd::PurgeOcsp)),
        s(
            "rereadsecrets",
            F,
            Opt::Cmd(Cmd::Reread(RereadKind::Secrets)),
        ),
        s("rereadcrls", F, Opt::Cmd(Cmd::Reread(RereadKind::Crls))),
        s("rereadall", F, Opt::Cmd(Cmd::Reread(RereadKind::All))),
        s("status", F, Opt::Cmd(Cmd::Status(StatusKind::Status))),
        s(
            "trafficstatus",
            F,
            Opt::Cmd(Cmd::Status(StatusKind::Traffic)),
        ),
        s("shuntstatus", F, Opt::Cmd(Cmd::Status(StatusKind::Shunt))),
        s("json", F, Opt::Json),
        s("shutdown", F, Opt::Cmd(Cmd::Shutdown)),
    ];
    for (name, class) in DEBUG_CLASS_NAMES {
        t.push(s(
            &format!("debug-{name}"),
            F,
            Opt::Debug(DebugChange::Add(*class)),
        ));
    }
    for (i, (name, _)) in IMPAIR_NAMES.iter().enumerate() {
        t.push(s(&format!("impair-{name}"), F, Opt::Impair(i)));
    }
    t
}

/// The result of looking an option name up.
#[derive(Debug)]
pub enum Lookup<'a> {
    Found(&'a Spec),
    Unknown,
    Ambiguous(Vec<&'a str>),
}

/// Finds an option by its exact name or, as getopt_long(3) does (and so Libreswan's
/// whack), by an unambiguous prefix.
pub fn lookup<'a>(table: &'a [Spec], name: &str) -> Lookup<'a> {
    if let Some(spec) = table.iter().find(|s| s.name == name) {
        return Lookup::Found(spec);
    }
    let matches: Vec<&Spec> = table.iter().filter(|s| s.name.starts_with(name)).collect();
    // Aliases of one meaning (e.g. --xauthuser, --xauthname) do not make a prefix ambiguous.
    match matches.as_slice() {
        [] => Lookup::Unknown,
        [first, rest @ ..] if rest.iter().all(|s| s.opt == first.opt) => Lookup::Found(first),
        many => Lookup::Ambiguous(many.iter().map(|s| s.name.as_str()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let t = table();
        for (i, a) in t.iter().enumerate() {
            assert!(t.iter().skip(i + 1).all(|b| b.name != a.name), "{}", a.name);
        }
    }

    #[test]
    fn exact_beats_prefix_and_prefixes_work() {
        let t = table();
        assert!(matches!(lookup(&t, "to"), Lookup::Found(s) if s.opt == Opt::To));
        assert!(matches!(lookup(&t, "ike"), Lookup::Found(s) if s.opt == Opt::Conn(ConnOpt::Ike)));
        assert!(
            matches!(lookup(&t, "term"), Lookup::Found(s) if s.opt == Opt::Cmd(Cmd::Terminate))
        );
        assert!(matches!(lookup(&t, "re"), Lookup::Ambiguous(_)));
        assert!(matches!(lookup(&t, "bogus"), Lookup::Unknown));
    }
}
