//! `ipsec.conf` and `ipsec.secrets`: parsers with file:line errors.
