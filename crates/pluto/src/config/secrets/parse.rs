//! The `ipsec.secrets` grammar (ipsec.secrets(5)):
//!
//! ```text
//! file    = { entry | include }
//! include = "include" FILENAME                    (at the left margin)
//! entry   = { index } ":" [kind] secret            (first token at the left
//!                                                   margin, the rest indented)
//! kind    = PSK | XAUTH | RSA | PPKS               (PSK when left out)
//! secret  = "chars" | 0x<hex> | 0s<base64> | 0t<text>
//!         | RSA: "{" { Field ":" value } "}" | "nickname" | keyfile [passphrase|%prompt]
//!         | PPKS: "ppk-id" secret
//! ```

use std::path::{Path, PathBuf};

use base64::Engine as _;
use zeroize::Zeroizing;

use super::lexer::{lex, Tok, Token};
use super::secret::{Passphrase, RsaField, RsaFields, RsaSecret, Secret, SecretBytes, SecretEntry};
use crate::config::error::{ConfigError, Location, Warning};
use crate::config::id::Id;
use crate::config::source::{include_targets, FileSource, IncludeStack};

/// State of one load: the file source, include stack, results.
pub(crate) struct Loader<'a> {
    pub fs: &'a dyn FileSource,
    pub stack: IncludeStack,
    pub entries: Vec<SecretEntry>,
    pub warnings: Vec<Warning>,
}

