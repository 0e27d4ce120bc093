//! From what the operator wrote (a whack connection request, oriented) to
//! the plain-data connection `ike-sm` negotiates with, plus the PSK found in
//! ipsec.secrets for the two identities.
#![forbid(unsafe_code)]

use std::net::IpAddr;
use std::time::Duration;

use ike_sm::config::{
    self as sm, AuthMethod, Connection, Dpd, DpdAction, Encapsulation, Fragmentation, Identity,
    Mode, Psk,
};
use whack_proto::{ConnectionRequest, End};

use crate::config::secrets::{RsaSecret, Secret, SecretKind};
use crate::config::{Id, Secrets};
use crate::conns::Conn;

/// Why a connection cannot be handed to the state machine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TranslateError(pub String);

fn id_text(end: &End, host: Option<IpAddr>, myid: Option<&str>) -> Option<String> {
    match end.id.as_deref() {
        Some("%myid") => myid
            .map(str::to_string)
            .or_else(|| host.map(|h| h.to_string())),
        Some(id) => Some(id.to_string()),
        None => host.map(|h| h.to_string()),
    }
}

fn sm_end(
    end: &End,
    host: Option<IpAddr>,
    default_port: u16,
    auth: AuthMethod,
    myid: Option<&str>,
) -> Result<sm::End, TranslateError> {
    let id = match end.id.as_deref() {
        None => None,
        Some(_) => {
            let text = id_text(end, host, myid).unwrap_or_default();
            Some(
                Identity::parse(&text)
                    .map_err(|e| TranslateError(format!("bad id \"{text}\": {e:?}")))?,
            )
        }
    };
    let subnet = match &end.client {
        Some(c) => {
            let s = c.subnet();
            Some(
                sm::Subnet::new(s.addr(), s.prefix_len())
                    .ok_or_else(|| TranslateError(format!("bad client subnet {s}")))?,
            )
        }
        None => None,
    };
    Ok(sm::End {
        host,
        ikeport: end.ikeport.unwrap_or(default_port),
        id,
        subnet,
        protocol: end.protoport.map(|p| p.protocol).unwrap_or(0),
        port: end.protoport.and_then(|p| p.port).unwrap_or(0),
        auth,
    })
}

/// The secrets-file identity of an end (its id, or its address).
pub fn secrets_id(end: &End, host: Option<IpAddr>, myid: Option<&str>) -> Id {
    match id_text(end, host, myid) {
        Some(t) => Id::parse(&t).unwrap_or(Id::Any),
        None => Id::Any,
    }
}

/// Build the state machine's connection for an oriented connection.
pub fn to_sm(
    c: &Conn,
    secrets: &Secrets,
    our_port: u16,
    myid: Option<&str>,
    pubkeys: &[(String, String)],
) -> Result<Connection, TranslateError> {
    let req: &ConnectionRequest = &c.req;
    let (me, peer) = c
        .ends()
        .ok_or_else(|| TranslateError("connection is not oriented".into()))?;
    let (me_host, peer_host) = c
        .hosts()
        .ok_or_else(|| TranslateError("connection is not oriented".into()))?;
    let rsa = req.policy.rsasig && !req.policy.psk;
    let (local_auth, remote_auth) = if rsa {
        // The peer's raw key: whack --keyid <peer id> --pubkeyrsa 0s...
        // (ipsec.conf rightrsasigkey= arrives the same way).
        let peer_id = secrets_id(peer, peer_host, None);
        let public_key = pubkeys
            .iter()
            .rev()
            .find(|(id, _)| Id::parse(id).is_ok_and(|i| i.same(&peer_id)))
            .map(|(id, key)| {
                crate::config::secrets::decode_public(key)
                    .map_err(|e| TranslateError(format!("public key of {id}: {e}")))
                    .and_then(|raw| {
                        crate::rsakey::spki_from_rfc3110(&raw)
                            .map_err(|e| TranslateError(format!("public key of {id}: {e}")))
                    })
            })
            .transpose()?;
        (
            AuthMethod::RsaSig {
                public_key: None,
                cert: None,
            },
            AuthMethod::RsaSig {
                public_key,
                cert: None,
            },
        )
    } else {
        (AuthMethod::Psk, AuthMethod::Psk)
    };
    let local = sm_end(me, me_host, our_port, local_auth, myid)?;
    let remote = sm_end(peer, peer_host, 500, remote_auth, None)?;
    let mut conn = Connection::new(req.name.clone(), local, remote);
    let a = secrets_id(me, me_host, myid);
    let b = secrets_id(peer, peer_host, None);
    if rsa {
        conn.private_key = match secrets
            .lookup(SecretKind::Rsa, &a, &b)
            .map(|m| &m.entry.secret)
        {
            Some(Secret::Rsa(RsaSecret::Fields(f))) => Some(
                crate::rsakey::private_key_from_fields(f)
                    .map_err(|e| TranslateError(format!("our RSA key: {e}")))?,
            ),
            _ => None,
        };
    } else {
        conn.psk = secrets.psk(&a, &b).map(|s| Psk::new(s.expose().to_vec()));
    }
    if let Some(ike) = &req.ike {
        conn.ike = sm::parse_ike(ike).map_err(|e| TranslateError(format!("ike={ike}: {e}")))?;
    }
    if let Some(esp) = &req.esp {
        conn.esp = sm::parse_esp(esp).map_err(|e| TranslateError(format!("esp={esp}: {e}")))?;
    }
    let secs = |s: u32| Duration::from_secs(u64::from(s));
    if let Some(s) = req.ike_lifetime {
        conn.ike_lifetime = secs(s);
    }
    if let Some(s) = req.ipsec_lifetime {
        conn.ipsec_lifetime = secs(s);
    }
    if let Some(s) = req.rekey_margin {
        conn.rekey_margin = secs(s);
    }
    if let Some(p) = req.rekey_fuzz {
        conn.rekey_fuzz_percent = p;
    }
    if let Some(t) = req.keying_tries {
        conn.keyingtries = t;
    }
    conn.rekey = !req.policy.dont_rekey;
    if let Some(delay) = req.dpd.delay {
        conn.dpd = Some(Dpd {
            delay: secs(delay),
            timeout: secs(req.dpd.timeout.unwrap_or(120)),
            action: match req.dpd.action {
                Some(whack_proto::DpdAction::Clear) => DpdAction::Clear,
                Some(whack_proto::DpdAction::Restart) => DpdAction::Restart,
                _ => DpdAction::Hold,
            },
        });
    }
    conn.encapsulation = match req.encaps {
        Some(whack_proto::Encaps::Yes) => Encapsulation::Yes,
        Some(whack_proto::Encaps::No) => Encapsulation::No,
        _ => Encapsulation::Auto,
    };
    conn.fragmentation = match req.fragmentation {
        Some(whack_proto::Fragmentation::No) => Fragmentation::No,
        _ => Fragmentation::Yes,
    };
    let has_clients = me.client.is_some() || peer.client.is_some();
    conn.mode = if req.policy.tunnel || has_clients {
        Mode::Tunnel
    } else {
        Mode::Transport
    };
    Ok(conn)
}
