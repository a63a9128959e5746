-- 表三: in every row, 总计 = 自然人 + the five 法人或其他组织 columns.
local gl = require "govlua"

-- The same relations as data, to skip the loop on reports that add up.
local EQS = {}
for _, ed in ipairs({ "2019", "2021", "any" }) do
  local list = {}
  for _, r in ipairs(gl.rows(ed ~= "any" and ed or nil, "applications")) do
    local parts = {}
    for i, c in ipairs(gl.APPLICANTS) do parts[i] = r.path .. "." .. c end
    list[#list + 1] = { { r.path .. ".total" }, parts }
  end
  EQS[ed] = gl.equations(list)
end

return {
  id = "application-row-total",
  severity = "error",
  description = "表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
  basis = "年度报告格式 表三 申请人情况（总计列）",
  check = function(report, ctx)
    if not report.applications then return end
    if gl.sums_hold(report, EQS[report.edition or "any"]) then return end
    for _, r in ipairs(gl.rows(report.edition, "applications")) do
      local row = gl.row(report, r)
      if row and gl.is_number(row.total) then
        local sum, ok = 0, true
        for _, c in ipairs(gl.APPLICANTS) do
          local v = row[c]
          if not gl.is_number(v) then ok = false break end
          sum = sum + v
        end
        if ok and sum ~= row.total then
          local terms = {}
          for i, c in ipairs(gl.APPLICANTS) do terms[i] = { gl.APPLICANT_LABEL[c], row[c] } end
          ctx:report{
            path = r.path .. ".total",
            message = string.format("表三 %s 行：总计(%s) ≠ %s = %s，%s",
              gl.row_label(r), gl.show(row.total), gl.terms(terms), gl.show(sum),
              gl.diff(row.total, sum)),
          }
        end
      end
    end
  end,
}
