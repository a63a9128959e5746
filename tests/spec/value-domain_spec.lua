-- value-domain: a number must be a possible value of its column (H5):
-- counts are non-negative integers, 本年增/减 (2019) any integer, 万元 amounts
-- non-negative.
local H = require "helper"

local RULE = "value-domain"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local COUNT, SIGNED, MONEY = "应为非负整数", "应为整数（减少用负数）", "应为非负数（单位：万元）"

-- {path, location, value, shown, expected}
local BAD = {
  clean2021 = {
    { "applications.new.natural", "表三 一、本年新收政府信息公开申请数量 / 自然人", -3, "-3", COUNT },
    { "applications.withheld.security.total", "表三 （三）不予公开 3.危及“三安全一稳定” / 总计", 2.5, "2.5", COUNT },
    { "applications.other_handling.unpaid_fee.legal",
      "表三 （六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 / 法律服务机构",
      -1, "-1", COUNT },
    { "active.rules.in_force", "表二 规章 / 现行有效件数", 0.5, "0.5", COUNT },
    { "active.fees.amount", "表二 行政事业性收费 / 本年收费金额（单位：万元）", -12.5, "-12.5", MONEY },
    { "appeals.review.total", "表四 行政复议 / 总计", -7, "-7", COUNT },
  },
  clean2019 = {
    { "applications.new.natural", "表三 一、本年新收政府信息公开申请数量 / 自然人", -3, "-3", COUNT },
    { "applications.other_handling.total", "表三 （六）其他处理 / 总计", 1.25, "1.25", COUNT },
    { "active.licensing.previous", "表二 行政许可 / 上一年项目数量", -2, "-2", COUNT },
    { "active.penalty.change", "表二 行政处罚 / 本年增/减", 1.5, "1.5", SIGNED },
    { "active.fees.change", "表二 行政事业性收费 / 本年增/减", -0.5, "-0.5", SIGNED },
    { "active.procurement.items", "表二 政府集中采购 / 采购项目数量", -1, "-1", COUNT },
    { "active.procurement.amount", "表二 政府集中采购 / 采购总金额（万元）", -15, "-15", MONEY },
    { "appeals.litigation_direct.upheld", "表四 行政诉讼·未经复议直接起诉 / 结果维持", 0.1, "0.1", COUNT },
  },
}

-- values that fit: {path, value}
local GOOD = {
  clean2021 = {
    { "active.fees.amount", 0.35 }, { "active.fees.amount", 0 }, { "applications.new.natural", 0 },
    { "appeals.review.total", 123456789 },
  },
  clean2019 = {
    { "active.penalty.change", -173 }, { "active.fees.change", -35 }, { "active.licensing.change", 0 },
    { "active.procurement.amount", 0.01 }, { "active.procurement.amount", 184719 },
  },
}

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    it("passes " .. fx, function()
      local res = H.check_rule(H.load_fixture(fx), RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
      assert.are.equal(0, res.rc)
    end)
  end

  for _, fx in ipairs({ "clean2021", "clean2019" }) do
    describe(fx, function()
      for _, case in ipairs(BAD[fx]) do
        local path, location, value, shown, expected = table.unpack(case)
        it("reports " .. shown .. " in " .. path, function()
          local r = H.load_fixture(fx)
          assert.is_not_nil(H.get(r, path))
          H.set(r, path, value)
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          local fd = H.one(res, RULE)
          assert.are.equal("error", fd.severity)
          assert.are.equal(path, fd.path)
          assert.are.equal(location, fd.location)
          assert.are.equal(location .. " 为 " .. shown .. "，" .. expected, fd.message)
          assert.are.equal(1, res.rc)
        end)
      end

      for _, case in ipairs(GOOD[fx]) do
        it("accepts " .. tostring(case[2]) .. " in " .. case[1], function()
          local r = H.load_fixture(fx)
          H.set(r, case[1], case[2])
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          assert.are.equal(0, #H.findings(res, RULE))
        end)
      end

      it("accepts a count written as an integral decimal (3.0)", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.new.natural", 987654)
        local text = H.encode(r):gsub('987654', '3.0')
        local res = H.check(H.temp_file(text, ".json"), { rules = { H.rule(RULE) } })
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        H.cleanup()
      end)

      it("reports every bad cell once", function()
        local r = H.load_fixture(fx)
        local want = {}
        for _, case in ipairs(BAD[fx]) do
          H.set(r, case[1], case[3])
          want[#want + 1] = case[1]
        end
        local res = H.check_rule(r, RULE)
        local got = {}
        for _, f in ipairs(H.findings(res, RULE)) do got[#got + 1] = f.path end
        table.sort(got)
        table.sort(want)
        assert.are.same(want, got)
      end)

      it("does not look at blank, text or missing cells", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.new.natural", H.null)
        H.set(r, "applications.new.commercial", "-3")
        H.set(r, "applications.new.research", nil)
        H.set(r, "appeals.review.total", "—")
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)
    end)
  end

  it("2021: 行政事业性收费 has no signed 本年增/减 column (a 2019 cell is not checked)", function()
    local r = H.load_fixture("clean2021")
    H.set(r, "active.fees.change", 0.5)
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)
end)
