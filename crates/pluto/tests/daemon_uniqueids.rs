//! `--uniqueids`: west brings the same connection up twice; east, with
//! `--uniqueids`, deletes the older IKE SA (and its Child SA) once the newer
//! one authenticates the same peer ID, and both ends are left with one IKE
//! SA. Without `--uniqueids` both stay.

mod daemon_support;

use std::time::Duration;

use daemon_support::*;

fn established_ike(p: &Pluto) -> usize {
    p.whack(&["--status"])
        .out
        .lines()
        .filter(|l| l.contains("STATE_V2_ESTABLISHED_IKE_SA"))
        .count()
}

fn twice(east_extra: Vec<String>) -> (TempDir, Pluto, Pluto) {
    let dir = TempDir::new("uniqueids");
    let start = |name, extra| Pluto::start(Start::psk(dir.path(), name, extra));
    let west = start("west", vec![]);
    let east = start("east", east_extra);
    let c = conn_args("u", west.ikeport, east.ikeport);
    for p in [&west, &east] {
        p.add_and_listen(&c);
    }
    for _ in 0..2 {
        let w = west.whack(&["--name", "u", "--initiate"]);
        assert_eq!(w.code, 0, "{w:?}\n{}", west.log());
    }
    (dir, west, east)
}

#[test]
fn uniqueids_deletes_the_older_ike_sa() {
    let (_dir, west, east) = twice(vec!["--uniqueids".into()]);
    let one = wait_until(Duration::from_secs(10), || {
        established_ike(&east) == 1 && established_ike(&west) == 1
    });
    assert!(
        one,
        "east:\n{}\nwest:\n{}",
        east.whack(&["--status"]).out,
        west.whack(&["--status"]).out
    );
    assert!(
        east.log()
            .contains("\"u\" #1: deleting IKE SA: peer '@west' authenticated again in #"),
        "{}",
        east.log()
    );
    for p in [&west, &east] {
        assert_eq!(p.whack(&["--shutdown"]).code, 0);
    }
}

#[test]
fn without_uniqueids_both_stay() {
    let (_dir, west, east) = twice(vec![]);
    assert_eq!(
        established_ike(&east),
        2,
        "{}",
        east.whack(&["--status"]).out
    );
    assert!(!east.log().contains("(uniqueids)"));
    for p in [&west, &east] {
        assert_eq!(p.whack(&["--shutdown"]).code, 0);
    }
}
