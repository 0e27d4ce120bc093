//! Tokens of `ipsec.secrets` (ipsec.secrets(5)): whitespace-separated words,
//! `"quoted"` strings (no newline or quote inside), `{` `}`, and `:` (alone,
//! or ending a word when followed by whitespace). `#` at the start of a line
//! or after whitespace starts a comment. Each token remembers whether it is
//! the first on its line and whether that line is indented: entries start at
//! the left margin, continuation lines are indented.

use zeroize::Zeroizing;

use crate::config::error::{ConfigError, Location};

/// What a token is. Text may be a secret, hence zeroed on drop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    Word(Zeroizing<String>),
    Quoted(Zeroizing<String>),
    LBrace,
    RBrace,
    Colon,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
    /// First token on its line.
    pub line_start: bool,
    /// Its line starts with whitespace.
    pub indented: bool,
}

impl Token {
    /// True when this token begins a new entry or directive (left margin).
    pub fn starts_directive(&self) -> bool {
        self.line_start && !self.indented
    }

    /// A short description for error messages that never shows a secret.
    pub fn describe(&self) -> &'static str {
        match self.tok {
            Tok::Word(_) => "a word",
            Tok::Quoted(_) => "a quoted string",
            Tok::LBrace => "'{'",
            Tok::RBrace => "'}'",
            Tok::Colon => "':'",
        }
    }
}

/// Splits `text` (the contents of `file`) into tokens.
pub(crate) fn lex(file: &std::path::Path, text: &str) -> Result<Vec<Token>, ConfigError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        // the line may hold a secret: zeroed when done
        let chars: Zeroizing<Vec<char>> = Zeroizing::new(line.chars().collect());
        let indented = chars.first().is_some_and(|c| c.is_whitespace());
        let mut i = 0;
        let mut first = true;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            let col = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let mut push = |tok: Tok| {
                out.push(Token {
                    tok,
                    line: line_no,
                    col,
                    line_start: first,
                    indented,
                });
                first = false;
            };
            match c {
                '#' => break,
                '"' => {
                    let rest = &chars[i + 1..];
                    let Some(end) = rest.iter().position(|&c| c == '"') else {
                        return Err(ConfigError::syntax(
                            Location::at(file, line_no, col),
                            "quoted string has no closing '\"' on this line",
                        ));
                    };
                    let s: String = rest[..end].iter().collect();
                    push(Tok::Quoted(Zeroizing::new(s)));
                    i += end + 2;
                }
                '{' => {
                    push(Tok::LBrace);
                    i += 1;
                }
                '}' => {
                    push(Tok::RBrace);
                    i += 1;
                }
                _ => {
                    let start = i;
                    while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                        i += 1;
                    }
                    let word = &chars[start..i];
                    // A colon ends the index list when followed by whitespace
                    // or the end of the line: `@a @b: PSK "x"` is allowed.
                    if word == [':'] {
                        push(Tok::Colon);
                    } else if word.last() == Some(&':') {
                        let w: String = word[..word.len() - 1].iter().collect();
                        push(Tok::Word(Zeroizing::new(w)));
                        out.push(Token {
                            tok: Tok::Colon,
                            line: line_no,
                            col: u32::try_from(i).unwrap_or(u32::MAX),
                            line_start: false,
                            indented,
                        });
                    } else {
                        push(Tok::Word(Zeroizing::new(word.iter().collect())));
                    }
                }
            }
        }
    }
    Ok(out)
}
