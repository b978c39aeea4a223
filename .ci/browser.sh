#!/usr/bin/env bash
# Browser test of rasd's web page (crates/rasd-server/tests/browser):
# installs Debian's chromium and Arabic fonts (quietly), the test's node
# dependencies (npm ci: playwright-core only, no browser download), and runs
# it against the release `rasd`. Screenshots: $SCREENSHOT_DIR (default
# target/screenshots).
#
#   bash .ci/browser.sh           (called from .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# The page asks for Noto Naskh/Sans Arabic first; without an Arabic font
# chromium draws boxes.
fc-list 2>/dev/null | grep -qi "arabic" || need+=(fonts-noto-core)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "== browser test: node dependencies"
(cd crates/rasd-server/tests/browser && npm ci --silent --no-audit --no-fund)

echo "== browser test"
cargo build --release --locked -p rasd
RASD_BIN=${CARGO_TARGET_DIR:-target}/release/rasd crates/rasd-server/tests/browser/run.sh
