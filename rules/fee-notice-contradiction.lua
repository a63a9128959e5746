-- 2021 edition: 表三 （六）2 counts applications that lapsed because the
-- applicant did not pay within the time set by a 收费通知. If that row's 总计 is
-- above 0, fee notices were issued (this year, or late last year for a carried
-- over application), so section 六 should not say that none were (format-spec
-- §8.3 S6, §10). Only a clause that denies 收费通知 counts (未发出收费通知,
-- 发出收费通知0件, 收费通知：无 …); "未收取信息处理费" alone is no
-- contradiction: the notice may have gone out and the fee never been paid.
local gl = require "govlua"
local prose = require "govlua.prose"

local PATH = "applications.other_handling.unpaid_fee.total"
local NEGATIONS = { "未", "没有", "无", "不存在", "零" }

local function ends_with(s, w) return w == "" or s:sub(-#w) == w end

-- Whether a clause about 收费通知 says that none was issued: a negation before
-- it ("未发出收费通知", "没有出具过收费通知", "无收费通知") or a zero count after
-- it ("发出收费通知0件", "收费通知数为零", "收费通知：无"). "未按收费通知要求缴纳"
-- is the (六)2 case itself, not a denial.
local function denies(clause)
  local i, j = clause:find("收费通知", 1, true)
  if not i then return false end
  local before, after = clause:sub(1, i - 1), clause:sub(j + 1)
  local conditional = false
  for _, w in ipairs({ "按", "按照", "依照", "根据" }) do
    conditional = conditional or ends_with(before, w)
  end
  if not conditional then
    for _, w in ipairs(NEGATIONS) do
      if before:find(w, 1, true) then return true end
    end
  end
  if before:find("%f[%d]0 ?[件份次个张]$") then return true end
  local head = after:gsub("^ ?", ""):gsub("^：", ""):gsub("^:", ""):gsub("^ ?", "")
  return after:find("%f[%d]0 ?[件份次个张]") ~= nil
    or after:find("为 ?0%f[%D]") ~= nil or after:find("为零", 1, true) ~= nil
    or head:find("^无") ~= nil or head:find("^0%f[%D]") ~= nil
end

local function clauses(sentence)
  local out = {}
  local marked = sentence:gsub("，", "\1"):gsub("、", "\1"):gsub(",", "\1")
  for c in marked:gmatch("[^\1]+") do out[#out + 1] = c end
  return out
end

return {
  id = "fee-notice-contradiction",
  severity = "warning",
  description = "2021 版格式：表三（六）2“逾期未按收费通知要求缴纳费用”大于 0 时，“六、其他需要报告的事项”不应说没有发出收费通知",
  basis = "国办公开办函〔2021〕30号 表三（六）2、六、其他需要报告的事项；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
  check = function(report, ctx)
    if report.edition ~= "2021" then return end
    local other = report.sections and report.sections.other
    if type(other) ~= "string" then return end
    -- no clause can deny a 收费通知 that the text does not name (splitting
    -- and normalising do not make the word where it was not)
    if not other:find("收费通知", 1, true) then return end
    local n = gl.get(report, PATH)
    if not (gl.is_number(n) and n > 0) then return end
    for _, s in ipairs(prose.sentences(other)) do
      for _, c in ipairs(clauses(s)) do
        if denies(c) then
          ctx:report{
            path = PATH,
            message = string.format("表三 （六）2.申请人逾期未按收费通知要求缴纳费用 总计为 %s，"
              .. "说明发出过收费通知，但“六、其他需要报告的事项”写道：“%s”", gl.show(n), prose.excerpt(s, 80)),
          }
          return
        end
      end
    end
  end,
}
