-- Counts stated in the prose of any section ("共收到政府信息公开申请154件，共办结148件，
-- 结转至2026年6件；行政复议36起，行政诉讼9起") should equal the tables: 表三 一、本年新收,
-- 二、上年结转, （一）予以公开, （七）总计, 四、结转下年度 and 表四 行政复议 总计,
-- 行政诉讼 总计 (未经复议直接起诉 + 复议后起诉). Readers quote the prose, so a
-- contradiction misleads even when the table is right (format-spec §8.3 S5).
-- The numbers are found by govlua.prose_counts, which skips anything doubtful; a
-- table cell that is not a number is left to the cell rules.
local gl = require "govlua"
local pc = require "govlua.prose_counts"

-- The number at a path (its parts), or nil: gl.get and gl.is_number, with the
-- path split once.
local function num(report, parts)
  local node = report
  for i = 1, #parts do
    if type(node) ~= "table" then return nil end
    node = node[parts[i]]
  end
  if gl.is_number(node) then return node end
  return nil
end

local function split(path)
  local parts = {}
  for part in path:gmatch("[^.]+") do parts[#parts + 1] = part end
  return parts
end

-- Each quantity: the table side (a cell, or the sum of cells) and whether the
-- prose may mean another value, 本年新收 + 上年结转 ("收到…N件（含上年结转M件）").
local QUANTITIES = {
  { q = "new", paths = { "applications.new.total" }, alt = true },
  { q = "carried_over", paths = { "applications.carried_over.total" } },
  { q = "granted", paths = { "applications.granted.total" } },
  { q = "total", paths = { "applications.total.total" }, alt = true },
  { q = "carried_forward", paths = { "applications.carried_forward.total" } },
  { q = "review", paths = { "appeals.review.total" } },
  { q = "litigation", paths = { "appeals.litigation_direct.total", "appeals.litigation_after_review.total" } },
}
local QBIT = {} -- q -> a bit
for i, qd in ipairs(QUANTITIES) do
  QBIT[qd.q] = 1 << (i - 1)
  qd.parts = {}
  for j, path in ipairs(qd.paths) do qd.parts[j] = split(path) end
end

-- The table side's value, nil when a cell is not a number.
local function table_value(report, qd)
  local sum = 0
  for i = 1, #qd.parts do
    local v = num(report, qd.parts[i])
    if v == nil then return nil end
    if #qd.parts == 1 then return v end
    sum = sum + v
  end
  return sum
end

-- The table side named for a message: "表三 一、本年新收… / 总计（154）", or for a sum
-- "表四 行政诉讼·未经复议直接起诉 / 总计（6）+ 行政诉讼·复议后起诉 / 总计（3）之和（9）".
local function table_text(report, qd)
  local ed = report.edition
  if #qd.paths == 1 then
    return string.format("%s（%s）", gl.describe(qd.paths[1], ed), gl.show(num(report, qd.parts[1])))
  end
  local sum, parts = 0, {}
  for i, p in ipairs(qd.paths) do
    local v = num(report, qd.parts[i])
    sum = sum + v
    local d = gl.describe(p, ed)
    if i > 1 then d = d:gsub("^表四 ", "") end
    parts[i] = string.format("%s（%s）", d, gl.show(v))
  end
  return table.concat(parts, "+ ") .. "之和（" .. gl.show(sum) .. "）"
end

local SECTION_KEYS = {} -- the six sections, in order
for i, sec in ipairs(gl.sections) do SECTION_KEYS[i] = sec.key end

local NEW, CARRIED_OVER = split("applications.new.total"), split("applications.carried_over.total")

-- 本年新收 + 上年结转: what "收到/办理…N件（含上年结转M件）" may count.
local function with_carried(report)
  local n, c = num(report, NEW), num(report, CARRIED_OVER)
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
    -- worked out when a claim needs them (most reports state only a few of the
    -- quantities): sides[q] = the table's value or false; carried = with_carried
    local sides, carried = {}, false
    for s = 1, #SECTION_KEYS do
      local key = SECTION_KEYS[s]
      local text = sections[key]
      if type(text) == "string" and text ~= "" then
        local claims = pc.claims(text, {
          year = year,
          applications_section = key == "applications",
          appeals_section = key == "appeals",
        })
        local named = 0 -- the quantities the claims name (bits of QBIT)
        for j = 1, #claims do named = named | (QBIT[claims[j].q] or 0) end
        for i = 1, #QUANTITIES do
          local qd = QUANTITIES[i]
          if named & QBIT[qd.q] ~= 0 then
            local first, ok = nil, false
            for j = 1, #claims do
              local c = claims[j]
              if c.q == qd.q then
                local expected = sides[qd.q]
                if expected == nil then
                  expected = table_value(report, qd) or false
                  sides[qd.q] = expected
                end
                if not expected then break end -- no number in the table: left to the cell rules
                local alt, sum
                if qd.alt then
                  if carried == false then carried = with_carried(report) end
                  if c.with_carried then alt = carried else sum = carried end
                end
                if c.value == expected or c.value == alt then
                  ok = true -- another number of this kind may be a part ("区公安局收到…")
                  break
                end
                first = first or { claim = c, alt = alt, sum = sum }
              end
            end
            if first and not ok then
              local expected, side = sides[qd.q], table_text(report, qd)
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
                path = "sections." .. key,
                message = string.format("正文“%s”%s与%s不一致%s", c.quote, shown, side, also),
              }
            end
          end
        end
      end
    end
  end,
}
