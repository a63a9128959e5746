-- Generates docs/rules.md from the rules' own metadata:
--   govlua --list-rules -f json | lua5.4 tools/gen-rules-doc.lua > docs/rules.md
-- (tests/cli/docs.sh checks that docs/rules.md is up to date)
local cjson = require "cjson"
local list = cjson.decode(io.read("a")).rules
table.sort(list, function(a, b) return a.id < b.id end)

local function cell(s)
  return (tostring(s or ""):gsub("|", "\\|"):gsub("\n", " "))
end

local out = {
  "# govlua built-in rules / 内置规则",
  "",
  "Generated from the rules' metadata by `tools/gen-rules-doc.lua`; do not edit by hand.",
  "Each rule is one file `rules/<id>.lua`. Change a rule's severity with `--rule ID=LEVEL`",
  "(off, info, warning, error). Load problems of a report are reported under the ids",
  "`model` (report JSON) and `import` (text and HTML documents).",
  "",
  "| id | severity | 检查内容 (what is checked) | 依据 (basis) |",
  "|---|---|---|---|",
}
for _, r in ipairs(list) do
  out[#out + 1] = string.format("| `%s` | %s | %s | %s |", r.id, r.severity, cell(r.description), cell(r.basis))
end
out[#out + 1] = ""
out[#out + 1] = string.format("%d rules.", #list)
io.write(table.concat(out, "\n"), "\n")
