#!/usr/bin/env python3
"""Static check of testbed/docker-compose.yml, without Docker: it parses, every image is pinned, every published
port is bound to 127.0.0.1, every long-running service has a health check, and every file or directory it names
(build contexts, Dockerfiles, bind mounts, the scripts the entrypoints run, the FROM lines of the Dockerfiles)
exists and is pinned. Prints a one-line summary; exit code 1 with the problems otherwise."""
import os
import re
import sys

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


def main(path):
    base = os.path.dirname(os.path.abspath(path))
    doc = load(path)
    problems = []
    services = doc.get("services") or {}
    for want in ("asterisk", "callguard", "postgres", "sipp"):
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
    if problems:
        print("; ".join(problems))
        return 1
    print(f"parses, {len(services)} services ({', '.join(services)}), images pinned, ports on 127.0.0.1, "
          f"health checks present, {len(dockerfiles)} Dockerfiles and all mounted paths exist")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docker-compose.yml"))
