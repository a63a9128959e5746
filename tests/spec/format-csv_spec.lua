-- Format csv: one row per finding, UTF-8 with BOM, CRLF, RFC 4180 quoting,
-- table/row/column labels, a row for every report, no formula cells.
local H = require "helper"
local cjson = require "cjson"

local HEADER = { "file", "agency", "year", "edition", "rule", "severity", "location", "table",
                 "row", "column", "path", "line", "message" }

-- A rule whose check reports the given findings ({path=, message=, severity=, line=}).
local function rule(id, findings)
  local parts = {}
  for _, f in ipairs(findings) do
    parts[#parts + 1] = string.format("ctx:report{ path = %q, message = %q, severity = %s, line = %s }",
      f.path, f.message, f.severity and string.format("%q", f.severity) or "nil", f.line or "nil")
  end
  return H.temp_file(string.format([[
return { id = %q, severity = "error", description = "csv spec rule",
  check = function(report, ctx) %s end }
]], id, table.concat(parts, "\n")), ".lua")
end

-- Parses CSV text with python3's csv module (strict): a list of rows.
local function parse(text)
  local path = H.temp_file(text)
  local script = H.temp_file([[
import csv, json, sys, io
with io.open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    print(json.dumps(list(csv.reader(f, strict=True))))
]], ".py")
  local p = assert(io.popen("python3 " .. H.shquote(script) .. " " .. H.shquote(path) .. " 2>&1"))
  local out = p:read("a")
  p:close()
  local ok, rows = pcall(cjson.decode, out)
  assert(ok, "python3 could not parse the CSV: " .. out)
  return rows
end

