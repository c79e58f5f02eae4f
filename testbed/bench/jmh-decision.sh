#!/usr/bin/env bash
# The decision chain alone, under JMH: io.callguard.bench.jmh.DecisionChainBenchmark (ns per decision, average time).
#
#   testbed/bench/jmh-decision.sh [--smoke] [--only NAME[,NAME...]] [--cpu N | --no-pin] [--out DIR] [--no-build]
#                                 [--verbose] [-- JMH options]
#
# Builds plugins/bench/target/callguard-bench.jar when it is missing or older than a source (unless --no-build) and
# runs JMH from it in two passes: the single-threaded benchmarks pinned to one CPU (--cpu, default 0), then the
# *_threads2 ones on CPUs 0 and 1 (taskset, when present and the machine has two CPUs). Prints the machine, then one
# table of both passes.
# Defaults: -f 1 -wi 3 -i 5 -w 1s -r 2s (about 2.5 min); --smoke: -f 1 -wi 1 -i 1 -w 200ms -r 200ms (about 20 s, CI).
# --only takes benchmark method names (outboundAllowed, inboundTariff_threads2, ...). JMH options after "--" replace
# the script's own (-f, -wi, -i, -w, -r) or add to them (e.g. -- -prof gc, -- -jvmArgsAppend -XX:+UseParallelGC);
# -rf, -rff, -o and benchmark regexps are the script's. --out keeps the JMH logs and CSV files (else a temporary
# directory, removed at the end); --verbose prints JMH's own output as it runs. Exit code 1 if a benchmark failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR="$ROOT/plugins/bench/target/callguard-bench.jar"
CLASS="io.callguard.bench.jmh.DecisionChainBenchmark"

SMOKE=0 NO_BUILD=0 VERBOSE=0 OUT="" ONLY="" CPU=0 PIN=1
EXTRA=()
JAVA_OPTS_JMH=${JAVA_OPTS_JMH:-}

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
die() { echo "jmh-decision: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1; shift ;;
    --only) ONLY=${2:?}; shift 2 ;;
    --out) OUT=${2:?}; shift 2 ;;
    --cpu) CPU=${2:?}; shift 2 ;;
    --no-pin) PIN=0; shift ;;
    --no-build) NO_BUILD=1; shift ;;
    --verbose) VERBOSE=1; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1 (JMH options go after --)" ;;
  esac
done

# ---- JMH options: the script's defaults, minus those the caller gives ---------------------------------------------
if [ "$SMOKE" = 1 ]; then
  DEFAULTS=(-f 1 -wi 1 -i 1 -w 200ms -r 200ms)
else
  DEFAULTS=(-f 1 -wi 3 -i 5 -w 1s -r 2s)
