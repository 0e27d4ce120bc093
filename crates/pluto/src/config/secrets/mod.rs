//! `ipsec.secrets`: parse (ipsec.secrets(5) grammar, includes, errors with
//! file:line:column) and look up the best secret for a pair of IDs.
//!
//! ```
//! use pluto::config::{Id, MemFs, Secrets};
//! let mut fs = MemFs::new();
//! fs.insert("/etc/ipsec.secrets", "@west @east : PSK \"shared\"\n: PSK 0x0102\n");
//! let s = Secrets::load_with(&fs, "/etc/ipsec.secrets".as_ref()).unwrap();
//! let west = Id::parse("@west").unwrap();
//! let east = Id::parse("@east").unwrap();
//! assert_eq!(s.psk(&west, &east).unwrap().expose(), b"shared");
//! let other = Id::parse("@other").unwrap();
//! assert_eq!(s.psk(&west, &other).unwrap().expose(), [1, 2]);
//! ```

mod lexer;
mod lookup;
mod parse;
mod secret;

use std::path::Path;

pub use lookup::{MatchRank, SecretMatch};
pub use secret::{
    Passphrase, RsaField, RsaFields, RsaSecret, Secret, SecretBytes, SecretEntry, SecretKind,
};

use super::error::{ConfigError, Warning};
use super::source::{FileSource, RealFs};

/// The parsed secrets: entries in file order (includes expanded in place).
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    entries: Vec<SecretEntry>,
    warnings: Vec<Warning>,
}

impl Secrets {
    /// Loads a secrets file from disk, following its includes.
    pub fn load(path: &Path) -> Result<Secrets, ConfigError> {
        Self::load_with(&RealFs, path)
    }

    /// Loads every file matching `pattern` (pluto's `--secretsfile` is
    /// subject to globbing), in sorted order. No match gives no secrets and
    /// a warning.
    pub fn load_glob(fs: &dyn FileSource, pattern: &str) -> Result<Secrets, ConfigError> {
        let mut loader = parse::Loader::new(fs);
        let files = if pattern.contains(['*', '?', '[']) {
            fs.glob(pattern).map_err(|e| {
                ConfigError::syntax(
                    super::error::Location::line(pattern, 0),
                    format!("bad secrets file pattern: {e}"),
                )
            })?
        } else {
            vec![pattern.into()]
        };
        if files.is_empty() {
            loader.warnings.push(Warning {
                at: super::error::Location::line(pattern, 0),
                message: "no secrets file matches".into(),
            });
        }
        for f in files {
            loader.file(&f, None)?;
        }
        Ok(Secrets {
            entries: loader.entries,
            warnings: loader.warnings,
        })
    }

    /// Loads `path` from `fs` (the real disk or a [`MemFs`](super::MemFs)).
    pub fn load_with(fs: &dyn FileSource, path: &Path) -> Result<Secrets, ConfigError> {
        let mut loader = parse::Loader::new(fs);
        loader.file(path, None)?;
        Ok(Secrets {
            entries: loader.entries,
            warnings: loader.warnings,
        })
    }

    /// Parses `text` as if it were the file `name`; includes are read from `fs`.
    pub fn parse_str(fs: &dyn FileSource, name: &Path, text: &str) -> Result<Secrets, ConfigError> {
        let mut loader = parse::Loader::new(fs);
        loader.stack.enter(fs, name, None)?;
        loader.text(name, text)?;
        Ok(Secrets {
            entries: loader.entries,
            warnings: loader.warnings,
        })
    }

    /// All entries in file order.
    pub fn entries(&self) -> &[SecretEntry] {
        &self.entries
    }

    /// Warnings collected while loading (unresolved host names, empty globs).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Decodes a `0x`/`0s` value that is not secret (a public key in ipsec.conf).
pub(crate) fn decode_public(v: &str) -> Result<Vec<u8>, String> {
    if !(v.starts_with("0x") || v.starts_with("0X") || v.starts_with("0s") || v.starts_with("0S")) {
        return Err("expected %cert, %dns, or a key as 0s<base64> or 0x<hex>".into());
    }
    parse::decode_word(v).map(|s| s.expose().to_vec())
}
