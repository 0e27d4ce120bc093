//! A resolved conn → whack's connection request, as Libreswan's `addconn`
//! turns an ipsec.conf conn into whack messages. A conn with several subnets
//! on an end (`leftsubnets=`) becomes one request per pair, named
//! `NAME/1x1`, `NAME/1x2`, ... as Libreswan names them.

use base64::Engine as _;
use whack_proto::{Client, ConnectionRequest, Dpd, End, ModeCfg, Policy, PublicKeyRequest, Shunt};

use super::conn::{Conn, ConnEnd};
use super::types::{AuthBy, ConnType, EndAuth, KeyingTries, Phase2, PubKey, Updown};
use crate::config::error::ConfigError;

/// What a conn becomes for pluto.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhackConn {
    /// The connection requests (one, or one per subnet pair).
    pub connections: Vec<ConnectionRequest>,
    /// Raw public keys (`leftrsasigkey=0s...`), to send as `--keyid --pubkeyrsa`.
    pub keys: Vec<PublicKeyRequest>,
    /// Keywords that were set but that the connection request cannot carry yet.
    pub not_carried: Vec<&'static str>,
}

impl Conn {
    /// Converts to whack requests. Errors (a missing `left=`/`right=`, a
    /// lifetime that does not fit) name the conn and its file:line.
    pub fn to_whack(&self) -> Result<WhackConn, ConfigError> {
        let err = |message: String| ConfigError::Conn {
            at: self.at.clone(),
            conn: self.name.clone(),
            message,
        };
        let left = end(&self.left).ok_or_else(|| err("left= is not set".into()))?;
        let right = end(&self.right).ok_or_else(|| err("right= is not set".into()))?;
        let secs = |d: Option<std::time::Duration>| {
            d.map(|d| u32::try_from(d.as_secs()).unwrap_or(u32::MAX))
        };

        let mut req = ConnectionRequest::new(self.name.clone(), left, right);
        req.ike_version = self.ike_version;
        req.policy = self.policy();
        req.host_family = self.hostaddrfamily;
        req.tunnel_family = self.clientaddrfamily;
        req.ike = self.ike.clone();
        req.esp = self.phase2alg.clone();
        req.ike_lifetime = secs(self.ikelifetime);
        req.ipsec_lifetime = secs(self.salifetime);
        req.rekey_margin = secs(self.rekeymargin);
        req.rekey_fuzz = self.rekeyfuzz;
        req.keying_tries = self.keyingtries.map(|k| match k {
            KeyingTries::Forever => 0,
            KeyingTries::Count(n) => n,
        });
        req.dpd = Dpd {
            delay: secs(self.dpddelay),
            timeout: secs(self.dpdtimeout),
            action: self.dpdaction,
        };
        req.encaps = self.encapsulation;
        req.fragmentation = self.fragmentation;
        req.metric = self.metric;
        req.shunt = match self.conn_type {
            ConnType::Tunnel | ConnType::Transport => None,
            ConnType::Passthrough => Some(Shunt::Pass),
            ConnType::Drop => Some(Shunt::Drop),
            ConnType::Reject => Some(Shunt::Reject),
        };
        req.modecfg = ModeCfg {
            dns: self.modecfgdns.clone(),
            domain: (!self.modecfgdomains.is_empty()).then(|| self.modecfgdomains.join(",")),
            banner: self.modecfgbanner.clone(),
        };

        let connections = split_subnets(&req, &self.left, &self.right);
        let mut keys = Vec::new();
        for e in [&self.left, &self.right] {
            if let Some(PubKey::Raw(k)) = &e.pubkey {
                let id = match (&e.id, &e.host) {
                    (Some(id), _) => id.to_string(),
                    (None, Some(h)) => h.to_string(),
                    (None, None) => {
                        return Err(err("a raw rsasigkey needs an id= or host on its end".into()))
                    }
                };
                keys.push(PublicKeyRequest {
                    id,
                    add: false,
                    rsa_key: Some(format!(
                        "0s{}",
                        base64::engine::general_purpose::STANDARD.encode(k)
                    )),
                });
            }
        }
        Ok(WhackConn {
            connections,
            keys,
            not_carried: self.not_carried(),
        })
    }

