-- application-results-sum: 表三 （七）总计 = the sum of the result rows （一）…（六）, per column.
-- Edition-aware: （六）其他处理 is one row in 2019 and three sub-rows in 2021.
local H = require "helper"

local RULE = "application-results-sum"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function has(m, piece)
  assert.is_true(H.contains(m, piece), "message lacks " .. piece .. ": " .. tostring(m))
end

describe("rule " .. RULE, function()
  describe("edition 2021", function()
    it("passes the clean report", function()
      local res = H.check_rule(H.load_fixture("clean2021"), RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
      assert.are.equal(0, res.rc)
    end)

    it("counts （六）2. 逾期未缴纳费用 (other_handling.unpaid_fee) in the sum", function()
      local r = H.load_fixture("clean2021")
      local total = H.get(r, "applications.total.natural")        -- 147
      local fee = H.get(r, "applications.other_handling.unpaid_fee.natural")
      H.set(r, "applications.other_handling.unpaid_fee.natural", fee + 3)
      local res = H.check_rule(r, RULE)
      assert_ran(res)
      local fd = H.one(res, RULE)
      assert.are.equal("error", fd.severity)
      assert.are.equal("applications.total.natural", fd.path)
      has(fd.message, "表三 自然人 列")
      has(fd.message, string.format("（七）总计(%d)", total))
      has(fd.message, string.format("各项办理结果之和(%d)", total + 3))
      has(fd.message, string.format("（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请(%d)", fee + 3))
      has(fd.message, "相差 3")
      assert.are.equal(1, res.rc)
    end)

    it("counts （六）1. and （六）3. as well", function()
      for _, key in ipairs({ "no_correction", "other" }) do
        local r = H.load_fixture("clean2021")
        H.set(r, "applications.other_handling." .. key .. ".research", 1)
        local res = H.check_rule(r, RULE)
        local fd = H.one(res, RULE)
        assert.are.equal("applications.total.research", fd.path)
        has(fd.message, "表三 科研机构 列")
        has(fd.message, "（七）总计(0)")
        has(fd.message, "各项办理结果之和(1)")
        has(fd.message, "相差 1")
      end
    end)

    it("reports a （七）总计 that is too large, in the 总计 column", function()
      local r = H.load_fixture("clean2021")
      H.set(r, "applications.total.total", 150) -- sum of results is 148
      local res = H.check_rule(r, RULE)
      local fd = H.one(res, RULE)
      assert.are.equal("applications.total.total", fd.path)
      has(fd.message, "表三 总计 列")
      has(fd.message, "（七）总计(150)")
      has(fd.message, "各项办理结果之和(148)")
      has(fd.message, "相差 2")
    end)

    it("counts a nested 不予公开 row (withheld.security)", function()
      local r = H.load_fixture("clean2021")
      H.set(r, "applications.withheld.security.commercial", 4)
      local res = H.check_rule(r, RULE)
      local fd = H.one(res, RULE)
      assert.are.equal("applications.total.commercial", fd.path)
      has(fd.message, "（三）3.危及“三安全一稳定”(4)")
      has(fd.message, "（七）总计(1)")
      has(fd.message, "各项办理结果之和(5)")
    end)

    it("ignores a 2019-style single other_handling row in a 2021 report (no finding, no failure)", function()
      local r = H.load_fixture("clean2021")
      r.applications.other_handling = { natural = 11, commercial = 0, research = 0, nonprofit = 0,
                                        legal = 0, other_org = 0, total = 11 }
      local res = H.check_rule(r, RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
    end)
  end)

  describe("edition 2019", function()
    it("passes the clean report", function()
      local res = H.check_rule(H.load_fixture("clean2019"), RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
      assert.are.equal(0, res.rc)
    end)

    it("counts the single （六）其他处理 row in the sum", function()
      local r = H.load_fixture("clean2019")
      local total = H.get(r, "applications.total.natural") -- 23
      H.set(r, "applications.other_handling.natural", 4)
      local res = H.check_rule(r, RULE)
      assert_ran(res)
      local fd = H.one(res, RULE)
      assert.are.equal("error", fd.severity)
      assert.are.equal("applications.total.natural", fd.path)
      has(fd.message, "表三 自然人 列")
      has(fd.message, string.format("（七）总计(%d)", total))
      has(fd.message, string.format("各项办理结果之和(%d)", total + 4))
      has(fd.message, "（六）其他处理(4)")
      has(fd.message, "相差 4")
      assert.are.equal(1, res.rc)
    end)

    it("reports a （七）总计 that is too small", function()
      local r = H.load_fixture("clean2019")
      H.set(r, "applications.total.natural", 20) -- results add up to 23
      local res = H.check_rule(r, RULE)
      local fd = H.one(res, RULE)
      assert.are.equal("applications.total.natural", fd.path)
      has(fd.message, "（七）总计(20)")
      has(fd.message, "各项办理结果之和(23)")
      has(fd.message, "（一）予以公开(7)")
      has(fd.message, "相差 3")
    end)

    it("does not read the 2021 sub-rows of （六）", function()
      local r = H.load_fixture("clean2019")
      -- a 2021-shaped other_handling: the 2019 row has no numbers, so the sum is not made
      r.applications.other_handling = {
        no_correction = { natural = 5, commercial = 0, research = 0, nonprofit = 0, legal = 0, other_org = 0, total = 5 },
      }
      local res = H.check_rule(r, RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
    end)
  end)

  describe("operands that are not numbers", function()
    for _, fx in ipairs({ "clean2021", "clean2019" }) do
      it("does not report when a result cell is blank (" .. fx .. ")", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.granted.natural", H.null)
        local res = H.check(r)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal("applications.granted.natural", H.one(res, "cell-blank").path)
      end)

      it("does not report when a result cell is text (" .. fx .. ")", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.unavailable.not_held.natural", "无")
        local res = H.check(r)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal("applications.unavailable.not_held.natural", H.one(res, "cell-placeholder").path)
      end)

      it("does not report when a result row or cell is missing (" .. fx .. ")", function()
        local r = H.load_fixture(fx)
        r.applications.not_processed.repeated = nil
        H.set(r, "applications.granted.commercial", nil)
        H.set(r, "applications.total.commercial", 77)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("does not report when （七）总计 itself is blank (" .. fx .. ")", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.total.natural", H.null)
        H.set(r, "applications.granted.natural", 1000)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)
    end
  end)
end)
