//! IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" registries, as
//! open enums (an unknown value survives a round trip). Names are spelled as
//! IANA (and so Wireshark and Libreswan's logs) spell them.

crate::open_enum! {
    /// IKEv2 Exchange Types (RFC 7296 3.1, RFC 5723, RFC 9242, RFC 9370).
    pub enum ExchangeType: u8 {
        IkeSaInit = 34 => "IKE_SA_INIT",
        IkeAuth = 35 => "IKE_AUTH",
        CreateChildSa = 36 => "CREATE_CHILD_SA",
        Informational = 37 => "INFORMATIONAL",
        IkeSessionResume = 38 => "IKE_SESSION_RESUME",
        GsaAuth = 39 => "GSA_AUTH",
        GsaRegistration = 40 => "GSA_REGISTRATION",
        GsaRekey = 41 => "GSA_REKEY",
        IkeIntermediate = 43 => "IKE_INTERMEDIATE",
        IkeFollowupKe = 44 => "IKE_FOLLOWUP_KE",
    }
}

crate::open_enum! {
    /// IKEv2 Payload Types (RFC 7296 3.2, RFC 7383, RFC 6467, RFC 8019).
    pub enum PayloadType: u8 {
        NoNextPayload = 0 => "No Next Payload",
        Sa = 33 => "Security Association (SA)",
        Ke = 34 => "Key Exchange (KE)",
        IdI = 35 => "Identification - Initiator (IDi)",
        IdR = 36 => "Identification - Responder (IDr)",
        Cert = 37 => "Certificate (CERT)",
        CertReq = 38 => "Certificate Request (CERTREQ)",
        Auth = 39 => "Authentication (AUTH)",
        Nonce = 40 => "Nonce (Ni, Nr)",
        Notify = 41 => "Notify (N)",
        Delete = 42 => "Delete (D)",
        VendorId = 43 => "Vendor ID (V)",
        TsI = 44 => "Traffic Selector - Initiator (TSi)",
        TsR = 45 => "Traffic Selector - Responder (TSr)",
        Sk = 46 => "Encrypted and Authenticated (SK)",
        Cp = 47 => "Configuration (CP)",
        Eap = 48 => "Extensible Authentication (EAP)",
        Gspm = 49 => "Generic Secure Password Methods (GSPM)",
        IdG = 50 => "Group Identification (IDg)",
        Gsa = 51 => "Group Security Association (GSA)",
        Kd = 52 => "Key Download (KD)",
        Skf = 53 => "Encrypted and Authenticated Fragment (SKF)",
        Ps = 54 => "Puzzle Solution (PS)",
    }
}

impl PayloadType {
    /// The short notation of RFC 7296 3.2 (`SA`, `KE`, `N`, `SK`, ...), or
    /// the number for an unknown type.
    pub fn abbrev(self) -> &'static str {
        match self {
            PayloadType::NoNextPayload => "NONE",
            PayloadType::Sa => "SA",
            PayloadType::Ke => "KE",
            PayloadType::IdI => "IDi",
            PayloadType::IdR => "IDr",
            PayloadType::Cert => "CERT",
            PayloadType::CertReq => "CERTREQ",
            PayloadType::Auth => "AUTH",
            PayloadType::Nonce => "Ni/Nr",
            PayloadType::Notify => "N",
            PayloadType::Delete => "D",
            PayloadType::VendorId => "V",
            PayloadType::TsI => "TSi",
            PayloadType::TsR => "TSr",
            PayloadType::Sk => "SK",
            PayloadType::Cp => "CP",
            PayloadType::Eap => "EAP",
            PayloadType::Gspm => "GSPM",
            PayloadType::IdG => "IDg",
            PayloadType::Gsa => "GSA",
            PayloadType::Kd => "KD",
            PayloadType::Skf => "SKF",
            PayloadType::Ps => "PS",
            PayloadType::Unknown(_) => "?",
        }
    }
}

