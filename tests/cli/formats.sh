#!/bin/sh
# The output formats jsonl, csv, sarif, junit, markdown and html on the
# examples: golden files, exit codes, determinism, and each output read back
# by a real parser (python3: json, csv, xml.etree, html.parser; SARIF against
# the OASIS schema with python3-jsonschema).
#
# The golden files use two fixed rules (rules/cell-blank.lua,
# rules/application-balance.lua) rather than the whole built-in set, so that a
# new rule does not change them: sarif, junit and html list every loaded rule.
# The built-in set is checked below without golden files.
. tests/cli/lib.inc

RULES="rules/cell-blank.lua rules/application-balance.lua"
FORMATS="jsonl csv sarif junit markdown html"
SCHEMA=tests/fixtures/sarif-schema-2.1.0.json  # OASIS SARIF 2.1.0 (oasis-tcs/sarif-spec e0583813, sarif-2.1/schema)

for f in $FORMATS; do
  # shellcheck disable=SC2086
  expect_rc "format-$f" 1 "$GL" -f "$f" $RULES examples/
  golden "format-$f"
done
contains format-jsonl out '"path":"applications.total.nonprofit"'
contains format-csv out 'cell-blank,error,表三 （七）总计 / 社会公益组织,表三,（七）总计,社会公益组织'
contains format-sarif out '"ruleId":"cell-blank"'
contains format-junit out '<failure type="error"'
contains format-markdown out '| 错误 | cell-blank |'
contains format-html out 'class="blank flag-error"'

# the built-in rules: same exit code as -f json, the same output twice, -o the same as stdout
expect_rc builtin-json 1 "$GL" -f json examples/
for f in $FORMATS; do
  expect_rc "builtin-$f" 1 "$GL" -f "$f" examples/
  expect_rc "again-$f" 1 "$GL" -f "$f" examples/
  if cmp -s "$TMP/builtin-$f.out" "$TMP/again-$f.out"; then ok; else bad "$f: two runs differ"; fi
  expect_rc "file-$f" 1 "$GL" -f "$f" -o "$TMP/file-$f.out" examples/
  if cmp -s "$TMP/builtin-$f.out" "$TMP/file-$f.out"; then ok; else bad "$f: -o differs from stdout"; fi
done

# problems: an unreadable input and a failing rule (exit 4 wins over 3 and 1)
for f in $FORMATS; do
  expect_rc "problems-$f" 4 "$GL" -f "$f" tests/fixtures/rules/broken.lua rules/cell-blank.lua \
    examples/ tests/fixtures/bad/invalid.json
done
contains problems-csv out 'tests/fixtures/bad/invalid.json,,,,,unreadable,'
contains problems-junit out '<error type="rule-error"'
contains problems-junit out '<error type="unreadable"'
contains problems-sarif out '"executionSuccessful": false'
contains problems-markdown out '**无法读取**'
contains problems-html out '无法读取的输入'

# nothing to report: an empty directory still gives a complete document
mkdir "$TMP/empty"
for f in $FORMATS; do
  expect_rc "empty-$f" 0 "$GL" -f "$f" "$TMP/empty"
done
if [ -s "$TMP/empty-jsonl.out" ]; then bad "jsonl: output for no reports"; else ok; fi
contains empty-sarif out '"results": []'

# read every output back with a real parser
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP parser checks: python3 not installed"
else
  for name in format builtin problems empty; do
    if python3 - "$TMP/$name" <<'PY'
import csv, io, json, sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
base = sys.argv[1]
for line in open(base + "-jsonl.out", encoding="utf-8"):
    json.loads(line)
with io.open(base + "-csv.out", newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f, strict=True))
assert rows[0][0] == "file" and all(len(r) == 13 for r in rows), rows
json.load(open(base + "-sarif.out", encoding="utf-8"))
ET.parse(base + "-junit.out")
class P(HTMLParser):
    stack = []
    def handle_starttag(self, tag, attrs):
        if tag != "meta": self.stack.append(tag)
    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, tag
p = P()
p.feed(open(base + "-html.out", encoding="utf-8").read())
p.close()
assert not p.stack, p.stack
PY
    then ok; else bad "$name: an output did not parse"; fi
  done
  # Debian's python3-jsonschema is for /usr/bin/python3 (PATH may name another python3)
  PYJS=python3
  if ! python3 -c 'import jsonschema' 2>/dev/null && /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    PYJS=/usr/bin/python3
  fi
  if ! $PYJS -c 'import jsonschema' 2>/dev/null; then
    echo "SKIP SARIF schema validation: python3 cannot import jsonschema (apt-get install python3-jsonschema)"
  elif [ ! -f "$SCHEMA" ]; then
    echo "SKIP SARIF schema validation: no schema at $SCHEMA"
  elif $PYJS - "$SCHEMA" "$TMP/format-sarif.out" "$TMP/builtin-sarif.out" "$TMP/problems-sarif.out" "$TMP/empty-sarif.out" <<'PY'
import json, sys, jsonschema
v = jsonschema.Draft4Validator(json.load(open(sys.argv[1])))
bad = 0
for path in sys.argv[2:]:
    for e in v.iter_errors(json.load(open(path, encoding="utf-8"))):
        bad += 1
        print(path, list(e.path), e.message)
sys.exit(1 if bad else 0)
PY
  then ok; else bad "SARIF output is not valid against $SCHEMA"; fi
fi

finish
