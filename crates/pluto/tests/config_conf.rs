//! ipsec.conf: realistic Libreswan configurations (site-to-site, road
//! warrior, %default + also= chains, IPv6, the interop scenario configs),
//! includes, warnings, errors with file:line, and the whack conversion.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use pluto::config::conf::keywords::{Scope, Status, KEYWORDS};
use pluto::config::conf::{
    AuthBy, Auto, ConnType, DpdAction, Encaps, Fragmentation, HostAddr, IkeVersion, KeyingTries,
    NextHop, ProtoPort, PubKey, SendCert, Subnet, Updown, XauthBy,
};
use pluto::config::{ConfigError, Id, IpsecConf, MemFs, Secrets};
use whack_proto::{AddrFamily, Client};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/config/conf")
        .join(rel)
}

fn load(rel: &str) -> IpsecConf {
    IpsecConf::load(&data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn subnet(s: &str) -> Subnet {
    s.parse().unwrap()
}

#[test]
fn site_to_site() {
    let c = load("site-to-site.conf");
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
    let s = &c.setup;
    assert_eq!(s.plutodebug, ["base", "cpu-usage"]);
    assert_eq!(s.logfile.as_deref(), Some(Path::new("/var/log/pluto.log")));
    assert_eq!(s.uniqueids, Some(true));
    assert_eq!(s.nhelpers, Some(pluto::config::conf::Nhelpers::Auto));
    assert_eq!(s.protostack, Some(pluto::config::conf::ProtoStack::Xfrm));
    let t = c.conn("mytunnel").unwrap();
    assert_eq!(t.at.line, 11);
    assert_eq!(t.left.host, Some(HostAddr::Addr(ip("192.1.2.45"))));
    assert_eq!(t.left.id, Some(Id::Fqdn("west".into())));
    assert_eq!(t.left.subnets, [subnet("10.1.0.0/16")]);
    assert_eq!(t.left.nexthop, Some(NextHop::DefaultRoute));
    assert_eq!(t.left.ikeport, Some(500));
    assert_eq!(t.right.subnets, [subnet("10.2.0.0/16")]);
    assert_eq!(t.authby, [AuthBy::Secret]);
    assert_eq!(
        t.ike.as_deref(),
        Some("aes256-sha2_256;modp2048,aes128-sha1;modp2048")
    );
    assert_eq!(t.phase2alg.as_deref(), Some("aes_gcm256-null"));
    assert_eq!(t.ikelifetime, Some(Duration::from_secs(8 * 3600)));
    assert_eq!(t.salifetime, Some(Duration::from_secs(3600)));
    assert_eq!(t.rekeymargin, Some(Duration::from_secs(180)));
    assert_eq!(t.rekeyfuzz, Some(100));
    assert_eq!(t.keyingtries, Some(KeyingTries::Forever));
    assert_eq!(t.dpddelay, Some(Duration::from_secs(30)));
    assert_eq!(t.dpdtimeout, Some(Duration::from_secs(120)));
    assert_eq!(t.dpdaction, Some(DpdAction::Restart));
    assert_eq!(t.fragmentation, Some(Fragmentation::Yes));
    assert_eq!(
        (t.mobike, t.narrowing, t.pfs, t.rekey),
        (Some(false), Some(false), Some(true), Some(true))
    );
    assert_eq!(t.auto, Auto::Start);
    assert_eq!(t.ike_version, IkeVersion::V2);

    let w = t.to_whack().unwrap();
    assert_eq!(w.connections.len(), 1);
    let r = &w.connections[0];
    assert_eq!(r.name, "mytunnel");
    assert_eq!(r.left.id.as_deref(), Some("@west"));
    assert_eq!(r.left.client, Some(Client::Subnet(subnet("10.1.0.0/16"))));
    assert!(
        r.policy.psk && !r.policy.rsasig && r.policy.tunnel && r.policy.encrypt && r.policy.pfs
    );
    assert_eq!(r.ike_lifetime, Some(28_800));
    assert_eq!(r.ipsec_lifetime, Some(3600));
    assert_eq!(r.keying_tries, Some(0));
    assert_eq!(r.dpd.action, Some(DpdAction::Restart));
    assert_eq!(w.not_carried, ["narrowing", "mobike"]);
}

#[test]
fn road_warrior() {
    let c = load("roadwarrior.conf");
    let s = c.conn("rw-server").unwrap();
    assert_eq!(s.left.host, Some(HostAddr::DefaultRoute));
    assert_eq!(s.right.host, Some(HostAddr::Any));
    assert_eq!(s.left.sendcert, Some(SendCert::Always));
    assert_eq!(s.left.cert.as_deref(), Some("vpn.example.com"));
    assert_eq!(s.right.id, Some(Id::FromCert));
    assert_eq!(
        s.right.ca.as_deref(),
        Some("C=US, O=Example, CN=Example CA")
    );
    let pool = s.right.addresspool.unwrap();
    assert_eq!(
        (pool.start(), pool.end()),
        (ip("100.64.0.10"), ip("100.64.0.250"))
    );
    assert_eq!(
        (s.left.xauthserver, s.right.xauthclient),
        (Some(true), Some(true))
    );
    assert_eq!(s.xauthby, Some(XauthBy::File));
    assert_eq!(s.modecfgdns, [ip("8.8.8.8"), ip("1.1.1.1")]);
    assert_eq!(s.modecfgdomains, ["example.com", "corp.example.com"]);
    assert_eq!(s.modecfgbanner.as_deref(), Some("Authorized use only"));
    assert_eq!(s.ike_version, IkeVersion::V1);
    assert_eq!(s.dpdaction, Some(DpdAction::Clear));
    let r = &s.to_whack().unwrap().connections[0];
    assert!(r.left.xauth_server && r.left.modecfg_server && r.right.modecfg_client);
    assert!(r.policy.rsasig && r.policy.modecfg_pull);
    assert_eq!(r.modecfg.dns.len(), 2);
    assert_eq!(
        r.modecfg.domain.as_deref(),
        Some("example.com,corp.example.com")
    );

    let cl = c.conn("rw-client").unwrap();
    assert_eq!(cl.left.id, Some(Id::UserFqdn("carol@example.com".into())));
    assert_eq!(cl.left.xauthusername.as_deref(), Some("carol"));
    assert_eq!(cl.right.host, Some(HostAddr::Dns("vpn.example.com".into())));
    assert_eq!(cl.right.pubkey, Some(PubKey::Cert));
    assert_eq!(cl.ike_version, IkeVersion::V1);
    assert_eq!(cl.aggressive, Some(false));
    assert_eq!(cl.auto, Auto::Ignore);
}

#[test]
fn default_and_also_chains() {
    let c = load("default-also.conf");
    let names: Vec<&str> = c.conns().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "west-base",
            "east-base",
            "crypto",
            "net-net",
            "host-host",
            "multi"
        ]
    );
    let n = c.conn("net-net").unwrap();
    assert_eq!(n.left.host, Some(HostAddr::Addr(ip("192.0.2.1"))));
    assert_eq!(n.right.host, Some(HostAddr::Addr(ip("192.0.2.2"))));
    // also= (crypto) beats %default
    assert_eq!(n.right.subnets, [subnet("10.0.22.0/24")]);
    assert_eq!(n.ike.as_deref(), Some("aes256-sha2_512;modp4096"));
    assert_eq!(n.salifetime, Some(Duration::from_secs(1800)));
    // %default fills the rest
    assert_eq!(n.ikelifetime, Some(Duration::from_secs(3 * 3600)));
    assert_eq!(n.keyingtries, Some(KeyingTries::Count(3)));
    assert_eq!(n.authby, [AuthBy::Secret]);
    assert_eq!(
        n.left.updown,
        Some(Updown::Command("/usr/local/bin/updown.sh".into()))
    );
    assert_eq!(n.auto, Auto::Ondemand);

    let h = c.conn("host-host").unwrap();
    assert_eq!(h.ikelifetime, Some(Duration::from_secs(3600)));
    assert_eq!(h.conn_type, ConnType::Transport);
    assert_eq!(
        h.right.host,
        Some(HostAddr::Addr(ip("192.0.2.2"))),
        "from east-base through crypto"
    );
    assert_eq!(h.auto, Auto::Ondemand, "route is ondemand");
    assert!(!h.to_whack().unwrap().connections[0].policy.tunnel);

    // templates are conns too, with the %default values
    assert_eq!(
        c.conn("west-base").unwrap().ikelifetime,
        Some(Duration::from_secs(3 * 3600))
    );
    let e = c.conn("west-base").unwrap().to_whack().unwrap_err();
    assert!(
        e.to_string()
            .contains("default-also.conf:8: conn 'west-base': right= is not set"),
        "{e}"
    );

    // leftsubnets x rightsubnets: one request per pair, Libreswan's names
    let m = c.conn("multi").unwrap();
    assert_eq!(m.left.subnets.len(), 2);
    let w = m.to_whack().unwrap();
    let names: Vec<&str> = w.connections.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["multi/1x1", "multi/1x2", "multi/2x1", "multi/2x2"]);
    assert_eq!(
        w.connections[1].left.client,
        Some(Client::Subnet(subnet("10.1.1.0/24")))
    );
    assert_eq!(
        w.connections[1].right.client,
        Some(Client::Subnet(subnet("10.2.2.0/24")))
    );
}

