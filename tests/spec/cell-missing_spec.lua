-- cell-missing: rows and cells of the report's edition that are absent from
-- a table that is present (key absent, not blank or text).
local H = require "helper"

local RULE = "cell-missing"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function paths(res)
  local out = {}
  for _, f in ipairs(H.findings(res, RULE)) do out[#out + 1] = f.path end
  table.sort(out)
  return out
end

local function sorted(t)
  table.sort(t)
  return t
end

-- {path, location} of a whole row, per edition
local ROWS = {
  clean2021 = {
    { "applications.withheld.state_secret", "表三 （三）不予公开 1.属于国家秘密" },
    { "applications.new", "表三 一、本年新收政府信息公开申请数量" },
    { "applications.other_handling.unpaid_fee",
      "表三 （六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" },
    { "active.fees", "表二 行政事业性收费" },
    { "active.normative_documents", "表二 行政规范性文件" },
    { "appeals.litigation_direct", "表四 行政诉讼·未经复议直接起诉" },
  },
  clean2019 = {
    { "applications.withheld.state_secret", "表三 （三）不予公开 1.属于国家秘密" },
    { "applications.other_handling", "表三 （六）其他处理" },
    { "applications.carried_forward", "表三 四、结转下年度继续办理" },
    { "active.other_services", "表二 其他对外管理服务事项" },
    { "active.procurement", "表二 政府集中采购" },
    { "appeals.review", "表四 行政复议" },
  },
}

-- {path, location} of one cell, per edition
local CELLS = {
  clean2021 = {
    { "applications.total.nonprofit", "表三 （七）总计 / 社会公益组织" },
    { "active.rules.in_force", "表二 规章 / 现行有效件数" },
    { "active.normative_documents.repealed", "表二 行政规范性文件 / 本年废止件数" },
    { "applications.other_handling.other.natural", "表三 （六）其他处理 3.其他 / 自然人" },
    { "appeals.review.pending", "表四 行政复议 / 尚未审结" },
  },
  clean2019 = {
    { "applications.total.nonprofit", "表三 （七）总计 / 社会公益组织" },
    { "active.fees.change", "表二 行政事业性收费 / 本年增/减" },
    { "active.procurement.amount", "表二 政府集中采购 / 采购总金额（万元）" },
    { "applications.other_handling.legal", "表三 （六）其他处理 / 法律服务机构" },
    { "appeals.litigation_after_review.total", "表四 行政诉讼·复议后起诉 / 总计" },
  },
}

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    it("passes the complete report " .. fx, function()
      local res = H.check_rule(H.load_fixture(fx), RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
      assert.are.equal(0, res.rc)
    end)
  end

  it("2021: a one-cell row without its cell is a missing row (表二 行政事业性收费)", function()
    local r = H.load_fixture("clean2021")
    H.set(r, "active.fees.amount", nil)
    local res = H.check_rule(r, RULE)
    assert.are.equal("active.fees", H.one(res, RULE).path)
  end)

  for _, fx in ipairs({ "clean2021", "clean2019" }) do
    describe(fx, function()
      for _, case in ipairs(ROWS[fx]) do
        local path, location = case[1], case[2]
        it("reports the missing row " .. path .. " once", function()
          local r = H.load_fixture(fx)
          assert.is_not_nil(H.get(r, path))
          H.set(r, path, nil)
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          local fd = H.one(res, RULE)
          assert.are.equal("error", fd.severity)
          assert.are.equal(path, fd.path)
          assert.are.equal(location .. " 行缺失", fd.message)
          assert.are.equal(1, res.rc)
        end)
      end

      for _, case in ipairs(CELLS[fx]) do
        local path, location = case[1], case[2]
        it("reports the missing cell " .. path, function()
          local r = H.load_fixture(fx)
          assert.is_not_nil(H.get(r, path))
          H.set(r, path, nil)
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          local fd = H.one(res, RULE)
          assert.are.equal("error", fd.severity)
          assert.are.equal(path, fd.path)
          assert.are.equal(location, fd.location)
          assert.is_true(H.contains(fd.message, location .. " 缺失"))
          assert.are.equal(1, res.rc)
        end)
      end

      it("reports each missing cell of a row that has other cells", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.granted.natural", nil)
        H.set(r, "applications.granted.total", nil)
        H.set(r, "appeals.review.upheld", nil)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.same({ "appeals.review.upheld", "applications.granted.natural", "applications.granted.total" },
          paths(res))
      end)

      it("reports a row whose cells are all deleted as one missing row", function()
        local r = H.load_fixture(fx)
        for _, c in ipairs({ "upheld", "corrected", "other", "pending", "total" }) do
          H.set(r, "appeals.review." .. c, nil)
        end
        local res = H.check_rule(r, RULE)
        assert.are.same({ "appeals.review" }, paths(res))
      end)

      it("reports every row of a missing group", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.unavailable", nil)
        local res = H.check_rule(r, RULE)
        assert.are.same({ "applications.unavailable.needs_creation", "applications.unavailable.not_held",
          "applications.unavailable.unclear" }, paths(res))
      end)

      it("does not report blank or text cells (other rules do)", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.granted.natural", H.null)
        H.set(r, "applications.granted.commercial", "—")
        H.set(r, "appeals.review.total", "/")
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("does not report the rows of an absent table (table-missing does)", function()
        for _, t in ipairs({ "active", "applications", "appeals" }) do
          local r = H.load_fixture(fx)
          H.set(r, t, nil)
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          assert.are.equal(0, #H.findings(res, RULE))
        end
      end)

      it("reports every row of a table that is present but empty", function()
        local r = H.load_fixture(fx)
        r.appeals = {}
        local res = H.check_rule(r, RULE)
        assert.are.same({ "appeals.litigation_after_review", "appeals.litigation_direct", "appeals.review" },
          paths(res))
      end)
    end)
  end

  describe("edition differences", function()
    it("2021: the three （六）其他处理 sub-rows are rows; a missing group is three findings", function()
      local r = H.load_fixture("clean2021")
      H.set(r, "applications.other_handling", nil)
      local res = H.check_rule(r, RULE)
      assert.are.same(sorted({ "applications.other_handling.no_correction",
        "applications.other_handling.unpaid_fee", "applications.other_handling.other" }), paths(res))
    end)

    it("2021: 其他对外管理服务事项 and 政府集中采购 are not expected", function()
      local r = H.load_fixture("clean2021")
      assert.is_nil(H.get(r, "active.other_services"))
      assert.is_nil(H.get(r, "active.procurement"))
      local res = H.check_rule(r, RULE)
      assert.are.equal(0, #H.findings(res, RULE))
    end)

    it("2021: the 2019 columns of 表二 are not expected", function()
      local r = H.load_fixture("clean2021")
      assert.is_nil(H.get(r, "active.licensing.previous"))
      assert.is_nil(H.get(r, "active.fees.change"))
      local res = H.check_rule(r, RULE)
      assert.are.equal(0, #H.findings(res, RULE))
    end)

    it("2019: 政府集中采购 / 采购项目数量 and 本年增/减 are expected", function()
      local r = H.load_fixture("clean2019")
      H.set(r, "active.procurement.items", nil)
      H.set(r, "active.penalty.change", nil)
      local res = H.check_rule(r, RULE)
      assert.are.same({ "active.penalty.change", "active.procurement.items" }, paths(res))
      local fd = H.findings(res, RULE)[1]
      assert.are.equal("表二 行政处罚 / 本年增/减", fd.location)
    end)

    it("2019: （六）其他处理 is one row", function()
      local r = H.load_fixture("clean2019")
      H.set(r, "applications.other_handling.natural", nil)
      local res = H.check_rule(r, RULE)
      assert.are.same({ "applications.other_handling.natural" }, paths(res))
    end)
  end)

  it("does nothing when the edition is unknown", function()
    local r = H.load_fixture("clean2021")
    r.edition = nil
    r.active = nil                            -- the edition can no longer be inferred
    H.set(r, "applications.other_handling", nil)
    H.set(r, "applications.withheld.state_secret", nil)
    H.set(r, "appeals.review.total", nil)
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.is_nil(res.reports[1].edition)
    assert.are.equal(0, #H.findings(res, RULE))
  end)
end)
