#!/bin/bash
# The sipp service's main process: the three long-running UAS roles of the compose testbed, each on the address
# config-examples/asterisk/pjsip.conf (or the callguard configuration) gives it. Exits when one of them exits.
set -u
cd /out
S=/testbed/sipp
run() { # name scenario ip port
  sipp -sf "$S/$2" -i "$3" -p "$4" -mp $(($4 + 2)) -aa -nostdin -trace_logs -log_file "/out/$1.log" \
       -trace_msg -message_file "/out/$1.msg" -trace_err -error_file "/out/$1.err" >"/out/$1.screen" 2>&1 &
}
run carrier uas-carrier.xml 198.51.100.20 5060
run pbx uas-client-pbx.xml 203.0.113.10 5060
run smsgw uas-sms-gateway.xml 192.0.2.30 5090
trap 'kill $(jobs -p) 2>/dev/null' TERM INT
wait -n
echo "uas-roles: a SIPp role exited" >&2
kill $(jobs -p) 2>/dev/null
exit 1
