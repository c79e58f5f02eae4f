#!/usr/bin/env bash
# Call records at scale (issue 14): a year of records in PostgreSQL, one account-month read through the admin API
# (JSON page, every JSON page, CSV export), EXPLAIN ANALYZE of its query, and the verifier's speed.
#
#   testbed/bench/records-bench.sh [--records N] [--append-records N] [--top-append N] [--accounts N] [--repeats N]
#                                  [--drop-caches]
#                                  [--pg-host H] [--pg-port P] [--db NAME] [--keep] [--reuse]
#                                  [--out DIR] [--no-build] [--smoke]
#
# Creates a throw-away database (createdb as postgres on --pg-host:--pg-port, default 127.0.0.1:5432, trust auth),
# then RecordsAtScale (plugins/bench) migrates it with the store's own bootstrap and loads N records (default
# 10,000,000; one node's valid hash chain, signed checkpoints every 1000): the first --append-records (200,000)
# through SqlRecordRepository.append in batches of 500 (the insert throughput figure), the rest by COPY, then
# --top-append (50,000) more through append on top of the full table (this month's calls). callguard is
# started on that database; RecordsQueryTimes reads the largest account's busiest month and a median account's same
# month through GET /admin/v1/accounts/{id}/records: cold (after dropping the OS page cache with --drop-caches, root
# only; else just the first run) then --repeats (5) warm runs, min and median. `callguard.jar verify-records` walks the
# whole chain first (records/s; it also leaves PostgreSQL's buffers holding the last month, not the one queried).
# EXPLAIN (ANALYZE, BUFFERS) of the repository's query goes to explain.txt. The database is dropped at the end unless
# --keep; --reuse measures a kept database again (no load but the --top-append; same --db and --out).
# --smoke: 20,000 records, 5,000 appended, 2 repeats (validate.sh). See testbed/README.md ("Call records at scale").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

RECORDS=10000000 APPEND_RECORDS=200000 TOP_APPEND=50000 ACCOUNTS=300 REPEATS=5 DROP_CACHES=0
PG_HOST=127.0.0.1 PG_PORT=5432 DB="" KEEP=0 REUSE=0 NO_BUILD=0 SMOKE=0 OUT=""
POLICIES="emergency,suspension,calls-per-second,channel-cap,tariff-announcement,default"
JAVA_OPTS_SERVER=${JAVA_OPTS_SERVER:-"-Xms256m -Xmx512m"}
JAVA_OPTS_LOAD=${JAVA_OPTS_LOAD:-"-Xmx1g"}

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "records-bench: $*" >&2; exit 1; }
# shellcheck source=../lib/callguard.sh
. "$ROOT/testbed/lib/callguard.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS=${2:?}; shift 2 ;;
    --append-records) APPEND_RECORDS=${2:?}; shift 2 ;;
    --top-append) TOP_APPEND=${2:?}; shift 2 ;;
    --accounts) ACCOUNTS=${2:?}; shift 2 ;;
    --repeats) REPEATS=${2:?}; shift 2 ;;
    --drop-caches) DROP_CACHES=1; shift ;;
    --pg-host) PG_HOST=${2:?}; shift 2 ;;
    --pg-port) PG_PORT=${2:?}; shift 2 ;;
    --db) DB=${2:?}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --reuse) REUSE=1 KEEP=1; shift ;;
    --out) OUT=${2:?}; shift 2 ;;
    --no-build) NO_BUILD=1; shift ;;
    --smoke) SMOKE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
if [ "$SMOKE" = 1 ]; then RECORDS=20000 APPEND_RECORDS=5000 TOP_APPEND=2000 REPEATS=2; fi
for n in "$RECORDS" "$APPEND_RECORDS" "$TOP_APPEND" "$ACCOUNTS" "$REPEATS" "$PG_PORT"; do [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: $n"; done
[ "$RECORDS" -ge 1000 ] && [ "$ACCOUNTS" -ge 2 ] && [ "$REPEATS" -ge 1 ] || die "--records >= 1000, --accounts >= 2, --repeats >= 1"
if [ "$REUSE" = 1 ] && { [ -z "$DB" ] || [ -z "$OUT" ]; }; then die "--reuse needs the --db and --out of the kept run"; fi
[ -n "$DB" ] || DB="callguard_records_bench_$$"
[[ "$DB" =~ ^[a-z0-9_]+$ ]] || die "--db: lower-case letters, digits and _ only, got '$DB'"
if [ "$DROP_CACHES" = 1 ] && ! [ -w /proc/sys/vm/drop_caches ]; then die "--drop-caches needs root (/proc/sys/vm/drop_caches)"; fi
for tool in java curl psql createdb dropdb; do command -v "$tool" >/dev/null || die "$tool is required"; done
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres)
"${PSQL[@]}" -d postgres -Atc 'SELECT 1' >/dev/null 2>&1 || die "PostgreSQL does not answer on $PG_HOST:$PG_PORT (user postgres)"
URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB?user=postgres"

