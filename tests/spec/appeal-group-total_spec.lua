-- appeal-group-total: 表四 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, for each group.
local H = require "helper"

local RULE = "appeal-group-total"
local GROUPS = {
  { key = "review", label = "行政复议" },
  { key = "litigation_direct", label = "行政诉讼（未经复议直接起诉）" },
  { key = "litigation_after_review", label = "行政诉讼（复议后起诉）" },
}
local EDITIONS = { { edition = "2021", fixture = "clean2021" }, { edition = "2019", fixture = "clean2019" } }

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function has(m, piece)
  assert.is_true(H.contains(m, piece), "message lacks " .. piece .. ": " .. tostring(m))
end

describe("rule " .. RULE, function()
  for _, ed in ipairs(EDITIONS) do
    describe("edition " .. ed.edition, function()
      it("passes the clean report", function()
        local res = H.check_rule(H.load_fixture(ed.fixture), RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, res.rc)
      end)

      for _, g in ipairs(GROUPS) do
        it("reports group " .. g.key, function()
          local r = H.load_fixture(ed.fixture)
          local row = r.appeals[g.key]
          local u, c, o, p, t = row.upheld, row.corrected, row.other, row.pending, row.total
          assert.are.equal(t, u + c + o + p) -- the fixture is consistent
          H.set(r, "appeals." .. g.key .. ".pending", p + 2)
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          local fd = H.one(res, RULE)
          assert.are.equal("error", fd.severity)
          assert.are.equal("appeals." .. g.key .. ".total", fd.path)
          has(fd.message, "表四 " .. g.label .. "：")
          has(fd.message, string.format("总计(%d)", t))
          has(fd.message, string.format("结果维持(%d) + 结果纠正(%d) + 其他结果(%d) + 尚未审结(%d) = %d",
            u, c, o, p + 2, t + 2))
          has(fd.message, "相差 2")
          assert.are.equal(1, res.rc)
        end)
      end

      it("reports a 总计 that is too large", function()
        local r = H.load_fixture(ed.fixture)
        local t = r.appeals.review.total
        H.set(r, "appeals.review.total", t + 7)
        local res = H.check_rule(r, RULE)
        local fd = H.one(res, RULE)
        assert.are.equal("appeals.review.total", fd.path)
        has(fd.message, string.format("总计(%d)", t + 7))
        has(fd.message, "相差 7")
      end)

      it("does not report when a part is blank (cell-blank does)", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "appeals.review.upheld", H.null)
        local res = H.check(r)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal("appeals.review.upheld", H.one(res, "cell-blank").path)
      end)

      it("does not report when a part is text (cell-placeholder does)", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "appeals.litigation_direct.corrected", "—")
        local res = H.check(r)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal("appeals.litigation_direct.corrected", H.one(res, "cell-placeholder").path)
      end)

      it("does not report when 总计 is blank or text", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "appeals.review.total", H.null)
        H.set(r, "appeals.litigation_direct.total", "无")
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("does not report when a part, a group or the table is missing", function()
        local r = H.load_fixture(ed.fixture)
        H.set(r, "appeals.review.other", nil)
        H.set(r, "appeals.review.total", 999)
        r.appeals.litigation_after_review = nil
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))

        r.appeals = nil
        res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)
    end)
  end
end)
