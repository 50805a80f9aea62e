#!/usr/bin/env bash
# Open a govsim HTML report in headless Chromium at a desktop width (1280 px) and
# a phone width (390 px): check that the page logs nothing to the console and
# requests nothing, and keep a screenshot of each width to look at.
#   bash docs/check-report.sh [SCENARIO]
# Needs Debian's chromium (apt-get install chromium) and govsim installed. The
# test suite drives the same page further (tests/test_report_browser.py).
# Chromium's own background services (update checks, accounts) show up in the
# net log too; the check lists every address and fails on any other.
set -euo pipefail
cd "$(dirname "$0")/.."
govsim=${GOVSIM:-.venv/bin/govsim}
work=$(mktemp -d)
"$govsim" report "${1:-november-2023}" -o "$work/report" >/dev/null
status=0
for width in 1280 390; do
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$work/profile-$width" --enable-logging=stderr \
        --v=0 --log-net-log="$work/net-$width.json" --window-size="$width,2400" \
        --screenshot="$work/report-$width.png" "file://$work/report/index.html" \
        2>"$work/chrome-$width.log"
    console=$(grep -c "CONSOLE" "$work/chrome-$width.log" || true)
    addresses=$(grep -o '"url":"[^"]*"' "$work/net-$width.json" | sort -u || true)
    page=$(printf '%s\n' "$addresses" | grep -v -E 'google(apis)?\.com|file://|^$' || true)
    echo "$width px: console messages: $console; screenshot: $work/report-$width.png"
    echo "addresses in the net log:"; printf '%s\n' "${addresses:-  none}"
    if [ "$console" != "0" ] || [ -n "$page" ]; then
        echo "FAIL at $width px: the page logged to the console or requested: $page" >&2
        status=1
    fi
done
[ "$status" = 0 ] && echo "ok: no console messages, no request from the page"
exit "$status"
