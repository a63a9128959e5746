-- Format junit: well-formed JUnit XML read back with python3's xml.etree:
-- one testsuite per report, one testcase per report × rule with a unique
-- classname + name, failures for errors, warnings in system-out, rule errors
-- as <error>, unreadable inputs as a suite with one <error>.
local H = require "helper"
local cjson = require "cjson"

-- Parses JUnit XML with python3 into
-- {suites = {{name=, tests=, failures=, errors=, skipped=, props={}, cases={{classname=, name=,
--   failure={type=, message=, text=}, error=…, skipped=bool, out=}}}}}
local PARSE = [[
import json, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
def child(c, tag):
    e = c.find(tag)
    return None if e is None else {"type": e.get("type"), "message": e.get("message"), "text": e.text or ""}
suites = []
for s in root.findall("testsuite"):
    cases = []
    for c in s.findall("testcase"):
        out = c.find("system-out")
        cases.append({"classname": c.get("classname"), "name": c.get("name"),
                      "failure": child(c, "failure"), "error": child(c, "error"),
                      "skipped": c.find("skipped") is not None,
                      "out": None if out is None else out.text})
    suites.append({"name": s.get("name"), "tests": int(s.get("tests")), "failures": int(s.get("failures")),
                   "errors": int(s.get("errors")), "skipped": int(s.get("skipped")),
                   "props": {p.get("name"): p.get("value") for p in s.iter("property")}, "cases": cases})
print(json.dumps({"suites": suites}))
]]

local function parse(xml)
  local script = H.temp_file(PARSE, ".py")
  local path = H.temp_file(xml, ".xml")
  local p = assert(io.popen("python3 " .. H.shquote(script) .. " " .. H.shquote(path) .. " 2>&1"))
  local out = p:read("a")
  p:close()
  local ok, doc = pcall(cjson.decode, out)
  assert(ok, "python3 could not parse the JUnit XML: " .. out .. "\n" .. xml)
  for _, s in ipairs(doc.suites) do
    for _, c in ipairs(s.cases) do
      for _, k in ipairs({ "failure", "error", "out" }) do if c[k] == cjson.null then c[k] = nil end end
    end
  end
  return doc
end

local function junit(args)
  local rc, out, err = H.run({ "-f", "junit", table.unpack(args) })
  return parse(out), out, rc, err
end

local function case(suite, name)
  for _, c in ipairs(suite.cases) do if c.name == name then return c end end
  error("no testcase " .. name .. " in " .. suite.name)
end

