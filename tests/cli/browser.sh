#!/bin/sh
# The HTML report in a real browser (Debian's chromium, headless): the page
# renders, the cell a finding points at is marked, and a screenshot is taken.
# Skipped (exit 77) where chromium is not installed.
. tests/cli/lib.inc
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then echo "skipped: chromium not installed (apt-get install chromium)"; exit 77; fi
run_chromium() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$TMP/profile" --hide-scrollbars "$@" 2>/dev/null
}
expect_rc html 1 "$GL" -f html examples/xiangning-audit-2020.json examples/pingtan-2025.json
cp "$TMP/html.out" "$TMP/page.html"
# the DOM after the browser parsed and laid it out
run_chromium --dump-dom "file://$TMP/page.html" > "$TMP/dom.out"
contains dom out 'class="blank flag-error"'
contains dom out "表三 （七）总计 / 社会公益组织 为空白"
grep -q "<script" "$TMP/dom.out" && bad "the page has a script" || ok
# a screenshot (docs/html-report.png was made the same way, --window-size=1000,2300)
run_chromium --window-size=1000,2300 --screenshot="$TMP/shot.png" "file://$TMP/page.html" >/dev/null
if [ -s "$TMP/shot.png" ] && head -c 8 "$TMP/shot.png" | od -An -c | grep -q "P   N   G"; then ok; else bad "no PNG screenshot"; fi
finish
