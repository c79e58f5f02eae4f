#!/usr/bin/env python3
"""Static check of testbed/docker-compose.yml, without Docker: it parses, every image is pinned, every published
port is bound to 127.0.0.1, every long-running service has a health check, and every file or directory it names
(build contexts, Dockerfiles, bind mounts, the scripts the entrypoints run, the FROM lines of the Dockerfiles)
exists and is pinned. The nodes (check_nodes): Redis keeps nothing; every callguard node lives in the network
namespace of an Asterisk of its own, whose shipped dialplan's loopback AGI and AMI reach that node; the nodes count in
the same Redis and store in the same PostgreSQL, each under its own node id and records chain; the Asterisk services are one
configuration with their own addresses and systemnames; no service of the default profile depends on a profiled one.
Prints a one-line summary; exit code 1 with the problems otherwise."""
import os
import re
import sys
from urllib.parse import urlsplit

try:
    import yaml  # PyYAML
except ImportError:  # pragma: no cover - CI has it; keep a useful message otherwise
    yaml = None


def load(path):
    text = open(path, encoding="utf-8").read()
    if "\t" in text:
        raise SystemExit("tabs in YAML indentation")
    if yaml is None:
        raise SystemExit("PyYAML missing (pip install pyyaml / apt-get install python3-yaml): cannot parse")
    return yaml.safe_load(text)


def pinned(image):
    # name:tag with a concrete tag (not latest, not a bare major version for third-party images)
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":")
    if not name or "/" in tag or tag in ("", "latest", "stable"):
        return False
    return image.startswith("callguard-testbed/") or bool(re.search(r"\d+\.\d+", tag))


def env_of(svc):
    """A service's environment as a dict (compose allows a mapping or a list of NAME=value)."""
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) if "=" in e else (e, "") for e in env)
    return {k: ("" if v is None else str(v)) for k, v in env.items()}


def shipped(base, relpath, pattern):
    """The first group of PATTERN in a shipped file (relative to the compose file), None when absent."""
    path = os.path.normpath(os.path.join(base, relpath))
    if not os.path.isfile(path):
        return None
    m = re.search(pattern, open(path, encoding="utf-8").read(), re.M)
    return m.group(1) if m else None