crate::open_enum! {
    /// IKEv2 Transform Types (RFC 7296 3.3.2; RFC 9370 renames 4 and adds ADDKE).
    pub enum TransformType: u8 {
        Encr = 1 => "Encryption Algorithm (ENCR)",
        Prf = 2 => "Pseudorandom Function (PRF)",
        Integ = 3 => "Integrity Algorithm (INTEG)",
        Ke = 4 => "Key Exchange Method (KE)",
        Esn = 5 => "Extended Sequence Numbers (ESN)",
        AddKe1 = 6 => "Additional Key Exchange 1 (ADDKE1)",
        AddKe2 = 7 => "Additional Key Exchange 2 (ADDKE2)",
        AddKe3 = 8 => "Additional Key Exchange 3 (ADDKE3)",
        AddKe4 = 9 => "Additional Key Exchange 4 (ADDKE4)",
        AddKe5 = 10 => "Additional Key Exchange 5 (ADDKE5)",
        AddKe6 = 11 => "Additional Key Exchange 6 (ADDKE6)",
        AddKe7 = 12 => "Additional Key Exchange 7 (ADDKE7)",
    }
}

crate::open_enum! {
    /// Transform Type 1 - Encryption Algorithm Transform IDs (RFC 7296 3.3.2,
    /// RFC 4106, 4309, 5282, 5529, 7634, 8750, 9227).
    pub enum EncrId: u16 {
        DesIv64 = 1 => "ENCR_DES_IV64",
        Des = 2 => "ENCR_DES",
        TripleDes = 3 => "ENCR_3DES",
        Rc5 = 4 => "ENCR_RC5",
        Idea = 5 => "ENCR_IDEA",
        Cast = 6 => "ENCR_CAST",
        Blowfish = 7 => "ENCR_BLOWFISH",
        TripleIdea = 8 => "ENCR_3IDEA",
        DesIv32 = 9 => "ENCR_DES_IV32",
        Null = 11 => "ENCR_NULL",
        AesCbc = 12 => "ENCR_AES_CBC",
        AesCtr = 13 => "ENCR_AES_CTR",
        AesCcm8 = 14 => "ENCR_AES_CCM_8",
        AesCcm12 = 15 => "ENCR_AES_CCM_12",
        AesCcm16 = 16 => "ENCR_AES_CCM_16",
        AesGcm8 = 18 => "ENCR_AES_GCM_8",
        AesGcm12 = 19 => "ENCR_AES_GCM_12",
        AesGcm16 = 20 => "ENCR_AES_GCM_16",
        NullAuthAesGmac = 21 => "ENCR_NULL_AUTH_AES_GMAC",
        CamelliaCbc = 23 => "ENCR_CAMELLIA_CBC",
        CamelliaCtr = 24 => "ENCR_CAMELLIA_CTR",
        CamelliaCcm8 = 25 => "ENCR_CAMELLIA_CCM_8_ICV",
        CamelliaCcm12 = 26 => "ENCR_CAMELLIA_CCM_12_ICV",
        CamelliaCcm16 = 27 => "ENCR_CAMELLIA_CCM_16_ICV",
        Chacha20Poly1305 = 28 => "ENCR_CHACHA20_POLY1305",
        AesCcm8Iiv = 29 => "ENCR_AES_CCM_8_IIV",
        AesGcm16Iiv = 30 => "ENCR_AES_GCM_16_IIV",
        Chacha20Poly1305Iiv = 31 => "ENCR_CHACHA20_POLY1305_IIV",
        KuznyechikMgmKtree = 32 => "ENCR_KUZNYECHIK_MGM_KTREE",
        MagmaMgmKtree = 33 => "ENCR_MAGMA_MGM_KTREE",
        KuznyechikMgmMacKtree = 34 => "ENCR_KUZNYECHIK_MGM_MAC_KTREE",
        MagmaMgmMacKtree = 35 => "ENCR_MAGMA_MGM_MAC_KTREE",
    }
}

