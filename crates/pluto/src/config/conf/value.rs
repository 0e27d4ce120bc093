//! Typed values of `ipsec.conf` keywords, after Libreswan's syntax. Each
//! parser returns `Err(message)`; the caller adds keyword, value and file:line.

use std::net::IpAddr;
use std::time::Duration;

/// yes/no and the spellings Libreswan accepts.
pub(crate) fn boolean(v: &str) -> Result<bool, String> {
    match v.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "on" => Ok(true),
        "no" | "n" | "false" | "off" => Ok(false),
        _ => Err("expected yes or no".into()),
    }
}

/// One of `choices` (case-insensitive).
pub(crate) fn choice<T: Copy>(v: &str, choices: &[(&str, T)]) -> Result<T, String> {
    let l = v.to_ascii_lowercase();
    choices
        .iter()
        .find(|(name, _)| *name == l)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            format!("expected one of: {}", names.join(", "))
        })
}

/// A time: a number with an optional unit s, m, h, d or w (seconds without one).
pub(crate) fn duration(v: &str) -> Result<Duration, String> {
    let digits_end = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (num, unit) = v.split_at(digits_end);
    if num.is_empty() {
        return Err("expected a time such as 3600, 60s, 30m, 8h or 1d".into());
    }
    let n: u64 = num.parse().map_err(|_| "number too large".to_string())?;
    let scale = match unit.to_ascii_lowercase().as_str() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(format!("unknown time unit '{unit}' (use s, m, h, d or w)")),
    };
    n.checked_mul(scale)
        .filter(|&s| s <= u64::from(u32::MAX))
        .map(Duration::from_secs)
        .ok_or_else(|| "time too large".into())
}

/// An unsigned number within `max`.
pub(crate) fn number(v: &str, max: u64) -> Result<u64, String> {
    let n: u64 = v
        .parse()
        .map_err(|_| "expected a non-negative decimal number".to_string())?;
    if n > max {
        return Err(format!("must be at most {max}"));
    }
    Ok(n)
}

/// A UDP port, 1..=65535.
pub(crate) fn port(v: &str) -> Result<u16, String> {
    match number(v, 65_535)? {
        0 => Err("port must be 1..65535".into()),
        n => u16::try_from(n).map_err(|_| "port must be 1..65535".into()),
    }
}

/// A percentage such as `100%` (the `%` may be left out).
pub(crate) fn percent(v: &str) -> Result<u32, String> {
    let n = number(v.strip_suffix('%').unwrap_or(v), 1_000_000)?;
    u32::try_from(n).map_err(|_| "percentage too large".into())
}

/// An IP address.
pub(crate) fn ip(v: &str) -> Result<IpAddr, String> {
    v.parse()
        .map_err(|_| "expected an IPv4 or IPv6 address".into())
}

/// Splits a list written with commas and/or spaces.
pub(crate) fn list(v: &str) -> Vec<&str> {
    v.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect()
}

/// An algorithm proposal list (`ike=`, `phase2alg=`): checked for shape only;
/// the algorithm names are checked when the connection is added.
pub(crate) fn proposals(v: &str) -> Result<String, String> {
    if v.is_empty() {
        return Err("empty algorithm list".into());
    }
    if let Some(bad) = v
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_;,+!.".contains(*c)))
    {
        return Err(format!(
            "unexpected '{bad}' in an algorithm list (e.g. aes256-sha2_256;modp2048,aes128-sha1)"
        ));
    }
    if v.split(',').any(|p| p.trim().is_empty()) {
        return Err("empty proposal between commas".into());
    }
    Ok(v.to_string())
}
