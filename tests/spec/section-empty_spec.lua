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

  it("accepts short real text, even text that starts with 无", function()
    local r = H.load_fixture("clean2021")
    H.set(r, "sections.problems", "无明显问题，下一步将继续加强培训。")
    H.set(r, "sections.overview", "本年度依法做好政府信息公开工作。")
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)
end)
