#!/bin/sh
# Importing: the seed imports to exactly the hand-checked model, and for every
# document fixture (each text layout, HTML in UTF-8/GB18030/GBK/UTF-16) checking
# the document directly gives the same findings as checking its imported JSON.
. tests/cli/lib.inc

# findings of a -f json run as sorted lines "rule|severity|path|line|message"
findings() {
  lua5.4 -e '
    local c = require "cjson"
    local d = c.decode(io.read("a"))
    local out = {}
    for _, r in ipairs(d.reports) do
      if r.error then out[#out + 1] = "ERROR " .. r.error end
      for _, f in ipairs(r.findings or {}) do
        out[#out + 1] = table.concat({ f.rule, f.severity, tostring(f.path), tostring(f.line), f.message }, "|")
      end
    end
    table.sort(out)
    print(table.concat(out, "\n"))'
}

# the seed: its import is the hand-checked example, provenance aside
expect_rc seed-import 0 "$GL" import tests/fixtures/import/xiangning-audit-2020.txt
A="$TMP/seed-import.out" B=examples/xiangning-audit-2020.json lua5.4 -e '
  local c = require "cjson"
  local function load(p) local f = assert(io.open(p)); local t = c.decode(f:read("a")); f:close(); t.source = nil; return t end
  local function same(a, b)
    if type(a) ~= type(b) then return false end
    if type(a) ~= "table" then return a == b end
    for k, v in pairs(a) do if not same(v, b[k]) then return false end end
    for k in pairs(b) do if a[k] == nil then return false end end
    return true
  end
  os.exit(same(load(os.getenv("A")), load(os.getenv("B"))) and 0 or 1)' \
  && ok || bad "the seed does not import to examples/xiangning-audit-2020.json"
contains seed-import out '"nonprofit": null'

for doc in tests/fixtures/import/*.txt tests/fixtures/html/*.html; do
  name=$(basename "$doc")
  rc=0
  "$GL" -q -f json "$doc" > "$TMP/direct.json" || rc=$?
  [ "$rc" -le 1 ] && ok || bad "$name: checking directly exited $rc"
  "$GL" import "$doc" > "$TMP/imported.json" 2>/dev/null || bad "$name: import failed"
  "$GL" -q -f json "$TMP/imported.json" > "$TMP/viajson.json" || true
  findings < "$TMP/direct.json" > "$TMP/a"
  findings < "$TMP/viajson.json" > "$TMP/b"
  if cmp -s "$TMP/a" "$TMP/b"; then ok; else bad "$name: direct and imported-JSON findings differ"; diff "$TMP/a" "$TMP/b" | head -5; fi
done

# documents of every kind mixed in one batch, with a JSON report
expect_rc mixed 1 "$GL" -f json tests/fixtures/import/l1-2021.txt tests/fixtures/html/pingtan-2025.gb18030.html examples/pingtan-2025.json
grep -c '"agency"' "$TMP/mixed.out" | grep -qx 3 && ok || bad "the mixed batch did not read all three"
finish
