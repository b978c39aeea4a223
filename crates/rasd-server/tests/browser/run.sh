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
target=${CARGO_TARGET_DIR:-$root/target}
export SCREENSHOT_DIR=${SCREENSHOT_DIR:-$root/target/screenshots}
corpus=$root/data/sample/articles.jsonl

if [ -n "${RASD_BIN:-}" ]; then
  bin=$RASD_BIN
else
  (cd "$root" && cargo build --release -p rasd --quiet)
  bin=$target/release/rasd
fi
[ -x /usr/bin/chromium ] || { echo "run.sh: /usr/bin/chromium is missing (apt-get install -y chromium)" >&2; exit 2; }

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

data=$work/rasd-data
serve_args=(serve --data "$data" --addr 127.0.0.1:0)
token=""
if "$bin" ingest --help >/dev/null 2>&1; then
  "$bin" ingest --data "$data" "$corpus" >"$work/ingest.log" 2>&1 || { cat "$work/ingest.log" >&2; exit 1; }
else
  # No `rasd ingest` in this build: ingest over HTTP with a write token.
  token=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # Through the environment, not argv (visible in ps).
  export RASD_WRITE_TOKEN=$token
fi

"$bin" "${serve_args[@]}" 2>"$work/serve.log" &
server=$!
url=""
for _ in $(seq 1 150); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "run.sh: rasd serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
echo "# rasd serve at $url"

if [ -n "$token" ]; then
  curl -sS --fail-with-body -X POST -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$corpus" "${url}api/documents" >"$work/ingest.json"
  echo "# ingested over HTTP: $(head -c 80 "$work/ingest.json")…"
fi

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
