-- A hostile report through every output format: markup in the agency and the
-- prose, spreadsheet formulas in text cells, markup in a text cell, control
-- characters and line breaks in messages, and a file name with markup, quotes,
-- a space and Chinese.  No format may let any of it become live: CSV has no
-- formula cell, HTML and Markdown contain no markup from the report, SARIF
-- stays valid, JUnit and JSON Lines still parse.
local H = require "helper"
local cjson = require "cjson"

local AGENCY = "<script>alert(1)</script>"
local PROSE = "</td><img src=x onerror=alert(1)>\n| a | b |\n[x](javascript:alert(1)) www.evil.example a@b.example"
local HYPERLINK = '=HYPERLINK("http://x")'
local ATSUM = "@SUM(1)"
local CELL_MARKUP = "</td><script>alert(2)</script>"

-- A rule that echoes every text cell and the agency as a finding message, so
-- that report text reaches every column of every format verbatim.
local ECHO_RULE = [[
local gl = require "govlua"
return {
  id = "echo", severity = "error", description = "echo <b>&amp;</b> \"quoted\" 'single'",
  basis = "<i>basis</i>",
  check = function(report, ctx)
    for _, r in ipairs(gl.rows(report.edition)) do
      local row = gl.row(report, r)
      if row then
        for _, c in ipairs(r.columns) do
          local v = row[c.key]
          if type(v) == "string" then ctx:report{ path = r.path .. "." .. c.key, message = v } end
        end
      end
    end
    ctx:report{ path = "agency", message = report.agency, severity = "warning" }
    ctx:report{ path = "sections.overview", message = "ctl\1\2\27[31m<x>\r\nnext line | pipe" }
    ctx:report{ path = "title", message = "-2+3", severity = "info", line = 4 }
  end,
}
]]

local function hostile_report()
  local r = H.load_fixture("seed")
  r.agency = AGENCY
  r.title = "<b>" .. HYPERLINK .. "</b>"
  H.set(r, "sections.overview", PROSE)
  H.set(r, "applications.new.natural", HYPERLINK)
  H.set(r, "applications.new.commercial", ATSUM)
  H.set(r, "active.rules.made", CELL_MARKUP)
  return r
end

local function sh(cmd)
  local p = assert(io.popen(cmd .. " 2>&1; echo \"rc=$?\"", "r"))
  local out = p:read("a")
  p:close()
  local rc
  out = out:gsub("rc=(%d+)\n$", function(n) rc = tonumber(n); return "" end)
  return rc, out
end

