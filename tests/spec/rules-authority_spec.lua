-- rules-authority: county- and township-level agencies make no 规章, so their
-- 规章 row must be 0. Also tests govlua.agency, which infers the level from the name.
local H = require "helper"

package.path = H.source_dir .. "/lua/?.lua;" .. package.path
local agency = require "govlua.agency"

local RULE = "rules-authority"
local TAIL = "但只有国务院部门和省、自治区、直辖市、设区的市、自治州人民政府可以制定规章，"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function none(r)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  assert.are.equal(0, #H.findings(res, RULE), H.encode(H.findings(res, RULE)))
end

local function one(r)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  local fd = H.one(res, RULE)
  assert.are.equal("warning", fd.severity)
  assert.are.equal("active.rules", fd.path)
  assert.are.equal("表二 规章", fd.location)
  return fd
end

-- name -> expected level (false = unknown)
local LEVELS = {
  { "乡宁县审计局", "county", "县" },          -- 乡 is part of the county's name
  { "国家税务总局乡宁县税务局", "county", "县" },
  { "中共乡宁县委", "county", "县" },
  { "乡宁县昌宁镇人民政府", "township", "镇" },
  { "安乡县人民政府", "county", "县" },          -- 乡 inside a county name
  { "镇原县人民政府", "county", "县" },
  { "XX县乡村振兴局", "county", "县" },          -- a county department, not a 乡
  { "XX县住房和城乡建设局", "county", "县" },
  { "XX县市场监督管理局", "county", "县" },
  { "XX县城市管理局", "county", "县" },
  { "XX县乡镇企业局", "county", "县" },
  { "XX县城关镇人民政府", "township", "镇" },
  { "平潭综合实验区潭城镇人民政府", "township", "镇" },
  { "XX区红旗街道办事处", "township", "街道" },
  { "XX旗XX苏木", "township", "苏木" },
  { "锡林郭勒盟正蓝旗人民政府", "county", "旗" },
  { "长阳土家族自治县人民政府", "county", "自治县" },
  { "北京市东城区人民政府", "county", "区" },
  { "济南市市中区人民政府", "county", "区" },
  { "阳泉市城区人民政府", "county", "区" },
  { "XX市公安局XX区分局", "county", "区" },
  { "XX市生态环境局XX县分局", "county", "县" },
  { "XX县经济开发区管理委员会", "county", "县" },
  { "XX县人民政府办公室（县政府研究室）", "county", "县" },
  { "平潭综合实验区", false },                   -- special zones: unknown
  { "上海市浦东新区人民政府", false },
  { "XX市高新区管理委员会", false },
  { "XX市乡村振兴局", false },                   -- a city: 设区的市 or 县级市, cannot tell
  { "乡村振兴局", false },
  { "镇江市人民政府", false },
  { "景德镇市市场监督管理局", false },
  { "XX市城乡规划局", false },
  { "XX市人民政府办公室（XX县政府研究室）", false }, -- the alias in parentheses is ignored
  { "广西壮族自治区人民政府办公厅", false },
  { "恩施土家族苗族自治州人民政府", false },
  { "香港特别行政区", false },
  { "上海市科学技术委员会", false },
  { "县", false },
  { "", false },
  -- spaces are not part of the name; a unit word followed by another one
  { "乡宁县 审计局", "county", "县" },
  { "XX县\u{3000}城关镇", "township", "镇" },
  { "北京市东城区 东华门街道办事处", "township", "街道" },
  { "XX自治县XX民族乡人民政府", "township", "民族乡" },
  { "内蒙古自治区XX盟XX旗XX苏木", "township", "苏木" },
  { "景德镇市浮梁县人民政府", "county", "县" },
  { "景德镇市乡镇企业局", false },
  { "XX县市场监督管理局XX市场监管所", "county", "县" },
  { "XX区(XX镇)", "county", "区" },
  { "XX（县）镇人民政府", false },
  -- a lower unit word right after a unit starts the next name when a unit follows
  { "山西省临汾市乡宁县审计局", "county", "县" },
  { "临汾市乡宁县昌宁镇人民政府", "township", "镇" },
  { "江苏省镇江市人民政府", false },             -- 镇江市 can make 规章: never flagged
  { "江苏省镇江市丹徒区人民政府", "county", "区" },
  { "浙江省宁波市镇海区人民政府", "county", "区" },
  { "湖南省常德市安乡县财政局", "county", "县" },
  { "XX区红旗街道", "township", "街道" },          -- 旗 then 街道 with no unit after: one name
  { "\xff县", false },                        -- not UTF-8
}

describe("govlua.agency", function()
  for _, case in ipairs(LEVELS) do
    local name, want, word = case[1], case[2], case[3]
    it(string.format("reads %q as %s", name, tostring(want or "unknown")), function()
      local level, reason = agency.level(name)
      assert.are.equal(want or nil, level)
      if want then
        assert.are.equal(string.format("机关名称“%s”含“%s”，推断为%s机关", name, word,
          want == "county" and "县级" or "乡镇级"), reason)
      else
        assert.is_nil(reason)
      end
    end)
  end

  it("returns nil for a missing name", function()
    assert.is_nil(agency.level(nil))
    assert.is_nil(agency.level(42))
  end)

  it("reads the chain of units (agency.units)", function()
    local got = {}
    for _, u in ipairs(agency.units("景德镇市乡 镇街道办事处")) do
      got[#got + 1] = u.name .. "/" .. u.word .. "/" .. u.level
    end
    assert.are.same({ "景德镇市/市/city", "乡镇街道/街道/township" }, got)
    local u = agency.units("上海市 科学技术委员会（XX县）")
    assert.are.equal(1, #u)
    assert.are.same({ name = "上海市", word = "市", level = "city" }, u[1])
    assert.are.same({}, agency.units(nil))
    assert.are.same({}, agency.units("\xe4\xb9"))
  end)

  it("reads a very long name in linear time", function()
    local t = os.clock()
    local level, reason = agency.level(string.rep("县", 200000))
    assert.are.equal("county", level)
    assert.is_true(reason:find("含“县”", 1, true) ~= nil)
    assert.is_nil(agency.level(string.rep("市", 200000) .. "\0"))
    assert.is_true(os.clock() - t < 5, "took " .. (os.clock() - t) .. " s")
  end)
end)

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019", "seed" }) do
    it("passes " .. fx, function() none(H.load_fixture(fx)) end)
  end

  it("warns a county agency (the seed, 2019 edition) with 规章", function()
    local r = H.load_fixture("seed")
    H.set(r, "active.rules.made", 1)
    H.set(r, "active.rules.total", 3)
    local fd = one(r)
    assert.are.equal("机关名称“乡宁县审计局”含“县”，推断为县级机关；表二 规章 一行填报了 "
      .. "本年新制作数量(1)、对外公开总数量(3)，" .. TAIL .. "县级机关的规章数量应为 0", fd.message)
  end)

  it("warns a township (R12: a 镇 with 现行有效件数 6), 2021 edition", function()
    local r = H.load_fixture("clean2021")
    r.agency = "平潭综合实验区潭城镇人民政府"
    H.set(r, "active.rules.in_force", 6)
    assert.are.equal("机关名称“平潭综合实验区潭城镇人民政府”含“镇”，推断为乡镇级机关；表二 规章 一行填报了 "
      .. "现行有效件数(6)，" .. TAIL .. "乡镇级机关的规章数量应为 0", one(r).message)
  end)

  it("warns a 县 department whose name contains 乡 (乡村振兴局), as county", function()
    local r = H.load_fixture("clean2021")
    r.agency = "XX县乡村振兴局"
    H.set(r, "active.rules.issued", 2)
    local fd = one(r)
    assert.is_true(H.contains(fd.message, "含“县”，推断为县级机关"), fd.message)
    assert.is_true(H.contains(fd.message, "本年制发件数(2)"), fd.message)
  end)

  for _, name in ipairs({ "平潭综合实验区", "XX市乡村振兴局", "晋江市人民政府", "福建省人民政府办公厅",
    "恩施土家族苗族自治州人民政府", "上海市浦东新区人民政府" }) do
    it("does not warn " .. name .. " (level unknown or a 规章-maker)", function()
      local r = H.load_fixture("clean2021")
      r.agency = name
      H.set(r, "active.rules.in_force", 6)
      H.set(r, "active.rules.issued", 1)
      none(r)
    end)
  end

  it("does not warn a county whose 规章 row is 0, blank, text or missing", function()
    local r = H.load_fixture("seed")
    none(r)
    H.set(r, "active.rules.made", H.null)
    H.set(r, "active.rules.published", "—")
    H.set(r, "active.rules.total", nil)
    none(r)
    H.set(r, "active.rules", nil)
    none(r)
  end)

  it("ignores the other edition's columns of the 规章 row", function()
    local r = H.load_fixture("seed") -- 2019 edition
    H.set(r, "active.rules.in_force", 4)
    none(r)
  end)

  it("does nothing without an agency name", function()
    local r = H.load_fixture("seed")
    r.agency = nil
    H.set(r, "active.rules.total", 3)
    none(r)
  end)
end)
