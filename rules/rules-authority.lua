-- Only 国务院部门 and the people's governments of provinces, autonomous regions,
-- municipalities, 设区的市 and 自治州 can make 规章 (《立法法》). A county-level
-- or township-level agency therefore has no 规章 of its own to report: every
-- number in the 规章 row of 表二 should be 0 (format-spec §8.3 S4; §12 item 11:
-- a 镇 reporting 现行有效件数 6). The level is read from the agency's name by
-- govlua.agency, conservatively: a 市 may be a 县级市, so cities, provinces
-- and special zones are never flagged.
local gl = require "govlua"
local agency = require "govlua.agency"

-- The 规章 row of 表二 per edition (false: none), looked up once (keyed
-- like gl.rows' own cache).
local RULES_ROW = {}

local function rules_row(edition)
  local k = tostring(edition)
  local row = RULES_ROW[k]
  if row == nil then
    row = false
    for _, r in ipairs(gl.rows(edition, "active")) do
      if r.key == "rules" then row = r break end
    end
    RULES_ROW[k] = row
  end
  return row or nil
end

return {
  id = "rules-authority",
  severity = "warning",
  description = "县级、乡镇级机关不能制定规章，表二“规章”一行应为 0",
  basis = "《立法法》第九十一条、第九十三条（2015 年版第八十条、第八十二条）",
  check = function(report, ctx)
    local rules = report.active and report.active.rules
    if type(rules) ~= "table" then return end
    local row = rules_row(report.edition)
    if not row then return end
    local nonzero
    for _, c in ipairs(row.columns) do
      local v = rules[c.key]
      if type(v) == "number" and v > 0 then
        nonzero = nonzero or {}
        nonzero[#nonzero + 1] = string.format("%s(%s)", c.label, gl.show(v))
      end
    end
    if not nonzero then return end -- the usual case: no 规章, whatever the level
    local level, reason = agency.level(report.agency)
    if not level then return end
    ctx:report{
      path = "active.rules",
      message = string.format("%s；表二 规章 一行填报了 %s，但只有国务院部门和省、自治区、直辖市、"
        .. "设区的市、自治州人民政府可以制定规章，%s机关的规章数量应为 0",
        reason, table.concat(nonzero, "、"), level == "township" and "乡镇级" or "县级"),
    }
  end,
}
