//! Errors of every backend: what was asked (the operation) and why it failed.

use std::fmt;

/// The kind of request that failed, named as the kernel names it where one exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpKind {
    /// Allocate an SPI (XFRM_MSG_ALLOCSPI).
    AllocSpi,
    /// Add a new SA (XFRM_MSG_NEWSA).
    AddSa,
    /// Update or complete an SA (XFRM_MSG_UPDSA).
    UpdateSa,
    /// Delete an SA (XFRM_MSG_DELSA).
    DeleteSa,
    /// Read one SA (XFRM_MSG_GETSA).
    GetSa,
    /// Dump all SAs (XFRM_MSG_GETSA with NLM_F_DUMP).
    DumpSa,
    /// Add a policy (XFRM_MSG_NEWPOLICY).
    AddPolicy,
    /// Replace a policy (XFRM_MSG_UPDPOLICY).
    UpdatePolicy,
    /// Delete a policy (XFRM_MSG_DELPOLICY).
    DeletePolicy,
    /// Dump all policies (XFRM_MSG_GETPOLICY with NLM_F_DUMP).
    DumpPolicy,
    /// Open the control or event socket.
    Open,
    /// Receive a kernel event.
    Event,
}

impl OpKind {
    /// The kernel's name for the request (`XFRM_MSG_NEWSA`, ...), or a plain name.
    pub fn name(self) -> &'static str {
        match self {
            OpKind::AllocSpi => "XFRM_MSG_ALLOCSPI",
            OpKind::AddSa => "XFRM_MSG_NEWSA",
            OpKind::UpdateSa => "XFRM_MSG_UPDSA",
            OpKind::DeleteSa => "XFRM_MSG_DELSA",
            OpKind::GetSa => "XFRM_MSG_GETSA",
            OpKind::DumpSa => "XFRM_MSG_GETSA (dump)",
            OpKind::AddPolicy => "XFRM_MSG_NEWPOLICY",
            OpKind::UpdatePolicy => "XFRM_MSG_UPDPOLICY",
            OpKind::DeletePolicy => "XFRM_MSG_DELPOLICY",
            OpKind::DumpPolicy => "XFRM_MSG_GETPOLICY (dump)",
            OpKind::Open => "open",
            OpKind::Event => "event",
        }
    }
}

impl fmt::Display for OpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An errno value as the kernel returned it (positive, e.g. `EINVAL` = 22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(pub i32);

impl Errno {
    /// The symbolic name (`"ENOENT"`), or `None` for a value this table does not know.
    pub fn name(self) -> Option<&'static str> {
        let n = match self.0 {
            libc::EPERM => "EPERM",
            libc::ENOENT => "ENOENT",
            libc::ESRCH => "ESRCH",
            libc::EINTR => "EINTR",
            libc::EIO => "EIO",
            libc::ENOMEM => "ENOMEM",
            libc::EACCES => "EACCES",
            libc::EFAULT => "EFAULT",
            libc::EBUSY => "EBUSY",
            libc::EEXIST => "EEXIST",
            libc::ENODEV => "ENODEV",
            libc::EINVAL => "EINVAL",
            libc::ENOSPC => "ENOSPC",
            libc::ENOBUFS => "ENOBUFS",
            libc::EAGAIN => "EAGAIN",
            libc::ENOSYS => "ENOSYS",
            libc::EMSGSIZE => "EMSGSIZE",
            libc::EPROTONOSUPPORT => "EPROTONOSUPPORT",
            libc::EOPNOTSUPP => "EOPNOTSUPP",
            libc::EAFNOSUPPORT => "EAFNOSUPPORT",
            libc::EADDRNOTAVAIL => "EADDRNOTAVAIL",
            _ => return None,
        };
        Some(n)
    }

    /// True for the answers the kernel gives when the object does not exist.
    pub fn is_not_found(self) -> bool {
        self.0 == libc::ENOENT || self.0 == libc::ESRCH
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // io::Error prints "Text (os error N)"; keep the text, the number is shown once.
        let full = std::io::Error::from_raw_os_error(self.0).to_string();
        let text = full.split(" (os error").next().unwrap_or(&full);
        match self.name() {
            Some(name) => write!(f, "{name} (errno {}: {text})", self.0),
            None => write!(f, "errno {} ({text})", self.0),
        }
    }
}

