#!/usr/bin/env python3
"""Compares each lab paper's `papers-bench refs --dump` (dump.txt) with the
truth make_papers.py wrote beside it (truth.json): entries found (matched by
their title), arXiv ids, titles guessed for entries without an id or DOI,
and citations tied to the right entries (counted per entry, so "[3], [5]"
and "[3, 5]" count alike; ties to entries never cited are "wrong").
SHOW_UNDER=1 lists the entries cited fewer times than they are."""
import json, re, subprocess, sys, os

def parse_dump(text):
    entries, cites = [], []
    cur = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        l = lines[i]
        m = re.match(r"\[(\d+)\] label=(.*?) p(\d+) arxiv=(\S+) doi=(\S+)$", l)
        if m:
            title = lines[i + 1].strip()[len("title="):]
            txt = lines[i + 2].strip()
            entries.append({"label": m.group(2), "arxiv": None if m.group(4) == "-" else m.group(4),
                            "doi": None if m.group(5) == "-" else m.group(5), "title": title, "text": txt})
            i += 3
            continue
        m = re.match(r"cite p(\d+) \((\S+),(\S+)\) (.*) ->(.*)$", l)
        if m:
            cites.append({"page": int(m.group(1)), "x": float(m.group(2)), "y": float(m.group(3)), "text": m.group(4), "labels": [x.strip() for x in m.group(5).split(" | ") if x.strip()]})
        i += 1
    return entries, cites

def norm(s):
    return re.sub(r"[^a-z0-9]+", "", s.lower())

root = sys.argv[1]
tot = {"entries": [0, 0], "ids": [0, 0], "titles": [0, 0], "cites": [0, 0]}
for style in sorted(os.listdir(root)):
    d = os.path.join(root, style)
    if not os.path.exists(os.path.join(d, "paper.pdf")):
        continue
    truth = json.load(open(os.path.join(d, "truth.json")))
    # Only what the paper's bibliography holds: an entry never cited is not
    # printed
    bbl = open(os.path.join(d, "paper.bbl"), errors="replace").read()
    printed = set(re.findall(r"\\bibitem(?:\[[^\]]*\])*\{([^}]*)\}", bbl, re.S))
    truth["entries"] = [t for t in truth["entries"] if t["key"] in printed]
    if not truth["entries"]:
        print("%-26s skipped: its .bbl's items were not read" % style)
        continue
    out = open(os.path.join(d, "dump.txt")).read()
    entries, cites = parse_dump(out)
    # map parsed entries to truth keys by title contained in text
    key_of = {}
    label_of_key = {}
    for idx, e in enumerate(entries):
        nt = norm(e["text"])
        best = None
        for t in truth["entries"]:
            if norm(t["title"]) in nt:
                if best is None or len(norm(t["title"])) > len(norm(best["title"])):
                    best = t
        if best:
            key_of[idx] = best["key"]
            label_of_key[best["key"]] = e["label"]
    found_keys = set(key_of.values())
    n_truth = len(truth["entries"])
    ok_entries = len(found_keys) if len(entries) == n_truth else min(len(found_keys), n_truth) - abs(len(entries) - n_truth)
    ids_truth = {t["key"]: t["arxiv"] for t in truth["entries"] if t["arxiv"]}
    ids_ok = 0
    bad_ids = []
    for idx, k in key_of.items():
        if k in ids_truth:
            if entries[idx]["arxiv"] == ids_truth[k]:
                ids_ok += 1
            else:
                bad_ids.append((ids_truth[k], entries[idx]["arxiv"]))
    tkeys = {t["key"]: t for t in truth["entries"]}
    noid = [idx for idx, k in key_of.items() if not tkeys[k]["arxiv"] and not tkeys[k]["doi"]]
    titles_ok = sum(1 for idx in noid if norm(entries[idx]["title"]) == norm(tkeys[key_of[idx]]["title"]))
    n_noid = sum(1 for t in truth["entries"] if not t["arxiv"] and not t["doi"])
    # citations: text order; compare groups of keys via labels
    key_by_label = {}
    for idx, k in key_of.items():
        key_by_label.setdefault(entries[idx]["label"], k)
    parsed_groups = [sorted(key_by_label.get(l, "?" + l) for l in c["labels"]) for c in cites]
    truth_groups = [sorted(g) for g in truth["citations"]]
    from collections import Counter
    tc = Counter(k for g in truth_groups for k in g)
    pc = Counter(k for g in parsed_groups for k in g)
    cites_ok = sum(min(tc[k], pc[k]) for k in tc)
    cites_wrong = sum(max(0, pc[k] - tc.get(k, 0)) for k in pc)
    under = {k: (tc[k], pc[k]) for k in tc if pc[k] < tc[k]}
    if under and os.environ.get("SHOW_UNDER"):
        tk = {t["key"]: t for t in truth["entries"]}
        for k, v in under.items():
            print("    under-cited %s %s %s" % (v, tk[k]["authors"][:2], tk[k]["year"]))
    truth_groups = [k for g in truth_groups for k in g]
    print("%-26s entries %d/%d (parsed %d)  ids %d/%d  titles %d/%d  cites %d/%d (+%d wrong)" % (
        style, len(found_keys), n_truth, len(entries), ids_ok, len(ids_truth), titles_ok, n_noid, cites_ok, len(truth_groups), cites_wrong))
    for b in bad_ids[:5]:
        print("    id want %s got %s" % b)
    missing = [t for t in truth["entries"] if t["key"] not in found_keys]
    for t in missing[:3]:
        print("    missing: %s" % t["title"])
    tot["entries"][0] += len(found_keys); tot["entries"][1] += n_truth
    tot["ids"][0] += ids_ok; tot["ids"][1] += len(ids_truth)
    tot["titles"][0] += titles_ok; tot["titles"][1] += n_noid
    tot["cites"][0] += cites_ok; tot["cites"][1] += len(truth_groups)
print("TOTAL", {k: "%d/%d = %.1f%%" % (a, b, 100.0 * a / max(b, 1)) for k, (a, b) in tot.items()})
