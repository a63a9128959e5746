-- govlua.prose_counts: the counts that a report's prose states about 表三 and 表四
-- ("共收到政府信息公开申请154件，共办结148件，结转至2026年6件"; "行政复议36起，行政诉讼9起").
--
--   local pc = require "govlua.prose_counts"
--   pc.number("一百零五")                -> 105     (Arabic, full-width or Chinese numerals)
--   pc.claims(text, { year = 2025, appeals_section = false })
--     -> array of claims, in text order:
--        { q = "new" | "carried_over" | "granted" | "total" | "carried_forward"
--              | "review" | "litigation",
--          value = 154, quote = "全区共收到政府信息公开申请154件",
--          chinese = false,   -- the number was written in Chinese numerals
--          zero = false,      -- the value comes from a negation ("未收到…申请")
--          with_carried = false } -- the clause mentions 上年/结转 (a total may include them)
--
-- The extractor is deliberately conservative: a number is taken only when it is a
-- count (followed by 件/起/宗/例, or 个/份/条 standing alone), lies in the same clause
-- as the keyword (clauses end at 。！？；，：), follows it closely with no other keyword,
-- applicant type or result category in between, and the clause is not about
-- something else (主动公开, 信访, 建议提案, 许可审批 …) or another year.
--
-- Speed: the word lists and every decision are here; govlua.core.prose_scanner
-- (core/core_prose.c) is the mechanism when it is there: one C pass over the
-- text finds the few sentences that can state a count (a clause with a keyword
-- and a count or a negation) and cuts them into clauses with the groups of words
-- each holds; C also tokenises those clauses, as tokenize() below does.  Without
-- it (plain lua5.4, or GOVLUA_SLOW_PATHS=1) the same is done here, in Lua
-- (string and utf8 only), slowly.  M._impl has both ways, for the specs.

local M = {}
local core_split -- govlua.core.split inside govlua (set below)

-- ---- numbers -----------------------------------------------------------------

local CN_DIGIT = {
  ["〇"] = 0, ["零"] = 0, ["一"] = 1, ["二"] = 2, ["两"] = 2, ["三"] = 3, ["四"] = 4,
  ["五"] = 5, ["六"] = 6, ["七"] = 7, ["八"] = 8, ["九"] = 9,
}
local CN_UNIT = { ["十"] = 10, ["百"] = 100, ["千"] = 1000 }
local CN_WAN = "万"

-- Reads a run of Chinese numerals starting at byte i of s. Returns value, next
-- byte index; nil when s has no numeral at i. A run must start with a digit or 十.
local function read_chinese(s, i)
  local first = s:sub(i, i + 2)
  if CN_DIGIT[first] == nil and first ~= "十" then return nil end
  local total, section, num, j, any = 0, 0, 0, i, false
  while true do
    local c = s:sub(j, j + 2)
    local d = CN_DIGIT[c]
    if d ~= nil then
      num = d
    elseif CN_UNIT[c] then
      if num == 0 and CN_UNIT[c] == 10 then num = 1 end
      section = section + num * CN_UNIT[c]
      num = 0
    elseif c == CN_WAN and any then
      total = (total + section + num) * 10000
      section, num = 0, 0
    else
      break
    end
    any = true
    j = j + 3
  end
  return total + section + num, j
end

--- number(s) -> the integer written in s (Arabic, full-width or Chinese numerals), or nil
function M.number(s)
  if type(s) ~= "string" then return nil end
  s = M.normalize(s)
  if s:find("^%d+$") then return math.tointeger(tonumber(s)) end
  local v, j = read_chinese(s, 1)
  if v and j == #s + 1 then return v end
  return nil
end

-- ---- text ---------------------------------------------------------------------

