#!/bin/sh
# govlua benchmark: N synthetic reports (both editions), timed in the same run,
# interleaved over ROUNDS rounds (the best round counts):
#   (a) reading the files, (b) decoding them with lua-cjson in plain lua5.4 (the floor),
#   (c) govlua with every built-in rule at -j 1 and -j 2 (and, as the reference for
#   the scaling, two -j 1 processes on the two halves at once), (d) importing text and HTML.
# Prints reports/s, MB/s, the ratio c/b, the -j scaling and peak memory.
#   bench/run.sh [N] [ROUNDS]        (./dev bench runs it with N=20000)
set -eu
cd "$(dirname "$0")/.."
N=${1:-20000}
ROUNDS=${2:-3}
GL=${GOVLUA_BIN:-build/govlua}
[ -x "$GL" ] || { echo "bench: build govlua first (./dev build)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir "$W/json"
lua5.4 bench/gen.lua "$N" "$W/json"
MB=$(du -sk "$W/json" | awk '{printf "%.1f", $1/1024}')
# the same reports in two halves (hard links): two independent processes show
# what two cores give here, the reference for the -j 2 scaling
mkdir "$W/half1" "$W/half2"
i=0
for f in "$W"/json/*.json; do
  i=$((i + 1))
  ln "$f" "$W/half$((i % 2 + 1))/"
done
# published documents for (d): the seed's text (layout L1) and an HTML page, N copies
NDOC=$((N / 4))
mkdir "$W/doc-text" "$W/doc-html"
for i in $(seq "$NDOC"); do
  cp tests/fixtures/import/xiangning-audit-2020.txt "$W/doc-text/r$i.txt"
  cp tests/fixtures/html/pingtan-2025.html "$W/doc-html/r$i.html"
done

# best (minimum) wall seconds and max RSS (KB) over the rounds: name -> file
t() { # t NAME CMD...: one timed run, appended to $W/NAME
  name=$1; shift
  /usr/bin/time -f "%e %M" -o "$W/t" "$@" >/dev/null 2>&1 || true
  grep -E '^[0-9]' "$W/t" >> "$W/$name"  # GNU time adds a line for a non-zero exit
}
for r in $(seq "$ROUNDS"); do
  t read sh -c "cat $W/json/* > /dev/null"
  t decode lua5.4 bench/decode.lua "$W/json"
  t j1 "$GL" -q -j 1 -f json "$W/json"
  t j2 "$GL" -q -j 2 -f json "$W/json"
  t two sh -c "\"$GL\" -q -j 1 -f json \"$W/half1\" >/dev/null & \"$GL\" -q -j 1 -f json \"$W/half2\" >/dev/null; wait"
  t text "$GL" -q -j 1 -f json "$W/doc-text"
  t html "$GL" -q -j 1 -f json "$W/doc-html"
done
best() { sort -n "$W/$1" | head -1 | cut -d' ' -f1; }
rss() { sort -n -k2 "$W/$1" | tail -1 | cut -d' ' -f2; }
echo "reports: $N ($MB MB of JSON), rounds: $ROUNDS, machine: $(nproc) cores, $(uname -m)"
printf '%-28s %10s %12s %10s %12s\n' stage seconds reports/s MB/s "peak RSS MB"
for s in read decode j1 j2 two text html; do
  [ -f "$W/$s" ] || continue
  sec=$(best $s)
  n=$N; mb=$MB
  case $s in text|html) n=$NDOC; mb=$(du -sk "$W/doc-$s" | awk '{printf "%.1f", $1/1024}') ;; esac
  awk -v s="$s" -v sec="$sec" -v n="$n" -v mb="$mb" -v rss="$(rss $s)" 'BEGIN {
    label = s; if (s=="decode") label="decode (lua-cjson floor)"; if (s=="j1") label="govlua -j 1 (all rules)";
    if (s=="j2") label="govlua -j 2 (all rules)"; if (s=="two") label="2 processes -j 1 (halves)"; if (s=="text") label="import text -j 1"; if (s=="html") label="import HTML -j 1";
    printf "%-28s %10.2f %12.0f %10.1f %12.1f\n", label, sec, n/sec, mb/sec, rss/1024 }'
done
awk -v d="$(best decode)" -v j1="$(best j1)" -v j2="$(best j2)" -v two="$(best two)" 'BEGIN {
  printf "ratio govlua -j 1 / decode: %.2f (target <= 1.25)\n", j1/d
  printf "scaling -j 2 vs -j 1: %.2fx (target >= 1.6; two independent processes: %.2fx)\n", j1/j2, j1/two }'
