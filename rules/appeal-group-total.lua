-- 表四: for 行政复议 and both 行政诉讼 groups, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
local gl = require "govlua"

-- The same relation as data, to skip the loop on reports that add up.
local list = {}
for _, g in ipairs(gl.APPEAL_GROUPS) do
  local parts = {}
  for i, p in ipairs(gl.APPEAL_PARTS) do parts[i] = "appeals." .. g .. "." .. p end
  list[#list + 1] = { { "appeals." .. g .. ".total" }, parts }
end
local EQS = gl.equations(list)

return {
  id = "appeal-group-total",
  severity = "error",
  description = "表四每一组（行政复议、未经复议直接起诉、复议后起诉）：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
  basis = "年度报告格式 表四 政府信息公开行政复议、行政诉讼情况",
  check = function(report, ctx)
    local ap = report.appeals
    if not ap then return end
    if gl.sums_hold(report, EQS) then return end
    for _, g in ipairs(gl.APPEAL_GROUPS) do
      local row = ap[g]
      if row and gl.is_number(row.total) then
        local sum, ok = 0, true
        for _, p in ipairs(gl.APPEAL_PARTS) do
          local v = row[p]
          if not gl.is_number(v) then ok = false break end
          sum = sum + v
        end
        if ok and sum ~= row.total then
          local terms = {}
          for i, p in ipairs(gl.APPEAL_PARTS) do terms[i] = { gl.APPEAL_LABEL[p], row[p] } end
          ctx:report{
            path = "appeals." .. g .. ".total",
            message = string.format("表四 %s：总计(%s) ≠ %s = %s，%s",
              gl.APPEAL_GROUP_LABEL[g], gl.show(row.total), gl.terms(terms), gl.show(sum),
              gl.diff(row.total, sum)),
          }
        end
      end
    end
  end,
}
