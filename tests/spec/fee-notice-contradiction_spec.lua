-- fee-notice-contradiction: 表三 （六）2 > 0 means fee notices were issued, so
-- section 六 must not say that none were (2021 edition).
local H = require "helper"

local RULE = "fee-notice-contradiction"
local PATH = "applications.other_handling.unpaid_fee.total"

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
  assert.are.equal(PATH, fd.path)
  assert.are.equal(0, res.rc)
  return fd
end

local function with_other(text)
  local r = H.load_fixture("clean2021")
  r.sections.other = text
  return r
end

describe("rule " .. RULE, function()
  describe("edition 2021", function()
    it("passes the clean report: 2 lapsed applications, “无收取信息处理费情况” (no notice denied)", function()
      local r = H.load_fixture("clean2021")
      assert.are.equal(2, H.get(r, PATH))
      none(r)
    end)

    local DENIALS = {
      { "2025年，本机关未发出收费通知，未收取信息处理费。", "2025年，本机关未发出收费通知，未收取信息处理费" },
      { "本年度发出收费通知0件，收取信息处理费0元。", "本年度发出收费通知0件，收取信息处理费0元" },
      { "全年没有向申请人出具过收费通知。", "全年没有向申请人出具过收费通知" },
      { "本年度无收费通知。", "本年度无收费通知" },
      { "全年不存在发出收费通知的情况。", "全年不存在发出收费通知的情况" },
      { "本年度收费通知数为０；收取金额0元。", "本年度收费通知数为0" },
      { "收费通知：无。", "收费通知：无" },
      { "发出收费通知数量为零。", "发出收费通知数量为零" },
      { "本年度工作平稳。\n全年未发出\u{3000}收费通知", "全年未发出 收费通知" },
    }
    for _, case in ipairs(DENIALS) do
      it("warns about " .. case[1], function()
        local fd = one(with_other(case[1]))
        assert.are.equal("表三 （六）2.申请人逾期未按收费通知要求缴纳费用 总计为 2，说明发出过收费通知，"
          .. "但“六、其他需要报告的事项”写道：“" .. case[2] .. "”", fd.message)
      end)
    end

    for _, text in ipairs({
      "2025年，无收取信息处理费情况。",                      -- fee not collected: no contradiction
      "本年度发出收费通知2件，未收取信息处理费。",
      "本年度共发出收费通知10件，收取费用0元。",
      "本年度有2件申请因申请人逾期未按收费通知要求缴纳费用，不再处理。",
      "申请人无正当理由未按照收费通知缴费的，不再处理。",
      "无其他需要报告的事项。",
      "本年度未发出收费\u{3000}通知。",                  -- the word broken by a space is not read
      "本年度未发出收费。通知0件。",
    }) do
      it("accepts " .. text, function() none(with_other(text)) end)
    end

    it("does not warn when no application lapsed for the fee", function()
      local r = with_other("本年度未发出收费通知。")
      for _, c in ipairs({ "natural", "total" }) do H.set(r, "applications.other_handling.unpaid_fee." .. c, 0) end
      H.set(r, "applications.other_handling.other.natural", 3)
      H.set(r, "applications.other_handling.other.total", 3)
      none(r)
    end)

    it("does not warn when the count is blank, text or missing", function()
      for _, v in ipairs({ H.null, "—" }) do
        local r = with_other("本年度未发出收费通知。")
        H.set(r, PATH, v)
        none(r)
      end
      local r = with_other("本年度未发出收费通知。")
      r.applications.other_handling.unpaid_fee = nil
      none(r)
    end)

    it("does nothing without section 六", function()
      local r = H.load_fixture("clean2021")
      r.sections.other = nil
      none(r)
    end)

    it("warns once, quoting the first denial", function()
      local fd = one(with_other("本年度未发出收费通知。也没有发出收费通知。"))
      assert.is_true(H.contains(fd.message, "写道：“本年度未发出收费通知”"), fd.message)
    end)
  end)

  describe("edition 2019", function()
    it("does not apply: the 2019 （六） is one row without the fee case", function()
      local r = H.load_fixture("clean2019")
      r.sections.other = "本年度未发出收费通知。"
      H.set(r, "applications.other_handling.total", 2)
      none(r)
    end)
  end)
end)
