//! A resolved `conn`: every supported keyword as a typed field. `None` means
//! "not set" (pluto's default applies), so nothing is silently invented here.

use std::net::IpAddr;
use std::time::Duration;

use super::types::*;
use super::value::{self, boolean, choice};
use super::Side;
use crate::config::error::Location;
use crate::config::id::Id;

/// One end of a connection (`left*=` or `right*=` keywords).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConnEnd {
    /// `left=`.
    pub host: Option<HostAddr>,
    /// `leftid=`.
    pub id: Option<Id>,
    /// `leftsubnet=` then `leftsubnets=`, in that order.
    pub subnets: Vec<Subnet>,
    /// `leftprotoport=`.
    pub protoport: Option<ProtoPort>,
    /// `leftnexthop=`.
    pub nexthop: Option<NextHop>,
    /// `leftikeport=`.
    pub ikeport: Option<u16>,
    /// `leftupdown=`.
    pub updown: Option<Updown>,
    /// `leftcert=`: certificate nickname (NSS) or file.
    pub cert: Option<String>,
    /// `leftsendcert=`.
    pub sendcert: Option<SendCert>,
    /// `leftca=` (`%same`, `%any` or a DN, as written).
    pub ca: Option<String>,
    /// `leftrsasigkey=` / `leftpubkey=`.
    pub pubkey: Option<PubKey>,
    /// `leftckaid=` (hex).
    pub ckaid: Option<Vec<u8>>,
    /// `leftauth=`.
    pub auth: Option<EndAuth>,
    /// `leftsourceip=`.
    pub sourceip: Option<IpAddr>,
    /// `leftxauthserver=`.
    pub xauthserver: Option<bool>,
    /// `leftxauthclient=`.
    pub xauthclient: Option<bool>,
    /// `leftxauthusername=` (`leftusername=`, `leftxauthname=`).
    pub xauthusername: Option<String>,
    /// `leftmodecfgserver=`.
    pub modecfgserver: Option<bool>,
    /// `leftmodecfgclient=`.
    pub modecfgclient: Option<bool>,
    /// `leftaddresspool=`.
    pub addresspool: Option<AddressRange>,
}

/// A connection as resolved from its section, its `also=` sections and `%default`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conn {
    /// Its name.
    pub name: String,
    /// Where its `conn NAME` line is.
    pub at: Location,
    /// The `left` end.
    pub left: ConnEnd,
    /// The `right` end.
    pub right: ConnEnd,
    /// `auto=` (default `ignore`).
    pub auto: Auto,
    /// `type=` (default `tunnel`).
    pub conn_type: ConnType,
    /// `ikev2=` / `keyexchange=` (default IKEv2).
    pub ike_version: IkeVersion,
    /// `authby=`: methods, in order.
    pub authby: Vec<AuthBy>,
    /// `ike=`: IKE proposals as written.
    pub ike: Option<String>,
    /// `phase2alg=` / `esp=`: Child SA proposals as written.
    pub phase2alg: Option<String>,
    /// `phase2=`.
    pub phase2: Option<Phase2>,
    /// `ikelifetime=`.
    pub ikelifetime: Option<Duration>,
    /// `salifetime=` / `lifetime=` / `keylife=`.
    pub salifetime: Option<Duration>,
    /// `rekey=`.
    pub rekey: Option<bool>,
    /// `rekeymargin=`.
    pub rekeymargin: Option<Duration>,
    /// `rekeyfuzz=` in percent.
    pub rekeyfuzz: Option<u32>,
    /// `keyingtries=`.
    pub keyingtries: Option<KeyingTries>,
    /// `pfs=`.
    pub pfs: Option<bool>,
    /// `dpddelay=`.
    pub dpddelay: Option<Duration>,
    /// `dpdtimeout=`.
    pub dpdtimeout: Option<Duration>,
    /// `dpdaction=`.
    pub dpdaction: Option<DpdAction>,
    /// `encapsulation=`.
    pub encapsulation: Option<Encaps>,
    /// `fragmentation=`.
    pub fragmentation: Option<Fragmentation>,
    /// `narrowing=`.
    pub narrowing: Option<bool>,
    /// `mobike=`.
    pub mobike: Option<bool>,
    /// `aggressive=` / `aggrmode=` (IKEv1).
    pub aggressive: Option<bool>,
    /// `hostaddrfamily=`.
    pub hostaddrfamily: Option<AddrFamily>,
    /// `clientaddrfamily=`.
    pub clientaddrfamily: Option<AddrFamily>,
    /// `xauthby=`.
    pub xauthby: Option<XauthBy>,
    /// `xauthfail=`.
    pub xauthfail: Option<XauthFail>,
    /// `modecfgpull=`.
    pub modecfgpull: Option<bool>,
    /// `modecfgdns=`.
    pub modecfgdns: Vec<IpAddr>,
    /// `modecfgdomains=`.
    pub modecfgdomains: Vec<String>,
    /// `modecfgbanner=`.
    pub modecfgbanner: Option<String>,
    /// `replay-window=`.
    pub replay_window: Option<u32>,
    /// `esn=`.
    pub esn: Option<Esn>,
    /// `compress=`.
    pub compress: Option<bool>,
    /// `initial-contact=`.
    pub initial_contact: Option<bool>,
    /// `nat-keepalive=`.
    pub nat_keepalive: Option<bool>,
    /// `priority=`.
    pub priority: Option<u32>,
    /// `reqid=`.
    pub reqid: Option<u32>,
    /// `mtu=`.
    pub mtu: Option<u32>,
    /// `metric=`.
    pub metric: Option<u32>,
}

