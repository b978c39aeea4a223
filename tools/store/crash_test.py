#!/usr/bin/env python3
"""Crash test of `rasd ingest`: SIGKILL at random moments, then check.

    python3 tools/store/crash_test.py RASD CORPUS.jsonl [--kills 20] [--docs 600] [--seed 7]

1. A clean run into a fresh data directory gives the reference counts.
2. Into a second directory, `rasd ingest` is started and killed with
   SIGKILL after a random delay, `--kills` times; after each kill the store
   must open and pass `rasd check` (SQLite integrity, foreign keys, the
   index agreeing with the database).
3. A final uninterrupted run must give exactly the reference counts:
   nothing lost, nothing twice.

Exits 0 when all of this holds, 1 otherwise. Prints one JSON summary line.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def check(rasd, data):
    out = subprocess.run(
        [rasd, "check", "--json", "--data", data],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        report = {"ok": False, "error": out.stderr.strip() or out.stdout.strip()}
    report["exit"] = out.returncode
    return report


def counts(report):
    s = report.get("stats", {})
    return {k: s.get(k) for k in ("documents", "duplicates", "entities", "events", "actors")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rasd")
    ap.add_argument("corpus")
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--docs", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    work = tempfile.mkdtemp(prefix="rasd-crash-")
    try:
        corpus = os.path.join(work, "corpus.jsonl")
        with open(args.corpus, encoding="utf-8") as src, open(corpus, "w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.docs:
                    break
                dst.write(line)

        ingest = lambda data: [args.rasd, "ingest", "-q", "--batch", "16", "--data", data, corpus]

        ref_dir = os.path.join(work, "reference")
        t0 = time.monotonic()
        subprocess.run(ingest(ref_dir), check=True, capture_output=True)
        clean_seconds = time.monotonic() - t0
        reference = check(args.rasd, ref_dir)
        if not reference.get("ok"):
            print(json.dumps({"ok": False, "error": "reference run failed its check", "report": reference}))
            return 1

        data = os.path.join(work, "crashed")
        failures = []
        killed_mid_run = 0
        for k in range(args.kills):
            proc = subprocess.Popen(ingest(data), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # Kill anywhere in the run, start-up and index commits included.
            time.sleep(rng.uniform(0.0, clean_seconds / max(1, args.kills // 4)))
            if proc.poll() is None:
                killed_mid_run += 1
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            report = check(args.rasd, data)
            if not report.get("ok"):
                failures.append({"kill": k, "report": report})

        subprocess.run(ingest(data), check=True, capture_output=True)
        final = check(args.rasd, data)
        same = counts(final) == counts(reference)
        ok = not failures and final.get("ok") and same
        print(json.dumps({
            "ok": bool(ok),
            "kills": args.kills,
            "killed_mid_run": killed_mid_run,
            "clean_run_seconds": round(clean_seconds, 2),
            "reference": counts(reference),
            "final": counts(final),
            "failures": failures,
        }, ensure_ascii=False))
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
