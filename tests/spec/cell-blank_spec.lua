-- cell-blank: a template cell left empty (JSON null).  A blank is not a zero,
-- and a missing cell (key absent) is not a blank.
local H = require "helper"

local RULE = "cell-blank"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function blank_message(location)
  return location .. " 为空白，应填写数字（没有发生的填 0）"
end

describe("rule " .. RULE, function()
  describe("the seed report (xiangning-audit-2020)", function()
    it("has exactly one error with the built-in rules, the blank （七）总计 / 社会公益组织, and exits 1", function()
      local res = H.check(H.load_fixture("seed"))
      assert_ran(res)
      assert.are.equal(1, res.rc)
      local rep = res.reports[1]
      assert.are.equal(1, #rep.findings)
      assert.are.equal(1, rep.errors)
      assert.are.equal(1, res.summary.errors)
      local fd = H.one(res, RULE)
      assert.are.equal("error", fd.severity)
      assert.are.equal("applications.total.nonprofit", fd.path)
      assert.are.equal("表三 （七）总计 / 社会公益组织", fd.location)
      assert.are.equal(blank_message("表三 （七）总计 / 社会公益组织"), fd.message)
    end)

    it("gives the same one error when the seed file is checked directly (with its provenance)", function()
      local res = H.check(H.fixture_path("seed"))
      assert.are.equal(1, res.rc)
      local fd = H.one(res, RULE)
      assert.are.equal("applications.total.nonprofit", fd.path)
      assert.are.equal(333, fd.line) -- the line of the blank cell in the published text
      assert.are.equal(1, res.reports[1].errors)
      -- and the provenance says 采购总金额 was written "15万元": a unit warning
      assert.are.equal("active.procurement.amount", H.one(res, "unit-in-cell").path)
    end)

    it("is clean once the blank is filled with 0", function()
      local r = H.load_fixture("seed")
      H.set(r, "applications.total.nonprofit", 0)
      local res = H.check(r)
      assert_ran(res)
      assert.are.equal(0, #res.reports[1].findings)
      assert.are.equal(0, res.rc)
    end)
  end)

  local CASES = {
    clean2021 = {
      { "active.normative_documents.issued", "表二 行政规范性文件 / 本年制发件数" },
      { "active.fees.amount", "表二 行政事业性收费 / 本年收费金额（单位：万元）" },
      { "applications.withheld.security.nonprofit", "表三 （三）不予公开 3.危及“三安全一稳定” / 社会公益组织" },
      { "applications.other_handling.unpaid_fee.total",
        "表三 （六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 / 总计" },
      { "appeals.litigation_after_review.pending", "表四 行政诉讼·复议后起诉 / 尚未审结" },
    },
    clean2019 = {
      { "active.normative_documents.made", "表二 规范性文件 / 本年新制作数量" },
      { "active.procurement.amount", "表二 政府集中采购 / 采购总金额（万元）" },
      { "applications.other_handling.natural", "表三 （六）其他处理 / 自然人" },
      { "applications.new.total", "表三 一、本年新收政府信息公开申请数量 / 总计" },
      { "appeals.review.upheld", "表四 行政复议 / 结果维持" },
    },
  }

  for _, fx in ipairs({ "clean2021", "clean2019" }) do
    describe(fx, function()
      it("passes the clean report", function()
        local res = H.check_rule(H.load_fixture(fx), RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, res.rc)
      end)

      for _, case in ipairs(CASES[fx]) do
        local path, location = case[1], case[2]
        it("reports a blank " .. path, function()
          local r = H.load_fixture(fx)
          assert.is_not_nil(H.get(r, path))
          H.set(r, path, H.null)
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          local fd = H.one(res, RULE)
          assert.are.equal("error", fd.severity)
          assert.are.equal(path, fd.path)
          assert.are.equal(location, fd.location)
          assert.are.equal(blank_message(location), fd.message)
          assert.are.equal(1, res.rc)
        end)
      end

      it("reports every blank cell, one finding each", function()
        local r = H.load_fixture(fx)
        for _, case in ipairs(CASES[fx]) do H.set(r, case[1], H.null) end
        local res = H.check_rule(r, RULE)
        local got, want = {}, {}
        for _, f in ipairs(H.findings(res, RULE)) do got[#got + 1] = f.path end
        for _, case in ipairs(CASES[fx]) do want[#want + 1] = case[1] end
        table.sort(got)
        table.sort(want)
        assert.are.same(want, got)
      end)

      it("does not report a missing cell (key absent), only a blank one", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.granted.natural", nil)
        H.set(r, "appeals.review.pending", nil)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, res.rc)

        H.set(r, "applications.granted.commercial", H.null)
        res = H.check_rule(r, RULE)
        assert.are.equal("applications.granted.commercial", H.one(res, RULE).path)
      end)

      it("does not report a missing row or table", function()
        local r = H.load_fixture(fx)
        r.applications.withheld = nil
        r.appeals = nil
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("does not report 0 or text (text is cell-placeholder's)", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.granted.natural", 0)
        H.set(r, "applications.granted.commercial", "—")
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)
    end)
  end

  it("only looks at the cells of the report's edition", function()
    -- 政府集中采购 is a 2019 row; in a 2021 report it is not a template cell
    local r = H.load_fixture("clean2021")
    H.set(r, "active.procurement.items", H.null)
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)
end)
