#!/bin/sh
# Hostile input documents: garbage, empty, deeply nested, oversized, badly
# encoded, binary, JSON that is not a report, special files.  Each alone must
# end with exit code 3 (an input could not be read), a message on stderr that
# names the file, an "error" entry in the json output, and no crash or hang;
# among good reports, the good ones must still be checked.  Every document is
# generated into $TMP at test time (deterministically: awk's srand(42)).
. tests/cli/lib.inc

SEED=examples/xiangning-audit-2020.json
CLEAN=examples/pingtan-2025.json
T="timeout -k 5 60"
D=$TMP/docs
mkdir -p "$D"

# ---- the documents ----------------------------------------------------------

# awk prints bytes as bytes only in the C locale
rbytes() { # rbytes COUNT LOW HIGH: COUNT pseudo-random bytes in [LOW, HIGH]
  LC_ALL=C awk -v n="$1" -v lo="$2" -v hi="$3" \
    'BEGIN { srand(42); for (i = 0; i < n; i++) printf "%c", lo + int(rand() * (hi - lo + 1)) }'
}
repeat() { # repeat COUNT TEXT: TEXT COUNT times, no newline
  LC_ALL=C awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

rbytes 65536 0 255 >"$D/random.json"              # with NUL bytes
rbytes 65536 1 255 >"$D/random-nonul.txt"         # no NUL: reaches the text decoders
{ printf '{"agency": "'; rbytes 65536 1 255 | tr -d '"\\'; printf '"}'; } >"$D/random-in-json.json"
: >"$D/empty.json"
printf ' \n\t\r\n   \n' >"$D/whitespace.json"
printf '\357\273\277' >"$D/bom-only.json"
repeat 200000 '[' >"$D/deep-array.json"
repeat 200000 '{"a":' >"$D/deep-object.json"
{ repeat 200000 '['; repeat 200000 ']'; } >"$D/deep-balanced.json"
{ printf '{"agency":'; repeat 100000 '['; } >"$D/deep-in-report.json"
# a 3 MB text file on one line (no newline at all)
repeat 166667 '政府信息公开' >"$D/one-line.txt"
# invalid UTF-8 that is not GB18030 either (0x80 and 0xFF are never valid there)
printf '政府信息公开工作年度报告\n\200\377\200\377 abc \377\n' >"$D/bad-encoding.txt"
printf '{"agency":"\377\376 x","year":2025}' >"$D/bad-utf8.json"
printf 'abc\000def\n{"agency":"x"}\n' >"$D/nul.txt"
printf '{"agency":"a\\u0000b","year":2025,"edition":"2021"}' >"$D/nul-escape.json"
printf '{"foo":1}' >"$D/foo.json"
printf '[]' >"$D/array.json"
printf '"str"' >"$D/string.json"
printf '123' >"$D/number.json"
printf 'null' >"$D/null.json"
printf '{"format":"govlua-report/2","agency":"x"}' >"$D/wrong-format.json"
printf '{"agency":"x","year":2025' >"$D/truncated.json"
printf '{"agency":"x","agency":1e999999,"year":2025}' >"$D/huge-number.json"
# UTF-16LE with a BOM: the text decoder knows it (import_decode.c, step 2)
printf '\377\376' >"$D/utf16.txt"
printf '2025年度政府信息公开工作年度报告\n一、总体情况\n本机关……\n' | iconv -f UTF-8 -t UTF-16LE >>"$D/utf16.txt"

# a report whose agency is a 20 MB string (bigger than the default --max-size)
{
  printf '{"format":"govlua-report/1","year":2025,"edition":"2021","agency":"'
  repeat 312500 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
  printf '"}\n'
} >"$TMP/big-agency.json"

# ---- each alone: exit 3, the file named on stderr, an error entry -----------

for f in random.json random-nonul.txt random-in-json.json empty.json whitespace.json \
    bom-only.json deep-array.json deep-object.json deep-balanced.json deep-in-report.json \
    one-line.txt bad-encoding.txt bad-utf8.json nul.txt foo.json array.json string.json \
    number.json null.json wrong-format.json truncated.json; do
  n=alone-$f
  expect_rc "$n" 3 $T "$GL" -f json "$D/$f"
  contains "$n" err "govlua: $D/$f: "
  contains "$n" out '"error":'
  contains "$n" out '"unreadable":1'
done
contains alone-random.json err "binary data"
contains alone-empty.json err "empty"
contains alone-whitespace.json err "empty"
contains alone-deep-array.json err "not valid JSON"
contains alone-deep-object.json err "not valid JSON"
contains alone-bad-encoding.txt err "byte offset"
contains alone-bad-utf8.json err "UTF-8"
contains alone-foo.json err "not a report"
contains alone-array.json err "not a report"
contains alone-truncated.json err "not valid JSON"
# a UTF-16 document goes to the decoder that handles UTF-16 BOMs, not "binary
# data": its title and heading are read, and the missing tables are errors
expect_rc alone-utf16.txt 1 $T "$GL" -f json "$D/utf16.txt"
if grep -q "binary data" "$TMP/alone-utf16.txt.err"; then
  bad "utf16.txt (UTF-16LE with BOM) rejected as binary data before decoding: $(cat "$TMP/alone-utf16.txt.err")"
else ok; fi
contains alone-utf16.txt out '"rule":"table-missing"'
contains alone-utf16.txt out '"year":2025'

# the same with the text format: still exit 3, no crash
expect_rc text-deep 3 $T "$GL" "$D/deep-object.json"
contains text-deep err "deep-object.json"
expect_rc text-random 3 $T "$GL" "$D/random-nonul.txt"

# readable, with model findings: a JSON string with an escaped NUL (the field
# is refused), a number that overflows a double in place of the agency
expect_rc nul-escape 1 $T "$GL" -f json "$D/nul-escape.json"
contains nul-escape out '"rule":"model"'
expect_rc huge-number 1 $T "$GL" -f json "$D/huge-number.json"
contains huge-number out '"message":"agency 应为文字'

# ---- size limits --------------------------------------------------------------

expect_rc big-default 3 $T "$GL" -f json "$TMP/big-agency.json"
contains big-default err "$TMP/big-agency.json: file too large"
contains big-default err "the limit is 16777216"
contains big-default err "--max-size"
expect_rc big-small-limit 3 $T "$GL" -f json --max-size 100 "$CLEAN"
contains big-small-limit err "the limit is 100"
# a limit above the size reads it; so does 0 (the code's "no limit": gl_read_file)
expect_rc big-raised 0 $T "$GL" -f json --max-size 25000000 examples/custom/title-form.lua "$TMP/big-agency.json"
contains big-raised out '"agency":"aaaaaaaaaaaaaaaa'
contains big-raised out '"unreadable":0'
expect_rc big-unlimited 0 $T "$GL" -f json --max-size 0 examples/custom/title-form.lua "$TMP/big-agency.json"
contains big-unlimited out '"unreadable":0'
# the built-in rules on a 20 MB agency: no crash, no budget trip, within time
rc=0
$T "$GL" -f json --max-size 0 "$TMP/big-agency.json" >"$TMP/big-builtin.out" 2>"$TMP/big-builtin.err" || rc=$?
case $rc in 0 | 1) ok ;; *) bad "built-in rules on a 20 MB agency: exit code $rc"; head -3 "$TMP/big-builtin.err" ;; esac
# standard input has the same limit
rc=0
head -c 20000000 /dev/zero | $T "$GL" -f json - >"$TMP/stdin-big.out" 2>"$TMP/stdin-big.err" || rc=$?
[ "$rc" = 3 ] && ok || bad "20 MB on standard input: exit code $rc, expected 3"
contains stdin-big err "govlua: -: input too large"

