#!/usr/bin/env python3
"""Evaluation gates: run rasd's evaluations on ../shared/data and fail below
the floors set by the issues. Usage: gates.py RASD_BINARY SHARED_DIR"""
import filecmp
import json
import subprocess
import sys
import tempfile

rasd, shared = sys.argv[1], sys.argv[2]
data = f"{shared}/data"

GATES = [
    ("segmentation (WikiNews, Farasa gold)",
     [rasd, "eval", "segment", "--gold", f"{data}/wikinews-farasa/WikiNews.pos.ref", "--json"],
     {"clitics": 98.5, "words": 96.0}),
    ("UD Arabic-PUD",
     [rasd, "eval", "ud", "--gold", f"{data}/ud-pud/ar_pud-ud-test.conllu", "--json"],
     {"tokens_f1": 99.5, "words_f1": 97.0, "sentences_f1": 95.0}),
    # The committed NER model on the ANERcorp test lines. A regression
    # floor just under its measured 74.35: the bar (80) is not met.
    ("NER, committed model (ANERcorp test)",
     [rasd, "eval", "ner", "--gold", f"{data}/anercorp/ANERCorp.txt",
      "--lines", "125276:150282", "--json"],
     {"f1": 74.0}),
]

# `rasd train ner` on a slice of the training lines: it runs, rebuilds the
# same bytes twice, and the small model it writes tags (68.18 measured).
anercorp = f"{data}/anercorp/ANERCorp.txt"
with tempfile.TemporaryDirectory() as tmp:
    models = [f"{tmp}/slice{i}.bin" for i in (1, 2)]
    for m in models:
        subprocess.run([rasd, "train", "ner", "--train", anercorp, "--lines", "1:30000",
                        "--epochs", "5", "--out", m], check=True, capture_output=True)
    same = filecmp.cmp(models[0], models[1], shallow=False)
    print(f"{'ok  ' if same else 'FAIL'} NER training on lines 1-30000: deterministic")
    # The committed model is what models/ner/README.md's command rebuilds
    # from this checkout: after an edit to the tables it reads, retrain it.
    full = f"{tmp}/anercorp.bin"
    subprocess.run([rasd, "train", "ner", "--train", anercorp, "--lines", "1:125275",
                    "--out", full], check=True, capture_output=True)
    rebuilt = filecmp.cmp(full, "models/ner/anercorp.bin", shallow=False)
    print(f"{'ok  ' if rebuilt else 'FAIL'} NER: the README's command rebuilds "
          "models/ner/anercorp.bin byte for byte")
    GATES.append(("NER, model trained on lines 1-30000 (ANERcorp test)",
                  [rasd, "eval", "ner", "--gold", anercorp, "--lines", "125276:150282",
                   "--model", models[0], "--json"],
                  {"f1": 60.0}))
    failed = not (same and rebuilt)
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
