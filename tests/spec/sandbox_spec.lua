-- Rule isolation, through the binary: rules cannot change the report or the
-- shared library, cannot leak globals to each other, cannot run forever, and
-- cannot reach the operating system.
local H = require "helper"

-- A rule file in a temp directory; body is the code of check(report, ctx),
-- top (optional) is code before the returned table.
local function rule(id, body, top)
  return H.temp_file(string.format([[
%s
return {
  id = %q, severity = "error", description = "sandbox spec rule",
  check = function(report, ctx)
%s
  end,
}
]], top or "", id, body), ".lua")
end

-- Reports one warning that shows what it sees of the report and of globals.
local function witness()
  return H.temp_file([[
return {
  id = "witness", severity = "warning", description = "sandbox spec witness",
  check = function(report, ctx)
    ctx:report{
      path = "applications.total.natural",
      message = "natural=" .. tostring(report.applications.total.natural)
        .. " leaked=" .. tostring(leaked) .. " leaked_in_check=" .. tostring(leaked_in_check)
        .. " upper=" .. ("a"):upper() .. string.upper("b"),
    }
  end,
}
]], ".lua")
end

local function run(rules, opts)
  opts = opts or {}
  return H.check(H.load_fixture("clean2021"), { rules = rules, args = opts.args })
end

local function the_rule_error(res, id)
  local found
  for _, e in ipairs(H.rule_errors(res)) do
    if e.rule == id then
      assert.is_nil(found, "more than one rule error for " .. id)
      found = e
    end
  end
  assert.is_not_nil(found, "no rule error for " .. id .. ": " .. H.encode(res.reports[1]))
  return found
end

local function witness_message(res)
  return H.one(res, "witness").message
end

