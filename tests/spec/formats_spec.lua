-- Output formats: the json contract, the text output, user format files, and
-- a format that fails.
local H = require "helper"

local function keys(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  table.sort(out)
  return out
end

local function sorted(list)
  local out = { table.unpack(list) }
  table.sort(out)
  return out
end

describe("format json", function()
  it("has the documented shape for a report with a finding", function()
    local res = H.check(H.load_fixture("seed"))
    assert.are.equal(1, res.rc)
    assert.is_string(res.version)
    assert.are.equal(1, #res.reports)
    local rep = res.reports[1]
    assert.are.same(sorted({ "file", "agency", "year", "edition", "findings", "rule_errors",
                             "errors", "warnings", "infos" }), keys(rep))
    assert.are.equal(res.files[1], rep.file)
    assert.are.equal("乡宁县审计局", rep.agency)
    assert.are.equal(2020, rep.year)
    assert.are.equal("2019", rep.edition)
    assert.are.equal(1, rep.errors)
    assert.are.equal(0, rep.warnings)
    assert.are.equal(0, rep.infos)
    assert.are.equal(1, #rep.findings)
    local f = rep.findings[1]
    assert.are.same(sorted({ "rule", "severity", "message", "path", "location" }), keys(f))
    assert.are.equal("cell-blank", f.rule)
    assert.are.equal("error", f.severity)
    assert.are.equal("applications.total.nonprofit", f.path)
    assert.are.equal("表三 （七）总计 / 社会公益组织", f.location)
    assert.are.same(sorted({ "reports", "errors", "warnings", "infos", "unreadable", "rule_errors" }),
                    keys(res.summary))
    assert.are.same({ reports = 1, errors = 1, warnings = 0, infos = 0, unreadable = 0, rule_errors = 0 },
                    res.summary)
  end)

  it("writes findings and rule_errors as arrays even when empty", function()
    local res = H.check(H.load_fixture("clean2021"))
    assert.are.equal(0, res.rc)
    assert.is_true(H.contains(res.raw, '"findings":[]'), res.raw)
    assert.is_true(H.contains(res.raw, '"rule_errors":[]'), res.raw)
    assert.is_false(H.contains(res.raw, '"findings":{}'), res.raw)
    assert.are.equal(0, #res.reports[1].findings)
    assert.are.equal(0, res.summary.errors)
  end)

  it("keeps the order of the inputs and counts them in the summary", function()
    local res = H.check({ H.load_fixture("clean2019"), H.load_fixture("seed"), H.load_fixture("clean2021") })
    assert.are.equal(1, res.rc)
    assert.are.equal(3, #res.reports)
    for i = 1, 3 do assert.are.equal(res.files[i], res.reports[i].file) end
    assert.are.same({ "2019", "2019", "2021" },
      { res.reports[1].edition, res.reports[2].edition, res.reports[3].edition })
    assert.are.equal(3, res.summary.reports)
    assert.are.equal(1, res.summary.errors)
  end)

  it("gives an unreadable input a {file, error} entry and exit code 3", function()
    local bad = H.temp_file("{ not json", nil)
    local res = H.check({ bad, H.load_fixture("clean2021") })
    H.cleanup()
    assert.are.equal(3, res.rc)
    assert.are.equal(2, #res.reports)
    assert.are.same({ "error", "file" }, keys(res.reports[1]))
    assert.are.equal(bad, res.reports[1].file)
    assert.is_string(res.reports[1].error)
    assert.are.equal(0, #res.reports[2].findings)
    assert.are.equal(1, res.summary.unreadable)
  end)
end)

describe("format text", function()
  it("shows the file, the rule id, the Chinese location and a summary line", function()
    local r = H.load_fixture("seed")
    local res = H.check(r, { format = "text" })
    assert.are.equal(1, res.rc)
    local out = res.raw
    assert.is_true(H.contains(out, res.files[1]), out)
    assert.is_true(H.contains(out, "[cell-blank]"), out)
    assert.is_true(H.contains(out, "表三 （七）总计 / 社会公益组织"), out)
    assert.is_true(H.contains(out, "applications.total.nonprofit"), out)
    assert.is_true(H.contains(out, "为空白"), out)
    assert.is_true(H.contains(out, "乡宁县审计局"), out)
    assert.is_true(H.contains(out, "1 report, 1 error, 0 warnings"), out)
    assert.is_true(H.contains(out, "1 份报告，1 个错误，0 个警告"), out)
    assert.is_nil(out:find("\27[", 1, true), "no colour escapes expected")
  end)

  it("is the default format", function()
    local rc, out = H.run({ H.fixture_path("seed") })
    assert.are.equal(1, rc)
    assert.is_true(H.contains(out, "[cell-blank]"), out)
    assert.is_true(H.contains(out, "1 error"), out)
  end)

  it("says ok for a clean report", function()
    local res = H.check(H.load_fixture("clean2019"), { format = "text" })
    assert.are.equal(0, res.rc)
    assert.is_true(H.contains(res.raw, "未发现问题"), res.raw)
    assert.is_true(H.contains(res.raw, "1 report, 0 errors, 0 warnings"), res.raw)
  end)
end)

describe("a user format file", function()
  after_each(H.cleanup)

  it("runs when given as -f PATH", function()
    local fmt = H.temp_file([[
return function(run)
  for r in run:reports() do run:write(r.file, "\n") end
  run:write("n=", run.summary.reports, "\n")
end
]], ".lua")
    local res = H.check({ H.load_fixture("clean2021"), H.load_fixture("seed") }, { format = fmt })
    assert.are.equal(1, res.rc) -- the exit code still follows the findings
    assert.are.equal(res.files[1] .. "\n" .. res.files[2] .. "\n" .. "n=2\n", res.raw)
  end)

  it("that raises an error ends the run with exit code 5 and a message on stderr", function()
    local fmt = H.temp_file([[
return function(run)
  for r in run:reports() do error("format exploded here") end
end
]], ".lua")
    local res = H.check(H.load_fixture("clean2021"), { format = fmt })
    assert.are.equal(5, res.rc)
    assert.is_true(H.contains(res.stderr, "format exploded here"), res.stderr)
    assert.is_true(H.contains(res.stderr, "format"), res.stderr)
  end)

  it("that fails before reading any report also exits 5", function()
    local fmt = H.temp_file('return function(run) error("no reports for me") end\n', ".lua")
    local res = H.check(H.load_fixture("seed"), { format = fmt })
    assert.are.equal(5, res.rc)
    assert.is_true(H.contains(res.stderr, "no reports for me"), res.stderr)
  end)
end)
