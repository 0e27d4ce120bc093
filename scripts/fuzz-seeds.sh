#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the real captures in the repository (IKEv1
# and IKEv2 messages, payload chains, payload bodies, capture files), in the
# input format of each ike-wire fuzz target. fuzz/corpus is not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
files=(crates/ike-wire/tests/data/*.pcap crates/ike-wire/tests/data/*.pcapng
	crates/ike-wire/tests/data/*.cap crates/ike-wire/tests/data/*.bin
	crates/ike-wire/tests/data/v1/*.pcap crates/ike-wire/tests/data/v1/*.pcapng
	crates/ike-wire/tests/data/v1/*.cap)
cargo run -q -p ike-wire --example fuzz_seeds -- fuzz/corpus "${files[@]}"
