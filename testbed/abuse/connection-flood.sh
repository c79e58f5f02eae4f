#!/usr/bin/env bash
# Connection flood: thousands of idle TCP connections to the CTI and admin listeners at once must not starve FastAGI.
#
#   testbed/abuse/connection-flood.sh [--count N] [--sources K] [--samples S] [--nofile N] [--no-build] [--smoke]
#
# Starts callguard (plugins/app/target/callguard.jar) with its open-files limit set to --nofile (default 200000,
# or the hard limit when lower: the default limits need 16120) and its default connection limits, seeds one account
# and trunk, then
# ConnectionFlood (plugins/bench/target/callguard-bench.jar) opens --count (default 25000) idle connections to the CTI
# port and as many to the admin port, from K loopback source addresses (127.0.0.1..127.0.0.K, default 16), and
# while they are held times S (default 20) ordinary FastAGI decisions and S decisions for 112. Everything stays on the
# loopback interface. PASS when: every decision is answered with the policies' verdict within
# fastagi.decisionDeadline (250 ms; the whole session, connect included), callguard is still running, its open
# descriptors stayed bounded, and the connections over the limits were refused at once and counted
# (GET /admin/v1/listeners agrees with what the flooder saw). --smoke: 2000 per port from 4 addresses with small
# limits (about 20 s, for validate.sh). Exit code 0 on PASS, 1 on FAIL. Decisions taken before the flood are shown
# for comparison, not judged (the first ones pay the client's and a cold server's start-up).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COUNT=25000 SOURCES=16 SAMPLES=20 NOFILE="" NO_BUILD=0 SMOKE=0
JAVA_OPTS_SERVER=${JAVA_OPTS_SERVER:-"-Xms256m -Xmx1g"}
JAVA_OPTS_FLOOD=${JAVA_OPTS_FLOOD:-"-Xms128m -Xmx512m"}

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "connection-flood: $*" >&2; exit 1; }
# shellcheck source=../lib/processes.sh
. "$ROOT/testbed/lib/processes.sh"
# shellcheck source=../lib/http.sh
. "$ROOT/testbed/lib/http.sh"
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT=${2:?}; shift 2 ;;
    --sources) SOURCES=${2:?}; shift 2 ;;
    --samples) SAMPLES=${2:?}; shift 2 ;;
    --nofile) NOFILE=${2:?}; shift 2 ;;
    --no-build) NO_BUILD=1; shift ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
LIMITS=()
if [ "$SMOKE" = 1 ]; then
  COUNT=2000 SOURCES=4 SAMPLES=5
  LIMITS=(CALLGUARD_CTI_MAX_CONNECTIONS=1000 CALLGUARD_CTI_MAX_CONNECTIONS_PER_ADDRESS=200
          CALLGUARD_ADMIN_MAX_CONNECTIONS=200 CALLGUARD_ADMIN_MAX_CONNECTIONS_PER_ADDRESS=100)
fi
if [ -z "$NOFILE" ]; then # 200000, or the hard limit when lower (raising it needs CAP_SYS_RESOURCE)
  HARD=$(ulimit -Hn); NOFILE=200000
  if [[ "$HARD" =~ ^[0-9]+$ ]] && [ "$HARD" -lt "$NOFILE" ]; then NOFILE=$HARD; fi
  [ "$SMOKE" = 1 ] && [ "$NOFILE" -gt 20000 ] && NOFILE=20000
