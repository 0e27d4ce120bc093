#!/usr/bin/env bash
# The main job. Until the daemon lands, it shows the codec: ikedump of a real capture.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "demo: not available yet" >&2
exit 1
