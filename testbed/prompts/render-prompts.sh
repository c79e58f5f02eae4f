#!/usr/bin/env bash
# Renders callguard's French prompts as 8 kHz telephony files with a packaged speech synthesiser.
#
#   render-prompts.sh [--out DIR] [--voice V] [--speed WPM] [--no-fixed] [FILE]
#   render-prompts.sh [--out DIR] ... --from-admin URL TOKEN
#
# Input: "prompt<TAB>text" lines (FILE, or stdin when FILE is absent or "-"), e.g.
#   callguard/tariff/089-080-min<TAB>Service 0,80 € par minute plus prix d'un appel
# or, with --from-admin, the prompts in use from callguard's admin API: GET URL/admin/v1/tariff-prompts answers
# [{"prompt":"callguard/tariff/089-080-min","text":"…"}]. TOKEN is the admin bearer token; give "-" to take it
# from $CALLGUARD_ADMIN_TOKEN (it then stays out of the process list).
# The fixed denial prompts (line suspended, trunk full…) are rendered too, unless --no-fixed.
#
# Output, for each prompt, under DIR (default ./sounds):
#   <prompt>.wav  8000 Hz, mono, 16-bit signed PCM WAV (what Asterisk plays without transcoding cost)
#   <prompt>.txt  the exact text the .wav says; its presence marks the .wav as SYNTHETIC
# A prompt whose .wav and .txt already match the text is skipped. A .wav WITHOUT a .txt is an operator's
# (studio) recording and is never overwritten. See README.md beside this script.
#
# Needs espeak-ng and sox (Debian/Ubuntu: apt-get install -y espeak-ng sox); --from-admin needs curl and jq or
# python3. Exit code: 0 when every prompt is rendered, kept or up to date; 1 on a bad line or a failed render;
# 2 on a usage error or a missing tool.
set -euo pipefail

out=./sounds
voice=fr
speed=150
fixed=1
input=-
admin_url=
admin_token=

usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    --voice) [ $# -ge 2 ] || usage; voice=$2; shift 2 ;;
    --speed) [ $# -ge 2 ] || usage; speed=$2; shift 2 ;;
    --no-fixed) fixed=0; shift ;;
    --from-admin) [ $# -ge 3 ] || usage; admin_url=$2; admin_token=$3; shift 3 ;;
    -h|--help) usage ;;
    -) input=-; shift ;;
    -*) echo "render-prompts: unknown option $1" >&2; usage ;;
    *) input=$1; shift ;;
  esac
done

missing=()
for tool in espeak-ng sox; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "render-prompts: ${missing[*]} not found; install with: apt-get install -y espeak-ng sox" >&2
  exit 2
fi

# The denial prompts of callguard's decisions (CALLGUARD_PROMPT), with short French texts.
fixed_prompts() {
  printf '%s\t%s\n' \
    callguard/line-suspended "Votre ligne est suspendue. Seuls les appels d'urgence sont possibles." \
    callguard/trunk-full "Toutes les lignes sont occupées. Veuillez rappeler plus tard." \
    callguard/cps-exceeded "Trop d'appels à la fois. Veuillez réessayer dans quelques instants." \
    callguard/unknown-account "Cette ligne n'est pas reconnue. Votre appel ne peut pas aboutir." \
    callguard/unknown-number "Le numéro que vous avez demandé n'est pas attribué." \
    callguard/service-unavailable "Le service est momentanément indisponible. Veuillez rappeler plus tard."
}

# GET URL/admin/v1/tariff-prompts → "prompt<TAB>text" lines.
admin_prompts() {
  local url=${admin_url%/} token=$admin_token
  case "$url" in */admin/v1/tariff-prompts) ;; *) url="$url/admin/v1/tariff-prompts" ;; esac
  if [ "$token" = "-" ]; then token=${CALLGUARD_ADMIN_TOKEN:-}; fi
  [ -n "$token" ] || { echo "render-prompts: no admin token (argument '-' and CALLGUARD_ADMIN_TOKEN empty)" >&2; exit 2; }
  command -v curl >/dev/null 2>&1 || { echo "render-prompts: curl not found (apt-get install -y curl)" >&2; exit 2; }
  local json
  # The header goes through curl's config on stdin, so the token is not in the process list.
  json=$(printf 'header = "Authorization: Bearer %s"\n' "$token" \
    | curl -fsS --max-time 30 -H 'Accept: application/json' -K - "$url") \
    || { echo "render-prompts: GET $url failed" >&2; exit 1; }
  if command -v jq >/dev/null 2>&1; then
    printf '%s' "$json" | jq -r '.[] | [.prompt, .text] | @tsv'
  elif command -v python3 >/dev/null 2>&1; then
    printf '%s' "$json" | python3 -c 'import json,sys
