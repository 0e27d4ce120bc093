//! IANA "Internet Key Exchange (IKE) Attributes" / "ISAKMP" / "IPsec DOI"
//! registries used by IKEv1, as open enums (an unknown value survives a round
//! trip). Names are spelled as the defining RFC or IANA spells them.

crate::open_enum! {
    /// ISAKMP Next Payload Types (RFC 2408 3.1, RFC 3947 3.1/5.1, pre-RFC
    /// NAT-T drafts for 130/131, draft-dukes-ike-mode-cfg-02 3.2 for 14).
    pub enum PayloadType: u8 {
        None = 0 => "NONE",
        SecurityAssociation = 1 => "Security Association (SA)",
        Proposal = 2 => "Proposal (P)",
        Transform = 3 => "Transform (T)",
        KeyExchange = 4 => "Key Exchange (KE)",
        Identification = 5 => "Identification (ID)",
        Certificate = 6 => "Certificate (CERT)",
        CertificateRequest = 7 => "Certificate Request (CR)",
        Hash = 8 => "Hash (HASH)",
        Signature = 9 => "Signature (SIG)",
        Nonce = 10 => "Nonce (NONCE)",
        Notification = 11 => "Notification (N)",
        Delete = 12 => "Delete (D)",
        VendorId = 13 => "Vendor ID (VID)",
        Attribute = 14 => "Attribute (ATTR)",
        SaKek = 15 => "SA KEK Payload (SAK)",
        SaTek = 16 => "SA TEK Payload (SAT)",
        KeyDownload = 17 => "Key Download (KD)",
        SequenceNumber = 18 => "Sequence Number (SEQ)",
        ProofOfPossession = 19 => "Proof of Possession (POP)",
        NatDiscovery = 20 => "NAT Discovery (NAT-D)",
        NatOriginalAddress = 21 => "NAT Original Address (NAT-OA)",
        GroupAssociatedPolicy = 22 => "Group Associated Policy (GAP)",
        /// draft-ietf-ipsec-nat-t-ike-01..03 number, still sent by old peers.
        NatDiscoveryDraft = 130 => "NAT Discovery (NAT-D, draft)",
        /// draft-ietf-ipsec-nat-t-ike-01..03 number, still sent by old peers.
        NatOriginalAddressDraft = 131 => "NAT Original Address (NAT-OA, draft)",
        /// Cisco/Microsoft IKEv1 fragmentation (as Libreswan and Wireshark name it).
        IkeFragmentation = 132 => "IKE Fragmentation (FRAG)",
    }
}

crate::open_enum! {
    /// ISAKMP Exchange Types (RFC 2408 3.1, RFC 2409 5.5/5.6,
    /// draft-dukes-ike-mode-cfg-02 3.1 for Transaction).
    pub enum ExchangeType: u8 {
        None = 0 => "NONE",
        Base = 1 => "Base",
        IdentityProtection = 2 => "Identity Protection (Main Mode)",
        AuthenticationOnly = 3 => "Authentication Only",
        Aggressive = 4 => "Aggressive",
        Informational = 5 => "Informational",
        Transaction = 6 => "Transaction (Config Mode)",
        QuickMode = 32 => "Quick Mode",
        NewGroupMode = 33 => "New Group Mode",
    }
}

crate::open_enum! {
    /// Domain of Interpretation (RFC 2408 3.4, RFC 2407 2, RFC 6407 for GDOI).
    pub enum Doi: u32 {
        Isakmp = 0 => "ISAKMP",
        Ipsec = 1 => "IPSEC",
        Gdoi = 2 => "GDOI",
    }
}

crate::open_enum! {
    /// IPsec DOI Security Protocol Identifiers (RFC 2407 4.4.1).
    pub enum ProtocolId: u8 {
        Reserved = 0 => "RESERVED",
        Isakmp = 1 => "PROTO_ISAKMP",
        IpsecAh = 2 => "PROTO_IPSEC_AH",
        IpsecEsp = 3 => "PROTO_IPSEC_ESP",
        Ipcomp = 4 => "PROTO_IPCOMP",
    }
}

