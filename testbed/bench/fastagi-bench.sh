#!/usr/bin/env bash
# FastAGI decision benchmark: callguard and its baselines under the same load, in one run, side by side.
#
#   testbed/bench/fastagi-bench.sh [--concurrency C] [--seconds S] [--warmup-calls N] [--warmup S] [--settle-jit US]
#                                  [--settle-uptime S] [--windows N]
#                                  [--rate N|0]
#                                  [--ami-frames asterisk|minimal] [--policies LIST] [--trunks N] [--accounts N]
#                                  [--channels N] [--cps N] [--store h2|postgres] [--state local|redis] [--out DIR]
#                                  [--callguard-only] [--no-build] [--smoke]
#
# Starts callguard (plugins/app/target/callguard.jar) on a throw-away store (--store h2, the default: an embedded H2
# file, whose CPU is callguard's; --store postgres: a throw-away database created with createdb on
# $BENCH_PG_HOST:$BENCH_PG_PORT, default 127.0.0.1:5432, as postgres, trust auth, dropped at the end; the CPU of
# callguard's PostgreSQL backends over the window is reported apart, as store_cpu_per_decision; --state redis: the
# shared state backend on the Redis of $BENCH_REDIS_URL, default redis://127.0.0.1:6379/0, in a namespace of the run's
# own, deleted at the end; redis-server's CPU over the window is added to store_cpu_per_decision: run it once with
# --state local and once with --state redis for the ratio), seeds accounts bench-acct-<i> and
# trunks bench-trunk-<i> through the admin API, and loads it with FastAgiLoad (plugins/bench/target/callguard-bench.jar),
# which also plays Asterisk's AMI: per call the 8 frames a real Asterisk 22 sends through the shipped manager.conf
# filter (outbound-answered capture of ../shared/asterisk; --ami-frames minimal: the former Newchannel + Hangup).
# Each server is loaded closed loop (C sessions at once) after a warm-up of N sessions (default 150000, not seconds:
# the JIT work is counted in calls; with the call records' writer and H2 behind it, C2 was still busy after 20000),
# then at an offered rate (--rate, default 500 calls/s, open loop, latency from each call's schedule; 0 skips it),
# after 30 s of calls at that rate (at most --warmup-calls): the switch from the closed loop recompiles part of the
# server's path, and callguard's JIT was seen busy for 20-25 s after it (server_jit_per_decision says what the JIT
# still took in the window). Both warm-ups then go on until the server's JIT settles (--settle-jit, default 2 µs of
# its compiler threads' CPU per decision over two rounds in a row, a round being 20,000 sessions closed loop, 20 s of
# calls at the rate;
# at most 1,000,000 sessions closed loop, 120 s more at the rate; 0: off) and until the server has been up
# --settle-uptime seconds (default 75: callguard's longest default periodic tasks run every 60 s — caps
# reconciliation, tariff plans and CTI keys refresh — and the first run of one takes branches no call took: the caps
# reconciliation's CoreShowChannels made the whole inlined AMI path recompile inside the window, over a second of C2 on
# the server's CPU, the closed loop's p99 +2 to +3 ms): the window opens on each server's steady
# state, whatever count suits it, and the load line says how the warm-up ended. Each load is then measured over
# --windows windows in a row (default 3; each further one after 2,000 sessions, or 2 s of calls, of its own): the
# report is the window of median CPU per decision, with the min and median of CPU and p99 over the windows, and the
# ratios are of the medians (one 20 s window at 500 calls/s moved by a quarter from one run to the next). At the end of callguard's runs its own count of its answers (GET /metrics,
# callguard_decisions_total by verdict and reason) is compared with every answer the generator received, warm-up
# included: one MATCH or MISMATCH line (lib/compare_decisions.py; a mismatch fails the run).
# Then the same loads against the baselines, warmed the same way:
# bare-vertx+ami (BareResponder --ami-port: the bare FastAGI responder also reading the same AMI frames with the
# cheapest reader, the floor of "CPU per decision"), bare-vertx (BareResponder, FastAGI only) and asterisk-java
# (AsteriskJavaBaseline, FastAGI only). Servers run on CPU 0, the generator on CPU 1 (taskset), everything on
# 127.0.0.1. Every CALLGUARD_* variable already in the environment reaches callguard too (e.g. the settings of the
# cap policies); BENCH_SERVER_JAR runs another callguard jar (a copy of another commit's build, for an A/B). See
# testbed/README.md for how to read the figures. --callguard-only skips the baselines (for an A/B of two callguard jars
# or JVM settings against the floor of an earlier full run: no ratio is printed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

