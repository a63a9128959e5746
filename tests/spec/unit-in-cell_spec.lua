-- unit-in-cell: a unit written in a table cell ("15万元", "184719元", "3件"),
-- either kept as text or recorded as the source text of a number.
local H = require "helper"

local RULE = "unit-in-cell"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local ADVICE = "（单位应写在表头，单元格只填数字）"

-- Sets the source text of number cells: { [path] = "15万元" }.
local function with_source(r, texts)
  local cells = {}
  for path, text in pairs(texts) do cells[path] = { text = text } end
  r.source = { file = "report.docx", cells = cells }
  return r
end

local function one(r, path)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  local fd = H.one(res, RULE)
  assert.are.equal("warning", fd.severity)
  assert.are.equal(path, fd.path)
  assert.are.equal(0, res.rc)
  return fd
end

local function none(r)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  assert.are.equal(0, #H.findings(res, RULE))
end

-- text cells: {fixture, path, text, location, reading}
local TEXT = {
  { "clean2019", "active.procurement.amount", "15万元", "表二 政府集中采购 / 采购总金额（万元）", "按 15 万元理解" },
  { "clean2019", "active.procurement.amount", "184719元", "表二 政府集中采购 / 采购总金额（万元）",
    "184719 元 = 18.4719 万元，按 18.4719 万元理解" },
  { "clean2019", "active.procurement.amount", "1,234,567.5 元", "表二 政府集中采购 / 采购总金额（万元）",
    "1234567.5 元 = 123.45675 万元，按 123.45675 万元理解" },
  { "clean2019", "active.licensing.decisions", "3件", "表二 行政许可 / 处理决定数量", "按 3 理解" },
  { "clean2019", "active.penalty.change", "-2项", "表二 行政处罚 / 本年增/减", "按 -2 理解" },
  { "clean2019", "applications.new.natural", "12 件", "表三 一、本年新收政府信息公开申请数量 / 自然人", "按 12 理解" },
  { "clean2021", "active.fees.amount", "3.5万元", "表二 行政事业性收费 / 本年收费金额（单位：万元）", "按 3.5 万元理解" },
  { "clean2021", "active.fees.amount", "35000元", "表二 行政事业性收费 / 本年收费金额（单位：万元）",
    "35000 元 = 3.5 万元，按 3.5 万元理解" },
  { "clean2021", "active.fees.amount", "150000元", "表二 行政事业性收费 / 本年收费金额（单位：万元）",
    "150000 元 = 15 万元，按 15 万元理解" },
  { "clean2021", "active.rules.in_force", "1,234条", "表二 规章 / 现行有效件数", "按 1234 理解" },
  { "clean2021", "appeals.review.total", "2个", "表四 行政复议 / 总计", "按 2 理解" },
}

-- number cells with a source text: {fixture, path, value, text, location, reading}
local SOURCE = {
  { "clean2019", "active.procurement.amount", 15, "15万元", "表二 政府集中采购 / 采购总金额（万元）", "已按 15 万元处理" },
  { "clean2019", "active.procurement.amount", 18.4719, "184719元", "表二 政府集中采购 / 采购总金额（万元）",
    "184719 元 = 18.4719 万元，已按 18.4719 万元处理" },
  { "clean2019", "active.licensing.decisions", 181, "181件", "表二 行政许可 / 处理决定数量", "已按 181 处理" },
  { "clean2021", "active.fees.amount", 4166.241619, "41662416.19元", "表二 行政事业性收费 / 本年收费金额（单位：万元）",
    "41662416.19 元 = 4166.241619 万元，已按 4166.241619 万元处理" },
  { "clean2021", "applications.new.natural", 151, "151 件", "表三 一、本年新收政府信息公开申请数量 / 自然人",
    "已按 151 处理" },
}

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    it("passes " .. fx, function() none(H.load_fixture(fx)) end)
  end

  describe("a text cell that is a number with a unit", function()
    for _, case in ipairs(TEXT) do
      local fx, path, text, location, reading = table.unpack(case)
      it(fx .. ": “" .. text .. "” in " .. path, function()
        local r = H.load_fixture(fx)
        H.set(r, path, text)
        local fd = one(r, path)
        assert.are.equal(location, fd.location)
        assert.are.equal(location .. " 填写了“" .. text .. "”，" .. reading .. ADVICE, fd.message)
      end)
    end

    it("is not reported when the unit does not fit the column (cell-placeholder reports it)", function()
      for _, case in ipairs({
        { "clean2019", "active.procurement.amount", "3件" },
        { "clean2019", "active.licensing.decisions", "15万元" },
        { "clean2021", "applications.new.natural", "184719元" },
        { "clean2021", "active.fees.amount", "2项" },
      }) do
        local r = H.load_fixture(case[1])
        H.set(r, case[2], case[3])
        none(r)
      end
    end)

    it("is not reported when the number is impossible in the column", function()
      for _, case in ipairs({
        { "clean2019", "active.licensing.decisions", "-3件" },  -- a negative count
        { "clean2021", "applications.new.natural", "2.5件" },   -- a fractional count
        { "clean2021", "active.fees.amount", "-3万元" },        -- a negative amount
      }) do
        local r = H.load_fixture(case[1])
        H.set(r, case[2], case[3])
        none(r)
      end
    end)

    it("is not reported for placeholders or other text", function()
      for _, text in ipairs({ "—", "/", "无", "万元", "约15万元", "15万", "12,34件", "１２件", "" }) do
        local r = H.load_fixture("clean2021")
        H.set(r, "active.fees.amount", text)
        H.set(r, "applications.new.natural", text)
        none(r)
      end
    end)

    it("only looks at the cells of the report's edition", function()
      local r = H.load_fixture("clean2021")
      H.set(r, "active.procurement.amount", "15万元") -- a 2019 cell
      none(r)
    end)
  end)

  describe("a number cell whose source text had a unit", function()
    for _, case in ipairs(SOURCE) do
      local fx, path, value, text, location, reading = table.unpack(case)
      it(fx .. ": “" .. text .. "” in " .. path, function()
        local r = H.load_fixture(fx)
        H.set(r, path, value)
        with_source(r, { [path] = text })
        local fd = one(r, path)
        assert.are.equal(location, fd.location)
        assert.are.equal(location .. " 原文写作“" .. text .. "”，" .. reading .. ADVICE, fd.message)
      end)
    end

    it("says so when 元 were taken as 万元 without conversion", function()
      local r = H.load_fixture("clean2019")
      H.set(r, "active.procurement.amount", 184719)
      with_source(r, { ["active.procurement.amount"] = "184719元" })
      local fd = one(r, "active.procurement.amount")
      assert.is_true(H.contains(fd.message, "原文写作“184719元”，已按 184719 万元处理"))
      assert.is_true(H.contains(fd.message, "184719 元 = 18.4719 万元，请核对单位"))
    end)

    it("reports a source text with a unit it cannot read as a number", function()
      local r = H.load_fixture("clean2019")
      with_source(r, { ["active.procurement.amount"] = "约7539万元" })
      local fd = one(r, "active.procurement.amount")
      assert.is_true(H.contains(fd.message, "原文写作“约7539万元”，已按 7539.443252 万元处理"))
    end)

    it("does not report source texts without a unit (separators, full-width digits)", function()
      local r = H.load_fixture("clean2021")
      with_source(r, { ["applications.new.natural"] = "1,51", ["active.licensing.decisions"] = "2,418",
        ["active.penalty.decisions"] = "６４４" })
      none(r)
    end)

    it("reports each cell with a unit once", function()
      local r = H.load_fixture("clean2019")
      with_source(r, { ["active.licensing.decisions"] = "181件", ["active.penalty.decisions"] = "430件",
        ["active.procurement.amount"] = "7539.443252万元" })
      H.set(r, "active.coercion.decisions", "25件")
      local res = H.check_rule(r, RULE)
      local got = {}
      for _, f in ipairs(H.findings(res, RULE)) do got[#got + 1] = f.path end
      table.sort(got)
      assert.are.same({ "active.coercion.decisions", "active.licensing.decisions", "active.penalty.decisions",
        "active.procurement.amount" }, got)
    end)
  end)

  it("with the cell rules, a unit text cell is a warning only (exit 0)", function()
    local r = H.load_fixture("clean2019")
    H.set(r, "active.procurement.amount", "7539.443252万元")
    local res = H.check(r, { rules = { H.rule("cell-placeholder"), H.rule("cell-blank"), H.rule("cell-missing"),
      H.rule("value-domain"), H.rule(RULE) } })
    assert_ran(res)
    assert.are.equal(1, #res.reports[1].findings)
    assert.are.equal("active.procurement.amount", H.one(res, RULE).path)
    assert.are.equal(0, res.rc)
  end)
end)
