#!/usr/bin/env bash
# Take docs/screenshot.png from the real application on a virtual X screen (Xvfb + xdotool).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$python" scripts/sample_session.py "$data" q2
xvfb-run -a -s "-screen 0 1280x760x24" bash -c "
  '$python' -m svcrec_desktop --data-dir '$data' & app=\$!
  window=\$(xdotool search --sync --name 'Cardiology')
  xdotool windowmove \$window 0 0 windowsize \$window 1280 760
  sleep 1
  xdotool type --delay 60 'Pharmacy delays hold up discharge'
  sleep 1
  '$python' scripts/grab_screen.py docs/screenshot.png
  kill \$app"
