-- 表三: （七）总计 is the sum of every result row (（一）…（六）), per column.
-- Edition-aware: （六）其他处理 is one row in 2019 and three sub-rows in 2021.
local gl = require "govlua"

-- The same relation as data, to skip the loop on reports that add up.
local EQS = {}
for _, ed in ipairs({ "2019", "2021" }) do
  local list = {}
  for _, c in ipairs(gl.APPLICANT_COLUMNS) do
    local parts = {}
    for _, r in ipairs(gl.result_rows(ed)) do parts[#parts + 1] = r.path .. "." .. c end
    list[#list + 1] = { { "applications.total." .. c }, parts }
  end
  EQS[ed] = gl.equations(list)
end

return {
  id = "application-results-sum",
  severity = "error",
  description = "表三每一列：（七）总计 = （一）至（六）各项办理结果之和",
  basis = "年度报告格式 表三 三、本年度办理结果（每件申请只计一种结果）",
  check = function(report, ctx)
    local a = report.applications
    if not (a and a.total and report.edition) then return end
    if gl.sums_hold(report, EQS[report.edition]) then return end
    local rows = gl.result_rows(report.edition)
    for _, c in ipairs(gl.APPLICANT_COLUMNS) do
      local total = a.total[c]
      if gl.is_number(total) then
        local sum, ok = 0, true
        for _, r in ipairs(rows) do
          local row = gl.row(report, r)
          local v = row and row[c]
          if not gl.is_number(v) then ok = false break end
          sum = sum + v
        end
        if ok and sum ~= total then
          local nonzero = {}
          for _, r in ipairs(rows) do
            local v = gl.row(report, r)[c]
            if v ~= 0 then nonzero[#nonzero + 1] = { gl.row_label(r), v } end
          end
          local detail = #nonzero > 0 and (" = " .. gl.terms(nonzero)) or ""
          ctx:report{
            path = "applications.total." .. c,
            message = string.format("表三 %s 列：（七）总计(%s) ≠ 各项办理结果之和(%s)%s，%s",
              gl.APPLICANT_LABEL[c], gl.show(total), gl.show(sum), detail, gl.diff(total, sum)),
          }
        end
      end
    end
  end,
}
