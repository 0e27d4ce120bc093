//! IKEv1 / ISAKMP (RFC 2408, 2407, 2409, 3947, 3706, XAUTH and ModeCfg drafts).