crate::open_enum! {
    /// ISAKMP transform identifiers for PROTO_ISAKMP (RFC 2407 4.4.2).
    pub enum IsakmpTransformId: u8 {
        Reserved = 0 => "RESERVED",
        KeyIke = 1 => "KEY_IKE",
    }
}

crate::open_enum! {
    /// IPsec AH transform identifiers (RFC 2407 4.4.3, RFC 4868, RFC 3566, RFC 4543).
    pub enum AhTransformId: u8 {
        Md5 = 2 => "AH_MD5",
        Sha = 3 => "AH_SHA",
        Des = 4 => "AH_DES",
        Sha2_256 = 5 => "AH_SHA2-256",
        Sha2_384 = 6 => "AH_SHA2-384",
        Sha2_512 = 7 => "AH_SHA2-512",
        Ripemd = 8 => "AH_RIPEMD",
        AesXcbcMac = 9 => "AH_AES-XCBC-MAC",
        Rsa = 10 => "AH_RSA",
        Aes128Gmac = 11 => "AH_AES-128-GMAC",
        Aes192Gmac = 12 => "AH_AES-192-GMAC",
        Aes256Gmac = 13 => "AH_AES-256-GMAC",
    }
}

crate::open_enum! {
    /// IPsec ESP transform identifiers (RFC 2407 4.4.4, RFC 3602, 3686, 4309,
    /// 4106, 4196, 4312, 4543).
    pub enum EspTransformId: u8 {
        DesIv64 = 1 => "ESP_DES_IV64",
        Des = 2 => "ESP_DES",
        TripleDes = 3 => "ESP_3DES",
        Rc5 = 4 => "ESP_RC5",
        Idea = 5 => "ESP_IDEA",
        Cast = 6 => "ESP_CAST",
        Blowfish = 7 => "ESP_BLOWFISH",
        TripleIdea = 8 => "ESP_3IDEA",
        DesIv32 = 9 => "ESP_DES_IV32",
        Rc4 = 10 => "ESP_RC4",
        Null = 11 => "ESP_NULL",
        Aes = 12 => "ESP_AES-CBC",
        AesCtr = 13 => "ESP_AES-CTR",
        AesCcm8 = 14 => "ESP_AES-CCM_8",
        AesCcm12 = 15 => "ESP_AES-CCM_12",
        AesCcm16 = 16 => "ESP_AES-CCM_16",
        AesGcm8 = 18 => "ESP_AES-GCM_8",
        AesGcm12 = 19 => "ESP_AES-GCM_12",
        AesGcm16 = 20 => "ESP_AES-GCM_16",
        SeedCbc = 21 => "ESP_SEED_CBC",
        Camellia = 22 => "ESP_CAMELLIA",
        NullAuthAesGmac = 23 => "ESP_NULL_AUTH_AES-GMAC",
    }
}

crate::open_enum! {
    /// IPCOMP transform identifiers (RFC 2407 4.4.5, RFC 3051).
    pub enum IpcompTransformId: u8 {
        Oui = 1 => "IPCOMP_OUI",
        Deflate = 2 => "IPCOMP_DEFLATE",
        Lzs = 3 => "IPCOMP_LZS",
        Lzjh = 4 => "IPCOMP_LZJH",
    }
}

