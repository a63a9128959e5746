-- govlua.agency: what an agency's name says about its administrative level.
--
--   local agency = require "govlua.agency"
--   local level, reason = agency.level("乡宁县审计局")
--   --> "county", "机关名称“乡宁县审计局”含“县”，推断为县级机关"
--
-- Only the two lowest levels are told apart: "township" (乡、镇、街道、苏木) and
-- "county" (县、自治县、旗、市辖区). Anything else gives nil: a 市 may be a
-- 设区的市 or a 县级市, which the name cannot tell, and special zones
-- (新区、开发区、高新区 …) have no fixed level. Callers must treat nil as "unknown".
--
-- The name is read as a chain of administrative units, each a name followed by
-- a unit word (省 市 县 区 旗 乡 镇 街道 …): "山西省临汾市乡宁县审计局" is
-- 山西省 / 临汾市 / 乡宁县 / 审计局. The lowest unit found gives the level. Three
-- precautions keep department words and place names from being read as units:
--   * a unit word needs at least one character of name before it, so 乡宁县 and
--     镇江市 start with a name character, not a unit;
--   * a unit word directly followed by another one belongs to the name
--     (景德镇市, 安乡县, 红旗街道), unless the second is of a lower level and a
--     unit word follows later: then the first ends a unit and the second starts
--     the next name (临汾市 / 乡宁县, 江苏省 / 镇江市);
--   * the name of an organisation also ends a unit name: after 局 厅 署 委 办 院 所
--     站 队 or 中心, and after the prefix 中共, a new name starts
--     ("国家税务总局乡宁县税务局" is 国家税务总局 / 乡宁县 / 税务局, not a 乡);
--   * common words that contain a unit character are read as plain text
--     (城乡, 乡村振兴, 乡镇, 城镇, 社区, 园区, 市场, 县域 …), and special zones
--     (开发区, 新区, 实验区 …) are skipped. Such a word still ends a unit when the
--     name goes on with 人民政府/政府/办事处 or ends there (潭城镇人民政府,
--     神农架林区人民政府).
-- Pure Lua (string and utf8 only), so it also loads outside govlua. The
-- dictionary is indexed by first character and the name is read in one pass.

local M = {}

local LEVEL_RANK = { township = 1, county = 2, city = 3, province = 4 }
local LEVEL_NAME = { township = "乡镇级", county = "县级" }

-- Unit words and the level of the unit they end.
local UNITS = {
  ["特别行政区"] = "province", ["自治区"] = "province", ["省"] = "province",
  ["自治州"] = "city", ["地区"] = "city", ["盟"] = "city", ["市"] = "city",
  ["自治县"] = "county", ["自治旗"] = "county", ["县"] = "county", ["旗"] = "county",
  ["区"] = "county",
  ["民族乡"] = "township", ["民族苏木"] = "township", ["乡"] = "township", ["镇"] = "township",
  ["街道"] = "township", ["苏木"] = "township",
}

-- Special zones: no fixed administrative level.
local SPECIAL = {
  "新区", "开发区", "高新区", "实验区", "试验区", "示范区", "保税区", "自贸区", "合作区",
  "功能区", "经济区", "管理区", "保护区", "风景区", "名胜区", "旅游区", "度假区",
  "工业区", "产业区", "商务区", "综合区",
}

-- Organisation words: what follows them starts a new name.
local RESET = { "局", "厅", "署", "委", "办", "院", "所", "站", "队", "中心", "中共" }

-- Words that contain a unit character but are not units.
local PLAIN = {
  -- 乡 / 镇
  "城乡", "乡村", "乡镇", "城镇", "村镇", "集镇", "重镇", "家乡", "返乡", "下乡", "老乡",
  -- 县
  "县域", "县级", "郡县",
  -- 市 (so that 县 in "县市场监督管理局" is not read as part of a name "…县市")
  "市场", "城市",
  -- 区 (矿区、林区 are also names of a few real districts; read as plain text
  -- they give "unknown", the conservative answer)
  "社区", "园区", "景区", "辖区", "矿区", "林区", "垦区", "牧区", "山区",
  "库区", "灾区", "小区", "街区", "校区", "片区", "港区", "学区", "选区", "营区", "区域",
  "区划", "特区", "行政区", "区间",
  -- 旗
  "国旗", "党旗", "旗帜", "旗舰",
}

-- After these (or at the end of the name) a word ending in a unit character is a unit.
local GOVERNMENT = { "人民政府", "政府", "办事处", "党委", "人大" }

-- The characters of a valid UTF-8 string, one by one.
local CHAR = utf8.charpattern
local CHAR_AT = "()(" .. CHAR .. ")" -- a character and where it starts

local function chars_of(s)
  local out, n = {}, 0
  for c in s:gmatch(CHAR) do n = n + 1; out[n] = c end
  return out
end

