//! IKEv2 numbers (RFC 7296 3.x, IANA registries) used by the state machine.

/// Header flag: Initiator.
pub const FLAG_I: u8 = 0x08;
/// Header flag: Version.
pub const FLAG_V: u8 = 0x10;
/// Header flag: Response.
pub const FLAG_R: u8 = 0x20;
/// IKEv2 version byte.
pub const VERSION: u8 = 0x20;
/// IKE header length.
pub const HEADER_LEN: usize = 28;

/// Exchange types (RFC 7296 3.1).
pub mod exch {
    /// IKE_SA_INIT
    pub const IKE_SA_INIT: u8 = 34;
    /// IKE_AUTH
    pub const IKE_AUTH: u8 = 35;
    /// CREATE_CHILD_SA
    pub const CREATE_CHILD_SA: u8 = 36;
    /// INFORMATIONAL
    pub const INFORMATIONAL: u8 = 37;
}

/// Payload types.
pub mod pt {
    /// No Next Payload
    pub const NONE: u8 = 0;
    /// SA
    pub const SA: u8 = 33;
    /// KE
    pub const KE: u8 = 34;
    /// IDi
    pub const IDI: u8 = 35;
    /// IDr
    pub const IDR: u8 = 36;
    /// CERT
    pub const CERT: u8 = 37;
    /// CERTREQ
    pub const CERTREQ: u8 = 38;
    /// AUTH
    pub const AUTH: u8 = 39;
    /// Nonce
    pub const NONCE: u8 = 40;
    /// Notify
    pub const NOTIFY: u8 = 41;
    /// Delete
    pub const DELETE: u8 = 42;
    /// Vendor ID
    pub const VENDOR: u8 = 43;
    /// TSi
    pub const TSI: u8 = 44;
    /// TSr
    pub const TSR: u8 = 45;
    /// SK
    pub const SK: u8 = 46;
    /// CP
    pub const CP: u8 = 47;
    /// EAP
    pub const EAP: u8 = 48;
    /// SKF (RFC 7383)
    pub const SKF: u8 = 53;
}

/// Notify message types.
pub mod notify {
    /// UNSUPPORTED_CRITICAL_PAYLOAD
    pub const UNSUPPORTED_CRITICAL_PAYLOAD: u16 = 1;
    /// INVALID_IKE_SPI
    pub const INVALID_IKE_SPI: u16 = 4;
    /// INVALID_MAJOR_VERSION
    pub const INVALID_MAJOR_VERSION: u16 = 5;
    /// INVALID_SYNTAX
    pub const INVALID_SYNTAX: u16 = 7;
    /// INVALID_MESSAGE_ID
    pub const INVALID_MESSAGE_ID: u16 = 9;
    /// INVALID_SPI
    pub const INVALID_SPI: u16 = 11;
    /// NO_PROPOSAL_CHOSEN
    pub const NO_PROPOSAL_CHOSEN: u16 = 14;
    /// INVALID_KE_PAYLOAD
    pub const INVALID_KE_PAYLOAD: u16 = 17;
    /// AUTHENTICATION_FAILED
    pub const AUTHENTICATION_FAILED: u16 = 24;
    /// SINGLE_PAIR_REQUIRED
    pub const SINGLE_PAIR_REQUIRED: u16 = 34;
    /// NO_ADDITIONAL_SAS
    pub const NO_ADDITIONAL_SAS: u16 = 35;
    /// INTERNAL_ADDRESS_FAILURE
    pub const INTERNAL_ADDRESS_FAILURE: u16 = 36;
    /// FAILED_CP_REQUIRED
    pub const FAILED_CP_REQUIRED: u16 = 37;
    /// TS_UNACCEPTABLE
    pub const TS_UNACCEPTABLE: u16 = 38;
    /// INVALID_SELECTORS
    pub const INVALID_SELECTORS: u16 = 39;
    /// TEMPORARY_FAILURE
    pub const TEMPORARY_FAILURE: u16 = 43;
    /// CHILD_SA_NOT_FOUND
    pub const CHILD_SA_NOT_FOUND: u16 = 44;
    /// Highest error type (errors are < 16384).
    pub const ERROR_MAX: u16 = 16383;
    /// INITIAL_CONTACT
    pub const INITIAL_CONTACT: u16 = 16384;
    /// SET_WINDOW_SIZE
    pub const SET_WINDOW_SIZE: u16 = 16385;
    /// NAT_DETECTION_SOURCE_IP
    pub const NAT_DETECTION_SOURCE_IP: u16 = 16388;
    /// NAT_DETECTION_DESTINATION_IP
    pub const NAT_DETECTION_DESTINATION_IP: u16 = 16389;
    /// COOKIE
    pub const COOKIE: u16 = 16390;
    /// USE_TRANSPORT_MODE
    pub const USE_TRANSPORT_MODE: u16 = 16391;
    /// REKEY_SA
    pub const REKEY_SA: u16 = 16393;
    /// ESP_TFC_PADDING_NOT_SUPPORTED
    pub const ESP_TFC_PADDING_NOT_SUPPORTED: u16 = 16394;
    /// NON_FIRST_FRAGMENTS_ALSO
    pub const NON_FIRST_FRAGMENTS_ALSO: u16 = 16395;
    /// MOBIKE_SUPPORTED
    pub const MOBIKE_SUPPORTED: u16 = 16396;
    /// IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383)
    pub const IKEV2_FRAGMENTATION_SUPPORTED: u16 = 16430;
    /// SIGNATURE_HASH_ALGORITHMS (RFC 7427)
    pub const SIGNATURE_HASH_ALGORITHMS: u16 = 16431;
}

/// Auth methods (RFC 7296 3.8, RFC 7427).
pub mod auth {
    /// RSA Digital Signature
    pub const RSA_SIG: u8 = 1;
    /// Shared Key Message Integrity Code
    pub const PSK: u8 = 2;
    /// Digital Signature (RFC 7427)
    pub const DIGITAL_SIGNATURE: u8 = 14;
}

/// Protocol IDs (RFC 7296 3.3.1).
pub mod proto {
    /// IKE
    pub const IKE: u8 = 1;
    /// AH
    pub const AH: u8 = 2;
    /// ESP
    pub const ESP: u8 = 3;
}
