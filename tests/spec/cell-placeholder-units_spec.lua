-- cell-placeholder and units: a number written with a fitting unit ("15万元",
-- "3件") is not a placeholder; unit-in-cell warns about it instead.  A unit
-- that does not fit the column, or an impossible number, stays a placeholder.
local H = require "helper"

local RULE = "cell-placeholder"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function findings(fx, path, text, rules)
  local r = H.load_fixture(fx)
  assert.is_not_nil(H.get(r, path))
  H.set(r, path, text)
  local res = H.check(r, { rules = rules or { H.rule(RULE) } })
  assert_ran(res)
  return res
end

-- {fixture, path, text}: accepted as a number with a unit
local UNIT = {
  { "clean2019", "active.procurement.amount", "15万元" },
  { "clean2019", "active.procurement.amount", "184719元" },
  { "clean2019", "active.procurement.amount", "1,234.5 万元" },
  { "clean2019", "active.licensing.decisions", "3件" },
  { "clean2019", "active.fees.change", "-2项" },
  { "clean2019", "active.fees.change", "+173项" },
  { "clean2019", "applications.withheld.state_secret.research", "0件" },
  { "clean2021", "active.fees.amount", "3.5万元" },
  { "clean2021", "active.fees.amount", "35000元" },
  { "clean2021", "active.normative_documents.in_force", "546 条" },
  { "clean2021", "applications.total.nonprofit", "1，234个" },
  { "clean2021", "appeals.review.total", "4件" },
}

-- {fixture, path, text}: still a placeholder
local NOT_UNIT = {
  { "clean2019", "active.procurement.amount", "3件" },         -- a count unit in a 万元 column
  { "clean2019", "active.licensing.decisions", "15万元" },     -- money in a count column
  { "clean2019", "active.licensing.decisions", "-3件" },       -- a negative count
  { "clean2019", "active.fees.change", "1.5项" },              -- a fractional change
  { "clean2021", "active.fees.amount", "-3万元" },             -- a negative amount
  { "clean2021", "applications.new.natural", "2.5件" },        -- a fractional count
  { "clean2021", "applications.new.natural", "约15件" },
  { "clean2021", "applications.new.natural", "15万" },
  { "clean2021", "applications.new.natural", "12,34件" },
  { "clean2021", "applications.new.natural", "件" },
  { "clean2021", "active.fees.amount", "—" },
}

describe("rule " .. RULE .. " with units", function()
  for _, case in ipairs(UNIT) do
    local fx, path, text = table.unpack(case)
    it(fx .. ": does not report “" .. text .. "” in " .. path .. " (unit-in-cell warns)", function()
      local res = findings(fx, path, text, { H.rule(RULE), H.rule("unit-in-cell") })
      assert.are.equal(0, #H.findings(res, RULE))
      assert.are.equal(path, H.one(res, "unit-in-cell").path)
      assert.are.equal(0, res.rc)
    end)
  end

  for _, case in ipairs(NOT_UNIT) do
    local fx, path, text = table.unpack(case)
    it(fx .. ": reports “" .. text .. "” in " .. path, function()
      local res = findings(fx, path, text, { H.rule(RULE), H.rule("unit-in-cell") })
      local fd = H.one(res, RULE)
      assert.are.equal("error", fd.severity)
      assert.are.equal(path, fd.path)
      assert.are.equal(fd.location .. " 填写了文字“" .. text .. "”，应填写数字（没有发生的填 0）", fd.message)
      assert.are.equal(0, #H.findings(res, "unit-in-cell"))
      assert.are.equal(1, res.rc)
    end)
  end

  it("still reports the placeholders next to a unit cell", function()
    local r = H.load_fixture("clean2019")
    H.set(r, "active.procurement.amount", "15万元")
    H.set(r, "active.procurement.items", "—")
    local res = H.check(r, { rules = { H.rule(RULE) } })
    assert.are.equal("active.procurement.items", H.one(res, RULE).path)
  end)
end)
