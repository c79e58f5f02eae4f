# Shared by the testbed's scripts (sourced, not run): stopping only what a script started, drawing free ports,
# building the jars.

# stop_pid PID [SECONDS]: TERM, then KILL after SECONDS (default 15). Only ever called on pids the caller started.
stop_pid() {
  local pid=$1 limit=$(( ${2:-15} * 10 )) i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 "$limit"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# free_port: a port nobody listens on, from 20000-29999; bounded tries (the caller's die() reports a failure).
free_port() {
  local i p
  for i in $(seq 1 100); do
    p=$((20000 + RANDOM % 10000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port found"
}

# wait_port PORT PID SECONDS: until something listens on 127.0.0.1:PORT; fails early if PID exits.
wait_port() {
  local port=$1 pid=$2 limit=$(( $3 * 10 )) i
  for i in $(seq 1 "$limit"); do
    kill -0 "$pid" 2>/dev/null || return 1
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# build_jars NO_BUILD: the callguard and bench jars ($SERVER_JAR, $BENCH_JAR under $ROOT), built with Maven unless
# NO_BUILD is 1 and both are present; the caller's die() reports jars still missing. BENCH_SERVER_JAR, when set, is
# the callguard jar instead (another commit's build, for an A/B with the same load generator and baselines).
build_jars() {
  SERVER_JAR="${BENCH_SERVER_JAR:-$ROOT/plugins/app/target/callguard.jar}"
  BENCH_JAR="$ROOT/plugins/bench/target/callguard-bench.jar"
  if [ "$1" = 1 ] && [ -f "$SERVER_JAR" ] && [ -f "$BENCH_JAR" ]; then
    echo "build: skipped (--no-build, jars present)"
  else
    echo "build: mvn -B -q -DskipTests package"
    (cd "$ROOT" && mvn -B -q -DskipTests package)
  fi
  [ -f "$SERVER_JAR" ] && [ -f "$BENCH_JAR" ] || die "jars missing after the build"
}
