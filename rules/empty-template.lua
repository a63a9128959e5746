-- A report that publishes the tables with labels only: there is at least
-- one table, but no number in any cell (every cell is blank, text such as
-- "—", or missing).  Tables of all zeros are a valid report.  Cells of
-- either edition count: tables of the wrong edition that hold numbers are
-- edition-year's finding, not an empty template.  A number written with a
-- unit ("3件", unit-in-cell's warning) is a number here.
local gl = require "govlua"
local units = require "govlua.units"

return {
  id = "empty-template",
  severity = "error",
  description = "表格是没有填写任何数字的空白模板",
  basis = "年度报告格式 表二至表四（统计项应填报数字）",
  check = function(report, ctx)
    if (gl.count(report, "number") or 0) > 0 then return end -- a number: not empty
    local present = {}
    for i, t in ipairs(gl.TABLES) do
      if report[t] ~= nil then present[#present + 1] = ({ "表二", "表三", "表四" })[i] end
    end
    if #present == 0 then return end -- table-missing reports that
    for _, r in ipairs(gl.rows(nil)) do
      local row = gl.row(report, r)
      if row then
        for _, c in ipairs(r.columns) do
          local v = row[c.key]
          if gl.is_number(v) or units.interpret(v, c.kind) ~= nil then return end
        end
      end
    end
    ctx:report{
      path = "applications",
      message = string.format("%s中没有填写任何数字（只有空白、文字或缺项），发布的是空白表格模板",
        table.concat(present, "、")),
    }
  end,
}