crate::open_enum! {
    /// Transform Type 2 - Pseudorandom Function Transform IDs (RFC 7296 3.3.2,
    /// RFC 4434, 4615, 4868).
    pub enum PrfId: u16 {
        HmacMd5 = 1 => "PRF_HMAC_MD5",
        HmacSha1 = 2 => "PRF_HMAC_SHA1",
        HmacTiger = 3 => "PRF_HMAC_TIGER",
        Aes128Xcbc = 4 => "PRF_AES128_XCBC",
        HmacSha2_256 = 5 => "PRF_HMAC_SHA2_256",
        HmacSha2_384 = 6 => "PRF_HMAC_SHA2_384",
        HmacSha2_512 = 7 => "PRF_HMAC_SHA2_512",
        Aes128Cmac = 8 => "PRF_AES128_CMAC",
        HmacStreebog512 = 9 => "PRF_HMAC_STREEBOG_512",
    }
}

crate::open_enum! {
    /// Transform Type 3 - Integrity Algorithm Transform IDs (RFC 7296 3.3.2,
    /// RFC 4494, 4543, 4868).
    pub enum IntegId: u16 {
        None = 0 => "NONE",
        HmacMd5_96 = 1 => "AUTH_HMAC_MD5_96",
        HmacSha1_96 = 2 => "AUTH_HMAC_SHA1_96",
        DesMac = 3 => "AUTH_DES_MAC",
        KpdkMd5 = 4 => "AUTH_KPDK_MD5",
        AesXcbc96 = 5 => "AUTH_AES_XCBC_96",
        HmacMd5_128 = 6 => "AUTH_HMAC_MD5_128",
        HmacSha1_160 = 7 => "AUTH_HMAC_SHA1_160",
        AesCmac96 = 8 => "AUTH_AES_CMAC_96",
        Aes128Gmac = 9 => "AUTH_AES_128_GMAC",
        Aes192Gmac = 10 => "AUTH_AES_192_GMAC",
        Aes256Gmac = 11 => "AUTH_AES_256_GMAC",
        HmacSha2_256_128 = 12 => "AUTH_HMAC_SHA2_256_128",
        HmacSha2_384_192 = 13 => "AUTH_HMAC_SHA2_384_192",
        HmacSha2_512_256 = 14 => "AUTH_HMAC_SHA2_512_256",
    }
}

crate::open_enum! {
    /// Transform Type 4 - Key Exchange Method Transform IDs, formerly
    /// Diffie-Hellman Group (RFC 7296 3.3.2, RFC 3526, 5114, 5903, 6954,
    /// 8031). Also the IDs of the ADDKE transform types (RFC 9370).
    pub enum DhGroup: u16 {
        None = 0 => "NONE",
        Modp768 = 1 => "768-bit MODP Group",
        Modp1024 = 2 => "1024-bit MODP Group",
        Modp1536 = 5 => "1536-bit MODP Group",
        Modp2048 = 14 => "2048-bit MODP Group",
        Modp3072 = 15 => "3072-bit MODP Group",
        Modp4096 = 16 => "4096-bit MODP Group",
        Modp6144 = 17 => "6144-bit MODP Group",
        Modp8192 = 18 => "8192-bit MODP Group",
        Ecp256 = 19 => "256-bit random ECP group",
        Ecp384 = 20 => "384-bit random ECP group",
        Ecp521 = 21 => "521-bit random ECP group",
        Modp1024S160 = 22 => "1024-bit MODP Group with 160-bit Prime Order Subgroup",
        Modp2048S224 = 23 => "2048-bit MODP Group with 224-bit Prime Order Subgroup",
        Modp2048S256 = 24 => "2048-bit MODP Group with 256-bit Prime Order Subgroup",
        Ecp192 = 25 => "192-bit Random ECP Group",
        Ecp224 = 26 => "224-bit Random ECP Group",
        BrainpoolP224r1 = 27 => "brainpoolP224r1",
        BrainpoolP256r1 = 28 => "brainpoolP256r1",
        BrainpoolP384r1 = 29 => "brainpoolP384r1",
        BrainpoolP512r1 = 30 => "brainpoolP512r1",
        Curve25519 = 31 => "Curve25519",
        Curve448 = 32 => "Curve448",
        Gost3410_2012_256 = 33 => "GOST3410_2012_256",
        Gost3410_2012_512 = 34 => "GOST3410_2012_512",
    }
}

