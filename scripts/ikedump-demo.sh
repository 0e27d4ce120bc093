#!/usr/bin/env bash
# ikedump reads real IKE captures
# (IKEv2 from a strongSwan-era test set and a Windows client; IKEv1 with NAT-T
# on UDP 4500) and prints each message as a tree. Pass your own pcap/pcapng
# files or raw IKE messages as arguments to dump those instead.
set -euo pipefail
cd "$(dirname "$0")/.."
data=crates/ike-wire/tests/data
if [ $# -eq 0 ]; then
	set -- "$data/ikev2four.pcap" "$data/ipsec_client.pcap" "$data/isakmp4500.pcap"
fi
cargo build -q --release -p ike-wire --bin ikedump
exec "${CARGO_TARGET_DIR:-target}/release/ikedump" "$@"