impl Conn {
    pub(crate) fn new(name: String, at: Location) -> Conn {
        Conn {
            name,
            at,
            left: ConnEnd::default(),
            right: ConnEnd::default(),
            auto: Auto::default(),
            conn_type: ConnType::default(),
            ike_version: IkeVersion::default(),
            authby: Vec::new(),
            ike: None,
            phase2alg: None,
            phase2: None,
            ikelifetime: None,
            salifetime: None,
            rekey: None,
            rekeymargin: None,
            rekeyfuzz: None,
            keyingtries: None,
            pfs: None,
            dpddelay: None,
            dpdtimeout: None,
            dpdaction: None,
            encapsulation: None,
            fragmentation: None,
            narrowing: None,
            mobike: None,
            aggressive: None,
            hostaddrfamily: None,
            clientaddrfamily: None,
            xauthby: None,
            xauthfail: None,
            modecfgpull: None,
            modecfgdns: Vec::new(),
            modecfgdomains: Vec::new(),
            modecfgbanner: None,
            replay_window: None,
            esn: None,
            compress: None,
            initial_contact: None,
            nat_keepalive: None,
            priority: None,
            reqid: None,
            mtu: None,
            metric: None,
        }
    }

    /// The end on `side`.
    pub fn end(&self, side: Side) -> &ConnEnd {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }

    fn end_mut(&mut self, side: Side) -> &mut ConnEnd {
        match side {
            Side::Left => &mut self.left,
            Side::Right => &mut self.right,
        }
    }

    /// Sets one supported keyword (canonical name). `Err` is the message for
    /// a bad value. Keywords handled by the resolver (`also`, `ikev2`,
    /// `keyexchange`) are not passed here.
    pub(crate) fn apply(&mut self, key: &str, side: Option<Side>, v: &str) -> Result<(), String> {
        if let Some(side) = side {
            return self.end_mut(side).apply(key, v);
        }
        let u32n = |v: &str| value::number(v, u64::from(u32::MAX)).map(|n| n as u32);
        match key {
            "auto" => self.auto = choice(v, AUTO)?,
            "type" => self.conn_type = choice(v, CONN_TYPE)?,
            "authby" => {
                let items = value::list(v);
                // Libreswan also accepts "secret|rsasig".
                let items: Vec<&str> = items.iter().flat_map(|s| s.split('|')).collect();
                if items.is_empty() {
                    return Err("empty authby list".into());
                }
                self.authby = items
                    .iter()
                    .map(|a| choice(a, AUTH_BY))
                    .collect::<Result<_, _>>()?;
            }
            "ike" => self.ike = Some(value::proposals(v)?),
            "phase2alg" => self.phase2alg = Some(value::proposals(v)?),
            "phase2" => self.phase2 = Some(choice(v, PHASE2)?),
            "ikelifetime" => self.ikelifetime = Some(value::duration(v)?),
            "salifetime" => self.salifetime = Some(value::duration(v)?),
            "rekey" => self.rekey = Some(boolean(v)?),
            "rekeymargin" => self.rekeymargin = Some(value::duration(v)?),
            "rekeyfuzz" => self.rekeyfuzz = Some(value::percent(v)?),
            "keyingtries" => {
                self.keyingtries = Some(match v.to_ascii_lowercase().as_str() {
                    "%forever" | "0" => KeyingTries::Forever,
                    _ => KeyingTries::Count(u32n(v).map_err(|e| format!("{e} (or %forever)"))?),
                })
            }
            "pfs" => self.pfs = Some(boolean(v)?),
            "dpddelay" => self.dpddelay = Some(value::duration(v)?),
            "dpdtimeout" => self.dpdtimeout = Some(value::duration(v)?),
            "dpdaction" => self.dpdaction = Some(choice(v, DPD_ACTION)?),
            "encapsulation" => self.encapsulation = Some(choice(v, ENCAPSULATION)?),
            "fragmentation" => self.fragmentation = Some(choice(v, FRAGMENTATION)?),
            "narrowing" => self.narrowing = Some(boolean(v)?),
            "mobike" => self.mobike = Some(boolean(v)?),
            "aggressive" => self.aggressive = Some(boolean(v)?),
            "hostaddrfamily" => self.hostaddrfamily = Some(choice(v, ADDR_FAMILY)?),
            "clientaddrfamily" => self.clientaddrfamily = Some(choice(v, ADDR_FAMILY)?),
            "xauthby" => self.xauthby = Some(choice(v, XAUTH_BY)?),
            "xauthfail" => self.xauthfail = Some(choice(v, XAUTH_FAIL)?),
            "modecfgpull" => self.modecfgpull = Some(boolean(v)?),
            "modecfgdns" => {
                self.modecfgdns = value::list(v)
                    .into_iter()
                    .map(value::ip)
                    .collect::<Result<_, _>>()?
            }
            "modecfgdomains" => {
                self.modecfgdomains = value::list(v).into_iter().map(String::from).collect()
            }
            "modecfgbanner" => self.modecfgbanner = Some(v.to_string()),
            "replay-window" => self.replay_window = Some(u32n(v)?),
            "esn" => self.esn = Some(choice(v, ESN)?),
            "compress" => self.compress = Some(boolean(v)?),
            "initial-contact" => self.initial_contact = Some(boolean(v)?),
            "nat-keepalive" => self.nat_keepalive = Some(boolean(v)?),
            "priority" => self.priority = Some(u32n(v)?),
            "reqid" => self.reqid = Some(u32n(v)?),
            "mtu" => self.mtu = Some(u32n(v)?),
            "metric" => self.metric = Some(u32n(v)?),
            other => {
                return Err(format!(
                    "internal: supported keyword '{other}' has no parser"
                ))
            }
        }
        Ok(())
    }
}

