#!/usr/bin/env python3
"""Keeps docs/benchmark-figures.tsv (the latest figure of each benchmark line, per tier) and writes
docs/benchmarks.md from it. Usage: benchmarks-page.py [new figure files (.tsv) ...]

Each figure line: tier, what, sextant seconds, baseline seconds, ratio, baseline, goal, load average, date
(tab-separated). A new line replaces the kept one of the same tier and what; the page is regenerated, never
edited by hand."""
import csv
import datetime
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEPT = os.path.join(ROOT, "docs", "benchmark-figures.tsv")
PAGE = os.path.join(ROOT, "docs", "benchmarks.md")
FIELDS = ["tier", "what", "sextant_s", "baseline_s", "ratio", "baseline", "goal", "load", "date"]
TIERS = {"S": 0, "M": 1, "L": 2}


def read(path):
    rows = []
    if os.path.exists(path):
        with open(path, newline="") as f:
            for row in csv.reader(f, delimiter="\t"):
                if row and not row[0].startswith("#"):
                    row = row + [""] * (len(FIELDS) - len(row))
                    rows.append(dict(zip(FIELDS, row)))
    return rows


def key(row):
    """A line's tier and what, without the figures some lines carry in their text (the end-to-end run's peak
    RSS), so that a new measurement replaces the old one."""
    return row["tier"], re.sub(r"\s*\(peak RSS [0-9,]+ MB\)", "", row["what"])


def main(new_files):
    kept = {}
    for r in read(KEPT):
        kept[key(r)] = r
    today = datetime.date.today().isoformat()
    for path in new_files:
        for row in read(path):
            row["date"] = row["date"] or today
            kept[key(row)] = row
    rows = sorted(kept.values(), key=lambda r: (TIERS.get(r["tier"], 9), r["what"]))
    os.makedirs(os.path.dirname(KEPT), exist_ok=True)
    with open(KEPT, "w", newline="") as f:
        f.write("# " + "\t".join(FIELDS) + "  (written by releng/scripts/benchmarks-page.py)\n")
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        for r in rows:
            writer.writerow([r[k] for k in FIELDS])
    lines = [
        "# Benchmarks",
        "",
        "The latest figure of each benchmark, per data tier, as `releng/benchmark.sh` measured it. This page is",
        "generated from `docs/benchmark-figures.tsv` by `releng/scripts/benchmarks-page.py`, which the benchmark",
        "script runs after each benchmark; do not edit it by hand. Each ratio is measured in one run against the",
        "baseline named beside it (the strongest one we know for the same answer), on the build machine (2 cores),",
        "with the load average during that run: on a shared machine single runs move by 20% and more.",
        "",
        "| tier | what | Sextant | baseline | ratio | baseline is | goal | load | date |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        baseline = (r["baseline_s"] + " s") if r["baseline_s"] not in ("", "-") else "-"
        lines.append("| {tier} | {what} | {s} s | {b} | {ratio} | {name} | {goal} | {load} | {date} |".format(
            tier=r["tier"], what=r["what"], s=r["sextant_s"], b=baseline, ratio=r["ratio"] or "-",
            name=r["baseline"] or "-", goal=r["goal"] or "-", load=r["load"] or "-", date=r["date"]))
    lines += ["", "How each is measured: see the comment at the top of `releng/benchmark.sh` and of each benchmark class.", ""]
    with open(PAGE, "w") as f:
        f.write("\n".join(lines))
    print("benchmarks: " + os.path.relpath(PAGE, ROOT) + " (" + str(len(rows)) + " figures)")


if __name__ == "__main__":
    main(sys.argv[1:])