CONCURRENCY=32 DURATION=20 WARMUP=0 WARMUP_CALLS=150000 RATE=500 AMI_FRAMES=asterisk POLICIES="emergency,suspension,calls-per-second,channel-cap,tariff-announcement,default" TRUNKS=8 ACCOUNTS=4 CHANNELS=1000
CPS="" NO_BUILD=0 SMOKE=0 CALLGUARD_ONLY=0 SETTLE_JIT=2 SETTLE_UPTIME=75 WINDOWS=3 OUT="" STORE=h2 STATE=local
JAVA_OPTS_SERVER=${JAVA_OPTS_SERVER:-"-Xms256m -Xmx512m -XX:-UsePerfData"} # callguard and the baselines alike
JAVA_OPTS_LOAD=${JAVA_OPTS_LOAD:-"-Xms256m -Xmx512m"}

usage() { sed -n '2,47p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "fastagi-bench: $*" >&2; exit 1; }
# shellcheck source=../lib/callguard.sh
. "$ROOT/testbed/lib/callguard.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) CONCURRENCY=${2:?}; shift 2 ;;
    --seconds) DURATION=${2:?}; shift 2 ;;
    --warmup) WARMUP=${2:?}; shift 2 ;;
    --warmup-calls) WARMUP_CALLS=${2:?}; shift 2 ;;
    --settle-jit) SETTLE_JIT=${2:?}; shift 2 ;;
    --settle-uptime) SETTLE_UPTIME=${2:?}; shift 2 ;;
    --windows) WINDOWS=${2:?}; shift 2 ;;
    --rate) RATE=${2:?}; shift 2 ;;
    --ami-frames) AMI_FRAMES=${2:?}; shift 2 ;;
    --policies) POLICIES=${2:?}; shift 2 ;;
    --trunks) TRUNKS=${2:?}; shift 2 ;;
    --accounts) ACCOUNTS=${2:?}; shift 2 ;;
    --channels) CHANNELS=${2:?}; shift 2 ;;
    --cps) CPS=${2:?}; shift 2 ;; # each account's callsPerSecond (for the calls-per-second policy)
    --store) STORE=${2:?}; shift 2 ;;
    --state) STATE=${2:?}; shift 2 ;;
    --out) OUT=${2:?}; shift 2 ;;
    --no-build) NO_BUILD=1; shift ;;
    --callguard-only) CALLGUARD_ONLY=1; shift ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
if [ "$SMOKE" = 1 ]; then DURATION=3 WARMUP=0 WARMUP_CALLS=300 CONCURRENCY=4 RATE=100 SETTLE_JIT=0 WINDOWS=1; fi
case "$AMI_FRAMES" in asterisk|minimal) ;; *) die "--ami-frames: asterisk or minimal" ;; esac
case "$STORE" in h2|postgres) ;; *) die "--store: h2 or postgres" ;; esac
case "$STATE" in local|redis) ;; *) die "--state: local or redis" ;; esac
for n in "$CONCURRENCY" "$DURATION" "$WARMUP" "$WARMUP_CALLS" "$SETTLE_JIT" "$SETTLE_UPTIME" "$WINDOWS" "$RATE" "$TRUNKS" "$ACCOUNTS" "$CHANNELS" ${CPS:+"$CPS"}; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: $n"
done
[ "$ACCOUNTS" -ge 1 ] && [ "$TRUNKS" -ge 1 ] || die "--accounts and --trunks must be at least 1"

for tool in java curl; do command -v "$tool" >/dev/null || die "$tool is required"; done
if [ "$STORE" = postgres ]; then
  for tool in psql createdb dropdb; do command -v "$tool" >/dev/null || die "$tool is required with --store postgres"; done
fi

# ---- build ----------------------------------------------------------------------------------------------------
build_jars "$NO_BUILD"

# ---- workspace, cleanup -------------------------------------------------------------------------------------
bench_workspace bench

