//! Open enums for IANA registries: every known value is a variant, an unknown
//! value survives a round trip as `Unknown(n)`.

/// Declare an open enum over an integer type.
///
/// ```ignore
/// open_enum! {
///     /// IKEv2 exchange types (RFC 7296 3.1).
///     pub enum ExchangeType: u8 {
///         IkeSaInit = 34 => "IKE_SA_INIT",
///         IkeAuth = 35 => "IKE_AUTH",
///     }
/// }
/// ```
///
/// Generates `From<int>`, `From<Enum> for int`, `name() -> Option<&'static str>`
/// (the IANA spelling) and a `Display` that prints the IANA name, or the number
/// for unknown values (as Wireshark and pluto do).
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $repr:ty {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal => $iana:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("`", $iana, "` (", stringify!($value), ")")]
                $variant,
            )*
            /// A value this codec has no name for; kept as-is.
            Unknown($repr),
        }

        impl $name {
            /// The numeric value on the wire.
            pub const fn value(self) -> $repr {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Unknown(v) => v,
                }
            }

            /// The name as IANA (and Wireshark, and pluto's logs) spell it, if known.
            pub const fn name(self) -> Option<&'static str> {
                match self {
                    $( $name::$variant => Some($iana), )*
                    $name::Unknown(_) => None,
                }
            }

            /// Every known variant, in registry order.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant, )* ];
        }

        impl From<$repr> for $name {
            fn from(v: $repr) -> Self {
                match v {
                    $( $value => $name::$variant, )*
                    other => $name::Unknown(other),
                }
            }
        }

        impl From<$name> for $repr {
            fn from(v: $name) -> $repr {
                v.value()
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}", self.value()),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        /// test enum
        pub enum Demo: u8 {
            A = 1 => "A_ONE",
            B = 2 => "B_TWO",
        }
    }

    #[test]
    fn unknown_round_trips() {
        for v in 0..=u8::MAX {
            assert_eq!(u8::from(Demo::from(v)), v);
        }
        assert_eq!(Demo::from(1), Demo::A);
        assert_eq!(Demo::from(7), Demo::Unknown(7));
        assert_eq!(Demo::B.to_string(), "B_TWO");
        assert_eq!(Demo::Unknown(9).to_string(), "9");
    }
}