def check_nodes(doc, base, problems):
    """The two-node testbed: returns a short description of the nodes for the summary."""
    services = doc.get("services") or {}
    redis = services.get("redis")
    if redis is None:
        problems.append("service redis missing (the nodes' shared state)")
    else:
        cmd = redis.get("command") or []
        cmd = cmd if isinstance(cmd, list) else str(cmd).split()
        pairs = list(zip(cmd, cmd[1:]))
        if ("--save", "") not in pairs or ("--appendonly", "no") not in pairs:
            problems.append("redis: must keep nothing (command with --save \"\" and --appendonly no)")
        if redis.get("volumes"):
            problems.append("redis: no volume (the testbed's Redis keeps nothing)")
        if not str(redis.get("image", "")).startswith("redis:"):
            problems.append(f"redis: not the official redis image ({redis.get('image')})")
    nodes = {n: s for n, s in services.items() if str(s.get("image", "")).startswith("callguard-testbed/callguard:")}
    asterisks = {n: s for n, s in services.items()
                 if any("/testbed/docker/asterisk/entrypoint.sh" in str(p) for p in (s.get("entrypoint") or []))}
    if len(nodes) < 2:
        problems.append(f"two callguard nodes wanted, found {sorted(nodes)}")
    if len(asterisks) < 2:
        problems.append(f"two Asterisk services wanted, found {sorted(asterisks)}")
    # what the shipped files make Asterisk dial: the AGI URL of the dialplan, AMI's port
    agi = shipped(base, "../config-examples/asterisk/extensions.conf", r"^CALLGUARD_AGI=(\S+)")
    ami_port = shipped(base, "../config-examples/asterisk/manager.conf", r"^port\s*=\s*(\d+)")
    agi_host = agi_port = None
    if agi is None:
        problems.append("config-examples/asterisk/extensions.conf: no CALLGUARD_AGI=agi://HOST:PORT line")
    else:
        u = urlsplit(agi)
        agi_host, agi_port = u.hostname, str(u.port or 4573)
        if agi_host not in ("127.0.0.1", "localhost"):
            problems.append(f"the shipped dialplan's AGI {agi} is not on loopback: an Asterisk would not reach the node in its namespace")
    # each Asterisk has exactly one node in its network namespace, which its AGI and AMI reach
    by_asterisk = {}
    for n, s in nodes.items():
        mode = str(s.get("network_mode", ""))
        target = mode.split(":", 1)[1] if mode.startswith("service:") else None
        if target not in asterisks:
            problems.append(f"{n}: network_mode {mode or '(none)'} is not the namespace of an Asterisk service")
            continue
        by_asterisk.setdefault(target, []).append(n)
        env = env_of(s)
        if agi_port and env.get("CALLGUARD_FASTAGI_PORT", "4573") != agi_port:
            problems.append(f"{n}: FastAGI port {env.get('CALLGUARD_FASTAGI_PORT')} is not the dialplan's {agi_port}")
        if env.get("CALLGUARD_FASTAGI_HOST", "127.0.0.1") not in ("127.0.0.1", "0.0.0.0"):
            problems.append(f"{n}: FastAGI host {env.get('CALLGUARD_FASTAGI_HOST')}: {target}'s loopback AGI would not reach it")
        if env.get("CALLGUARD_AMI_HOST") not in ("127.0.0.1", "localhost") or (ami_port and env.get("CALLGUARD_AMI_PORT") != ami_port):
            problems.append(f"{n}: AMI {env.get('CALLGUARD_AMI_HOST')}:{env.get('CALLGUARD_AMI_PORT')} is not {target}'s (127.0.0.1:{ami_port})")
        if sorted(s.get("profiles") or []) != sorted(asterisks[target].get("profiles") or []):
            problems.append(f"{n}: profiles {s.get('profiles')} differ from {target}'s {asterisks[target].get('profiles')}")
    for a, ns in by_asterisk.items():
        if len(ns) > 1:
            problems.append(f"{a}: several nodes in its namespace ({', '.join(ns)}); one node per Asterisk")
    for a in asterisks:
        if a not in by_asterisk:
            problems.append(f"{a}: no callguard node in its network namespace (its AGI would reach nobody)")
    # the nodes count together and store together, each under its own name
    envs = {n: env_of(s) for n, s in nodes.items()}
    for n, env in envs.items():
        if env.get("CALLGUARD_STATE_BACKEND") != "redis":
            problems.append(f"{n}: CALLGUARD_STATE_BACKEND is {env.get('CALLGUARD_STATE_BACKEND') or '(unset: local)'}, not redis")
        url = env.get("CALLGUARD_STATE_REDIS_URL", "")
        host = urlsplit(url).hostname if url else None
        if host not in services or host != "redis":
            problems.append(f"{n}: CALLGUARD_STATE_REDIS_URL {url or '(unset)'} does not name the redis service")
        if "redis" in services and "redis" not in (services[n].get("depends_on") or {}):
            problems.append(f"{n}: does not wait for redis (depends_on)")
        jdbc = env.get("CALLGUARD_STORE_JDBC_URL", "")
        m = re.match(r"jdbc:postgresql://([^:/]+)", jdbc)
        if not m or m.group(1) not in services:
            problems.append(f"{n}: CALLGUARD_STORE_JDBC_URL {jdbc or '(unset)'} is not the compose PostgreSQL")
        # the hosts it names must share a network with the namespace it lives in
        mode = str(services[n].get("network_mode", ""))
        home = asterisks.get(mode.split(":", 1)[1] if mode.startswith("service:") else "", {})
        home_nets = set(home.get("networks") or {})
        for dep in filter(None, (host, m.group(1) if m else None)):
            if dep in services and home and not home_nets & set(services[dep].get("networks") or {}):
                problems.append(f"{n}: {dep} shares no network with its namespace")
    for key in ("CALLGUARD_STATE_REDIS_URL", "CALLGUARD_STATE_REDIS_NAMESPACE", "CALLGUARD_STORE_JDBC_URL",
                "CALLGUARD_STORE_USERNAME", "CALLGUARD_ADMIN_TOKEN"):
        values = {env.get(key, "") for env in envs.values()}
        if len(values) > 1:
            problems.append(f"the nodes differ in {key}: they would not count or store together")
    ids = [env.get("CALLGUARD_NODE_ID", "") for env in envs.values()]
    if any(not i for i in ids) or len(set(ids)) != len(ids):
        problems.append(f"every node needs a CALLGUARD_NODE_ID of its own: {dict(zip(envs, ids))}")
    # records.node defaults to the host name, not node.id: each node's chain of call records needs its own name
    chains = [env.get("CALLGUARD_RECORDS_NODE", "") for env in envs.values()]
    if any(not c for c in chains) or len(set(chains)) != len(chains):
        problems.append(f"every node needs a CALLGUARD_RECORDS_NODE of its own (one writer per chain): {dict(zip(envs, chains))}")
    # the Asterisk services: one configuration, their own addresses and systemnames
    mounts = {a: sorted(map(str, s.get("volumes") or [])) for a, s in asterisks.items()}
    images = {a: s.get("image") for a, s in asterisks.items()}
    if len(set(map(tuple, mounts.values()))) > 1:
        problems.append(f"the Asterisk services mount different files: {mounts}")
    if len(set(images.values())) > 1:
        problems.append(f"the Asterisk services run different images: {images}")
    names = [env_of(s).get("ASTERISK_SYSTEMNAME", "") for s in asterisks.values()]
    if len(set(names)) != len(names):
        problems.append(f"the Asterisk services need systemnames of their own: {dict(zip(asterisks, names))}")
    seen = {}
    for a, s in asterisks.items():
        for net, cfg in (s.get("networks") or {}).items():
            ip = (cfg or {}).get("ipv4_address")
            if ip in seen:
                problems.append(f"{a}: address {ip} also {seen[ip]}'s")
            seen[ip] = a
    published = {}
    for n, s in services.items():
        for port in s.get("ports") or []:
            host_side = str(port).rsplit(":", 1)[0]
            if host_side in published:
                problems.append(f"{n}: publishes {host_side}, as {published[host_side]} does")
            published[host_side] = n
    # profiles: nothing of the default set depends on a service it does not start
    for n, s in services.items():
        if s.get("profiles"):
            continue
        for dep in (s.get("depends_on") or {}):
            if dep in services and services[dep].get("profiles"):
                problems.append(f"{n} (default profile) depends on {dep} (profiles {services[dep]['profiles']})")
    pairs = ", ".join(f"{n} in {str(nodes[n].get('network_mode')).split(':', 1)[-1]}"
                      + (f" (profile {','.join(nodes[n]['profiles'])})" if nodes[n].get("profiles") else "")
                      for n in sorted(nodes))
    return f"nodes: {pairs}, node ids {', '.join(sorted(ids))}, one Redis and one PostgreSQL"


