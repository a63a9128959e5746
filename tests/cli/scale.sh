#!/bin/sh
# -j changes nothing in the output; JSON Lines on stdin streams in flat memory.
. tests/cli/lib.inc

# a batch of generated reports (both editions) plus the examples and a bad file
mkdir -p "$TMP/batch/sub"
lua5.4 bench/gen.lua 120 "$TMP/batch/sub"
cp examples/*.json tests/fixtures/bad/invalid.json "$TMP/batch/"
for j in 1 2 4; do
  expect_rc "j$j" 3 "$GL" -j "$j" -f json "$TMP/batch" "$TMP/batch/sub/r000007.json" -
done < /dev/null
if cmp -s "$TMP/j1.out" "$TMP/j2.out" && cmp -s "$TMP/j1.out" "$TMP/j4.out"; then ok; else bad "-j 1, -j 2 and -j 4 outputs differ"; fi
if cmp -s "$TMP/j1.err" "$TMP/j4.err"; then ok; else bad "-j 1 and -j 4 stderr differ"; fi
grep -c '"file"' "$TMP/j1.out" | grep -qx 125 && ok || bad "expected 125 report entries"

# an output that cannot be written stops every worker: exit 5, at once
for j in 1 2 4; do
  rc=0
  "$GL" -q -j "$j" -f json "$TMP/batch" > /dev/full 2> "$TMP/full.err" || rc=$?
  [ "$rc" = 5 ] && ok || bad "-j $j writing to /dev/full: exit $rc, expected 5"
done

# JSON Lines: the same reports, one per line, from a file and from stdin
for f in "$TMP"/batch/sub/*.json; do tr -d '\n' < "$f"; echo; done > "$TMP/batch.jsonl"
expect_rc jsonl-file 0 "$GL" -j 2 -f json "$TMP/batch.jsonl"
expect_rc jsonl-stdin 0 "$GL" -j 2 --jsonl -f json - < "$TMP/batch.jsonl"
sed 's#"file":"-:#"file":"X:#' "$TMP/jsonl-stdin.out" > "$TMP/a"
sed "s#\"file\":\"$TMP/batch.jsonl:#\"file\":\"X:#" "$TMP/jsonl-file.out" > "$TMP/b"
cmp -s "$TMP/a" "$TMP/b" && ok || bad "JSON Lines from a file and from stdin differ"
contains jsonl-stdin out '"file":"-:120"'

# streaming: 20,000 reports (about 170 MB) through stdin under a 300 MB
# address-space cap; skipped under AddressSanitizer, which reserves far more
if [ -n "${GOVLUA_SANITIZE:-}" ]; then
  echo "skipped the memory-cap run under the sanitizers"
else
  line=$(tr -d '\n' < examples/pingtan-2025.json)
  rc=0
  (ulimit -v 300000 && yes "$line" | head -n 20000 | "$GL" -j 2 --jsonl -f json rules/cell-blank.lua - | grep -c '"file":"-:' > "$TMP/count") || rc=$?
  [ "$(cat "$TMP/count")" = 20000 ] && ok || bad "streaming 20000 reports under a memory cap: got $(cat "$TMP/count") (rc $rc)"
fi
finish
