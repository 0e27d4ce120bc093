#!/usr/bin/env bash
# Runs every cargo-fuzz target for FUZZ_SECONDS (default 30) each, seeded with
# the real captures (scripts/fuzz-seeds.sh, when present). Fails if any target
# finds a crash. Installs cargo-fuzz when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-30}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
[ -x scripts/fuzz-seeds.sh ] && scripts/fuzz-seeds.sh >/dev/null
cd fuzz
export RUSTC_BOOTSTRAP=1
targets=$(cargo fuzz list)
cargo fuzz build -O >/dev/null
pass=0 fail=0
for t in $targets; do
	mkdir -p "corpus/$t"
	if cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 >"/tmp/fuzz-$t.log" 2>&1; then
		# libFuzzer's last line, "Done N runs in S second(s)". Not the last
		# "#N" in the log: Rust symbol names in NEW_FUNC lines hold
		# "{closure#3}", which twice reported "3 execs" for a full run.
		runs=$(grep -Eo '^Done [0-9]+ runs' "/tmp/fuzz-$t.log" | grep -Eo '[0-9]+' || echo '?')
		echo "fuzz $t: ok ($runs execs in ${secs}s)"
		pass=$((pass + 1))
	else
		echo "fuzz $t: FAILED"
		tail -n 40 "/tmp/fuzz-$t.log"
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" = 0 ]
