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
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${WRK_THREADS:-2}
export CORPUS=${CORPUS:-$root/data/sample/articles.jsonl}
export LOAD_DIR=$here

command -v wrk >/dev/null || { echo "run.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
corpus=$CORPUS
. "$here/../start_server.sh"
url=${url%/}
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
