//! The README's main job, exactly: scripts/demo.sh starts two plutos on
//! 127.0.0.1 (--use-nostack, no root), adds a PSK connection to both with
//! whack, initiates, prints `whack --status` of both and shuts them down.
//! The script exits 0 only when both show the IKE SA and the Child SA.

mod daemon_support;

use std::path::Path;
use std::process::Command;

use daemon_support::{pluto_bin, whack_bin};

#[test]
fn readme_demo_establishes_ike_and_child_sa_on_both_sides() {
    let bin_dir = whack_bin()
        .parent()
        .map(Path::to_path_buf)
        .expect("bin dir");
    assert!(pluto_bin().starts_with(&bin_dir));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/demo.sh");
    let out = Command::new("bash")
        .arg(&script)
        .env("PLUTO_BIN_DIR", &bin_dir)
        .output()
        .expect("run scripts/demo.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "demo failed\n{stdout}\n{stderr}");
    assert_eq!(
        stdout.matches("STATE_V2_ESTABLISHED_IKE_SA").count(),
        2,
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("STATE_V2_ESTABLISHED_CHILD_SA").count(),
        2,
        "{stdout}"
    );
    assert!(stdout.contains("both plutos established"), "{stdout}");
}