build_jars "$NO_BUILD"
bench_workspace records
OUT=$(cd "$OUT" && pwd) # the key's path in load.properties must hold from any directory
# the database goes with the workspace unless --keep
DB_CREATED=0
records_cleanup() {
  bench_cleanup
  if [ "$DB_CREATED" = 1 ] && [ "$KEEP" = 0 ]; then dropdb -h "$PG_HOST" -p "$PG_PORT" -U postgres --if-exists "$DB" || true; fi
}
trap records_cleanup EXIT

drop_caches() {
  if [ "$DROP_CACHES" = 1 ]; then sync; echo 3 > /proc/sys/vm/drop_caches; fi
}

echo "machine: $(nproc) CPU(s), $(java -version 2>&1 | head -1), $("${PSQL[@]}" -d postgres -Atc 'SHOW server_version') (shared_buffers $("${PSQL[@]}" -d postgres -Atc 'SHOW shared_buffers'))"
echo "load before: $(uptime)"

# ---- 1. load ------------------------------------------------------------------------------------------------------
if [ "$REUSE" = 0 ]; then
  createdb -h "$PG_HOST" -p "$PG_PORT" -U postgres "$DB"
  DB_CREATED=1
  echo "== load: $RECORDS records ($APPEND_RECORDS through append), $ACCOUNTS accounts, database $DB"
  # shellcheck disable=SC2086
  nice -n 10 java $JAVA_OPTS_LOAD -cp "$BENCH_JAR" io.callguard.bench.RecordsAtScale --jdbc-url "$URL" \
      --records "$RECORDS" --append-records "$APPEND_RECORDS" --top-append "$TOP_APPEND" --accounts "$ACCOUNTS" \
      --key "$OUT/records-signing-key.pem" --out "$OUT/load.properties" 2>&1 | grep -v ' DEBUG ' | tee "$OUT/load.txt"
  [ "${PIPESTATUS[0]}" = 0 ] || die "the load failed (see $OUT/load.txt)"
else
  [ -f "$OUT/load.properties" ] || die "--reuse: no $OUT/load.properties (the kept run's --out)"
  DB_CREATED=1
  echo "== reuse: database $DB as loaded ($OUT/load.properties)"
  if [ "$TOP_APPEND" -gt 0 ]; then
    # shellcheck disable=SC2086
    nice -n 10 java $JAVA_OPTS_LOAD -cp "$BENCH_JAR" io.callguard.bench.RecordsAtScale --jdbc-url "$URL" --continue \
        --top-append "$TOP_APPEND" --accounts "$ACCOUNTS" --node "$(sed -n 's/^node=//p' "$OUT/load.properties")" \
        --key "$OUT/records-signing-key.pem" --out "$OUT/top-append.properties" 2>&1 | grep -v ' DEBUG ' | tee -a "$OUT/load.txt"
    [ "${PIPESTATUS[0]}" = 0 ] || die "the append on top failed (see $OUT/load.txt)"
  fi
fi
prop() { sed -n "s/^$1=//p" "$OUT/load.properties"; }
NODE=$(prop node) FROM=$(prop target.from) TO=$(prop target.to)
BIG=$(prop target.big.account) MEDIAN=$(prop target.median.account)
[ -n "$BIG" ] && [ -n "$FROM" ] || die "$OUT/load.properties lacks the query targets"
echo "default partition rows: $(prop defaultPartition.rows), partitions: $(prop partitions), size: $(prop size)"

# ---- 2. the verifier ---------------------------------------------------------------------------------------------------
draw_callguard_ports # the admin token too: the command reads the server's configuration
drop_caches
echo "== verify-records --node $NODE (the whole chain)"
T0=$(date +%s%N)
(cd "$WORK" && env CALLGUARD_ADMIN_TOKEN="$TOKEN" CALLGUARD_AMI_ENABLED=false CALLGUARD_STORE_JDBC_URL="$URL" \
    java $JAVA_OPTS_SERVER -jar "$SERVER_JAR" verify-records --node "$NODE" --public-key "$(prop publicKey)") \
    2>&1 | grep -v ' DEBUG \| INFO ' | tee "$OUT/verify.txt"
VERIFY_RC=${PIPESTATUS[0]}
T1=$(date +%s%N)
CHECKED=$(sed -n 's/.*chain intact, \([0-9]*\) entries checked.*/\1/p' "$OUT/verify.txt")
[ "$VERIFY_RC" = 0 ] && [ -n "$CHECKED" ] || die "verify-records did not find the chain intact (see $OUT/verify.txt)"
awk -v n="$CHECKED" -v ns="$((T1 - T0))" 'BEGIN { printf "verify: %d entries in %.1f s = %d records/s (whole command, JVM start included)\n", n, ns / 1e9, n / (ns / 1e9) }' \
  | tee -a "$OUT/verify.txt"