-- The dictionary as {chars, kind, level}, longest words first.
local WORDS = {}
for w, lv in pairs(UNITS) do WORDS[#WORDS + 1] = { w = w, kind = "unit", level = lv } end
for _, w in ipairs(SPECIAL) do WORDS[#WORDS + 1] = { w = w, kind = "special" } end
for _, w in ipairs(PLAIN) do WORDS[#WORDS + 1] = { w = w, kind = "plain" } end
for _, w in ipairs(RESET) do WORDS[#WORDS + 1] = { w = w, kind = "reset" } end
for _, e in ipairs(WORDS) do
  e.chars = chars_of(e.w)
  e.unit_end = e.kind == "plain" and UNITS[e.chars[#e.chars]] ~= nil
end
table.sort(WORDS, function(a, b)
  if #a.chars ~= #b.chars then return #a.chars > #b.chars end
  return a.w < b.w
end)

-- The words by their first character, each list in the order of WORDS: at a
-- position only the words that start with its character are tried.
local function by_first(list)
  local index = {}
  for _, e in ipairs(list) do
    local c = e.chars[1]
    index[c] = index[c] or {}
    index[c][#index[c] + 1] = e
  end
  return index
end
local WORDS_AT = by_first(WORDS)
for i, w in ipairs(GOVERNMENT) do GOVERNMENT[i] = { w = w, chars = chars_of(w) } end
local GOVERNMENT_AT = by_first(GOVERNMENT)

-- Characters of which a name must have one to hold a county- or
-- township-level unit (the last character of each such unit word).
local LOW_CHARS = {}
do
  local seen = {}
  for w, lv in pairs(UNITS) do
    if LEVEL_NAME[lv] then
      local cs = chars_of(w)
      local c = cs[#cs]
      if not seen[c] then seen[c] = true; LOW_CHARS[#LOW_CHARS + 1] = c end
    end
  end
  table.sort(LOW_CHARS)
end

-- Byte length of the UTF-8 character that starts with byte b.
local function char_len(b)
  if b < 0xC0 then return 1 elseif b < 0xE0 then return 2 elseif b < 0xF0 then return 3 end
  return 4
end

-- Whether the name s (n bytes) ends at byte i or goes on with a government word there.
local function government_at(s, n, i)
  if i > n then return true end
  local list = GOVERNMENT_AT[s:sub(i, i + char_len(s:byte(i)) - 1)]
  if list then
    for k = 1, #list do
      local w = list[k].w
      if s:sub(i, i + #w - 1) == w then return true end
    end
  end
  return false
end

-- The dictionary entry of the word at byte i of s (n bytes), whose first
-- character is c; nil if none.
local function word_at(s, n, i, c)
  local list = WORDS_AT[c]
  if not list then return nil end
  for k = 1, #list do
    local e = list[k]
    local w = e.w
    local j = i + #w
    if (#w == #c or s:sub(i, j - 1) == w) and not (e.unit_end and government_at(s, n, j)) then
      return e
    end
  end
  return nil
end

-- Whether a unit word starts within the next few characters of s from byte i
-- on (n: #s); a place name is short, and the look stays bounded on any name.
local LOOK_AHEAD = 8
local function unit_after(s, n, i)
  local k = 0
  for p, c in s:gmatch(CHAR_AT, i) do
    local hit = word_at(s, n, p, c)
    if hit and hit.kind == "unit" then return true end
    k = k + 1
    if k >= LOOK_AHEAD then break end
  end
  return false
end

--- units(name) -> array of {name=, word=, level=} read from the name, in order.
function M.units(name)
  if type(name) ~= "string" or not utf8.len(name) then return {} end
  -- an alias in parentheses ("…办公室（县政府研究室）") is not part of the name
  local cut = name:find("（", 1, true) or name:find("(", 1, true)
  if cut then name = name:sub(1, cut - 1) end
  -- spaces are not part of the name (in valid UTF-8 these bytes are the
  -- space characters themselves)
  local s = name
  if s:find("[ \t\r\n]") then s = s:gsub("[ \t\r\n]", "") end
  if s:find("\u{3000}", 1, true) then s = s:gsub("\u{3000}", "") end
  if s:find("\u{A0}", 1, true) then s = s:gsub("\u{A0}", "") end
  local n = #s
  -- One pass over the tokens: dictionary words (longest first) or single
  -- characters. The name being gathered starts at byte `from`; a zone or an
  -- organisation word starts a new one. A unit word after some name ends a
  -- unit, unless another unit word follows it (景德镇市): it waits in `pend`
  -- (ending at byte pend_to) until the next token shows which.
  local units = {}
  local from, pend, pend_to = 1, nil, nil
  local i = 1 -- where the next token starts
  for p, c in s:gmatch(CHAR_AT) do
    if p == i then -- not inside the previous token
      local hit = word_at(s, n, i, c)
      local kind = hit and hit.kind
      if pend then
        -- a unit word directly after another belongs to the name (景德镇市,
        -- 安乡县), unless it is of a lower level and a unit follows later:
        -- then it starts the next name (临汾市 / 乡宁县, 江苏省 / 镇江市)
        if kind ~= "unit" or (LEVEL_RANK[hit.level] < LEVEL_RANK[pend.level]
            and unit_after(s, n, i + #hit.w)) then
          units[#units + 1] = { name = s:sub(from, pend_to), word = pend.w, level = pend.level }
          from = pend_to + 1
        end
        pend = nil
      end
      local len = hit and #hit.w or #c
      if kind == "unit" and i > from then
        pend, pend_to = hit, i + len - 1
      elseif kind == "special" or kind == "reset" then
        from = i + len -- a zone or an organisation ends a name but has no level
      end
      i = i + len
    end
  end
  if pend then
    units[#units + 1] = { name = s:sub(from, pend_to), word = pend.w, level = pend.level }
  end
  return units
end

--- level(name) -> "township" | "county" | nil, reason
-- reason (Chinese) says which word of the name gave the level.
function M.level(name)
  if type(name) ~= "string" then return nil end
  local low = false -- without any of these characters, no unit below a city
  for k = 1, #LOW_CHARS do
    if name:find(LOW_CHARS[k], 1, true) then low = true break end
  end
  if not low then return nil end
  local lowest
  for _, u in ipairs(M.units(name)) do
    if not lowest or LEVEL_RANK[u.level] < LEVEL_RANK[lowest.level] then lowest = u end
  end
  if not lowest or not LEVEL_NAME[lowest.level] then return nil end
  return lowest.level, string.format("机关名称“%s”含“%s”，推断为%s机关",
    name, lowest.word, LEVEL_NAME[lowest.level])
end

return M
