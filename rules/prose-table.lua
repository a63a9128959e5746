-- Counts stated in the prose of any section ("共收到政府信息公开申请154件，共办结148件，
-- 结转至2026年6件；行政复议36起，行政诉讼9起") should equal the tables: 表三 一、本年新收,
-- 二、上年结转, （一）予以公开, （七）总计, 四、结转下年度 and 表四 行政复议 总计,
-- 行政诉讼 总计 (未经复议直接起诉 + 复议后起诉). Readers quote the prose, so a
-- contradiction misleads even when the table is right (format-spec §8.3 S5).
-- The numbers are found by govlua.prose_counts, which skips anything doubtful; a
-- table cell that is not a number is left to the cell rules.
local gl = require "govlua"
local pc = require "govlua.prose_counts"

local function num(report, path)
  local v = gl.get(report, path)
  if gl.is_number(v) then return v end
  return nil
end

-- Each quantity: the table side as { value, text naming it } or nil, and an
-- alternative value that the prose may mean ("收到…N件（含上年结转M件）").
local QUANTITIES = {
  { q = "new", path = "applications.new.total", alt = true },
  { q = "carried_over", path = "applications.carried_over.total" },
  { q = "granted", path = "applications.granted.total" },
  { q = "total", path = "applications.total.total", alt = true },
  { q = "carried_forward", path = "applications.carried_forward.total" },
  { q = "review", path = "appeals.review.total" },
  { q = "litigation", paths = { "appeals.litigation_direct.total", "appeals.litigation_after_review.total" } },
}

local function table_side(report, qd)
  local ed = report.edition
  if qd.path then
    local v = num(report, qd.path)
    if v == nil then return nil end
    return v, string.format("%s（%s）", gl.describe(qd.path, ed), gl.show(v))
  end
  local sum, parts = 0, {}
  for i, p in ipairs(qd.paths) do
    local v = num(report, p)
    if v == nil then return nil end
    sum = sum + v
    local d = gl.describe(p, ed)
    if i > 1 then d = d:gsub("^表四 ", "") end
    parts[i] = string.format("%s（%s）", d, gl.show(v))
  end
  -- 表四 行政诉讼·未经复议直接起诉 / 总计（6）+ 行政诉讼·复议后起诉 / 总计（3）之和（9）
  return sum, table.concat(parts, "+ ") .. "之和（" .. gl.show(sum) .. "）"
end

-- 本年新收 + 上年结转: what "收到/办理…N件（含上年结转M件）" may count.
local function with_carried(report)
  local n, c = num(report, "applications.new.total"), num(report, "applications.carried_over.total")
  if n and c then return n + c end
  return nil
end

return {
  id = "prose-table",
  severity = "warning",
  description = "正文所述数字（收到/办结/结转申请数、予以公开数、行政复议和行政诉讼数）应与表三、表四一致",
  basis = "《政府信息公开条例》第五十条（正文中的数字应与表格一致）",
  check = function(report, ctx)
    local sections = report.sections
    if type(sections) ~= "table" then return end
    local year = math.type(report.year) == "integer" and report.year or nil
    for _, sec in ipairs(gl.sections) do
      local text = sections[sec.key]
      if type(text) == "string" and text ~= "" then
        local claims = pc.claims(text, {
          year = year,
          applications_section = sec.key == "applications",
          appeals_section = sec.key == "appeals",
        })
        for _, qd in ipairs(QUANTITIES) do
          local expected, side = table_side(report, qd)
          if expected then
            local first, ok = nil, false
            for _, c in ipairs(claims) do
              if c.q == qd.q then
                local alt = qd.alt and c.with_carried and with_carried(report) or nil
                local sum = qd.alt and not c.with_carried and with_carried(report) or nil
                if c.value == expected or c.value == alt then
                  ok = true -- another number of this kind may be a part ("区公安局收到…")
                  break
                end
                first = first or { claim = c, alt = alt, sum = sum }
              end
            end
            if first and not ok then
              local c = first.claim
              local shown = (c.chinese or c.zero) and string.format("（即 %s）", gl.show(c.value)) or ""
              local also = ""
              if first.alt and first.alt ~= expected then
                also = string.format("，也不等于本年新收与上年结转之和（%s）", gl.show(first.alt))
              elseif first.sum and first.sum == c.value then
                -- "收到…75件" = 74 new + 1 carried over, without saying so
                also = string.format("；%s 是本年新收与上年结转之和，正文未说明含上年结转", gl.show(c.value))
              end
              ctx:report{
                path = "sections." .. sec.key,
                message = string.format("正文“%s”%s与%s不一致%s", c.quote, shown, side, also),
              }
            end
          end
        end
      end
    end
  end,
}
