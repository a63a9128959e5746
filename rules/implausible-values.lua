-- 表二 values that are possible numbers but cannot all be true together
-- (format-spec §8.3 S3, S7; §12 item 11).  Warnings: the template prints no
-- relation inside 表二, so these are plausibility checks, not arithmetic.
--   2021: 现行有效件数 = 0 while 本年制发件数 > 0 (what was made this year is in force)
--   2019: 对外公开总数量 < 本年新公开数量 (the total includes this year's)
--   2019: 上一年项目数量 + 本年增/减 < 0 (this year's count of items would be negative)
local gl = require "govlua"

local DOC_ROWS = { "rules", "normative_documents" }
local ITEM_ROWS = { "licensing", "other_services", "penalty", "coercion", "fees" }

local function numbers(a, b) return type(a) == "number" and type(b) == "number" end

local function label(ed, tbl, key)
  for _, r in ipairs(gl.rows(ed, tbl)) do
    if r.key == key then return r.label end
  end
  return key
end

return {
  id = "implausible-values",
  severity = "warning",
  description = "表二数值相互矛盾（如本年制发而现行有效为 0、公开总数少于本年新公开数、项目数量增减后为负）",
  basis = "年度报告格式 表二 第二十条第（一）（五）（六）（八）项",
  check = function(report, ctx)
    local act, ed = report.active, report.edition
    if not act then return end
    if ed == "2021" then
      for _, k in ipairs(DOC_ROWS) do
        local row = act[k]
        if row and numbers(row.issued, row.in_force) and row.in_force == 0 and row.issued > 0 then
          ctx:report{
            path = "active." .. k .. ".in_force",
            message = string.format("表二 %s：本年制发件数为 %s，现行有效件数却为 0（本年制发的文件应计入现行有效件数）",
              label(ed, "active", k), gl.show(row.issued)),
          }
        end
      end
    elseif ed == "2019" then
      for _, k in ipairs(DOC_ROWS) do
        local row = act[k]
        if row and numbers(row.published, row.total) and row.total < row.published then
          ctx:report{
            path = "active." .. k .. ".total",
            message = string.format("表二 %s：对外公开总数量(%s) < 本年新公开数量(%s)（总数量应包含本年新公开的）",
              label(ed, "active", k), gl.show(row.total), gl.show(row.published)),
          }
        end
      end
      for _, k in ipairs(ITEM_ROWS) do
        local row = act[k]
        if row and numbers(row.previous, row.change) and row.previous + row.change < 0 then
          ctx:report{
            path = "active." .. k .. ".change",
            message = string.format("表二 %s：上一年项目数量(%s) + 本年增/减(%s) = %s，本年项目数量不能为负",
              label(ed, "active", k), gl.show(row.previous), gl.show(row.change),
              gl.show(row.previous + row.change)),
          }
        end
      end
    end
  end,
}
