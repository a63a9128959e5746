-- A custom rule: the title should read "<机关><YYYY>年政府信息公开工作年度报告".
-- Run it with:  govlua examples/custom/title-form.lua examples/
local gl = require "govlua"        -- govlua's rule library

return {
  id = "title-form",                -- stable ASCII id, shown with every finding
  severity = "warning",             -- default severity: error | warning | info
  description = "标题应写明报告年度，并称“年度报告”",
  check = function(report, ctx)     -- report: read-only view; ctx: where findings go
    local title, year = report.title, report.year
    if type(title) ~= "string" then return end
    if gl.is_number(year) and not title:find(tostring(year), 1, true) then
      ctx:report{ path = "title", message = string.format("标题“%s”中没有报告年度 %d", title, year) }
    end
    if not title:find("年度报告", 1, true) then
      ctx:report{ path = "title", message = string.format("标题“%s”应称“……年度报告”", title) }
    end
  end,
}