fi
given() { local a; for a in "${EXTRA[@]:-}"; do [ "$a" = "$1" ] && return 0; done; return 1; }
for reserved in -rf -rff -o -l -lp -h; do given "$reserved" && die "$reserved is set by the script"; done
OPTS=()
for ((k = 0; k < ${#DEFAULTS[@]}; k += 2)); do
  given "${DEFAULTS[k]}" || OPTS+=("${DEFAULTS[k]}" "${DEFAULTS[k+1]}")
done
given -foe || OPTS+=(-foe true) # a failed benchmark (e.g. its teardown check) fails the run
OPTS+=("${EXTRA[@]}")

# ---- which benchmarks, in which pass -----------------------------------------------------------------------------
SINGLE=() DOUBLE=()
if [ -z "$ONLY" ]; then
  SINGLE=("${CLASS//./\\.}\\.[A-Za-z]+\$")
  DOUBLE=("${CLASS//./\\.}\\.[A-Za-z]+_threads2\$")
else
  IFS=',' read -r -a names <<< "$ONLY"
  for n in "${names[@]}"; do
    [[ "$n" =~ ^[A-Za-z0-9_]+$ ]] || die "--only: not a method name: $n"
    if [[ "$n" == *_threads2 ]]; then DOUBLE+=("${CLASS//./\\.}\\.$n\$"); else SINGLE+=("${CLASS//./\\.}\\.$n\$"); fi
  done
fi

command -v java >/dev/null || die "java is required"

# ---- build when needed -------------------------------------------------------------------------------------------
stale() {
  [ -f "$JAR" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/plugins" -path '*/target' -prune -o -type f -newer "$JAR" -print -quit)" ]
}
if [ "$NO_BUILD" = 1 ]; then
  [ -f "$JAR" ] || die "--no-build but $JAR is missing"
  echo "build: skipped (--no-build)"
elif stale; then
  echo "build: mvn -B -q -DskipTests -pl plugins/bench -am package"
  (cd "$ROOT" && mvn -B -q -DskipTests -pl plugins/bench -am package)
  [ -f "$JAR" ] || die "$JAR missing after the build"
else
  echo "build: up to date ($JAR)"
fi

# ---- workspace, pinning ------------------------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/callguard-jmh.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
[ -n "$OUT" ] || OUT="$WORK"
mkdir -p "$OUT"
# The JMH jar is copied so that a rebuild during the run cannot change it under the forked JVMs.
cp "$JAR" "$WORK/jmh.jar"

CPUS=$(nproc 2>/dev/null || echo 1)
PIN_SINGLE=() PIN_DOUBLE=() PINNING="none"
[[ "$CPU" =~ ^[0-9]+$ ]] && [ "$CPU" -lt "$CPUS" ] || die "--cpu: no CPU $CPU (nproc=$CPUS)"
if [ "$PIN" = 0 ]; then
  PINNING="none (--no-pin)"
elif command -v taskset >/dev/null && [ "$CPUS" -ge 2 ]; then
  PIN_SINGLE=(taskset -c "$CPU") PIN_DOUBLE=(taskset -c 0,1)
  PINNING="single-threaded on CPU $CPU, *_threads2 on CPUs 0,1 (taskset)"
elif [ "$CPUS" -lt 2 ]; then
  PINNING="none: one CPU, the *_threads2 threads take turns on it"
else
  PINNING="none: taskset not found, the JVM runs on any CPU"
fi

echo "machine: nproc=$CPUS, cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "java: $(java -version 2>&1 | head -2 | tail -1)"
echo "pinning: $PINNING"
echo "jmh options: ${OPTS[*]}"
echo "results: $OUT"

# ---- run ---------------------------------------------------------------------------------------------------------
FAILED=0
run_pass() { # name, pin command ("" for none), then regexps
  local name=$1 pin=()
  read -r -a pin <<< "$2"
  shift 2
  [ $# -gt 0 ] || return 0
  local -a out=(-o "$OUT/$name.log")
  [ "$VERBOSE" = 1 ] && out=()
  echo "pass $name: $*"
  # shellcheck disable=SC2086 # JAVA_OPTS_JMH is a list of JVM options
  if ! "${pin[@]}" java $JAVA_OPTS_JMH -cp "$WORK/jmh.jar" org.openjdk.jmh.Main "${OPTS[@]}" \
      -rf csv -rff "$OUT/$name.csv" "${out[@]}" "$@"; then
    FAILED=1
    echo "pass $name FAILED; JMH's output: $OUT/$name.log" >&2
    [ "$VERBOSE" = 1 ] || tail -n 30 "$OUT/$name.log" >&2 || true
  fi
}
run_pass single "${PIN_SINGLE[*]}" "${SINGLE[@]}"
run_pass threads2 "${PIN_DOUBLE[*]}" "${DOUBLE[@]}"

# ---- one table of both passes ------------------------------------------------------------------------------------
echo
printf '%-44s %7s %6s %12s %10s  %s\n' benchmark threads iters score error unit
for csv in "$OUT/single.csv" "$OUT/threads2.csv"; do
  [ -f "$csv" ] || continue
  # JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
  tail -n +2 "$csv" | tr -d '"' | awk -F, '{
    name = $1; sub(/^.*DecisionChainBenchmark\./, "", name) # keeps secondary metrics: outboundAllowed:gc.alloc.rate.norm
    err = ($6 == "NaN" || $6 == "") ? "-" : sprintf("± %.1f", $6)
    printf "%-44s %7s %6s %12.1f %10s  %s\n", name, $3, $4, $5, err, $7 }'
done
[ "$FAILED" = 0 ] || die "a benchmark failed (see above)"