for p in json.load(sys.stdin): print(p["prompt"] + "\t" + p["text"])'
  else
    echo "render-prompts: --from-admin needs jq or python3 (apt-get install -y jq)" >&2; exit 2
  fi
}

# What the synthesiser says for a written text: amounts read as a French speaker says them
# ("0,80 €" → "80 centimes", "1,50 €" → "1 euro 50", "3 €" → "3 euros"); the .txt keeps the written text.
spoken() {
  sed -E \
    -e 's/(^|[^0-9])0,0?([0-9]+) €/\1\2 centimes/g' \
    -e 's/(^|[^0-9])1,([0-9]{2}) €/\11 euro \2/g' \
    -e 's/([0-9]+),([0-9]{2}) €/\1 euros \2/g' \
    -e 's/(^|[^0-9])1 €/\11 euro/g' \
    -e 's/([0-9]+) €/\1 euros/g' <<<"$1"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rendered=0 kept=0 current=0 failed=0

render() {
  local prompt=$1 text=$2
  # Names come from the admin API: allow sound names only, nothing that leaves the output directory.
  if ! [[ "$prompt" =~ ^[a-z0-9_-]+(/[a-z0-9_-]+)*$ ]]; then
    echo "render-prompts: refused prompt name '$prompt' (lower-case letters, digits, - _ and /)" >&2
    failed=$((failed + 1)); return
  fi
  if [ -z "$text" ]; then
    echo "render-prompts: $prompt has no text" >&2; failed=$((failed + 1)); return
  fi
  local wav="$out/$prompt.wav" txt="$out/$prompt.txt"
  if [ -e "$wav" ] && [ ! -e "$txt" ]; then
    echo "kept      $prompt (a recording: no .txt beside it)"; kept=$((kept + 1)); return
  fi
  if [ -e "$wav" ] && [ -e "$txt" ] && [ "$(cat "$txt")" = "$text" ]; then
    echo "current   $prompt"; current=$((current + 1)); return
  fi
  mkdir -p "$(dirname "$wav")"
  local raw="$tmp/raw.wav" cooked="$tmp/cooked.wav"
  if espeak-ng -v "$voice" -s "$speed" -w "$raw" "$(spoken "$text")" \
    && sox -q "$raw" -r 8000 -c 1 -b 16 -e signed-integer "$cooked" gain -n -3; then
    mv -f "$cooked" "$wav"
    printf '%s\n' "$text" >"$txt"
    echo "rendered  $prompt: $text"; rendered=$((rendered + 1))
  else
    echo "render-prompts: rendering $prompt failed" >&2; failed=$((failed + 1))
  fi
}

lines="$tmp/prompts.tsv"
{
  if [ "$fixed" = 1 ]; then fixed_prompts; fi
  if [ -n "$admin_url" ]; then admin_prompts; else cat -- "$input"; fi
} >"$lines"

while IFS= read -r line || [ -n "$line" ]; do
  line=${line%$'\r'}
  [ -z "$line" ] && continue
  case "$line" in \#*) continue ;; esac
  if [[ "$line" != *$'\t'* ]]; then
    echo "render-prompts: not a 'prompt<TAB>text' line: $line" >&2; failed=$((failed + 1)); continue
  fi
  render "${line%%$'\t'*}" "${line#*$'\t'}"
done <"$lines"

echo "render-prompts: $rendered rendered, $current up to date, $kept recordings kept, $failed failed, in $out"
[ "$failed" = 0 ]