-- rows as tables keyed by the header
local function records(rows)
  local out = {}
  for i = 2, #rows do
    local rec = {}
    for j, k in ipairs(rows[1]) do rec[k] = rows[i][j] end
    out[#out + 1] = rec
  end
  return out
end

describe("format csv", function()
  after_each(H.cleanup)

  it("starts with a BOM and the header, and ends lines with CRLF", function()
    local res = H.check(H.load_fixture("seed"), { format = "csv" })
    assert.are.equal(1, res.rc)
    assert.are.equal("\239\187\191file,agency,year,edition,rule,severity,location,table,row,column,path,line,message\r\n",
                     res.raw:sub(1, 3 + #table.concat(HEADER, ",") + 2))
    assert.is_nil(res.raw:gsub("\r\n", ""):find("\n"), "bare LF line end")
    local rows = parse(res.raw)
    assert.are.same(HEADER, rows[1])
  end)

  it("writes a finding with the table, row and column labels", function()
    local res = H.check(H.load_fixture("seed"), { format = "csv" })
    local recs = records(parse(res.raw))
    local blank
    for _, r in ipairs(recs) do if r.rule == "cell-blank" then blank = r end end
    assert.is_not_nil(blank, res.raw)
    assert.are.same({
      file = res.files[1], agency = "乡宁县审计局", year = "2020", edition = "2019", rule = "cell-blank",
      severity = "error", location = "表三 （七）总计 / 社会公益组织", table = "表三", row = "（七）总计",
      column = "社会公益组织", path = "applications.total.nonprofit", line = "",
      message = "表三 （七）总计 / 社会公益组织 为空白，应填写数字（没有发生的填 0）",
    }, blank)
  end)

  it("splits row, group, table and non-table paths", function()
    local r = rule("where", {
      { path = "applications.withheld.state_secret.total", message = "cell" },
      { path = "applications.total", message = "row" },
      { path = "applications.withheld", message = "group" },
      { path = "appeals", message = "table", severity = "warning" },
      { path = "active.fees.amount", message = "2021 cell", severity = "info", line = 12 },
      { path = "sections.problems", message = "section" },
    })
    local res = H.check(H.load_fixture("clean2021"), { format = "csv", rules = { r } })
    local by = {}
    for _, rec in ipairs(records(parse(res.raw))) do by[rec.message] = rec end
    assert.are.same({ "表三", "（三）1.属于国家秘密", "总计" }, { by.cell.table, by.cell.row, by.cell.column })
    assert.are.same({ "表三", "（七）总计", "" }, { by.row.table, by.row.row, by.row.column })
    assert.are.same({ "表三", "（三）不予公开", "" }, { by.group.table, by.group.row, by.group.column })
    assert.are.same({ "表四", "", "" }, { by.table.table, by.table.row, by.table.column })
    assert.are.equal("warning", by.table.severity)
    assert.are.same({ "表二", "行政事业性收费", "本年收费金额（单位：万元）", "12", "info" },
      { by["2021 cell"].table, by["2021 cell"].row, by["2021 cell"].column, by["2021 cell"].line,
        by["2021 cell"].severity })
    assert.are.same({ "", "", "", "五、存在的主要问题及改进情况" },
      { by.section.table, by.section.row, by.section.column, by.section.location })
  end)

  it("gives a clean report one row with an empty rule, and every report appears", function()
    local bad = H.temp_file("{ not json", ".json")
    local res = H.check({ H.load_fixture("clean2021"), bad, H.load_fixture("seed") },
                        { format = "csv", rules = { "rules/cell-blank.lua" } })
    assert.are.equal(3, res.rc)
    local recs = records(parse(res.raw))
    assert.are.equal(3, #recs)
    assert.are.equal(res.files[1], recs[1].file)
    assert.are.equal("平潭综合实验区", recs[1].agency)
    assert.are.same({ "", "", "" }, { recs[1].rule, recs[1].severity, recs[1].message })
    assert.are.equal(bad, recs[2].file)
    assert.are.equal("unreadable", recs[2].severity)
    assert.is_true(H.contains(recs[2].message, "not valid JSON"), recs[2].message)
    assert.are.equal("cell-blank", recs[3].rule)
  end)

  it("writes rule errors and rule files that did not load", function()
    local rc, out = H.run({ "-f", "csv", "tests/fixtures/rules/broken.lua", "tests/fixtures/rules/not-a-rule.lua",
                            "rules/cell-blank.lua", H.fixture_path("clean2021") })
    assert.are.equal(4, rc)
    local recs = records(parse(out))
    assert.are.equal("rule-load-error", recs[1].severity)
    assert.are.equal("", recs[1].file)
    assert.is_true(H.contains(recs[1].message, "not-a-rule.lua"), recs[1].message)
    assert.are.equal("rule-error", recs[2].severity)
    assert.are.equal("broken", recs[2].rule)
    assert.is_true(H.contains(recs[2].message, "attempt to index a nil value"), recs[2].message)
    assert.are.equal(2, #recs) -- a report with a rule error gets no extra "clean" row
  end)

  it("quotes commas, quotes and line breaks (RFC 4180) and round-trips them", function()
    local msg = 'a, "b"\nc\r\nd'
    local r = rule("quote", { { path = "applications.total", message = msg } })
    local res = H.check(H.load_fixture("clean2021"), { format = "csv", rules = { r } })
    assert.is_true(H.contains(res.raw, '"a, ""b""\nc\r\nd"'), res.raw)
    local recs = records(parse(res.raw))
    assert.are.equal(msg, recs[1].message)
  end)

  it("puts an apostrophe before anything a spreadsheet would read as a formula", function()
    local cases = { "=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")' }
    local fs = {}
    for i, c in ipairs(cases) do fs[i] = { path = "applications.total", message = c } end
    local report = H.load_fixture("clean2021")
    report.agency = "=cmd|' /C calc'!A0"
    local res = H.check(report, { format = "csv", rules = { rule("formula", fs) } })
    local recs = records(parse(res.raw))
    assert.are.equal(#cases, #recs)
    local got, want = {}, {}
    for i, c in ipairs(cases) do
      want[i] = "'" .. c
      got[i] = recs[i].message
      assert.are.equal("'=cmd|' /C calc'!A0", recs[i].agency)
    end
    table.sort(got)
    table.sort(want)
    assert.are.same(want, got)
    for _, row in ipairs(parse(res.raw)) do
      for _, cell in ipairs(row) do assert.is_nil(cell:find("^[=+%-@\t\r]"), cell) end
    end
  end)
end)
