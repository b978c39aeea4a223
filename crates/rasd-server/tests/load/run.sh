#!/usr/bin/env bash
# Load test of `rasd serve` on loopback: $DURATION (30s) at $CONNECTIONS (64)
# connections on GET /api/search (rotating queries) and on
# POST /api/analyze (the sample articles), with Debian's wrk. Prints
# requests/s, latency p50/p90/p99 and errors for each. Bars: zero errors,
# search p99 <= 50 ms.
#
#   crates/rasd-server/tests/load/run.sh            (apt-get install -y wrk first)
#   RASD_BIN=target/release/rasd DURATION=10s crates/rasd-server/tests/load/run.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${WRK_THREADS:-2}
export CORPUS=${CORPUS:-$root/data/sample/articles.jsonl}
export LOAD_DIR=$here

command -v wrk >/dev/null || { echo "run.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
if [ -n "${RASD_BIN:-}" ]; then
  bin=$RASD_BIN
else
  (cd "$root" && cargo build --release -p rasd --quiet)
  bin=$target/release/rasd
fi

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
  "$bin" ingest --data "$data" "$CORPUS" >"$work/ingest.log" 2>&1 || { cat "$work/ingest.log" >&2; exit 1; }
else
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
[ -n "$url" ] || { echo "run.sh: rasd serve did not start" >&2; exit 1; }
url=${url%/}
if [ -n "$token" ]; then
  curl -sS --fail-with-body -X POST -H "Authorization: Bearer $token" \
    --data-binary @"$CORPUS" "$url/api/documents" >/dev/null
fi
echo "# rasd serve at $url; $(curl -sS "$url/api/stats")"
echo "# $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d$DURATION"

run() {
  local name=$1 script=$2
  # A short warm-up, then the measured run.
  wrk -t"$THREADS" -c8 -d2s -s "$here/$script" "$url" >/dev/null 2>&1 || true
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$here/$script" "$url")
  echo "$out" | sed 's/^/#   /'
  echo "$name: $(echo "$out" | grep '^RESULT' | sed 's/^RESULT //')"
}
run search search.lua
run analyze analyze.lua

# The server is still healthy afterwards.
curl -sS --fail "$url/api/health" >/dev/null && echo "# healthy after the load"
