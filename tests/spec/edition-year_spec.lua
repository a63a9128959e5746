-- edition-year: the template edition must match the report year, and the
-- tables must not hold cells that exist only in the other edition.
local H = require "helper"

local RULE = "edition-year"
local F2019 = "2019 版格式（国办公开办函〔2019〕60号）"
local F2021 = "2021 版格式（国办公开办函〔2021〕30号）"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function assert_has(m, pieces)
  for _, p in ipairs(pieces) do
    assert.is_true(H.contains(m, p), "message lacks " .. p .. ": " .. m)
  end
end

local function one_error(r)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  local fd = H.one(res, RULE)
  assert.are.equal("error", fd.severity)
  assert.are.equal("edition", fd.path)
  assert.are.equal(1, res.rc)
  return fd
end

describe("rule " .. RULE, function()
  describe("edition and year agree", function()
    for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
      it("passes " .. fx, function()
        local res = H.check_rule(H.load_fixture(fx), RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, res.rc)
      end)
    end

    for _, y in ipairs({ 2021, 2022, 2024, 2030 }) do
      it("accepts the 2021 edition for " .. y, function()
        local r = H.load_fixture("clean2021")
        r.year = y
        assert.are.equal(0, #H.findings(H.check_rule(r, RULE), RULE))
      end)
    end

    it("accepts the 2019 edition for 2019 and 2020", function()
      for _, y in ipairs({ 2019, 2020 }) do
        local r = H.load_fixture("clean2019")
        r.year = y
        assert.are.equal(0, #H.findings(H.check_rule(r, RULE), RULE))
      end
    end)
  end)

  describe("edition and year disagree", function()
    it("reports a 2021 report in the 2019 format (R4)", function()
      local r = H.load_fixture("clean2019")
      r.year = 2021
      local fd = one_error(r)
      assert.are.equal("2021 年度报告使用了 " .. F2019 .. "，应使用 " .. F2021, fd.message)
      assert.are.equal("模板版本", fd.location)
    end)

    it("reports a 2023 report in the 2019 format", function()
      local r = H.load_fixture("seed")
      r.year = 2023
      assert.are.equal("2023 年度报告使用了 " .. F2019 .. "，应使用 " .. F2021, one_error(r).message)
    end)

    it("reports a 2020 report in the 2021 format", function()
      local r = H.load_fixture("clean2021")
      r.year = 2020
      assert.are.equal("2020 年度报告使用了 " .. F2021 .. "，应使用 " .. F2019, one_error(r).message)
    end)

    it("warns about years before both editions, at the year", function()
      for _, fx in ipairs({ "clean2021", "clean2019" }) do
        local r = H.load_fixture(fx)
        r.year = 2018
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        local fd = H.one(res, RULE)
        assert.are.equal("warning", fd.severity)
        assert.are.equal("year", fd.path)
        assert_has(fd.message, { "报告年度 2018 早于两版年度报告格式", "可能不适用",
          fx == "clean2021" and F2021 or F2019 })
        assert.are.equal(0, res.rc)
      end
    end)

    it("skips the year check when the year is missing", function()
      local r = H.load_fixture("clean2021")
      r.year = nil
      local res = H.check_rule(r, RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
    end)

    it("does nothing when the edition is unknown (the loader reports it)", function()
      local r = H.load_fixture("clean2021")
      r.edition = "2015"
      local res = H.check_rule(r, RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
    end)
  end)

  describe("tables that contradict the declared edition", function()
    local HEAD21 = "报告声明使用 2021 版格式，但表格中有只属于 2019 版格式的栏目："
    local HEAD19 = "报告声明使用 2019 版格式，但表格中有只属于 2021 版格式的栏目："

    it("reports 政府集中采购 in a 2021 report", function()
      local r = H.load_fixture("clean2021")
      H.set(r, "active.procurement", { items = 3, amount = 12.5 })
      assert.are.equal(HEAD21 .. "表二 政府集中采购；2025 年度报告应使用 " .. F2021, one_error(r).message)
    end)

    it("reports a 2019 column of a shared row, even when blank", function()
      local r = H.load_fixture("clean2021")
      H.set(r, "active.rules.made", H.null)
      H.set(r, "active.licensing.previous", 4)
      local fd = one_error(r)
      assert_has(fd.message, { HEAD21, "表二 规章（本年新制作数量）", "表二 行政许可（上一年项目数量）" })
    end)

    it("reports 其他对外管理服务事项 in a 2021 report", function()
      local r = H.load_fixture("clean2021")
      H.set(r, "active.other_services.decisions", 0)
      assert_has(one_error(r).message, { HEAD21, "表二 其他对外管理服务事项" })
    end)

    it("reports a 2019-style （六）其他处理 row with applicant columns in a 2021 report", function()
      local r = H.load_fixture("clean2021")
      local row19 = H.load_fixture("clean2019").applications.other_handling
      assert.is_not_nil(row19.natural)
      r.applications.other_handling = row19
      assert.are.equal(HEAD21 .. "表三 （六）其他处理；2025 年度报告应使用 " .. F2021, one_error(r).message)
    end)

    it("reports the 2021 （六） sub-rows in a 2019 report", function()
      local r = H.load_fixture("clean2019")
      r.applications.other_handling = H.load_fixture("clean2021").applications.other_handling
      local fd = one_error(r)
      assert_has(fd.message, { HEAD19, "表三 （六）其他处理 1.申请人无正当理由……",
        "表三 （六）其他处理 2.申请人逾期未按收……", "表三 （六）其他处理 3.其他",
        "2019 年度报告应使用 " .. F2019 })
    end)

    it("reports 2021 columns of 表二 in a 2019 report", function()
      local r = H.load_fixture("seed")
      H.set(r, "active.rules.issued", 0)
      H.set(r, "active.fees.amount", 1.5)
      assert.are.equal(HEAD19 .. "表二 规章（本年制发件数）、表二 行政事业性收费（本年收费金额（单位：万元））"
        .. "；2020 年度报告应使用 " .. F2019, one_error(r).message)
    end)

    it("reports tables filled in on the other template once, not also as a year mismatch", function()
      -- a 2025 report in the 2021 tables, declared as 2019: the declaration is what is wrong
      local r = H.load_fixture("clean2021")
      r.edition = "2019"
      local fd = one_error(r)
      assert_has(fd.message, { HEAD19, "表二 规章（本年制发件数、本年废止件数、现行有效件数）",
        "表二 行政规范性文件（本年制发件数、本年废止件数、现行有效件数）", "表三 （六）其他处理 3.其他",
        "；2025 年度报告应使用 " .. F2021 })
      assert.is_false(H.contains(fd.message, "年度报告使用了"))
    end)

    it("lists at most six places and says how many there are", function()
      local r = H.load_fixture("clean2019")
      r.edition = "2021"
      local fd = one_error(r)
      assert_has(fd.message, { HEAD21, "表二 规章（本年新制作数量、本年新公开数量、对外公开总数量）", " 等 9 处" })
      assert.is_false(H.contains(fd.message, "政府集中采购")) -- the 9th place is not listed
    end)

    it("checks the tables even when the year is missing", function()
      local r = H.load_fixture("clean2021")
      r.year = nil
      H.set(r, "active.procurement.items", 1)
      -- only one of the row's two cells is there: the column is named
      assert.are.equal(HEAD21 .. "表二 政府集中采购（采购项目数量）", one_error(r).message)
    end)
  end)
end)
