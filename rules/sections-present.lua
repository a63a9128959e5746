-- The six sections 一…六 of the report must all be there (条例 第五十条 lists
-- their content; both template editions print the six headings). A heading
-- without text counts as present (section-empty judges the text); a section
-- absent from the source is reported once, by its printed heading.
-- A report JSON with no "sections" object at all (tables only, e.g. exported
-- from a statistics system) gets one warning instead: the prose was not
-- provided, so whether the report has it cannot be told.
local gl = require "govlua"

-- The six sections in order, copied once: {key=, label=}
local SECTIONS = {}
for i, s in ipairs(gl.sections) do SECTIONS[i] = { key = s.key, label = s.label } end

return {
  id = "sections-present",
  severity = "error",
  description = "年度报告应包含一至六全部六个部分（总体情况、主动公开、依申请公开、复议诉讼、存在的主要问题及改进情况、其他需要报告的事项）",
  basis = "《政府信息公开条例》第五十条；国办公开办函〔2019〕60号、〔2021〕30号 年度报告格式（一至六部分）",
  check = function(report, ctx)
    local sections = report.sections
    if sections == nil then
      ctx:report{
        path = "sections",
        severity = "warning",
        message = "报告中没有正文（sections），无法检查一至六部分是否齐全",
      }
      return
    end
    for _, s in ipairs(SECTIONS) do
      if sections[s.key] == nil then
        ctx:report{
          path = "sections." .. s.key,
          message = string.format("缺少“%s”部分", s.label),
        }
      end
    end
  end,
}
