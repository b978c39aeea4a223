#!/usr/bin/env python3
# Checks the event lexicon in data/events/ against data/cameo/event_codes.tsv.
# Written by the rasd authors. Licence: MIT OR Apache-2.0. Python 3.11, stdlib only.
#
# Usage: python3 tools/cameo/check_events.py [--quiet] [--strict]
#
# Errors (exit status 1):
#   * a file is not UTF-8, has a BOM or CR, or a header that differs from the expected one;
#   * a row has the wrong number of columns, an empty field, or spaces around a field;
#   * a code is not in data/cameo/event_codes.tsv, or is a 2-digit root;
#   * a closed-vocabulary field (prep, obj prefix, modality, kind, scope, note tag) has an unknown value;
#   * duplicate (code, perfect) in verbs.tsv, (code, noun) in nouns.tsv, (cue, kind) in cues.tsv;
#   * a CAMEO root (01..20) has no verb row or no noun row.
# Warnings (exit status 0 unless --strict):
#   * an example that does not seem to contain its trigger;
#   * rows that collide once letters are folded as the segmenter folds them (أ/إ/آ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي);
#   * intent modality outside 03x, or a 03x verb row without it.
# Information: counts per root, and support verbs of nouns.tsv that have no row in verbs.tsv.
import argparse
import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
CODES_FILE = os.path.join(REPO, "data", "cameo", "event_codes.tsv")
EVENTS = os.path.join(REPO, "data", "events")

HEADERS = {
    "verbs.tsv": ["code", "perfect", "imperfect", "prep", "obj", "modality", "example", "note"],
    "nouns.tsv": ["code", "noun", "prep_source", "prep_target", "support", "example", "note"],
    "cues.tsv": ["cue", "kind", "scope", "example", "note"],
}
# Role markers: "-" = direct object (verbs) / absent (nouns), "none" = no target slot,
# "genitive" = the إضافة complement (or pronoun suffix) of the trigger or of its object.
PREPS = {
    "-", "none", "genitive",
    "ب", "مع", "إلى", "على", "ضد", "ل", "من", "عن", "في", "لدى", "بين", "بحق", "إزاء", "حيال",
    "تجاه", "بشأن", "حول", "باتجاه", "نحو", "أمام", "قرب", "خلف", "فوق", "من قبل",
    "على يد", "على شرف", "إلى جانب", "لصالح", "في صفوف",
}
OBJ_PREFIXES = {"ب", "إلى", "على", "من", "عن", "في", "ل", "مع", "ضد"}
MODALITIES = {"-", "intent"}
CUE_KINDS = {"future", "negation", "conditional", "report", "denial"}
SCOPES = {"clause", "sentence"}
NOTE_TAGS = {"inverse": False, "with_support": False, "requires": True, "subject": True, "excludes": True}
ROOTS = [f"{i:02d}" for i in range(1, 21)]
ARABIC = re.compile(r"[\u0600-\u06FF]")
TAG = re.compile(r"\[([a-z]+)(?::([^\]]*))?\]")

errors, warnings = [], []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def fold(s):
    return DIACRITICS.sub("", s).translate(FOLD)


