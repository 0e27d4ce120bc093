//! The line structure of `ipsec.conf` (ipsec.conf(5)): at the left margin,
//! `config setup`, `conn NAME`, `include FILE` (globbed, relative names from
//! the including file's directory) or the obsolete `version 2`; indented
//! lines are `keyword=value` parameters of the section above. `#` at the start
//! of a line or after whitespace starts a comment; blank lines are ignored.
//! A value is a word, a `"quoted string"` (no newline or quote inside) or a
//! `{braced list}`; spaces around `=` are allowed.

use std::path::Path;

use crate::config::error::{ConfigError, Location, Warning};
use crate::config::source::{include_targets, FileSource, IncludeStack};

/// One `keyword=value` line as written.
#[derive(Debug, Clone)]
pub(crate) struct RawEntry {
    /// The keyword, lower-cased (Libreswan compares them case-insensitively).
    pub key: String,
    /// The value, quotes or braces removed.
    pub value: String,
    pub at: Location,
}

/// Which section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SectionKind {
    Setup,
    Conn(String),
}

#[derive(Debug, Clone)]
pub(crate) struct RawSection {
    pub kind: SectionKind,
    pub at: Location,
    pub entries: Vec<RawEntry>,
}

/// Reads files and collects their sections in order.
pub(crate) struct Reader<'a> {
    fs: &'a dyn FileSource,
    stack: IncludeStack,
    pub sections: Vec<RawSection>,
    pub warnings: Vec<Warning>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(fs: &'a dyn FileSource) -> Self {
        Reader {
            fs,
            stack: IncludeStack::default(),
            sections: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub(crate) fn file(&mut self, path: &Path, at: Option<&Location>) -> Result<(), ConfigError> {
        self.stack.enter(self.fs, path, at)?;
        let text = self.fs.read(path)?;
        let r = self.text(path, &text);
        self.stack.leave();
        r
    }

    pub(crate) fn text(&mut self, path: &Path, text: &str) -> Result<(), ConfigError> {
        // Index of the section that indented lines belong to, if any.
        let mut current: Option<usize> = None;
        for (n, line) in text.lines().enumerate() {
            let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let at = Location::line(path, line_no);
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if line.starts_with(char::is_whitespace) {
                let Some(idx) = current else {
                    return Err(ConfigError::syntax(
                        at,
                        "indented parameter outside a section: put it under 'config setup' or 'conn NAME'",
                    ));
                };
                let entry = parse_parameter(path, line_no, line)?;
                if let Some(section) = self.sections.get_mut(idx) {
                    section.entries.push(entry);
                }
                continue;
            }
            let body = strip_comment(trimmed);
            let words: Vec<&str> = body.split_whitespace().collect();
            match words.as_slice() {
                ["config", "setup"] => {
                    self.sections.push(RawSection {
                        kind: SectionKind::Setup,
                        at,
                        entries: Vec::new(),
                    });
                    current = Some(self.sections.len() - 1);
                }
                ["config", other @ ..] => {
                    return Err(ConfigError::syntax(
                        at,
                        format!("unknown config section '{}': the only one is 'config setup'", other.join(" ")),
                    ))
                }
                ["conn", name] => {
                    check_conn_name(name, &at)?;
                    self.sections.push(RawSection {
                        kind: SectionKind::Conn((*name).to_string()),
                        at,
                        entries: Vec::new(),
                    });
                    current = Some(self.sections.len() - 1);
                }
                ["conn", ..] => {
                    return Err(ConfigError::syntax(at, "'conn' needs exactly one name (names cannot contain spaces)"))
                }
                ["include", pattern] => {
                    current = None;
                    let targets = include_targets(self.fs, path, pattern, &at, &mut self.warnings)?;
                    for t in targets {
                        self.file(&t, Some(&at))?;
                    }
                }
                ["include", ..] => {
                    return Err(ConfigError::syntax(at, "'include' needs exactly one file name"))
                }
                ["version", v] if v.starts_with('2') => {
                    // Obsolete but harmless (FreeS/WAN "version 2.0").
                }
                [first, ..] if first.contains('=') => {
                    return Err(ConfigError::syntax(
                        at,
                        format!("'{first}': keyword=value lines must be indented under 'conn NAME' or 'config setup'"),
                    ))
                }
                _ => {
                    return Err(ConfigError::syntax(
                        at,
                        format!("expected 'config setup', 'conn NAME' or 'include FILE' at the left margin, found '{body}'"),
                    ))
                }
            }
        }
        Ok(())
    }
}

fn check_conn_name(name: &str, at: &Location) -> Result<(), ConfigError> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.+/@:%[]".contains(c));
    if !ok_chars || (name.starts_with('%') && name != "%default") {
        return Err(ConfigError::syntax(
            at.clone(),
            format!("bad conn name '{name}': use letters, digits and - _ . + / @ : (names starting with % are reserved, except %default)"),
        ));
    }
    Ok(())
}

