#!/usr/bin/env python3
"""A/B timing of two rasd binaries on the same machine, interleaved.

The machines are shared and noisy: a figure means something only beside a
baseline measured in the same command. This runs `rasd ingest` (articles per
second, fresh data directory each run) and `rasd analyze` (input MB per CPU
second) alternately with a baseline binary and a candidate binary, N times
each, and prints the medians and the candidate/baseline ratio.

    python3 tools/bench/ab.py BASELINE_BIN CANDIDATE_BIN CORPUS.jsonl [--runs 5]
        [--only ingest|analyze]

A baseline binary is any earlier build, e.g. from a worktree of the last
release: `git worktree add /tmp/base v0 && cargo build --release -p rasd
--manifest-path /tmp/base/Cargo.toml`.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile


def ingest(binary, corpus):
    data = tempfile.mkdtemp(prefix="rasd-ab-")
    try:
        out = subprocess.run(
            [binary, "ingest", "--data", os.path.join(data, "d"), corpus, "--json"],
            check=True, capture_output=True, text=True,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])["documents_per_second"]
    finally:
        shutil.rmtree(data, ignore_errors=True)


def analyze(binary, corpus):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.devnull, "w") as null:
        subprocess.run([binary, "analyze", corpus], check=True, stdout=null)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return os.path.getsize(corpus) / 1e6 / cpu


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("baseline")
    p.add_argument("candidate")
    p.add_argument("corpus")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--only", choices=["ingest", "analyze"])
    args = p.parse_args()
    tasks = [("ingest", ingest, "articles/s"), ("analyze", analyze, "MB per CPU-second")]
    for name, fn, unit in tasks:
        if args.only and args.only != name:
            continue
        runs = {"baseline": [], "candidate": []}
        for _ in range(args.runs):
            for who in ("baseline", "candidate"):
                runs[who].append(fn(getattr(args, who), args.corpus))
        med = {k: statistics.median(v) for k, v in runs.items()}
        for who, v in runs.items():
            print(f"{name} {who}: median {med[who]:.2f} {unit}; runs {', '.join(f'{x:.2f}' for x in v)}")
        print(f"{name} candidate/baseline: {med['candidate'] / med['baseline']:.3f}")


if __name__ == "__main__":
    main()