local function python(script, ...)
  local args = { "python3", H.shquote(H.temp_file(script, ".py")) }
  for _, a in ipairs({ ... }) do args[#args + 1] = H.shquote(a) end
  return sh(table.concat(args, " "))
end

local dir, file, rule_file

-- Runs format `name` on the hostile file with the built-in rules and the echo rule.
local function run_format(name)
  local rc, out, err = H.run({ "-f", name, rule_file, "rules/cell-placeholder.lua", "rules/cell-blank.lua", file })
  assert.are.equal(1, rc, err)
  local path = H.tmpname("." .. name)
  H.write_file(path, out)
  return out, path
end

describe("a hostile report", function()
  setup(function()
    local _, d = sh("mktemp -d")
    dir = d:gsub("%s+$", "")
    file = dir .. "/hostile <i>&\"'报告.json"
    H.write_file(file, H.encode(hostile_report()))
    rule_file = dir .. "/echo.lua"
    H.write_file(rule_file, ECHO_RULE)
  end)
  teardown(function()
    H.cleanup()
    if dir and dir:match("^/tmp/") then os.execute("rm -rf " .. H.shquote(dir)) end
  end)

  it("gives CSV no formula cell and keeps every value", function()
    local out, path = run_format("csv")
    assert.are.equal("\239\187\191", out:sub(1, 3))
    local rc, js = python([[
import csv, json, sys, io
with io.open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    print(json.dumps(list(csv.reader(f, strict=True))))
]], path)
    assert.are.equal(0, rc, js)
    local rows = cjson.decode(js)
    local seen = {}
    for i, row in ipairs(rows) do
      assert.are.equal(13, #row, "row " .. i)
      for _, cell in ipairs(row) do
        assert.is_nil(cell:find("^[=+%-@\t\r]"), "formula cell: " .. cell)
        seen[cell] = true
      end
    end
    assert.is_true(seen["'" .. HYPERLINK], js)
    assert.is_true(seen["'" .. ATSUM], js)
    assert.is_true(seen["'-2+3"], js)
    assert.is_true(seen[AGENCY], js)
    assert.is_true(seen[file], js)
  end)

  it("gives HTML no markup from the report", function()
    local out, path = run_format("html")
    local rc, js = python([[
import json, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text, self.stack, self.errors = set(), set(), [], [], []
        self.titles = []
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for k, v in attrs:
            self.attrs.add(k)
            if k == "title": self.titles.append(v)
        if tag not in ("meta",): self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.tags.add(tag)
        for k, v in attrs: self.attrs.add(k)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unexpected </%s>, open: %s" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
    def handle_data(self, d): self.text.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
print(json.dumps({"tags": sorted(p.tags), "attrs": sorted(p.attrs), "text": "".join(p.text),
                  "titles": p.titles, "errors": p.errors + (["unclosed: %s" % p.stack] if p.stack else [])}))
]], path)
    assert.are.equal(0, rc, js)
    local doc = cjson.decode(js)
    assert.are.same({}, doc.errors)
    local allowed = {}
    for _, t in ipairs({ "html", "head", "meta", "title", "style", "body", "main", "header", "section",
                         "div", "h1", "h2", "h3", "h4", "p", "span", "a", "ol", "ul", "li", "table",
                         "caption", "tr", "th", "td", "sup", "details", "summary", "pre", "svg",
                         "text", "rect" }) do allowed[t] = true end
    for _, t in ipairs(doc.tags) do assert.is_true(allowed[t] == true, "unexpected tag <" .. t .. ">") end
    for _, a in ipairs(doc.attrs) do
      assert.is_nil(a:find("^on"), "event handler attribute " .. a)
      assert.are_not.equal("src", a)
    end
    -- the hostile text is there, as text
    assert.is_true(H.contains(doc.text, AGENCY), "agency shown as text")
    assert.is_true(H.contains(doc.text, "</td><img src=x onerror=alert(1)>"), "prose shown as text")
    assert.is_true(H.contains(doc.text, CELL_MARKUP), "text cell shown as text")
    assert.is_true(H.contains(doc.text, HYPERLINK), "formula cell shown as text")
    assert.is_true(H.contains(table.concat(doc.titles, "\n"), CELL_MARKUP), "title attribute keeps the text")
    -- every "<" in the raw page is our own markup: none is followed by report text
    assert.is_nil(out:find("<script", 1, true))
    assert.is_nil(out:find("<img", 1, true))
    assert.is_nil(out:find("<i>", 1, true))
    assert.is_nil(out:find("\1", 1, true))
    assert.is_nil(out:find("\27", 1, true))
  end)

  it("gives Markdown no live markup", function()
    local out = run_format("markdown")
    assert.is_nil(out:find("<", 1, true), "a raw < in the Markdown output")
    assert.is_nil(out:find(">", 1, true), "a raw > in the Markdown output")
    assert.is_nil(out:find("](", 1, true), "a link could form")
    assert.is_nil(out:find("http://", 1, true), "an autolink could form")
    assert.is_nil(out:find("\1", 1, true))
    assert.is_true(H.contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;"), out)
    -- table rows keep exactly four cells: every report "|" is escaped
    for line in out:gmatch("[^\n]+") do
      if line:sub(1, 1) == "|" then
        local cells = -1
        for _ in line:gsub("\\.", "xx"):gmatch("|") do cells = cells + 1 end
        assert.are.equal(4, cells, line)
      end
    end
  end)

  it("keeps SARIF valid", function()
    local _, path = run_format("sarif")
    local schema = (os.getenv("GOVLUA_SHARED_DIR") or (H.source_dir .. "/../shared"))
      .. "/schemas/sarif-schema-2.1.0.json"
    local rc, msg = sh("python3 -c 'import jsonschema'")
    if rc ~= 0 then
      print("\nSKIP SARIF schema check: python3 jsonschema is not installed (apt-get install python3-jsonschema)")
    elseif not io.open(schema, "r") then
      print("\nSKIP SARIF schema check: " .. schema .. " not found")
    else
      local vrc, vout = python([[
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
errs = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
for e in errs[:5]: print(list(e.path), e.message)
sys.exit(1 if errs else 0)
]], schema, path)
      assert.are.equal(0, vrc, vout)
    end
    local doc = cjson.decode(H.read_file(path))
    local uri = doc.runs[1].artifacts[1].location.uri
    assert.is_nil(uri:find("[<>\"' &]"), uri)
    assert.are.equal("file://", uri:sub(1, 7))
    assert.is_true(H.contains(uri, "hostile%20%3Ci%3E%26%22%27%E6%8A%A5%E5%91%8A.json"), uri)
    local texts = {}
    for _, r in ipairs(doc.runs[1].results) do texts[#texts + 1] = r.message.text end
    assert.is_true(H.contains(table.concat(texts, "\n"), AGENCY))
  end)

  it("keeps JUnit parseable with the values intact", function()
    local _, path = run_format("junit")
    local rc, js = python([[
import json, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
props = {p.get("name"): p.get("value") for p in suite.iter("property")}
cases = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
fails = [f.text for f in root.iter("failure")]
print(json.dumps({"suite": suite.get("name"), "props": props, "cases": cases, "fails": fails}))
]], path)
    assert.are.equal(0, rc, js)
    local doc = cjson.decode(js)
    assert.are.equal(file, doc.suite)
    assert.are.equal(AGENCY, doc.props.agency)
    local all = table.concat(doc.fails, "\n")
    assert.is_true(H.contains(all, CELL_MARKUP), all)
    assert.is_true(H.contains(all, "ctl[31m<x>"), "control characters dropped: " .. all)
    if sh("command -v xmllint >/dev/null") == 0 then
      local xrc, xout = sh("xmllint --noout " .. H.shquote(path))
      assert.are.equal(0, xrc, xout)
    end
  end)

  it("keeps JSON Lines one decodable line per report", function()
    local out = run_format("jsonl")
    local n = 0
    for line in out:gmatch("([^\n]*)\n") do
      n = n + 1
      local e = cjson.decode(line)
      assert.are.equal(AGENCY, e.agency)
      assert.are.equal(file, e.file)
    end
    assert.are.equal(1, n)
  end)
end)
