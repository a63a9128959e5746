-- The template edition must be the one for the report year (format-spec §3):
-- 2019 and 2020 reports use the 2019 format (国办公开办函〔2019〕60号), reports
-- for 2021 and later the 2021 format (国办公开办函〔2021〕30号); years before
-- 2019 predate both. The tables must also agree with the declared edition: a
-- cell that exists only in the other edition (2019: 政府集中采购, 本年新制作数量,
-- the single （六）其他处理 row …; 2021: 本年制发件数, the three （六） sub-rows …)
-- shows that the tables were filled in on the other template. Edition-only cells
-- are found from the schema (each row and column lists its editions).
local gl = require "govlua"
local prose = require "govlua.prose"

local DOC = { ["2019"] = "国办公开办函〔2019〕60号", ["2021"] = "国办公开办函〔2021〕30号" }
local OTHER = { ["2019"] = "2021", ["2021"] = "2019" }
local MAX_LISTED = 6

local function expected(year)
  if year >= 2021 then return "2021" end
  if year >= 2019 then return "2019" end
  return nil
end

local function format_name(ed)
  return string.format("%s 版格式（%s）", ed, DOC[ed])
end

-- For each declared edition ed: the schema rows that have cells of the other
-- edition but not of ed, in schema order, as {row=, cols=, keys=} with just
-- those columns (keys: their keys). Rows without such cells can never be
-- listed, so they are left out.
local FOREIGN = {}
for ed, other in pairs(OTHER) do
  local list = {}
  for _, r in ipairs(gl.schema) do
    if r.editions[other] then
      local cols = {}
      for _, c in ipairs(r.columns) do
        if c.editions[other] and (not r.editions[ed] or not c.editions[ed]) then cols[#cols + 1] = c end
      end
      if #cols > 0 then
        local keys = {}
        for i, c in ipairs(cols) do keys[i] = c.key end
        -- plain copies of what is read for every report
        list[#list + 1] = { row = r, cols = cols, keys = keys, tbl = r.table, group = r.group, key = r.key }
      end
    end
  end
  FOREIGN[ed] = list
end

-- The rows of the report that hold cells of `other` but not of `ed`:
-- array of "表二 规章（本年新制作数量、本年新公开数量）".
local NONE = {} -- (never changed)
local function foreign_cells(report, ed, other)
  local found
  local list = FOREIGN[ed]
  for i = 1, #list do
    local f = list[i]
    local row = report[f.tbl] -- gl.row(report, f.row), inlined
    if row ~= nil then
      if f.group then
        row = row[f.group]
        row = type(row) == "table" and row[f.key] or nil
      else
        row = row[f.key]
      end
    end
    if type(row) == "table" then
      local cols, all = nil, true
      local keys = f.keys
      for k = 1, #keys do
        if row[keys[k]] ~= nil then
          local c = f.cols[k]
          cols = cols or {}
          cols[#cols + 1] = (other == "2021" and c.label2021) or c.label
        else
          all = false
        end
      end
      local r = f.row
      if cols then
        local label
        if r.group then -- the long sub-row labels of 表三, shortened
          local rl = (other == "2021" and r.label2021) or r.label
          label = (gl.describe("applications." .. r.group, other) or r.group) .. " " .. prose.excerpt(rl, 10)
        else
          label = gl.describe(r.path, other) or r.path
        end
        if not (all and not r.editions[ed]) then
          label = label .. "（" .. table.concat(cols, "、") .. "）"
        end
        found = found or {}
        found[#found + 1] = label
      end
    end
  end
  return found or NONE
end

-- Whether the report surely has no cell that belongs only to the other
-- edition (the usual case), told from govlua's per-report cell counts:
-- the cells shown in either edition minus those of the declared one. false
-- when the counts cannot tell (gl.count gives nil): then look at the rows.
local SHOWN = { "number", "blank", "text" } -- the states of a cell that is there
local function surely_none(report, ed)
  local count = gl.count
  if not count then return false end
  local n = 0
  for i = 1, #SHOWN do
    local all, own = count(report, SHOWN[i]), count(report, SHOWN[i], ed)
    if not all or not own then return false end
    n = n + (all - own)
  end
  return n == 0
end

return {
  id = "edition-year",
  severity = "error",
  description = "模板版本应与报告年度相符（2019、2020 年度用 2019 版格式，2021 年度起用 2021 版格式），表格栏目也应与所声明的版本一致",
  basis = "国办公开办函〔2019〕60号；国办公开办函〔2021〕30号（适用于 2021 年度起的报告）",
  check = function(report, ctx)
    local ed, year = report.edition, report.year
    if not DOC[ed] then return end -- missing or unknown: the loader reports it
    local other = OTHER[ed]
    local want = math.type(year) == "integer" and expected(year) or nil

    if math.type(year) == "integer" and not want then
      ctx:report{
        path = "year",
        severity = "warning",
        message = string.format("报告年度 %d 早于两版年度报告格式（2019 版格式自 2019 年度报告起使用），"
          .. "按 %s所做的检查可能不适用", year, format_name(ed)),
      }
    end

    local found = surely_none(report, ed) and NONE or foreign_cells(report, ed, other)
    if #found > 0 then
      local n = #found
      local listed = {}
      for i = 1, math.min(n, MAX_LISTED) do listed[i] = found[i] end
      local list = table.concat(listed, "、") .. (n > MAX_LISTED and string.format(" 等 %d 处", n) or "")
      local hint = ""
      if want then
        hint = string.format("；%d 年度报告应使用 %s", year, format_name(want))
      end
      ctx:report{
        path = "edition",
        message = string.format("报告声明使用 %s 版格式，但表格中有只属于 %s 版格式的栏目：%s%s",
          ed, other, list, hint),
      }
    elseif want and want ~= ed then
      ctx:report{
        path = "edition",
        message = string.format("%d 年度报告使用了 %s，应使用 %s", year, format_name(ed), format_name(want)),
      }
    end
  end,
}
