# Shared by the bench scripts (sourced, not run; it sources processes.sh and http.sh): their workspace and cleanup,
# CPU pinning, starting callguard on drawn ports with an H2 store under $WORK, and seeding the bench accounts and
# trunks. They read the caller's $ROOT, $OUT, $POLICIES, $JAVA_OPTS_SERVER and $SERVER_JAR, and report a failure
# through the caller's die().

# shellcheck source=processes.sh
. "$ROOT/testbed/lib/processes.sh"
# shellcheck source=http.sh
. "$ROOT/testbed/lib/http.sh"

# bench_workspace NAME: a new $WORK under $TMPDIR (callguard-NAME.XXXXXX), $OUT defaulting to $WORK/results; on exit,
# every pid in STARTED is stopped and the H2 store removed (the results stay).
bench_workspace() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/callguard-$1.XXXXXX")
  [ -n "$OUT" ] || OUT="$WORK/results"
  mkdir -p "$OUT"
  STARTED=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${STARTED[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid"; done
  rm -rf "$WORK/h2"
}

# pin_cpus: callguard on CPU 0 and the load generator on CPU 1 (PIN_SERVER, PIN_LOAD: the command prefixes) when
# taskset and two CPUs are there, else neither; PINNING says which.
pin_cpus() {
  PIN_SERVER=() PIN_LOAD=()
  if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    PIN_SERVER=(taskset -c 0) PIN_LOAD=(taskset -c 1)
    PINNING="server on CPU 0, load generator on CPU 1 (taskset)"
  else
    PINNING="not pinned (taskset missing or fewer than 2 CPUs): server and generator share the CPUs"
  fi
}

# draw_callguard_ports: sets AGI_PORT ADMIN_PORT AMI_PORT CTI_PORT (all four drawn, the CTI one too: a default port
# (8081) would collide with whatever else runs here) and the admin TOKEN.
draw_callguard_ports() {
  AGI_PORT=$(free_port) ADMIN_PORT=$(free_port) AMI_PORT=$(free_port) CTI_PORT=$(free_port)
  [ "$(printf '%s\n' "$AGI_PORT" "$ADMIN_PORT" "$AMI_PORT" "$CTI_PORT" | sort -u | wc -l)" = 4 ] \
    || die "port draw collided; run again"
  TOKEN="bench-token-$RANDOM$RANDOM-0123456789"
}

# start_callguard: runs $SERVER_JAR on the drawn ports, its AMI client pointed at 127.0.0.1:$AMI_PORT (the load
# generator plays Asterisk there), its store an H2 file under $WORK (or $BENCH_STORE_URL when set, e.g. a throw-away
# PostgreSQL database), log in $OUT/callguard.server.log; sets CG_PID (also added to STARTED) and ADMIN,
# and returns once /health answers.
start_callguard() {
  mkdir -p "$WORK/h2"
  # shellcheck disable=SC2086
  (cd "$WORK" && exec env CALLGUARD_ADMIN_TOKEN="$TOKEN" CALLGUARD_ADMIN_HOST=127.0.0.1 CALLGUARD_ADMIN_PORT="$ADMIN_PORT" \
      CALLGUARD_FASTAGI_HOST=127.0.0.1 CALLGUARD_FASTAGI_PORT="$AGI_PORT" \
      CALLGUARD_CTI_HOST=127.0.0.1 CALLGUARD_CTI_PORT="$CTI_PORT" \
      CALLGUARD_AMI_HOST=127.0.0.1 CALLGUARD_AMI_PORT="$AMI_PORT" CALLGUARD_AMI_USERNAME=callguard \
      CALLGUARD_AMI_SECRET=bench-secret CALLGUARD_AMI_RECONNECT_MIN=100ms CALLGUARD_AMI_RECONNECT_MAX=200ms \
      CALLGUARD_STORE_JDBC_URL="${BENCH_STORE_URL:-jdbc:h2:file:$WORK/h2/callguard}" CALLGUARD_POLICIES="$POLICIES" \
      "${PIN_SERVER[@]}" java $JAVA_OPTS_SERVER -jar "$SERVER_JAR") >"$OUT/callguard.server.log" 2>&1 &
  CG_PID=$!
  STARTED+=("$CG_PID")
  ADMIN="http://127.0.0.1:$ADMIN_PORT"
  wait_http /health "$CG_PID" "$OUT/callguard.server.log" 60
}

# seed_bench ACCOUNTS TRUNKS CHANNELS [ACCOUNT_FIELDS]: accounts bench-acct-1..ACCOUNTS (ACCOUNT_FIELDS, e.g.
# ',"callsPerSecond":5', appended to each) and T2_IP trunks bench-trunk-1..TRUNKS of CHANNELS channels, trunk i
# belonging to account ((i-1) % ACCOUNTS)+1 as the load generators assume, through the admin API.
seed_bench() {
  local accounts=$1 trunks=$2 channels=$3 fields=${4:-} i a
  for i in $(seq 1 "$accounts"); do
    post /admin/v1/accounts "{\"id\":\"bench-acct-$i\",\"name\":\"Bench account $i\"$fields}"
  done
  for i in $(seq 1 "$trunks"); do
    a=$(( (i - 1) % accounts + 1 ))
    post "/admin/v1/accounts/bench-acct-$a/trunks" "{\"id\":\"bench-trunk-$i\",\"kind\":\"T2_IP\",\"channels\":$channels}"
  done
}