crate::open_enum! {
    /// Transform Type 5 - Extended Sequence Numbers Transform IDs (RFC 7296 3.3.2).
    pub enum EsnId: u16 {
        NoEsn = 0 => "No Extended Sequence Numbers",
        Esn = 1 => "Extended Sequence Numbers",
    }
}

crate::open_enum! {
    /// IKEv2 Transform Attribute Types (RFC 7296 3.3.5).
    pub enum TransformAttributeType: u16 {
        KeyLength = 14 => "Key Length (in bits)",
    }
}

crate::open_enum! {
    /// IKEv2 Security Protocol Identifiers (RFC 7296 3.3.1, RFC 4595).
    pub enum ProtocolId: u8 {
        Ike = 1 => "IKE",
        Ah = 2 => "AH",
        Esp = 3 => "ESP",
        FcEspHeader = 4 => "FC_ESP_HEADER",
        FcCtAuthentication = 5 => "FC_CT_AUTHENTICATION",
    }
}

crate::open_enum! {
    /// IKEv2 Identification Payload ID Types (RFC 7296 3.5, RFC 4595, RFC 7619).
    pub enum IdType: u8 {
        Ipv4Addr = 1 => "ID_IPV4_ADDR",
        Fqdn = 2 => "ID_FQDN",
        Rfc822Addr = 3 => "ID_RFC822_ADDR",
        Ipv6Addr = 5 => "ID_IPV6_ADDR",
        DerAsn1Dn = 9 => "ID_DER_ASN1_DN",
        DerAsn1Gn = 10 => "ID_DER_ASN1_GN",
        KeyId = 11 => "ID_KEY_ID",
        FcName = 12 => "ID_FC_NAME",
        Null = 13 => "ID_NULL",
    }
}

crate::open_enum! {
    /// IKEv2 Certificate Encodings (RFC 7296 3.6, RFC 4806, RFC 7670).
    pub enum CertEncoding: u8 {
        Pkcs7X509 = 1 => "PKCS #7 wrapped X.509 certificate",
        Pgp = 2 => "PGP Certificate",
        DnsSignedKey = 3 => "DNS Signed Key",
        X509Signature = 4 => "X.509 Certificate - Signature",
        Kerberos = 6 => "Kerberos Token",
        Crl = 7 => "Certificate Revocation List (CRL)",
        Arl = 8 => "Authority Revocation List (ARL)",
        Spki = 9 => "SPKI Certificate",
        X509Attribute = 10 => "X.509 Certificate - Attribute",
        RawRsaKey = 11 => "Raw RSA Key",
        HashUrlX509Cert = 12 => "Hash and URL of X.509 certificate",
        HashUrlX509Bundle = 13 => "Hash and URL of X.509 bundle",
        OcspContent = 14 => "OCSP Content",
        RawPublicKey = 15 => "Raw Public Key",
    }
}

crate::open_enum! {
    /// IKEv2 Authentication Method (RFC 7296 3.8, RFC 4754, 6467, 7619, 7427).
    pub enum AuthMethod: u8 {
        RsaSig = 1 => "RSA Digital Signature",
        SharedKeyMic = 2 => "Shared Key Message Integrity Code",
        DssSig = 3 => "DSS Digital Signature",
        EcdsaSha256P256 = 9 => "ECDSA with SHA-256 on the P-256 curve",
        EcdsaSha384P384 = 10 => "ECDSA with SHA-384 on the P-384 curve",
        EcdsaSha512P521 = 11 => "ECDSA with SHA-512 on the P-521 curve",
        GenericSecurePassword = 12 => "Generic Secure Password Authentication Method",
        Null = 13 => "NULL Authentication",
        DigitalSignature = 14 => "Digital Signature",
    }
}

