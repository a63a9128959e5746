-- 一、总体情况 and 五、存在的主要问题及改进情况 must say something: the
-- template asks for a summary of the year's work and for the problems and the
-- measures taken (条例 第五十条). A heading followed by nothing, by whitespace
-- only, or by just "无" is empty. Absent sections are left to sections-present.
local gl = require "govlua"
local prose = require "govlua.prose"

local REQUIRED = {
  overview = "应概述本年度政府信息公开工作的总体情况",
  problems = "应写明存在的主要问题和改进措施（《政府信息公开条例》第五十条第（四）项）",
}

-- The checked sections in report order: {key=, label=, why=}
local CHECKED = {}
for _, s in ipairs(gl.sections) do
  if REQUIRED[s.key] then CHECKED[#CHECKED + 1] = { key = s.key, label = s.label, why = REQUIRED[s.key] } end
end

return {
  id = "section-empty",
  severity = "error",
  description = "“一、总体情况”和“五、存在的主要问题及改进情况”不能为空或只写“无”",
  basis = "《政府信息公开条例》第五十条；年度报告格式 一、总体情况，五、存在的主要问题及改进情况",
  check = function(report, ctx)
    local sections = report.sections
    if sections == nil then return end
    for _, s in ipairs(CHECKED) do
      local text, why = sections[s.key], s.why
      if text ~= nil and prose.is_empty(text) then
        local what = prose.normalize(text) == "" and "只有标题，没有内容"
          or string.format("只写了“%s”", prose.normalize(text))
        ctx:report{
          path = "sections." .. s.key,
          message = string.format("“%s”%s，%s", s.label, what, why),
        }
      end
    end
  end,
}
