-- A cell of the template left empty. A blank is not a zero: the report must
-- say 0 when nothing happened.
local gl = require "govlua"

return {
  id = "cell-blank",
  severity = "error",
  description = "表格中的空白单元格（没有发生的应填 0，空白不等于 0）",
  basis = "年度报告格式 表二、表三、表四（每个统计项都应填报数字）",
  check = function(report, ctx)
    if gl.count(report, "blank", report.edition) == 0 then return end
    for _, r in ipairs(gl.rows(report.edition)) do
      local row = gl.row(report, r)
      if row then
        for _, c in ipairs(r.columns) do
          if row[c.key] == gl.BLANK then
            local path = r.path .. "." .. c.key
            ctx:report{
              path = path,
              message = string.format("%s 为空白，应填写数字（没有发生的填 0）",
                gl.describe(path, report.edition) or path),
            }
          end
        end
      end
    end
  end,
}