crate::open_enum! {
    /// Phase 1 (IKE) SA attribute classes (RFC 2409 Appendix A).
    pub enum Phase1AttributeType: u16 {
        EncryptionAlgorithm = 1 => "Encryption Algorithm",
        HashAlgorithm = 2 => "Hash Algorithm",
        AuthenticationMethod = 3 => "Authentication Method",
        GroupDescription = 4 => "Group Description",
        GroupType = 5 => "Group Type",
        GroupPrime = 6 => "Group Prime/Irreducible Polynomial",
        GroupGeneratorOne = 7 => "Group Generator One",
        GroupGeneratorTwo = 8 => "Group Generator Two",
        GroupCurveA = 9 => "Group Curve A",
        GroupCurveB = 10 => "Group Curve B",
        LifeType = 11 => "Life Type",
        LifeDuration = 12 => "Life Duration",
        Prf = 13 => "PRF",
        KeyLength = 14 => "Key Length",
        FieldSize = 15 => "Field Size",
        GroupOrder = 16 => "Group Order",
    }
}

crate::open_enum! {
    /// Phase 1 Encryption Algorithm values (RFC 2409 Appendix A, RFC 3602,
    /// RFC 4312).
    pub enum EncryptionAlgorithm: u16 {
        DesCbc = 1 => "DES-CBC",
        IdeaCbc = 2 => "IDEA-CBC",
        BlowfishCbc = 3 => "Blowfish-CBC",
        Rc5R16B64Cbc = 4 => "RC5-R16-B64-CBC",
        TripleDesCbc = 5 => "3DES-CBC",
        CastCbc = 6 => "CAST-CBC",
        AesCbc = 7 => "AES-CBC",
        CamelliaCbc = 8 => "CAMELLIA-CBC",
    }
}

crate::open_enum! {
    /// Phase 1 Hash Algorithm values (RFC 2409 Appendix A, RFC 4868).
    pub enum HashAlgorithm: u16 {
        Md5 = 1 => "MD5",
        Sha = 2 => "SHA",
        Tiger = 3 => "Tiger",
        Sha2_256 = 4 => "SHA2-256",
        Sha2_384 = 5 => "SHA2-384",
        Sha2_512 = 6 => "SHA2-512",
    }
}

crate::open_enum! {
    /// Phase 1 Authentication Method values (RFC 2409 Appendix A, RFC 4754,
    /// draft-ietf-ipsec-isakmp-hybrid-auth-05 and draft-beaulieu-ike-xauth-02 7.2).
    pub enum AuthenticationMethod: u16 {
        PreSharedKey = 1 => "pre-shared key",
        DssSignatures = 2 => "DSS signatures",
        RsaSignatures = 3 => "RSA signatures",
        RsaEncryption = 4 => "Encryption with RSA",
        RevisedRsaEncryption = 5 => "Revised encryption with RSA",
        EcdsaSha256P256 = 9 => "ECDSA with SHA-256 on the P-256 curve",
        EcdsaSha384P384 = 10 => "ECDSA with SHA-384 on the P-384 curve",
        EcdsaSha512P521 = 11 => "ECDSA with SHA-512 on the P-521 curve",
        HybridInitRsa = 64221 => "HybridInitRSA",
        HybridRespRsa = 64222 => "HybridRespRSA",
        HybridInitDss = 64223 => "HybridInitDSS",
        HybridRespDss = 64224 => "HybridRespDSS",
        XauthInitPreShared = 65001 => "XAUTHInitPreShared",
        XauthRespPreShared = 65002 => "XAUTHRespPreShared",
        XauthInitDss = 65003 => "XAUTHInitDSS",
        XauthRespDss = 65004 => "XAUTHRespDSS",
        XauthInitRsa = 65005 => "XAUTHInitRSA",
        XauthRespRsa = 65006 => "XAUTHRespRSA",
        XauthInitRsaEncryption = 65007 => "XAUTHInitRSAEncryption",
        XauthRespRsaEncryption = 65008 => "XAUTHRespRSAEncryption",
        XauthInitRsaRevisedEncryption = 65009 => "XAUTHInitRSARevisedEncryption",
        XauthRespRsaRevisedEncryption = 65010 => "XAUTHRespRSARevisedEncryption",
    }
}

