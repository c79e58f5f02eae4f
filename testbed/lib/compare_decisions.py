#!/usr/bin/env python3
"""Compares callguard's decision counters (GET /metrics, callguard_decisions_total by verdict and reason) with what
the load generator received: the "allSessions" counts of FastAgiLoad's JSON reports (every session of each run,
warm-up and outside the measured window included). callguard's own start-up warm-up (fastagi.warmUpSessions) runs on
a throw-away server that counts nowhere, and nothing else talks FastAGI to it during a bench: the two must be equal.

  compare_decisions.py METRICS_TEXT REPORT.json [REPORT.json ...]

Prints one line (match, or every difference); exit code 1 on a mismatch."""
import json
import re
import sys

LINE = re.compile(r'^callguard_decisions_total\{(.*)\}\s+(\S+)')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def from_metrics(path):
    counts = {}
    for line in open(path, encoding="utf-8"):
        m = LINE.match(line.strip())
        if not m:
            continue
        labels = dict(LABEL.findall(m.group(1)))
        key = labels["verdict"] + "/" + labels["reason"]
        counts[key] = counts.get(key, 0) + int(float(m.group(2)))
    return counts


def from_reports(paths):
    counts, errors = {}, 0
    for p in paths:
        report = json.load(open(p, encoding="utf-8"))
        every = report["allSessions"]
        errors += every.get("errors", 0)
        for key, n in every["reasons"].items():
            k = key if "/" in key else key + "/NONE"  # the generator writes a plain ALLOW as "ALLOW"
            counts[k] = counts.get(k, 0) + n
    return counts, errors


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    served = from_metrics(argv[1])
    received, errors = from_reports(argv[2:])
    total = sum(received.values())
    detail = ", ".join(f"{k} {v}" for k, v in sorted(received.items()))
    if served == received:
        print(f"MATCH  /metrics callguard_decisions_total equals the load generator's counts exactly: {total} "
              f"decisions ({detail}); {errors} session(s) without a verdict on the generator's side")
        return 0
    diffs = []
    for k in sorted(set(served) | set(received)):
        if served.get(k, 0) != received.get(k, 0):
            diffs.append(f"{k}: /metrics {served.get(k, 0)}, generator {received.get(k, 0)}")
    print(f"MISMATCH  /metrics callguard_decisions_total differs from the load generator's counts "
          f"({total} received, {sum(served.values())} counted; {errors} session(s) without a verdict): " + "; ".join(diffs))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
