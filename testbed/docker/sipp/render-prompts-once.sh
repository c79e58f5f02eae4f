#!/bin/bash
# The prompts service: renders callguard's denial prompts and the tariff announcement of the testbed's 089 number
# (0.80 EUR per minute) into the "sounds" volume, which Asterisk mounts. testbed/prompts/render-prompts.sh does
# the work; a second run renders only what changed.
set -euo pipefail
printf 'callguard/tariff/089-080-min\tService 0,80 € par minute plus prix d%sun appel\n' "'" \
  | bash /testbed/prompts/render-prompts.sh --out /sounds
