#!/bin/sh
# CLI golden tests: output of each format on the examples, exit codes,
# a failing rule, an unreadable input among good ones, custom rule and format.
. tests/cli/lib.inc

SEED=examples/xiangning-audit-2020.json
CLEAN=examples/pingtan-2025.json

# every format on the examples; the seed's blank cell is an error
expect_rc text-examples 1 "$GL" examples/
golden text-examples
contains text-examples out "表三 （七）总计 / 社会公益组织"
expect_rc json-examples 1 "$GL" -f json examples/
golden json-examples
contains json-examples out '"path":"applications.total.nonprofit"'

# alone: the seed exits 1, the clean report 0
expect_rc seed-alone 1 "$GL" -f json "$SEED"
expect_rc clean-alone 0 "$GL" -f json "$CLEAN"
contains clean-alone out '"findings":[]'

# naming the rules explicitly gives the same result as the built-in set
expect_rc glob-rules 1 "$GL" rules/*.lua examples/*.json
expect_rc dir-builtin 1 "$GL" examples/
if cmp -s "$TMP/glob-rules.out" "$TMP/dir-builtin.out"; then ok; else bad "rules/*.lua examples/*.json differs from examples/"; fi

# a rule that fails: reported, the other rules still run, exit 4
expect_rc broken-rule 4 "$GL" -f json tests/fixtures/rules/broken.lua rules/cell-blank.lua "$SEED"
golden broken-rule
contains broken-rule out '"rule_errors":[{"file":"tests/fixtures/rules/broken.lua"'
contains broken-rule out '"rule":"cell-blank"'
contains broken-rule err "rule broken failed"

# rule files that do not load: named on stderr, the others run
expect_rc unloadable-rules 4 "$GL" -f json tests/fixtures/rules/not-a-rule.lua tests/fixtures/rules/syntax-error.lua rules/cell-blank.lua "$SEED"
contains unloadable-rules err "not-a-rule.lua: a rule file must return a table"
contains unloadable-rules err "syntax-error.lua"
contains unloadable-rules out '"rule":"cell-blank"'

# an unreadable input among good ones: every good one checked, exit 3
expect_rc unreadable 3 "$GL" -f json "$CLEAN" tests/fixtures/bad/invalid.json nonexistent.json tests/fixtures/bad/array.json "$SEED"
golden unreadable
contains unreadable err "tests/fixtures/bad/invalid.json: not valid JSON"
contains unreadable err "nonexistent.json: cannot open"

# the README's custom rule and custom format
expect_rc custom-rule 0 "$GL" examples/custom/title-form.lua examples/
golden custom-rule
expect_rc custom-format 1 "$GL" -f examples/custom/tsv.lua examples/
golden custom-format

# usage errors: exit 2 with a one-line reason
expect_rc no-input 2 "$GL"
contains no-input err "nothing to check"
expect_rc bad-option 2 "$GL" --frobnicate examples/
contains bad-option err "unknown option --frobnicate"
expect_rc bad-format 2 "$GL" -f nosuchformat examples/
contains bad-format err 'unknown output format "nosuchformat"'
expect_rc bad-rule-level 2 "$GL" --rule cell-blank=loud examples/
expect_rc help 0 "$GL" --help
contains help out "exit codes"
expect_rc version 0 "$GL" --version
contains version out "govlua "

# --rule changes a severity, or turns a rule off
expect_rc demoted 0 "$GL" -f json --rule cell-blank=warning "$SEED"
contains demoted out '"severity":"warning"'
expect_rc rule-off 0 "$GL" -f json --rule cell-blank=off --rule unit-in-cell=off "$SEED"
contains rule-off out '"findings":[]'

# -o writes the whole file; a failing format leaves an existing file untouched
expect_rc out-file 1 "$GL" -f json -o "$TMP/result.json" examples/
if cmp -s "$TMP/result.json" tests/cli/golden/json-examples.out; then ok; else bad "-o output differs from stdout output"; fi
echo "keep me" > "$TMP/keep.txt"
printf 'return function(run) for r in run:reports() do run:write("partial") error("format broke") end end\n' > "$TMP/broken-format.lua"
expect_rc format-fails 5 "$GL" -f "$TMP/broken-format.lua" -o "$TMP/keep.txt" examples/
contains format-fails err "format broke"
if [ "$(cat "$TMP/keep.txt")" = "keep me" ]; then ok; else bad "-o file changed by a failed run"; fi
if ls "$TMP"/keep.txt.tmp.* >/dev/null 2>&1; then bad "temporary output file left behind"; else ok; fi

# inputs are never modified
before=$(cksum "$SEED" "$CLEAN")
"$GL" examples/ >/dev/null 2>&1 || true
[ "$before" = "$(cksum "$SEED" "$CLEAN")" ] && ok || bad "inputs changed"

finish
