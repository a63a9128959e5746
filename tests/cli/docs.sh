#!/bin/sh
# docs/rules.md is generated from the rules' metadata: it must be up to date,
# and every built-in rule must carry the metadata it is generated from.
. tests/cli/lib.inc

expect_rc list-json 0 "$GL" --list-rules -f json
lua5.4 tools/gen-rules-doc.lua < "$TMP/list-json.out" > "$TMP/rules.md"
if cmp -s "$TMP/rules.md" docs/rules.md; then ok; else
  bad "docs/rules.md is out of date: run  build/govlua --list-rules -f json | lua5.4 tools/gen-rules-doc.lua > docs/rules.md"
  diff docs/rules.md "$TMP/rules.md" | head -10
fi
# one row per rule file, each with a basis
nrules=$(ls rules/*.lua | wc -l)
grep -c '^| `' docs/rules.md | grep -qx "$nrules" && ok || bad "docs/rules.md does not list all $nrules rules"
if lua5.4 -e 'local c=require"cjson"; for _,r in ipairs(c.decode(io.read("a")).rules) do
     if type(r.basis)~="string" or r.basis=="" then print(r.id) os.exit(1) end end' < "$TMP/list-json.out"; then ok; else bad "a rule has no basis"; fi
expect_rc list-text 0 "$GL" --list-rules
contains list-text out "application-balance"
contains list-text out "cell-blank"
finish
