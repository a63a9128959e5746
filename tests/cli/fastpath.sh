#!/bin/sh
# The rules' fast paths (gl.count, gl.sums_hold: summaries made in C when a
# report is loaded) never change a finding: 1,500 reports with random defects
# and 200 clean generated ones give byte-identical output with and without
# them (GOVLUA_SLOW_PATHS=1 makes every rule take its full Lua path).
. tests/cli/lib.inc

mkdir "$TMP/in"
lua5.4 tests/cli/mutate.lua "$TMP/in" 1500 20261129 \
  examples/pingtan-2025.json tests/fixtures/pingtan-2019.json examples/xiangning-audit-2020.json
lua5.4 bench/gen.lua 200 "$TMP/in"
expect_rc fast 1 "$GL" -q -j 2 -f json "$TMP/in"
expect_rc slow 1 env GOVLUA_SLOW_PATHS=1 "$GL" -q -j 2 -f json "$TMP/in"
if cmp -s "$TMP/fast.out" "$TMP/slow.out"; then ok; else
  bad "findings differ with and without the fast paths"; diff "$TMP/slow.out" "$TMP/fast.out" | head -20
fi
# the inputs do exercise the table rules: each of them has findings
for rule in cell-blank cell-placeholder cell-missing value-domain unit-in-cell table-missing \
  application-balance application-results-sum application-row-total appeal-group-total; do
  grep -q "\"rule\":\"$rule\"" "$TMP/fast.out" && ok || bad "no finding of $rule in the mutated batch"
done
finish