#[test]
fn ipv6() {
    let c = load("ipv6.conf");
    let v = c.conn("v6").unwrap();
    assert_eq!(v.left.host, Some(HostAddr::Addr(ip("2001:db8:0:1::1"))));
    assert_eq!(v.left.subnets, [subnet("2001:db8:1::/48")]);
    assert_eq!(
        v.left.protoport,
        Some(ProtoPort {
            protocol: 6,
            port: None
        })
    );
    assert_eq!(
        v.right.protoport,
        Some(ProtoPort {
            protocol: 6,
            port: Some(443)
        })
    );
    assert_eq!(v.right.nexthop, Some(NextHop::Addr(ip("2001:db8:0:2::fe"))));
    assert_eq!(v.encapsulation, Some(Encaps::No));
    let r = &v.to_whack().unwrap().connections[0];
    assert_eq!(
        (r.host_family, r.tunnel_family),
        (Some(AddrFamily::V6), Some(AddrFamily::V6))
    );
}

#[test]
fn interop_scenario_configs_load() {
    for (file, name, version) in [
        ("scenario/v2psk-n1.conf", "v2psk", IkeVersion::V2),
        ("scenario/v2cert-n1.conf", "v2cert", IkeVersion::V2),
        ("scenario/v1aggr-n2.conf", "v1aggr", IkeVersion::V1),
        ("scenario/v2psk6-n1.conf", "v2psk6", IkeVersion::V2),
        ("scenario/v2natt-n2.conf", "v2natt", IkeVersion::V2),
    ] {
        let c = load(file);
        assert!(c.warnings().is_empty(), "{file}: {:?}", c.warnings());
        assert_eq!(
            c.setup.ikev1_policy,
            Some(pluto::config::conf::Ikev1Policy::Accept)
        );
        assert_eq!(c.setup.plutodebug, ["none"]);
        let conn = c.conn(name).unwrap();
        assert_eq!(conn.auto, Auto::Add);
        assert_eq!(conn.ike_version, version, "{file}");
        assert_eq!(conn.left.updown, Some(Updown::Disabled));
        let w = conn.to_whack().unwrap();
        assert_eq!(w.connections[0].left.updown.as_deref(), Some("%disabled"));
        assert_eq!(w.connections[0].ike_version, version);
    }
    let cert = load("scenario/v2cert-n1.conf");
    let conn = cert.conn("v2cert").unwrap();
    assert_eq!(conn.authby, [AuthBy::RsaSig]);
    assert_eq!(conn.right.ca.as_deref(), Some("%same"));
    let aggr = load("scenario/v1aggr-n2.conf");
    let conn = aggr.conn("v1aggr").unwrap();
    assert_eq!(conn.aggressive, Some(true));
    assert!(conn.to_whack().unwrap().connections[0].policy.aggressive);
    assert_eq!(
        load("scenario/v2natt-n2.conf")
            .conn("v2natt")
            .unwrap()
            .encapsulation,
        Some(Encaps::Yes)
    );

    // and the matching secrets line finds the PSK from both nodes
    let s = Secrets::load(&data("scenario/n1.secrets")).unwrap();
    let (n1, n2) = (
        Id::parse("@n1.example").unwrap(),
        Id::parse("@n2.example").unwrap(),
    );
    assert_eq!(
        s.psk(&n1, &n2).unwrap().expose(),
        b"ike-test-psk-0123456789abcdef"
    );
    assert_eq!(
        s.psk(&n2, &n1).unwrap().expose(),
        b"ike-test-psk-0123456789abcdef"
    );
}

