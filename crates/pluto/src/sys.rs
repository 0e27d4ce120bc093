//! The few syscalls std does not wrap: the daemon fork, the umask around the
//! control socket's bind, a liveness probe for the lock file's pid,
//! interface discovery, registering the kernel's event socket with the
//! runtime, and the IKE sockets' XFRM bypass policy. This is the crate's
//! only `unsafe` module.

use std::ffi::CStr;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Which side of the daemon fork we are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForkSide {
    /// The original process, which should exit 0 (the manual: "the parent
    /// exits"), with the daemon's pid.
    Parent(u32),
    /// The daemon.
    Child,
}

/// The conventional daemon fork: fork, and in the child start a new session
/// so that the controlling terminal goes away. Must run before any thread
/// exists (the tokio runtime is built afterwards).
pub fn daemon_fork() -> io::Result<ForkSide> {
    // SAFETY: called while the process is single-threaded (before the runtime
    // starts), so the child's copy of memory is consistent.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid > 0 {
        return Ok(ForkSide::Parent(pid.unsigned_abs()));
    }
    // SAFETY: setsid has no memory-safety preconditions.
    if unsafe { libc::setsid() } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(ForkSide::Child)
}

/// Point stdin and stdout (and stderr unless it is the log) at /dev/null:
/// the daemon has no terminal.
pub fn detach_stdio(stderr_too: bool) -> io::Result<()> {
    let devnull = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")?;
    let fd = std::os::fd::AsRawFd::as_raw_fd(&devnull);
    let last = if stderr_too { 2 } else { 1 };
    for target in 0..=last {
        // SAFETY: both descriptors are valid; dup2 only replaces `target`.
        if unsafe { libc::dup2(fd, target) } < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Set the process umask, returning the previous one. Used so the control
/// socket is created owner-only, with no window where it is wider.
pub fn set_umask(mask: u32) -> u32 {
    // SAFETY: umask cannot fail and touches no memory.
    unsafe { libc::umask(mask as libc::mode_t) as u32 }
}

/// Whether a process with this pid exists (signal 0 probes without sending).
pub fn pid_alive(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // SAFETY: kill with signal 0 only checks for existence and permission.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// One address configured on an interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfAddr {
    /// Interface name, e.g. `lo`, `eth0`.
    pub name: String,
    /// The address.
    pub addr: IpAddr,
}

/// All IPv4 and IPv6 addresses of all interfaces that are up (getifaddrs(3)).
pub fn interface_addresses() -> io::Result<Vec<IfAddr>> {
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs writes a list head we free below with freeifaddrs.
    if unsafe { libc::getifaddrs(&mut head) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let mut out = Vec::new();
    let mut cur = head;
    while !cur.is_null() {
        // SAFETY: `cur` is a node of the list getifaddrs returned.
        let ifa = unsafe { &*cur };
        cur = ifa.ifa_next;
        if ifa.ifa_addr.is_null() || ifa.ifa_name.is_null() {
            continue;
        }
        if ifa.ifa_flags & (libc::IFF_UP as libc::c_uint) == 0 {
            continue;
        }
        // SAFETY: ifa_name is a NUL-terminated string owned by the list.
        let name = unsafe { CStr::from_ptr(ifa.ifa_name) }
            .to_string_lossy()
            .into_owned();
        // SAFETY: ifa_addr is non-null and points at a sockaddr of the
        // family it declares; we read it as that family only.
        let family = unsafe { (*ifa.ifa_addr).sa_family } as i32;
        let addr = match family {
            libc::AF_INET => {
                // SAFETY: family says this is a sockaddr_in.
                let sin = unsafe { &*(ifa.ifa_addr as *const libc::sockaddr_in) };
                IpAddr::V4(Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)))
            }
            libc::AF_INET6 => {
                // SAFETY: family says this is a sockaddr_in6.
                let sin6 = unsafe { &*(ifa.ifa_addr as *const libc::sockaddr_in6) };
                IpAddr::V6(Ipv6Addr::from(sin6.sin6_addr.s6_addr))
            }
            _ => continue,
        };
        out.push(IfAddr { name, addr });
    }
    // SAFETY: head came from getifaddrs and is freed exactly once.
    unsafe { libc::freeifaddrs(head) };
    Ok(out)
}

/// Registers a descriptor pluto owns with tokio's reactor (read readiness),
/// for the kernel backend's event socket. Must run inside the runtime.
pub fn watch_readable(
    fd: std::os::fd::OwnedFd,
) -> io::Result<tokio::io::unix::AsyncFd<std::os::fd::OwnedFd>> {
    // SAFETY: the OwnedFd is a valid open descriptor, moved into the AsyncFd,
    // which alone closes it (on drop, after deregistering); OwnedFd's
    // as_raw_fd always returns that same descriptor.
    unsafe { tokio::io::unix::AsyncFd::register_with_interest(fd, tokio::io::Interest::READABLE) }
        .map_err(io::Error::from)
}

/// Sets one per-socket XFRM policy (`IP_XFRM_POLICY`, or `IPV6_XFRM_POLICY`
/// for an IPv6 socket) from an `xfrm_userpolicy_info` built by kernel-sa.
pub fn set_xfrm_socket_policy(
    sock: &impl std::os::fd::AsRawFd,
    v6: bool,
    policy: &[u8],
) -> io::Result<()> {
    let (level, opt) = if v6 {
        (libc::IPPROTO_IPV6, libc::IPV6_XFRM_POLICY)
    } else {
        (libc::IPPROTO_IP, libc::IP_XFRM_POLICY)
    };
    let len = libc::socklen_t::try_from(policy.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "policy too long"))?;
    // SAFETY: the descriptor is open for the borrow; the kernel reads `len`
    // bytes from `policy`, which is that long, and keeps no pointer to it.
    let r = unsafe { libc::setsockopt(sock.as_raw_fd(), level, opt, policy.as_ptr().cast(), len) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
