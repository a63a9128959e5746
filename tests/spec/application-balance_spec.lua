-- application-balance: 表三 本年新收 + 上年结转 = 办理结果总计 + 结转下年度, per column.
local H = require "helper"

local RULE = "application-balance"
local COLUMNS = { "natural", "commercial", "research", "nonprofit", "legal", "other_org", "total" }
local LABEL = {
  natural = "自然人", commercial = "商业企业", research = "科研机构", nonprofit = "社会公益组织",
  legal = "法律服务机构", other_org = "其他", total = "总计",
}
local EDITIONS = { { edition = "2021", fixture = "clean2021" }, { edition = "2019", fixture = "clean2019" } }

local function a(report, row, col) return H.get(report, "applications." .. row .. "." .. col) end

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

describe("rule " .. RULE, function()
  for _, ed in ipairs(EDITIONS) do
    describe("edition " .. ed.edition, function()
      it("passes the clean report", function()
        local res = H.check_rule(H.load_fixture(ed.fixture), RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(ed.edition, res.reports[1].edition)
        assert.are.equal(0, res.rc)
      end)

      for _, c in ipairs(COLUMNS) do
        it("reports 结转下年度 that does not balance in column " .. c, function()
          local r = H.load_fixture(ed.fixture)
          local n, p, t, f = a(r, "new", c), a(r, "carried_over", c), a(r, "total", c), a(r, "carried_forward", c)
          assert.are.equal(n + p, t + f) -- the fixture balances
          H.set(r, "applications.carried_forward." .. c, f + 5)
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          local fd = H.one(res, RULE)
          assert.are.equal("error", fd.severity)
          assert.are.equal("applications.carried_forward." .. c, fd.path)
          local m = fd.message
          for _, piece in ipairs({
            "表三 " .. LABEL[c] .. " 列",
            string.format("本年新收(%d)", n), string.format("上年结转(%d)", p),
            string.format("办理结果总计(%d)", t), string.format("结转下年度(%d)", f + 5),
            "相差 5",
          }) do
            assert.is_true(H.contains(m, piece), "message lacks " .. piece .. ": " .. m)
          end
          assert.are.equal(1, res.rc)
        end)
      end

      it("reports a defect in 本年新收 at the 结转下年度 cell, with the absolute difference", function()
        local r = H.load_fixture(ed.fixture)
        local n = a(r, "new", "natural")
        H.set(r, "applications.new.natural", n + 2)
        local res = H.check_rule(r, RULE)
        local fd = H.one(res, RULE)
        assert.are.equal("applications.carried_forward.natural", fd.path)
        assert.is_true(H.contains(fd.message, string.format("本年新收(%d)", n + 2)), fd.message)
        assert.is_true(H.contains(fd.message, "相差 2"), fd.message)
      end)

      it("reports one finding per unbalanced column", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.carried_over.research", 1)
        H.set(r, "applications.carried_over.legal", 1)
        local res = H.check_rule(r, RULE)
        local fs = H.findings(res, RULE)
        assert.are.equal(2, #fs)
        local paths = { fs[1].path, fs[2].path }
        table.sort(paths)
        assert.are.same({ "applications.carried_forward.legal", "applications.carried_forward.research" }, paths)
      end)

      it("does not report when an operand is blank (cell-blank does)", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.new.natural", H.null)
        H.set(r, "applications.carried_forward.commercial", H.null)
        local res = H.check(r)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, #H.rule_errors(res))
        local paths = {}
        for _, f in ipairs(H.findings(res, "cell-blank")) do paths[#paths + 1] = f.path end
        table.sort(paths)
        assert.are.same({ "applications.carried_forward.commercial", "applications.new.natural" }, paths)
      end)

      it("does not report when an operand is text (cell-placeholder does)", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.carried_over.natural", "—")
        local res = H.check(r)
        assert.are.equal(0, #H.findings(res, RULE))
        local fd = H.one(res, "cell-placeholder")
        assert.are.equal("applications.carried_over.natural", fd.path)
      end)

      it("does not report when an operand cell is missing", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.total.natural", nil)
        H.set(r, "applications.carried_forward.natural", 999)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("does not report (or fail) when a whole row is missing", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.carried_forward", nil)
        H.set(r, "applications.new.natural", 999)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)
    end)
  end

  it("does not fail on a report without 表三", function()
    local r = H.load_fixture("clean2021")
    r.applications = nil
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)
end)