#[test]
fn includes_and_include_loops() {
    let c = load("inc/ipsec.conf");
    assert_eq!(c.setup.uniqueids, Some(false));
    let two = c.conn("two").unwrap();
    assert_eq!(
        two.left.host,
        Some(HostAddr::Addr(ip("192.0.2.1"))),
        "also= across included files"
    );
    assert_eq!(two.right.host, Some(HostAddr::Addr(ip("192.0.2.3"))));
    assert!(two.at.file.ends_with("ipsec.d/two.conf"));
    assert!(
        c.warnings()
            .iter()
            .any(|w| w.at.line == 5 && w.message.contains("matches no file")),
        "{:?}",
        c.warnings()
    );

    let e = IpsecConf::load(&data("inc/loop-a.conf")).unwrap_err();
    assert!(matches!(e, ConfigError::IncludeLoop { .. }), "{e}");
    assert!(e.to_string().contains("loop-b.conf:3"), "{e}");
}

#[test]
fn unsupported_keywords_warn_and_duplicates_override() {
    let c = load("unsupported.conf");
    let msgs: Vec<String> = c.warnings().iter().map(ToString::to_string).collect();
    let has = |line: u32, words: &str| {
        c.warnings()
            .iter()
            .any(|w| w.at.line == line && w.message.contains(words))
    };
    assert!(has(2, "'myvendorid' is not supported yet"), "{msgs:?}");
    assert!(has(3, "'klipsdebug' is obsolete"), "{msgs:?}");
    assert!(has(7, "'ikepad' is not supported yet"), "{msgs:?}");
    assert!(has(8, "encapsulation=yes"), "{msgs:?}");
    assert_eq!(
        msgs.len(),
        4,
        "x-my-note is the user's own keyword: {msgs:?}"
    );
    assert!(msgs[0].starts_with(&format!("{}:2:", data("unsupported.conf").display())));
    assert_eq!(
        c.conn("a").unwrap().phase2alg.as_deref(),
        Some("aes256-sha2_256")
    );
}