# ---- special files --------------------------------------------------------------

expect_rc dev-zero 3 $T "$GL" -f json /dev/zero
contains dev-zero err "/dev/zero: not a regular file"
expect_rc missing 3 $T "$GL" -f json "$D/no-such-file.json"
contains missing err "no-such-file.json: cannot open"
mkdir "$D/dir.json"
expect_rc dir-named-json 0 $T "$GL" -f json "$D/dir.json" # a directory: walked, nothing in it
contains dir-named-json err "no report files in this directory"
# a FIFO named on the command line must not block the run (nobody writes to it)
if mkfifo "$TMP/fifo.json" 2>/dev/null; then
  rc=0
  timeout -k 2 10 "$GL" -f json "$TMP/fifo.json" >"$TMP/fifo.out" 2>"$TMP/fifo.err" || rc=$?
  if [ "$rc" = 3 ]; then ok; else bad "a FIFO input: exit code $rc (124 = hung in open), expected 3"; fi
  contains fifo err "fifo.json"
fi

# ---- batches: the bad ones reported, every good one checked, exit 3 --------------

expect_rc batch-one-bad 3 $T "$GL" -f json "$CLEAN" "$D/deep-object.json" "$SEED"
contains batch-one-bad out '"reports":3'
contains batch-one-bad out '"unreadable":1'
contains batch-one-bad out '"agency":"平潭综合实验区"'
contains batch-one-bad out '"agency":"乡宁县审计局"'
contains batch-one-bad out '"path":"applications.total.nonprofit"'
contains batch-one-bad out '"error":"not valid JSON'
contains batch-one-bad out "\"file\":\"$D/deep-object.json\"}"
contains batch-one-bad err "$D/deep-object.json"

# all of them at once, the good ones first, in the middle and last
cp "$CLEAN" "$D/good-clean.json"
cp "$SEED" "$D/zzz-good-seed.json"
expect_rc batch-all 3 $T "$GL" -f json "$SEED" "$D" "$TMP/big-agency.json" "$CLEAN"
# $D: 24 documents (22 unreadable; nul-escape.json and huge-number.json are
# reports) + the two copies; dir.json holds nothing.  + the seed, big-agency
# (unreadable: too large) and the clean report
contains batch-all out '"unreadable":22'
contains batch-all out '"reports":29'
n=$(grep -c '"path":"applications.total.nonprofit"' "$TMP/batch-all.out")
[ "$n" = 2 ] && ok || bad "batch-all: the seed's finding appears $n times, expected 2"
n=$(grep -c '"agency":"平潭综合实验区"' "$TMP/batch-all.out")
[ "$n" = 2 ] && ok || bad "batch-all: the clean report appears $n times, expected 2"

# the text format on the same batch
expect_rc batch-all-text 3 $T "$GL" "$SEED" "$D" "$CLEAN"
contains batch-all-text out "表三 （七）总计 / 社会公益组织"

finish
