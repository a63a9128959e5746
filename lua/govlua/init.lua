-- govlua: the library that rules and formats use.
--
--   local gl = require "govlua"
--
-- Cells in the report view are one of
--   a number            the value (integers are Lua integers)
--   gl.BLANK            the cell exists but is empty (JSON null)
--   a string            text that is not a number ("—", "无", "/")
--   nil                 the cell (or its row) is missing from the report
-- gl.kind(v) names these: "number", "blank", "text", "missing".

local core = require "govlua.core"

local M = {}

M.BLANK = core.blank
M.version = core.version
M.schema = core.schema       -- every row of both editions, in template order
M.sections = core.sections   -- { {key=, label=}, ... } in order

-- The six applicant columns that add up to `total` (法人或其他组织 = the middle five).
M.APPLICANTS = { "natural", "commercial", "research", "nonprofit", "legal", "other_org" }
-- All seven applicant columns.
M.APPLICANT_COLUMNS = { "natural", "commercial", "research", "nonprofit", "legal", "other_org", "total" }
-- The four result columns of an appeals group.
M.APPEAL_PARTS = { "upheld", "corrected", "other", "pending" }
M.APPEAL_GROUPS = { "review", "litigation_direct", "litigation_after_review" }
M.TABLES = { "active", "applications", "appeals" }

--- kind(v) -> "number" | "blank" | "text" | "missing" | "invalid"
function M.kind(v)
  local t = type(v)
  if t == "number" then return "number" end
  if v == nil then return "missing" end
  if v == M.BLANK then return "blank" end
  if t == "string" then return "text" end
  return "invalid"
end

function M.is_number(v) return type(v) == "number" end
function M.is_blank(v) return v == M.BLANK end

--- get(report, "applications.total.nonprofit") -> the value, or nil if any part is missing
function M.get(report, path)
  local node = report
  for part in path:gmatch("[^.]+") do
    if type(node) ~= "table" then return nil end
    node = node[part]
  end
  return node
end

--- describe(path, edition) -> "表三 （七）总计 / 社会公益组织" (nil for unknown paths)
local describe_cache = {}
function M.describe(path, edition)
  local key = path .. "\0" .. tostring(edition)
  local d = describe_cache[key]
  if d == nil then
    d = core.describe(path, edition) or false
    describe_cache[key] = d
  end
  return d or nil
end

local function has_edition(entry, edition)
  if not edition then return true end
  return entry.editions[edition] == true
end

--- rows(edition, table) -> array of schema rows of that edition (and table, if given).
-- Each row: {table=, group=, key=, path=, label=, group_label=, columns={...}}
-- with the labels of that edition; columns are those of the edition.
local row_cache = {}
function M.rows(edition, tbl)
  local ck = tostring(edition) .. "/" .. tostring(tbl)
  if row_cache[ck] then return row_cache[ck] end
  local out = {}
  for _, r in ipairs(core.schema) do
    if has_edition(r, edition) and (tbl == nil or r.table == tbl) then
      local cols = {}
      for _, c in ipairs(r.columns) do
        if has_edition(c, edition) then
          cols[#cols + 1] = {
            key = c.key, kind = c.kind,
            label = (edition == "2021" and c.label2021) or c.label,
            path = r.path .. "." .. c.key,   -- the cell's full path
          }
        end
      end
      out[#out + 1] = {
        table = r.table, group = r.group, key = r.key, path = r.path,
        label = (edition == "2021" and r.label2021) or r.label,
        group_label = r.group_label, columns = cols,
      }
    end
  end
  row_cache[ck] = out
  return out
end

--- row(report, schema_row) -> the report's row table for a schema row, or nil
function M.row(report, r)
  local t = report[r.table]
  if t == nil then return nil end
  if r.group then
    local g = t[r.group]
    if type(g) ~= "table" then return nil end
    return g[r.key]
  end
  return t[r.key]
end

