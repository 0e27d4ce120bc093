//! `--config ipsec.conf`: Libreswan-syntax conns load at start (auto=add
//! waits, auto=start initiates), and two plutos configured only by files
//! come up without any whack connection command.

mod daemon_support;

use std::time::Duration;

use daemon_support::*;

fn conf(auto: &str, west: u16, east: u16) -> String {
    format!(
        "config setup\n\tuniqueids=yes\n\n\
         conn %default\n\tauthby=secret\n\tikev2=yes\n\n\
         conn filedemo\n\
         \tleft=127.0.0.1\n\tleftid=@west\n\tleftikeport={west}\n\
         \tright=127.0.0.1\n\trightid=@east\n\trightikeport={east}\n\
         \tauto={auto}\n"
    )
}

#[test]
fn conns_from_ipsec_conf_come_up() {
    let dir = TempDir::new("conf");
    let (w, e) = free_udp_ports();
    let east_conf = dir.path().join("east.conf");
    let west_conf = dir.path().join("west.conf");
    std::fs::write(&east_conf, conf("add", w, e)).unwrap();
    std::fs::write(&west_conf, conf("start", w, e)).unwrap();
    let east = Pluto::start(Start::psk(
        dir.path(),
        "east",
        vec![
            "--config".into(),
            east_conf.display().to_string(),
            "--ikeport".into(),
            e.to_string(),
        ],
    ));
    let west = Pluto::start(Start::psk(
        dir.path(),
        "west",
        vec![
            "--config".into(),
            west_conf.display().to_string(),
            "--ikeport".into(),
            w.to_string(),
            "--perpeerlogbase".into(),
            dir.path().join("peer").display().to_string(),
        ],
    ));
    let s = wait_established(&west, &east, Duration::from_secs(15));
    assert!(s.contains("\"filedemo\""));
    // The same from the JSON status: one IKE SA and one Child SA with SPIs.
    let w = west.whack(&["--status", "--json"]);
    let v: serde_json::Value = serde_json::from_str(w.out.trim()).expect("json");
    let states = v["states"].as_array().expect("states");
    let ike = states.iter().find(|s| s["type"] == "IKE").expect("IKE SA");
    let child = states
        .iter()
        .find(|s| s["type"] == "CHILD")
        .expect("Child SA");
    assert_eq!(ike["state"], "STATE_V2_ESTABLISHED_IKE_SA");
    assert_eq!(ike["initiator"], true);
    assert_eq!(child["ike_sa"], ike["serial"]);
    assert_eq!(child["spi_in"].as_str().map(str::len), Some(8));
    assert_eq!(child["in_bytes"], 0);
    // --perpeerlogbase (implies --perpeerlog): the peer's own log file.
    let peer_log = std::fs::read_to_string(dir.path().join("peer/127/0/0/1.log")).unwrap();
    assert!(peer_log.contains("established Child SA"), "{peer_log}");
}