# ---- 3. the admin API ------------------------------------------------------------------------------------------------
mkdir -p "$WORK/data"
# shellcheck disable=SC2086
(cd "$WORK" && exec env CALLGUARD_ADMIN_TOKEN="$TOKEN" CALLGUARD_ADMIN_HOST=127.0.0.1 CALLGUARD_ADMIN_PORT="$ADMIN_PORT" \
    CALLGUARD_FASTAGI_HOST=127.0.0.1 CALLGUARD_FASTAGI_PORT="$AGI_PORT" \
    CALLGUARD_CTI_HOST=127.0.0.1 CALLGUARD_CTI_PORT="$CTI_PORT" \
    CALLGUARD_AMI_ENABLED=false CALLGUARD_RECORDS_NODE=bench-server \
    CALLGUARD_STORE_JDBC_URL="$URL" CALLGUARD_POLICIES="$POLICIES" \
    java $JAVA_OPTS_SERVER -jar "$SERVER_JAR") >"$OUT/callguard.server.log" 2>&1 &
CG_PID=$!
STARTED+=("$CG_PID")
ADMIN="http://127.0.0.1:$ADMIN_PORT"
wait_http /health "$CG_PID" "$OUT/callguard.server.log" 60
for acct in "$BIG" "$MEDIAN"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$ADMIN/admin/v1/accounts/$acct")
  [ "$code" = 200 ] || post /admin/v1/accounts "{\"id\":\"$acct\",\"name\":\"Bench $acct\"}"
done
echo "== queries: $(prop target.month), $BIG ($(prop target.big.rows) calls) and $MEDIAN ($(prop target.median.rows) calls); cold$([ "$DROP_CACHES" = 1 ] && echo ' = page cache dropped before the run' || echo ' = first run only (no --drop-caches)'), then $REPEATS warm runs"
: >"$OUT/queries.txt"
# the CSV first: its cold run is the least helped by PostgreSQL's own buffers (which --drop-caches cannot empty);
# the smoke reads the largest account only, warm, once: each run is a JVM start
WHATS="csv page walk" ACCTS="$BIG $MEDIAN" PHASES="cold warm"
[ "$SMOKE" = 1 ] && WHATS="csv walk" ACCTS="$BIG" PHASES="warm" REPEATS=1
for what in $WHATS; do
  for acct in $ACCTS; do
    for phase in $PHASES; do
      runs=1
      if [ "$phase" = cold ]; then drop_caches; else runs=$REPEATS; fi
      # shellcheck disable=SC2086
      java $JAVA_OPTS_LOAD -cp "$BENCH_JAR" io.callguard.bench.RecordsQueryTimes --admin "$ADMIN" --token "$TOKEN" \
          --account "$acct" --from "$FROM" --to "$TO" --what "$what" --runs "$runs" --label "$phase" \
          >>"$OUT/queries.txt" 2>&1 || { tail -5 "$OUT/queries.txt" >&2; die "the $what read of $acct failed"; }
    done
  done
done
grep '^summary' "$OUT/queries.txt" | sed 's/^summary/query:/'
stop_pid "$CG_PID"

# ---- 4. the query plan (warm: after the reads above) ----------------------------------------------------------
# the repository's byAccount statement (SqlRecordRepository), first page and a page after a cursor
COLS="node, seq, written_at, kind, started_at, unique_id, linked_id, account_id, trunk_id, direction, caller, callee_dialled, callee_normalised, category, category_detail, verdict, reason, answered_at, ended_at, billable_seconds, disposition, cause, asterisk_node, adopted, gap_to, gap_reason, prev_hash, hash, rated_cents, tariff_plan, plan_version, rate_id, billed_seconds"
MID=$("${PSQL[@]}" -d "$DB" -Atc "SELECT started_at, node, seq FROM record_entry WHERE account_id = '$BIG' AND kind = 'CALL' AND started_at >= '$FROM' AND started_at < '$TO' ORDER BY started_at, node, seq OFFSET 5000 LIMIT 1" | tr '|' ' ')
read -r MID_DAY MID_TIME MID_NODE MID_SEQ <<<"$MID" || true
{
  echo "-- first page (LIMIT 1001: a page of 1000 and one to tell whether there is a next)"
  "${PSQL[@]}" -d "$DB" -c "EXPLAIN (ANALYZE, BUFFERS) SELECT $COLS FROM record_entry WHERE account_id = '$BIG' AND kind = 'CALL' AND started_at >= '$FROM' AND started_at < '$TO' ORDER BY started_at, node, seq LIMIT 1001"
  if [ -n "${MID_SEQ:-}" ]; then
    echo "-- a page after a cursor (the 5000th record of the month)"
    "${PSQL[@]}" -d "$DB" -c "EXPLAIN (ANALYZE, BUFFERS) SELECT $COLS FROM record_entry WHERE account_id = '$BIG' AND kind = 'CALL' AND started_at >= '$FROM' AND started_at < '$TO' AND (started_at, node, seq) > ('$MID_DAY $MID_TIME', '$MID_NODE', $MID_SEQ) ORDER BY started_at, node, seq LIMIT 1001"
  fi
} >"$OUT/explain.txt" 2>&1 || die "EXPLAIN failed (see $OUT/explain.txt)"
grep -E 'Scan|Execution Time' "$OUT/explain.txt" | sed 's/^ *//' | sed 's/^/explain: /'

echo "load after: $(uptime)"
[ "$KEEP" = 1 ] && echo "database $DB kept (drop it with: dropdb -h $PG_HOST -p $PG_PORT -U postgres $DB)"
echo "records-bench: OK (results in $OUT)"