crate::open_enum! {
    /// Group Description values, shared by Phase 1 and the IPsec DOI
    /// (RFC 2409 6, RFC 3526, RFC 5114, RFC 5903, RFC 6932).
    pub enum GroupDescription: u16 {
        Modp768 = 1 => "default 768-bit MODP group",
        Modp1024 = 2 => "alternate 1024-bit MODP group",
        Ec2nGp155 = 3 => "EC2N group on GP[2^155]",
        Ec2nGp185 = 4 => "EC2N group on GP[2^185]",
        Modp1536 = 5 => "1536-bit MODP group",
        Modp2048 = 14 => "2048-bit MODP group",
        Modp3072 = 15 => "3072-bit MODP group",
        Modp4096 = 16 => "4096-bit MODP group",
        Modp6144 = 17 => "6144-bit MODP group",
        Modp8192 = 18 => "8192-bit MODP group",
        Ecp256 = 19 => "256-bit random ECP group",
        Ecp384 = 20 => "384-bit random ECP group",
        Ecp521 = 21 => "521-bit random ECP group",
        Modp1024S160 = 22 => "1024-bit MODP Group with 160-bit Prime Order Subgroup",
        Modp2048S224 = 23 => "2048-bit MODP Group with 224-bit Prime Order Subgroup",
        Modp2048S256 = 24 => "2048-bit MODP Group with 256-bit Prime Order Subgroup",
        Ecp192 = 25 => "192-bit Random ECP Group",
        Ecp224 = 26 => "224-bit Random ECP Group",
        BrainpoolP224r1 = 27 => "224-bit Brainpool ECP group",
        BrainpoolP256r1 = 28 => "256-bit Brainpool ECP group",
        BrainpoolP384r1 = 29 => "384-bit Brainpool ECP group",
        BrainpoolP512r1 = 30 => "512-bit Brainpool ECP group",
    }
}

crate::open_enum! {
    /// Phase 1 Group Type values (RFC 2409 Appendix A).
    pub enum GroupType: u16 {
        Modp = 1 => "MODP",
        Ecp = 2 => "ECP",
        Ec2n = 3 => "EC2N",
    }
}

crate::open_enum! {
    /// Life Type values for Phase 1 (RFC 2409 Appendix A) and SA Life Type
    /// for the IPsec DOI (RFC 2407 4.5); both registries agree.
    pub enum LifeType: u16 {
        Seconds = 1 => "seconds",
        Kilobytes = 2 => "kilobytes",
    }
}

crate::open_enum! {
    /// IPsec DOI SA attribute classes (RFC 2407 4.5, RFC 3168 9.2 for ECN,
    /// RFC 4304 for the Extended Sequence Number).
    pub enum IpsecAttributeType: u16 {
        SaLifeType = 1 => "SA Life Type",
        SaLifeDuration = 2 => "SA Life Duration",
        GroupDescription = 3 => "Group Description",
        EncapsulationMode = 4 => "Encapsulation Mode",
        AuthenticationAlgorithm = 5 => "Authentication Algorithm",
        KeyLength = 6 => "Key Length",
        KeyRounds = 7 => "Key Rounds",
        CompressDictionarySize = 8 => "Compress Dictionary Size",
        CompressPrivateAlgorithm = 9 => "Compress Private Algorithm",
        EcnTunnel = 10 => "ECN Tunnel",
        ExtendedSequenceNumber = 11 => "Extended (64-bit) Sequence Number",
    }
}

crate::open_enum! {
    /// Encapsulation Mode values (RFC 2407 4.5, RFC 3947 5.3 and the
    /// draft-ietf-ipsec-nat-t-ike-0x private values still sent by old peers).
    pub enum EncapsulationMode: u16 {
        Tunnel = 1 => "Tunnel",
        Transport = 2 => "Transport",
        UdpEncapsulatedTunnel = 3 => "UDP-Encapsulated-Tunnel",
        UdpEncapsulatedTransport = 4 => "UDP-Encapsulated-Transport",
        UdpEncapsulatedTunnelDraft = 61443 => "UDP-Encapsulated-Tunnel (draft)",
        UdpEncapsulatedTransportDraft = 61444 => "UDP-Encapsulated-Transport (draft)",
    }
}

