-- sections-present: the six sections 一…六 must all be there.
local H = require "helper"

local RULE = "sections-present"
local SECTIONS = {
  { "overview", "一、总体情况" },
  { "active", "二、主动公开政府信息情况" },
  { "applications", "三、收到和处理政府信息公开申请情况" },
  { "appeals", "四、政府信息公开行政复议、行政诉讼情况" },
  { "problems", "五、存在的主要问题及改进情况" },
  { "other", "六、其他需要报告的事项" },
}

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function paths(res)
  local out = {}
  for _, f in ipairs(H.findings(res, RULE)) do out[#out + 1] = f.path end
  table.sort(out)
  return out
end

local function all_paths()
  local out = {}
  for _, s in ipairs(SECTIONS) do out[#out + 1] = "sections." .. s[1] end
  table.sort(out)
  return out
end

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    describe(fx, function()
      it("passes the report, whose table sections are headings without text", function()
        local r = H.load_fixture(fx)
        assert.are.equal("", r.sections.active) -- "" = heading only: present
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, res.rc)
      end)

      for _, s in ipairs(SECTIONS) do
        local key, label = s[1], s[2]
        it("reports the absent section " .. key .. " by its heading", function()
          local r = H.load_fixture(fx)
          H.set(r, "sections." .. key, nil)
          local res = H.check_rule(r, RULE)
          assert_ran(res)
          local fd = H.one(res, RULE)
          assert.are.equal("error", fd.severity)
          assert.are.equal("sections." .. key, fd.path)
          assert.are.equal("缺少“" .. label .. "”部分", fd.message)
          assert.are.equal(label, fd.location)
          assert.are.equal(1, res.rc)
        end)
      end
    end)
  end

  it("counts a heading without text (\"\") as present", function()
    local r = H.load_fixture("clean2021")
    for _, s in ipairs(SECTIONS) do H.set(r, "sections." .. s[1], "") end
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)

  it("reports every absent section once when several are missing", function()
    local r = H.load_fixture("clean2019")
    H.set(r, "sections.problems", nil)
    H.set(r, "sections.other", nil)
    local res = H.check_rule(r, RULE)
    assert.are.same({ "sections.other", "sections.problems" }, paths(res))
  end)

  it("gives one warning, not six errors, when the JSON has no sections object at all", function()
    local r = H.load_fixture("clean2021")
    r.sections = nil
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.same({ "sections" }, paths(res))
    local f = H.one(res, RULE)
    assert.are.equal("warning", f.severity)
    assert.is_true(H.contains(f.message, "没有正文"))
    assert.are.equal(0, res.rc)
  end)

  it("reports all six sections when sections is an empty object", function()
    local r = H.load_fixture("seed")
    r.sections = {}
    assert.is_true(H.contains(H.encode(r), '"sections":{}'))
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.same(all_paths(), paths(res))
  end)
end)