def check(doc, base):
    """(problems, summary) of a parsed compose file whose relative paths start at BASE."""
    problems = []
    services = doc.get("services") or {}
    for want in ("asterisk", "callguard", "postgres", "redis", "sipp"):
        if want not in services:
            problems.append(f"service {want} missing")
    one_shot = {"prompts"}
    dockerfiles = set()
    for name, svc in services.items():
        image = svc.get("image")
        build = svc.get("build")
        if not image and not build:
            problems.append(f"{name}: neither image nor build")
        if image and not pinned(image):
            problems.append(f"{name}: image {image} is not pinned to a version")
        if build:
            ctx = build if isinstance(build, str) else build.get("context", ".")
            ctx_path = os.path.normpath(os.path.join(base, ctx))
            if not os.path.isdir(ctx_path):
                problems.append(f"{name}: build context {ctx} missing")
            df = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            df_path = os.path.join(ctx_path, df)
            if not os.path.isfile(df_path):
                problems.append(f"{name}: Dockerfile {df} missing")
            else:
                dockerfiles.add(df_path)
        for port in svc.get("ports") or []:
            if not str(port).startswith("127.0.0.1:"):
                problems.append(f"{name}: port {port} is not bound to 127.0.0.1")
        if name not in one_shot and "healthcheck" not in svc:
            problems.append(f"{name}: no healthcheck")
        for vol in svc.get("volumes") or []:
            src = (vol.get("source") if isinstance(vol, dict) else str(vol).split(":")[0]) or ""
            if src.startswith(".") or src.startswith("/"):
                p = os.path.normpath(os.path.join(base, src))
                # testbed/out is created by the run; everything else must be in the repository
                if not os.path.exists(p) and not p.endswith(os.sep + "out"):
                    problems.append(f"{name}: bind mount source {src} missing")
            elif src and src not in (doc.get("volumes") or {}):
                problems.append(f"{name}: named volume {src} not declared")
        for net in (svc.get("networks") or {}):
            if net not in (doc.get("networks") or {}):
                problems.append(f"{name}: network {net} not declared")
        mode = svc.get("network_mode", "")
        if mode.startswith("service:") and mode.split(":", 1)[1] not in services:
            problems.append(f"{name}: network_mode names unknown service {mode}")
        for dep in (svc.get("depends_on") or {}):
            if dep not in services:
                problems.append(f"{name}: depends_on unknown service {dep}")
        # scripts an entrypoint/command runs from a mounted testbed path
        for part in (svc.get("entrypoint") or []) + (svc.get("command") or []):
            if isinstance(part, str) and part.startswith("/testbed/"):
                local = os.path.join(base, part[len("/testbed/"):])
                if not os.path.isfile(local):
                    problems.append(f"{name}: runs {part}, missing as {os.path.relpath(local, base)}")
    for df in sorted(dockerfiles):
        for line in open(df, encoding="utf-8"):
            m = re.match(r"\s*FROM\s+(\S+)", line, re.I)
            if m and not pinned(m.group(1)):
                problems.append(f"{os.path.relpath(df, base)}: FROM {m.group(1)} is not pinned")
    nodes = check_nodes(doc, base, problems)
    return problems, (f"parses, {len(services)} services ({', '.join(services)}), images pinned, ports on 127.0.0.1, "
                      f"health checks present, {len(dockerfiles)} Dockerfiles and all mounted paths exist; {nodes}")


