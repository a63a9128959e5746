-- The three statistics tables (表二 主动公开, 表三 依申请公开, 表四 复议诉讼)
-- are part of every annual report; each one absent is an error.
local gl = require "govlua"

return {
  id = "table-missing",
  severity = "error",
  description = "缺少表二（主动公开）、表三（依申请公开）或表四（行政复议、行政诉讼）",
  basis = "《政府信息公开条例》第五十条；年度报告格式 表二至表四",
  check = function(report, ctx)
    for _, t in ipairs(gl.TABLES) do
      if report[t] == nil then
        ctx:report{
          path = t,
          message = string.format("缺少%s（报告中没有这张表）", gl.describe(t) or t),
        }
      end
    end
  end,
}
