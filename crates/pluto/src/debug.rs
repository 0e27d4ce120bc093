//! The manual's debug classes, as a set the logger consults on every debug
//! line (whack `--debug-*` changes it at run time).
#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

macro_rules! debug_classes {
    ($($variant:ident = $bit:expr, $name:literal;)*) => {
        /// One debug class of the manual (`--debug-CLASS`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum DebugClass {
            $(
                #[doc = concat!("`--debug-", $name, "`")]
                $variant,
            )*
        }

        impl DebugClass {
            /// Every class.
            pub const ALL: &'static [DebugClass] = &[$(DebugClass::$variant),*];

            /// The class's name as in `--debug-NAME` (also accepts the aliases).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(DebugClass::$variant),)*
                    "nat-t" | "nattraversal" => Some(DebugClass::Natt),
                    "klips" | "netkey" | "xfrm" => Some(DebugClass::Kernel),
                    _ => None,
                }
            }

            /// The canonical name.
            pub fn name(self) -> &'static str {
                match self { $(DebugClass::$variant => $name,)* }
            }

            fn bit(self) -> u32 {
                match self { $(DebugClass::$variant => 1 << $bit,)* }
            }
        }
    };
}

debug_classes! {
    Raw = 0, "raw";
    Crypt = 1, "crypt";
    Parsing = 2, "parsing";
    Emitting = 3, "emitting";
    Control = 4, "control";
    ControlMore = 5, "controlmore";
    Lifecycle = 6, "lifecycle";
    Kernel = 7, "kernel";
    Dns = 8, "dns";
    Dpd = 9, "dpd";
    Natt = 10, "natt";
    Oppo = 11, "oppo";
    OppoInfo = 12, "oppoinfo";
    WhackWatch = 13, "whackwatch";
    Private = 14, "private";
    X509 = 15, "x509";
}

/// A set of debug classes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DebugSet(u32);

impl DebugSet {
    /// Every class except `private` (which must be asked for by name, as in
    /// Libreswan: it would print secrets).
    pub fn all() -> Self {
        let mut s = DebugSet::default();
        for c in DebugClass::ALL {
            if *c != DebugClass::Private {
                s.insert(*c);
            }
        }
        s
    }
    /// Add a class.
    pub fn insert(&mut self, c: DebugClass) {
        self.0 |= c.bit();
    }
    /// Whether a class is on.
    pub fn contains(self, c: DebugClass) -> bool {
        self.0 & c.bit() != 0
    }
    /// Whether no class is on.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The names of the classes that are on.
    pub fn names(self) -> Vec<&'static str> {
        DebugClass::ALL
            .iter()
            .filter(|c| self.contains(**c))
            .map(|c| c.name())
            .collect()
    }
}

/// The debug set shared between the daemon (which changes it) and the
/// logger (which reads it for every debug line).
#[derive(Debug, Clone, Default)]
pub struct SharedDebug(Arc<AtomicU32>);

impl SharedDebug {
    /// A shared set starting as `s`.
    pub fn new(s: DebugSet) -> Self {
        Self(Arc::new(AtomicU32::new(s.0)))
    }
    /// The current set.
    pub fn get(&self) -> DebugSet {
        DebugSet(self.0.load(Ordering::Relaxed))
    }
    /// Replace the set.
    pub fn set(&self, s: DebugSet) {
        self.0.store(s.0, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_aliases() {
        for c in DebugClass::ALL {
            assert_eq!(DebugClass::from_name(c.name()), Some(*c));
        }
        assert_eq!(DebugClass::from_name("nat-t"), Some(DebugClass::Natt));
        assert_eq!(DebugClass::from_name("bogus"), None);
        assert!(!DebugSet::all().contains(DebugClass::Private));
    }
}
