#!/usr/bin/env bash
# Heap per live call: callguard tracking N live calls (default 10,000), heap growth per call.
#
#   testbed/bench/memory-bench.sh [--calls N] [--warmup-calls N] [--trunks N] [--accounts N] [--policies LIST]
#                                 [--out DIR] [--no-build] [--smoke]
#
# Starts callguard (plugins/app/target/callguard.jar) on a throw-away H2 store with room on its trunks for every call,
# then runs LiveCallMemory (plugins/bench/target/callguard-bench.jar), which plays Asterisk on both sides: warm-up calls
# from start to hang-up, then N calls brought up and kept up (FastAGI decision + the AMI frames a real Asterisk 22
# sends through the shipped filter for an answered call, without the Hangups), then all hung up. callguard's used heap
# is read after full GCs (jcmd GC.run, GC.heap_info) before, with the N calls up, and after the hang-ups; the growth
# divided by N is the heap per live call. See testbed/README.md ("Memory per live call").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

CALLS=10000 WARMUP_CALLS=5000 TRUNKS=40 ACCOUNTS=4
POLICIES="emergency,suspension,calls-per-second,channel-cap,tariff-announcement,default"
NO_BUILD=0 SMOKE=0 OUT=""
JAVA_OPTS_SERVER=${JAVA_OPTS_SERVER:-"-Xms256m -Xmx512m"}
JAVA_OPTS_LOAD=${JAVA_OPTS_LOAD:-"-Xms256m -Xmx512m"}

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "memory-bench: $*" >&2; exit 1; }
# shellcheck source=../lib/callguard.sh
. "$ROOT/testbed/lib/callguard.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --calls) CALLS=${2:?}; shift 2 ;;
    --warmup-calls) WARMUP_CALLS=${2:?}; shift 2 ;;
    --trunks) TRUNKS=${2:?}; shift 2 ;;
    --accounts) ACCOUNTS=${2:?}; shift 2 ;;
    --policies) POLICIES=${2:?}; shift 2 ;;
    --out) OUT=${2:?}; shift 2 ;;
    --no-build) NO_BUILD=1; shift ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
if [ "$SMOKE" = 1 ]; then CALLS=500 WARMUP_CALLS=200; fi
for n in "$CALLS" "$WARMUP_CALLS" "$TRUNKS" "$ACCOUNTS"; do [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: $n"; done
[ "$ACCOUNTS" -ge 1 ] && [ "$TRUNKS" -ge 1 ] && [ "$CALLS" -ge 1 ] || die "--calls, --accounts and --trunks must be at least 1"
# every call must be allowed: room for all of them on each trunk's share, and then some (the admin API caps a
# trunk at 1000 channels)
CHANNELS=$(( CALLS / TRUNKS * 2 + 100 ))
[ "$CHANNELS" -le 1000 ] || die "$CALLS calls need more trunks than $TRUNKS (at most 1000 channels each): give --trunks"
for tool in java curl jcmd; do command -v "$tool" >/dev/null || die "$tool is required"; done

build_jars "$NO_BUILD"

bench_workspace memory

pin_cpus

draw_callguard_ports
# The caps' reconciliation asks for CoreShowChannels every minute; LiveCallMemory's Asterisk lists no channel, so on
# a slow run (more than a minute to bring the calls up) it would drop every live call from callguard's table.
export CALLGUARD_CAPS_RECONCILE_INTERVAL=${CALLGUARD_CAPS_RECONCILE_INTERVAL:-1h}
echo "machine: $(nproc) CPU(s), $(java -version 2>&1 | head -1); callguard $JAVA_OPTS_SERVER"
echo "== callguard: policies=$POLICIES, $TRUNKS trunks T2_IP channels=$CHANNELS, $ACCOUNTS accounts; $CALLS live calls after $WARMUP_CALLS warm-up calls"
start_callguard
seed_bench "$ACCOUNTS" "$TRUNKS" "$CHANNELS"

RC=0
# shellcheck disable=SC2086
"${PIN_LOAD[@]}" java $JAVA_OPTS_LOAD -cp "$BENCH_JAR" io.callguard.bench.LiveCallMemory --port "$AGI_PORT" \
    --ami-port "$AMI_PORT" --server-pid "$CG_PID" --calls "$CALLS" --warmup-calls "$WARMUP_CALLS" \
    --trunks "$TRUNKS" --accounts "$ACCOUNTS" --admin "$ADMIN" --admin-token "$TOKEN" --json "$OUT/memory.json" \
    2>&1 | tee "$OUT/memory.txt" || RC=1
[ "${PIPESTATUS[0]}" = 0 ] || RC=1
stop_pid "$CG_PID"
grep -q '^live calls=' "$OUT/memory.txt" || RC=1
[ "$RC" = 0 ] && echo "memory-bench: OK (results in $OUT)" || echo "memory-bench: failed (see $OUT)" >&2
exit "$RC"
