#!/usr/bin/env bash
# Open a govsim HTML report in headless Chromium and check that the page logs
# nothing to the console and requests nothing over the network.
#   bash docs/check-report.sh [SCENARIO]
# Needs Debian's chromium (apt-get install chromium) and govsim installed.
# Chromium's own background services (update checks, accounts) show up in the
# net log too; the check lists every address and fails on any other.
set -euo pipefail
cd "$(dirname "$0")/.."
govsim=${GOVSIM:-.venv/bin/govsim}
work=$(mktemp -d)
"$govsim" report "${1:-november-2023}" -o "$work/report" >/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
    --log-net-log="$work/net.json" --window-size=1300,2400 \
    --screenshot="$work/report.png" "file://$work/report/index.html" 2>"$work/chrome.log"
console=$(grep -c "CONSOLE" "$work/chrome.log" || true)
addresses=$(grep -o '"url":"[^"]*"' "$work/net.json" | sort -u || true)
page=$(printf '%s\n' "$addresses" | grep -v -E 'google(apis)?\.com|^$' || true)
echo "console messages: $console"
echo "addresses in the net log:"; printf '%s\n' "${addresses:-  none}"
echo "screenshot: $work/report.png"
if [ "$console" != "0" ] || [ -n "$page" ]; then
    echo "FAIL: the page logged to the console or requested: $page" >&2
    exit 1
fi
echo "ok: no console messages, no request from the page"