/// Text before a `#` that starts a comment (at the start or after whitespace).
fn strip_comment(s: &str) -> &str {
    let mut prev_ws = true;
    for (i, c) in s.char_indices() {
        if c == '#' && prev_ws {
            return s[..i].trim_end();
        }
        prev_ws = c.is_whitespace();
    }
    s
}

/// Parses an indented `keyword=value [# comment]` line.
fn parse_parameter(path: &Path, line_no: u32, line: &str) -> Result<RawEntry, ConfigError> {
    let col = |i: usize| u32::try_from(i + 1).unwrap_or(u32::MAX);
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let Some(eq) = rest.find('=') else {
        return Err(ConfigError::syntax(
            Location::at(path, line_no, col(indent)),
            format!("expected keyword=value, found '{}'", strip_comment(rest)),
        ));
    };
    let key = rest[..eq].trim();
    if key.is_empty() || key.contains(char::is_whitespace) || key.contains('"') {
        return Err(ConfigError::syntax(
            Location::at(path, line_no, col(indent)),
            format!("bad keyword '{key}' (expected keyword=value)"),
        ));
    }
    let after = &rest[eq + 1..];
    if key.starts_with("x-") || key.starts_with("x_") {
        // The user's own keywords (x-comment): the rest of the line is the value.
        return Ok(RawEntry {
            key: key.to_ascii_lowercase(),
            value: after.trim().to_string(),
            at: Location::at(path, line_no, col(indent)),
        });
    }
    let vstart = indent + eq + 1 + (after.len() - after.trim_start().len());
    let v = after.trim_start();
    let (value, tail) = if let Some(q) = v.strip_prefix('"') {
        match q.find('"') {
            Some(end) => (q[..end].to_string(), &q[end + 1..]),
            None => {
                return Err(ConfigError::syntax(
                    Location::at(path, line_no, col(vstart)),
                    "quoted value has no closing '\"' on this line",
                ))
            }
        }
    } else if let Some(b) = v.strip_prefix('{') {
        match b.find('}') {
            Some(end) => (b[..end].trim().to_string(), &b[end + 1..]),
            None => {
                return Err(ConfigError::syntax(
                    Location::at(path, line_no, col(vstart)),
                    "braced value has no closing '}' on this line",
                ))
            }
        }
    } else {
        let end = v.find(char::is_whitespace).unwrap_or(v.len());
        (v[..end].to_string(), &v[end..])
    };
    let tail_trim = tail.trim_start();
    if !tail_trim.is_empty() && !tail_trim.starts_with('#') {
        let tcol = line.len() - tail_trim.len();
        return Err(ConfigError::syntax(
            Location::at(path, line_no, col(tcol)),
            format!(
                "unexpected '{}' after the value of {key}= (quote values that contain spaces)",
                tail_trim
            ),
        ));
    }
    Ok(RawEntry {
        key: key.to_ascii_lowercase(),
        value,
        at: Location::at(path, line_no, col(indent)),
    })
}
