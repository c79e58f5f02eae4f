#!/usr/bin/env bash
# AMI intake benchmark: CPU per AMI frame of callguard's AMI client against a raw RecordParser reader (the floor)
# and asterisk-java's ManagerConnection (callguard's previous client), in one run, side by side.
#
#   testbed/bench/ami-bench.sh [--scenario NAME] [--frames N] [--warmup-frames N] [--runs N] [--clients LIST]
#                              [--shipped-filter] [--coalesce] [--no-build] [--smoke]
#
# An emulated Asterisk (the testkit's EmulatedAmiServer, in a child JVM whose CPU is not counted) replays the event
# frames of a real Asterisk 22 capture (../shared/asterisk/<scenario>/ami.txt, default concurrent-calls), with fresh
# channel ids per repetition, as fast as the client takes them. Each client runs --runs times after --warmup-frames
# frames; min and median of CPU us per frame (utime+stime of the client's process, /proc) and frames per second
# are printed, then the ratios lean/raw and lean/asterisk-java. --shipped-filter keeps only the events of
# config-examples/asterisk/manager.conf's filter; --coalesce makes the server write batches of frames at once
# (by default each frame is its own write, as Asterisk does, and a fast client pays a wake-up per frame).
# Not pinned: the server is a child of the client's JVM and would inherit its CPU set.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCENARIO=concurrent-calls FRAMES=300000 WARMUP=300000 RUNS=5 CLIENTS=lean,raw,asterisk-java
EXTRA=() NO_BUILD=0
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx512m"}

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "ami-bench: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) SCENARIO=${2:?}; shift 2 ;;
    --frames) FRAMES=${2:?}; shift 2 ;;
    --warmup-frames) WARMUP=${2:?}; shift 2 ;;
    --runs) RUNS=${2:?}; shift 2 ;;
    --clients) CLIENTS=${2:?}; shift 2 ;;
    --shipped-filter) EXTRA+=(--shipped-filter); shift ;;
    --coalesce) EXTRA+=(--coalesce); shift ;;
    --no-build) NO_BUILD=1; shift ;;
    --smoke) FRAMES=5000 WARMUP=5000 RUNS=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
for n in "$FRAMES" "$WARMUP" "$RUNS"; do [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: $n"; done
command -v java >/dev/null || die "java is required"

CAPTURES=${CALLGUARD_CAPTURES:-"$ROOT/../shared/asterisk"}
[ -d "$CAPTURES" ] || CAPTURES=/work/shared/asterisk
CAPTURE="$CAPTURES/$SCENARIO/ami.txt"
[ -f "$CAPTURE" ] || die "no capture at $CAPTURE (set CALLGUARD_CAPTURES to the captures' folder)"

BENCH_JAR="$ROOT/plugins/bench/target/callguard-bench.jar"
if [ "$NO_BUILD" = 1 ] && [ -f "$BENCH_JAR" ]; then
  echo "build: skipped (--no-build, jar present)"
else
  echo "build: mvn -B -q -DskipTests -pl plugins/bench -am package"
  (cd "$ROOT" && mvn -B -q -DskipTests -pl plugins/bench -am package)
fi
[ -f "$BENCH_JAR" ] || die "bench jar missing after the build"

CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //'), $(java -version 2>&1 | head -1)"
# shellcheck disable=SC2086
exec java $JAVA_OPTS -cp "$BENCH_JAR" io.callguard.bench.AmiIntakeBench --capture "$CAPTURE" \
  --frames "$FRAMES" --warmup-frames "$WARMUP" --runs "$RUNS" --clients "$CLIENTS" --clk-tck "$CLK_TCK" "${EXTRA[@]}"
