-- Completeness of the tables that are there: every row of the report's
-- edition, and every cell of a row, must be present.  A missing cell (key
-- absent) is not a blank (cell-blank) nor text (cell-placeholder): the
-- importer did not find it at all, so nothing can be checked there.
-- A whole missing row is one finding; a table that is absent altogether is
-- table-missing's finding, not one per row.
local gl = require "govlua"

return {
  id = "cell-missing",
  severity = "error",
  description = "表二、表三、表四中缺少本版格式规定的行或单元格",
  basis = "国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式 表二至表四（各行各列均应填报）",
  check = function(report, ctx)
    local ed = report.edition
    if not ed then return end -- the rows depend on the edition
    if gl.count(report, "missing", ed) == 0 and gl.count(report, "missing_rows", ed) == 0 then
      return
    end
    for _, r in ipairs(gl.rows(ed)) do
      if report[r.table] ~= nil then
        local row = gl.row(report, r)
        if row == nil then
          ctx:report{
            path = r.path,
            message = string.format("%s 行缺失", gl.describe(r.path, ed) or r.path),
          }
        else
          for _, c in ipairs(r.columns) do
            if row[c.key] == nil then
              local path = r.path .. "." .. c.key
              ctx:report{
                path = path,
                message = string.format("%s 缺失（报告中没有这一单元格）",
                  gl.describe(path, ed) or path),
              }
            end
          end
        end
      end
    end
  end,
}
