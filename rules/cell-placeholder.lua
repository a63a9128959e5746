-- Text such as "—", "/", "无" where the template asks for a number.
-- A number written with a fitting unit ("15万元", "3件") is not a
-- placeholder: unit-in-cell warns about it and says how it was read.
local gl = require "govlua"
local units = require "govlua.units"

return {
  id = "cell-placeholder",
  severity = "error",
  description = "表格中用“—”“/”“无”等文字代替数字的单元格",
  basis = "年度报告格式 表二、表三、表四（统计项应填报数字）",
  check = function(report, ctx)
    if gl.count(report, "text", report.edition) == 0 then return end
    for _, r in ipairs(gl.rows(report.edition)) do
      local row = gl.row(report, r)
      if row then
        for _, c in ipairs(r.columns) do
          local v = row[c.key]
          if type(v) == "string" and units.interpret(v, c.kind) == nil then
            local path = r.path .. "." .. c.key
            ctx:report{
              path = path,
              message = string.format("%s 填写了文字“%s”，应填写数字（没有发生的填 0）",
                gl.describe(path, report.edition) or path, v),
            }
          end
        end
      end
    end
  end,
}
