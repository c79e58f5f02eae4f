#!/bin/sh
# Asterisk's entrypoint in the compose testbed: /etc/asterisk is assembled from the repository's configuration,
# mounted read-only, used unchanged (the compose networks carry the addresses it names), plus the testbed's
# trunk-c endpoint, its load50 baseline extension and the rendered prompts; ASTERISK_SYSTEMNAME, when set, becomes
# asterisk.conf's systemname (asterisk-b). Then Asterisk runs in the foreground.
set -eu
X=/callguard/config-examples/asterisk
for f in extensions.conf pjsip.conf manager.conf rtp.conf; do cp "$X/$f" /etc/asterisk/$f; done
cat /callguard/testbed-asterisk/pjsip.testbed.conf >>/etc/asterisk/pjsip.conf
# the load50 scenario's baseline: a plain Dial without the AGI step (testbed-only extension)
cat /callguard/testbed-asterisk/extensions.testbed.conf >>/etc/asterisk/extensions.conf
# extensions.conf includes "callguard.conf" from the configuration directory
cp /callguard/agi-scripts/callguard.conf /etc/asterisk/callguard.conf
# res_hep's target: callguard shares this network namespace, so its collector is on loopback (the shipped file names a
# host "callguard", as on a separate machine). The image autoloads res_hep and res_hep_pjsip: every scenario's SIP is
# mirrored (R7 counts it; the addresses of Asterisk and the carrier are on callguard's allow-list)
sed -e 's|^capture_address = callguard:9060|capture_address = 127.0.0.1:9060|' "$X/hep.conf" >/etc/asterisk/hep.conf
# a second Asterisk of the same operator (compose profile "cluster") gets a systemname of its own: it prefixes its
# Uniqueids ("asterisk-b-1733500000.12"), so two servers never name two calls alike
if [ -n "${ASTERISK_SYSTEMNAME:-}" ]; then
  touch /etc/asterisk/asterisk.conf
  sed -i '/^[[:space:]]*systemname[[:space:]]*=/d' /etc/asterisk/asterisk.conf
  if grep -q '^\[options\]' /etc/asterisk/asterisk.conf; then
    sed -i "/^\[options\]/a systemname = $ASTERISK_SYSTEMNAME" /etc/asterisk/asterisk.conf
  else
    printf '\n[options]\nsystemname = %s\n' "$ASTERISK_SYSTEMNAME" >>/etc/asterisk/asterisk.conf
  fi
fi
# the image's sample configurations would add endpoints and dialplan of their own
rm -f /etc/asterisk/sip.conf /etc/asterisk/iax.conf /etc/asterisk/pjsip_wizard.conf
mkdir -p /var/lib/asterisk/sounds
ln -sfn /callguard/sounds/callguard /var/lib/asterisk/sounds/callguard
exec asterisk -f -vvv
