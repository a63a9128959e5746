#!/bin/sh
# The JSONTestSuite parsing corpus (nst/JSONTestSuite, test_parsing/: y_ valid,
# n_ invalid, i_ implementation-defined JSON; some not UTF-8, some with NUL
# bytes, some UTF-16, one 100000 '[' deep).  None of the files is a report:
# checked all in one run, every file must get an entry with an "error" in the
# json output (which must itself be valid JSON), exit code 3, no crash or hang.
# Skipped (exit 77) when the corpus is not there.
CORPUS=${GOVLUA_SHARED_DIR:-../shared}/corpus/jsontestsuite
if [ ! -d "$CORPUS" ]; then
  echo "skipped: ../shared/corpus/jsontestsuite not found"
  exit 77
fi
. tests/cli/lib.inc

set -- "$CORPUS"/*.json
if [ "$#" -lt 300 ]; then bad "only $# files in $CORPUS (318 expected)"; fi
for f in "$@"; do printf '%s\n' "$f"; done >"$TMP/files.txt"

# ---- all of them in one run ---------------------------------------------------

expect_rc all 3 timeout -k 5 120 "$GL" -f json "$@"

cat >"$TMP/verify.lua" <<'EOF'
-- verify.lua OUTPUT FILES: the output is JSON with one "error" entry per file
local ok, cjson = pcall(require, "cjson")
if not ok then print("lua-cjson is not installed for lua5.4") os.exit(1) end
local f = assert(io.open(arg[1], "rb"))
local text = f:read("a")
f:close()
local okd, doc = pcall(cjson.decode, text)
if not okd then print("the output is not valid JSON: " .. tostring(doc)) os.exit(1) end
local want, nwant = {}, 0
for line in io.lines(arg[2]) do want[line] = true nwant = nwant + 1 end
local problems, seen = {}, {}
local function problem(s) if #problems < 20 then problems[#problems + 1] = s end end
if type(doc.reports) ~= "table" then problem("no reports array") doc.reports = {} end
for _, r in ipairs(doc.reports) do
  local name = tostring(r.file)
  if not want[name] then problem("an entry for a file not given: " .. name) end
  if seen[name] then problem("two entries for " .. name) end
  seen[name] = true
  if type(r.error) ~= "string" or r.error == "" then
    problem("no error for " .. name .. " (read as a report: agency=" .. tostring(r.agency) .. ")")
  end
  if r.findings ~= nil then problem("findings for " .. name) end
end
for name in pairs(want) do
  if not seen[name] then problem("no entry for " .. name) end
end
local s = doc.summary or {}
if s.reports ~= nwant then problem("summary.reports = " .. tostring(s.reports) .. ", expected " .. nwant) end
if s.unreadable ~= nwant then problem("summary.unreadable = " .. tostring(s.unreadable) .. ", expected " .. nwant) end
if #problems > 0 then print(table.concat(problems, "\n")) os.exit(1) end
print("ok " .. #doc.reports)
EOF
if lua5.4 "$TMP/verify.lua" "$TMP/all.out" "$TMP/files.txt" >"$TMP/verify.txt" 2>&1; then ok; else
  bad "the json output of the whole corpus:"; sed 's/^/  /' "$TMP/verify.txt" | head -20
fi

# every file named on stderr
missing=0
for f in "$@"; do
  grep -qF -- "govlua: $f: " "$TMP/all.err" || { missing=$((missing + 1)); [ "$missing" -le 5 ] && echo "  not on stderr: $f"; }
done
[ "$missing" = 0 ] && ok || bad "$missing files not named on stderr"

# the text format over the whole corpus: same exit code, no crash
expect_rc all-text 3 timeout -k 5 120 "$GL" "$@"

# ---- a handful alone: exit code 3 (>= 2, never a signal) -------------------------

for n in n_structure_100000_opening_arrays n_structure_open_array_object y_object y_object_empty \
    y_array_empty y_structure_lonely_null i_string_UTF-16LE_with_BOM n_multidigit_number_then_00 \
    n_array_invalid_utf8 n_structure_incomplete_UTF8_BOM n_single_space i_structure_UTF-8_BOM_empty_object; do
  f=$CORPUS/$n.json
  [ -f "$f" ] || { bad "$f missing from the corpus"; continue; }
  rc=0
  timeout -k 5 60 "$GL" -f json "$f" >"$TMP/$n.out" 2>"$TMP/$n.err" || rc=$?
  if [ "$rc" -ge 2 ] && [ "$rc" -lt 124 ]; then ok; else bad "$n alone: exit code $rc"; fi
  [ "$rc" = 3 ] && ok || bad "$n alone: exit code $rc, expected 3 (an input could not be read)"
  contains "$n" err "$n.json"
  contains "$n" out '"error":'
done

finish
