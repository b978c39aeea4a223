#!/usr/bin/env python3
"""Evaluation gates: run rasd's evaluations on ../shared/data and fail below
the floors set by the issues. Usage: gates.py RASD_BINARY SHARED_DIR"""
import json
import subprocess
import sys

rasd, shared = sys.argv[1], sys.argv[2]
data = f"{shared}/data"

GATES = [
    ("segmentation (WikiNews, Farasa gold)",
     [rasd, "eval", "segment", "--gold", f"{data}/wikinews-farasa/WikiNews.pos.ref", "--json"],
     {"clitics": 98.5, "words": 96.0}),
    ("UD Arabic-PUD",
     [rasd, "eval", "ud", "--gold", f"{data}/ud-pud/ar_pud-ud-test.conllu", "--json"],
     {"tokens_f1": 99.5, "words_f1": 97.0, "sentences_f1": 95.0}),
]

failed = False
for name, cmd, floors in GATES:
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    scores = json.loads(out.strip().splitlines()[-1])
    for key, floor in floors.items():
        value = scores[key]
        ok = value >= floor
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {key} = {value:.2f} (floor {floor})")

if failed:
    sys.exit("evaluation below the floor")
print("all evaluation gates passed")
