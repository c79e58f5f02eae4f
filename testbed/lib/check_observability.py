#!/usr/bin/env python3
"""Static check of the observability files, without Docker: the Grafana dashboards of config-examples/grafana parse,
every panel query names metrics, and every metric they query is documented in docs/metrics.md (the Java test
MetricsEndToEndTest checks the same names against a real scrape); the Prometheus configs parse and scrape /metrics
with a bearer token file; the testbed's token file holds the token the compose file gives callguard.
Prints a one-line summary; exit code 1 with the problems otherwise."""
import glob
import json
import os
import re
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    yaml = None

METRIC = re.compile(r"\b(?:callguard|jvm|process|system|hikaricp)_[A-Za-z0-9_]*")
SUFFIXES = ("_bucket", "_count", "_sum", "_max")


def exprs(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "expr" and isinstance(v, str):
                out.append(v)
            else:
                exprs(v, out)
    elif isinstance(node, list):
        for v in node:
            exprs(v, out)


def main(root):
    problems = []
    docs = open(os.path.join(root, "docs/metrics.md"), encoding="utf-8").read()
    dashboards = sorted(glob.glob(os.path.join(root, "config-examples/grafana/*.json")))
    if not dashboards:
        problems.append("no dashboard in config-examples/grafana")
    queried = set()
    for d in dashboards:
        try:
            doc = json.load(open(d, encoding="utf-8"))
        except ValueError as e:
            problems.append(f"{os.path.basename(d)}: {e}")
            continue
        found = []
        exprs(doc, found)
        if not found:
            problems.append(f"{os.path.basename(d)}: no query")
        for e in found:
            names = METRIC.findall(e)
            if not names:
                problems.append(f"{os.path.basename(d)}: no callguard metric in {e}")
            queried.update(names)
    for name in sorted(queried):
        base = name
        for s in SUFFIXES:
            if base.endswith(s) and base[: -len(s)] + s == name:
                base = base[: -len(s)]
                break
        if name not in docs and base not in docs:
            problems.append(f"{name} queried by a dashboard but not in docs/metrics.md")
    if yaml is None:
        problems.append("PyYAML missing: cannot parse the Prometheus configs")
    else:
        for p in ("config-examples/prometheus/prometheus.yml", "testbed/observability/prometheus.yml"):
            cfg = yaml.safe_load(open(os.path.join(root, p), encoding="utf-8"))
            jobs = [j for j in cfg.get("scrape_configs", []) if j.get("metrics_path") == "/metrics"]
            if not jobs or not all((j.get("authorization") or {}).get("credentials_file") for j in jobs):
                problems.append(f"{p}: no /metrics job with a bearer credentials_file")
        compose = yaml.safe_load(open(os.path.join(root, "testbed/docker-compose.yml"), encoding="utf-8"))
        token = (compose.get("x-callguard-env") or {}).get("CALLGUARD_METRICS_TOKEN", "")
        held = open(os.path.join(root, "testbed/observability/metrics-token"), encoding="utf-8").read().strip()
        if not token or token != held:
            problems.append("testbed/observability/metrics-token differs from CALLGUARD_METRICS_TOKEN of the compose file")
    if problems:
        print("; ".join(problems))
        return 1
    print(f"{len(dashboards)} dashboard(s), {len(queried)} metrics queried, all documented in docs/metrics.md; "
          f"Prometheus configs scrape /metrics with a token file")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")))