/// (file, line, words)
const ERRORS: &[(&str, u32, &str)] = &[
    ("unknown-keyword.conf", 3, "unknown keyword 'leftfoo'"),
    (
        "bad-value.conf",
        5,
        "ikelifetime=8fortnights: unknown time unit",
    ),
    ("also-loop.conf", 7, "also= loop: a -> b -> c -> a"),
    ("also-missing.conf", 3, "there is no conn 'nowhere'"),
    ("unindented.conf", 2, "must be indented"),
    (
        "setup-in-conn.conf",
        3,
        "belongs in the config setup section",
    ),
    ("duplicate-conn.conf", 3, "duplicate conn name (first at"),
    ("unterminated-quote.conf", 3, "no closing '\"'"),
    ("bad-subnet.conf", 3, "host-part bits are set"),
    ("ikev-conflict.conf", 4, "contradicts ikev2=yes"),
    ("space-value.conf", 3, "quote values that contain spaces"),
    ("klips.conf", 2, "KLIPS/MAST are gone"),
    (
        "also-duplicate.conf",
        3,
        "ikelifetime= is already set by 'ikelifetime=2h' at",
    ),
    (
        "duplicate-key.conf",
        4,
        "phase2alg= is already set by 'esp=aes128-sha1'",
    ),
];

