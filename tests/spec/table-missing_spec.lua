-- table-missing: 表二, 表三 and 表四 must each be in the report.
local H = require "helper"

local RULE = "table-missing"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local TABLES = {
  { "active", "表二（二、主动公开政府信息情况）" },
  { "applications", "表三（三、收到和处理政府信息公开申请情况）" },
  { "appeals", "表四（四、政府信息公开行政复议、行政诉讼情况）" },
}

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    it("passes " .. fx .. ", which has all three tables", function()
      local res = H.check_rule(H.load_fixture(fx), RULE)
      assert_ran(res)
      assert.are.equal(0, #H.findings(res, RULE))
      assert.are.equal(0, res.rc)
    end)
  end

  for _, fx in ipairs({ "clean2021", "clean2019" }) do
    describe(fx, function()
      for _, t in ipairs(TABLES) do
        local key, name = t[1], t[2]
        it("reports the absent " .. key, function()
          local r = H.load_fixture(fx)
          r[key] = nil
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          local fd = H.one(res, RULE)
          assert.are.equal("error", fd.severity)
          assert.are.equal(key, fd.path)
          assert.are.equal(name, fd.location)
          assert.are.equal("缺少" .. name .. "（报告中没有这张表）", fd.message)
          assert.are.equal(1, res.rc)
        end)
      end

      it("reports all three when there is no table at all", function()
        local r = H.load_fixture(fx)
        r.active, r.applications, r.appeals = nil, nil, nil
        local res = H.check_rule(r, RULE)
        local got = {}
        for _, f in ipairs(H.findings(res, RULE)) do got[#got + 1] = f.path end
        table.sort(got)
        assert.are.same({ "active", "appeals", "applications" }, got)
      end)

      it("does not report a table that is present but empty (cell-missing does)", function()
        local r = H.load_fixture(fx)
        r.appeals = {}
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("does not report a table whose cells are all blank (cell-blank does)", function()
        local r = H.load_fixture(fx)
        for _, g in ipairs({ "review", "litigation_direct", "litigation_after_review" }) do
          for c in pairs(r.appeals[g]) do r.appeals[g][c] = H.null end
        end
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)
    end)
  end
end)