--- The result rows of 表三 whose sum is （七）总计, for an edition.
local result_cache = {}
function M.result_rows(edition)
  local ck = tostring(edition)
  if result_cache[ck] then return result_cache[ck] end
  local out = {}
  for _, r in ipairs(M.rows(edition, "applications")) do
    local k = r.key
    if k ~= "new" and k ~= "carried_over" and k ~= "total" and k ~= "carried_forward" then
      out[#out + 1] = r
    end
  end
  result_cache[ck] = out
  return out
end

local APPLICANT_LABEL = {
  natural = "自然人", commercial = "商业企业", research = "科研机构", nonprofit = "社会公益组织",
  legal = "法律服务机构", other_org = "其他", total = "总计",
}
local APPEAL_LABEL = {
  upheld = "结果维持", corrected = "结果纠正", other = "其他结果", pending = "尚未审结", total = "总计",
}
local GROUP_LABEL = {
  review = "行政复议", litigation_direct = "行政诉讼（未经复议直接起诉）",
  litigation_after_review = "行政诉讼（复议后起诉）",
}
M.APPLICANT_LABEL = APPLICANT_LABEL
M.APPEAL_LABEL = APPEAL_LABEL
M.APPEAL_GROUP_LABEL = GROUP_LABEL

--- Short row label for messages: "（三）1.属于国家秘密", "一、本年新收政府信息公开申请数量"
function M.row_label(r)
  if r.group_label then
    return r.group_label:match("^（.-）") .. r.label
  end
  return r.label
end

--- show(v) -> how a cell value reads in a message
function M.show(v)
  local k = M.kind(v)
  if k == "number" then
    if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2^53 then
      return string.format("%d", v)
    end
    return tostring(v)
  end
  if k == "blank" then return "空白" end
  if k == "text" then return "“" .. v .. "”" end
  if k == "missing" then return "缺失" end
  return "无效值"
end

--- all_numbers(...) -> true if every argument is a number
function M.all_numbers(...)
  for i = 1, select("#", ...) do
    if type((select(i, ...))) ~= "number" then return false end
  end
  return true
end

--- terms(list) -> "a(1) + b(2)" from { {label, value}, ... }
function M.terms(list)
  local parts = {}
  for i, t in ipairs(list) do parts[i] = t[1] .. "(" .. M.show(t[2]) .. ")" end
  return table.concat(parts, " + ")
end

-- The same two in C (core_text.c): a finding's message is built from many
-- of these, and each small Lua string costs an allocation and each number a
-- snprintf.  The Lua ones stay for reading and for the specs (M._impl).
M._impl = { show = M.show, terms = M.terms }
if core.show then M.show = core.show end
if core.terms then M.terms = core.terms end

--- diff(a, b) -> "相差 N" text for two sums
function M.diff(a, b)
  return "相差 " .. M.show(math.abs(a - b))
end

--- count(report, what, edition) -> how many cells of the report are `what`:
-- "number", "blank", "text", "missing" (cells absent from a row that is there),
-- "missing_rows" (rows absent from a table that is there), "unusual" (numbers
-- outside their column's kind: negative or fractional counts, negative amounts,
-- anything not finite), "sourced" (numbers with source text), among the cells of edition ("2019", "2021"; nil = either edition).
-- nil when the answer is not known (report is not govlua's report view): then
-- look at the cells yourself.  Counted in C when the report is loaded, so a
-- rule can skip its loop over the ~230 cells when there is nothing to find:
--   if gl.count(report, "blank", report.edition) == 0 then return end
M.count = core.count

--- equations{ {lhs, rhs}, ... } -> compiled equations for sums_hold (lhs and rhs:
-- arrays of cell paths; each equation says sum(lhs) == sum(rhs)).  Compile once,
-- when the rule file loads.
M.equations = core.equations

--- sums_hold(report, eqs) -> true when every equation either has a term that is
-- not a number or holds (integers only); false when one may fail.  A rule calls
-- it to skip its own loop on a report that adds up, and keeps the loop (which
-- writes the message) for the rest:
--   if gl.sums_hold(report, EQS) then return end
M.sums_hold = core.sums_hold

--- Whether a value is an acceptable count: a non-negative integer.
function M.is_count(v)
  return type(v) == "number" and v >= 0 and v == math.floor(v)
end

return M
