#!/usr/bin/env bash
# Runs every SIPp scenario of testbed/sipp/ through a real Asterisk in front of callguard, and prints one PASS/FAIL
# line per rule with its evidence (SIP codes, counts, timings). Exit code 1 on any FAIL, 2 on a setup error.
#
#   testbed/run-scenarios.sh [--local | --compose] [--nodes 1|2] [--only LIST] [--keep] [--out DIR]
#
# --local   (default when docker is absent) no Docker: starts the Asterisk of $ASTERISK_HOME (sbin/asterisk) with
#           the repository's configuration (config-examples/asterisk/*.conf, agi-scripts/callguard.conf and
#           testbed/asterisk/pjsip.testbed.conf, copied into a temporary directory with the addresses rewritten to
#           127.0.0.1), callguard from plugins/app/target/callguard.jar on a temporary H2 store, and SIPp UAS
#           instances for the carrier, the client's PBX and the SMS gateway; seeds through testbed/seed.sh.
#           Needs root (Asterisk), java, curl, sipp, python3; espeak-ng and sox for the prompts.
# --compose (default when docker is present) against `docker compose -f testbed/docker-compose.yml` (started with
#           --wait if it is not up); SIPp runs inside the sipp service.
# --only    comma-separated subset of: normal,t0,suspended,emergency,inbound089,duration,frozen,sms,load,load50,sipflood,
#           cluster (the last one only with two nodes: naming it implies --nodes 2)
# --nodes 2 two callguard nodes counting together: both on the redis state backend (TB_REDIS_URL, default
#           redis://127.0.0.1:6379/0, in a namespace of this run's own, deleted on exit) and on one PostgreSQL store
#           (a throw-away database created with createdb on TB_PG_HOST:TB_PG_PORT as TB_PG_USER, default
#           127.0.0.1:5432 postgres, dropped on exit; or TB_STORE_URL, which must then be jdbc:postgresql:), node A
#           behind the first Asterisk, node B behind a second Asterisk of its own (local: same configuration, own
#           directory, ports and systemname; compose: the services of profile "cluster"). Every step runs on node A as
#           with one node; the "cluster" step (added to the default list) sends calls through both Asterisks. The
#           state calls get CALLGUARD_STATE_REDIS_COMMAND_TIMEOUT 900ms, CALLGUARD_STATE_TIMEOUT 1s and
#           CALLGUARD_FASTAGI_DECISION_DEADLINE 2s unless the environment sets them (defaults 100ms, 150ms, 250ms).
# --keep    leave the temporary directory (logs, SIPp traces) in place; it is printed either way
# Ports (local mode, all on 127.0.0.1; override with the environment): TB_SIP_PORT 15060, TB_AMI_PORT 15038,
# TB_AGI_PORT 15073, TB_ADMIN_PORT 15080, TB_CTI_PORT 15081, TB_HEP_PORT 15090 (callguard's HEP collector, UDP),
# TB_SIPP_PORT 15100 (the SIPp roles use UDP ports TB_SIPP_PORT to TB_SIPP_PORT+94: each role's port, +2 and +4 for
# its media; sipflood's senders +96 and +98 from 127.0.0.8 and 127.0.0.9; with --nodes 2 the clients of the second
# Asterisk +100 and +110, to +114). Everything started is stopped on exit.
# With --nodes 2, the second Asterisk and node B: TB_SIP_PORT_B (TB_SIP_PORT+2), TB_AMI_PORT_B (TB_AMI_PORT+1),
# TB_AGI_PORT_B (TB_AGI_PORT+1), TB_ADMIN_PORT_B (TB_CTI_PORT+1), TB_CTI_PORT_B (TB_CTI_PORT+2); compose: node B's
# admin API on TB_ADMIN_PORT_B (8180). TB_CLUSTER_CALLS (3): the calls placed at once through each Asterisk.
# TB_CALLGUARD_JAVA_OPTS: callguard's JVM options in local mode (-Xms128m -Xmx384m -XX:-UsePerfData, as the Docker
# image), e.g. with -XX:+PrintCompilation. TB_CALLGUARD_JAR: the callguard jar in local mode (default
# plugins/app/target/callguard.jar), e.g. a copy of another commit's build for an A/B of load50.
# TB_STORE_URL: callguard's store in local mode (default: a new H2 file in the temporary directory), e.g. an empty
# PostgreSQL database, jdbc:postgresql://127.0.0.1:5432/tb_empty?user=postgres (createdb it first).
# TB_EMERGENCY_NUMBER (3624): a short number that only callguard knows as an emergency number (added to its
# numbering.emergencyNumbers, absent from the dialplan's static list), for the "emergency" scenario.
# load50: TB_LOAD_RATE calls/s (50), TB_LOAD50_CALLS calls per measured run (1000) after an unmeasured warm-up of at
# least TB_LOAD50_WARMUP calls (4000; runs alternating the AGI step and the plain Dial), continued until the JIT
# compiler took at most TB_LOAD50_JIT_SETTLED ms per call (0.05) in the last warm-up run of each kind, or
# TB_LOAD50_WARMUP_MAX calls (20000); each call held TB_LOAD_HOLD_MS (0); once through the AGI step, once with a
# plain Dial (the baseline), each measured run right after an unmeasured run of its own kind (20 s of calls).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
MODE="" ONLY="normal,t0,suspended,emergency,inbound089,duration,frozen,sms,load,load50,sipflood" KEEP=0 OUT="" NODES=1 ONLY_GIVEN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --local) MODE=local; shift ;;
    --compose) MODE=compose; shift ;;
    --only) ONLY=${2:?}; ONLY_GIVEN=1; shift 2 ;;
    --nodes) NODES=${2:?}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --out) OUT=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,40p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-scenarios: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$MODE" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then MODE=compose; else MODE=local; fi