#[test]
fn errors_name_file_and_line() {
    for &(file, line, words) in ERRORS {
        let path = data(&format!("errors/{file}"));
        let e = IpsecConf::load(&path).expect_err(file);
        let msg = e.to_string();
        assert_eq!(e.location().map(|l| l.line), Some(line), "{file}: {msg}");
        assert!(
            msg.starts_with(&format!("{}:{line}", path.display())),
            "{msg}"
        );
        assert!(msg.contains(words), "{file}: {msg}");
    }
}

#[test]
fn more_syntax_errors() {
    let cases: &[(&str, u32, &str)] = &[
        ("conn\n", 1, "exactly one name"),
        ("conn a b\n", 1, "exactly one name"),
        ("conn %foo\n", 1, "reserved"),
        ("config other\n", 1, "only one is 'config setup'"),
        ("\tleft=1.2.3.4\n", 1, "outside a section"),
        ("conn a\n\tleft\n", 2, "expected keyword=value"),
        ("conn a\n\tle ft=1\n", 2, "bad keyword"),
        ("conn a\n\tleftsubnets={10.0.0.0/8\n", 2, "no closing '}'"),
        ("garbage here\n", 1, "expected 'config setup'"),
        ("conn %default\n\talso=x\n", 2, "not allowed in %default"),
        (
            "conn a\n\talso=%default\n",
            2,
            "also=%default is not allowed",
        ),
        ("conn a\n\talso=\n", 2, "needs the name of a conn"),
        (
            "conn a\n\tauto=sometimes\n",
            2,
            "expected one of: ignore, add, ondemand",
        ),
        ("conn a\n\tleft=%nonsense\n", 2, "expected an IP address"),
        ("conn a\n\tleftid=%what\n", 2, "unknown identity keyword"),
        ("conn a\n\tleftikeport=0\n", 2, "port must be"),
        ("conn a\n\tike=aes128 sha1\n", 2, "quote values"),
        ("conn a\n\tike=\"aes128 sha1\"\n", 2, "unexpected ' '"),
        ("conn a\n\tleftrsasigkey=AwEAAQ\n", 2, "0s<base64>"),
        ("conn a\n\tauthby=secret,magic\n", 2, "expected one of"),
        (
            "conn a\n\tleftsubnet=10.0.0.1\n",
            2,
            "expected address/mask",
        ),
        ("conn a\n\tkeyingtries=-1\n", 2, "%forever"),
        ("conn a\n\trekeyfuzz=lots\n", 2, "non-negative"),
        ("conn a\n\tsalifetime=99999999999d\n", 2, "too large"),
        ("config setup\n\tnhelpers=2000\n", 2, "at most 1024"),
        (
            "config setup\n\tleft=1.2.3.4\n",
            2,
            "belongs in a conn section",
        ),
    ];
    for &(text, line, words) in cases {
        let e = IpsecConf::parse_str(&MemFs::new(), Path::new("/etc/ipsec.conf"), text)
            .expect_err(text);
        let msg = e.to_string();
        assert_eq!(e.location().map(|l| l.line), Some(line), "{text:?}: {msg}");
        assert!(msg.contains(words), "{text:?}: {msg}");
    }
}

