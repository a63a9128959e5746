-- implausible-values: 表二 numbers that are each possible but contradict each
-- other (format-spec §8.3 S3, S7; §12 item 11).  Warnings.
local H = require "helper"

local RULE = "implausible-values"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local DELETE = {} -- an edit that removes the cell (nil cannot be a table value)

local function check(fx, edits)
  local r = H.load_fixture(fx)
  for path, v in pairs(edits) do
    if v == DELETE then v = nil end
    H.set(r, path, v)
  end
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  return res
end

local function one(fx, edits, path)
  local res = check(fx, edits)
  local fd = H.one(res, RULE)
  assert.are.equal("warning", fd.severity)
  assert.are.equal(path, fd.path)
  assert.are.equal(0, res.rc) -- a warning does not fail the run
  return fd
end

local function none(fx, edits)
  assert.are.equal(0, #H.findings(check(fx, edits), RULE))
end

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    it("passes " .. fx, function() none(fx, {}) end)
  end

  describe("2021: 现行有效件数 = 0 while 本年制发件数 > 0", function()
    it("reports 规章", function()
      local fd = one("clean2021", { ["active.rules.issued"] = 2, ["active.rules.in_force"] = 0 },
        "active.rules.in_force")
      assert.are.equal("表二 规章 / 现行有效件数", fd.location)
      assert.are.equal("表二 规章：本年制发件数为 2，现行有效件数却为 0（本年制发的文件应计入现行有效件数）",
        fd.message)
    end)

    it("reports 行政规范性文件", function()
      local fd = one("clean2021",
        { ["active.normative_documents.issued"] = 58, ["active.normative_documents.in_force"] = 0 },
        "active.normative_documents.in_force")
      assert.is_true(H.contains(fd.message, "表二 行政规范性文件：本年制发件数为 58，现行有效件数却为 0"))
    end)

    it("reports both rows", function()
      local res = check("clean2021", {
        ["active.rules.issued"] = 1, ["active.rules.in_force"] = 0,
        ["active.normative_documents.issued"] = 3, ["active.normative_documents.in_force"] = 0,
      })
      assert.are.equal(2, #H.findings(res, RULE))
    end)

    it("accepts 0 made and 0 in force, and any in force > 0", function()
      none("clean2021", { ["active.rules.issued"] = 0, ["active.rules.in_force"] = 0 })
      none("clean2021", { ["active.rules.issued"] = 5, ["active.rules.in_force"] = 1, ["active.rules.repealed"] = 9 })
    end)

    it("skips blank, text and missing cells", function()
      none("clean2021", { ["active.rules.issued"] = H.null, ["active.rules.in_force"] = 0 })
      none("clean2021", { ["active.rules.issued"] = 2, ["active.rules.in_force"] = "—" })
      none("clean2021", { ["active.rules.issued"] = 2, ["active.rules.in_force"] = DELETE })
    end)

    it("does not apply the 2019 checks", function()
      none("clean2021", { ["active.rules.published"] = 5, ["active.rules.total"] = 1,
        ["active.licensing.previous"] = 1, ["active.licensing.change"] = -4 })
    end)
  end)

  describe("2019: 对外公开总数量 < 本年新公开数量", function()
    it("reports 规范性文件", function()
      local fd = one("clean2019", { ["active.normative_documents.total"] = 80 },
        "active.normative_documents.total")
      assert.are.equal("表二 规范性文件 / 对外公开总数量", fd.location)
      assert.are.equal("表二 规范性文件：对外公开总数量(80) < 本年新公开数量(89)（总数量应包含本年新公开的）",
        fd.message)
    end)

    it("reports 规章", function()
      local fd = one("clean2019", { ["active.rules.published"] = 3, ["active.rules.total"] = 2 },
        "active.rules.total")
      assert.is_true(H.contains(fd.message, "表二 规章：对外公开总数量(2) < 本年新公开数量(3)"))
    end)

    it("accepts a total equal to or above this year's", function()
      none("clean2019", { ["active.rules.published"] = 3, ["active.rules.total"] = 3 })
      none("clean2019", { ["active.rules.published"] = 3, ["active.rules.total"] = 40 })
    end)

    it("skips non-number cells", function()
      none("clean2019", { ["active.rules.published"] = 3, ["active.rules.total"] = H.null })
      none("clean2019", { ["active.rules.published"] = "/", ["active.rules.total"] = 0 })
    end)
  end)

  describe("2019: 上一年项目数量 + 本年增/减 < 0", function()
    for _, case in ipairs({
      { "licensing", "行政许可" }, { "other_services", "其他对外管理服务事项" }, { "penalty", "行政处罚" },
      { "coercion", "行政强制" }, { "fees", "行政事业性收费" },
    }) do
      local key, label = case[1], case[2]
      it("reports " .. label, function()
        local fd = one("clean2019",
          { ["active." .. key .. ".previous"] = 3, ["active." .. key .. ".change"] = -5 },
          "active." .. key .. ".change")
        assert.are.equal("表二 " .. label .. " / 本年增/减", fd.location)
        assert.are.equal("表二 " .. label .. "：上一年项目数量(3) + 本年增/减(-5) = -2，本年项目数量不能为负",
          fd.message)
      end)
    end

    it("accepts a decrease down to zero", function()
      none("clean2019", { ["active.penalty.previous"] = 5, ["active.penalty.change"] = -5 })
      none("clean2019", { ["active.penalty.previous"] = 5, ["active.penalty.change"] = 7 })
    end)

    it("skips non-number cells", function()
      none("clean2019", { ["active.penalty.previous"] = H.null, ["active.penalty.change"] = -5 })
      none("clean2019", { ["active.penalty.previous"] = "—", ["active.penalty.change"] = -5 })
    end)

    it("does not apply the 2021 check", function()
      none("clean2019", { ["active.rules.issued"] = 3, ["active.rules.in_force"] = 0 })
    end)
  end)

  it("does nothing without 表二", function()
    local r = H.load_fixture("clean2019")
    r.active = nil
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)
end)
