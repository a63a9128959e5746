-- empty-template: the tables were published with labels only, no number in
-- any cell (format-spec §12 item 8).  Tables of zeros are a valid report.
local H = require "helper"

local RULE = "empty-template"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local TABLES = { "active", "applications", "appeals" }

-- Replaces every cell (leaf) of the report's tables: fill(path, value) -> new value.
local function each_cell(r, fill)
  local function walk(node, path)
    for k, v in pairs(node) do
      local p = path .. "." .. k
      if type(v) == "table" and v ~= H.null then
        walk(v, p)
      else
        node[k] = fill(p, v)
      end
    end
  end
  for _, t in ipairs(TABLES) do
    if type(r[t]) == "table" then walk(r[t], t) end
  end
  return r
end

local TEXTS = { H.null, "—", "/", "无", H.null, "" }

local function emptied(fx)
  local i = 0
  return each_cell(H.load_fixture(fx), function()
    i = i + 1
    return TEXTS[(i - 1) % #TEXTS + 1]
  end)
end

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    it("passes " .. fx, function()
      local res = H.check_rule(H.load_fixture(fx), RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
    end)
  end

  for _, fx in ipairs({ "clean2021", "clean2019" }) do
    describe(fx, function()
      it("reports tables with every cell blank", function()
        local r = each_cell(H.load_fixture(fx), function() return H.null end)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        local fd = H.one(res, RULE)
        assert.are.equal("error", fd.severity)
        assert.are.equal("applications", fd.path)
        assert.is_true(H.contains(fd.message, "表二、表三、表四中没有填写任何数字"))
        assert.is_true(H.contains(fd.message, "空白表格模板"))
        assert.are.equal(1, res.rc)
      end)

      it("reports tables of blanks, placeholders and missing cells", function()
        local r = emptied(fx)
        H.set(r, "applications.granted", nil)
        H.set(r, "appeals.review.total", nil)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal("applications", H.one(res, RULE).path)
      end)

      it("names only the tables that are present", function()
        local r = emptied(fx)
        r.active, r.appeals = nil, nil
        local res = H.check_rule(r, RULE)
        local fd = H.one(res, RULE)
        assert.are.equal("applications", fd.path)
        assert.is_true(H.contains(fd.message, "表三中没有填写任何数字"))
        assert.is_false(H.contains(fd.message, "表二"))
      end)

      it("reports an empty 表二 alone, still at path applications", function()
        local r = emptied(fx)
        r.applications, r.appeals = nil, nil
        local fd = H.one(H.check_rule(r, RULE), RULE)
        assert.are.equal("applications", fd.path)
        assert.is_true(H.contains(fd.message, "表二中没有填写任何数字"))
      end)

      it("accepts tables of zeros", function()
        local r = each_cell(H.load_fixture(fx), function() return 0 end)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("accepts an empty template with one number filled in", function()
        for _, path in ipairs({ "applications.total.total", "active.rules.in_force", "appeals.review.pending" }) do
          local r = emptied(fx)
          if H.get(r, path) ~= nil then
            H.set(r, path, 0)
            local res = H.check_rule(r, RULE)
            assert_ran(res)
            assert.are.equal(0, #H.findings(res, RULE))
          end
        end
      end)

      it("counts a number written with a unit as a number", function()
        local r = emptied(fx)
        H.set(r, "applications.new.total", "0件")
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("does not report a report without tables (table-missing does)", function()
        local r = H.load_fixture(fx)
        r.active, r.applications, r.appeals = nil, nil, nil
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("reports tables that are present but hold no rows", function()
        local r = H.load_fixture(fx)
        r.active, r.applications, r.appeals = {}, {}, {}
        local res = H.check_rule(r, RULE)
        assert.are.equal("applications", H.one(res, RULE).path)
      end)
    end)
  end

  it("2019: a number in 本年增/减 or 采购总金额 alone makes the tables filled", function()
    for _, path in ipairs({ "active.fees.change", "active.procurement.amount" }) do
      local r = emptied("clean2019")
      H.set(r, path, -2)
      local res = H.check_rule(r, RULE)
      assert.are.equal(0, #H.findings(res, RULE))
    end
  end)

  it("2021: tables of the 2019 edition that hold numbers are not an empty template", function()
    local r = emptied("clean2021")
    r.active = H.load_fixture("clean2019").active -- 表二 of the wrong edition, with numbers
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)

  it("2019: a 2021 表二 with numbers is not an empty template either", function()
    local r = emptied("clean2019")
    r.active = H.load_fixture("clean2021").active
    local res = H.check_rule(r, RULE)
    assert.are.equal(0, #H.findings(res, RULE))
  end)
end)