/// Why a kernel request failed.
///
/// Both backends use the same variants for the same situation where they can; the
/// XFRM backend keeps the kernel's own answer in [`KernelError::Kernel`] so that the
/// errno is never lost.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KernelError {
    /// The kernel refused the request with this errno (and, when it gave one, its
    /// extended-ack message, e.g. "Requested type not found").
    #[error("{op}: kernel answered {errno}{}", extack.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    Kernel {
        /// What was asked.
        op: OpKind,
        /// The kernel's answer.
        errno: Errno,
        /// The kernel's explanation (netlink extended ack), if any.
        extack: Option<String>,
    },
    /// The object does not exist (nostack; XFRM reports ESRCH/ENOENT as `Kernel`).
    #[error("{op}: {what} does not exist")]
    NotFound {
        /// What was asked.
        op: OpKind,
        /// The object, printed.
        what: String,
    },
    /// The object exists already (nostack; XFRM reports EEXIST as `Kernel`).
    #[error("{op}: {what} already exists")]
    Exists {
        /// What was asked.
        op: OpKind,
        /// The object, printed.
        what: String,
    },
    /// No free SPI was left in the requested range.
    #[error("{op}: no free SPI in {range}")]
    SpiExhausted {
        /// What was asked.
        op: OpKind,
        /// The range, printed.
        range: String,
    },
    /// The request is well formed but this backend cannot express it (e.g. an IKE
    /// transform ID with no kernel algorithm).
    #[error("{op}: unsupported: {what}")]
    Unsupported {
        /// What was asked.
        op: OpKind,
        /// Why it cannot be done.
        what: String,
    },
    /// The request contradicts itself (e.g. IPv4 source with IPv6 destination, a key of
    /// the wrong length).
    #[error("{op}: invalid request: {what}")]
    Invalid {
        /// What was asked.
        op: OpKind,
        /// What is wrong.
        what: String,
    },
    /// The socket failed (send, receive, bind), with the OS errno when there is one.
    #[error("{op}: socket error: {detail}")]
    Io {
        /// What was asked.
        op: OpKind,
        /// The OS errno, when the failure carried one.
        errno: Option<Errno>,
        /// The error, printed.
        detail: String,
    },
    /// The kernel's reply could not be understood.
    #[error("{op}: malformed kernel reply: {detail}")]
    Malformed {
        /// What was asked.
        op: OpKind,
        /// What was wrong with it.
        detail: String,
    },
}

impl KernelError {
    /// The operation that failed.
    pub fn op(&self) -> OpKind {
        match self {
            KernelError::Kernel { op, .. }
            | KernelError::NotFound { op, .. }
            | KernelError::Exists { op, .. }
            | KernelError::SpiExhausted { op, .. }
            | KernelError::Unsupported { op, .. }
            | KernelError::Invalid { op, .. }
            | KernelError::Io { op, .. }
            | KernelError::Malformed { op, .. } => *op,
        }
    }

    /// The errno behind the failure, if the kernel or the OS gave one.
    pub fn errno(&self) -> Option<Errno> {
        match self {
            KernelError::Kernel { errno, .. } => Some(*errno),
            KernelError::Io { errno, .. } => *errno,
            _ => None,
        }
    }

    /// True when the object asked for does not exist, whichever backend said so.
    pub fn is_not_found(&self) -> bool {
        match self {
            KernelError::NotFound { .. } => true,
            KernelError::Kernel { errno, .. } => errno.is_not_found(),
            _ => false,
        }
    }

    /// True when the object to add exists already, whichever backend said so.
    pub fn is_exists(&self) -> bool {
        match self {
            KernelError::Exists { .. } => true,
            KernelError::Kernel { errno, .. } => errno.0 == libc::EEXIST,
            _ => false,
        }
    }

    pub(crate) fn io(op: OpKind, e: &std::io::Error) -> Self {
        KernelError::Io {
            op,
            errno: e.raw_os_error().map(Errno),
            detail: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_prints_name_number_and_text() {
        let e = KernelError::Kernel {
            op: OpKind::AddSa,
            errno: Errno(libc::EPROTONOSUPPORT),
            extack: Some("Requested type not found".into()),
        };
        assert_eq!(
            e.to_string(),
            "XFRM_MSG_NEWSA: kernel answered EPROTONOSUPPORT (errno 93: Protocol not supported): \
             Requested type not found"
        );
        assert_eq!(Errno(4242).name(), None);
        assert!(Errno(libc::ESRCH).is_not_found() && !Errno(libc::EEXIST).is_not_found());
        assert!(e.errno().is_some() && !e.is_not_found() && !e.is_exists());
    }
}
