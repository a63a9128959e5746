-- application-row-total: in every 表三 row, 总计 = 自然人 + the five 法人或其他组织 columns.
local H = require "helper"

local RULE = "application-row-total"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function has(m, piece)
  assert.is_true(H.contains(m, piece), "message lacks " .. piece .. ": " .. tostring(m))
end

local EDITIONS = { { edition = "2021", fixture = "clean2021" }, { edition = "2019", fixture = "clean2019" } }

describe("rule " .. RULE, function()
  for _, ed in ipairs(EDITIONS) do
    describe("edition " .. ed.edition, function()
      it("passes the clean report", function()
        local res = H.check_rule(H.load_fixture(ed.fixture), RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, res.rc)
      end)

      it("reports a nested row: （三）3. withheld.security", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.withheld.security.natural", 1)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        local fd = H.one(res, RULE)
        assert.are.equal("error", fd.severity)
        assert.are.equal("applications.withheld.security.total", fd.path)
        has(fd.message, "表三 （三）3.危及“三安全一稳定” 行")
        has(fd.message, "总计(0)")
        has(fd.message, "自然人(1) + 商业企业(0) + 科研机构(0) + 社会公益组织(0) + 法律服务机构(0) + 其他(0) = 1")
        has(fd.message, "相差 1")
        assert.are.equal(1, res.rc)
      end)

      it("reports a top-level row: 一、本年新收", function()
        local r = H.load_fixture(ed.fixture)
        local total = H.get(r, "applications.new.total")
        H.set(r, "applications.new.total", total + 10)
        local res = H.check_rule(r, RULE)
        local fd = H.one(res, RULE)
        assert.are.equal("applications.new.total", fd.path)
        has(fd.message, "表三 一、本年新收政府信息公开申请数量 行")
        has(fd.message, string.format("总计(%d)", total + 10))
        has(fd.message, string.format("= %d", total))
        has(fd.message, "相差 10")
      end)

      it("reports the （七）总计 row, in the other_org column", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.total.other_org", 2)
        local res = H.check_rule(r, RULE)
        local fd = H.one(res, RULE)
        assert.are.equal("applications.total.total", fd.path)
        has(fd.message, "表三 （七）总计 行")
        has(fd.message, "其他(2)")
        has(fd.message, "相差 2")
      end)

      it("does not report a blank 总计 (cell-blank does)", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.granted.total", H.null)
        local res = H.check(r)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal("applications.granted.total", H.one(res, "cell-blank").path)
      end)

      it("does not report when an applicant cell is text (cell-placeholder does)", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.withheld.security.legal", "/")
        H.set(r, "applications.withheld.security.total", 9)
        local res = H.check(r)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal("applications.withheld.security.legal", H.one(res, "cell-placeholder").path)
      end)

      it("does not report when an applicant cell or a row is missing", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "applications.withheld.security.legal", nil)
        H.set(r, "applications.withheld.security.total", 9)
        r.applications.unavailable = nil
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)
    end)
  end

  it("2021: reports （六）2. other_handling.unpaid_fee", function()
    local r = H.load_fixture("clean2021")
    H.set(r, "applications.other_handling.unpaid_fee.total", 5) -- the columns add up to 2
    local res = H.check_rule(r, RULE)
    local fd = H.one(res, RULE)
    assert.are.equal("applications.other_handling.unpaid_fee.total", fd.path)
    has(fd.message, "表三 （六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 行")
    has(fd.message, "总计(5)")
    has(fd.message, "自然人(2)")
    has(fd.message, "相差 3")
  end)

  it("2019: reports the single （六）其他处理 row", function()
    local r = H.load_fixture("clean2019")
    H.set(r, "applications.other_handling.commercial", 1)
    local res = H.check_rule(r, RULE)
    local fd = H.one(res, RULE)
    assert.are.equal("applications.other_handling.total", fd.path)
    has(fd.message, "表三 （六）其他处理 行")
    has(fd.message, "总计(0)")
    has(fd.message, "商业企业(1)")
    has(fd.message, "相差 1")
  end)
end)