impl<'a> Loader<'a> {
    pub(crate) fn new(fs: &'a dyn FileSource) -> Self {
        Loader {
            fs,
            stack: IncludeStack::default(),
            entries: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Reads and parses `path` (`at`: the include directive naming it).
    pub(crate) fn file(&mut self, path: &Path, at: Option<&Location>) -> Result<(), ConfigError> {
        self.stack.enter(self.fs, path, at)?;
        let text = Zeroizing::new(self.fs.read(path)?);
        let r = self.text(path, &text);
        self.stack.leave();
        r
    }

    /// Parses `text` as the contents of `path`.
    pub(crate) fn text(&mut self, path: &Path, text: &str) -> Result<(), ConfigError> {
        let tokens = lex(path, text)?;
        let mut p = Cursor {
            file: path,
            tokens: &tokens,
            i: 0,
        };
        while let Some(t) = p.peek() {
            if !t.starts_directive() {
                return Err(p.err(t, "an entry or include must start at the left margin; only continuation lines of an entry are indented"));
            }
            match &t.tok {
                Tok::Word(w) if w.as_str() == "include" => {
                    p.i += 1;
                    let at = p.loc(t);
                    let name = match p.next_in_entry() {
                        Some(Token {
                            tok: Tok::Word(n) | Tok::Quoted(n),
                            line,
                            ..
                        }) if *line == t.line => n.to_string(),
                        _ => return Err(p.err(t, "include needs a file name on the same line")),
                    };
                    if let Some(extra) = p.next_in_entry() {
                        return Err(p.err(extra, "unexpected text after the include file name (names cannot contain whitespace)"));
                    }
                    let targets = include_targets(self.fs, path, &name, &at, &mut self.warnings)?;
                    for target in targets {
                        self.file(&target, Some(&at))?;
                    }
                }
                _ => {
                    let entry = p.entry(&mut self.warnings)?;
                    self.entries.push(entry);
                }
            }
        }
        Ok(())
    }
}

struct Cursor<'t> {
    file: &'t Path,
    tokens: &'t [Token],
    i: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self) -> Option<&'t Token> {
        self.tokens.get(self.i)
    }

    /// The next token if it still belongs to the current entry (not at the
    /// left margin), consuming it.
    fn next_in_entry(&mut self) -> Option<&'t Token> {
        let t = self.tokens.get(self.i)?;
        if t.starts_directive() {
            return None;
        }
        self.i += 1;
        Some(t)
    }

    fn loc(&self, t: &Token) -> Location {
        Location::at(self.file, t.line, t.col)
    }

    fn err(&self, t: &Token, message: impl Into<String>) -> ConfigError {
        ConfigError::syntax(self.loc(t), message)
    }

    /// Where the entry ended, for "missing ..." errors.
    fn end_err(&self, start: &Token, message: &str) -> ConfigError {
        let last = self.i.checked_sub(1).and_then(|j| self.tokens.get(j));
        self.err(last.unwrap_or(start), message)
    }

    fn entry(&mut self, warnings: &mut Vec<Warning>) -> Result<SecretEntry, ConfigError> {
        let Some(start) = self.peek() else {
            return Err(ConfigError::syntax(
                Location::line(self.file, 1),
                "empty entry",
            ));
        };
        self.i += 1;
        let at = self.loc(start);
        let mut ids = Vec::new();
        let mut t = start;
        loop {
            match &t.tok {
                Tok::Colon => break,
                Tok::Word(w) | Tok::Quoted(w) => {
                    let id = Id::parse(w)
                        .map_err(|e| self.err(t, format!("bad index '{}': {e}", w.as_str())))?;
                    if let Id::Hostname(h) = &id {
                        warnings.push(Warning {
                            at: self.loc(t),
                            message: format!("host name '{h}' is not resolved; it matches the ID @{h} (write @{h} to say so)"),
                        });
                    }
                    ids.push(id);
                }
                Tok::LBrace | Tok::RBrace => {
                    return Err(self.err(t, format!("unexpected {} before ':'", t.describe())))
                }
            }
            t = self.next_in_entry().ok_or_else(|| {
                self.end_err(
                    start,
                    "entry has no ':' before the secret (continuation lines must be indented)",
                )
            })?;
        }
        let secret = self.secret(start)?;
        if let Some(extra) = self.next_in_entry() {
            return Err(self.err(extra, format!("unexpected {} after the secret (one secret per entry; quote a secret that has spaces)", extra.describe())));
        }
        Ok(SecretEntry { ids, secret, at })
    }

    fn secret(&mut self, start: &Token) -> Result<Secret, ConfigError> {
        let t = self
            .next_in_entry()
            .ok_or_else(|| self.end_err(start, "missing secret after ':'"))?;
        let word = match &t.tok {
            Tok::Word(w) => w.to_ascii_uppercase(),
            // FreeS/WAN compatibility: a secret without a kind is a PSK.
            Tok::Quoted(_) => return self.value(t).map(Secret::Psk),
            _ => {
                return Err(self.err(
                    t,
                    format!("expected PSK, XAUTH, RSA or PPKS, found {}", t.describe()),
                ))
            }
        };
        match word.as_str() {
            "PSK" => self.required_value(t).map(Secret::Psk),
            "XAUTH" => self.required_value(t).map(Secret::Xauth),
            "PPKS" => {
                let id_tok = self
                    .next_in_entry()
                    .ok_or_else(|| self.err(t, "PPKS needs a \"PPK_ID\" and the key"))?;
                let id = match &id_tok.tok {
                    Tok::Quoted(s) | Tok::Word(s) => s.as_bytes().to_vec(),
                    _ => return Err(self.err(id_tok, "PPKS needs a \"PPK_ID\" and the key")),
                };
                let key = self.required_value(id_tok)?;
                Ok(Secret::Ppk { id, key })
            }
            "RSA" => self.rsa(t).map(Secret::Rsa),
            "ECDSA" | "EAP" | "PIN" | "NTLM" | "P12" | "PKCS12" | "BLISS" => Err(self.err(
                t,
                format!("secret kind {word} is not supported (supported: PSK, XAUTH, PPKS, RSA)"),
            )),
            _ if word.starts_with("0X") || word.starts_with("0S") || word.starts_with("0T") => {
                self.value(t).map(Secret::Psk)
            }
            _ => Err(self.err(
                t,
                "expected PSK, XAUTH, RSA or PPKS, or a secret (\"quoted\", 0x<hex>, 0s<base64>, 0t<text>)",
            )),
        }
    }

    fn required_value(&mut self, after: &Token) -> Result<SecretBytes, ConfigError> {
        let t = self
            .next_in_entry()
            .ok_or_else(|| self.err(after, "missing secret value"))?;
        self.value(t)
    }

    /// Decodes a secret value token (ipsec.secrets(5) formats).
    fn value(&self, t: &Token) -> Result<SecretBytes, ConfigError> {
        match &t.tok {
            Tok::Quoted(s) => Ok(SecretBytes::new(s.as_bytes().to_vec())),
            Tok::Word(w) => decode_word(w).map_err(|e| self.err(t, e)),
            _ => Err(self.err(t, format!("expected a secret, found {}", t.describe()))),
        }
    }

    fn rsa(&mut self, kind: &Token) -> Result<RsaSecret, ConfigError> {
        let t = self
            .next_in_entry()
            .ok_or_else(|| self.err(kind, "RSA needs { fields }, a \"nickname\" or a key file"))?;
        match &t.tok {
            Tok::LBrace => self.rsa_fields(t).map(RsaSecret::Fields),
            Tok::Quoted(n) => Ok(RsaSecret::Nickname(n.to_string())),
            Tok::Word(f) => {
                let path = PathBuf::from(f.as_str());
                let path = if path.is_relative() {
                    self.file.parent().unwrap_or(Path::new("")).join(path)
                } else {
                    path
                };
                let passphrase = match self.peek() {
                    Some(p) if !p.starts_directive() => {
                        self.i += 1;
                        match &p.tok {
                            Tok::Word(w) if w.eq_ignore_ascii_case("%prompt") => {
                                Some(Passphrase::Prompt)
                            }
                            _ => Some(Passphrase::Given(self.value(p)?)),
                        }
                    }
                    _ => None,
                };
                Ok(RsaSecret::KeyFile { path, passphrase })
            }
            _ => Err(self.err(
                t,
                format!(
                    "RSA needs {{ fields }}, a \"nickname\" or a key file, found {}",
                    t.describe()
                ),
            )),
        }
    }

    fn rsa_fields(&mut self, open: &Token) -> Result<RsaFields, ConfigError> {
        let mut fields = RsaFields::default();
        loop {
            let t = self.next_in_entry().ok_or_else(|| {
                self.end_err(
                    open,
                    "RSA key block has no closing '}' (its lines must be indented)",
                )
            })?;
            let name = match &t.tok {
                Tok::RBrace => return Ok(fields),
                Tok::Word(n) => n,
                _ => {
                    return Err(self.err(
                        t,
                        format!("expected an RSA field name or '}}', found {}", t.describe()),
                    ))
                }
            };
            let field = RsaField::from_name(name).ok_or_else(|| {
                self.err(t, format!("unknown RSA field '{}' (known: Modulus, PublicExponent, PrivateExponent, Prime1, Prime2, Exponent1, Exponent2, Coefficient, CKAIDNSS)", name.as_str()))
            })?;
            match self.next_in_entry() {
                Some(Token {
                    tok: Tok::Colon, ..
                }) => {}
                _ => return Err(self.err(t, format!("expected ':' after {}", field.name()))),
            }
            let value = self.required_value(t)?;
            if !fields.insert(field, value) {
                return Err(self.err(t, format!("RSA field {} given twice", field.name())));
            }
        }
    }
}

