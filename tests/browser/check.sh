#!/usr/bin/env bash
# Opens the sample follow-up report in a real browser (Debian's headless Chromium): it must
# render with no console errors; a screenshot and a PDF (the board's print) are kept under
# target/browser/ for a person to look at. Installs chromium if it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "browser: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi

out=target/browser
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo run -q -- followup plans/2023.toml --store "$work/store.sqlite" --out "$out/report" \
  --as-of 2026-11-28 >"$out/followup.txt"

page="file://$PWD/$out/report/index.html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$work/profile" --enable-logging=stderr --v=0)

passed=0
failed=0
check() {
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "browser: FAILED: $*"; fi
}

chromium "${flags[@]}" --dump-dom "$page" >"$work/dom.html" 2>"$work/console.txt" || true
check grep -q '<h1>Verksamhetsplan 2023' "$work/dom.html"
check grep -q 'id="method"' "$work/dom.html"
# Every chart arrived as inline SVG.
svgs=$(grep -o '<svg' "$work/dom.html" | wc -l)
check test "$svgs" -ge 30
# No script ran and nothing complained on the console.
check bash -c "! grep -Ei 'CONSOLE.*(error|uncaught)|Uncaught' '$work/console.txt'"

chromium "${flags[@]}" --window-size=1280,2400 --screenshot="$out/screenshot.png" "$page" \
  >/dev/null 2>&1 || true
check test -s "$out/screenshot.png"
chromium "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "$page" \
  >/dev/null 2>&1 || true
check test -s "$out/report.pdf"
# The root of the page tree counts all pages: the largest /Count.
pages=$(grep -a -o '/Count [0-9]*' "$out/report.pdf" | awk '{print $2}' | sort -n | tail -1 || true)
pages=${pages:-0}
echo "browser: $svgs charts in the DOM, PDF of $pages pages, files in $out/"
# The board's paper: at most 24 A4 pages (issue 11).
check test "$pages" -ge 5
check test "$pages" -le 24

echo "browser: $passed passed, $failed failed"
test "$failed" -eq 0