-- Drops the bytes of s that are not valid UTF-8 (rare: damaged imports), so that
-- the utf8 functions below never raise.
local function valid_utf8(s)
  if utf8.len(s) then return s end
  local out, i, n = {}, 1, #s
  while i <= n do
    local len = 1
    local b = s:byte(i)
    if b >= 0xC2 and b <= 0xDF then len = 2 elseif b >= 0xE0 and b <= 0xEF then len = 3
    elseif b >= 0xF0 and b <= 0xF4 then len = 4 end
    local c = s:sub(i, i + len - 1)
    if (b < 0x80) or (len > 1 and #c == len and utf8.len(c)) then
      out[#out + 1] = c
      i = i + len
    else
      i = i + 1
    end
  end
  return table.concat(out)
end

local SPACES = { "\u{3000}", "\u{A0}", "\u{2002}", "\u{2003}", "\u{2009}", "\u{200B}", "\u{FEFF}" }

--- normalize(s) -> s with full-width digits made ASCII, spaces removed (Chinese
-- prose has none; OCR and PDF text put them around numbers: "749 件"), and
-- thousands separators dropped ("1,234" -> "1234"). A line break is kept only
-- after a sentence's end; elsewhere the lines are joined (wrapped text).
local has_core, core = pcall(require, "govlua.core")
if not has_core or type(core) ~= "table" or not core.normalize then core = nil end
core_split = core and core.split

function M.normalize(s)
  if type(s) ~= "string" then return "" end
  if core then return core.normalize(s, "compact") end -- the same, in one C pass
  s = valid_utf8(s)
  s = s:gsub("\239\188([\144-\153])", function(b) return string.char(b:byte() - 144 + 48) end)
  s = s:gsub("\239\188\133", "%%")            -- ％
  for _, sp in ipairs(SPACES) do s = s:gsub(sp, "") end
  s = s:gsub("[ \t\r\f\v]+", "")
  -- a line break inside a sentence is a wrap (PDF and OCR text): join the lines
  local lines = {}
  for line in (s .. "\n"):gmatch("([^\n]*)\n") do
    if line ~= "" then
      local stop = line:find("[!?;]$") or line:find("。$") or line:find("！$")
        or line:find("？$") or line:find("；$")
      lines[#lines + 1] = line .. (stop and "\n" or "")
    end
  end
  s = table.concat(lines)
  local n
  repeat s, n = s:gsub("(%d),(%d%d%d)%f[%D]", "%1%2") until n == 0
  return s
end

local function split(s, seps)
  if core_split then return core_split(s, seps) end -- the same, in one C pass
  for _, p in ipairs(seps) do s = s:gsub(p:gsub("%p", "%%%0"), "\1") end
  local out = {}
  for part in s:gmatch("[^\1]+") do out[#out + 1] = part end
  return out
end

-- A sentence (the context that must speak of 申请) ends at 。！？ or a line break;
-- a clause (where a keyword and its number must both lie) also at ；，：.
local SENTENCE_END = { "。", "！", "？", "!", "?", "\n" }
local PART_END = { "；", ";" }
local CLAUSE_END = { "，", ",", "：", ":" }

-- ---- tokens -------------------------------------------------------------------
-- kinds: kw (a quantity keyword), noun (信息公开申请: never blocks), block (a word
-- that ends the search for a keyword's number), skip (clause about something
-- else), other (another year: skip the clause), neg (未/没有/无), none (a word
-- that hides a shorter token: 无法, 未经 …), case (案件: not about applications),
-- appeal_block (纠错, 败诉 …: a result, not a total).

local WORDS = {
  -- quantity keywords
  { "收到", "kw", "new" }, { "受理", "kw", "new" }, { "新收", "kw", "new" },
  { "接收", "kw", "new" }, { "接到", "kw", "new" },
  { "办结", "kw", "total" }, { "办理", "kw", "total" }, { "答复", "kw", "total" },
  { "予以公开", "kw", "granted" },
  { "上年结转", "kw", "carried_over" }, { "上一年结转", "kw", "carried_over" },
  { "上年度结转", "kw", "carried_over" }, { "上一年度结转", "kw", "carried_over" },
  { "去年结转", "kw", "carried_over" },
  { "结转", "kw", "carried_forward" },
  { "行政复议", "kw", "review" }, { "行政诉讼", "kw", "litigation" },
  { "信息公开申请", "noun", "new" }, { "依申请公开", "noun", "new" },
  -- words that end the search
  { "部分公开", "block" }, { "同意公开", "block" }, { "全部公开", "block" }, { "公开答复", "block" }, { "不予公开", "block" }, { "不予以公开", "block" },
  { "无法提供", "block" }, { "不予处理", "block" }, { "其他处理", "block" },
  { "不予受理", "block" }, { "不掌握", "block" }, { "重复申请", "block" },
  { "补正", "block" }, { "转送", "block" }, { "转办", "block" }, { "告知", "block" },
  { "延期", "block" }, { "逾期", "block" }, { "超期", "block" }, { "当场", "block" },
  { "现场", "block" }, { "未办结", "block" }, { "未答复", "block" }, { "尚未", "block" },
  { "自然人", "block" }, { "法人", "block" }, { "企业", "block" }, { "科研机构", "block" },
  { "公益组织", "block" }, { "法律服务机构", "block" }, { "其他组织", "block" },
  { "其中", "block" }, { "涉及", "block" }, { "占", "block" }, { "包括", "block" },
  { "平均", "block" }, { "人次", "block" },
  { "复议后", "block" }, { "直接起诉", "block" }, { "未经", "block" },
  { "纠错", "appeal_block" }, { "纠正", "appeal_block" }, { "败诉", "appeal_block" },
  { "胜诉", "appeal_block" }, { "撤销", "appeal_block" }, { "维持", "appeal_block" },
  { "违法", "appeal_block" }, { "驳回", "appeal_block" }, { "审结", "appeal_block" },
  { "结案", "appeal_block" }, { "终止", "appeal_block" },
  -- the clause is about something else
  { "主动公开", "skip" }, { "信访", "skip" }, { "建议", "skip" }, { "提案", "skip" },
  { "诉求", "skip" }, { "咨询", "skip" }, { "留言", "skip" }, { "热线", "skip" },
  { "来电", "skip" }, { "来信", "skip" }, { "投诉", "skip" }, { "许可", "skip" },
  { "审批", "skip" }, { "备案", "skip" }, { "补贴", "skip" }, { "政务服务", "skip" },
  { "办件", "skip" }, { "人大", "skip" }, { "政协", "skip" }, { "信息处理费", "skip" },
  { "确保", "skip" }, { "避免", "skip" }, { "防止", "skip" }, { "力争", "skip" },
  { "杜绝", "skip" }, { "争取", "skip" },
  -- another year, or a comparison with one
  { "上年", "other" }, { "上一年", "other" }, { "上年度", "other" }, { "去年", "other" },
  { "同比", "other" }, { "同期", "other" }, { "环比", "other" }, { "增长", "other" },
  { "下降", "other" }, { "增加", "other" }, { "减少", "other" }, { "持平", "other" },
  -- not about applications
  { "案件", "case" }, { "复议", "case" }, { "诉讼", "case" }, { "应诉", "case" },
  -- negations, and words that only look like one
  { "未", "neg" }, { "没有", "neg" }, { "无", "neg" },
  { "无法", "none" }, { "无正当", "none" }, { "无论", "none" }, { "无需", "none" },
  { "无误", "none" }, { "未按", "none" }, { "未能", "none" },
  -- not a keyword here: "结转下年度继续办理5件"
  { "继续办理", "none" },
}

-- first character (3 bytes for CJK) -> words starting with it, longest first
local BY_FIRST = {}
local SKIP_WORDS = {}
for _, w in ipairs(WORDS) do
  if w[2] == "skip" then SKIP_WORDS[#SKIP_WORDS + 1] = w[1] end
  local text = w[1]
  local first = text:sub(1, utf8.offset(text, 2) - 1)
  local list = BY_FIRST[first]
  if not list then list = {}; BY_FIRST[first] = list end
  list[#list + 1] = { text = text, kind = w[2], q = w[3] }
end
for _, list in pairs(BY_FIRST) do
  table.sort(list, function(a, b) return #a.text > #b.text end)
end

local STRONG_UNIT_LIST = { "件", "宗", "例" }
local WEAK_UNIT_LIST = { "起", "个", "份", "条" }
local STRONG_UNIT, WEAK_UNIT = {}, {}
for _, u in ipairs(STRONG_UNIT_LIST) do STRONG_UNIT[u] = true end
for _, u in ipairs(WEAK_UNIT_LIST) do WEAK_UNIT[u] = true end
local APPROX_BEFORE = { "约", "近", "逾", "超过", "超", "不足", "不到", "将近", "大约", "多达" }
local ORDINAL_BEFORE = { "第", "每" }  -- "第3件", "每1件": not a count
local PERCENT = "%"
local APPROX_AFTER = { "以上", "以下", "左右", "余", "多", "万", "千", "百", "亿" }
-- after a unit only these: "100件以上", "5件左右" (a unit followed by 万 … is not approximate)
local APPROX_AFTER_UNIT = {}
for _, w in ipairs(APPROX_AFTER) do
  if w ~= "万" and w ~= "千" and w ~= "百" and w ~= "亿" then APPROX_AFTER_UNIT[#APPROX_AFTER_UNIT + 1] = w end
end
-- what may follow 个/份/条/起 for it still to be a count: "3个申请", "1起案件"
local UNIT_NOUNS = { "申请", "案件", "政府信息公开申请" }
local YEAR_UNIT, YEAR_MIN, YEAR_MAX, YEAR_BYTES = "年", 1900, 2199, 4
local ZERO_BEFORE = "为"  -- "均为0", "数量为零"

local function starts(s, i, w) return s:sub(i, i + #w - 1) == w end
local function ends(s, j, w) return j - #w + 1 >= 1 and s:sub(j - #w + 1, j) == w end

local function char_at(s, i)
  local b = s:byte(i)
  if not b then return "" end
  local n = b < 0x80 and 1 or b < 0xE0 and 2 or b < 0xF0 and 3 or 4
  return s:sub(i, i + n - 1)
end

-- A CJK ideograph (not punctuation) at byte i.
local function ideograph_at(s, i)
  local c = char_at(s, i)
  if #c ~= 3 then return false end
  local cp = utf8.codepoint(c)
  return cp >= 0x3400 and cp <= 0x9FFF
end

-- Classifies the number at bytes [a, b) with value v: returns its kind and
-- its last byte (a count takes its unit).
local function number_token(s, a, b, v, decimal, chinese)
  for _, w in ipairs(APPROX_BEFORE) do
    if ends(s, a - 1, w) then return "approx", b - 1 end
  end
  for _, w in ipairs(ORDINAL_BEFORE) do
    if ends(s, a - 1, w) then return "num", b - 1 end
  end
  local u = char_at(s, b)
  if not chinese and starts(s, b, PERCENT) then return "num", b - 1 end
  for _, w in ipairs(APPROX_AFTER) do
    -- "100余件", "1.2万件": a count, but not an exact one
    if starts(s, b, w) then return "approx", b - 1 end
  end
  if decimal then return "num", b - 1 end
  if u == YEAR_UNIT and not chinese and v >= YEAR_MIN and v <= YEAR_MAX and b - a == YEAR_BYTES then
    return "year", b - 1
  end
  if STRONG_UNIT[u] or WEAK_UNIT[u] then
    local after = b + #u
    if WEAK_UNIT[u] and ideograph_at(s, after) then
      local noun = false
      for _, w in ipairs(UNIT_NOUNS) do noun = noun or starts(s, after, w) end
      if not noun then return "num", b - 1 end -- "1个工作日", "20条信息", "一起研究"
    end
    for _, w in ipairs(APPROX_AFTER_UNIT) do
      if starts(s, after, w) then return "approx", b - 1 end
    end
    return "count", after - 1
  end
  -- "均为0", "数量为零" at the end of the clause
  if ends(s, a - 1, ZERO_BEFORE) and (b > #s or not ideograph_at(s, b)) then
    return "count", b - 1
  end
  return "num", b - 1
end

local TOKEN_SLOTS = 5
-- tokenize(s) -> the tokens of s, in one array, TOKEN_SLOTS slots a token:
--   kind, s, e, text, q (false if none)      for words (WORDS)
--   "num"|"count"|"approx"|"year", s, e, value, chinese   for numbers
-- (s, e: the token's first and last byte)
local function tokenize(s)
  local toks, t, i, n = {}, 0, 1, #s
  while i <= n do
    local c = char_at(s, i)
    local matched = false
    local list = BY_FIRST[c]
    if list then
      for _, w in ipairs(list) do
        if starts(s, i, w.text) then
          local e = i + #w.text - 1
          toks[t + 1], toks[t + 2], toks[t + 3], toks[t + 4], toks[t + 5] = w.kind, i, e, w.text, w.q or false
          t = t + 5
          i = e + 1
          matched = true
          break
        end
      end
    end
    if not matched then
      local a, b, v, decimal, chinese
      if c:find("^%d") then
        a, b = s:find("^%d+%.%d+", i)
        decimal = a ~= nil
        if not a then a, b = s:find("^%d+", i) end
        v = tonumber(s:sub(a, b))
        v, b, chinese = math.tointeger(v) or v, b + 1, false
      else
        v, b = read_chinese(s, i)
        a, decimal, chinese = i, false, true
      end
      if v then
        local kind, e = number_token(s, a, b, v, decimal, chinese)
        toks[t + 1], toks[t + 2], toks[t + 3], toks[t + 4], toks[t + 5] = kind, a, e, v, chinese
        t = t + 5
        i = kind == "count" and e + 1 or b
      else
        i = i + #c
      end
    end
  end
  return toks
end

-- ---- claims -------------------------------------------------------------------

local APP_Q = { new = true, carried_over = true, granted = true, total = true, carried_forward = true }
local MAX_GAP = 40          -- characters between a keyword and its number
local CONTEXT = { "信息公开", "依申请", "公开申请", "政务公开" }

local function has_any(s, words)
  for _, w in ipairs(words) do
    if s:find(w, 1, true) then return true end
  end
  return false
end

local function chars(s, a, b) -- characters in bytes [a, b]
  if b < a then return 0 end
  return utf8.len(s, a, b) or (b - a + 1)
end

-- Text between two tokens consists only of a conjunction: "、", "和", "及" …
local CONJ = { [""] = true, ["、"] = true, ["和"] = true, ["及"] = true, ["与"] = true,
  ["或"] = true, ["以及"] = true, ["并"] = true, ["和提起"] = true, ["、提起"] = true,
  ["及提起"] = true, ["和被提起"] = true, ["或提起"] = true }
-- blocking words that may stand right before a keyword ("其中予以公开5件")
local MARKERS = { ["其中"] = true, ["涉及"] = true, ["包括"] = true, ["占"] = true }
local BEFORE_OK = { [""] = true, ["已"] = true, ["均"] = true, ["均已"] = true, ["全部"] = true,
  ["被"] = true, ["已全部"] = true }

local function quote_of(clause, a, b)
  local len = utf8.len(clause) or #clause
  if len <= 40 then return clause end
  local from = a
  for _ = 1, 15 do
    if from <= 1 then break end
    from = utf8.offset(clause, -1, from) or 1
  end
  local q = clause:sub(from, b)
  if from > 1 then q = "…" .. q end
  if b < #clause then q = q .. "…" end
  return q
end

-- Words without which a clause can neither claim a count nor change the year
-- context: clauses with none of them are not tokenized at all (speed).
local TRIGGERS = { "年", "收到", "受理", "新收", "接收", "接到", "办结", "办理", "答复",
  "予以公开", "结转", "复议", "诉讼", "信息公开申请", "依申请公开" }
local function may_claim(s)
  for i = 1, #TRIGGERS do
    if s:find(TRIGGERS[i], 1, true) then return true end
  end
  return false
end
M.may_claim = may_claim

-- ---- which sentences and clauses are read ------------------------------------
-- A sentence is read only when it has a keyword of TRIGGERS (but 年) and one of
-- its clauses can claim: it has a word that makes a kw or noun token, and a
-- count ("154件", "二十件", "为0": a numeral right before a unit or right after
-- ZERO_BEFORE) or a negation (clause_claims claims nothing without both).  A
-- sentence that is not read changes nothing for the others but whether it
-- speaks of CONTEXT.  Each clause of a sentence that is read comes with a
-- mask: which GROUPS have a word in it.

local KEYWORDS, COUNT_OR_NEG = {}, {}
for _, w in ipairs(WORDS) do
  if w[2] == "kw" or w[2] == "noun" then KEYWORDS[#KEYWORDS + 1] = w[1] end
  if w[2] == "neg" then COUNT_OR_NEG[#COUNT_OR_NEG + 1] = w[1] end
end
local NUMBER_ENDS, NUMBER_STARTS, YEAR_ENDS = { CN_WAN }, { "十" }, {}
for d = 0, 9 do
  NUMBER_ENDS[#NUMBER_ENDS + 1] = tostring(d)
  NUMBER_STARTS[#NUMBER_STARTS + 1] = tostring(d)
  YEAR_ENDS[#YEAR_ENDS + 1] = d .. YEAR_UNIT -- "2024年"
end
for c in pairs(CN_DIGIT) do
  NUMBER_ENDS[#NUMBER_ENDS + 1] = c
  NUMBER_STARTS[#NUMBER_STARTS + 1] = c
end
for c in pairs(CN_UNIT) do NUMBER_ENDS[#NUMBER_ENDS + 1] = c end
for _, n in ipairs(NUMBER_ENDS) do
  for _, u in ipairs(STRONG_UNIT_LIST) do COUNT_OR_NEG[#COUNT_OR_NEG + 1] = n .. u end
  for _, u in ipairs(WEAK_UNIT_LIST) do COUNT_OR_NEG[#COUNT_OR_NEG + 1] = n .. u end
end
for _, n in ipairs(NUMBER_STARTS) do COUNT_OR_NEG[#COUNT_OR_NEG + 1] = ZERO_BEFORE .. n end
local SENTENCE_TRIGGERS = { table.unpack(TRIGGERS, 2) }
local CONTEXT_WINDOW = 3 -- a sentence and the three before it: the context of 依申请公开

local GROUPS = {
  { "skip", SKIP_WORDS },           -- the clause is about something else
  { "app", { "申请" } },             -- the clause speaks of applications
  { "part_marker", { "其中" } },     -- what follows (up to ；) gives parts
  { "trigger", TRIGGERS },          -- may_claim
  { "carried", { "结转", "上年" } }, -- a total may include 上年结转
  { "context", CONTEXT },           -- the sentence speaks of 信息公开
  { "sentence_trigger", SENTENCE_TRIGGERS },
  { "keyword", KEYWORDS },
  { "count_or_neg", COUNT_OR_NEG },
  { "year", YEAR_ENDS },            -- a year token may be there
}
local G, GN = {}, {} -- name -> mask bit, name -> group number
for i, g in ipairs(GROUPS) do G[g[1]], GN[g[1]] = 1 << (i - 1), i end
local PART_START = 1 << 30 -- on the first clause of each part
local SKIP, APP, PART_MARKER, YEAR = G.skip, G.app, G.part_marker, G.year
local SENTENCE_NEED = G.keyword | G.sentence_trigger
local CLAUSE_NEED = G.keyword | G.count_or_neg

-- The mask of s: the groups (among those of the mask `only`) with a word in s.
local function presence(s, only)
  local m = 0
  for i, g in ipairs(GROUPS) do
    local b = 1 << (i - 1)
    if only & b ~= 0 and has_any(s, g[2]) then m = m | b end
  end
  return m
end

-- live_sentences(text) -> nil | array of { index, last_context, clause1, mask1, … }:
-- the sentences to read of normalize(text) split at SENTENCE_END (index counts
-- them all from 1), last_context: the last of this sentence and the
-- CONTEXT_WINDOW before it with a CONTEXT word (0: none), the clauses: the
-- sentence split at PART_END and then CLAUSE_END, each with its mask.
local ALL = (1 << #GROUPS) - 1
local function live_sentences_lua(text)
  local out, last_context = {}, 0
  for i, sentence in ipairs(split(M.normalize(text), SENTENCE_END)) do
    local m = presence(sentence, SENTENCE_NEED | G.context)
    if m & G.context ~= 0 then last_context = i end
    if m & SENTENCE_NEED == SENTENCE_NEED then
      local rec, live = { i, last_context >= i - CONTEXT_WINDOW and last_context or 0 }, false
      local in_sentence = presence(sentence, ALL) -- a word not in the sentence is in no clause
      for _, part in ipairs(split(sentence, PART_END)) do
        local start = PART_START
        for _, clause in ipairs(split(part, CLAUSE_END)) do
          local cm = presence(clause, in_sentence)
          if cm & CLAUSE_NEED == CLAUSE_NEED then live = true end
          rec[#rec + 1] = clause
          rec[#rec + 1] = cm | start
          start = 0
        end
      end
      if live then out[#out + 1] = rec end
    end
  end
  return out[1] and out or nil
end

local live_sentences, tokens = live_sentences_lua, tokenize
local scanner, scanner_sentences, scanner_tokens -- the C scanner and its methods, if there
if core and core.prose_scanner then
  scanner = core.prose_scanner {
    sentence = SENTENCE_END, part = PART_END, clause = CLAUSE_END,
    groups = (function()
      local g = {}
      for i, grp in ipairs(GROUPS) do g[i] = grp[2] end
      return g
    end)(),
    sentence_need = { GN.keyword, GN.sentence_trigger }, clause_need = { GN.keyword, GN.count_or_neg },
    context = GN.context, context_window = CONTEXT_WINDOW,
    words = WORDS,
    numerals = { digits = CN_DIGIT, units = CN_UNIT, wan = CN_WAN },
    strong_units = STRONG_UNIT_LIST, weak_units = WEAK_UNIT_LIST,
    approx_before = APPROX_BEFORE, ordinal_before = ORDINAL_BEFORE, percent = PERCENT,
    approx_after = APPROX_AFTER, approx_after_unit = APPROX_AFTER_UNIT, unit_nouns = UNIT_NOUNS,
    year_unit = YEAR_UNIT, year_min = YEAR_MIN, year_max = YEAR_MAX, year_bytes = YEAR_BYTES,
    zero_before = ZERO_BEFORE,
  }
  scanner_sentences, scanner_tokens = scanner.sentences, scanner.tokens
  live_sentences = function(text) return scanner_sentences(scanner, text) end
  tokens = function(clause) return scanner_tokens(scanner, clause) end
end
-- for the specs: both ways, to compare
M._impl = { live_sentences_lua = live_sentences_lua, tokenize_lua = tokenize,
  live_sentences = live_sentences, tokens = tokens }

-- The tokens of a clause are one array (see tokenize): a token is named by the
-- index k of its kind, T[k]; T[k + 1], T[k + 2]: its first and last byte;
-- T[k + 3]: its text (a word) or value (a number); T[k + 4]: its q (a word) or
-- whether it was written in Chinese numerals (a number).  The kinds a clause
-- has are a mask of KIND_BIT.
local KIND_BIT = {}
do
  local kinds = { "num", "count", "approx", "year" }
  for _, w in ipairs(WORDS) do kinds[#kinds + 1] = w[2] end
  local nbits = 0
  for _, kind in ipairs(kinds) do
    if not KIND_BIT[kind] then KIND_BIT[kind] = 1 << nbits; nbits = nbits + 1 end
  end
end
local B_KW, B_NOUN, B_BLOCK, B_NEG, B_COUNT = KIND_BIT.kw, KIND_BIT.noun, KIND_BIT.block,
  KIND_BIT.neg, KIND_BIT.count
local B_SKIP, B_OTHER, B_CASE, B_APPEAL_BLOCK = KIND_BIT.skip, KIND_BIT.other, KIND_BIT.case,
  KIND_BIT.appeal_block
-- 未经复议直接起诉 / 复议后起诉: one kind of 行政诉讼 only, and not 行政复议
local PARTIAL_APPEAL = { ["未经"] = true, ["直接起诉"] = true, ["复议后"] = true }

-- The quantity that keyword token k of the clause names (nil: another year's).
local function q_of(clause, T, k, year)
  local q = T[k + 4]
  if q == "carried_forward" then
    -- "2024年结转" is last year's, "结转至2026年" next year's
    local head = clause:sub(1, T[k + 1] - 1)
    local y = head:match("(%d%d%d%d)年$") or head:match("(%d%d%d%d)年度$")
    if y and year then
      y = tonumber(y)
      if y == year - 1 then return "carried_over" end
      if y ~= year then return nil end
    elseif y then
      return nil
    end
  end
  return q
end

-- after a bare noun: "政府信息公开申请共8件", "…申请数量为8件"
local NOUN_GAP = { [""] = true, ["共"] = true, ["共计"] = true, ["合计"] = true, ["总计"] = true,
  ["数量"] = true, ["数量为"] = true, ["数为"] = true, ["总数"] = true, ["总数为"] = true,
  ["共有"] = true }

-- Whether the clause, up to byte j, ends with 各, 各为, 均 or 均为: "各1件", "均为0件".
local function each_before(clause, j)
  if j < 3 then return false end
  local c = clause:sub(j - 2, j)
  if c == "各" or c == "均" then return true end
  if c ~= "为" or j < 6 then return false end
  c = clause:sub(j - 5, j - 3)
  return c == "各" or c == "均"
end

-- Whether keyword token k may claim quantity q in this clause (has: the kinds
-- of its tokens; clause_app: the clause speaks of 申请; partial_appeal: it
-- speaks of one kind of 行政诉讼 only; part_at: its first token 其中, false if
-- none).
local function allowed(k, q, has, ctx, clause_app, partial_appeal, part_at)
  if APP_Q[q] then
    if has & (B_CASE | B_APPEAL_BLOCK) ~= 0 or not ctx.app_ok then return false end
    if q == "new" then
      if not clause_app then return false end
    elseif not ctx.sentence_app then
      return false
    end
    if q == "new" or q == "total" then
      if ctx.part then return false end
      if part_at and part_at < k then return false end -- a part ("其中，区公安局收到…")
    end
    return true
  end
  return ctx.appeal_ok and has & B_APPEAL_BLOCK == 0 and not partial_appeal
end

-- The claim of keyword (or noun) token k with the count token c, or a zero
-- from a negation (c nil).
local function claim(clause, T, q, value, k, c, zero, with_carried)
  local a = T[k + 1]
  local b = c and T[c + 2] or T[k + 2]
  if c and T[c + 1] < a then a = T[c + 1] end
  return {
    q = q, value = value, quote = zero and quote_of(clause, 1, #clause) or quote_of(clause, a, b),
    chinese = c and T[c + 4] or false, zero = zero or false,
    with_carried = with_carried, pos = a,
  }
end

local function by_pos(x, y) return x.pos < y.pos end

-- The claims of one clause (its mask: see GROUPS), appended to out.
-- ctx: {year=, app_ok=, appeal_ok=, sentence_app=, part=, other_year=} (part and
-- other_year carry over between clauses)
local function clause_claims(clause, mask, ctx, out)
  if mask & G.trigger == 0 then return end -- not may_claim(clause)
  local T = scanner and scanner_tokens(scanner, clause) or tokenize(clause)
  local n = #T
  local year = ctx.year
  local has, partial_appeal, part_at = 0, false, false
  for k = 1, n, TOKEN_SLOTS do
    local kind, x = T[k], T[k + 3]
    has = has | KIND_BIT[kind]
    if x == "其中" then
      part_at = part_at or k
    elseif PARTIAL_APPEAL[x] then
      partial_appeal = true
    end
    -- a year other than the report's (or the next, in "结转至2026年") puts this
    -- clause and the rest of the sentence in that year, until the report's year
    -- comes back; "2024年结转的3件" (in a 2025 report) is this year's 上年结转
    if kind == "year" and year then
      if x == year then
        ctx.other_year = false
      elseif x ~= year + 1 and not starts(clause, T[k + 2] + 1, "年结转")
          and not starts(clause, T[k + 2] + 1, "年度结转") then
        ctx.other_year = true
      end
    end
  end
  if ctx.other_year or has & (B_SKIP | B_OTHER) ~= 0 or has & (B_KW | B_NOUN) == 0 then return end
  if has & (B_COUNT | B_NEG) == 0 then return end -- nothing below claims without one
  local with_carried = mask & G.carried ~= 0 -- 结转 or 上年
  local clause_app = mask & G.app ~= 0 -- 申请
  -- (made when needed: claimed[k]: count token k is taken; join[k] = j: keyword
  -- token k is decided together with j)
  local claimed, join, results

  for k = 1, n, TOKEN_SLOTS do
    local p = k - TOKEN_SLOTS -- the token before, if k > 1
    -- (not right after a block: "延期答复3件", "逾期办结", "当场答复" are a kind
    -- of handling, not the total)
    if T[k] == "kw" and not (k > 1 and T[p] == "block" and T[p + 2] + 1 == T[k + 1]
        and not MARKERS[T[p + 3]]) then
      -- the first count after the keyword
      local e = T[k + 2]
      local found, blocked_by
      for j = k + TOKEN_SLOTS, n, TOKEN_SLOTS do
        local u = T[j]
        if u == "count" then
          if chars(clause, e + 1, T[j + 1] - 1) <= MAX_GAP then found = j end
          break
        elseif u == "approx" or u == "block" or u == "appeal_block" then
          break
        elseif u == "kw" then
          blocked_by = j
          break
        end
      end
      if blocked_by and CONJ[clause:sub(e + 1, T[blocked_by + 1] - 1)] then
        join = join or {}
        join[blocked_by] = k -- "行政复议、行政诉讼各1件": decided with the next keyword
      end
      -- the count just before: "1件结转下年度", "5件予以公开"
      if not found and k > 1 and T[p] == "count" and not (claimed and claimed[p])
          and BEFORE_OK[clause:sub(T[p + 2] + 1, T[k + 1] - 1)] then
        found = p
      end
      if found then
        claimed = claimed or {}
        claimed[found] = true
        -- the keyword, and those joined to it: only with 各 or 均 ("行政复议、行政
        -- 诉讼共5件" is a sum, no claim)
        local m = k
        if join and join[k] and not each_before(clause, T[found + 1] - 1) then m = nil end
        while m do
          local qm = q_of(clause, T, m, year)
          if qm and allowed(m, qm, has, ctx, clause_app, partial_appeal, part_at) then
            results = results or {}
            results[#results + 1] = claim(clause, T, qm, T[found + 3], m, found, false, with_carried)
          end
          m = join and join[m]
        end
      end
    end
  end

  -- zeros from negations: "未收到政府信息公开申请", "未发生行政复议、行政诉讼案件"
  if has & B_COUNT == 0 and has & B_NEG ~= 0 then
    local negs, nnegs = {}, 0
    for k = 1, n, TOKEN_SLOTS do
      local kind = T[k]
      if kind == "neg" then
        nnegs = nnegs + 1
        negs[nnegs] = k
      elseif kind == "kw" or kind == "noun" then
        local q = q_of(clause, T, k, year)
        local appeal = q == "review" or q == "litigation"
        for i = 1, nnegs do
          local g = negs[i]
          local between_ok = true
          for j = g + TOKEN_SLOTS, k - TOKEN_SLOTS, TOKEN_SLOTS do
            local u = T[j]
            if u == "kw" and not appeal or u == "block" or u == "approx" then
              between_ok = false
              break
            end
          end
          local zero = false
          if between_ok then
            local gap = chars(clause, T[g + 2] + 1, T[k + 1] - 1)
            if appeal and gap <= 25 then
              zero = allowed(k, q, has, ctx, clause_app, partial_appeal, part_at)
            elseif q == "new" and kind == "kw" and gap <= 2 then
              zero = allowed(k, q, has, ctx, clause_app, partial_appeal, part_at)
            elseif q == "new" and kind == "noun" and gap <= 6 and has & B_KW == 0
                and not clause:sub(T[g + 2] + 1, T[k + 1] - 1):find("因", 1, true) then
              zero = allowed(k, q, has, ctx, clause_app, partial_appeal, part_at)
            end
          end
          if zero then
            results = results or {}
            results[#results + 1] = claim(clause, T, q, 0, k, nil, true, with_carried)
            break
          end
        end
      end
    end
  end

  -- a bare noun: "全年政府信息公开申请共8件", "政府信息公开申请数量为8件"
  if has & (B_KW | B_BLOCK | B_NEG) == 0 then
    for k = 1, n - TOKEN_SLOTS, TOKEN_SLOTS do
      local u = k + TOKEN_SLOTS
      if T[k] == "noun" and T[u] == "count" and not (claimed and claimed[u]) then
        if NOUN_GAP[clause:sub(T[k + 2] + 1, T[u + 1] - 1)]
            and allowed(k, "new", has, ctx, clause_app, partial_appeal, part_at) then
          claimed = claimed or {}
          claimed[u] = true
          results = results or {}
          results[#results + 1] = claim(clause, T, "new", T[u + 3], k, u, false, with_carried)
        end
      end
    end
  end

  if not results then return end
  if #results > 1 then table.sort(results, by_pos) end
  for i = 1, #results do
    local r = results[i]
    r.pos = nil
    out[#out + 1] = r
  end
end

--- claims(text, opts) -> the counts stated in text (see the header).
-- opts.year: the report year (clauses naming another year are skipped);
-- opts.appeals_section / opts.applications_section: the text is section 四 / 三,
-- so no mention of 信息公开 is needed for its numbers to be about them.
local NONE = {}
function M.claims(text, opts)
  opts = opts or NONE
  local out = {}
  if type(text) ~= "string" or text == "" then return out end
  local year = math.type(opts.year) == "integer" and opts.year or nil
  local in_section = opts.applications_section == true or opts.appeals_section == true
  local recs
  if scanner then recs = scanner_sentences(scanner, text) else recs = live_sentences_lua(text) end
  recs = recs or NONE
  for r = 1, #recs do
    local rec = recs[r]
    local i, last_context = rec[1], rec[2]
    -- applications: this sentence or one of the three before it speaks of 依申请公开
    local app_ok = in_section or last_context > 0
    -- appeals: this very sentence ties them to 信息公开 (a government's report may
    -- also speak of all its 行政复议 cases)
    local appeal_ok = opts.appeals_section == true or last_context == i
    local ctx = { year = year, app_ok = app_ok, appeal_ok = appeal_ok, sentence_app = false }
    -- clauses after the last that can claim change nothing that matters
    local last = 2
    for k = #rec - 1, 3, -2 do
      if rec[k + 1] & CLAUSE_NEED == CLAUSE_NEED then last = k break end
    end
    for k = 3, last, 2 do
      local clause, mask = rec[k], rec[k + 1]
      if mask & PART_START ~= 0 then ctx.part = false end
      -- 办结/结转/予以公开 need 申请 in this clause or an earlier one of the sentence,
      -- the last such clause not being about something else ("受理行政许可申请
      -- 1234件，办结1230件" is not about 依申请公开)
      local skip = mask & SKIP ~= 0
      if skip or mask & APP ~= 0 then ctx.sentence_app = not skip end
      -- (a clause without CLAUSE_NEED claims nothing, and one without a year
      -- has no year token that could change ctx.other_year: neither is read)
      if mask & CLAUSE_NEED == CLAUSE_NEED or mask & YEAR ~= 0 then
        clause_claims(clause, mask, ctx, out)
      end
      -- after "其中", the rest (up to ；) gives parts: "其中，区公安局收到…5件"
      if mask & PART_MARKER ~= 0 then ctx.part = true end
    end
  end
  return out
end

return M
