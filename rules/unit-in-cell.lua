-- Units written in table cells ("15万元", "184719元", "3件").  The unit
-- belongs in the header (本年收费金额（单位：万元）) or is implied (counts), so
-- the cell should hold the bare number; a value in 元 in a 万元 column is
-- off by a factor of 10000 if read as written.  We say how the cell was read:
--   (a) a text cell that is a number with a fitting unit (the cell rules leave
--       it alone: it is not a placeholder), and
--   (b) a number cell whose source text (report.source.text) had a unit.
local gl = require "govlua"
local units = require "govlua.units"

local ADVICE = "（单位应写在表头，单元格只填数字）"

-- "184719 元 = 18.4719 万元，" when the unit was converted, "" otherwise.
local function conversion(written, unit, value)
  if unit == "元" then
    return string.format("%s 元 = %s 万元，", gl.show(written), gl.show(value))
  end
  return ""
end

-- How a value reads in its column, followed by the space of the sentence:
-- "15 万元" for money, "3 " for counts (按 15 万元理解, 按 3 理解).
local function amount(value, kind)
  if kind == "money" then return gl.show(value) .. " 万元" end
  return gl.show(value) .. " "
end

return {
  id = "unit-in-cell",
  severity = "warning",
  description = "单元格中写了单位（如“15万元”“184719元”“3件”），单位应在表头，单元格只填数字",
  basis = "年度报告格式 表二（本年收费金额（单位：万元））",
  check = function(report, ctx)
    local ed = report.edition
    if gl.count(report, "text", ed) == 0 and gl.count(report, "sourced", ed) == 0 then return end
    local src = report.source and report.source.text
    for _, r in ipairs(gl.rows(ed)) do
      local row = gl.row(report, r)
      if row then
        for _, c in ipairs(r.columns) do
          local v = row[c.key]
          local path = c.path
          local text = src and src[path]
          local loc = (type(v) == "string" or text) and (gl.describe(path, ed) or path)
          if type(v) == "string" then
            local value, unit, written = units.interpret(v, c.kind)
            if value ~= nil then
              ctx:report{
                path = path,
                message = string.format("%s 填写了“%s”，%s按 %s理解%s", loc, v,
                  conversion(written, unit, value), amount(value, c.kind), ADVICE),
              }
            end
          elseif gl.is_number(v) and type(text) == "string" then
            local value, unit, written = units.interpret(text, c.kind)
            if value ~= nil and unit == "元" and math.abs(value - v) > 1e-9 * math.max(1, math.abs(v)) then
              -- the 元 were not converted: the table now says v 万元
              ctx:report{
                path = path,
                message = string.format("%s 原文写作“%s”，已按 %s处理；但 %s 元 = %s 万元，请核对单位",
                  loc, text, amount(v, c.kind), gl.show(written), gl.show(value)),
              }
            elseif value ~= nil then
              ctx:report{
                path = path,
                message = string.format("%s 原文写作“%s”，%s已按 %s处理%s", loc, text,
                  conversion(written, unit, v), amount(v, c.kind), ADVICE),
              }
            elseif units.has_unit(text) then
              ctx:report{
                path = path,
                message = string.format("%s 原文写作“%s”，已按 %s处理%s", loc, text,
                  amount(v, c.kind), ADVICE),
              }
            end
          end
        end
      end
    end
  end,
}