fi
die() { echo "run-scenarios: $*" >&2; exit 2; }
redact_url() { echo "$1" | sed -E 's|//[^@/]*@|//***@|; s|(password=)[^&]*|\1***|'; }   # for the output: no secret
[[ "$NODES" =~ ^[12]$ ]] || die "--nodes takes 1 or 2, not '$NODES'"
# the cluster step needs the second node; two nodes run it unless --only says otherwise
case ",$ONLY," in *,cluster,*) NODES=2 ;; *) [ "$NODES" = 2 ] && [ "$ONLY_GIVEN" = 0 ] && ONLY="$ONLY,cluster" ;; esac
# shellcheck source=lib/processes.sh
. "$ROOT/testbed/lib/processes.sh"
EMERGENCY_NUMBER=${TB_EMERGENCY_NUMBER:-3624}
[[ "$EMERGENCY_NUMBER" =~ ^[0-9]{2,15}$ ]] || die "TB_EMERGENCY_NUMBER must be 2 to 15 digits, not '$EMERGENCY_NUMBER'"
# the AGI bound of the shipped dialplan (seconds), for the "frozen" scenario
AGI_BOUND=$(sed -n 's/^CALLGUARD_AGI_TIMEOUT=//p' "$ROOT/config-examples/asterisk/extensions.conf" | head -1)
wanted() { case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/callguard-scenarios.XXXXXX")
[ -n "$OUT" ] || OUT="$WORK/out"
mkdir -p "$OUT"
STARTED=()   # pids of what this script started (never anything else)
AST_RUNNING=0 AST_B_RUNNING=0
PG_CREATED="" REDIS_NS=""   # --nodes 2, local mode: the throw-away database and Redis namespace of this run
cleanup() {
  local pid
  if [ "$AST_RUNNING" = 1 ]; then timeout 10 "$AST" -C "$AST_CONF" -rx "core stop now" >/dev/null 2>&1 || true; fi
  if [ "$AST_B_RUNNING" = 1 ]; then timeout 10 "$AST" -C "$AST_CONF_B" -rx "core stop now" >/dev/null 2>&1 || true; fi
  for pid in "${STARTED[@]:-}"; do [ -n "$pid" ] && stop_pid "$pid" 10; done
  # the nodes are stopped: their database and their keys can go (only this run's: its own name and namespace)
  if [ -n "$PG_CREATED" ]; then
    dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists --force "$PG_CREATED" >/dev/null 2>&1 \
      || echo "NOTE  could not drop the database $PG_CREATED"
  fi
  if [ -n "$REDIS_NS" ] && command -v redis-cli >/dev/null; then
    redis-cli -u "$REDIS_URL" EVAL "for _,k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0" \
      0 "$REDIS_NS:*" >/dev/null 2>&1 || echo "NOTE  could not delete the Redis keys $REDIS_NS:* (they expire by themselves)"
  fi
  if [ "$KEEP" = 1 ]; then echo "kept: $WORK"; else rm -rf "$WORK/h2" "$WORK/ast/lib" "$WORK/ast/spool" "$WORK/ast-b/lib" "$WORK/ast-b/spool"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PASSED=0 FAILED=0 RESULTS=()
result() { # PASS|FAIL rule evidence
  RESULTS+=("$(printf '%-4s  %-44s %s' "$1" "$2" "$3")")
  if [ "$1" = PASS ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
  printf '%-4s  %-44s %s\n' "$1" "$2" "$3"
}

for tool in curl python3; do command -v "$tool" >/dev/null || die "$tool is required"; done
echo "mode: $MODE; work dir: $WORK"

# ==== addresses of the two modes ==================================================================================
# Each SIPp role: local address, port, and the Asterisk address it talks to.
if [ "$MODE" = local ]; then
  [ "$(id -u)" = 0 ] || die "local mode starts Asterisk and must run as root"
  ASTERISK_HOME=${ASTERISK_HOME:-}
  [ -n "$ASTERISK_HOME" ] && [ -x "$ASTERISK_HOME/sbin/asterisk" ] || die "set ASTERISK_HOME to an Asterisk 22 install (sbin/asterisk)"
  for tool in java sipp; do command -v "$tool" >/dev/null || die "$tool is required"; done
  JAR="${TB_CALLGUARD_JAR:-$ROOT/plugins/app/target/callguard.jar}"   # TB_CALLGUARD_JAR: another build, for an A/B
  [ -f "$JAR" ] || die "$JAR missing: mvn -B -q -DskipTests package"
  cp "$JAR" "$WORK/callguard.jar" && JAR="$WORK/callguard.jar"   # a rebuild during the run must not change it
  SIP_PORT=${TB_SIP_PORT:-15060} AMI_PORT=${TB_AMI_PORT:-15038} AGI_PORT=${TB_AGI_PORT:-15073} ADMIN_PORT=${TB_ADMIN_PORT:-15080}
  CTI_PORT=${TB_CTI_PORT:-15081} HEP_PORT=${TB_HEP_PORT:-15090}
  IP=127.0.0.1
  AST_CLIENT="$IP:$SIP_PORT" AST_CARRIER="$IP:$SIP_PORT" AST_OTHER="$IP:$SIP_PORT"
  CLIENT_IP=$IP CARRIER_IP=$IP OTHER_IP=$IP
  B=${TB_SIPP_PORT:-15100}
  [[ "$B" =~ ^[0-9]+$ ]] && [ "$B" -ge 1024 ] && [ "$B" -le 65440 ] || die "TB_SIPP_PORT must be a port from 1024 to 65440, not '$B'"
  P_CARRIER_UAS=$B P_CARRIER_UAC=$((B + 10)) P_PBX_UAS=$((B + 20)) P_CLIENT_UAC1=$((B + 30)) P_CLIENT_UAC2=$((B + 40))
  P_OTHER_UAC=$((B + 50)) P_SMS_UAS=$((B + 60)) P_LOAD_UAC=$((B + 70)) P_OTHER_UAC2=$((B + 80)) P_OTHER_UAC3=$((B + 90))
  # sipflood: two senders of their own addresses (any 127/8 address is loopback), so that R7 counts them apart
  # from Asterisk's own 127.0.0.1 (on callguard's allow-list, as the operator's equipment would be)
  SLOW_IP=127.0.0.8 FLOOD_IP=127.0.0.9 P_SLOW=$((B + 96)) P_FLOOD=$((B + 98))
  SIPP=(env TZ=UTC sipp)   # UTC: the times of SIPp's message traces (-trace_msg) are read as UTC
  SIPP_DIR=$HERE/sipp
  ADMIN="http://127.0.0.1:$ADMIN_PORT" CTI="http://127.0.0.1:$CTI_PORT"
  if [ "$NODES" = 2 ]; then
    # the second Asterisk and node B: ports next to the first ones'; its clients (trunk-a) from ports of their own
    SIP_PORT_B=${TB_SIP_PORT_B:-$((SIP_PORT + 2))} AMI_PORT_B=${TB_AMI_PORT_B:-$((AMI_PORT + 1))}
    AGI_PORT_B=${TB_AGI_PORT_B:-$((AGI_PORT + 1))} ADMIN_PORT_B=${TB_ADMIN_PORT_B:-$((CTI_PORT + 1))}
    CTI_PORT_B=${TB_CTI_PORT_B:-$((CTI_PORT + 2))}
    [ "$B" -le 65420 ] || die "TB_SIPP_PORT must be at most 65420 with --nodes 2, not '$B'"
    AST_B_CLIENT="$IP:$SIP_PORT_B"
    P_B_CLIENT_UAC1=$((B + 100)) P_B_CLIENT_UAC2=$((B + 110))
    ADMIN_B="http://127.0.0.1:$ADMIN_PORT_B"
  fi
else
  command -v docker >/dev/null || die "docker not found (use --local)"
  DC=(docker compose -f "$HERE/docker-compose.yml")
  # two nodes: the services of profile "cluster" too (asterisk-b, callguard-b; redis is always there)
  [ "$NODES" = 2 ] && DC+=(--profile cluster)
  # the compose networks use the documentation addresses of config-examples/asterisk/pjsip.conf, unchanged
  AST_CLIENT=203.0.113.2:5060 AST_CARRIER=198.51.100.2:5060 AST_OTHER=192.0.2.2:5060
  CLIENT_IP=203.0.113.10 CARRIER_IP=198.51.100.20 OTHER_IP=192.0.2.30
  P_CARRIER_UAS=5060 P_CARRIER_UAC=5062 P_PBX_UAS=5060 P_CLIENT_UAC1=5062 P_CLIENT_UAC2=5064
  P_OTHER_UAC=5062 P_SMS_UAS=5090 P_LOAD_UAC=5064 P_OTHER_UAC2=5066 P_OTHER_UAC3=5068
  # sipflood: the sipp service's address on the "others" network (R7 counts per address: one sender at a time)
  SLOW_IP=$OTHER_IP FLOOD_IP=$OTHER_IP P_SLOW=5070 P_FLOOD=5072
  SIPP=("${DC[@]}" exec -T sipp sipp)
  SIPP_DIR=/testbed/sipp
  ADMIN="http://127.0.0.1:${TB_ADMIN_PORT:-8080}" CTI="http://127.0.0.1:${TB_CTI_PORT:-8081}"
  # the second Asterisk (asterisk-b, same configuration) on the same networks; node B's admin API published on 8180
  AST_B_CLIENT=203.0.113.3:5060 P_B_CLIENT_UAC1=5074 P_B_CLIENT_UAC2=5078
  ADMIN_B="http://127.0.0.1:${TB_ADMIN_PORT_B:-8180}"
fi

# ==== local mode: configuration, prompts, processes ===============================================================
wait_until() { # seconds, command...: polls every 0.2 s
  local limit=$(( $1 * 5 )) i; shift
  for i in $(seq 1 "$limit"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  return 1
}
udp_busy() { ss -Hlun 2>/dev/null | awk '{print $4}' | grep -q ":$1\$"; }
tcp_busy() { ss -Hltn 2>/dev/null | awk '{print $4}' | grep -q ":$1\$"; }

start_sipp_uas() { # name scenario port: a long-running SIPp UAS (no -m), logs in $OUT/<name>.log
  local name=$1 sc=$2 ip=$3 port=$4
  "${SIPP[@]}" -sf "$SIPP_DIR/$sc" -i "$ip" -p "$port" -mp $((port + 2)) -aa -nostdin -trace_logs \
      -log_file "$(logpath "$name.log")" -trace_msg -message_file "$(logpath "$name.msg")" \
      -trace_err -error_file "$(logpath "$name.err")" >"$OUT/$name.screen" 2>&1 &
  STARTED+=("$!")
}
# where SIPp writes its files: local paths, or /out in the sipp container (mounted from $OUT)
logpath() { if [ "$MODE" = local ]; then echo "$OUT/$1"; else echo "/out/$1"; fi; }

if [ "$MODE" = local ]; then
  CLUSTER_UDP=() CLUSTER_TCP=()
  [ "$NODES" = 2 ] && CLUSTER_UDP=("$SIP_PORT_B" $P_B_CLIENT_UAC1 $P_B_CLIENT_UAC2) \
    && CLUSTER_TCP=("$AMI_PORT_B" "$AGI_PORT_B" "$ADMIN_PORT_B" "$CTI_PORT_B")
  for p in "$SIP_PORT" $P_CARRIER_UAS $P_CARRIER_UAC $P_PBX_UAS $P_CLIENT_UAC1 $P_CLIENT_UAC2 $P_OTHER_UAC $P_SMS_UAS $P_LOAD_UAC $P_OTHER_UAC2 $P_OTHER_UAC3 "$HEP_PORT" "${CLUSTER_UDP[@]}"; do
    udp_busy "$p" && die "UDP port $p is in use (another run?)"
  done
  for p in "$AMI_PORT" "$AGI_PORT" "$ADMIN_PORT" "$CTI_PORT" "${CLUSTER_TCP[@]}"; do tcp_busy "$p" && die "TCP port $p is in use (another run?)"; done

  # --nodes 2: the shared state (Redis, a namespace of this run's own) and the shared store (PostgreSQL)
  STORE_URL=${TB_STORE_URL:-jdbc:h2:file:$WORK/h2/callguard}
  CLUSTER_ENV=()
  if [ "$NODES" = 2 ]; then
    REDIS_URL=${TB_REDIS_URL:-redis://127.0.0.1:6379/0}
    if command -v redis-cli >/dev/null; then
      [ "$(redis-cli -u "$REDIS_URL" PING 2>/dev/null)" = PONG ] || die "--nodes 2: no Redis answers at $REDIS_URL (TB_REDIS_URL)"
    else
      hp=${REDIS_URL#*://}; hp=${hp##*@}; hp=${hp%%/*}
      { exec 3<>"/dev/tcp/${hp%%:*}/${hp##*:}" && printf 'PING\r\n' >&3 && read -r -t 2 pong <&3 && [[ "$pong" == +PONG* ]]; } 2>/dev/null \
        || die "--nodes 2: no Redis answers at $REDIS_URL (TB_REDIS_URL)"
      exec 3<&- 3>&-
    fi
    REDIS_NS="callguard-testbed-$$-$RANDOM"
    if [ -n "${TB_STORE_URL:-}" ]; then
      [[ "$TB_STORE_URL" == jdbc:postgresql:* ]] || die "--nodes 2: the nodes share one PostgreSQL store; TB_STORE_URL must be a jdbc:postgresql: URL"
    else
      PG_HOST=${TB_PG_HOST:-127.0.0.1} PG_PORT=${TB_PG_PORT:-5432} PG_USER=${TB_PG_USER:-postgres}
      for tool in createdb dropdb; do command -v "$tool" >/dev/null || die "--nodes 2: $tool is required (or set TB_STORE_URL)"; done
      db="callguard_testbed_$$_$RANDOM"
      createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>"$OUT/createdb.err" \
        || die "--nodes 2: createdb $db on $PG_HOST:$PG_PORT as $PG_USER failed: $(head -c 200 "$OUT/createdb.err")"
      PG_CREATED=$db
      STORE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$db?user=$PG_USER"
    fi
    # The state calls get more time than the defaults (Redis command 100 ms, state.timeout 150 ms, decision 250 ms):
    # on a machine of 2 CPUs shared by two Asterisk, two nodes and SIPp, a burst of decisions took longer than 100 ms,
    # and the shipped fail-open (onStateFailure fail, fastagi.failureMode open) then let calls over the cap. The
    # cluster step proves the counting; the environment's values win (CALLGUARD_STATE_TIMEOUT=150ms: the defaults).
    CLUSTER_ENV=(CALLGUARD_STATE_BACKEND=redis CALLGUARD_STATE_REDIS_URL="$REDIS_URL" CALLGUARD_STATE_REDIS_NAMESPACE="$REDIS_NS"
                 CALLGUARD_STATE_REDIS_COMMAND_TIMEOUT="${CALLGUARD_STATE_REDIS_COMMAND_TIMEOUT:-900ms}"
                 CALLGUARD_STATE_TIMEOUT="${CALLGUARD_STATE_TIMEOUT:-1s}"
                 CALLGUARD_FASTAGI_DECISION_DEADLINE="${CALLGUARD_FASTAGI_DECISION_DEADLINE:-2s}")
  fi

  AST="$ASTERISK_HOME/sbin/asterisk"
  # ast_layout DIR SIP_PORT AMI_PORT AGI_PORT CLIENT_MATCH [SYSTEMNAME]: one Asterisk's directories and configuration
  # under DIR (etc, data, run, log, spool, lib): the repository's files with the addresses rewritten to loopback
  ast_layout() {
    local dir=$1 sip=$2 ami=$3 agi=$4 match=$5 sysname=${6:-} e d X check
    e="$dir/etc" d="$dir/data"
    mkdir -p "$e" "$d" "$dir/"{run,log,spool,lib}
    # astdatadir: Asterisk's own data, except sounds, which hold only the testbed's prompts
    for x in "$ASTERISK_HOME"/var/lib/asterisk/*; do
      [ "$(basename "$x")" = sounds ] || ln -s "$x" "$d/$(basename "$x")"
    done
    cat >"$e/asterisk.conf" <<EOF
[directories]
astetcdir => $e
astmoddir => $ASTERISK_HOME/lib/asterisk/modules
astvarlibdir => $dir/lib
astdbdir => $dir/lib
astkeydir => $dir/lib
astdatadir => $d
astagidir => $d/agi-bin
astspooldir => $dir/spool
astrundir => $dir/run
astlogdir => $dir/log
astsbindir => $ASTERISK_HOME/sbin

[options]
verbose = 3
EOF
    # two Asterisk servers of one operator: each its own systemname (it prefixes their Uniqueids)
    [ -z "$sysname" ] || echo "systemname = $sysname" >>"$e/asterisk.conf"
    # modules that would open sockets of their own or are not needed
    {
      echo "[modules]"; echo "autoload = yes"
      for m in chan_iax2 chan_unistim chan_mgcp chan_skinny chan_motif chan_dahdi res_hep res_hep_pjsip res_hep_rtcp \
               cdr_csv cdr_custom cdr_manager cdr_sqlite3_custom cel_custom cel_manager cel_sqlite3_custom res_phoneprov \
               res_pjsip_phoneprov_provider res_xmpp res_calendar res_smdi res_stasis_test res_pjsip_config_wizard \
               res_prometheus res_statsd res_http_media_cache pbx_dundi res_pjsip_transport_websocket; do
        echo "noload = $m.so"
      done
    } >"$e/modules.conf"
    printf '[general]\n[logfiles]\nfull => notice,warning,error,verbose\n' >"$e/logger.conf"
    # The repository's configuration, addresses rewritten to loopback; nothing else changes.
    X="$ROOT/config-examples/asterisk"
    sed -e "s|^bind=0.0.0.0:5060|bind=127.0.0.1:$sip|" \
        -e "s|^contact=sip:203.0.113.10:5060|contact=sip:127.0.0.1:$P_PBX_UAS|" \
        -e "s|^match=203.0.113.10\$|match=$match|" \
        -e "s|^contact=sip:198.51.100.20:5060|contact=sip:127.0.0.1:$P_CARRIER_UAS|" \
        -e "s|^match=198.51.100.20\$|match=127.0.0.1:$P_CARRIER_UAS,127.0.0.1:$P_CARRIER_UAC|" \
        "$X/pjsip.conf" >"$e/pjsip.conf"
    cat "$HERE/asterisk/pjsip.testbed.conf" >>"$e/pjsip.conf"
    sed -e "s|^port = 5038|port = $ami|" "$X/manager.conf" >"$e/manager.conf"
    sed -e "s|^CALLGUARD_AGI=agi://127.0.0.1:4573|CALLGUARD_AGI=agi://127.0.0.1:$agi|" "$X/extensions.conf" >"$e/extensions.conf"
    cat "$HERE/asterisk/extensions.testbed.conf" >>"$e/extensions.conf"   # load50's baseline: a plain Dial, no AGI
    cp "$X/rtp.conf" "$e/rtp.conf"
    # res_hep's target: callguard's collector on loopback (res_hep and res_hep_pjsip stay unloaded until sipflood loads
    # them: mirrored SIP would add its cost to load50's figures)
    sed -e "s|^capture_address = callguard:9060|capture_address = 127.0.0.1:$HEP_PORT|" "$X/hep.conf" >"$e/hep.conf"
    cp "$ROOT/agi-scripts/callguard.conf" "$e/callguard.conf"
    # every rewrite must have applied: a shipped file that changed shape would otherwise go unnoticed
    for check in "$e/pjsip.conf:bind=127.0.0.1:$sip" "$e/pjsip.conf:contact=sip:127.0.0.1:$P_PBX_UAS" \
                 "$e/pjsip.conf:match=$match" "$e/pjsip.conf:contact=sip:127.0.0.1:$P_CARRIER_UAS" \
                 "$e/pjsip.conf:match=127.0.0.1:$P_CARRIER_UAS" "$e/manager.conf:port = $ami" \
                 "$e/extensions.conf:agi://127.0.0.1:$agi" "$e/hep.conf:capture_address = 127.0.0.1:$HEP_PORT"; do
      grep -qF "${check#*:}" "${check%%:*}" || die "config rewrite did not apply: ${check#*:} (shipped file changed?)"
    done
  }
  ast_layout "$WORK/ast" "$SIP_PORT" "$AMI_PORT" "$AGI_PORT" "127.0.0.1:$P_CLIENT_UAC1,127.0.0.1:$P_CLIENT_UAC2"
  E="$WORK/ast/etc" D="$WORK/ast/data"
  mkdir -p "$D/sounds"
  AST_CONF="$E/asterisk.conf"
  if [ "$NODES" = 2 ]; then
    # the second Asterisk: same configuration, its own directory, ports, systemname and clients (trunk-a from ports of
    # their own: Asterisk 22 matches the source port too); the same carrier and client PBX; node B's FastAGI port
    ast_layout "$WORK/ast-b" "$SIP_PORT_B" "$AMI_PORT_B" "$AGI_PORT_B" "127.0.0.1:$P_B_CLIENT_UAC1,127.0.0.1:$P_B_CLIENT_UAC2" tb-asterisk-b
    ln -s "$D/sounds" "$WORK/ast-b/data/sounds"   # the prompts rendered below, shared
    AST_CONF_B="$WORK/ast-b/etc/asterisk.conf"
  fi
  X="$ROOT/config-examples/asterisk"
  AMI_SECRET=$(sed -n 's/^secret *= *//p' "$X/manager.conf" | head -1)
  TRUNK_B_PASSWORD=$(awk '/^\[trunk-b\]/{s=1} s&&/^password=/{sub(/^password=/,"");print;exit}' "$E/pjsip.conf")
  TRUNK_C_PASSWORD=$(awk '/^\[trunk-c\]/{s=1} s&&/^password=/{sub(/^password=/,"");print;exit}' "$E/pjsip.conf")

  # prompts: the fixed denial prompts and the tariff announcement of the seeded 089 number
  if command -v espeak-ng >/dev/null && command -v sox >/dev/null; then
    printf 'callguard/tariff/089-080-min\tService 0,80 € par minute plus prix d%sun appel\n' "'" \
      | "$HERE/prompts/render-prompts.sh" --out "$D/sounds" >"$OUT/prompts.log" 2>&1 \
      || echo "NOTE  prompt rendering failed: $(tail -1 "$OUT/prompts.log")"
  else
    echo "NOTE  espeak-ng/sox missing: no prompts; Playback/Read of callguard/* fail and the dialplan goes on"
  fi
  PROMPTS=$(find "$D/sounds" -name '*.wav' | wc -l)

  # SIPp roles that must be there before Asterisk qualifies its contacts
  start_sipp_uas carrier uas-carrier.xml "$CARRIER_IP" $P_CARRIER_UAS
  start_sipp_uas pbx uas-client-pbx.xml "$CLIENT_IP" $P_PBX_UAS
  start_sipp_uas smsgw uas-sms-gateway.xml "$OTHER_IP" $P_SMS_UAS

  # callguard: the policies its jar provides, in the documented order
  POLICIES="emergency"
  # the jar's rule modules (RuleModule services) or, in older jars, its policy providers (PolicyProvider services)
  PROVIDERS=$(unzip -p "$JAR" META-INF/services/io.callguard.core.module.RuleModule \
                META-INF/services/io.callguard.core.policy.PolicyProvider 2>/dev/null || true)
  jar_has() { case "$PROVIDERS" in *"$1"*) return 0 ;; *) return 1 ;; esac; }
  jar_has 'io.callguard.suspension.Suspension' && POLICIES="$POLICIES,suspension"
  POLICIES="$POLICIES,calls-per-second,channel-cap"
  jar_has 'io.callguard.tariff.TariffAnnouncement' && POLICIES="$POLICIES,tariff-announcement"
  POLICIES="$POLICIES,default"
  # R5/R7: the HEP collector and the sip-rates module, when the jar has them; Asterisk's address is the operator's
  HEP_ENV=()
  jar_has 'io.callguard.siprates' && HEP_ENV=(CALLGUARD_HEP_ENABLED=true CALLGUARD_HEP_HOST=127.0.0.1
      CALLGUARD_HEP_PORT="$HEP_PORT" CALLGUARD_SIP_RATES_ALLOW_LIST=127.0.0.1)
  TOKEN="testbed-admin-token-$RANDOM$RANDOM$RANDOM"
  mkdir -p "$WORK/h2"
  # start_callguard LOG DIR ADMIN_PORT AGI_PORT AMI_PORT CTI_PORT [VAR=value...]: one node, working directory DIR
  # (its ./data: records spill, signing key), its pid in CG_STARTED
  start_callguard() {
    local log=$1 dir=$2 admin=$3 agi=$4 ami=$5 cti=$6; shift 6
    mkdir -p "$dir"
    (cd "$dir" && exec env CALLGUARD_ADMIN_TOKEN="$TOKEN" CALLGUARD_ADMIN_HOST=127.0.0.1 CALLGUARD_ADMIN_PORT="$admin" \
        CALLGUARD_FASTAGI_HOST=127.0.0.1 CALLGUARD_FASTAGI_PORT="$agi" \
        CALLGUARD_AMI_HOST=127.0.0.1 CALLGUARD_AMI_PORT="$ami" CALLGUARD_AMI_USERNAME=callguard \
        CALLGUARD_AMI_SECRET="$AMI_SECRET" CALLGUARD_AMI_RECONNECT_MIN=200ms CALLGUARD_AMI_RECONNECT_MAX=1s \
        CALLGUARD_STORE_JDBC_URL="$STORE_URL" CALLGUARD_POLICIES="$POLICIES" \
        CALLGUARD_CAPS_RECONCILE_INTERVAL="${CALLGUARD_CAPS_RECONCILE_INTERVAL:-10s}" CALLGUARD_WATCHDOG_INTERVAL=2s CALLGUARD_WATCHDOG_GRACE=5s \
        CALLGUARD_CTI_HOST=127.0.0.1 CALLGUARD_CTI_PORT="$cti" CALLGUARD_CTI_SMS_GATEWAY_URI="sip:sms@127.0.0.1:$P_SMS_UAS" \
        CALLGUARD_NUMBERING_EMERGENCY_NUMBERS="15,17,18,112,114,115,119,116000,191,196,197,$EMERGENCY_NUMBER" \
        "$@" java ${TB_CALLGUARD_JAVA_OPTS:--Xms128m -Xmx384m -XX:-UsePerfData} -jar "$JAR") >"$log" 2>&1 &
    CG_STARTED=$!
    STARTED+=("$CG_STARTED")
  }
  NODE_A_ENV=() NODE_B_ENV=()
  # each node its own id and its own chain of call records (records.node defaults to the host name, the same here)
  [ "$NODES" = 2 ] && NODE_A_ENV=("${CLUSTER_ENV[@]}" CALLGUARD_NODE_ID=tb-node-a CALLGUARD_RECORDS_NODE=tb-node-a) \
    && NODE_B_ENV=("${CLUSTER_ENV[@]}" CALLGUARD_NODE_ID=tb-node-b CALLGUARD_RECORDS_NODE=tb-node-b)
  start_callguard "$OUT/callguard.log" "$WORK" "$ADMIN_PORT" "$AGI_PORT" "$AMI_PORT" "$CTI_PORT" "${HEP_ENV[@]}" "${NODE_A_ENV[@]}"
  CG_PID=$CG_STARTED
  wait_until 60 curl -sf "$ADMIN/health" || { tail -20 "$OUT/callguard.log" >&2; die "callguard did not start"; }
  if [ "$NODES" = 2 ]; then
    # node B: same jar, store, Redis namespace and policies; its own ports, node id and working directory; no HEP
    start_callguard "$OUT/callguard-b.log" "$WORK/node-b" "$ADMIN_PORT_B" "$AGI_PORT_B" "$AMI_PORT_B" "$CTI_PORT_B" "${NODE_B_ENV[@]}"
    CG_B_PID=$CG_STARTED
    wait_until 60 curl -sf "$ADMIN_B/health" || { tail -20 "$OUT/callguard-b.log" >&2; die "callguard node B did not start"; }
  fi

  "$AST" -C "$AST_CONF" -f -g </dev/null >"$OUT/asterisk.console" 2>&1 &
  AST_PID=$!
  STARTED+=("$AST_PID")
  AST_RUNNING=1
  wait_until 60 timeout 5 "$AST" -C "$AST_CONF" -rx "core waitfullybooted" || die "Asterisk did not boot (see $WORK/ast/log/full)"
  AST_VERSION=$("$AST" -C "$AST_CONF" -rx "core show version" 2>/dev/null | head -1)
  ast() { timeout 10 "$AST" -C "$AST_CONF" -rx "$1" 2>/dev/null; }
  if [ "$NODES" = 2 ]; then
    "$AST" -C "$AST_CONF_B" -f -g </dev/null >"$OUT/asterisk-b.console" 2>&1 &
    AST_B_PID=$!
    STARTED+=("$AST_B_PID")
    AST_B_RUNNING=1
    wait_until 60 timeout 5 "$AST" -C "$AST_CONF_B" -rx "core waitfullybooted" || die "the second Asterisk did not boot (see $WORK/ast-b/log/full)"
  fi
  ready() { curl -s "$ADMIN/ready" | grep -q '"status":"UP"'; }
  wait_until 30 ready || echo "NOTE  callguard /ready is not UP: $(curl -s "$ADMIN/ready")"
  echo "asterisk: $AST_VERSION (pid $AST_PID), SIP 127.0.0.1:$SIP_PORT, AMI :$AMI_PORT; callguard pid $CG_PID (policies $POLICIES), FastAGI :$AGI_PORT, admin :$ADMIN_PORT; $PROMPTS prompt(s)"
  if [ "$NODES" = 2 ]; then
    ready_b() { curl -s "$ADMIN_B/ready" | grep -q '"status":"UP"'; }
    wait_until 30 ready_b || echo "NOTE  callguard node B /ready is not UP: $(curl -s "$ADMIN_B/ready")"
    echo "cluster: node A tb-node-a and node B tb-node-b on Redis $(redact_url "$REDIS_URL") namespace $REDIS_NS, store $(redact_url "$STORE_URL")"
    echo "asterisk B: systemname tb-asterisk-b (pid $AST_B_PID), SIP 127.0.0.1:$SIP_PORT_B, AMI :$AMI_PORT_B; callguard node B pid $CG_B_PID, FastAGI :$AGI_PORT_B, admin :$ADMIN_PORT_B"
  fi
  echo "logs: $OUT (callguard.log$([ "$NODES" = 2 ] && echo ", callguard-b.log"), SIPp *.log/*.msg), Asterisk log: $WORK/ast/log/full$([ "$NODES" = 2 ] && echo ", $WORK/ast-b/log/full")"
else
  # compose: the stack names its own secrets (testbed values, loopback only)
  want_services=asterisk; [ "$NODES" = 2 ] && want_services="asterisk asterisk-b"
  for svc in $want_services; do
    "${DC[@]}" ps --status running --services 2>/dev/null | grep -qx "$svc" && continue
    "${DC[@]}" up -d --wait --wait-timeout 300 || die "docker compose up failed"
    break
  done
  TOKEN=${CALLGUARD_ADMIN_TOKEN:-testbed-admin-token-0123456789}
  TRUNK_B_PASSWORD=$(awk '/^\[trunk-b\]/{s=1} s&&/^password=/{sub(/^password=/,"");print;exit}' "$ROOT/config-examples/asterisk/pjsip.conf")
  TRUNK_C_PASSWORD=$(awk '/^\[trunk-c\]/{s=1} s&&/^password=/{sub(/^password=/,"");print;exit}' "$HERE/asterisk/pjsip.testbed.conf")
  ast() { "${DC[@]}" exec -T asterisk asterisk -rx "$1" 2>/dev/null; }
  CG_PID="" AST_PID=""
  OUT_HOST=$OUT; OUT=$HERE/out; mkdir -p "$OUT"  # the sipp service mounts testbed/out at /out
  echo "compose: asterisk $(ast 'core show version' | head -1); SIPp in service sipp; results in $OUT"
fi

# ==== seed ========================================================================================================
CALLGUARD_ADMIN_TOKEN=$TOKEN SEED_OUT=$OUT "$HERE/seed.sh" "$ADMIN" >"$OUT/seed.log" 2>&1 \
  || { cat "$OUT/seed.log" >&2; die "seeding failed"; }
grep -E 'NOTE' "$OUT/seed.log" | sed 's/^seed: /      seed /'

# ==== helpers over SIPp's output ==================================================================================
# uac NAME SCENARIO SRC_IP SRC_PORT TARGET [sipp args...]: runs a UAC to completion (bounded), exit code in $RC
uac() {
  local name=$1 sc=$2 ip=$3 port=$4 target=$5; shift 5
  RC=0
  timeout 120 "${SIPP[@]}" -sf "$SIPP_DIR/$sc" -i "$ip" -p "$port" -mp $((port + 2)) -nostdin \
      -timeout 90 -timeout_error -recv_timeout 30000 -trace_logs -log_file "$(logpath "$name.log")" \
      -trace_msg -message_file "$(logpath "$name.msg")" -trace_err -error_file "$(logpath "$name.err")" \
      "$@" "$target" >"$OUT/$name.screen" 2>&1 || RC=$?
}
stat() { # file label: the cumulative column of SIPp's final screen ("Successful call", "Failed call")
  grep -a "$2" "$1" 2>/dev/null | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}'
}
codes() { # message trace: the status codes received, in order ("100,183,503")
  grep -a -A2 'message received' "$1" 2>/dev/null | grep -aoE '^SIP/2\.0 [0-9]{3}' | awk '{print $2}' | paste -sd, -
}
tick() { # log file, pattern: the first [clock_tick] logged on a line matching it
  grep -a "$2" "$1" 2>/dev/null | head -1 | sed -nE 's/.* at ([0-9]+) ms.*/\1/p'
}
count_log() { local n; n=$(grep -ac "$2" "$1" 2>/dev/null); echo "${n:-0}"; }
why() { # the first error SIPp recorded
  local e
  e=$(grep -av '^The following events\|^$' "$OUT/$1.err" 2>/dev/null | head -2 | tr -s ' \n' ' ' | cut -c1-200)
  echo "${e:-exit $RC}"
}
played() { # channel pattern [Asterisk dir]: the callguard prompt Asterisk last played (Playback/Read) on such a channel (local mode)
  [ "$MODE" = local ] || return 0
  grep -a "$1" "${2:-$WORK/ast}/log/full" 2>/dev/null | grep -aE 'Playback|Read\(' | grep -aoE 'callguard/[a-z0-9/_-]+' | tail -1
}
cpu_ticks() { [ -n "${1:-}" ] && awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
sdp_183() { # message trace: "yes" when the first 183 received carries an SDP audio stream
  awk '/message received/ {inmsg=1; first=""; next} /^-{20,}/ {inmsg=0} inmsg && first == "" && /^SIP\/2\.0/ {first=$2}
       inmsg && first == "183" && /^m=audio / {print "yes"; exit}' "$1" 2>/dev/null
}
admin_to() { # BASE_URL METHOD PATH [JSON]: a node's admin API, body in $WORK/admin.json, prints the HTTP status
  local base=$1; shift
  local args=(-s -o "$WORK/admin.json" -w '%{http_code}' --max-time 10 -X "$1" -H 'X-Callguard-Actor: testbed' -K -)
  [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  printf 'header = "Authorization: Bearer %s"\n' "$TOKEN" | curl "${args[@]}" "$base$2" || echo 000
}
admin() { admin_to "$ADMIN" "$@"; }   # METHOD PATH [JSON]: node A's (the only node's) admin API
ready() { curl -s --max-time 5 "$ADMIN/ready" | grep -q '"status":"UP"'; }
freeze_callguard() { # stop|cont: freeze callguard (the kernel still accepts connections) or let it go on
  if [ "$MODE" = local ]; then kill -"${1^^}" "$CG_PID"
  elif [ "$1" = stop ]; then "${DC[@]}" pause callguard >/dev/null; else "${DC[@]}" unpause callguard >/dev/null; fi
}

echo "== scenarios"
CARRIER_LOG="$OUT/carrier.log" PBX_LOG="$OUT/pbx.log" SMS_LOG="$OUT/smsgw.log"

# -- normal outbound call ------------------------------------------------------------------------------------------
if wanted normal; then
  before=$(count_log "$CARRIER_LOG" "to 0612345678")
  uac normal uac-normal-call.xml "$CLIENT_IP" $P_CLIENT_UAC1 "$AST_CLIENT" -s 0612345678 -m 1 -d 1000
  c=$(codes "$OUT/normal.msg"); at=$(tick "$OUT/normal.log" ": 200 at")
  reached=$(( $(count_log "$CARRIER_LOG" "to 0612345678") - before ))
  if [ "$RC" = 0 ] && [ "$reached" -ge 1 ]; then
    result PASS "normal outbound call (200)" "trunk-a -> 0612345678: codes $c, 200 after ${at:-?} ms, carrier got $reached INVITE"
  else
    result FAIL "normal outbound call (200)" "codes ${c:-none}, carrier INVITEs $reached; $(why normal)"
  fi
fi

# -- R2: T0 trunk, 3 simultaneous calls ----------------------------------------------------------------------------
if wanted t0; then
  before=$(count_log "$CARRIER_LOG" "to 0612345678")
  ( uac t0hold uac-t0-hold.xml "$CLIENT_IP" $P_CLIENT_UAC1 "$AST_CLIENT" -s 0612345678 -m 2 -l 2 -r 10 -d 6000
    echo "$RC" >"$OUT/t0hold.rc" ) &
  HOLD_PID=$!
  STARTED+=("$HOLD_PID")
  up() { [ $(( $(count_log "$CARRIER_LOG" "to 0612345678") - before )) -ge 2 ]; }
  wait_until 10 up; sleep 0.5   # both calls answered before the third
  uac t0third uac-t0-third-503.xml "$CLIENT_IP" $P_CLIENT_UAC2 "$AST_CLIENT" -s 0612345678 -m 1
  third_rc=$RC; c3=$(codes "$OUT/t0third.msg"); at3=$(tick "$OUT/t0third.log" ": 503 at")
  p=$(played 'PJSIP/trunk-a-')
  wait "$HOLD_PID"; hold_rc=$(cat "$OUT/t0hold.rc" 2>/dev/null || echo "?")
  ok=$(stat "$OUT/t0hold.screen" "Successful call")
  reached=$(( $(count_log "$CARRIER_LOG" "to 0612345678") - before ))
  if [ "$hold_rc" = 0 ] && [ "${ok:-0}" = 2 ] && [ "$third_rc" = 0 ] && [ "$reached" = 2 ]; then
    result PASS "R2 T0 trunk: third simultaneous call (503)" "2 calls held (200), third: codes $c3, 503 after ${at3:-?} ms (prompt ${p:-none}); carrier got $reached INVITEs"
  else
    RC=$third_rc
    result FAIL "R2 T0 trunk: third simultaneous call (503)" "held: exit $hold_rc successful ${ok:-?}; third: exit $third_rc codes ${c3:-none} ($(why t0third)); carrier got $reached INVITEs"
  fi
fi

# -- R3/R6: suspended account --------------------------------------------------------------------------------------
if wanted suspended; then
  AUTH_B=(-key caller trunk-b -au trunk-b -ap "$TRUNK_B_PASSWORD")
  uac susp403 uac-auth-refused-403.xml "$OTHER_IP" $P_OTHER_UAC "$AST_OTHER" -s 0612345678 -m 1 "${AUTH_B[@]}"
  r1=$RC; c1=$(codes "$OUT/susp403.msg"); p=$(played 'PJSIP/trunk-b-')
  before=$(count_log "$CARRIER_LOG" "to 112 ")
  uac susp112 uac-auth-call.xml "$OTHER_IP" $P_OTHER_UAC2 "$AST_OTHER" -s 112 -m 1 -d 1000 "${AUTH_B[@]}"
  r2=$RC; c2=$(codes "$OUT/susp112.msg")
  reached=$(( $(count_log "$CARRIER_LOG" "to 112 ") - before ))
  note=""; [ -f "$OUT/suspension.missing" ] && note=" (suspension not accepted by the admin API: $(head -c 120 "$OUT/suspension.missing"))"
  if [ "$r1" = 0 ] && [ "$r2" = 0 ] && [ "$reached" = 1 ]; then
    result PASS "R3/R6 suspended: ordinary 403, 112 connected" "globex/trunk-b -> 0612345678: codes $c1 (prompt ${p:-none}); -> 112: codes $c2, carrier got the 112 call"
  else
    RC=$r1
    result FAIL "R3/R6 suspended: ordinary 403, 112 connected" "-> 0612345678: codes ${c1:-none} ($( [ "$r1" = 0 ] && echo ok || why susp403)); -> 112: codes ${c2:-none}, carrier got $reached$note"
  fi
fi

# -- R6: an emergency number only callguard knows, from a suspended account whose trunk is full -------------------
# The dialplan's static list never reaches callguard; this number goes through the AGI: callguard must allow it
# (EMERGENCY) although globex is suspended and trunk-b (lowered to 1 channel for the test) is full.
if wanted emergency; then
  E=$EMERGENCY_NUMBER
  AUTH_B=(-key caller trunk-b -au trunk-b -ap "$TRUNK_B_PASSWORD")
  before=$(count_log "$CARRIER_LOG" "to $E ")
  lowered=$(admin PUT /admin/v1/accounts/globex/trunks/trunk-b '{"id":"trunk-b","kind":"T2_IP","channels":1}')
  ( uac emhold uac-auth-call.xml "$OTHER_IP" $P_OTHER_UAC "$AST_OTHER" -s "$E" -m 1 -d 6000 "${AUTH_B[@]}"
    echo "$RC" >"$OUT/emhold.rc" ) &
  HOLD_PID=$!
  STARTED+=("$HOLD_PID")
  up() { [ $(( $(count_log "$CARRIER_LOG" "to $E ") - before )) -ge 1 ]; }
  wait_until 10 up; sleep 0.5
  usage=$(admin GET /admin/v1/trunks/trunk-b/usage)
  use=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%s/%s" % (d["inUse"], d["cap"]))' "$WORK/admin.json" 2>/dev/null)
  full=no; [ -n "$use" ] && [ "${use%/*}" -ge "${use#*/}" ] && full=yes
  uac em2 uac-auth-call.xml "$OTHER_IP" $P_OTHER_UAC2 "$AST_OTHER" -s "$E" -m 1 -d 1000 "${AUTH_B[@]}"
  r2=$RC; c2=$(codes "$OUT/em2.msg")
  wait "$HOLD_PID"; hold_rc=$(cat "$OUT/emhold.rc" 2>/dev/null || echo "?")
  reached=$(( $(count_log "$CARRIER_LOG" "to $E ") - before ))
  restored=$(admin PUT /admin/v1/accounts/globex/trunks/trunk-b '{"id":"trunk-b","kind":"T2_IP","channels":30}')
  asked=""; [ "$MODE" = local ] && asked=$(grep -acE "AGI\\(.*/outbound,$E\"?\\)" "$WORK/ast/log/full" 2>/dev/null)
  if [ "$hold_rc" = 0 ] && [ "$r2" = 0 ] && [ "$reached" = 2 ] && [ "$full" = yes ] && [ "${asked:-2}" -ge 2 ]; then
    result PASS "R6 emergency via callguard: suspended, full" "globex/trunk-b (suspended, $use in use) -> $E (callguard's list only): codes $c2, carrier got both calls; AGI asked ${asked:-?} times"
  else
    RC=$r2
    result FAIL "R6 emergency via callguard: suspended, full" "trunk-b channels PUT $lowered/$restored, usage $usage ${use:-?} (full: $full); held: exit $hold_rc; second: codes ${c2:-none} ($(why em2)); carrier got $reached; AGI ${asked:-?}"
  fi
fi

# -- R9: inbound call to an 089 number -----------------------------------------------------------------------------
if wanted inbound089; then
  before=$(count_log "$PBX_LOG" "to 0899123456")
  uac in089 uac-inbound-early-media.xml "$CARRIER_IP" $P_CARRIER_UAC "$AST_CARRIER" -s 0899123456 -m 1 -d 1000
  c=$(codes "$OUT/in089.msg"); t183=$(tick "$OUT/in089.log" ": 183 at"); t200=$(tick "$OUT/in089.log" ": 200 at")
  reached=$(( $(count_log "$PBX_LOG" "to 0899123456") - before )); p=$(played 'PJSIP/carrier-')
  early=""; [ -n "$t183" ] && [ -n "$t200" ] && early=$(( t200 - t183 ))
  note=""; [ -f "$OUT/tariff.missing" ] && note=" (08 tariff not accepted by the admin API)"
  # the scenario itself fails a 183 without SDP; the trace is checked too, so the evidence says it
  sdp=$(sdp_183 "$OUT/in089.msg")
  if [ "$RC" = 0 ] && [ "$reached" = 1 ] && [ "$sdp" = yes ]; then
    result PASS "R9 inbound 089: 183 early media before 200" "carrier -> 0899123456: codes $c, the 183 carries SDP (m=audio); early media ${early} ms before the 200 (announcement ${p:-none} + 500 ms PBX ringing); delivered to the PBX"
  else
    result FAIL "R9 inbound 089: 183 early media before 200" "codes ${c:-none} (no 183 before the 200 = no announcement), SDP in the 183: ${sdp:-no}$note; PBX got $reached INVITE; $(why in089)"
  fi
fi

# -- R1: call cut at the maximum duration --------------------------------------------------------------------------
if wanted duration; then
  uac dur uac-auth-cut-by-bye.xml "$OTHER_IP" $P_OTHER_UAC3 "$AST_OTHER" -s 0612345678 -m 1 \
      -key caller trunk-c -au trunk-c -ap "$TRUNK_C_PASSWORD"
  c=$(codes "$OUT/dur.msg"); t200=$(tick "$OUT/dur.log" ": 200 at"); tbye=$(tick "$OUT/dur.log" ": BYE at")
  gap=""; [ -n "$t200" ] && [ -n "$tbye" ] && gap=$(( tbye - t200 ))
  if [ "$RC" = 0 ] && [ -n "$gap" ] && [ "$gap" -ge 3500 ] && [ "$gap" -le 6000 ]; then
    result PASS "R1 maximum duration: BYE from Asterisk" "brevis (maxCallSeconds 4) -> 0612345678: codes $c; Asterisk sent BYE ${gap} ms after the 200"
  else
    result FAIL "R1 maximum duration: BYE from Asterisk" "codes ${c:-none}; BYE ${gap:-never} ms after the 200 (expected 4000 +/- 500); $(why dur)"
  fi
fi

# -- a frozen callguard: the dialplan's AGI bound, then the failure branch ---------------------------------------
# callguard stopped (SIGSTOP; compose: docker pause): its kernel still accepts the FastAGI connection, nothing answers.
# The outbound call must leave AGI() after CALLGUARD_AGI_TIMEOUT and fail open (the shipped mode): 200 from the
# carrier; the inbound call fails open as always.
if wanted frozen; then
  bound_ms=$(awk -v b="$AGI_BOUND" 'BEGIN{printf "%d", b * 1000}')
  before=$(count_log "$CARRIER_LOG" "to 0612345678"); before_in=$(count_log "$PBX_LOG" "to 0198765432")
  freeze_callguard stop
  uac frozen uac-normal-call.xml "$CLIENT_IP" $P_CLIENT_UAC1 "$AST_CLIENT" -s 0612345678 -m 1 -d 500
  r1=$RC; c1=$(codes "$OUT/frozen.msg"); t1=$(tick "$OUT/frozen.log" ": 200 at")
  uac frozenin uac-normal-call.xml "$CARRIER_IP" $P_CARRIER_UAC "$AST_CARRIER" -s 0198765432 -m 1 -d 500
  r2=$RC; c2=$(codes "$OUT/frozenin.msg"); t2=$(tick "$OUT/frozenin.log" ": 200 at")
  freeze_callguard cont
  reached=$(( $(count_log "$CARRIER_LOG" "to 0612345678") - before )); reached_in=$(( $(count_log "$PBX_LOG" "to 0198765432") - before_in ))
  viaT=""; [ "$MODE" = local ] && viaT=$(grep -ac 'Executing \[T@callguard-' "$WORK/ast/log/full" 2>/dev/null)
  wait_until 30 ready 2>/dev/null || true
  # the 200 comes after the bound plus the carrier's ringing (200 ms) and the PBX's (500 ms); at most 2 s more
  in_bound() { [ -n "$1" ] && [ "$1" -ge "$bound_ms" ] && [ "$1" -le $((bound_ms + 2000)) ]; }
  if [ "$r1" = 0 ] && [ "$r2" = 0 ] && [ "$reached" = 1 ] && [ "$reached_in" = 1 ] && in_bound "$t1" && in_bound "$t2"; then
    result PASS "frozen callguard: AGI bound, then fail open" "CALLGUARD_AGI_TIMEOUT=${AGI_BOUND}s; outbound: codes $c1, 200 after $t1 ms; inbound: codes $c2, 200 after $t2 ms; extension T ran ${viaT:-?} times"
  else
    result FAIL "frozen callguard: AGI bound, then fail open" "bound ${AGI_BOUND}s; outbound: exit $r1 codes ${c1:-none} 200 at ${t1:-never} ms, carrier $reached; inbound: exit $r2 codes ${c2:-none} 200 at ${t2:-never} ms, PBX $reached_in; T ${viaT:-?}"
  fi
fi

# -- R8: CTI SMS through the SIP MESSAGE gateway -------------------------------------------------------------------
if wanted sms; then
  before=$(count_log "$SMS_LOG" "MESSAGE ")
  key=$(cat "$OUT/cti-key" 2>/dev/null || true)
  if [ -z "$key" ]; then
    result FAIL "R8 CTI SMS: SIP MESSAGE to the gateway" "no CTI API key: $(head -c 160 "$OUT/cti.missing" 2>/dev/null || echo 'seed got no secret')"
  else
    code=$(printf 'header = "Authorization: Bearer %s"\n' "$key" | curl -s -o "$OUT/sms.json" -w '%{http_code}' --max-time 10 -K - \
           -H 'Content-Type: application/json' -d '{"from":"0198765432","to":"0612345678","text":"Bonjour du testbed"}' \
           "$CTI/cti/v1/sms" || echo 000)
    got() { [ $(( $(count_log "$SMS_LOG" "MESSAGE ") - before )) -ge 1 ]; }
    if [[ "$code" == 2* ]] && wait_until 15 got; then
      result PASS "R8 CTI SMS: SIP MESSAGE to the gateway" "POST /cti/v1/sms -> $code; gateway: $(grep -a 'MESSAGE ' "$SMS_LOG" | tail -1)"
    else
      result FAIL "R8 CTI SMS: SIP MESSAGE to the gateway" "POST /cti/v1/sms -> $code $(head -c 160 "$OUT/sms.json" 2>/dev/null); gateway MESSAGEs: $(( $(count_log "$SMS_LOG" "MESSAGE ") - before ))"
    fi
  fi
fi

# -- load: rising call rate, SIPp statistics -----------------------------------------------------------------------
if wanted load; then
  LOAD_CALLS=${TB_LOAD_CALLS:-120}
  cg0=$(cpu_ticks "$CG_PID"); as0=$(cpu_ticks "$AST_PID"); t0=$(date +%s%N)
  uac load uac-load.xml "$OTHER_IP" $P_LOAD_UAC "$AST_OTHER" -s 0612345678 -m "$LOAD_CALLS" -d 500 \
      -r 2 -rate_increase 2 -rate_max 10 -no_rate_quit -fd 3 -trace_stat -stf "$(logpath load.csv)" \
      -key caller trunk-c -au trunk-c -ap "$TRUNK_C_PASSWORD"
  t1=$(date +%s%N); cg1=$(cpu_ticks "$CG_PID"); as1=$(cpu_ticks "$AST_PID")
  ok=$(stat "$OUT/load.screen" "Successful call"); ko=$(stat "$OUT/load.screen" "Failed call")
  # mean INVITE -> 200 over the run: ResponseTime1(C) of the last statistics line
  rt=$(tail -1 "$OUT/load.csv" 2>/dev/null | awk -F';' '{print $70}' | awk -F: '{printf "%d ms", $3*1000 + $4/1000}')
  rate=$(awk -F';' 'NR>1 && $7+0>m {m=$7+0} END{printf "%.1f", m}' "$OUT/load.csv" 2>/dev/null)
  tck=$(getconf CLK_TCK 2>/dev/null || echo 100)
  cost=""
  if [ -n "$CG_PID" ] && [ "${ok:-0}" -gt 0 ]; then
    cost=$(awk -v c=$((cg1 - cg0)) -v a=$((as1 - as0)) -v n="$ok" -v t="$tck" \
      'BEGIN{printf "; CPU per call: callguard %.2f ms, Asterisk %.2f ms", c*1000/t/n, a*1000/t/n}')
  fi
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)/1e9}')
  if [ "$RC" = 0 ] && [ "${ok:-0}" = "$LOAD_CALLS" ] && [ "${ko:-1}" = 0 ]; then
    result PASS "load: 2 -> 10 calls/s ramp" "$ok calls ok, $ko failed in ${secs}s, peak period ${rate} calls/s; mean INVITE->200 $rt (401 round trip + 200 ms ringing at the carrier)$cost; stats $OUT/load.csv"
  else
    result FAIL "load: 2 -> 10 calls/s ramp" "successful ${ok:-?}/$LOAD_CALLS, failed ${ko:-?}; $(why load)"
  fi
fi

# -- load50: a steady rate through the AGI step, then the same calls without it (the baseline) -------------------
# Short authenticated calls on trunk-c (account brevis) at TB_LOAD_RATE calls/s, each held TB_LOAD_HOLD_MS after
# the 200: about rate x 0.25 s calls at once (12 at 50/s: 200 ms of ringing at the carrier), within the ~24 that
# rtp.conf's port range bridges; SIPp holds back (-l 20) when a stalled Asterisk lets calls pile up. First
# TB_LOAD50_WARMUP calls through the AGI step, not measured (callguard's JIT: after 1500 calls it still took half of
# callguard's CPU in the measured runs, after 3500 a tenth), then two measured runs of TB_LOAD50_CALLS calls each:
#   agi   to 0612345678: the shipped dialplan, AGI() to callguard then Dial to the carrier;
#   plain to 9990612345678: asterisk/extensions.testbed.conf's plain Dial of 0612345678 to the same carrier, no AGI;
#         callguard keeps running and reading AMI, so this run shows what the AMI event stream alone costs it.
# CPU per call = utime+stime of the whole process (/proc/<pid>/stat) over the run, until Asterisk has no channel
# left, divided by the successful calls. The manager.conf filter is the shipped one.
if wanted load50; then
  L_RATE=${TB_LOAD_RATE:-50} L_CALLS=${TB_LOAD50_CALLS:-1000} L_WARM=${TB_LOAD50_WARMUP:-4000} L_HOLD=${TB_LOAD_HOLD_MS:-0}
  L_WARM_MAX=${TB_LOAD50_WARMUP_MAX:-20000} L_SETTLED=${TB_LOAD50_JIT_SETTLED:-0.05}
  for v in "$L_RATE" "$L_CALLS" "$L_WARM" "$L_HOLD" "$L_WARM_MAX"; do
    [[ "$v" =~ ^[0-9]+$ ]] || die "TB_LOAD_RATE, TB_LOAD50_CALLS, TB_LOAD50_WARMUP, TB_LOAD50_WARMUP_MAX and TB_LOAD_HOLD_MS must be whole numbers, not '$v'"
  done
  [[ "$L_SETTLED" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "TB_LOAD50_JIT_SETTLED must be a number of ms per call, not '$L_SETTLED'"
  [ "$L_WARM_MAX" -ge "$L_WARM" ] || die "TB_LOAD50_WARMUP_MAX ($L_WARM_MAX) is below TB_LOAD50_WARMUP ($L_WARM)"
  [ "$L_RATE" -ge 1 ] && [ "$L_CALLS" -ge 1 ] || die "TB_LOAD_RATE and TB_LOAD50_CALLS must be at least 1"
  tck=$(getconf CLK_TCK 2>/dev/null || echo 100)
  no_channels() { ast "core show channels count" | grep -q '^0 active channels'; }
  thread_ticks() { # PID: "name ticks" per live thread (digits of the name folded: "vert.x-eventloop-thread-N")
    [ -n "${1:-}" ] || return 0
    # stat: "tid (comm) state ppid ...": utime and stime are the 11th and 12th fields after the state
    awk '{ i = index($0, "("); j = match($0, /\) [A-Za-z] /); n = substr($0, i + 1, j - i - 1)
           split(substr($0, j + RLENGTH), f, " "); gsub(/[0-9]+/, "N", n); print n "|" f[11] + f[12] }' \
      /proc/"$1"/task/*/stat 2>/dev/null
  }
  loop_wakeups() { # PID: voluntary context switches of the event loops so far (each one a sleep in epoll, so a wake-up)
    [ -n "${1:-}" ] || { echo 0; return 0; }
    local t n=0 v
    for t in /proc/"$1"/task/*; do
      case "$(cat "$t/comm" 2>/dev/null)" in
        vert.x-eventloo*) v=$(awk '/^voluntary_ctxt_switches/ {print $2}' "$t/status" 2>/dev/null); n=$((n + ${v:-0})) ;;
      esac
    done
    echo "$n"
  }
  thread_split() { # BEFORE AFTER OUT: callguard's CPU ticks of the run by thread name, most first (threads that
    # ended during the run are missing: the process total is the reference)
    awk -F'|' 'NR==FNR {b[$1]+=$2; next} {a[$1]+=$2} END {for (n in a) if (a[n]-b[n] > 0) printf "%6d  %s\n", a[n]-b[n], n}' \
      "$1" "$2" | sort -rn >"$3"
  }
  steady() { # NAME NUMBER CALLS [SIPP RATE ARGS]: one run; sets S_OK S_KO S_RC S_CG S_AS S_JIT (CPU ticks) S_SECS S_RT
    # S_WAKE (event-loop wake-ups)
    local name=$1 number=$2 n=$3 cg0 as0 t0 t1 wk0; shift 3
    local rate=("$@"); [ ${#rate[@]} -gt 0 ] || rate=(-r "$L_RATE" -rp 1000 -fd 2)
    thread_ticks "$CG_PID" >"$WORK/$name.threads0"
    cg0=$(cpu_ticks "$CG_PID"); as0=$(cpu_ticks "$AST_PID"); wk0=$(loop_wakeups "$CG_PID"); t0=$(date +%s%N)
    uac "$name" uac-load.xml "$OTHER_IP" $P_LOAD_UAC "$AST_OTHER" -s "$number" -m "$n" -d "$L_HOLD" -l 20 \
        "${rate[@]}" -trace_stat -stf "$(logpath "$name.csv")" \
        -key caller trunk-c -au trunk-c -ap "$TRUNK_C_PASSWORD"
    S_RC=$RC
    wait_until 10 no_channels || true   # the last hang-ups (and their AMI events) belong to this run
    t1=$(date +%s%N); S_CG=$(( $(cpu_ticks "$CG_PID") - cg0 )); S_AS=$(( $(cpu_ticks "$AST_PID") - as0 ))
    S_WAKE=$(( $(loop_wakeups "$CG_PID") - wk0 ))
    thread_ticks "$CG_PID" >"$WORK/$name.threads1"
    thread_split "$WORK/$name.threads0" "$WORK/$name.threads1" "$OUT/$name.threads"
    S_JIT=$(awk '/CompilerThre/ {t += $1} END {print t + 0}' "$OUT/$name.threads")
    S_OK=$(stat "$OUT/$name.screen" "Successful call"); S_KO=$(stat "$OUT/$name.screen" "Failed call")
    S_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)/1e9}')
    S_RT=$(tail -1 "$OUT/$name.csv" 2>/dev/null | awk -F';' '{print $70}' | awk -F: '{printf "%d", $3*1000 + $4/1000}')
  }
  per_call() { awk -v t="$1" -v n="$2" -v k="$tck" 'BEGIN{ if (n > 0) printf "%.2f", t*1000/k/n; else print "?" }'; }
  ratio() { awk -v c="$1" -v a="$2" 'BEGIN{ if (a > 0) printf "%.1f %%", c*100/a; else print "?" }'; }

  # warm-up in SIPp runs of at most 40 s (its -timeout is 90 s); the first one rises to the rate over 4 s. The runs
  # alternate between the two numbers, AGI first: the plain calls' own path (a call record without a decision) is
  # compiled before it is measured too, and C2's code for the shared path has seen both kinds of call. At least
  # L_WARM calls, then on until the last run of each kind took at most L_SETTLED ms per call of JIT (a count alone
  # does not do: C2 compiles the per-call paths only after thousands of calls, and one run after 4000 still compiled
  # 0.73 ms per call), at most L_WARM_MAX calls.
  settled() { awk -v j="$1" -v s="$L_SETTLED" 'BEGIN{ exit !(j != "?" && j + 0 <= s + 0) }'; }
  w_note="" w_left=$L_WARM w_i=0 w_ok=0 w_jit="?" w_jit_agi="?" w_jit_plain="?" w_done=0
  while [ "$w_left" -gt 0 ] || { ! { settled "$w_jit_agi" && settled "$w_jit_plain"; } && [ "$w_done" -lt "$L_WARM_MAX" ]; }; do
    [ "$w_left" -gt 0 ] || w_left=$(( L_WARM_MAX - w_done < L_RATE * 20 ? L_WARM_MAX - w_done : L_RATE * 20 ))
    w_n=$(( w_left < L_RATE * 40 ? w_left : L_RATE * 40 )); w_i=$((w_i + 1)); w_done=$((w_done + w_n))
    w_number=0612345678; [ $((w_i % 2)) = 0 ] && w_number=9990612345678
    if [ "$w_i" = 1 ]; then
      steady load50warm$w_i $w_number "$w_n" -r $(( (L_RATE + 4) / 5 )) -rate_increase $(( (L_RATE + 4) / 5 )) \
          -fd 1 -rate_max "$L_RATE" -no_rate_quit
    else
      steady load50warm$w_i $w_number "$w_n"
    fi
    w_ok=$((w_ok + ${S_OK:-0})); w_jit=$(per_call "$S_JIT" "${S_OK:-0}"); w_left=$((w_left - w_n))
    if [ $((w_i % 2)) = 0 ]; then w_jit_plain=$w_jit; else w_jit_agi=$w_jit; fi
    [ "$S_RC" = 0 ] && [ "${S_OK:-0}" = "$w_n" ] || w_note="$w_note; warm-up $w_i: ${S_OK:-?}/$w_n ok ($(why load50warm$w_i))"
  done
  w_jit="$w_jit_agi/$w_jit_plain"
  # each measured run follows a run of its own kind: the switch from one kind of call to the other recompiles part of
  # the path (0.10-0.17 ms per call of JIT in an AGI run right after a plain one), which a node taking a steady mix of
  # both never does; L_RATE * 20 calls each, unmeasured
  bridge() { # NAME NUMBER
    steady "$1" "$2" $(( L_RATE * 20 ))
    w_ok=$((w_ok + ${S_OK:-0})); w_done=$((w_done + L_RATE * 20)); w_i=$((w_i + 1))
    [ "$S_RC" = 0 ] && [ "${S_OK:-0}" = $(( L_RATE * 20 )) ] || w_note="$w_note; $1: ${S_OK:-?}/$(( L_RATE * 20 )) ok ($(why "$1"))"
  }
  [ $((w_i % 2)) = 1 ] || bridge load50bridgeagi 0612345678
  steady load50agi 0612345678 "$L_CALLS"
  a_rc=$S_RC a_ok=$S_OK a_ko=$S_KO a_cg=$S_CG a_as=$S_AS a_secs=$S_SECS a_rt=$S_RT a_jit=$S_JIT a_wk=$S_WAKE
  bridge load50bridgeplain 9990612345678
  steady load50plain 9990612345678 "$L_CALLS"
  b_rc=$S_RC b_ok=$S_OK b_ko=$S_KO b_cg=$S_CG b_as=$S_AS b_secs=$S_SECS b_rt=$S_RT b_jit=$S_JIT b_wk=$S_WAKE
  l50="load50: $L_RATE calls/s, AGI step vs plain Dial"
  if [ -n "$CG_PID" ] && [ "${a_ok:-0}" -gt 0 ] && [ "${b_ok:-0}" -gt 0 ]; then
    a_cgc=$(per_call "$a_cg" "$a_ok") a_asc=$(per_call "$a_as" "$a_ok") b_cgc=$(per_call "$b_cg" "$b_ok") b_asc=$(per_call "$b_as" "$b_ok")
    d_cg=$(awk -v a="$a_cgc" -v b="$b_cgc" 'BEGIN{printf "%+.2f", a-b}') d_as=$(awk -v a="$a_asc" -v b="$b_asc" 'BEGIN{printf "%+.2f", a-b}')
    a_steady=$(per_call "$((a_cg - a_jit))" "$a_ok") b_steady=$(per_call "$((b_cg - b_jit))" "$b_ok")
    cost="CPU per call: with AGI callguard $a_cgc ms / Asterisk $a_asc ms = $(ratio "$a_cgc" "$a_asc") (without callguard's JIT compiler threads, its steady state: $a_steady ms = $(ratio "$a_steady" "$a_asc")); plain Dial (AMI only) callguard $b_cgc ms / Asterisk $b_asc ms = $(ratio "$b_cgc" "$b_asc") (without the JIT: $(ratio "$b_steady" "$b_asc")); the AGI step (difference) callguard $d_cg ms, Asterisk $d_as ms; of callguard's, the JIT compiler's $(per_call "$a_jit" "$a_ok")/$(per_call "$b_jit" "$b_ok") ms (threads: load50{agi,plain}.threads); event-loop wake-ups per call $(awk -v w="$a_wk" -v n="$a_ok" 'BEGIN{ if (n > 0) printf "%.1f", w/n; else print "?" }')/$(awk -v w="$b_wk" -v n="$b_ok" 'BEGIN{ if (n > 0) printf "%.1f", w/n; else print "?" }')"
  else
    cost="CPU not measured (compose mode: the processes are in containers)"
  fi
  evidence="calls ok: with AGI $a_ok in ${a_secs}s, plain $b_ok in ${b_secs}s; mean INVITE->200 ${a_rt:-?}/${b_rt:-?} ms; $cost; warm-up $w_ok calls in $w_i run(s), JIT in the last of each (AGI/plain) $w_jit ms per call ($(settled "$w_jit_agi" && settled "$w_jit_plain" && echo "settled: at most $L_SETTLED" || echo "NOT settled at $L_SETTLED after $w_done calls"))$w_note; stats $OUT/load50{agi,plain}.csv"
  if [ "$a_rc" = 0 ] && [ "$b_rc" = 0 ] && [ "${a_ok:-0}" = "$L_CALLS" ] && [ "${b_ok:-0}" = "$L_CALLS" ] \
     && [ "${a_ko:-1}" = 0 ] && [ "${b_ko:-1}" = 0 ]; then
    result PASS "$l50" "$evidence"
  else
    RC=$a_rc; [ "$a_rc" = 0 ] && RC=$b_rc
    result FAIL "$l50" "with AGI ${a_ok:-?}/$L_CALLS ok, ${a_ko:-?} failed ($( [ "$a_rc" = 0 ] && echo ok || why load50agi)); plain ${b_ok:-?}/$L_CALLS ok, ${b_ko:-?} failed ($( [ "$b_rc" = 0 ] && echo ok || why load50plain)); $cost"
  fi
fi

# -- R7: SIP messages per source IP, seen through Asterisk's HEP mirror ---------------------------------------------
# Asterisk loads res_hep + res_hep_pjsip for this step only (its hep.conf points at callguard's collector); a sender
# at 40 OPTIONS/s stays off the block list, one at 150/s is listed with its expiry.
if wanted sipflood; then
  hep_on=$(ast "module load res_hep.so"; ast "module load res_hep_pjsip.so"; ast "module show like res_hep" | grep -c 'res_hep')
  slow_rc=0 slow_ok="not run (one sender address in compose)"
  if [ "$SLOW_IP" != "$FLOOD_IP" ]; then
    uac sipslow uac-options-flood.xml "$SLOW_IP" $P_SLOW "$AST_OTHER" -r 40 -m 120
    slow_rc=$RC slow_ok=$(stat "$OUT/sipslow.screen" "Successful call")
  fi
  uac sipflood uac-options-flood.xml "$FLOOD_IP" $P_FLOOD "$AST_OTHER" -r 150 -m 450
  flood_rc=$RC flood_ok=$(stat "$OUT/sipflood.screen" "Successful call")
  listed() { admin GET /admin/v1/blocked-addresses >/dev/null; grep -q "\"address\":\"$FLOOD_IP\"" "$WORK/admin.json"; }
  wait_until 10 listed
  code=$(admin GET /admin/v1/blocked-addresses); cp "$WORK/admin.json" "$OUT/blocked-addresses.json"
  entry=$(python3 - "$OUT/blocked-addresses.json" "$FLOOD_IP" <<'PY' 2>/dev/null
import json, sys
for i in json.load(open(sys.argv[1])).get("items", []):
    if i["address"] == sys.argv[2]:
        print("%s until %s (%s messages since)" % (i["address"], i["until"], i["count"]))
PY
)
  slow_listed=no
  [ "$SLOW_IP" != "$FLOOD_IP" ] && grep -q "\"address\":\"$SLOW_IP\"" "$OUT/blocked-addresses.json" && slow_listed=yes
  ast "module unload res_hep_pjsip.so" >/dev/null; ast "module unload res_hep.so" >/dev/null
  if [ "$code" = 200 ] && [ -n "$entry" ] && [ "$slow_listed" = no ]; then
    result PASS "R7 SIP flood: address blocked (HEP)" "OPTIONS from $FLOOD_IP at 150/s (${flood_ok:-?} answered): listed, $entry; from $SLOW_IP at 40/s (${slow_ok:-?} answered): not listed"
  else
    RC=$flood_rc
    result FAIL "R7 SIP flood: address blocked (HEP)" "GET /admin/v1/blocked-addresses -> $code $(head -c 200 "$OUT/blocked-addresses.json"); 40/s sender listed: $slow_listed (exit $slow_rc); 150/s sender exit $flood_rc; res_hep modules loaded: ${hep_on:-0}"
  fi
fi

# -- cluster: two callguard nodes, each behind its own Asterisk, count together (--nodes 2) -----------------------
# Node A (first Asterisk) and node B (the second one) share one Redis namespace (state.backend redis) and one
# PostgreSQL store (configuration changes by LISTEN/NOTIFY). 1) TB_CLUSTER_CALLS calls at once through EACH Asterisk
# on trunk-a (T0_IP, 2 channels), held 6 s when answered: exactly 2 answered in all, every other one refused with 503
# (TRUNK_FULL, cause 34), and both nodes' usage reads 2/2 meanwhile. 2) trunk-a suspended through node A's admin API:
# the next call, through the second Asterisk (node B), is refused with 403 (LINE_SUSPENDED, cause 21), its refusal
# (the 183 that starts the denial prompt) within 1 s of node A's reply. 3) the suspension lifted through node B's
# admin API: the next call, through the first Asterisk (node A), is connected (200).
if wanted cluster; then
  cl="cluster: 2 nodes, 2 Asterisk, shared counts"
  N=${TB_CLUSTER_CALLS:-3}
  [[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 2 ] && [ "$N" -le 10 ] || die "TB_CLUSTER_CALLS must be 2 to 10, not '$N'"
  usage_of() { # BASE_URL [NAME]: "inUse/cap" of trunk-a as that node reads it (the JSON kept as $OUT/NAME.json)
    admin_to "$1" GET /admin/v1/trunks/trunk-a/usage >/dev/null
    [ -z "${2:-}" ] || cp "$WORK/admin.json" "$OUT/$2.json"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%s/%s" % (d["inUse"], d["cap"]))' "$WORK/admin.json" 2>/dev/null
  }
  msg_at() { # message trace, sent|received, first word of the message ("INVITE", "183"): epoch ms of the first such
    python3 - "$@" <<'PY' 2>/dev/null
import calendar, re, sys, time
path, direction, first = sys.argv[1:4]
stamp, state = None, 0
for line in open(path, encoding="utf-8", errors="replace"):
    m = re.match(r"^-{10,} (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.(\d+)", line)
    if m:
        stamp = calendar.timegm(time.strptime(m.group(1) + " " + m.group(2), "%Y-%m-%d %H:%M:%S")) * 1000 \
            + int(m.group(3)[:3].ljust(3, "0"))
        state = 0
    elif state == 0 and line.startswith("UDP message " + direction):
        state = 1
    elif state == 1 and line.strip():
        words = line.split()
        if words[0] == first or (words[0] == "SIP/2.0" and len(words) > 1 and words[1] == first):
            print(stamp)
            sys.exit(0)
        state = 2
sys.exit(1)
PY
  }
  # node B learnt the seed (written through node A) from the store's notifications
  knows_b() { [ "$(admin_to "$ADMIN_B" GET /admin/v1/trunks/trunk-a/usage)" = 200 ]; }
  wait_until 10 knows_b && b_knows=yes || b_knows=no

  # trunk-a free on both nodes first: an earlier step may have left slots behind for a while (frozen: the decisions a
  # thawed node takes for calls Asterisk already gave up on hold slots until the reconciliation frees them, after
  # caps.orphanGrace, 10 s)
  slots_free() { [ "$(usage_of "$ADMIN")" = 0/2 ] && [ "$(usage_of "$ADMIN_B")" = 0/2 ]; }
  pre=""
  if ! slots_free; then
    t_w=$(date +%s%3N)
    if wait_until 40 slots_free; then
      pre="trunk-a free after $(( $(date +%s%3N) - t_w )) ms (slots of earlier steps); "
    else
      pre="trunk-a not free before the step (A $(usage_of "$ADMIN" cluster-usage-before-a), B $(usage_of "$ADMIN_B" cluster-usage-before-b)); "
    fi
  fi

  # decisions answered with the failure verdict (a state call that failed or outlasted state.timeout, then the shipped
  # fail-open: ALLOW reason ERROR) prove nothing about the counting: counted over the race, on both Asterisk servers
  fail_open() { [ "$MODE" = local ] || { echo 0; return; }; count_log "$1/log/full" 'CALLGUARD_VERDICT=ALLOW,CALLGUARD_REASON=ERROR'; }
  err_a0=$(fail_open "$WORK/ast") err_b0=$(fail_open "$WORK/ast-b")

  # 1) N calls at once through each Asterisk on the T0 trunk
  before=$(count_log "$CARRIER_LOG" "to 0612345678")
  race_pids=()
  for side in a b; do
    if [ "$side" = a ]; then target=$AST_CLIENT port=$P_CLIENT_UAC1; else target=$AST_B_CLIENT port=$P_B_CLIENT_UAC1; fi
    ( uac clrace$side uac-t0-race.xml "$CLIENT_IP" "$port" "$target" -s 0612345678 -m "$N" -l "$N" -r 20 -d 6000
      echo "$RC" >"$OUT/clrace$side.rc" ) &
    race_pids+=("$!")
    STARTED+=("$!")
  done
  two_up() { [ $(( $(count_log "$CARRIER_LOG" "to 0612345678") - before )) -ge 2 ]; }
  wait_until 10 two_up; sleep 1   # both answered calls up, the refused ones still playing their prompt
  use_a=$(usage_of "$ADMIN" cluster-usage-a); use_b=$(usage_of "$ADMIN_B" cluster-usage-b)
  wait "${race_pids[@]}"
  rc_a=$(cat "$OUT/clracea.rc" 2>/dev/null || echo "?") rc_b=$(cat "$OUT/clraceb.rc" 2>/dev/null || echo "?")
  ans_a=$(count_log "$OUT/clracea.log" ": 200 at") ref_a=$(count_log "$OUT/clracea.log" ": 503 at")
  ans_b=$(count_log "$OUT/clraceb.log" ": 200 at") ref_b=$(count_log "$OUT/clraceb.log" ": 503 at")
  reached=$(( $(count_log "$CARRIER_LOG" "to 0612345678") - before ))
  p_a=$(played 'PJSIP/trunk-a-' "$WORK/ast") p_b=$(played 'PJSIP/trunk-a-' "$WORK/ast-b")
  err_a=$(( $(fail_open "$WORK/ast") - err_a0 )) err_b=$(( $(fail_open "$WORK/ast-b") - err_b0 ))
  race_ok=no
  [ "$rc_a" = 0 ] && [ "$rc_b" = 0 ] && [ $((ans_a + ans_b)) = 2 ] && [ $((ref_a + ref_b)) = $((2 * N - 2)) ] \
    && [ "$reached" = 2 ] && [ "$use_a" = 2/2 ] && [ "$use_b" = 2/2 ] && [ "$err_a" = 0 ] && [ "$err_b" = 0 ] && race_ok=yes
  race="${pre}trunk-a (T0_IP, 2 channels), $N calls at once through each Asterisk: A $ans_a answered/$ref_a refused (503), B $ans_b/$ref_b: $((ans_a + ans_b)) answered in all, carrier got $reached; usage during the hold: node A ${use_a:-?}, node B ${use_b:-?}$([ "$MODE" = local ] && echo "; prompts A ${p_a:-none}, B ${p_b:-none}")"
  [ "$err_a" = 0 ] && [ "$err_b" = 0 ] || race="$race; failure verdicts (ALLOW reason ERROR: a state call failed, fail-open) in the race: A $err_a, B $err_b"
  [ "$rc_a" = 0 ] || race="$race; A's SIPp: $(why clracea)"
  [ "$rc_b" = 0 ] || race="$race; B's SIPp: $(why clraceb)"
  # every slot free again before the next part (the hang-ups reach both nodes through their AMI)
  wait_until 15 slots_free || race="$race; slots still held after the calls: A $(usage_of "$ADMIN"), B $(usage_of "$ADMIN_B")"

  # 2) suspended through node A, refused through the second Asterisk (node B)
  code_s=$(admin_to "$ADMIN" POST /admin/v1/accounts/acme/suspensions \
           '{"reason":"NON_PAYMENT","note":"testbed cluster step: made through node A","trunkId":"trunk-a"}')
  t_reply=$(date +%s%3N)
  sid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("id",""))' "$WORK/admin.json" 2>/dev/null)
  uac clsusp uac-suspended-403.xml "$CLIENT_IP" $P_B_CLIENT_UAC2 "$AST_B_CLIENT" -s 0612345678 -m 1
  r_s=$RC c_s=$(codes "$OUT/clsusp.msg") p_s=$(played 'PJSIP/trunk-a-' "$WORK/ast-b")
  t_inv=$(msg_at "$OUT/clsusp.msg" sent INVITE) t_ref=$(msg_at "$OUT/clsusp.msg" received 183)
  [ -n "$t_ref" ] || t_ref=$(msg_at "$OUT/clsusp.msg" received 403)
  inv_after="" ref_after=""
  [ -n "$t_inv" ] && inv_after=$((t_inv - t_reply)); [ -n "$t_ref" ] && ref_after=$((t_ref - t_reply))
  susp_ok=no
  [[ "$code_s" == 2* ]] && [ -n "$sid" ] && [ "$r_s" = 0 ] && [ -n "$ref_after" ] && [ "$ref_after" -le 1000 ] && susp_ok=yes
  susp="suspended through node A (POST -> $code_s), next call through B's Asterisk: codes ${c_s:-none} (prompt ${p_s:-none}), INVITE ${inv_after:-?} ms and refusal ${ref_after:-?} ms after A's reply"
  [ "$r_s" = 0 ] || susp="$susp; $(why clsusp)"

  # 3) lifted through node B, connected through the first Asterisk (node A)
  code_l=none r_l=none c_l=""
  if [ -n "$sid" ]; then
    code_l=$(admin_to "$ADMIN_B" DELETE "/admin/v1/accounts/acme/suspensions/$sid")
    t_lreply=$(date +%s%3N)
    # whatever happened, trunk-a is not left suspended for the steps of a later run on the same store
    [[ "$code_l" == 2* ]] || admin_to "$ADMIN" DELETE "/admin/v1/accounts/acme/suspensions/$sid" >/dev/null
    before=$(count_log "$CARRIER_LOG" "to 0612345678")
    uac cllift uac-normal-call.xml "$CLIENT_IP" $P_CLIENT_UAC1 "$AST_CLIENT" -s 0612345678 -m 1 -d 500
    r_l=$RC c_l=$(codes "$OUT/cllift.msg") t_200=$(msg_at "$OUT/cllift.msg" received 200)
    reached_l=$(( $(count_log "$CARRIER_LOG" "to 0612345678") - before ))
  fi
  lift_ok=no
  [[ "$code_l" == 2* ]] && [ "$r_l" = 0 ] && [ "${reached_l:-0}" = 1 ] && lift_ok=yes
  lift="lifted through node B (DELETE -> $code_l), next call through A's Asterisk: codes ${c_l:-none}$([ -n "${t_200:-}" ] && echo ", 200 $((t_200 - t_lreply)) ms after B's reply")"
  [ "$r_l" = 0 ] || [ "$r_l" = none ] || lift="$lift; $(why cllift)"

  if [ "$b_knows" = yes ] && [ "$race_ok" = yes ] && [ "$susp_ok" = yes ] && [ "$lift_ok" = yes ]; then
    result PASS "$cl" "$race; $susp; $lift"
  else
    warns=""
    [ "$MODE" = local ] && warns="; state backend WARN lines: A $(count_log "$OUT/callguard.log" 'state backend call'), B $(count_log "$OUT/callguard-b.log" 'state backend call')"
    result FAIL "$cl" "node B knows the seeded trunk-a: $b_knows; $race (${race_ok}); $susp (${susp_ok}); $lift (${lift_ok})$warns"
  fi
fi

echo "== summary ($MODE${AST_VERSION:+, $AST_VERSION})"
printf '%s\n' "${RESULTS[@]}"
echo "scenarios: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