def load_codes():
    codes = {}
    with open(CODES_FILE, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    head = lines[0].split("\t")
    for l in lines[1:]:
        r = dict(zip(head, l.split("\t")))
        codes[r["code"]] = r
    return codes


def read(name):
    path = os.path.join(EVENTS, name)
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        err(f"{name}: starts with a BOM")
    if b"\r" in raw:
        err(f"{name}: contains CR characters (use LF line ends)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        err(f"{name}: not UTF-8 ({e})")
        return []
    rows, header_seen = [], False
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            header_seen = True
            if fields != HEADERS[name]:
                err(f"{name}:{n}: header {fields} != {HEADERS[name]}")
            continue
        if len(fields) != len(HEADERS[name]):
            err(f"{name}:{n}: {len(fields)} columns, expected {len(HEADERS[name])}")
            continue
        for col, v in zip(HEADERS[name], fields):
            if v == "":
                err(f"{name}:{n}: empty field '{col}' (write '-')")
            elif v != v.strip():
                err(f"{name}:{n}: spaces around field '{col}'")
        rows.append((n, dict(zip(HEADERS[name], fields))))
    return rows


def check_code(name, n, code, codes):
    if code not in codes:
        err(f"{name}:{n}: unknown CAMEO code {code}")
        return False
    if len(code) == 2:
        err(f"{name}:{n}: root code {code} used as an event code")
        return False
    return True


def check_preps(name, n, col, value):
    for p in value.split("|"):
        if p not in PREPS:
            err(f"{name}:{n}: {col}: unknown preposition/role '{p}'")


def check_obj(name, n, value):
    if value == "-":
        return
    body = value
    if ":" in value:
        prefix, body = value.split(":", 1)
        for p in prefix.split("|"):
            if p not in OBJ_PREFIXES:
                err(f"{name}:{n}: obj: unknown prefix '{p}:'")
    if body == "*":
        return
    for item in body.split("|"):
        if not item or item != item.strip() or not ARABIC.search(item) or item in ("-", "*"):
            err(f"{name}:{n}: obj: bad item '{item}' in '{value}'")


def check_note(name, n, note):
    for tag, arg in TAG.findall(note):
        if tag not in NOTE_TAGS:
            err(f"{name}:{n}: unknown note tag [{tag}]")
        elif NOTE_TAGS[tag] and not arg:
            err(f"{name}:{n}: note tag [{tag}] needs a ':word|word' list")
        elif arg and any(not a.strip() for a in arg.split("|")):
            err(f"{name}:{n}: note tag [{tag}] has an empty item")


PREFIXES = ["", "و", "ف", "ل", "س", "وس", "فس", "ت", "ي", "ن", "ا", "وت", "وي", "ول", "لت", "لي"]


def trigger_in(example, forms):
    """Loose test that one of the trigger stems occurs in the example."""
    ex = fold(example)
    words = ex.split()
    for f in forms:
        f = fold(f)
        core = f[:-1] if len(f) > 3 and f[-1] in "ايو" else f  # defective/hollow stems change their last letter
        cands = {f, core}
        if len(f) >= 3 and f[1] in "اوي":  # hollow stems drop their long vowel (قال -> قلت, يقول -> يقل)
            cands.add(f[0] + f[2:])
        if f.startswith("ي") and len(f) > 2:  # imperfect stem without its person prefix
            cands.add(f[1:])
            cands.add(core[1:])
        for w in words:
            if any(c and c in w for c in cands):
                return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    a = ap.parse_args()

    codes = load_codes()
    verbs, nouns, cues = read("verbs.tsv"), read("nouns.tsv"), read("cues.tsv")

    # verbs.tsv
    seen, folded = {}, {}
    vroot = collections.Counter()
    vcodes = collections.Counter()
    perfects = set()
    for n, r in verbs:
        if not check_code("verbs.tsv", n, r["code"], codes):
            continue
        for col in ("perfect", "imperfect"):
            if not ARABIC.search(r[col]) or " " in r[col]:
                err(f"verbs.tsv:{n}: {col} '{r[col]}' must be one Arabic word")
        check_preps("verbs.tsv", n, "prep", r["prep"])
        check_obj("verbs.tsv", n, r["obj"])
        if r["modality"] not in MODALITIES:
            err(f"verbs.tsv:{n}: modality '{r['modality']}' not in {sorted(MODALITIES)}")
        is03 = r["code"].startswith("03")
        if r["modality"] == "intent" and not is03:
            warn(f"verbs.tsv:{n}: intent modality on non-03x code {r['code']}")
        if is03 and r["modality"] != "intent":
            warn(f"verbs.tsv:{n}: 03x row without intent modality")
        check_note("verbs.tsv", n, r["note"])
        key = (r["code"], r["perfect"])
        if key in seen:
            err(f"verbs.tsv:{n}: duplicate (code, perfect) {key} (first at line {seen[key]})")
        seen.setdefault(key, n)
        fkey = (r["code"], fold(r["perfect"]))
        if fkey in folded and folded[fkey] != key:
            warn(f"verbs.tsv:{n}: {key} collides with {folded[fkey]} after letter folding")
        folded.setdefault(fkey, key)
        if r["example"] != "-" and not trigger_in(r["example"], [r["perfect"], r["imperfect"]]):
            warn(f"verbs.tsv:{n}: example does not seem to contain {r['perfect']}/{r['imperfect']}: {r['example']}")
        vroot[codes[r["code"]]["root"]] += 1
        vcodes[r["code"]] += 1
        perfects.add(fold(r["perfect"]))

    # nouns.tsv
    seen, folded = {}, {}
    nroot = collections.Counter()
    missing_support = collections.Counter()
    for n, r in nouns:
        if not check_code("nouns.tsv", n, r["code"], codes):
            continue
        if not ARABIC.search(r["noun"]):
            err(f"nouns.tsv:{n}: noun '{r['noun']}' is not Arabic")
        check_preps("nouns.tsv", n, "prep_source", r["prep_source"])
        check_preps("nouns.tsv", n, "prep_target", r["prep_target"])
        if r["support"] != "-":
            for s in r["support"].split("|"):
                parts = s.split(" ")
                if not parts[0] or not ARABIC.search(parts[0]) or len(parts) > 2:
                    err(f"nouns.tsv:{n}: support '{s}' must be 'verb' or 'verb preposition'")
                    continue
                if len(parts) == 2 and parts[1] not in PREPS:
                    err(f"nouns.tsv:{n}: support '{s}': unknown preposition '{parts[1]}'")
                if fold(parts[0]) not in perfects:
                    missing_support[parts[0]] += 1
        check_note("nouns.tsv", n, r["note"])
        key = (r["code"], r["noun"])
        if key in seen:
            err(f"nouns.tsv:{n}: duplicate (code, noun) {key} (first at line {seen[key]})")
        seen.setdefault(key, n)
        fkey = (r["code"], fold(r["noun"]))
        if fkey in folded and folded[fkey] != key:
            warn(f"nouns.tsv:{n}: {key} collides with {folded[fkey]} after letter folding")
        folded.setdefault(fkey, key)
        head = fold(r["noun"].split()[0])
        head = head[2:] if head.startswith("ال") and len(head) > 4 else head
        stem = head[:-1] if head[-1:] in ("ه", "ا", "ء") else head
        if r["example"] != "-" and stem not in fold(r["example"]):
            warn(f"nouns.tsv:{n}: example does not seem to contain '{r['noun']}': {r['example']}")
        nroot[codes[r["code"]]["root"]] += 1

    # cues.tsv
    seen = {}
    kinds = collections.Counter()
    for n, r in cues:
        if r["kind"] not in CUE_KINDS:
            err(f"cues.tsv:{n}: kind '{r['kind']}' not in {sorted(CUE_KINDS)}")
        if r["scope"] not in SCOPES:
            err(f"cues.tsv:{n}: scope '{r['scope']}' not in {sorted(SCOPES)}")
        key = (r["cue"], r["kind"])
        if key in seen:
            err(f"cues.tsv:{n}: duplicate (cue, kind) {key} (first at line {seen[key]})")
        seen.setdefault(key, n)
        kinds[r["kind"]] += 1

    for root in ROOTS:
        if vroot[root] == 0:
            err(f"root {root} ({codes[root]['name']}) has no verb rows")
        if nroot[root] == 0:
            err(f"root {root} ({codes[root]['name']}) has no noun rows")

    # report
    if not a.quiet:
        for w in warnings:
            print("warning:", w)
    for e in errors:
        print("error:", e)
    print(f"\nverbs.tsv {len(verbs)} rows, {len(vcodes)} codes; nouns.tsv {len(nouns)} rows; cues.tsv {len(cues)} rows")
    print(f"{'root':<5}{'name':<36}{'verbs':>6}{'nouns':>7}")
    for root in ROOTS:
        print(f"{root:<5}{codes[root]['name'][:35]:<36}{vroot[root]:>6}{nroot[root]:>7}")
    print("cues by kind: " + ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)))
    unused = [c for c in codes if len(c) > 2 and c not in vcodes]
    print(f"codes without a verb row: {len(unused)} of {sum(1 for c in codes if len(c) > 2)}"
          + ("" if a.quiet else ": " + " ".join(unused)))
    if missing_support and not a.quiet:
        print("support verbs with no verbs.tsv row (fine for intransitive ones such as اندلع/دار): "
              + " ".join(sorted(missing_support)))
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    if errors or (a.strict and warnings):
        sys.exit(1)


if __name__ == "__main__":
    main()
