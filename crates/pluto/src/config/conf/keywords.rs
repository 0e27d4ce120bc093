//! Every `ipsec.conf` keyword Libreswan knows, and what we do with it:
//! parse it into a typed value ([`Status::Supported`]), accept it with a
//! warning ([`Status::Unsupported`], [`Status::Obsolete`]), or read it as
//! another name ([`Status::Alias`]). A keyword not in this table is an error.

/// Where a keyword may appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `config setup`.
    Setup,
    /// A `conn` section, connection-wide.
    Conn,
    /// A `conn` section, prefixed with `left` or `right`.
    End,
}

/// What we do with a keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Parsed into a typed value and used.
    Supported,
    /// Recognised, not supported yet: a warning, the value is ignored.
    Unsupported,
    /// Obsolete in Libreswan: a warning saying what to do instead.
    Obsolete(&'static str),
    /// Another spelling of the named keyword (same scope).
    Alias(&'static str),
}

/// One keyword.
#[derive(Debug, Clone, Copy)]
pub struct Keyword {
    /// The name (for [`Scope::End`], without `left`/`right`).
    pub name: &'static str,
    /// Where it may appear.
    pub scope: Scope,
    /// What we do with it.
    pub status: Status,
}

const fn k(name: &'static str, scope: Scope, status: Status) -> Keyword {
    Keyword {
        name,
        scope,
        status,
    }
}

use Scope::{Conn as C, End as E, Setup as S};
use Status::{Alias as A, Obsolete as O, Supported as Y, Unsupported as N};

/// The table.
pub const KEYWORDS: &[Keyword] = &[
    // ---- config setup ----
    k("plutodebug", S, Y),
    k("logfile", S, Y),
    k("plutostderrlog", S, A("logfile")),
    k("logappend", S, Y),
    k("logtime", S, Y),
    k("plutostderrlogtime", S, A("logtime")),
    k("logip", S, Y),
    k("ikeport", S, Y),
    k("nat-ikeport", S, Y),
    k("listen", S, Y),
    k("interfaces", S, Y),
    k("uniqueids", S, Y),
    k("nhelpers", S, Y),
    k("keep-alive", S, Y),
    k("virtual-private", S, Y),
    k("virtual_private", S, A("virtual-private")),
    k("protostack", S, Y),
    k("ipsecdir", S, Y),
    k("secretsfile", S, Y),
    k("dumpdir", S, Y),
    k("perpeerlog", S, Y),
    k("perpeerlogdir", S, Y),
    k("force-busy", S, Y),
    k("ddos-mode", S, Y),
    k("ikev1-policy", S, Y),
    k("shuntlifetime", S, Y),
    k("myvendorid", S, N),
    k("ddos-ike-threshold", S, N),
    k("max-halfopen-ike", S, N),
    k("seedbits", S, N),
    k("nssdir", S, N),
    k("statsbin", S, N),
    k("crl-strict", S, N),
    k("ocsp-strict", S, N),
    k("ocsp-enable", S, N),
    k("ocsp-uri", S, N),
    k("ocsp-timeout", S, N),
    k("ocsp-trustname", S, N),
    k("ocsp-cache-size", S, N),
    k("ocsp-cache-min-age", S, N),
    k("ocsp-cache-max-age", S, N),
    k("ocsp-method", S, N),
    k("crlcheckinterval", S, N),
    k("curl-iface", S, N),
    k("curl-timeout", S, N),
    k("syslog", S, N),
    k("plutorestartoncrash", S, N),
    k("xfrmlifetime", S, N),
    k("nflog-all", S, N),
    k("dnssec-enable", S, N),
    k("dnssec-rootkey-file", S, N),
    k("dnssec-anchors", S, N),
    k("audit-log", S, N),
    k("global-redirect", S, N),
    k("global-redirect-to", S, N),
    k("listen-tcp", S, N),
    k("listen-udp", S, N),
    k("ike-socket-bufsize", S, N),
    k("ike-socket-errqueue", S, N),
    k("seccomp", S, N),
    k("expire-shunt-interval", S, N),
    k("dnssec-trusted", S, N),
    k("ikebuf", S, N),
    k("secctx-attr-type", S, N),
    k("ipsec-interface-managed", S, N),
    k("ddos-ike-treshold", S, N),
    k("drop-oppo-null", S, N),
    k("fragicmp", S, O("KLIPS only; remove it")),
    k("hidetos", S, O("KLIPS only; remove it")),
    k("overridemtu", S, O("KLIPS only; remove it")),
    k("klipsdebug", S, O("KLIPS is gone; remove it")),
    k("myid", S, O("set leftid= in each conn")),
    k("oe", S, O("remove it")),
    k(
        "nat_traversal",
        S,
        O("NAT traversal is always on; remove it"),
    ),
    k("disable_port_floating", S, O("remove it")),
    k("force_keepalive", S, O("remove it")),
    k("plutofork", S, O("pluto forks unless --nofork; remove it")),
    k("plutowait", S, O("remove it")),
    k("forwardcontrol", S, O("remove it")),
    k("rp_filter", S, O("remove it")),
    k("pluto", S, O("remove it")),
    k("prepluto", S, O("remove it")),
    k("postpluto", S, O("remove it")),
    k("plutoopts", S, O("remove it")),
    k("nocrsend", S, O("remove it")),
    // ---- conn, connection-wide ----
    k("also", C, Y),
    k("auto", C, Y),
    k("type", C, Y),
    k("authby", C, Y),
    k("ike", C, Y),
    k("phase2alg", C, Y),
    k("esp", C, A("phase2alg")),
    k("phase2", C, Y),
    k("ikev2", C, Y),
    k("keyexchange", C, Y),
    k("ikelifetime", C, Y),
    k("salifetime", C, Y),
    k("lifetime", C, A("salifetime")),
    k("keylife", C, A("salifetime")),
    k("ipsec-lifetime", C, A("salifetime")),
    k("rekey", C, Y),
    k("rekeymargin", C, Y),
    k("rekeyfuzz", C, Y),
    k("keyingtries", C, Y),
    k("pfs", C, Y),
    k("dpddelay", C, Y),
    k("dpdtimeout", C, Y),
    k("dpdaction", C, Y),
    k("encapsulation", C, Y),
    k("forceencaps", C, O("use encapsulation=yes")),
    k("fragmentation", C, Y),
    k("ike-frag", C, A("fragmentation")),
    k("ike_frag", C, A("fragmentation")),
    k("narrowing", C, Y),
    k("mobike", C, Y),
    k("aggressive", C, Y),
    k("aggrmode", C, A("aggressive")),
    k("hostaddrfamily", C, Y),
    k("connaddrfamily", C, A("hostaddrfamily")),
    k("clientaddrfamily", C, Y),
    k("xauthby", C, Y),
    k("xauthfail", C, Y),
    k("modecfgpull", C, Y),
    k("modecfgdns", C, Y),
    k("modecfgdomains", C, Y),
    k("modecfgbanner", C, Y),
    k("replay-window", C, Y),
    k("esn", C, Y),
    k("compress", C, Y),
    k("initial-contact", C, Y),
    k("nat-keepalive", C, Y),
    k("priority", C, Y),
    k("reqid", C, Y),
    k("mtu", C, Y),
    k("metric", C, Y),
    k("ikepad", C, N),
    k("ah", C, N),
    k("sha2-truncbug", C, N),
    k("ms-dh-downgrade", C, N),
    k("dns-match-id", C, N),
    k("require-id-on-certificate", C, N),
    k("cisco-unity", C, N),
    k("fake-strongswan", C, N),
    k("send-vendorid", C, N),
    k("remote-peer-type", C, N),
    k("nm-configured", C, N),
    k("nic-offload", C, N),
    k("ppk", C, N),
    k("ppk-ids", C, N),
    k("intermediate", C, N),
    k("sec-label", C, N),
    k("policy-label", C, N),
    k("labeled-ipsec", C, N),
    k("enable-tcp", C, N),
    k("tcp-remoteport", C, N),
    k("decap-dscp", C, N),
    k("encap-dscp", C, N),
    k("nopmtudisc", C, N),
    k("accept-redirect", C, N),
    k("accept-redirect-to", C, N),
    k("send-redirect", C, N),
    k("redirect-to", C, N),
    k("ignore-peer-dns", C, N),
    k("mark", C, N),
    k("mark-in", C, N),
    k("mark-out", C, N),
    k("vti-interface", C, N),
    k("vti-routing", C, N),
    k("vti-shared", C, N),
    k("ipsec-interface", C, N),
    k("nflog-group", C, N),
    k("overlapip", C, N),
    k("failureshunt", C, N),
    k("negotiationshunt", C, N),
    k("retransmit-timeout", C, N),
    k("retransmit-interval", C, N),
    k("ikelifetime-bytes", C, N),
    k("ipsec-max-bytes", C, N),
    k("ipsec-max-packets", C, N),
    k("nat-ikev1-method", C, N),
    k("pam-authorize", C, N),
    k("sareftrack", C, N),
    k("sendca", C, N),
    k("session-resumption", C, N),
    k("iptfs", C, N),
    k("iptfs-fragmentation", C, N),
    k("iptfs-packet-size", C, N),
    k("iptfs-max-queue-size", C, N),
    k("iptfs-drop-time", C, N),
    k("iptfs-init-delay", C, N),
    k("iptfs-reorder-window", C, N),
    k("tfc", C, N),
    k("reauth", C, N),
    k("ike-sa-init-full-transcript-auth", C, N),
    k("send-no-esp-tfc", C, N),
    k("connalias", C, N),
    k("debug", C, N),
    k("alsoflip", C, O("remove it")),
    k("disablearrivalcheck", C, O("remove it")),
    k("modecfgwins1", C, O("remove it")),
    k("modecfgwins2", C, O("remove it")),
    k("modecfgdns1", C, O("use modecfgdns=")),
    k("modecfgdns2", C, O("use modecfgdns=")),
    k("modecfgdomain", C, O("use modecfgdomains=")),
    k("pfsgroup", C, O("put the DH group in phase2alg= (esp=)")),
    k("dpdaction-hold", C, O("remove it")),
    k("nat_keepalive", C, A("nat-keepalive")),
    k("initial_contact", C, A("initial-contact")),
    // ---- conn, left/right ----
    k("", E, Y),
    k("id", E, Y),
    k("subnet", E, Y),
    k("subnets", E, Y),
    k("protoport", E, Y),
    k("nexthop", E, Y),
    k("ikeport", E, Y),
    k("updown", E, Y),
    k("cert", E, Y),
    k("sendcert", E, Y),
    k("ca", E, Y),
    k("rsasigkey", E, Y),
    k("pubkey", E, A("rsasigkey")),
    k("auth", E, Y),
    k("sourceip", E, Y),
    k("xauthserver", E, Y),
    k("xauthclient", E, Y),
    k("xauthusername", E, Y),
    k("username", E, A("xauthusername")),
    k("xauthname", E, A("xauthusername")),
    k("modecfgserver", E, Y),
    k("modecfgclient", E, Y),
    k("addresspool", E, Y),
    k("ckaid", E, Y),
    k("groundhog", E, N),
    k("vti", E, N),
    k("interface-ip", E, N),
    k("cat", E, N),
    k("ecdsakey", E, N),
    k("eddsakey", E, N),
    k("autheap", E, N),
    k("rsasigkey2", E, O("remove it")),
    k("subnetwithin", E, O("use leftsubnet=")),
    k("firewall", E, O("remove it")),
    k("hostaccess", E, O("remove it")),
    k("sendcert-chain", E, N),
    k("groups", E, N),
];

/// A keyword as found in a section: its table entry, the canonical name
/// (aliases resolved), and the side for left/right keywords.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    pub kw: &'static Keyword,
    pub canonical: &'static str,
    pub side: Option<super::Side>,
}

