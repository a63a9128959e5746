-- fee-statement: in the 2021 edition, section 六 must say how 信息处理费 was charged.
local H = require "helper"

local RULE = "fee-statement"
local TAIL = "，没有说明信息处理费的收取情况（按《政府信息公开信息处理费管理办法》收取信息处理费的情况，没有收取也应写明）"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function none(r)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  assert.are.equal(0, #H.findings(res, RULE), H.encode(H.findings(res, RULE)))
end

local function one(r)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  local fd = H.one(res, RULE)
  assert.are.equal("warning", fd.severity)
  assert.are.equal("sections.other", fd.path)
  assert.are.equal("六、其他需要报告的事项", fd.location)
  assert.are.equal(0, res.rc)
  return fd
end

describe("rule " .. RULE, function()
  describe("edition 2021", function()
    it("passes the clean report (“2025年，无收取信息处理费情况。”)", function()
      local r = H.load_fixture("clean2021")
      assert.is_true(H.contains(r.sections.other, "信息处理费"))
      none(r)
    end)

    -- statements from real reports (pingtan 2021–2025, 沭阳县 2025, 上海市政府办公厅 2025)
    for _, text in ipairs({
      "2021年，无收取信息处理费情况。",
      "我县认真落实《政府信息公开信息处理费管理办法》要求，全县行政机关收取信息处理费共计380元。",
      "2025 年度本机关未收取信息公开处理费。",
      "本年度未收费。",
      "本机关未向申请人收取任何费用。",
      "本年度未收取信息处理\u{3000}费。",            -- a word broken by a space still counts
      "本年度未收\n费。",
    }) do
      it("accepts " .. text, function()
        local r = H.load_fixture("clean2021")
        r.sections.other = text
        none(r)
      end)
    end

    it("warns when section 六 says nothing about the fee (the usual 2019-style text)", function()
      local r = H.load_fixture("clean2021")
      r.sections.other = "无其他需要报告的事项。"
      assert.are.equal("“六、其他需要报告的事项”写的是“无其他需要报告的事项。”" .. TAIL, one(r).message)
    end)

    it("warns about a heading without text", function()
      local r = H.load_fixture("clean2021")
      r.sections.other = "\u{3000} "
      assert.are.equal("“六、其他需要报告的事项”只有标题，没有内容" .. TAIL, one(r).message)
    end)

    it("quotes long text shortened", function()
      local r = H.load_fixture("clean2021")
      r.sections.other = "本年度认真落实上级政务公开工作要点，人大代表建议和政协提案办理结果全部公开，"
        .. "政务公开工作创新情况良好，各项工作稳步推进。"
      local m = one(r).message
      assert.is_true(H.contains(m, "……”，没有说明信息处理费"), m)
    end)

    it("leaves an absent section 六 to sections-present", function()
      local r = H.load_fixture("clean2021")
      r.sections.other = nil
      none(r)
      r.sections = nil
      none(r)
    end)
  end)

  describe("edition 2019", function()
    for _, fx in ipairs({ "clean2019", "seed" }) do
      it("does not apply to " .. fx .. " (“无其他需要报告的事项”)", function()
        local r = H.load_fixture(fx)
        assert.is_false(H.contains(r.sections.other, "处理费"))
        none(r)
        r.sections.other = ""
        none(r)
      end)
    end
  end)
end)