crate::open_enum! {
    /// IKEv2 Notify Message Types: error types 1-16383 and status types
    /// 16384-65535 (RFC 7296 3.10.1, and RFC 4555, 4739, 5685, 5723, 5739,
    /// 5998, 6023, 6311, 6989, 7383, 7427, 8019, 8784, 9242, 9329, 9370).
    pub enum NotifyType: u16 {
        UnsupportedCriticalPayload = 1 => "UNSUPPORTED_CRITICAL_PAYLOAD",
        InvalidIkeSpi = 4 => "INVALID_IKE_SPI",
        InvalidMajorVersion = 5 => "INVALID_MAJOR_VERSION",
        InvalidSyntax = 7 => "INVALID_SYNTAX",
        InvalidMessageId = 9 => "INVALID_MESSAGE_ID",
        InvalidSpi = 11 => "INVALID_SPI",
        NoProposalChosen = 14 => "NO_PROPOSAL_CHOSEN",
        InvalidKePayload = 17 => "INVALID_KE_PAYLOAD",
        AuthenticationFailed = 24 => "AUTHENTICATION_FAILED",
        SinglePairRequired = 34 => "SINGLE_PAIR_REQUIRED",
        NoAdditionalSas = 35 => "NO_ADDITIONAL_SAS",
        InternalAddressFailure = 36 => "INTERNAL_ADDRESS_FAILURE",
        FailedCpRequired = 37 => "FAILED_CP_REQUIRED",
        TsUnacceptable = 38 => "TS_UNACCEPTABLE",
        InvalidSelectors = 39 => "INVALID_SELECTORS",
        UnacceptableAddresses = 40 => "UNACCEPTABLE_ADDRESSES",
        UnexpectedNatDetected = 41 => "UNEXPECTED_NAT_DETECTED",
        UseAssignedHoA = 42 => "USE_ASSIGNED_HoA",
        TemporaryFailure = 43 => "TEMPORARY_FAILURE",
        ChildSaNotFound = 44 => "CHILD_SA_NOT_FOUND",
        InvalidGroupId = 45 => "INVALID_GROUP_ID",
        AuthorizationFailed = 46 => "AUTHORIZATION_FAILED",
        StateNotFound = 47 => "STATE_NOT_FOUND",
        InitialContact = 16384 => "INITIAL_CONTACT",
        SetWindowSize = 16385 => "SET_WINDOW_SIZE",
        AdditionalTsPossible = 16386 => "ADDITIONAL_TS_POSSIBLE",
        IpcompSupported = 16387 => "IPCOMP_SUPPORTED",
        NatDetectionSourceIp = 16388 => "NAT_DETECTION_SOURCE_IP",
        NatDetectionDestinationIp = 16389 => "NAT_DETECTION_DESTINATION_IP",
        Cookie = 16390 => "COOKIE",
        UseTransportMode = 16391 => "USE_TRANSPORT_MODE",
        HttpCertLookupSupported = 16392 => "HTTP_CERT_LOOKUP_SUPPORTED",
        RekeySa = 16393 => "REKEY_SA",
        EspTfcPaddingNotSupported = 16394 => "ESP_TFC_PADDING_NOT_SUPPORTED",
        NonFirstFragmentsAlso = 16395 => "NON_FIRST_FRAGMENTS_ALSO",
        MobikeSupported = 16396 => "MOBIKE_SUPPORTED",
        AdditionalIp4Address = 16397 => "ADDITIONAL_IP4_ADDRESS",
        AdditionalIp6Address = 16398 => "ADDITIONAL_IP6_ADDRESS",
        NoAdditionalAddresses = 16399 => "NO_ADDITIONAL_ADDRESSES",
        UpdateSaAddresses = 16400 => "UPDATE_SA_ADDRESSES",
        Cookie2 = 16401 => "COOKIE2",
        NoNatsAllowed = 16402 => "NO_NATS_ALLOWED",
        AuthLifetime = 16403 => "AUTH_LIFETIME",
        MultipleAuthSupported = 16404 => "MULTIPLE_AUTH_SUPPORTED",
        AnotherAuthFollows = 16405 => "ANOTHER_AUTH_FOLLOWS",
        RedirectSupported = 16406 => "REDIRECT_SUPPORTED",
        Redirect = 16407 => "REDIRECT",
        RedirectedFrom = 16408 => "REDIRECTED_FROM",
        TicketLtOpaque = 16409 => "TICKET_LT_OPAQUE",
        TicketRequest = 16410 => "TICKET_REQUEST",
        TicketAck = 16411 => "TICKET_ACK",
        TicketNack = 16412 => "TICKET_NACK",
        TicketOpaque = 16413 => "TICKET_OPAQUE",
        LinkId = 16414 => "LINK_ID",
        UseWespMode = 16415 => "USE_WESP_MODE",
        RohcSupported = 16416 => "ROHC_SUPPORTED",
        EapOnlyAuthentication = 16417 => "EAP_ONLY_AUTHENTICATION",
        ChildlessIkev2Supported = 16418 => "CHILDLESS_IKEV2_SUPPORTED",
        QuickCrashDetection = 16419 => "QUICK_CRASH_DETECTION",
        Ikev2MessageIdSyncSupported = 16420 => "IKEV2_MESSAGE_ID_SYNC_SUPPORTED",
        IpsecReplayCounterSyncSupported = 16421 => "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED",
        Ikev2MessageIdSync = 16422 => "IKEV2_MESSAGE_ID_SYNC",
        IpsecReplayCounterSync = 16423 => "IPSEC_REPLAY_COUNTER_SYNC",
        SecurePasswordMethods = 16424 => "SECURE_PASSWORD_METHODS",
        PskPersist = 16425 => "PSK_PERSIST",
        PskConfirm = 16426 => "PSK_CONFIRM",
        ErxSupported = 16427 => "ERX_SUPPORTED",
        IfomCapability = 16428 => "IFOM_CAPABILITY",
        SenderRequestId = 16429 => "SENDER_REQUEST_ID",
        Ikev2FragmentationSupported = 16430 => "IKEV2_FRAGMENTATION_SUPPORTED",
        SignatureHashAlgorithms = 16431 => "SIGNATURE_HASH_ALGORITHMS",
        CloneIkeSaSupported = 16432 => "CLONE_IKE_SA_SUPPORTED",
        CloneIkeSa = 16433 => "CLONE_IKE_SA",
        Puzzle = 16434 => "PUZZLE",
        UsePpk = 16435 => "USE_PPK",
        PpkIdentity = 16436 => "PPK_IDENTITY",
        NoPpkAuth = 16437 => "NO_PPK_AUTH",
        IntermediateExchangeSupported = 16438 => "INTERMEDIATE_EXCHANGE_SUPPORTED",
        Ip4Allowed = 16439 => "IP4_ALLOWED",
        Ip6Allowed = 16440 => "IP6_ALLOWED",
        AdditionalKeyExchange = 16441 => "ADDITIONAL_KEY_EXCHANGE",
        UseAggfrag = 16442 => "USE_AGGFRAG",
    }
}