fn find(name: &str, scope: Scope) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.scope == scope && k.name == name)
}

fn canonical(kw: &'static Keyword) -> &'static str {
    match kw.status {
        Status::Alias(target) => target,
        _ => kw.name,
    }
}

/// Looks a (lower-cased) keyword up for a section of the given kind.
pub(crate) fn lookup(key: &str, setup: bool) -> Option<Found> {
    if setup {
        return find(key, Scope::Setup).map(|kw| Found {
            kw,
            canonical: canonical(kw),
            side: None,
        });
    }
    if let Some(kw) = find(key, Scope::Conn) {
        return Some(Found {
            kw,
            canonical: canonical(kw),
            side: None,
        });
    }
    for (prefix, side) in [("left", super::Side::Left), ("right", super::Side::Right)] {
        if let Some(rest) = key.strip_prefix(prefix) {
            if let Some(kw) = find(rest, Scope::End) {
                return Some(Found {
                    kw,
                    canonical: canonical(kw),
                    side: Some(side),
                });
            }
        }
    }
    None
}

/// The status of the canonical keyword an alias points to (aliases of
/// supported keywords are supported).
pub(crate) fn effective_status(f: &Found) -> Status {
    match f.kw.status {
        Status::Alias(_) => KEYWORDS
            .iter()
            .find(|k| k.scope == f.kw.scope && k.name == f.canonical)
            .map_or(Status::Unsupported, |k| k.status),
        s => s,
    }
}
