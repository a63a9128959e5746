-- title-year: the title and the 一、总体情况 narrative should speak of the report year.
local H = require "helper"

local RULE = "title-year"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function none(r)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  assert.are.equal(0, #H.findings(res, RULE), H.encode(H.findings(res, RULE)))
end

local function one(r, path)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  local fd = H.one(res, RULE)
  assert.are.equal("warning", fd.severity)
  assert.are.equal(path, fd.path)
  assert.are.equal(0, res.rc) -- a warning does not fail the run
  return fd
end

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    it("passes " .. fx, function() none(H.load_fixture(fx)) end)
  end

  describe("title", function()
    it("reports a title naming another year (年度)", function()
      local r = H.load_fixture("clean2021")
      r.title = "平潭综合实验区2024年度政府信息公开工作年度报告"
      assert.are.equal("标题“平潭综合实验区2024年度政府信息公开工作年度报告”中的年份（2024 年）与报告年度 2025 年不一致",
        one(r, "title").message)
    end)

    it("reports a title naming another year (年, the seed's form)", function()
      local r = H.load_fixture("seed")
      r.year = 2021
      r.sections.overview = "2021年，我局认真贯彻条例。"
      local fd = one(r, "title")
      assert.is_true(H.contains(fd.message, "（2020 年）与报告年度 2021 年不一致"), fd.message)
    end)

    it("reads full-width digits and a space before 年", function()
      local r = H.load_fixture("clean2019")
      r.title = "平潭综合实验区２０１８ 年度政府信息公开工作年度报告"
      assert.is_true(H.contains(one(r, "title").message, "（2018 年）与报告年度 2019 年"))
    end)

    it("accepts a title with the report year next to another (a publication date)", function()
      local r = H.load_fixture("clean2021")
      r.title = "平潭综合实验区2025年度政府信息公开工作年度报告（2026年3月10日）"
      none(r)
    end)

    it("reads the report year only where no digit comes right before it", function()
      local r = H.load_fixture("clean2021")
      r.title = "平潭综合实验区12025年、2024年报告"
      assert.is_true(H.contains(one(r, "title").message, "（2024 年）与报告年度 2025 年"))
      r.title = "平潭综合实验区１2025年、2024年报告" -- a full-width digit before it
      assert.is_true(H.contains(one(r, "title").message, "（2024 年）与报告年度 2025 年"))
      r.title = "平潭综合实验区2024—2025年报告"
      none(r)
      r.title = "平潭综合实验区 2025年 2024年报告"
      none(r)
      r.title = "2025年"
      none(r)
    end)

    it("reads titles of years outside 1990–2100 the long way", function()
      local r = H.load_fixture("clean2019")
      r.year = 1989
      r.title = "1989年度报告"
      r.sections.overview = "1989年，本机关公开信息。"
      none(r)
      r.title = "1989年度报告（2020年印发）"
      assert.is_true(H.contains(one(r, "title").message, "（2020 年）与报告年度 1989 年"))
    end)

    it("ignores a title without a year, or with digits that are not a year", function()
      local r = H.load_fixture("clean2021")
      r.title = "政府信息公开工作年度报告"
      none(r)
      r.title = "平潭综合实验区12025年报告"
      none(r)
      r.title = nil
      none(r)
    end)
  end)

  describe("一、总体情况", function()
    it("reports a narrative that mentions only other years (R4: 2020 counts in a 2021 report)", function()
      local r = H.load_fixture("clean2021")
      r.year, r.title = 2021, "平潭综合实验区2021年度政府信息公开工作年度报告"
      r.sections.overview = "2020年，全区共收到政府信息公开申请20件。与2019年相比有所增长。"
      assert.are.equal("“一、总体情况”提到了 2019 年、2020 年，却没有提到报告年度 2021 年，"
        .. "请核对是否沿用了其他年度报告的内容", one(r, "sections.overview").message)
    end)

    it("reports the real 2025 narrative put into a 2024 report", function()
      local r = H.load_fixture("clean2021")
      r.year, r.title = 2024, "平潭综合实验区2024年度政府信息公开工作年度报告"
      local fd = one(r, "sections.overview")
      assert.is_true(H.contains(fd.message, "提到了 2025 年、2026 年，却没有提到报告年度 2024 年"), fd.message)
    end)

    it("accepts other years next to the report year (comparisons, carry-over to next year)", function()
      local r = H.load_fixture("clean2021")
      r.sections.overview = "2025年共收到申请154件，比2024年增加10件，结转至2026年6件。"
      none(r)
    end)

    it("accepts a narrative whose only year is a publication date of the next year", function()
      local r = H.load_fixture("clean2021")
      r.sections.overview = "截至2026年1月，全区累计公开政府信息7700余条。"
      none(r)
    end)

    it("but reports the next year mentioned as a year, not as a date", function()
      local r = H.load_fixture("clean2021")
      r.sections.overview = "2026年，全区累计公开政府信息7700余条。"
      assert.is_true(H.contains(one(r, "sections.overview").message, "提到了 2026 年"))
    end)

    it("counts a range that covers the report year as mentioning it", function()
      local r = H.load_fixture("clean2021")
      r.sections.overview = "围绕“十四五”规划（2021—2025年）推进政务公开。"
      none(r)
      r.sections.overview = "落实2021年至2025年规划。"
      none(r)
      r.sections.overview = "落实2016-2020年规划。"
      assert.is_true(H.contains(one(r, "sections.overview").message, "提到了 2020 年"))
    end)

    it("ignores a narrative without years, and an absent one", function()
      local r = H.load_fixture("clean2021")
      r.sections.overview = "本年度依法做好政府信息公开工作。"
      none(r)
      r.sections.overview = nil
      none(r)
    end)

    it("does nothing without a report year", function()
      local r = H.load_fixture("clean2021")
      r.year = nil
      r.title = "XX2020年度报告"
      r.sections.overview = "2019年"
      none(r)
    end)
  end)
end)
