-- section-empty: 一、总体情况 and 五、存在的主要问题及改进情况 must not be empty.
local H = require "helper"

local RULE = "section-empty"
local CHECKED = {
  overview = { label = "一、总体情况", why = "应概述本年度政府信息公开工作的总体情况" },
  problems = { label = "五、存在的主要问题及改进情况",
    why = "应写明存在的主要问题和改进措施（《政府信息公开条例》第五十条第（四）项）" },
}
local KEYS = { "overview", "problems" }

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    describe(fx, function()
      it("passes the report", function()
        local res = H.check_rule(H.load_fixture(fx), RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, res.rc)
      end)

      for _, key in ipairs(KEYS) do
        local c = CHECKED[key]
        local cases = {
          { "", "只有标题，没有内容" },
          { "  \n\t", "只有标题，没有内容" },
          { "\u{3000}\u{3000}\u{A0}", "只有标题，没有内容" },
          { "无", "只写了“无”" },
          { "\u{3000}无。\n", "只写了“无。”" },
          { "暂无", "只写了“暂无”" },
          { string.rep(" ", 100) .. "\u{3000}暂 无。\n", "只写了“暂 无。”" }, -- past the first bytes
          { "无.。", "只写了“无.。”" },
          { "\u{FEFF}\u{200B}\u{2002}\u{2003}\u{2009}\r\f\v", "只有标题，没有内容" },
        }
        for _, case in ipairs(cases) do
          it(string.format("reports %s = %q", key, case[1]), function()
            local r = H.load_fixture(fx)
            H.set(r, "sections." .. key, case[1])
            local res = H.check_rule(r, RULE)
            assert_ran(res)
            local fd = H.one(res, RULE)
            assert.are.equal("error", fd.severity)
            assert.are.equal("sections." .. key, fd.path)
            assert.are.equal("“" .. c.label .. "”" .. case[2] .. "，" .. c.why, fd.message)
            assert.are.equal(1, res.rc)
          end)
        end
      end
    end)
  end

  it("reports both sections when both are empty", function()
    local r = H.load_fixture("clean2021")
    H.set(r, "sections.overview", "")
    H.set(r, "sections.problems", "无")
    local res = H.check_rule(r, RULE)
    local got = {}
    for _, f in ipairs(H.findings(res, RULE)) do got[#got + 1] = f.path end
    table.sort(got)
    assert.are.same({ "sections.overview", "sections.problems" }, got)
  end)

  it("leaves absent sections to sections-present", function()
    local r = H.load_fixture("clean2021")
    H.set(r, "sections.overview", nil)
    H.set(r, "sections.problems", nil)
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
    r.sections = nil
    assert.are.equal(0, #H.findings(H.check_rule(r, RULE), RULE))
  end)

  it("does not check the other sections (table sections are often headings only; 六 may say 无)", function()
    local r = H.load_fixture("clean2019")
    for _, k in ipairs({ "active", "applications", "appeals" }) do H.set(r, "sections." .. k, "") end
    H.set(r, "sections.other", "无")
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)

  it("accepts text that is not just 无 / 暂无 with a full stop", function()
    for _, text in ipairs({ "无。.", "无无", "０", "无1", "暂无。。", string.rep("\u{3000}", 40) .. "本年度无新情况",
      string.rep(" ", 5000) .. "x", "\u{2028}" }) do
      local r = H.load_fixture("clean2021")
      H.set(r, "sections.problems", text)
      local res = H.check_rule(r, RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE), string.format("%q", text))
    end
  end)

  it("accepts short real text, even text that starts with 无", function()
    local r = H.load_fixture("clean2021")
    H.set(r, "sections.problems", "无明显问题，下一步将继续加强培训。")
    H.set(r, "sections.overview", "本年度依法做好政府信息公开工作。")
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)
end)

-- govlua.core.squeeze, which prose.is_empty uses to stop reading a long
-- section early: the same text as normalize(s) without its spaces, and nil
-- once that would be longer than max. Checked inside govlua on generated
-- strings (whitespace of every kind, broken UTF-8, NUL) and long ones.
local SQUEEZE_PROBE = [[
local core = require "govlua.core"
local prose = require "govlua.prose"
local PIECES = { " ", "\t", "\n", "\r", "\f", "\v", "\u{3000}", "\u{A0}", "\u{2002}", "\u{2003}",
  "\u{2009}", "\u{200B}", "\u{FEFF}", "\u{2028}", "无", "暂", "。", ".", "０", "９", "x", "\0",
  "\xEF", "\xBC", "\x90", "\xEF\xBC", "\xE3\x80", "\xC2", "\xE2\x80", "\xFF", "\xEF\xBB" }
local seed = 20261129
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n + 1 end
local bad, n = {}, 0
local function check(s)
  n = n + 1
  local want = core.normalize(s):gsub(" ", "")
  if core.squeeze(s) ~= want then bad[#bad + 1] = string.format("%q", s) end
  for _, max in ipairs({ 0, 1, 3, 10, #want - 1, #want, #want + 7 }) do
    if max >= 0 and core.squeeze(s, max) ~= (#want <= max and want or nil) then
      bad[#bad + 1] = string.format("%q max %d", s, max)
    end
  end
  -- is_empty: the early exit gives the answer of the whole text
  local t = want:gsub("。$", ""):gsub("%.$", "")
  if prose.is_empty(s) ~= (t == "" or t == "无" or t == "暂无") then
    bad[#bad + 1] = string.format("is_empty %q", s)
  end
end
return { id = "probe", severity = "info", description = "probe", check = function(report, ctx)
  for _ = 1, 4000 do
    local parts = {}
    for k = 1, rnd(14) - 1 do parts[k] = PIECES[rnd(#PIECES)] end
    check(table.concat(parts))
  end
  check("")
  check(string.rep("\u{3000}", 300000) .. "无")
  check(string.rep("无", 300000))
  local errs = 0
  for _, args in ipairs({ {}, { nil }, { {} }, { "a", "x" }, { "a", {} } }) do
    if not pcall(core.squeeze, table.unpack(args, 1, 2)) then errs = errs + 1 end
  end
  ctx:report{ path = "sections", message = string.format("checked %d, argument errors %d, bad %d: %s",
    n, errs, #bad, table.concat(bad, "; "):sub(1, 2000)) }
end }
]]

describe("govlua.core.squeeze", function()
  it("is normalize without spaces, stops early with max, checks its arguments", function()
    local rule = H.temp_file(SQUEEZE_PROBE, ".lua")
    local res = H.check(H.load_fixture("clean2021"), { rules = { rule } })
    assert.are.equal(0, #H.rule_errors(res), H.encode(H.rule_errors(res)))
    assert.are.equal("checked 4003, argument errors 5, bad 0: ", H.one(res, "probe").message)
  end)
end)

describe("govlua.prose.is_empty without govlua.core (plain Lua)", function()
  package.path = H.source_dir .. "/lua/?.lua;" .. package.path
  local prose = require "govlua.prose"
  it("gives the same answers", function()
    for text, want in pairs({ [""] = true, ["  \n\t"] = true, ["\u{3000}\u{A0}"] = true, ["无"] = true,
      ["\u{3000}无。\n"] = true, ["暂无"] = true, ["无.。"] = true, [string.rep(" ", 100) .. "暂 无。"] = true,
      ["无。."] = false, ["无无"] = false, ["０"] = false, [string.rep(" ", 5000) .. "x"] = false,
      ["无明显问题，下一步将继续加强培训。"] = false }) do
      assert.are.equal(want, prose.is_empty(text), string.format("%q", text))
    end
    assert.is_true(prose.is_empty(nil))
  end)
end)