/// Decodes `0x<hex>` (single `_` between digit pairs allowed), `0s<base64>`,
/// `0t<text>`. Error messages never contain the secret.
pub(crate) fn decode_word(w: &str) -> Result<SecretBytes, String> {
    let (prefix, body) = match (w.get(..2), w.get(2..)) {
        (Some(p), Some(b)) => (p, b),
        _ => ("", w),
    };
    match prefix {
        "0x" | "0X" => {
            if body.is_empty()
                || body.starts_with('_')
                || body.ends_with('_')
                || body.contains("__")
            {
                return Err("bad hexadecimal secret: expected 0x followed by hex digit pairs, '_' only between them".into());
            }
            let digits: Zeroizing<String> =
                Zeroizing::new(body.chars().filter(|&c| c != '_').collect());
            hex::decode(digits.as_bytes())
                .map(SecretBytes::new)
                .map_err(|_| {
                    "bad hexadecimal secret: expected 0x followed by hex digit pairs".into()
                })
        }
        "0s" | "0S" => base64::engine::general_purpose::STANDARD
            .decode(body)
            .map(SecretBytes::new)
            .map_err(|_| {
                "bad base64 secret: expected 0s followed by groups of four base64 digits".into()
            }),
        "0t" | "0T" => Ok(SecretBytes::new(body.as_bytes().to_vec())),
        _ => Err("a secret must be \"quoted\", 0x<hex>, 0s<base64> or 0t<text>".into()),
    }
}