crate::open_enum! {
    /// IPsec DOI Authentication Algorithm values (RFC 2407 4.5, RFC 4868,
    /// RFC 3566, RFC 4543).
    pub enum AuthenticationAlgorithm: u16 {
        HmacMd5 = 1 => "HMAC-MD5",
        HmacSha = 2 => "HMAC-SHA",
        DesMac = 3 => "DES-MAC",
        Kpdk = 4 => "KPDK",
        HmacSha2_256 = 5 => "HMAC-SHA2-256",
        HmacSha2_384 = 6 => "HMAC-SHA2-384",
        HmacSha2_512 = 7 => "HMAC-SHA2-512",
        HmacRipemd = 8 => "HMAC-RIPEMD",
        AesXcbcMac = 9 => "AES-XCBC-MAC",
        SigRsa = 10 => "SIG-RSA",
        Aes128Gmac = 11 => "AES-128-GMAC",
        Aes192Gmac = 12 => "AES-192-GMAC",
        Aes256Gmac = 13 => "AES-256-GMAC",
    }
}

crate::open_enum! {
    /// IPsec DOI Identification Type values (RFC 2407 4.6.2.1, RFC 3554 for ID_LIST).
    pub enum IdType: u8 {
        Reserved = 0 => "RESERVED",
        Ipv4Addr = 1 => "ID_IPV4_ADDR",
        Fqdn = 2 => "ID_FQDN",
        UserFqdn = 3 => "ID_USER_FQDN",
        Ipv4AddrSubnet = 4 => "ID_IPV4_ADDR_SUBNET",
        Ipv6Addr = 5 => "ID_IPV6_ADDR",
        Ipv6AddrSubnet = 6 => "ID_IPV6_ADDR_SUBNET",
        Ipv4AddrRange = 7 => "ID_IPV4_ADDR_RANGE",
        Ipv6AddrRange = 8 => "ID_IPV6_ADDR_RANGE",
        DerAsn1Dn = 9 => "ID_DER_ASN1_DN",
        DerAsn1Gn = 10 => "ID_DER_ASN1_GN",
        KeyId = 11 => "ID_KEY_ID",
        List = 12 => "ID_LIST",
    }
}

crate::open_enum! {
    /// Certificate Encoding values (RFC 2408 3.9, RFC 4945 3.3, RFC 4306 3.6
    /// for the hash-and-URL forms).
    pub enum CertificateEncoding: u8 {
        None = 0 => "NONE",
        Pkcs7WrappedX509 = 1 => "PKCS #7 wrapped X.509 certificate",
        Pgp = 2 => "PGP Certificate",
        DnsSignedKey = 3 => "DNS Signed Key",
        X509Signature = 4 => "X.509 Certificate - Signature",
        X509KeyExchange = 5 => "X.509 Certificate - Key Exchange",
        KerberosTokens = 6 => "Kerberos Tokens",
        Crl = 7 => "Certificate Revocation List (CRL)",
        Arl = 8 => "Authority Revocation List (ARL)",
        Spki = 9 => "SPKI Certificate",
        X509Attribute = 10 => "X.509 Certificate - Attribute",
        RawRsaKey = 11 => "Raw RSA Key",
        HashUrlX509Certificate = 12 => "Hash and URL of X.509 certificate",
        HashUrlX509Bundle = 13 => "Hash and URL of X.509 bundle",
    }
}