# ---- state backend ---------------------------------------------------------------------------------------------
REDIS_PID=""
drop_namespace() { :; }
if [ "$STATE" = redis ]; then
  command -v redis-cli >/dev/null || die "redis-cli is required with --state redis"
  BENCH_REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}
  REDIS_PID=$(redis-cli -u "$BENCH_REDIS_URL" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')
  [ -n "$REDIS_PID" ] || die "Redis not reachable at $BENCH_REDIS_URL"
  BENCH_NAMESPACE="bench$RANDOM$RANDOM"
  export CALLGUARD_STATE_BACKEND=redis CALLGUARD_STATE_REDIS_URL="$BENCH_REDIS_URL" CALLGUARD_STATE_REDIS_NAMESPACE="$BENCH_NAMESPACE"
  drop_namespace() {
    redis-cli -u "$BENCH_REDIS_URL" --scan --pattern "$BENCH_NAMESPACE:*" 2>/dev/null \
      | xargs -r -n 500 redis-cli -u "$BENCH_REDIS_URL" del >/dev/null 2>&1 || true
  }
  trap 'bench_cleanup; drop_namespace' EXIT
fi

# ---- store ---------------------------------------------------------------------------------------------------
STORE_PIDS_ARGS=()
if [ "$STORE" = postgres ]; then
  PG_HOST=${BENCH_PG_HOST:-127.0.0.1} PG_PORT=${BENCH_PG_PORT:-5432}
  PG_DB="callguard_bench_$$_$RANDOM"
  createdb -h "$PG_HOST" -p "$PG_PORT" -U postgres "$PG_DB" || die "createdb $PG_DB on $PG_HOST:$PG_PORT failed"
  drop_bench_db() { bench_cleanup; drop_namespace; dropdb -h "$PG_HOST" -p "$PG_PORT" -U postgres --if-exists "$PG_DB" || true; }
  trap drop_bench_db EXIT
  export BENCH_STORE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?user=postgres"
fi

# ---- CPU pinning ----------------------------------------------------------------------------------------------
pin_cpus


CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
LOAD_ARGS=(--concurrency "$CONCURRENCY" --seconds "$DURATION" --warmup "$WARMUP" --warmup-calls "$WARMUP_CALLS"
           --trunks "$TRUNKS" --accounts "$ACCOUNTS" --clk-tck "$CLK_TCK" --windows "$WINDOWS")
[ "$SETTLE_JIT" = 0 ] || LOAD_ARGS+=(--settle-jit "$SETTLE_JIT" --settle-round 20000 --settle-uptime "$SETTLE_UPTIME"
    --settle-max $(( WARMUP_CALLS > 1000000 ? WARMUP_CALLS : 1000000 )))
# the offered-rate pass runs on the server the closed loop has just warmed, but in a new generator JVM: thirty seconds
# of calls (at most --warmup-calls) compile the generator's open-loop path and let the server's JIT settle on the
# new load's profile before the window
RATE_WARMUP=$(( RATE * 30 < WARMUP_CALLS ? RATE * 30 : WARMUP_CALLS ))
RATE_ARGS=(--rate "$RATE" --seconds "$DURATION" --warmup-calls "$RATE_WARMUP" --trunks "$TRUNKS"
           --accounts "$ACCOUNTS" --clk-tck "$CLK_TCK" --windows "$WINDOWS")
[ "$SETTLE_JIT" = 0 ] || [ "$RATE" = 0 ] || RATE_ARGS+=(--settle-jit "$SETTLE_JIT" --settle-round $(( RATE * 20 )) --settle-uptime "$SETTLE_UPTIME"
    --settle-max $(( RATE_WARMUP + RATE * 120 )))
echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //'), $(java -version 2>&1 | head -1)"
echo "load: closed loop concurrency=$CONCURRENCY after warm-up=$WARMUP_CALLS sessions$([ "$WARMUP" -gt 0 ] && echo " and ${WARMUP}s")$([ "$SETTLE_JIT" -gt 0 ] && echo " and until the JIT settles (${SETTLE_JIT} µs per decision) and the server is up ${SETTLE_UPTIME} s"), then offered=${RATE}/s (0: none) after $RATE_WARMUP; window=${DURATION}s x $WINDOWS trunks=$TRUNKS accounts=$ACCOUNTS ami-frames=$AMI_FRAMES store=$STORE; $PINNING"
echo "results and logs: $OUT"

RC=0
run_one() { # name, report name, port, pid, args...: one FastAgiLoad run, JSON in $OUT/<report>.json
  local name=$1 report=$2 port=$3 pid=$4; shift 4
  local rc=0
  # shellcheck disable=SC2086
  "${PIN_LOAD[@]}" java $JAVA_OPTS_LOAD -jar "$BENCH_JAR" --target "$name" --port "$port" --server-pid "$pid" \
      --json "$OUT/$report.json" "$@" >"$OUT/$report.load.txt" 2>&1 || rc=$?
  cat "$OUT/$report.load.txt"
  return $rc
}
run_load() { # name, port, pid, extra args...: the closed loop, then the offered rate, against one server
  local name=$1 port=$2 pid=$3; shift 3
  local rc=0
  run_one "$name" "$name" "$port" "$pid" "${LOAD_ARGS[@]}" "$@" || rc=$?
  if [ "$RATE" -gt 0 ]; then run_one "$name" "$name.rate" "$port" "$pid" "${RATE_ARGS[@]}" "$@" || rc=$?; fi
  return $rc
}

# ---- callguard ------------------------------------------------------------------------------------------------
draw_callguard_ports
echo "== callguard: policies=$POLICIES, trunks T2_IP channels=$CHANNELS, fastagi :$AGI_PORT, admin :$ADMIN_PORT, cti :$CTI_PORT, ami :$AMI_PORT"
start_callguard

CPS_FIELD=${CPS:+",\"callsPerSecond\":$CPS"}
seed_bench "$ACCOUNTS" "$TRUNKS" "$CHANNELS" "$CPS_FIELD"
echo "seeded $ACCOUNTS accounts${CPS:+ (callsPerSecond $CPS)} and $TRUNKS trunks through the admin API"
if [ "$STORE" = postgres ]; then
  # callguard's pool is open by now (the seeding went through it): its backends are what the store's CPU is
  PG_PIDS=$(psql -X -At -h "$PG_HOST" -p "$PG_PORT" -U postgres -c \
      "SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE datname = '$PG_DB' AND pid <> pg_backend_pid()")
  [ -n "$PG_PIDS" ] || die "no PostgreSQL backend of callguard found in $PG_DB"
  STORE_PIDS_ARGS=(--store-pids "$PG_PIDS")
  echo "store: PostgreSQL $PG_HOST:$PG_PORT/$PG_DB, callguard's backends $PG_PIDS (their CPU: store_cpu_per_decision)"
fi
if [ -n "$REDIS_PID" ]; then
  # redis-server's CPU is the shared state's: counted with the store's
  if [ ${#STORE_PIDS_ARGS[@]} -gt 0 ]; then STORE_PIDS_ARGS=(--store-pids "${STORE_PIDS_ARGS[1]},$REDIS_PID")
  else STORE_PIDS_ARGS=(--store-pids "$REDIS_PID"); fi
  echo "state: Redis $BENCH_REDIS_URL namespace $BENCH_NAMESPACE, redis-server pid $REDIS_PID (its CPU: store_cpu_per_decision)"
fi

# The generator plays Asterisk's AMI: callguard logs in to it, and only then is /ready 200.
run_load callguard "$AGI_PORT" "$CG_PID" --ami-port "$AMI_PORT" --ami-frames "$AMI_FRAMES" "${STORE_PIDS_ARGS[@]}" \
    --note "policies=$POLICIES channels=$CHANNELS cps=${CPS:-default} store=$STORE state=$STATE" &
LOAD_PID=$!
READY=""
for i in $(seq 1 300); do
  kill -0 "$LOAD_PID" 2>/dev/null || break
  READY=$(curl -s "$ADMIN/ready" || true)
  case "$READY" in *'"status":"UP"'*) echo "callguard ready: $READY"; break ;; esac
  sleep 0.1
done
case "$READY" in *'"status":"UP"'*) ;; *) echo "callguard never reported ready (last: ${READY:-no answer})" >&2 ;; esac
wait "$LOAD_PID" || RC=1
# callguard's own count of its answers (GET /metrics, docs/metrics.md) against what the generator received, warm-up
# included: exactly equal, by verdict and reason (lib/compare_decisions.py)
CG_REPORTS=("$OUT/callguard.json")
[ -f "$OUT/callguard.rate.json" ] && CG_REPORTS+=("$OUT/callguard.rate.json")
if curl -sf -H "Authorization: Bearer $TOKEN" "$ADMIN/metrics" -o "$OUT/callguard.metrics.txt"; then
  python3 "$ROOT/testbed/lib/compare_decisions.py" "$OUT/callguard.metrics.txt" "${CG_REPORTS[@]}" | tee "$OUT/decisions-match.txt" \
    || RC=1