describe("format junit", function()
  after_each(H.cleanup)

  it("has one testsuite per report and one testcase per rule", function()
    local doc, _, rc = junit({ "examples/" })
    assert.are.equal(1, rc)
    assert.are.equal(2, #doc.suites)
    local _, listing = H.run({ "--list-rules", "-f", "json" })
    local nrules = #(cjson.decode(listing).rules)
    local s1, s2 = doc.suites[1], doc.suites[2]
    assert.are.equal("examples/pingtan-2025.json", s1.name)
    assert.are.equal(nrules, s1.tests)
    assert.are.equal(nrules, #s1.cases)
    assert.are.equal("平潭综合实验区", s1.props.agency)
    assert.are.equal("2025", s1.props.year)
    assert.are.equal("2021", s1.props.edition)
    assert.are.equal("examples.pingtan-2025", s1.cases[1].classname)
    assert.are.equal("examples.xiangning-audit-2020", s2.cases[1].classname)
    local cb = case(s2, "cell-blank")
    assert.are.equal("error", cb.failure.type)
    assert.is_true(H.contains(cb.failure.message, "为空白"), cb.failure.message)
    assert.is_true(H.contains(cb.failure.text, "applications.total.nonprofit"), cb.failure.text)
    assert.are.equal(1, s2.failures)
    assert.is_nil(case(s1, "cell-blank").failure)
  end)

  it("keeps classname + name unique, also for the same file given twice", function()
    local doc = junit({ "rules/cell-blank.lua", H.fixture_path("seed"), H.fixture_path("seed"), "examples/" })
    local seen = {}
    for _, s in ipairs(doc.suites) do
      for _, c in ipairs(s.cases) do
        local key = c.classname .. "\0" .. c.name
        assert.is_nil(seen[key], "duplicate testcase " .. c.classname .. " " .. c.name)
        seen[key] = true
      end
    end
    assert.are.equal(doc.suites[1].cases[1].classname .. "~2", doc.suites[2].cases[1].classname)
  end)

  it("lists warnings in system-out without failing the testcase", function()
    local doc = junit({ "rules/cell-blank.lua", "--rule", "cell-blank=warning", H.fixture_path("seed") })
    local c = case(doc.suites[1], "cell-blank")
    assert.is_nil(c.failure)
    assert.is_true(H.contains(c.out, "warning 表三 （七）总计 / 社会公益组织"), c.out)
    assert.are.equal(0, doc.suites[1].failures)
  end)

  it("marks rule errors as <error>, turned-off rules as skipped, unreadable inputs as a suite", function()
    local bad = H.temp_file("{ not json", ".json")
    local doc, _, rc = junit({ "tests/fixtures/rules/broken.lua", "rules/cell-blank.lua",
                               "rules/application-balance.lua", "--rule", "application-balance=off",
                               H.fixture_path("seed"), bad })
    assert.are.equal(4, rc)
    local s = doc.suites[1]
    local broken = case(s, "broken")
    assert.are.equal("rule-error", broken.error.type)
    assert.is_true(H.contains(broken.error.text, "stack traceback"), broken.error.text)
    assert.is_true(case(s, "application-balance").skipped)
    assert.are.same({ 3, 1, 1, 1 }, { s.tests, s.failures, s.errors, s.skipped })
    local u = doc.suites[2]
    assert.are.equal(bad, u.name)
    assert.are.same({ 1, 1 }, { u.tests, u.errors })
    assert.are.equal("read", u.cases[1].name)
    assert.are.equal("unreadable", u.cases[1].error.type)
    assert.is_true(H.contains(u.cases[1].error.text, "not valid JSON"))
  end)

  it("puts rule files that did not load in a first suite", function()
    local doc = junit({ "tests/fixtures/rules/not-a-rule.lua", "tests/fixtures/rules/syntax-error.lua",
                        "rules/cell-blank.lua", H.fixture_path("clean2021") })
    local s = doc.suites[1]
    assert.are.equal("rule files", s.name)
    assert.are.same({ 2, 2 }, { s.tests, s.errors })
    assert.are.equal("tests/fixtures/rules/not-a-rule.lua", s.cases[1].name)
    assert.are.equal("rule-load-error", s.cases[1].error.type)
  end)

  it("escapes markup and drops characters XML 1.0 forbids", function()
    local r = H.temp_file([[
return { id = "nasty", severity = "error", description = "a <b>&</b>",
  check = function(report, ctx)
    ctx:report{ path = "title", message = "ab\1c\8d\11e\12f\27g\127h <x> & \"q\" 'a' ]]
      .. "\239\191\190" .. [[ end" }
  end }
]], ".lua")
    local report = H.load_fixture("clean2021")
    report.agency = "<&\"'>"
    local doc, raw = junit({ r, H.temp_file(H.encode(report), ".json") })
    local c = case(doc.suites[1], "nasty")
    assert.is_true(H.contains(c.failure.text, "abcdefgh <x> & \"q\" 'a'  end"), c.failure.text)
    assert.are.equal("<&\"'>", doc.suites[1].props.agency)
    assert.is_nil(raw:find("[%z\1-\8\11\12\14-\31]"), "a control character in the XML")
    local p = io.popen("command -v xmllint")
    local have = p:read("a") ~= ""
    p:close()
    if have then
      local path = H.temp_file(raw, ".xml")
      assert.is_true(os.execute("xmllint --noout " .. H.shquote(path)) == true)
    end
  end)
end)