#[test]
fn lexical_rules() {
    let text = "# comment\nversion 2.0\n\nconfig setup # trailing comment\n\
        \tprotostack = none   # spaces around = are fine\n\
        conn a\n  \t# an indented comment\n\tLEFT=192.0.2.1\n\tleftid=\"@#0102\"\n\
        \trightid=@#abcd\n\tright=192.0.2.2#not-a-comment-without-space\n";
    let e = IpsecConf::parse_str(&MemFs::new(), Path::new("/c"), text).unwrap_err();
    assert!(e.to_string().contains("/c:11"), "{e}");
    let text = text.replace("#not-a-comment-without-space", " # comment");
    let c = IpsecConf::parse_str(&MemFs::new(), Path::new("/c"), &text).unwrap();
    assert_eq!(
        c.setup.protostack,
        Some(pluto::config::conf::ProtoStack::NoStack)
    );
    let a = c.conn("a").unwrap();
    assert_eq!(a.left.host, Some(HostAddr::Addr(ip("192.0.2.1"))));
    assert_eq!(a.left.id, Some(Id::KeyId(vec![1, 2])));
    assert_eq!(a.right.id, Some(Id::KeyId(vec![0xab, 0xcd])));
}

#[test]
fn empty_value_means_default_and_hides_inherited() {
    let text = "config setup\n\tuniqueids=\nconn %default\n\tikelifetime=1h\n\tauto=add\n\
        conn a\n\tleft=192.0.2.1\n\tikelifetime=\n\tauto=keep\nconn b\n\tleft=192.0.2.1\n";
    let c = IpsecConf::parse_str(&MemFs::new(), Path::new("/c"), text).unwrap();
    assert_eq!(c.setup.uniqueids, None);
    assert_eq!(c.conn("a").unwrap().ikelifetime, None);
    assert_eq!(c.conn("a").unwrap().auto, Auto::Keep);
    assert_eq!(
        c.conn("b").unwrap().ikelifetime,
        Some(Duration::from_secs(3600))
    );
    assert_eq!(c.conn("b").unwrap().auto, Auto::Add);
}

#[test]
fn also_diamond_is_fine_and_subnet_lists_combine() {
    let text = "conn x\n\tleft=192.0.2.1\n\tright=192.0.2.2\n\talso=p\n\talso=q\n\
        conn p\n\talso=r\nconn q\n\talso=r\nconn r\n\tikelifetime=1h\n\
        \tleftsubnet=10.0.0.0/24\n\tleftsubnets=10.0.1.0/24,10.0.2.0/24\n";
    let c = IpsecConf::parse_str(&MemFs::new(), Path::new("/c"), text).unwrap();
    let x = c.conn("x").unwrap();
    assert_eq!(x.ikelifetime, Some(Duration::from_secs(3600)));
    assert_eq!(
        x.left.subnets,
        [
            subnet("10.0.0.0/24"),
            subnet("10.0.1.0/24"),
            subnet("10.0.2.0/24")
        ]
    );
    assert!(c.warnings().iter().any(|w| w.message.contains("both set")));
    assert_eq!(x.to_whack().unwrap().connections.len(), 3);
}

#[test]
fn raw_public_key_becomes_a_key_request() {
    let text = "conn k\n\tleft=192.0.2.1\n\tleftid=@k\n\tleftrsasigkey=0sAwEAAQ==\n\tright=%any\n\trightrsasigkey=%dns\n";
    let c = IpsecConf::parse_str(&MemFs::new(), Path::new("/c"), text).unwrap();
    let w = c.conn("k").unwrap().to_whack().unwrap();
    assert_eq!(w.keys.len(), 1);
    assert_eq!(w.keys[0].id, "@k");
    assert_eq!(w.keys[0].rsa_key.as_deref(), Some("0sAwEAAQ=="));
    assert!(w.connections[0].right.dnskeyondemand);
}