else
  echo "MISMATCH  GET /metrics did not answer" | tee "$OUT/decisions-match.txt"; RC=1
fi
stop_pid "$CG_PID"
jit_and_store() { # report suffix: what of callguard's CPU was still its JIT, and its database's CPU apart
  grep -ho 'server_jit_per_decision=[^ ]*\( store_cpu_per_decision=[^ ]*\)\{0,1\}' "$OUT/callguard$1.load.txt" \
    | sed 's/^/callguard: /' || true
}
if [ "$CALLGUARD_ONLY" = 1 ]; then
  jit_and_store ""
  if [ "$RATE" -gt 0 ]; then jit_and_store .rate; fi
  [ "$RC" = 0 ] && echo "fastagi-bench: OK (callguard only: no baseline, no ratio)" || echo "fastagi-bench: a run failed or saw errors (exit 1)" >&2
  exit "$RC"
fi

# ---- baselines: same load, no logic -------------------------------------------------------------------------
run_baseline() { # name, main class, ami (1: the server reads the generator's AMI frames, as callguard did; 0: none)
  local name=$1 main=$2 ami=$3 port pid ami_port=""
  local server_args=() load_args=()
  port=$(free_port)
  if [ "$ami" = 1 ]; then
    # the server is told the port before the run and keeps connecting until the generator's AMI listens there
    ami_port=$(free_port)
    [ "$ami_port" != "$port" ] || die "port draw collided; run again"
    server_args=(--ami-port "$ami_port")
    load_args=(--ami-port "$ami_port" --ami-frames "$AMI_FRAMES")
    echo "== $name: fastagi :$port, ami :$ami_port (the same AMI frames as callguard, read and dropped)"
  else
    echo "== $name: fastagi :$port (FastAGI only: no AMI frames)"
  fi
  # shellcheck disable=SC2086
  "${PIN_SERVER[@]}" java $JAVA_OPTS_SERVER -cp "$BENCH_JAR" "$main" --port "$port" "${server_args[@]}" \
      >"$OUT/$name.server.log" 2>&1 &
  pid=$!
  STARTED+=("$pid")
  if ! wait_port "$port" "$pid" 30; then
    echo "$name did not start: $(tail -3 "$OUT/$name.server.log")" >&2
    return 1
  fi
  run_load "$name" "$port" "$pid" "${load_args[@]}" || { stop_pid "$pid"; return 1; }
  stop_pid "$pid"
  if [ "$ami" = 1 ]; then grep -h 'AMI frames read' "$OUT/$name.server.log" || echo "($name: no AMI frame count in its log)"; fi
}
run_baseline bare-vertx+ami io.callguard.bench.BareResponder 1 || RC=1
run_baseline bare-vertx io.callguard.bench.BareResponder 0 || RC=1
run_baseline asterisk-java io.callguard.bench.AsteriskJavaBaseline 0 || echo "(asterisk-java baseline failed; see $OUT)"

