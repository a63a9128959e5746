-- Every number must be a possible value of its column: counts are
-- non-negative integers; the 2019 本年增/减 is any integer; amounts in 万元
-- are non-negative (decimals allowed).  format-spec §8.2 H5.
-- Only number cells: blank, text and missing cells have their own rules.
local gl = require "govlua"

local EXPECTED = {
  count = "应为非负整数",
  signed = "应为整数（减少用负数）",
  money = "应为非负数（单位：万元）",
}

local function fits(v, kind)
  if v ~= v or v == math.huge or v == -math.huge then return false end
  local integral = v == math.floor(v)
  if kind == "count" then return integral and v >= 0 end
  if kind == "signed" then return integral end
  if kind == "money" then return v >= 0 end
  return true
end

return {
  id = "value-domain",
  severity = "error",
  description = "数值超出该栏的取值范围（件数为非负整数，本年增/减为整数，金额为非负数）",
  basis = "年度报告格式 表二至表四 各栏含义",
  check = function(report, ctx)
    if gl.count(report, "unusual", report.edition) == 0 then return end
    for _, r in ipairs(gl.rows(report.edition)) do
      local row = gl.row(report, r)
      if row then
        for _, c in ipairs(r.columns) do
          local v = row[c.key]
          if gl.is_number(v) and not fits(v, c.kind) then
            local path = r.path .. "." .. c.key
            ctx:report{
              path = path,
              message = string.format("%s 为 %s，%s", gl.describe(path, report.edition) or path,
                gl.show(v), EXPECTED[c.kind] or "取值无效"),
            }
          end
        end
      end
    end
  end,
}
