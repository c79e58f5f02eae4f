#!/usr/bin/env bash
# Loads the testbed's data into a running callguard through its admin API (curl), never through SQL.
#
#   CALLGUARD_ADMIN_TOKEN=... testbed/seed.sh [ADMIN_URL]        (default http://127.0.0.1:8080)
#
# What it creates (the SIPp scenarios rely on these names; the trunk ids are the pjsip.conf endpoint names):
#   acme    T0 client: trunk-a (T0_IP, 2 channels), numbers 0198765432 (ordinary) and 0899123456 (089 number,
#           service charge 0.80 EUR per minute, tariff announcement on: R9)
#   globex  suspended client: trunk-b (T2_IP, 30 channels), number 0187654321, an active suspension (NON_PAYMENT)
#   brevis  short maximum duration: maxCallSeconds 4 (R1 scenario), trunk-c (T2_IP, 30 channels)
#   a CTI API key for acme (R8 SMS scenario), written to $SEED_OUT/cti-key when SEED_OUT is set
# Idempotent: an object that already exists (409) is left as it is. Exit code 1 when a required object could not
# be created; the optional parts that need features not wired yet (08 tariff, suspension, CTI keys) print a
# NOTE and leave a marker file in $SEED_OUT (tariff.missing, suspension.missing, cti.missing).
set -euo pipefail

ADMIN=${1:-http://127.0.0.1:8080}
ADMIN=${ADMIN%/}
TOKEN=${CALLGUARD_ADMIN_TOKEN:?set CALLGUARD_ADMIN_TOKEN to the admin token}
OUT=${SEED_OUT:-}
ACTOR=testbed-seed
TMP=$(mktemp)
trap 'rm -f "$TMP"' EXIT

# call METHOD PATH [JSON]: prints the HTTP status; the body is in $TMP. The token goes through curl's config on
# stdin, so it stays out of the process list.
call() {
  local method=$1 path=$2 body=${3:-}
  local args=(-s -o "$TMP" -w '%{http_code}' --max-time 15 -X "$method" -H 'Accept: application/json'
              -H "X-Callguard-Actor: $ACTOR" -K -)
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  printf 'header = "Authorization: Bearer %s"\n' "$TOKEN" | curl "${args[@]}" "$ADMIN$path" || echo 000
}
# need METHOD PATH JSON WHAT: 2xx or 409 (already there), else exit 1
need() {
  local code
  code=$(call "$1" "$2" "$3")
  case "$code" in
    2*) echo "seed: $4 created" ;;
    409) echo "seed: $4 already there" ;;
    *) echo "seed: $4 FAILED: $1 $2 -> $code $(head -c 400 "$TMP")" >&2; exit 1 ;;
  esac
}
# want METHOD PATH JSON WHAT MARKER: like need, but a failure is a NOTE and a marker file, not an error
want() {
  local code
  code=$(call "$1" "$2" "$3")
  case "$code" in
    2*) echo "seed: $4 created"; return 0 ;;
    409) echo "seed: $4 already there"; return 0 ;;
    *) echo "seed: NOTE $4 not accepted ($1 $2 -> $code $(head -c 300 "$TMP"))"
       [ -n "$OUT" ] && printf '%s %s -> %s %s\n' "$1" "$2" "$code" "$(head -c 300 "$TMP")" >"$OUT/$5.missing"
       return 1 ;;
  esac
}

for i in $(seq 1 100); do
  curl -sf --max-time 2 "$ADMIN/health" >/dev/null 2>&1 && break
  [ "$i" = 100 ] && { echo "seed: $ADMIN/health does not answer" >&2; exit 1; }
  sleep 0.2
done

A=/admin/v1/accounts
need POST $A '{"id":"acme","name":"ACME (T0 IP trunk)"}' "account acme"
need POST $A/acme/trunks '{"id":"trunk-a","kind":"T0_IP","channels":2}' "trunk acme/trunk-a (T0_IP, 2 channels)"
need POST $A/acme/numbers '{"number":"0198765432","trunkId":"trunk-a"}' "number 0198765432 -> trunk-a"
# R9: an 089 number with its service charge; older servers know no tariff fields: then the number alone
if ! want POST $A/acme/numbers \
    '{"number":"0899123456","trunkId":"trunk-a","chargeCents":80,"chargeUnit":"MINUTE","announcement":true}' \
    "number 0899123456 (089, 0.80 EUR/min, announcement on)" tariff; then
  need POST $A/acme/numbers '{"number":"0899123456","trunkId":"trunk-a"}' "number 0899123456 WITHOUT tariff"
fi

need POST $A '{"id":"globex","name":"Globex (suspended)"}' "account globex"
need POST $A/globex/trunks '{"id":"trunk-b","kind":"T2_IP","channels":30}' "trunk globex/trunk-b (T2_IP, 30 channels)"
need POST $A/globex/numbers '{"number":"0187654321","trunkId":"trunk-b"}' "number 0187654321 -> trunk-b"
# one active suspension is enough: a second POST would add another one
code=$(call GET "$A/globex/suspensions?status=ACTIVE")
if [ "$code" = 200 ] && grep -q '"id"' "$TMP"; then
  echo "seed: globex already suspended"
else
  want POST $A/globex/suspensions '{"reason":"NON_PAYMENT","note":"testbed: unpaid invoice"}' \
    "suspension of globex (NON_PAYMENT)" suspension || true
fi

need POST $A '{"id":"brevis","name":"Brevis (4 s maximum call duration)","maxCallSeconds":4}' "account brevis (maxCallSeconds 4)"
need POST $A/brevis/trunks '{"id":"trunk-c","kind":"T2_IP","channels":30}' "trunk brevis/trunk-c (T2_IP, 30 channels)"

# R8: a CTI API key for acme (its secret is shown once)
if want POST $A/acme/api-keys '{"label":"testbed"}' "CTI API key for acme" cti; then
  secret=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("secret") or d.get("key",{}).get("secret",""))' "$TMP" 2>/dev/null || true)
  if [ -n "$secret" ] && [ -n "$OUT" ]; then (umask 077; printf '%s\n' "$secret" >"$OUT/cti-key"); fi
fi
echo "seed: done ($ADMIN)"