fi
for n in "$COUNT" "$SOURCES" "$SAMPLES" "$NOFILE"; do [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: $n"; done
for tool in java curl; do command -v "$tool" >/dev/null || die "$tool is required"; done

build_jars "$NO_BUILD"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/callguard-flood.XXXXXX")
STARTED=()
cleanup() {
  local pid
  for pid in "${STARTED[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

AGI_PORT=$(free_port) ADMIN_PORT=$(free_port) CTI_PORT=$(free_port)
[ "$AGI_PORT" != "$ADMIN_PORT" ] && [ "$AGI_PORT" != "$CTI_PORT" ] && [ "$ADMIN_PORT" != "$CTI_PORT" ] \
  || die "port draw collided; run again"
TOKEN="flood-token-$RANDOM$RANDOM-0123456789"
ADMIN="http://127.0.0.1:$ADMIN_PORT"

echo "== callguard: fastagi :$AGI_PORT, admin :$ADMIN_PORT, cti :$CTI_PORT, ulimit -n $NOFILE ${LIMITS[*]:-(default limits)}"
# Idle timeouts raised so that the flood stays for the whole measurement: the limits are under test, not the timeouts.
# shellcheck disable=SC2086
(ulimit -n "$NOFILE" || exit 97; cd "$WORK" && exec env CALLGUARD_ADMIN_TOKEN="$TOKEN" \
    CALLGUARD_ADMIN_HOST=127.0.0.1 CALLGUARD_ADMIN_PORT="$ADMIN_PORT" CALLGUARD_ADMIN_IDLE_TIMEOUT=10m \
    CALLGUARD_CTI_HOST=127.0.0.1 CALLGUARD_CTI_PORT="$CTI_PORT" CALLGUARD_CTI_IDLE_TIMEOUT=10m \
    CALLGUARD_FASTAGI_HOST=127.0.0.1 CALLGUARD_FASTAGI_PORT="$AGI_PORT" CALLGUARD_AMI_ENABLED=false \
    CALLGUARD_STORE_JDBC_URL="jdbc:h2:file:$WORK/h2/callguard" "${LIMITS[@]}" \
    java $JAVA_OPTS_SERVER -jar "$SERVER_JAR") >"$WORK/callguard.log" 2>&1 &
CG_PID=$!
STARTED+=("$CG_PID")
wait_http /ready "$CG_PID" "$WORK/callguard.log" 60 "ulimit -n $NOFILE needs root?"
grep -m1 "open files" "$WORK/callguard.log" | sed 's/^.*\(open files\)/callguard: \1/' || true

post /admin/v1/accounts '{"id":"flood-acct","name":"Flood account"}'
post /admin/v1/accounts/flood-acct/trunks '{"id":"flood-trunk","kind":"T2_IP","channels":1000}'
FD_BEFORE=$(ls "/proc/$CG_PID/fd" | wc -l)

echo "== flood: $COUNT idle connections to cti :$CTI_PORT and $COUNT to admin :$ADMIN_PORT from $SOURCES loopback address(es)"
HOLD="$WORK/release"
# shellcheck disable=SC2086
(ulimit -n "$NOFILE" || exit 97; exec java $JAVA_OPTS_FLOOD -cp "$BENCH_JAR" io.callguard.bench.ConnectionFlood \
    --port "$CTI_PORT" --port "$ADMIN_PORT" --count "$COUNT" --sources "$SOURCES" --samples "$SAMPLES" \
    --fastagi-port "$AGI_PORT" --account flood-acct --trunk flood-trunk --deadline-ms 250 --hold-file "$HOLD") \
    >"$WORK/flood.txt" 2>&1 &
FLOOD_PID=$!
STARTED+=("$FLOOD_PID")
for i in $(seq 1 1800); do
  grep -q "^holding until" "$WORK/flood.txt" 2>/dev/null && break
  kill -0 "$FLOOD_PID" 2>/dev/null || break
  sleep 0.1
done
ALIVE_DURING=no FD_DURING=0
if kill -0 "$CG_PID" 2>/dev/null; then ALIVE_DURING=yes; FD_DURING=$(ls "/proc/$CG_PID/fd" | wc -l); fi
touch "$HOLD"
FLOOD_RC=0
wait "$FLOOD_PID" || FLOOD_RC=$?
grep -v "^holding until" "$WORK/flood.txt" | grep -v "^\s*$" | sed 's/^/flooder: /'

# The counters, once the flood is gone (the admin listener was full meanwhile).
LISTENERS=$(curl -s -H "Authorization: Bearer $TOKEN" "$ADMIN/admin/v1/listeners" || true)
echo "callguard: GET /admin/v1/listeners -> $LISTENERS"
echo "callguard: open descriptors $FD_BEFORE before the flood, $FD_DURING while it was held; running during the flood: $ALIVE_DURING"

refused_seen() { sed -n "s/^port $1: .* \([0-9]*\) closed by the server at once.*/\1/p" "$WORK/flood.txt"; }
refused_counted() { # listener name -> its "refused" counter
  python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]]["refused"])' "$LISTENERS" "$1" 2>/dev/null || echo "?"
}
RC=0
check() { if [ "$1" = ok ]; then echo "PASS  $2"; else echo "FAIL  $2"; RC=1; fi; }
[ "$FLOOD_RC" = 0 ] && r=ok || r=no
check "$r" "FastAGI decisions (ordinary and 112) answered within the deadline while the flood was held"
[ "$ALIVE_DURING" = yes ] && kill -0 "$CG_PID" 2>/dev/null && r=ok || r=no
check "$r" "callguard still running"
for l in cti:$CTI_PORT admin:$ADMIN_PORT; do
  name=${l%%:*} port=${l##*:}
  seen=$(refused_seen "$port") counted=$(refused_counted "$name")
  [ -n "$seen" ] && [ "$seen" -gt 0 ] && [ "$seen" = "$counted" ] && r=ok || r=no
  check "$r" "$name: connections over the limits refused at once and counted (flooder saw ${seen:-?}, callguard counted $counted)"
done
LIMIT_SUM=$(( ${#LIMITS[@]} > 0 ? 1000 + 200 : 10000 + 1000 ))
[ "$FD_DURING" -gt 0 ] && [ "$FD_DURING" -le $(( FD_BEFORE + LIMIT_SUM + 600 )) ] && r=ok || r=no
check "$r" "callguard's descriptors bounded by the limits ($FD_DURING <= $FD_BEFORE + $LIMIT_SUM + 600)"
if [ "$RC" = 0 ]; then echo "connection-flood: PASS"; else echo "connection-flood: FAIL (log: kept below)"; tail -30 "$WORK/callguard.log"; fi
exit "$RC"
