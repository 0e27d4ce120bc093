//! Errors and warnings of the configuration parsers: every one says where.

use std::fmt;
use std::path::PathBuf;

/// A place in a configuration file: `file:line` or `file:line:column`
/// (both 1-based), the form every error and warning prints.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The file, as it was named (the top file as given, includes as globbed).
    pub file: PathBuf,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, where it helps (token errors); `None` for whole lines.
    pub column: Option<u32>,
}

impl Location {
    /// A whole-line location.
    pub fn line(file: impl Into<PathBuf>, line: u32) -> Self {
        Location {
            file: file.into(),
            line,
            column: None,
        }
    }

    /// A location with a column.
    pub fn at(file: impl Into<PathBuf>, line: u32, column: u32) -> Self {
        Location {
            file: file.into(),
            line,
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}:{}:{}", self.file.display(), self.line, c),
            None => write!(f, "{}:{}", self.file.display(), self.line),
        }
    }
}

/// Why a configuration or secrets file was rejected.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file (or an included file) could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A file is larger than the parsers accept.
    #[error("{}: file is larger than {limit} bytes", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit in bytes.
        limit: u64,
    },
    /// Bad syntax: the message says what was expected.
    #[error("{at}: {message}")]
    Syntax {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// `include` nested deeper than the limit (Libreswan: 10).
    #[error("{at}: includes nested deeper than {limit} files")]
    IncludeDepth {
        /// The include directive that went too deep.
        at: Location,
        /// The limit.
        limit: usize,
    },
    /// A file includes itself, directly or through others.
    #[error("{at}: include loop: {} is already being read", path.display())]
    IncludeLoop {
        /// The include directive.
        at: Location,
        /// The file already on the include stack.
        path: PathBuf,
    },
    /// A keyword Libreswan does not have (or not in this kind of section).
    #[error("{at}: unknown keyword '{keyword}'{hint}")]
    UnknownKeyword {
        /// Where.
        at: Location,
        /// The keyword as written.
        keyword: String,
        /// Extra explanation (may be empty), starting with its own separator.
        hint: String,
    },
    /// A keyword with a value it cannot take.
    #[error("{at}: {keyword}={value}: {message}")]
    BadValue {
        /// Where.
        at: Location,
        /// The keyword.
        keyword: String,
        /// The value as written (never a secret: secrets use `Syntax`).
        value: String,
        /// What is wrong and what is accepted.
        message: String,
    },
    /// A problem of a conn as a whole (also= target missing, also loop, ...).
    #[error("{at}: conn '{conn}': {message}")]
    Conn {
        /// Where the conn (or the offending also=) is.
        at: Location,
        /// The conn's name.
        conn: String,
        /// What is wrong.
        message: String,
    },
}

impl ConfigError {
    /// Where the error is, when it is inside a file.
    pub fn location(&self) -> Option<&Location> {
        match self {
            ConfigError::Io { .. } | ConfigError::TooLarge { .. } => None,
            ConfigError::Syntax { at, .. }
            | ConfigError::IncludeDepth { at, .. }
            | ConfigError::IncludeLoop { at, .. }
            | ConfigError::UnknownKeyword { at, .. }
            | ConfigError::BadValue { at, .. }
            | ConfigError::Conn { at, .. } => Some(at),
        }
    }

    pub(crate) fn syntax(at: Location, message: impl Into<String>) -> Self {
        ConfigError::Syntax {
            at,
            message: message.into(),
        }
    }
}

/// Something accepted but worth telling the operator: a keyword recognised but
/// not supported yet, an obsolete spelling, an include glob matching nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub at: Location,
    /// What.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.at, self.message)
    }
}