# The node checks must bite: each mistake below, made to the real file in memory, must be reported (expected words).
MISTAKES = [
    ("callguard-b in asterisk's namespace", lambda d: d["services"]["callguard-b"].update(network_mode="service:asterisk"),
     "several nodes"),
    ("the same node id twice", lambda d: d["services"]["callguard-b"]["environment"].update(CALLGUARD_NODE_ID="callguard-a"),
     "CALLGUARD_NODE_ID of its own"),
    ("one chain of records for both", lambda d: d["services"]["callguard-b"]["environment"].update(
        CALLGUARD_RECORDS_NODE="callguard-a"), "CALLGUARD_RECORDS_NODE of its own"),
    ("another Redis", lambda d: d["services"]["callguard-b"]["environment"].update(CALLGUARD_STATE_REDIS_URL="redis://postgres:6379/0"),
     "does not name the redis service"),
    ("the local state backend", lambda d: d["services"]["callguard-b"]["environment"].pop("CALLGUARD_STATE_BACKEND"),
     "not redis"),
    ("another database", lambda d: d["services"]["callguard-b"]["environment"].update(
        CALLGUARD_STORE_JDBC_URL="jdbc:postgresql://postgres:5432/other"), "differ in CALLGUARD_STORE_JDBC_URL"),
    ("a FastAGI port the dialplan does not dial", lambda d: d["services"]["callguard-b"]["environment"].update(
        CALLGUARD_FASTAGI_PORT="4574"), "is not the dialplan's"),
    ("a persistent Redis", lambda d: d["services"]["redis"].update(volumes=["redisdata:/data"]), "no volume"),
    ("Redis snapshots", lambda d: d["services"]["redis"].update(command=["redis-server"]), "keep nothing"),
    ("one systemname for both", lambda d: d["services"]["asterisk-b"]["environment"].pop("ASTERISK_SYSTEMNAME"),
     "systemnames of their own"),
    ("asterisk-b on asterisk's address", lambda d: d["services"]["asterisk-b"]["networks"].update(
        carrier={"ipv4_address": "198.51.100.2"}), "also asterisk's"),
    ("a default service waiting for a profiled one", lambda d: d["services"]["sipp"]["depends_on"].update(
        {"callguard-b": {"condition": "service_healthy"}}), "depends on callguard-b"),
]


def self_test(doc, base):
    """Every mistake of MISTAKES reported: [] when so, else what was missed."""
    import copy
    missed = []
    for what, mutate, words in MISTAKES:
        d = copy.deepcopy(doc)
        try:
            mutate(d)
        except (KeyError, TypeError) as e:
            missed.append(f"{what}: cannot be made ({e!r})")
            continue
        problems, _ = check(d, base)
        if not any(words in p for p in problems):
            missed.append(f"{what}: not reported (wanted '{words}', got {problems or 'no problem'})")
    return missed


def main(path):
    base = os.path.dirname(os.path.abspath(path))
    doc = load(path)
    problems, summary = check(doc, base)
    if not problems:
        missed = self_test(doc, base)
        if missed:
            problems = ["the node checks miss mistakes: " + "; ".join(missed)]
        else:
            summary += f"; {len(MISTAKES)} node mistakes made in memory all reported"
    if problems:
        print("; ".join(problems))
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docker-compose.yml"))