impl NotifyType {
    /// Error types are 1-16383 (RFC 7296 3.10.1).
    pub fn is_error(self) -> bool {
        (1..16384).contains(&self.value())
    }
}

crate::open_enum! {
    /// IKEv2 Traffic Selector Types (RFC 7296 3.13.1, RFC 4595, RFC 9478).
    pub enum TsType: u8 {
        Ipv4AddrRange = 7 => "TS_IPV4_ADDR_RANGE",
        Ipv6AddrRange = 8 => "TS_IPV6_ADDR_RANGE",
        FcAddrRange = 9 => "TS_FC_ADDR_RANGE",
        Seclabel = 10 => "TS_SECLABEL",
    }
}

crate::open_enum! {
    /// IKEv2 Configuration Payload CFG Types (RFC 7296 3.15).
    pub enum CfgType: u8 {
        Request = 1 => "CFG_REQUEST",
        Reply = 2 => "CFG_REPLY",
        Set = 3 => "CFG_SET",
        Ack = 4 => "CFG_ACK",
    }
}

crate::open_enum! {
    /// IKEv2 Configuration Payload Attribute Types (RFC 7296 3.15.1, RFC 5739,
    /// 5996, 6023, 7651, 8598, 9464).
    pub enum CfgAttributeType: u16 {
        InternalIp4Address = 1 => "INTERNAL_IP4_ADDRESS",
        InternalIp4Netmask = 2 => "INTERNAL_IP4_NETMASK",
        InternalIp4Dns = 3 => "INTERNAL_IP4_DNS",
        InternalIp4Nbns = 4 => "INTERNAL_IP4_NBNS",
        InternalIp4Dhcp = 6 => "INTERNAL_IP4_DHCP",
        ApplicationVersion = 7 => "APPLICATION_VERSION",
        InternalIp6Address = 8 => "INTERNAL_IP6_ADDRESS",
        InternalIp6Dns = 10 => "INTERNAL_IP6_DNS",
        InternalIp6Dhcp = 12 => "INTERNAL_IP6_DHCP",
        InternalIp4Subnet = 13 => "INTERNAL_IP4_SUBNET",
        SupportedAttributes = 14 => "SUPPORTED_ATTRIBUTES",
        InternalIp6Subnet = 15 => "INTERNAL_IP6_SUBNET",
        Mip6HomePrefix = 16 => "MIP6_HOME_PREFIX",
        InternalIp6Link = 17 => "INTERNAL_IP6_LINK",
        InternalIp6Prefix = 18 => "INTERNAL_IP6_PREFIX",
        HomeAgentAddress = 19 => "HOME_AGENT_ADDRESS",
        PCscfIp4Address = 20 => "P_CSCF_IP4_ADDRESS",
        PCscfIp6Address = 21 => "P_CSCF_IP6_ADDRESS",
        FttKat = 22 => "FTT_KAT",
        ExternalSourceIp4NatInfo = 23 => "EXTERNAL_SOURCE_IP4_NAT_INFO",
        TimeoutPeriodForLivenessCheck = 24 => "TIMEOUT_PERIOD_FOR_LIVENESS_CHECK",
        InternalDnsDomain = 25 => "INTERNAL_DNS_DOMAIN",
        InternalDnssecTa = 26 => "INTERNAL_DNSSEC_TA",
    }
}

crate::open_enum! {
    /// IKEv2 Hash Algorithms (RFC 7427 7, RFC 8420).
    pub enum HashAlgorithm: u16 {
        Sha1 = 1 => "SHA1",
        Sha2_256 = 2 => "SHA2-256",
        Sha2_384 = 3 => "SHA2-384",
        Sha2_512 = 4 => "SHA2-512",
        Identity = 5 => "Identity",
        Streebog256 = 6 => "STREEBOG_256",
        Streebog512 = 7 => "STREEBOG_512",
    }
}

crate::open_enum! {
    /// EAP Codes (RFC 3748 4, RFC 6696 5).
    pub enum EapCode: u8 {
        Request = 1 => "Request",
        Response = 2 => "Response",
        Success = 3 => "Success",
        Failure = 4 => "Failure",
        Initiate = 5 => "Initiate",
        Finish = 6 => "Finish",
    }
}

crate::open_enum! {
    /// Gateway Identity Types of REDIRECT (RFC 5685 10).
    pub enum GatewayIdentityType: u8 {
        Ipv4 = 1 => "IPv4 address of the new VPN gateway",
        Ipv6 = 2 => "IPv6 address of the new VPN gateway",
        Fqdn = 3 => "FQDN of the new VPN gateway",
    }
}
