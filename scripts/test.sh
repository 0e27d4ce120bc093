#!/usr/bin/env bash
# The whole test suite: unit, property, vector and capture tests of every crate.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
cargo test --workspace --doc