describe("the rule sandbox", function()
  after_each(H.cleanup)

  it("lets a plain rule run (the witness alone: no rule error, exit 0)", function()
    local res = run({ witness() })
    assert.are.equal(0, #H.rule_errors(res))
    assert.are.equal(0, res.rc)
    assert.are.equal("natural=147 leaked=nil leaked_in_check=nil upper=AB", witness_message(res))
  end)

  it("turns an assignment to the report into a rule error; the next rule still sees the value and reports", function()
    local res = run({ rule("mutator", "report.applications.total.natural = 1"), witness() })
    local e = the_rule_error(res, "mutator")
    assert.is_true(H.contains(e.message, "read-only"), e.message)
    assert.are.equal("natural=147 leaked=nil leaked_in_check=nil upper=AB", witness_message(res))
    assert.are.equal(1, res.summary.rule_errors)
    assert.are.equal(4, res.rc)
  end)

  it("refuses rawset on the report too", function()
    local res = run({ rule("rawsetter", 'rawset(report.applications.total, "natural", 1)'), witness() })
    the_rule_error(res, "rawsetter")
    assert.are.equal("natural=147 leaked=nil leaked_in_check=nil upper=AB", witness_message(res))
    assert.are.equal(4, res.rc)
  end)

  it("does not let a global set by one rule be seen by another", function()
    local res = run({ rule("globber", "leaked_in_check = 43", "leaked = 42"), witness() })
    assert.are.equal("natural=147 leaked=nil leaked_in_check=nil upper=AB", witness_message(res))
  end)

  it("gives each check call fresh globals: nothing a call set (plainly, by rawset, or by replacing _G) reaches the next report", function()
    -- each rule reports what it sees, then leaves something behind in its own way
    local function leaver(id, how)
      return rule(id, [[
    ctx:report{ path = "year", message = string.format("seen=%s file=%s g=%s",
      tostring(seen), tostring(file_level), tostring(_G == _ENV)) }
    ]] .. how, 'file_level = "loaded"')
    end
    local rules = {
      leaver("plain", "seen = 1; file_level = 'changed'"),
      leaver("raw-env", "rawset(_ENV, 'seen', 1); rawset(_ENV, 'file_level', 'changed')"),
      leaver("raw-g", "rawset(_G, 'seen', 1)"),
      leaver("clobber", "_G = nil"),
    }
    local report = H.load_fixture("clean2021")
    local res = H.check({ report, report, report }, { rules = rules, args = { "-j", "1" } })
    assert.are.equal(3, #res.reports)
    for n = 1, 3 do
      for _, id in ipairs({ "plain", "raw-env", "raw-g", "clobber" }) do
        assert.are.equal("seen=nil file=loaded g=true", H.findings(res, id, n)[1].message, id .. " in report " .. n)
      end
    end
  end)

  it("does not let a rule replace a standard library function for the others", function()
    local res = run({ rule("patcher", 'string.upper = function() return "HACKED" end'), witness() })
    assert.are.equal("natural=147 leaked=nil leaked_in_check=nil upper=AB", witness_message(res))
  end)

  it("ends an infinite loop with an instruction-budget rule error and exit code 4", function()
    local res = run({ rule("looper", "while true do end"), witness() },
                    { args = { "--max-instructions", "2000000" } })
    local e = the_rule_error(res, "looper")
    assert.is_true(H.contains(e.message, "instruction budget"), e.message)
    assert.are.equal("instructions", e.limit)
    assert.are.equal(1, #H.findings(res, "witness"))
    assert.are.equal(0, #H.findings(res, "looper"))
    assert.are.equal(4, res.rc)
    assert.is_true(H.contains(res.stderr, "instruction budget"), res.stderr)
  end)

  it("does not let pcall swallow the instruction budget", function()
    local res = run({ rule("swallower", "while true do pcall(function() while true do end end) end") },
                    { args = { "--max-instructions", "2000000" } })
    local e = the_rule_error(res, "swallower")
    assert.is_true(H.contains(e.message, "instruction budget"), e.message)
    assert.are.equal(4, res.rc)
  end)

  for _, case in ipairs({
    { name = "os.execute", code = 'os.execute("true")' },
    { name = "io.open", code = 'io.open("/etc/passwd")' },
    { name = "load", code = 'load("return 1")' },
  }) do
    it("does not provide " .. case.name, function()
      local res = run({ rule("forbidden", case.code), witness() })
      local e = the_rule_error(res, "forbidden")
      assert.is_true(H.contains(e.message, "not available in govlua rules"), e.message)
      assert.are.equal(1, #H.findings(res, "witness"))
      assert.are.equal(4, res.rc)
    end)
  end

  it('fails require "io" inside check', function()
    local res = run({ rule("requirer", 'local m = require "io"') })
    local e = the_rule_error(res, "requirer")
    assert.is_true(H.contains(e.message, "module 'io' is not available"), e.message)
    assert.are.equal(4, res.rc)
  end)

  it('fails a rule file that does require "io" at load time: exit 4, counted, other rules run', function()
    local res = run({ rule("toprequirer", "", 'local io = require "io"'), witness() })
    assert.are.equal(4, res.rc)
    assert.are.equal(1, res.summary.rule_errors)
    assert.are.equal(1, #H.findings(res, "witness"))
    assert.is_true(H.contains(res.stderr, "module 'io' is not available"), res.stderr)
  end)

  it("gives every rule its own copy of the govlua library: a change stays in that rule", function()
    local res = run({ rule("libpatcher", 'local gl = require "govlua"; gl.show = function() return "X" end; '
                        .. 'gl.APPLICANT_LABEL.natural = "X"; ctx:report{path = "agency", message = gl.show(1)}'),
                      rule("libuser", 'local gl = require "govlua"; '
                        .. 'ctx:report{path = "agency", message = gl.show(1) .. gl.APPLICANT_LABEL.natural}'),
                      witness() })
    assert.are.equal(0, #H.rule_errors(res))
    assert.are.equal("X", H.findings(res, "libpatcher")[1].message)
    assert.are.equal("1自然人", H.findings(res, "libuser")[1].message)
    assert.are.equal(1, #H.findings(res, "witness"))
  end)

  it("keeps govlua's C modules read-only", function()
    local res = run({ rule("corepatcher", 'local core = require "govlua.core"; core.describe = nil'), witness() })
    local e = the_rule_error(res, "corepatcher")
    assert.is_true(H.contains(e.message, "read-only"), e.message)
    assert.are.equal(1, #H.findings(res, "witness"))
  end)
end)