    fn policy(&self) -> Policy {
        let mut p = Policy::default();
        let auths = self.authby.iter().copied().chain(
            [self.left.auth, self.right.auth]
                .into_iter()
                .flatten()
                .map(|a| match a {
                    EndAuth::Secret => AuthBy::Secret,
                    EndAuth::RsaSig => AuthBy::RsaSig,
                    EndAuth::Ecdsa => AuthBy::Ecdsa,
                    EndAuth::Null => AuthBy::Null,
                    EndAuth::EapOnly | EndAuth::Never => AuthBy::Never,
                }),
        );
        for a in auths {
            match a {
                AuthBy::Secret => p.psk = true,
                AuthBy::Null | AuthBy::Never => {}
                _ => p.rsasig = true,
            }
        }
        let ah = self.phase2 == Some(Phase2::Ah);
        p.encrypt = !ah;
        p.authenticate = ah;
        p.tunnel = self.conn_type == ConnType::Tunnel;
        // Libreswan's defaults, sent explicitly as addconn does.
        p.pfs = self.pfs.unwrap_or(true);
        p.compress = self.compress.unwrap_or(false);
        p.dont_rekey = self.rekey == Some(false);
        p.aggressive = self.aggressive.unwrap_or(false);
        p.modecfg_pull = self.modecfgpull.unwrap_or(false);
        p
    }

    fn not_carried(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let mut note = |set: bool, name: &'static str| {
            if set {
                v.push(name);
            }
        };
        note(self.narrowing.is_some(), "narrowing");
        note(self.mobike.is_some(), "mobike");
        note(self.xauthby.is_some(), "xauthby");
        note(self.xauthfail.is_some(), "xauthfail");
        note(self.replay_window.is_some(), "replay-window");
        note(self.esn.is_some(), "esn");
        note(self.initial_contact.is_some(), "initial-contact");
        note(self.nat_keepalive.is_some(), "nat-keepalive");
        note(self.priority.is_some(), "priority");
        note(self.reqid.is_some(), "reqid");
        note(self.mtu.is_some(), "mtu");
        note(
            self.left.ckaid.is_some() || self.right.ckaid.is_some(),
            "ckaid",
        );
        v
    }
}

fn end(e: &ConnEnd) -> Option<End> {
    let mut w = End::new(e.host.clone()?);
    w.id = e.id.as_ref().map(ToString::to_string);
    w.cert = e.cert.clone();
    w.ca = e.ca.clone();
    w.sendcert = e.sendcert;
    w.ikeport = e.ikeport;
    w.nexthop = e.nexthop;
    w.client = e.subnets.first().copied().map(Client::Subnet);
    w.protoport = e.protoport;
    w.srcip = e.sourceip;
    w.xauth_server = e.xauthserver.unwrap_or(false);
    w.xauth_client = e.xauthclient.unwrap_or(false);
    w.xauth_username = e.xauthusername.clone();
    w.modecfg_server = e.modecfgserver.unwrap_or(false);
    w.modecfg_client = e.modecfgclient.unwrap_or(false);
    w.address_pool = e.addresspool;
    w.dnskeyondemand = e.pubkey == Some(PubKey::Dns);
    w.updown = e.updown.as_ref().map(|u| match u {
        Updown::Disabled => "%disabled".to_string(),
        Updown::Command(c) => c.clone(),
    });
    Some(w)
}

fn split_subnets(
    base: &ConnectionRequest,
    left: &ConnEnd,
    right: &ConnEnd,
) -> Vec<ConnectionRequest> {
    if left.subnets.len() <= 1 && right.subnets.len() <= 1 {
        return vec![base.clone()];
    }
    let opts = |e: &ConnEnd| -> Vec<Option<whack_proto::Subnet>> {
        if e.subnets.is_empty() {
            vec![None]
        } else {
            e.subnets.iter().copied().map(Some).collect()
        }
    };
    let mut out = Vec::new();
    for (i, l) in opts(left).into_iter().enumerate() {
        for (j, r) in opts(right).into_iter().enumerate() {
            let mut c = base.clone();
            c.name = format!("{}/{}x{}", base.name, i + 1, j + 1);
            c.left.client = l.map(Client::Subnet);
            c.right.client = r.map(Client::Subnet);
            out.push(c);
        }
    }
    out
}
