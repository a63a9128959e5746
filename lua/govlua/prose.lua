-- govlua.prose: helpers for rules that read the prose of the six sections.
--
--   local prose = require "govlua.prose"
--   prose.normalize(s)      full-width digits -> ASCII, whitespace runs -> one space
--   prose.is_empty(s)       only whitespace (incl. U+3000, U+00A0), or just "无"
--   prose.sentences(s)      the sentences of s (split at 。！？；!?; and line breaks)
--   prose.years(s, lo, hi)  the years written "YYYY年" in s
--   prose.excerpt(s, n)     s cut to n characters, with "……" when cut
-- Pure Lua (string and utf8 only), with govlua.core's C helpers when they are there.

local M = {}

-- govlua's C helpers when running inside govlua; the pure-Lua code below
-- otherwise (the specs load this module in plain lua5.4).
local has_core, core = pcall(require, "govlua.core")
if not has_core or type(core) ~= "table" or not core.normalize then core = nil end
local squeeze = core and core.squeeze

-- Whitespace as it appears in imported Chinese text.
local SPACES = { "\u{3000}", "\u{A0}", "\u{2002}", "\u{2003}", "\u{2009}", "\u{200B}", "\u{FEFF}" }

--- normalize(s) -> s with full-width digits made ASCII and every run of
-- whitespace (ASCII, U+3000, U+00A0 …) made one ASCII space, trimmed.
function M.normalize(s)
  if type(s) ~= "string" then return "" end
  if core then return core.normalize(s) end
  s = s:gsub("\239\188([\144-\153])", function(b) return string.char(b:byte() - 144 + 48) end)
  for _, sp in ipairs(SPACES) do s = s:gsub(sp, " ") end
  s = s:gsub("%s+", " ")
  return (s:gsub("^ ", ""):gsub(" $", ""))
end

-- Texts that say nothing: "无", "暂无", optionally with a full stop.
local NOTHING = { ["无"] = true, ["暂无"] = true }
-- The longest text without spaces that can still say nothing: the longest
-- word above with "。" and "." after it. Anything longer is not empty.
local NOTHING_MAX = 0
for w in pairs(NOTHING) do NOTHING_MAX = math.max(NOTHING_MAX, #w + #"。" + #".") end

--- is_empty(s) -> true when s is nil, only whitespace, or only "无" / "暂无".
function M.is_empty(s)
  if s == nil then return true end
  local t
  if squeeze and type(s) == "string" then
    -- normalize(s) without the spaces, but stops reading a long section
    -- after its first few characters
    t = squeeze(s, NOTHING_MAX)
    if not t then return false end
  else
    t = M.normalize(s):gsub(" ", "")
  end
  t = t:gsub("。$", ""):gsub("%.$", "")
  return t == "" or NOTHING[t] == true
end

local STOPS = { "。", "！", "？", "；", "!", "?", ";", "\n" }

--- sentences(s) -> array of the non-empty sentences of s, whitespace-normalized,
-- each without its closing punctuation.
function M.sentences(s)
  if type(s) ~= "string" then return {} end
  local marked = s
  if core then
    marked = marked:gsub("\227\128\130", "\1"):gsub("\239\188[\129\159\155]", "\1"):gsub("[!?;\n]", "\1")
  else
    for _, p in ipairs(STOPS) do marked = marked:gsub(p:gsub("%p", "%%%0"), "\1") end
  end
  local out = {}
  for part in marked:gmatch("[^\1]+") do
    local t = M.normalize(part)
    if t ~= "" then out[#out + 1] = t end
  end
  return out
end

--- years(s[, lo, hi]) -> array of {year=, date=bool} for every "YYYY年" in s
-- (after normalize, so "2021 年" and "２０２１年" count), in order. date is true
-- when a month follows ("2022年1月"). lo, hi bound the years (default 1900..2199).
-- Ranges "2021—2025年" / "2021年至2025年" also give {from=, to=} entries with
-- range=true instead of year.
function M.years(s, lo, hi)
  lo, hi = lo or 1900, hi or 2199
  local t = M.normalize(s):gsub("(%d) 年", "%1年")
  local out = {}
  local pos = 1
  while true do
    local a, b, y = t:find("%f[%d](%d%d%d%d)年", pos)
    if not a then break end
    local n = tonumber(y)
    if n >= lo and n <= hi then
      local rest = t:sub(b + 1, b + 8)
      local date = rest:find("^ ?%d%d? ?月") ~= nil
        or rest:find("^[一二三四五六七八九十]+月") ~= nil
      out[#out + 1] = { year = n, date = date }
    end
    pos = b + 1
  end
  -- ranges: 2021-2025年, 2021—2025年, 2021年至2025年, 2021～2025年: only where a
  -- year is followed by a separator and another year (one pass over the years)
  local SEPS = { "——", "-", "~", "—", "–", "－", "～", "至", "到" }
  local pos2 = 1
  while true do
    local a, b, y1 = t:find("%f[%d](%d%d%d%d)", pos2)
    if not a then break end
    local j = b + 1
    if t:sub(j, j + 2) == "年" then j = j + 3 end
    if t:sub(j, j) == " " then j = j + 1 end
    for _, sep in ipairs(SEPS) do
      if t:sub(j, j + #sep - 1) == sep then
        local k = j + #sep
        if t:sub(k, k) == " " then k = k + 1 end
        local y2 = t:match("^(%d%d%d%d)年", k)
        if y2 and not t:find("^%d", k + 4) then
          out[#out + 1] = { range = true, from = tonumber(y1), to = tonumber(y2) }
        end
        break
      end
    end
    pos2 = b + 1
  end
  return out
end

--- excerpt(s, n) -> the first n characters of s, with "……" when cut.
function M.excerpt(s, n)
  n = n or 60
  if type(s) ~= "string" then return "" end
  local len = utf8.len(s)
  if not len or len <= n then return s end
  return s:sub(1, utf8.offset(s, n + 1) - 1) .. "……"
end

return M