crate::open_enum! {
    /// Notify Message Types (RFC 2408 3.14.1, RFC 2407 4.6.3, RFC 3706 for DPD).
    pub enum NotifyType: u16 {
        InvalidPayloadType = 1 => "INVALID-PAYLOAD-TYPE",
        DoiNotSupported = 2 => "DOI-NOT-SUPPORTED",
        SituationNotSupported = 3 => "SITUATION-NOT-SUPPORTED",
        InvalidCookie = 4 => "INVALID-COOKIE",
        InvalidMajorVersion = 5 => "INVALID-MAJOR-VERSION",
        InvalidMinorVersion = 6 => "INVALID-MINOR-VERSION",
        InvalidExchangeType = 7 => "INVALID-EXCHANGE-TYPE",
        InvalidFlags = 8 => "INVALID-FLAGS",
        InvalidMessageId = 9 => "INVALID-MESSAGE-ID",
        InvalidProtocolId = 10 => "INVALID-PROTOCOL-ID",
        InvalidSpi = 11 => "INVALID-SPI",
        InvalidTransformId = 12 => "INVALID-TRANSFORM-ID",
        AttributesNotSupported = 13 => "ATTRIBUTES-NOT-SUPPORTED",
        NoProposalChosen = 14 => "NO-PROPOSAL-CHOSEN",
        BadProposalSyntax = 15 => "BAD-PROPOSAL-SYNTAX",
        PayloadMalformed = 16 => "PAYLOAD-MALFORMED",
        InvalidKeyInformation = 17 => "INVALID-KEY-INFORMATION",
        InvalidIdInformation = 18 => "INVALID-ID-INFORMATION",
        InvalidCertEncoding = 19 => "INVALID-CERT-ENCODING",
        InvalidCertificate = 20 => "INVALID-CERTIFICATE",
        CertTypeUnsupported = 21 => "CERT-TYPE-UNSUPPORTED",
        InvalidCertAuthority = 22 => "INVALID-CERT-AUTHORITY",
        InvalidHashInformation = 23 => "INVALID-HASH-INFORMATION",
        AuthenticationFailed = 24 => "AUTHENTICATION-FAILED",
        InvalidSignature = 25 => "INVALID-SIGNATURE",
        AddressNotification = 26 => "ADDRESS-NOTIFICATION",
        NotifySaLifetime = 27 => "NOTIFY-SA-LIFETIME",
        CertificateUnavailable = 28 => "CERTIFICATE-UNAVAILABLE",
        UnsupportedExchangeType = 29 => "UNSUPPORTED-EXCHANGE-TYPE",
        UnequalPayloadLengths = 30 => "UNEQUAL-PAYLOAD-LENGTHS",
        Connected = 16384 => "CONNECTED",
        ResponderLifetime = 24576 => "RESPONDER-LIFETIME",
        ReplayStatus = 24577 => "REPLAY-STATUS",
        InitialContact = 24578 => "INITIAL-CONTACT",
        RUThere = 36136 => "R-U-THERE",
        RUThereAck = 36137 => "R-U-THERE-ACK",
    }
}

impl NotifyType {
    /// RFC 2408 3.14.1: values below 16384 are errors, 16384 and above are
    /// status notifications.
    pub const fn is_error(self) -> bool {
        self.value() < 16384
    }
}

crate::open_enum! {
    /// Attribute payload message types (draft-dukes-ike-mode-cfg-02 3.3).
    pub enum CfgType: u8 {
        Reserved = 0 => "RESERVED",
        Request = 1 => "ISAKMP_CFG_REQUEST",
        Reply = 2 => "ISAKMP_CFG_REPLY",
        Set = 3 => "ISAKMP_CFG_SET",
        Ack = 4 => "ISAKMP_CFG_ACK",
    }
}

