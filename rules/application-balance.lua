-- 表三 relation printed in the template (本列数据的勾稽关系):
-- 第一项加第二项之和，等于第三项加第四项之和, for every applicant column.
local gl = require "govlua"

-- The same relation as data, to skip the loop on reports that add up.
local list = {}
for _, c in ipairs(gl.APPLICANT_COLUMNS) do
  list[#list + 1] = { { "applications.new." .. c, "applications.carried_over." .. c },
    { "applications.total." .. c, "applications.carried_forward." .. c } }
end
local EQS = gl.equations(list)

return {
  id = "application-balance",
  severity = "error",
  description = "表三每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度",
  basis = "国办公开办函〔2019〕60号、〔2021〕30号 表三勾稽关系（第一项加第二项之和，等于第三项加第四项之和）",
  check = function(report, ctx)
    local a = report.applications
    if not a then return end
    local new, prev, total, fwd = a.new, a.carried_over, a.total, a.carried_forward
    if not (new and prev and total and fwd) then return end
    if gl.sums_hold(report, EQS) then return end
    for _, c in ipairs(gl.APPLICANT_COLUMNS) do
      local n, p, t, f = new[c], prev[c], total[c], fwd[c]
      -- blank, text or missing cells are reported by the cell rules
      if gl.all_numbers(n, p, t, f) and n + p ~= t + f then
        ctx:report{
          path = "applications.carried_forward." .. c,
          message = string.format("表三 %s 列：本年新收(%s) + 上年结转(%s) ≠ 办理结果总计(%s) + 结转下年度(%s)，%s",
            gl.APPLICANT_LABEL[c], gl.show(n), gl.show(p), gl.show(t), gl.show(f),
            gl.diff(n + p, t + f)),
        }
      end
    end
  end,
}
