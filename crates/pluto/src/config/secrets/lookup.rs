//! Choosing the secret for a pair of identities, after ipsec.secrets(5):
//! "the entry that most specifically matches the host and peer IDs is used".
//! From best to worst (see [`MatchRank`]): both IDs listed; one listed and the
//! other matched by `%any`; a single index equal to our ID; only `%any`
//! indices; no index at all. Among equally good entries the first in file
//! order wins; a later one with a different secret is reported as a conflict
//! ("acceptable ... as long as they agree about the secret").

use super::secret::{SecretBytes, SecretEntry, SecretKind};
use super::Secrets;
use crate::config::id::Id;

/// How well an entry matched; greater is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchRank {
    /// `: PSK "..."`: an entry with no index matches everything.
    Default,
    /// Only wildcard indices (`%any`, `%any6`) and one of them fits.
    Wildcard,
    /// One index equal to our ID (a single-index entry; for RSA, any entry
    /// listing our ID, since the key is ours alone).
    Local,
    /// One end listed exactly, the other matched by `%any`/`%any6`.
    OneAndWildcard,
    /// Both our ID and the peer's listed.
    Exact,
}

/// The result of a lookup.
#[derive(Debug, Clone, Copy)]
pub struct SecretMatch<'a> {
    /// The chosen entry.
    pub entry: &'a SecretEntry,
    /// How it matched.
    pub rank: MatchRank,
    /// Another equally good entry holding a different secret, if any (the
    /// caller should log it, as Libreswan does).
    pub conflict: Option<&'a SecretEntry>,
}

fn rank(entry: &SecretEntry, local: &Id, remote: &Id) -> Option<MatchRank> {
    if entry.ids.is_empty() {
        return Some(MatchRank::Default);
    }
    let exact = |id: &Id| entry.ids.iter().any(|i| !i.is_wildcard() && i.same(id));
    let wild = |id: &Id| entry.ids.iter().any(|i| i.is_wildcard() && i.matches(id));
    let (el, er) = (exact(local), exact(remote));
    let (wl, wr) = (wild(local), wild(remote));
    if el && er {
        Some(MatchRank::Exact)
    } else if (el && wr) || (er && wl) {
        Some(MatchRank::OneAndWildcard)
    } else if el && (entry.ids.len() == 1 || entry.secret.kind() == SecretKind::Rsa) {
        Some(MatchRank::Local)
    } else if entry.ids.iter().all(Id::is_wildcard) && (wl || wr) {
        Some(MatchRank::Wildcard)
    } else {
        None
    }
}

impl Secrets {
    /// The best entry of `kind` for our ID `local` and the peer's `remote`
    /// (pass [`Id::Any`] when the peer's ID is not known yet).
    pub fn lookup(&self, kind: SecretKind, local: &Id, remote: &Id) -> Option<SecretMatch<'_>> {
        let mut best: Option<SecretMatch<'_>> = None;
        for entry in self.entries().iter().filter(|e| e.secret.kind() == kind) {
            let Some(r) = rank(entry, local, remote) else {
                continue;
            };
            match &mut best {
                Some(b) if r < b.rank => {}
                Some(b) if r == b.rank => {
                    if b.conflict.is_none() && b.entry.secret != entry.secret {
                        b.conflict = Some(entry);
                    }
                }
                _ => {
                    best = Some(SecretMatch {
                        entry,
                        rank: r,
                        conflict: None,
                    })
                }
            }
        }
        best
    }

    /// The preshared key for `local` talking to `remote`.
    pub fn psk(&self, local: &Id, remote: &Id) -> Option<&SecretBytes> {
        match &self.lookup(SecretKind::Psk, local, remote)?.entry.secret {
            super::Secret::Psk(k) => Some(k),
            _ => None,
        }
    }

    /// The XAUTH password of `user` (ipsec.secrets(5): one index, the user).
    pub fn xauth(&self, user: &Id) -> Option<&SecretBytes> {
        match &self
            .lookup(SecretKind::Xauth, user, &Id::None)?
            .entry
            .secret
        {
            super::Secret::Xauth(k) => Some(k),
            _ => None,
        }
    }
}
