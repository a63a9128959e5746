-- govlua.units: numbers written with a unit in a table cell ("15万元",
-- "184719元", "3件", "1,234项").  The template puts the unit in the header
-- (本年收费金额（单位：万元）) or implies a count, so a unit in the cell is a
-- presentation defect (format-spec §5.1, §9 "Units", §12 item 14), not a
-- missing number.
--
--   local units = require "govlua.units"
--   units.parse("184719元")            --> 184719, "元"
--   units.interpret("184719元", "money") --> 18.4719, "元", 184719
--   units.interpret("3件", "count")     --> 3, "件", 3

local M = {}

-- Longest first, so that "万元" is not read as "元".
M.UNITS = { "万元", "元", "件", "个", "项", "条" }
-- Which units fit which column kind (gl.rows(...).columns[i].kind).
M.MONEY_UNITS = { ["万元"] = true, ["元"] = true }
M.COUNT_UNITS = { ["件"] = true, ["个"] = true, ["项"] = true, ["条"] = true }

-- Whitespace around and inside the text: ASCII, U+00A0 and U+3000.
local function strip(s)
  s = s:gsub("\194\160", " "):gsub("\227\128\128", " ")
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

local function ends_with(s, suffix)
  return #s > #suffix and s:sub(-#suffix) == suffix
end

-- "1,234.5" / "+12" / "-3" -> the number, or nil.  Thousands separators
-- ("," or "，") must group the integer part by three.
local function number(s)
  s = s:gsub("，", ",")
  local sign, int, frac = s:match("^([+-]?)([%d,]+)(%.?%d*)$")
  if not int or frac == "." then return nil end
  if int:find(",", 1, true) then
    local rest = int:gsub("^%d%d?%d?", "")
    if rest:gsub(",%d%d%d", "") ~= "" then return nil end
    int = int:gsub(",", "")
  end
  local v = tonumber(int .. frac)
  if not v then return nil end
  if sign == "-" then v = -v end
  return v
end

--- parse(text) -> value, unit  when the text is a number followed by one of
-- M.UNITS (spaces allowed around it); nil otherwise.  The value is the
-- number as written (no conversion); integers come back as Lua integers.
function M.parse(text)
  if type(text) ~= "string" then return nil end
  local s = strip(text)
  for _, u in ipairs(M.UNITS) do
    if ends_with(s, u) then
      local v = number(strip(s:sub(1, -#u - 1)))
      if v == nil then return nil end
      return v, u
    end
  end
  return nil
end

local function is_integer(v)
  return v == math.floor(v) and v == v and math.abs(v) ~= math.huge
end

--- interpret(text, kind) -> value, unit, written
-- For a column kind ("count" | "signed" | "money"): the value the text stands
-- for in that column's unit (万元 for money; "184719元" -> 18.4719), the unit
-- written and the number as written.  nil when the text is not a number with
-- a unit, the unit does not fit the column (a 件 in a 万元 column), or the
-- number is not a possible value of the column (a negative or fractional count).
function M.interpret(text, kind)
  local v, u = M.parse(text)
  if v == nil then return nil end
  if kind == "money" then
    if not M.MONEY_UNITS[u] or v < 0 then return nil end
    if u == "元" then
      local w = v / 10000
      return math.tointeger(w) or w, u, v
    end
    return v, u, v
  elseif kind == "count" or kind == "signed" then
    if not M.COUNT_UNITS[u] or not is_integer(v) then return nil end
    if kind == "count" and v < 0 then return nil end
    return math.tointeger(v) or v, u, v
  end
  return nil
end

--- has_unit(text) -> the first unit of M.UNITS found anywhere in the text, or nil
function M.has_unit(text)
  if type(text) ~= "string" then return nil end
  for _, u in ipairs(M.UNITS) do
    if text:find(u, 1, true) then return u end
  end
  return nil
end

return M
