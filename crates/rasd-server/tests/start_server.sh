# Start-up shared by the browser test (browser/run.sh) and the load test
# (load/run.sh); sourced, not run. Given $root (the repository) and $corpus
# (a JSON Lines file), it picks the binary ($RASD_BIN, else a release build),
# ingests the corpus into a fresh data directory, starts `rasd serve` on a
# free loopback port and sets $bin, $work (a temporary folder), $server (the
# server's pid) and $url (`http://127.0.0.1:PORT/`). An EXIT trap stops the
# server and removes $work.

if [ -n "${RASD_BIN:-}" ]; then
  bin=$RASD_BIN
else
  (cd "$root" && cargo build --release -p rasd --quiet)
  bin=${CARGO_TARGET_DIR:-$root/target}/release/rasd
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
"$bin" ingest --data "$data" "$corpus" >"$work/ingest.log" 2>&1 || { cat "$work/ingest.log" >&2; exit 1; }
"$bin" serve --data "$data" --addr 127.0.0.1:0 2>"$work/serve.log" &
server=$!
url=""
for _ in $(seq 1 150); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "rasd serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
