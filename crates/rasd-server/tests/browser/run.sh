#!/usr/bin/env bash
# Browser test of rasd's web page: builds (or uses) the release `rasd`,
# ingests the bundled sample corpus into a fresh data directory, starts
# `rasd serve` on a free loopback port, and drives Debian's chromium through
# the page with playwright-core (test.mjs). Screenshots go to
# $SCREENSHOT_DIR (default target/screenshots).
#
#   crates/rasd-server/tests/browser/run.sh
#   RASD_BIN=target/release/rasd SCREENSHOT_DIR=/tmp/shots crates/rasd-server/tests/browser/run.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
export SCREENSHOT_DIR=${SCREENSHOT_DIR:-$root/target/screenshots}
corpus=$root/data/sample/articles.jsonl

[ -x /usr/bin/chromium ] || { echo "run.sh: /usr/bin/chromium is missing (apt-get install -y chromium)" >&2; exit 2; }
. "$here/../start_server.sh"
echo "# rasd serve at $url"

cd "$here"
[ -d node_modules/playwright-core ] || npm ci --silent --no-audit --no-fund
status=0
BASE_URL=$url node test.mjs || status=$?

# Graceful shutdown: SIGTERM, and the server exits cleanly.
kill -TERM "$server"
if wait "$server"; then
  echo "ok - rasd serve exits cleanly on SIGTERM"
else
  echo "not ok - rasd serve exit status $? on SIGTERM"
  status=1
fi
server=""
exit $status
