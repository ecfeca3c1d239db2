#!/usr/bin/env bash
# Opens the sample follow-up report in a real browser (Debian's headless Chromium): it must
# render with no console errors; a screenshot and a PDF (the board's print) are kept under
# target/browser/ for a person to look at. Installs chromium if it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  echo "browser: installing Debian's chromium and poppler-utils"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium poppler-utils >/dev/null
fi

out=target/browser
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo run -q -- followup plans/2023.toml --store "$work/store.sqlite" --out "$out/report" \
  --as-of 2026-11-28 --pdf >"$out/followup.txt"

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
# The board's paper: at most 24 A4 pages (issue 11), and four more for the international work
# (the registry's projects, networks, consultation responses and twin towns).
check test "$pages" -ge 5
check test "$pages" -le 28

# report.pdf, typeset without a browser: it opens in poppler, has a page number on every page,
# and its contents point at the pages where the sections begin.
pdf="$out/report/report.pdf"
check bash -c "pdfinfo '$pdf' >/dev/null 2>&1"
total=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
total=${total:-0}
check test "$total" -le 25
numbered=0
for ((i = 1; i <= total; i++)); do
  if pdftotext -f "$i" -l "$i" "$pdf" - 2>/dev/null | grep "^$i / $total\$" >/dev/null; then
    numbered=$((numbered + 1))
  fi
done
check test "$numbered" -eq "$total"
toc_ok=0
toc_entries=0
while IFS=$'\t' read -r name page; do
  toc_entries=$((toc_entries + 1))
  if pdftotext -f "$page" -l "$page" "$pdf" - 2>/dev/null | grep -xF "$name" >/dev/null; then
    toc_ok=$((toc_ok + 1))
  else
    echo "browser: the contents say \"$name\" begins on page $page; it does not"
  fi
done < <(pdftotext -f 1 -l 1 "$pdf" - 2>/dev/null |
  sed -nE 's/^([^.]*[^. ]) *\.[ .]*[^0-9]*([0-9]+)$/\1\t\2/p' | grep -v " / ")
check test "$toc_entries" -ge 5
check test "$toc_ok" -eq "$toc_entries"
echo "browser: report.pdf of $total pages, $numbered numbered, $toc_ok of $toc_entries contents entries right"

echo "browser: $passed passed, $failed failed"
test "$failed" -eq 0
