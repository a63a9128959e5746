-- 2021 edition: 六、其他需要报告的事项 reports the 信息处理费 charged under
-- 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号), including none
-- ("本年度未收取信息处理费"). A section 六 that says nothing about the fee
-- leaves out an item the format asks for (format-spec §4.1, §10). Any mention
-- of 处理费 (信息处理费, 信息公开处理费) or of 收费 / 费用 counts.
local prose = require "govlua.prose"

local WORDS = { "处理费", "收费", "费用" }

return {
  id = "fee-statement",
  severity = "warning",
  description = "2021 版格式：“六、其他需要报告的事项”应说明信息处理费的收取情况（没有收取也应写明）",
  basis = "国办公开办函〔2021〕30号 六、其他需要报告的事项；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
  check = function(report, ctx)
    if report.edition ~= "2021" then return end
    local other = report.sections and report.sections.other
    if type(other) ~= "string" then return end -- absent: sections-present reports it
    -- a word written as it is: found again after normalising (fast path)
    for _, w in ipairs(WORDS) do
      if other:find(w, 1, true) then return end
    end
    local text = prose.normalize(other):gsub(" ", "")
    for _, w in ipairs(WORDS) do
      if text:find(w, 1, true) then return end
    end
    local said = text == "" and "只有标题，没有内容"
      or string.format("写的是“%s”", prose.excerpt(text, 40))
    ctx:report{
      path = "sections.other",
      message = string.format("“六、其他需要报告的事项”%s，没有说明信息处理费的收取情况"
        .. "（按《政府信息公开信息处理费管理办法》收取信息处理费的情况，没有收取也应写明）", said),
    }
  end,
}
