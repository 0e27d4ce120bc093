//! IKEv2 (RFC 7296, 7383, and the notify/CP/EAP extensions).