# ---- side by side ---------------------------------------------------------------------------------------------
# callguard against each baseline: bare-vertx+ami is the floor of CPU per decision with the AMI frames callguard
# read; bare-vertx and asterisk-java were sent FastAGI only (their ratio lines say so)
BASELINES=(bare-vertx+ami bare-vertx asterisk-java)
compare() { # report suffix ("" or ".rate")
  local reports=("$OUT/callguard$1.json") b
  for b in "${BASELINES[@]}"; do reports+=("$OUT/$b$1.json"); done
  java -cp "$BENCH_JAR" io.callguard.bench.CompareRuns "${reports[@]}"
}
echo "== side by side, closed loop, concurrency $CONCURRENCY ($PINNING; policies=$POLICIES; ami-frames=$AMI_FRAMES)"
compare "" | tee "$OUT/summary.txt"
jit_and_store "" | tee -a "$OUT/summary.txt"
if [ "$RATE" -gt 0 ]; then
  echo "== side by side, offered $RATE calls/s (open loop: latency from each call's scheduled start)" | tee -a "$OUT/summary.txt"
  compare .rate | tee -a "$OUT/summary.txt"
  jit_and_store .rate | tee -a "$OUT/summary.txt"
fi
[ "$RC" = 0 ] && echo "fastagi-bench: OK" || echo "fastagi-bench: a run failed or saw errors (exit 1)" >&2
exit "$RC"
