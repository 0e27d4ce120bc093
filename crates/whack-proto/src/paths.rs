//! Where the control socket is: `--ctlbase PATH` (socket `PATH.ctl`), `--ctlsocket PATH`,
//! `--rundir DIR` (socket `DIR/pluto.ctl`), as the manual and modern Libreswan spell them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Default run directory (Libreswan 4.x).
pub const DEFAULT_RUNDIR: &str = "/run/pluto";
/// Default control base: socket `/run/pluto/pluto.ctl`, lock `/run/pluto/pluto.pid`.
pub const DEFAULT_CTLBASE: &str = "/run/pluto/pluto";

fn with_suffix(base: &Path, suffix: &str) -> PathBuf {
    let mut s: OsString = base.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The control socket of a control base: `base.ctl`.
pub fn ctl_socket(ctlbase: &Path) -> PathBuf {
    with_suffix(ctlbase, ".ctl")
}

/// The lock file of a control base: `base.pid`.
pub fn pid_file(ctlbase: &Path) -> PathBuf {
    with_suffix(ctlbase, ".pid")
}

/// The control base inside a run directory: `dir/pluto`.
pub fn rundir_ctlbase(rundir: &Path) -> PathBuf {
    rundir.join("pluto")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(ctl_socket(Path::new("/tmp/a")), PathBuf::from("/tmp/a.ctl"));
        assert_eq!(pid_file(Path::new("/tmp/a")), PathBuf::from("/tmp/a.pid"));
        assert_eq!(
            ctl_socket(&rundir_ctlbase(Path::new(DEFAULT_RUNDIR))),
            ctl_socket(Path::new(DEFAULT_CTLBASE))
        );
    }
}
