//! Where configuration text comes from, and Libreswan's `include` rules
//! shared by `ipsec.conf` and `ipsec.secrets`: globbing as in sh(1), relative
//! names taken from the including file's directory, nesting limited to 10
//! files (Libreswan's limit), and loops refused.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{ConfigError, Location, Warning};

/// Largest file the parsers read; a longer one (or `/dev/zero`) is an error.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How deep includes may nest (ipsec.secrets(5): "a modest depth (10, currently)").
pub const MAX_INCLUDE_DEPTH: usize = 10;

/// Files the parsers read: the real file system, or an in-memory set for
/// tests and fuzzing (so hostile input never touches the disk).
pub trait FileSource {
    /// The whole text of `path` (UTF-8, at most [`MAX_FILE_BYTES`]).
    fn read(&self, path: &Path) -> Result<String, ConfigError>;
    /// The files matching a glob pattern, sorted; `Err` for a bad pattern.
    fn glob(&self, pattern: &str) -> Result<Vec<PathBuf>, String>;
    /// A name that is the same for every spelling of one file (loop detection).
    fn identity(&self, path: &Path) -> PathBuf;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl FileSource for RealFs {
    fn read(&self, path: &Path) -> Result<String, ConfigError> {
        let io = |source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ConfigError::TooLarge {
                path: path.to_path_buf(),
                limit: MAX_FILE_BYTES,
            });
        }
        utf8(path, bytes)
    }

    fn glob(&self, pattern: &str) -> Result<Vec<PathBuf>, String> {
        let options = glob_options();
        let paths = glob::glob_with(pattern, options).map_err(|e| e.to_string())?;
        let mut out: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
        out.sort();
        Ok(out)
    }

    fn identity(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    }
}

/// An in-memory set of files, keyed by path.
#[derive(Debug, Clone, Default)]
pub struct MemFs {
    files: BTreeMap<PathBuf, String>,
}

impl MemFs {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> &mut Self {
        self.files.insert(path.into(), text.into());
        self
    }
}

impl FileSource for MemFs {
    fn read(&self, path: &Path) -> Result<String, ConfigError> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| ConfigError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            })
    }

    fn glob(&self, pattern: &str) -> Result<Vec<PathBuf>, String> {
        let pat = glob::Pattern::new(pattern).map_err(|e| e.to_string())?;
        let options = glob_options();
        Ok(self
            .files
            .keys()
            .filter(|p| pat.matches_path_with(p, options))
            .cloned()
            .collect())
    }

    fn identity(&self, path: &Path) -> PathBuf {
        path.to_path_buf()
    }
}

fn glob_options() -> glob::MatchOptions {
    // sh(1) globbing: `*` does not cross `/` nor match a leading dot.
    glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    }
}

fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, ConfigError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        ConfigError::syntax(
            Location::line(path, line),
            "text is not valid UTF-8 (write binary secrets as 0x... or 0s...)",
        )
    })
}

/// The include stack of one parse: enforces the depth limit and refuses loops.
#[derive(Debug, Default)]
pub(crate) struct IncludeStack {
    open: Vec<PathBuf>,
}

impl IncludeStack {
    /// Enters `path`; `at` is the include directive (None for the top file).
    pub(crate) fn enter(
        &mut self,
        fs: &dyn FileSource,
        path: &Path,
        at: Option<&Location>,
    ) -> Result<(), ConfigError> {
        let id = fs.identity(path);
        if let Some(at) = at {
            if self.open.contains(&id) {
                return Err(ConfigError::IncludeLoop {
                    at: at.clone(),
                    path: path.to_path_buf(),
                });
            }
            if self.open.len() >= MAX_INCLUDE_DEPTH {
                return Err(ConfigError::IncludeDepth {
                    at: at.clone(),
                    limit: MAX_INCLUDE_DEPTH,
                });
            }
        }
        self.open.push(id);
        Ok(())
    }

    /// Leaves the innermost file.
    pub(crate) fn leave(&mut self) {
        self.open.pop();
    }
}

/// The files an `include PATTERN` directive in `including` names, in order.
/// A pattern with glob characters that matches nothing is a warning (as in
/// Libreswan); a plain name is returned as is, so reading it reports a
/// missing file as an error.
pub(crate) fn include_targets(
    fs: &dyn FileSource,
    including: &Path,
    pattern: &str,
    at: &Location,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<PathBuf>, ConfigError> {
    let magic = pattern.contains(['*', '?', '[']);
    let relative = !pattern.starts_with('/');
    let dir = including.parent().unwrap_or_else(|| Path::new(""));
    if !magic {
        let path = if relative {
            dir.join(pattern)
        } else {
            PathBuf::from(pattern)
        };
        return Ok(vec![path]);
    }
    let full = if relative && !dir.as_os_str().is_empty() {
        let escaped = glob::Pattern::escape(&dir.to_string_lossy());
        format!("{escaped}/{pattern}")
    } else {
        pattern.to_string()
    };
    let found = fs.glob(&full).map_err(|e| {
        ConfigError::syntax(at.clone(), format!("bad include pattern '{pattern}': {e}"))
    })?;
    if found.is_empty() {
        warnings.push(Warning {
            at: at.clone(),
            message: format!("include pattern '{full}' matches no file"),
        });
    }
    Ok(found)
}