#[test]
fn every_supported_keyword_has_a_parser_and_a_readme_row() {
    // One valid sample value per keyword kind: applying every supported
    // keyword must succeed (the table and the parsers cannot drift apart).
    let sample = |name: &str| -> &str {
        match name {
            "" | "sourceip" | "listen" => "192.0.2.1",
            "nexthop" => "%direct",
            "id" => "@x",
            "subnet" | "subnets" => "10.0.0.0/8",
            "protoport" => "17/1701",
            "ikeport" | "nat-ikeport" => "4500",
            "updown" | "cert" | "ca" | "xauthusername" | "modecfgbanner" | "interfaces"
            | "virtual-private" | "modecfgdomains" => "text",
            "logfile" | "ipsecdir" | "secretsfile" | "dumpdir" | "perpeerlogdir" => "/tmp/x",
            "sendcert" => "always",
            "rsasigkey" => "%cert",
            "ckaid" => "0102",
            "auth" => "secret",
            "addresspool" => "10.0.0.1-10.0.0.9",
            "auto" => "add",
            "type" => "tunnel",
            "authby" => "secret",
            "ike" | "phase2alg" => "aes128-sha1",
            "phase2" => "esp",
            "ikev2" => "yes",
            "keyexchange" => "ikev2",
            "ikelifetime" | "salifetime" | "rekeymargin" | "dpddelay" | "dpdtimeout"
            | "keep-alive" | "shuntlifetime" => "1h",
            "rekeyfuzz" => "100%",
            "keyingtries" => "3",
            "dpdaction" => "hold",
            "encapsulation" => "auto",
            "fragmentation" => "force",
            "hostaddrfamily" | "clientaddrfamily" => "ipv4",
            "xauthby" => "pam",
            "xauthfail" => "soft",
            "modecfgdns" => "192.0.2.53",
            "esn" => "either",
            "replay-window" | "priority" | "reqid" | "mtu" | "metric" | "nhelpers" => "4",
            "plutodebug" => "all",
            "protostack" => "netkey",
            "ddos-mode" => "busy",
            "ikev1-policy" => "drop",
            "also" => "other",
            _ => "yes",
        }
    };
    let mut seen = std::collections::HashSet::new();
    for k in KEYWORDS {
        assert!(
            seen.insert((k.name, k.scope as u8)),
            "keyword {} listed twice",
            k.name
        );
        if let Status::Alias(t) = k.status {
            assert!(
                KEYWORDS.iter().any(|o| o.scope == k.scope && o.name == t),
                "{} aliases unknown {t}",
                k.name
            );
        }
    }
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/config/README.md"))
            .unwrap();
    let mut setup = String::from("config setup\n");
    let mut conn = String::from("conn other\nconn c\n");
    // an alias and its keyword in one conn would be a duplicate key: each
    // alias gets a conn of its own
    let mut aliases = String::new();
    for (i, k) in KEYWORDS.iter().enumerate() {
        let written = match k.scope {
            Scope::End => format!("left{}", k.name),
            _ => k.name.to_string(),
        };
        let (name, target) = match (k.status, k.scope) {
            (Status::Alias(t), Scope::Setup) => (t, &mut setup),
            (Status::Alias(t), _) => {
                aliases.push_str(&format!("conn alias{i}\n"));
                (t, &mut aliases)
            }
            (_, Scope::Setup) => (k.name, &mut setup),
            _ => (k.name, &mut conn),
        };
        target.push_str(&format!("\t{written}={}\n", sample(name)));
        let row = format!("| `{written}` ");
        assert!(readme.contains(&row), "README has no row for {written}");
    }
    let text = format!("{setup}{conn}{aliases}");
    let c = IpsecConf::parse_str(&MemFs::new(), Path::new("/all"), &text)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        c.conn("c").unwrap().fragmentation,
        Some(Fragmentation::Force)
    );
}