impl ConnEnd {
    fn apply(&mut self, key: &str, v: &str) -> Result<(), String> {
        match key {
            "" => self.host = Some(v.parse::<HostAddr>().map_err(reason)?),
            "id" => self.id = Some(Id::parse(v)?),
            "subnet" => {
                let s = subnet_value(v)?;
                self.subnets.insert(0, s);
            }
            "subnets" => {
                for s in value::list(v) {
                    self.subnets.push(subnet_value(s)?);
                }
            }
            "protoport" => self.protoport = Some(v.parse::<ProtoPort>().map_err(reason)?),
            "nexthop" => self.nexthop = Some(v.parse::<NextHop>().map_err(reason)?),
            "ikeport" => self.ikeport = Some(value::port(v)?),
            "updown" => {
                self.updown = Some(if v.is_empty() || v.eq_ignore_ascii_case("%disabled") {
                    Updown::Disabled
                } else {
                    Updown::Command(v.to_string())
                })
            }
            "cert" => self.cert = Some(nonempty(v)?),
            "sendcert" => self.sendcert = Some(choice(v, SEND_CERT)?),
            "ca" => self.ca = Some(nonempty(v)?),
            "rsasigkey" => self.pubkey = Some(PubKey::parse(v)?),
            "ckaid" => {
                self.ckaid =
                    Some(hex::decode(v).map_err(|_| "expected the CKAID in hex".to_string())?)
            }
            "auth" => self.auth = Some(choice(v, END_AUTH)?),
            "sourceip" => self.sourceip = Some(value::ip(v)?),
            "xauthserver" => self.xauthserver = Some(boolean(v)?),
            "xauthclient" => self.xauthclient = Some(boolean(v)?),
            "xauthusername" => self.xauthusername = Some(nonempty(v)?),
            "modecfgserver" => self.modecfgserver = Some(boolean(v)?),
            "modecfgclient" => self.modecfgclient = Some(boolean(v)?),
            "addresspool" => self.addresspool = Some(v.parse::<AddressRange>().map_err(reason)?),
            other => {
                return Err(format!(
                    "internal: supported keyword 'left{other}' has no parser"
                ))
            }
        }
        Ok(())
    }
}

fn subnet_value(v: &str) -> Result<Subnet, String> {
    if v.starts_with("vhost:") || v.starts_with("vnet:") || v.starts_with('%') {
        return Err(format!("'{v}' is not supported; write ADDRESS/PREFIX"));
    }
    // Libreswan too refuses a bare address ("no / in subnet specification").
    v.parse::<Subnet>().map_err(reason)
}

fn reason(e: whack_proto::ValueError) -> String {
    e.reason
}

fn nonempty(v: &str) -> Result<String, String> {
    if v.is_empty() {
        Err("empty value".into())
    } else {
        Ok(v.to_string())
    }
}