crate::open_enum! {
    /// Configuration attribute types (draft-dukes-ike-mode-cfg-02 3.5,
    /// draft-beaulieu-ike-xauth-02 6.2, and the Cisco Unity private values
    /// that Libreswan and strongSwan implement).
    pub enum CfgAttributeType: u16 {
        InternalIp4Address = 1 => "INTERNAL_IP4_ADDRESS",
        InternalIp4Netmask = 2 => "INTERNAL_IP4_NETMASK",
        InternalIp4Dns = 3 => "INTERNAL_IP4_DNS",
        InternalIp4Nbns = 4 => "INTERNAL_IP4_NBNS",
        InternalAddressExpiry = 5 => "INTERNAL_ADDRESS_EXPIRY",
        InternalIp4Dhcp = 6 => "INTERNAL_IP4_DHCP",
        ApplicationVersion = 7 => "APPLICATION_VERSION",
        InternalIp6Address = 8 => "INTERNAL_IP6_ADDRESS",
        InternalIp6Netmask = 9 => "INTERNAL_IP6_NETMASK",
        InternalIp6Dns = 10 => "INTERNAL_IP6_DNS",
        InternalIp6Nbns = 11 => "INTERNAL_IP6_NBNS",
        InternalIp6Dhcp = 12 => "INTERNAL_IP6_DHCP",
        InternalIp4Subnet = 13 => "INTERNAL_IP4_SUBNET",
        SupportedAttributes = 14 => "SUPPORTED_ATTRIBUTES",
        InternalIp6Subnet = 15 => "INTERNAL_IP6_SUBNET",
        XauthType = 16520 => "XAUTH-TYPE",
        XauthUserName = 16521 => "XAUTH-USER-NAME",
        XauthUserPassword = 16522 => "XAUTH-USER-PASSWORD",
        XauthPasscode = 16523 => "XAUTH-PASSCODE",
        XauthMessage = 16524 => "XAUTH-MESSAGE",
        XauthChallenge = 16525 => "XAUTH-CHALLENGE",
        XauthDomain = 16526 => "XAUTH-DOMAIN",
        XauthStatus = 16527 => "XAUTH-STATUS",
        XauthNextPin = 16528 => "XAUTH-NEXT-PIN",
        XauthAnswer = 16529 => "XAUTH-ANSWER",
        UnityBanner = 28672 => "MODECFG_BANNER",
        UnitySavePasswd = 28673 => "CISCO_SAVE_PW",
        UnityDefDomain = 28674 => "CISCO_DEF_DOMAIN",
        UnitySplitDns = 28675 => "CISCO_SPLIT_DNS",
        UnitySplitInclude = 28676 => "CISCO_SPLIT_INC",
        UnityNattPort = 28677 => "CISCO_UDP_ENCAP_PORT",
        UnityLocalLan = 28678 => "CISCO_SPLIT_EXCLUDE",
        UnityPfs = 28679 => "CISCO_DO_PFS",
        UnityFwType = 28680 => "CISCO_FW_TYPE",
        UnityBackupServers = 28681 => "CISCO_BACKUP_SERVERS",
        UnityDdnsHostname = 28682 => "CISCO_DDNS_HOSTNAME",
    }
}

crate::open_enum! {
    /// XAUTH-TYPE values (draft-beaulieu-ike-xauth-02 6.3).
    pub enum XauthType: u16 {
        Generic = 0 => "Generic",
        RadiusChap = 1 => "RADIUS-CHAP",
        Otp = 2 => "OTP",
        SKey = 3 => "S/KEY",
    }
}

crate::open_enum! {
    /// XAUTH-STATUS values (draft-beaulieu-ike-xauth-02 6.2).
    pub enum XauthStatus: u16 {
        Fail = 0 => "FAIL",
        Ok = 1 => "OK",
    }
}

/// IPsec DOI situation bits (RFC 2407 4.2).
pub mod situation {
    /// SIT_IDENTITY_ONLY (RFC 2407 4.2.1).
    pub const IDENTITY_ONLY: u32 = 0x01;
    /// SIT_SECRECY (RFC 2407 4.2.2): labeled secrecy data follows.
    pub const SECRECY: u32 = 0x02;
    /// SIT_INTEGRITY (RFC 2407 4.2.3): labeled integrity data follows.
    pub const INTEGRITY: u32 = 0x04;
}
