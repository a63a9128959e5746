-- govlua.prose_counts: the counts found in prose. Modules load only inside govlua,
-- so a tiny rule (written to a temp file) calls the module and reports what it
-- found as findings: one per section, message "q=value q=value …" in text order,
-- a claim from a negation marked "!0", one whose clause mentions 上年/结转 "*",
-- one written in Chinese numerals "~".
local H = require "helper"

local PROBE = [[
local pc = require "govlua.prose_counts"
return {
  id = "prose-counts-probe", severity = "info", description = "prose_counts spec probe",
  check = function(report, ctx)
    for _, key in ipairs({ "overview", "active", "applications", "appeals", "problems", "other" }) do
      local text = report.sections and report.sections[key]
      if text then
        local parts = {}
        for _, c in ipairs(pc.claims(text, { year = report.year,
            applications_section = key == "applications", appeals_section = key == "appeals" })) do
          parts[#parts + 1] = c.q .. "=" .. tostring(c.value) .. (c.zero and "!0" or "")
            .. (c.with_carried and "*" or "") .. (c.chinese and "~" or "")
          ctx:report{ path = "sections." .. key, message = "quote:" .. c.quote }
        end
        ctx:report{ path = "sections." .. key, message = "claims:" .. table.concat(parts, " ") }
      end
    end
    if type(report.title) == "string" then
      local out = {}
      for w in report.title:gmatch("%S+") do out[#out + 1] = tostring(pc.number(w)) end
      ctx:report{ path = "title", message = "numbers:" .. table.concat(out, " ") }
    end
  end,
}
]]

local probe

local function run(sections, year)
  local r = H.load_fixture("clean2021")
  r.sections = sections
  r.year = year or 2025
  local res = H.check(r, { rules = { probe } })
  assert.are.equal(0, #H.rule_errors(res), H.encode(res.reports[1]))
  return res
end

-- claims(text[, key[, year]]) -> "new=154 total=148 …" for that section's text
local function claims(text, key, year)
  key = key or "overview"
  local res = run({ [key] = text }, year)
  for _, f in ipairs(H.findings(res, "prose-counts-probe")) do
    if f.path == "sections." .. key and f.message:find("^claims:") then
      return f.message:sub(#"claims:" + 1)
    end
  end
  error("no claims finding: " .. H.encode(res.reports[1]))
end

local function quotes(text)
  local res = run({ overview = text })
  local out = {}
  for _, f in ipairs(H.findings(res, "prose-counts-probe")) do
    if f.message:find("^quote:") then out[#out + 1] = f.message:sub(#"quote:" + 1) end
  end
  table.sort(out)
  return out
end

describe("govlua.prose_counts", function()
  setup(function() probe = H.temp_file(PROBE, ".lua") end)
  teardown(H.cleanup)

  describe("number()", function()
    it("reads Arabic, full-width and Chinese numerals", function()
      local r = H.load_fixture("clean2021")
      r.title = "749 １２ 八 十二 二十一 一百零五 两 〇 零 一千二百 三万 十 abc 1a"
      local res = H.check(r, { rules = { probe } })
      local f
      for _, x in ipairs(H.findings(res, "prose-counts-probe")) do
        if x.path == "title" then f = x end
      end
      assert.are.equal("numbers:749 12 8 12 21 105 2 0 0 1200 30000 10 nil nil", f.message)
    end)
  end)

  describe("the real 平潭 texts (2019–2025) and 沭阳 2025", function()
    it("2025: 收到154件，办结148件，结转6件；行政复议36起，行政诉讼9起", function()
      local r = H.load_fixture("clean2021")
      assert.are.equal("new=154 total=148 carried_forward=6* review=36 litigation=9",
        claims(r.sections.overview))
    end)

    it("2025: the problems section states no count", function()
      local r = H.load_fixture("clean2021")
      assert.are.equal("", claims(r.sections.problems, "problems"))
      assert.are.equal("", claims(r.sections.other, "other"))
    end)

    it("2019 and the seed: no counts in the prose (诉求259起 and 诉求3件 are not applications)", function()
      for _, name in ipairs({ "clean2019", "seed" }) do
        local r = H.load_fixture(name)
        local res = run(r.sections, r.year)
        for _, f in ipairs(H.findings(res, "prose-counts-probe")) do
          if f.message:find("^claims:") then assert.are.equal("claims:", f.message) end
        end
      end
    end)

    it("2020: 共受理政府信息公开申请21件 (and 收到群众诉求348件 is not one)", function()
      assert.are.equal("new=21", claims("组织开展19期《问政平潭之有事你说》，上线部门22家，收到群众诉求348件，"
        .. "现场解决162件，跟进解决186件，办结率100%。4.认真办理依申请公开2020年全区各级行政机关共受理"
        .. "政府信息公开申请21件，受理的申请件已按规定在法定期限内予以答复。", nil, 2020))
    end)

    it("2021: 收到70件申请，办结69件，1件结转下年度", function()
      assert.are.equal("new=70 total=69 carried_forward=1*", claims("（二）依申请公开方面。我区高度重视依申请"
        .. "公开工作的办理。本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。", nil, 2021))
    end)

    it("2022: 收到75件 (= 74 new + 1 carried over); 行政诉讼1件、行政复议2件", function()
      assert.are.equal("new=75 litigation=1 review=2", claims("2022年，全区收到政府信息公开申请75件，"
        .. "涉及自然人72件、商业企业3件，均在法定期限内予以答复，办结率100%。三是加强行政复议、行政诉讼案件"
        .. "的处理工作。2022年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。",
        nil, 2022))
    end)

    it("2023: 接收…81件，办结81件 (予以公开及部分公开42件 is not 予以公开)，行政复议2件、行政诉讼7件", function()
      assert.are.equal("new=81 total=81 review=2 litigation=7", claims("2023年全区接收通过邮寄、网络提交"
        .. "的各类政府信息公开申请共计81件，涉及自然人80件、商业企业1件。办结依申请公开81件，其中：予以公开"
        .. "及部分公开42件，占51.85%；不予公开5件，占6.17%；无法提供31件，占38.27%；不予处理1件，占1.23%；"
        .. "其他处理2件，占2.47%；因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", nil, 2023))
    end)

    it("2024: 全年办理政府信息公开申请218件", function()
      assert.are.equal("total=218", claims("（二）依申请公开方面。规范做好申请登记、审查、办理、答复、"
        .. "归档等工作。全年办理政府信息公开申请218件。", nil, 2024))
    end)

    it("沭阳 2025: 受理749件 (；ends the 其中), 办理718件, 结转下一年31件, and not 相关案件74件", function()
      assert.are.equal("new=749 total=718 carried_forward=31*", claims("2025 年，我县严格遵循《条例》规定，"
        .. "全年申请办理工作规范有序、闭环高效。全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，"
        .. "法人或其他组织申请 8 件；共办理 718 件，结转下一年 31 件。依法做好相关行政复议、行政诉讼案件的"
        .. "应诉工作，全县共办理相关案件 74 件，有力维护了群众合法权益与政府公信力。"))
    end)

    it("wrapped PDF lines are joined (上海市科委 2024)", function()
      assert.are.equal("new=34 carried_over=2*", claims("四、政府信息公开申请情况\n全年收到政府信息公开申请 34 件，"
        .. "上年结转政府信息公开\n申请 2 件，所有申请均已按要求办理完成。所有办结的信息公开\n申请中同意公开答复"
        .. " 9 件，部分公开答复 0 件，不予公开答复 2\n件，无法提供的 10 件，不予处理 0 件。", nil, 2024))
    end)
  end)

  describe("quantities", function()
    it("Chinese numerals", function()
      assert.are.equal("new=12~ granted=5~",
        claims("本年度共收到政府信息公开申请十二件，其中予以公开五件。"))
      assert.are.equal("new=21~ total=20~ carried_forward=1*~",
        claims("全年共收到政府信息公开申请二十一件，办结二十件，一件结转下年度继续办理。"))
      assert.are.equal("new=105~ carried_over=2*~", claims("本年新收政府信息公开申请一百零五件，上年结转两件。"))
      assert.are.equal("review=3~ litigation=1~", claims("因政府信息公开行政复议三起，行政诉讼一起。"))
    end)

    it("full-width digits, spaces and thousands separators", function()
      assert.are.equal("new=8* carried_over=2*", claims("共收到政府信息公开申请８件（含上年结转２件），全部按期答复。"))
      assert.are.equal("new=1234", claims("收到政府信息公开申请1,234件。"))
      assert.are.equal("new=749 total=718", claims("全年收到政府信息公开申请 749 件，办理 718 件。"))
    end)

    it("a bare noun: 政府信息公开申请共计8件 / 数量为8件", function()
      assert.are.equal("new=8", claims("全区政府信息公开申请共计８件，均已办结。"))
      assert.are.equal("new=8", claims("政府信息公开申请数量为8件。"))
    end)

    it("结转: 上年结转, 结转下年度, 结转至<next year>, <last year>年结转", function()
      assert.are.equal("new=154* carried_over=3* total=150 carried_forward=4*",
        claims("2025年共收到政府信息公开申请154件（含上年结转3件），办结150件，结转下年度4件。"))
      assert.are.equal("carried_forward=6*", claims("政府信息公开申请办理中，结转至2026年6件。"))
      assert.are.equal("carried_over=3*", claims("政府信息公开申请办理中，2024年度结转的3件申请已办结。"))
      assert.are.equal("new=10 total=10 carried_forward=0*", claims("依申请公开：收到申请10件；办结10件；结转0件。"))
    end)

    it("行政复议、行政诉讼各1件; 共3件 is a sum and gives nothing", function()
      assert.are.equal("review=1 litigation=1", claims("因政府信息公开被申请行政复议、提起行政诉讼各1件。"))
      assert.are.equal("", claims("因政府信息公开引起的行政复议和行政诉讼共3件。"))
      assert.are.equal("review=0 litigation=0", claims("因政府信息公开被申请行政复议0件，提起行政诉讼0件。"))
    end)

    it("zeros from negations", function()
      assert.are.equal("new=0!0", claims("我局2025年未收到政府信息公开申请。"))
      assert.are.equal("new=0!0", claims("本年度无政府信息公开申请。"))
      assert.are.equal("review=0!0 litigation=0!0", claims("2025年，未发生因政府信息公开引起的行政复议、行政诉讼案件。"))
      assert.are.equal("review=0!0 litigation=0!0",
        claims("没有因政府信息公开申请而被申请行政复议和提起行政诉讼的情况。"))
      assert.are.equal("review=0 litigation=0", claims("因政府信息公开申请引起的行政复议和行政诉讼均为0。"))
      assert.are.equal("new=100", claims("2024年收到政府信息公开申请80件，2025年收到政府信息公开申请100件。"))
    end)

    it("section 三 and 四 need no mention of 信息公开", function()
      assert.are.equal("", claims("本年度共收到申请30件。"))
      assert.are.equal("new=30", claims("本年度共收到申请30件。", "applications"))
      assert.are.equal("", claims("行政复议3件，行政诉讼1件。"))
      assert.are.equal("review=3 litigation=1", claims("行政复议3件，行政诉讼1件。", "appeals"))
      assert.are.equal("review=0!0 litigation=0!0", claims("本年度未发生行政复议、行政诉讼。", "appeals"))
    end)

    it("quotes the clause, cut around the keyword when long", function()
      assert.are.same({ "全区共收到政府信息公开申请154件" }, quotes("2025年，全区共收到政府信息公开申请154件。"))
      local q = quotes("依申请公开方面，我单位在全体干部职工的共同努力之下经过认真细致的登记审核工作全年共收到"
        .. "政府信息公开申请共计36件，均已按期答复完毕。")
      assert.are.equal(1, #q)
      assert.is_truthy(q[1]:find("^…"))
      assert.is_truthy(q[1]:find("全年共收到政府信息公开申请共计36件$"))
    end)
  end)

  describe("what it leaves alone", function()
    local NONE = {
      "全年主动公开政府信息1234条。",
      "受理各类群众诉求259起，办结率100%。",
      "全年共办理人大建议12件、政协提案20件。",
      "依申请公开方面，受理行政许可申请1234件，办结1230件。",
      "2024年收到政府信息公开申请80件。",
      "2024年，全区共收到政府信息公开申请80件，办结78件，结转2件。",
      "收到政府信息公开申请数2024年为120件。",
      "共收到政府信息公开申请154件同比增长20%。",
      "共收到政府信息公开申请约150件。",
      "共收到政府信息公开申请150余件。",
      "共收到政府信息公开申请1.2万件。",
      "依申请公开方面，延期答复3件。",
      "其中，区公安局收到政府信息公开申请5件。",
      "收到自然人申请72件、法人申请3件，均已按时答复。",
      "依申请公开方面，全年共受理申请，予以公开及部分公开6件。",
      "全县共办理行政复议案件85件。",
      "因政府信息公开行政复议3次。",
      "政府信息公开工作中，行政复议与行政诉讼一起研究。",
      "政府信息公开工作中无一起行政复议被纠错的情况。",
      "因政府信息公开申请引发行政复议被纠错1件。",
      "未经行政复议直接提起行政诉讼的政府信息公开案件2件。",
      "确保无行政复议、行政诉讼案件发生在政府信息公开领域。",
      "着力减少政府信息公开行政复议、行政诉讼案件数量。",
      "收到并办结政府信息公开申请10件。",
      "政府信息公开申请答复在15个工作日内完成。",
      "全年收到信息处理费3件。",
    }
    for _, text in ipairs(NONE) do
      it(text, function() assert.are.equal("", claims(text)) end)
    end

    it("only the 申请 part of a sentence that also gives 予以公开", function()
      assert.are.equal("new=8 granted=3",
        claims("共收到政府信息公开申请8件，其中予以公开3件，部分公开2件，不予公开3件。"))
    end)
  end)

  -- govlua.core.prose_scanner (core/core_prose.c) does what the Lua code of the
  -- module does, fast: the probe compares the two on edge cases and on hostile
  -- bytes, and times the scanner on huge inputs.
  describe("the C scanner", function()
    local SCANNER_PROBE = [==[
local pc = require "govlua.prose_counts"
local core = require "govlua.core"
local I = pc._impl

local function ser(v)
  local t = type(v)
  if t ~= "table" then return t == "string" and string.format("%q", v) or tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local out = {}
  for _, k in ipairs(keys) do out[#out + 1] = tostring(k) .. "=" .. ser(v[k]) end
  return "{" .. table.concat(out, ",") .. "}"
end
local function run(f, ...)
  local ok, r = pcall(f, ...)
  if not ok then return "ERROR " .. tostring(r) end
  return ser(r)
end

local BASES = {
  "2025年，全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件；行政复议36起，行政诉讼9起。",
  "依申请公开方面，收到申请10件；办结10件；结转0件。我局2025年未收到政府信息公开申请。",
  "本年新收政府信息公开申请一百零五件，上年结转两件。因政府信息公开行政复议三起，行政诉讼一起。",
  "共收到政府信息公开申请８件（含上年结转２件），全部按期答复。收到政府信息公开申请1,234件。",
  "四、政府信息公开申请情况\n全年收到政府信息公开申请 34 件，上年结转政府信息公开\n申请 2 件。",
  "因政府信息公开被申请行政复议、提起行政诉讼各1件。政府信息公开申请答复在15个工作日内完成。",
  "收到 政府信息公开申请 1 , 234 件；其中，区公安局收到政府信息公开申请5件！结转下年度继续办理３件？",
}
-- edge cases and bytes that are not UTF-8 (the scanner then normalises byte by byte)
local EXTRA = {
  "", "。", "，，；；", "\n\n", "收到", "5件", "为0", "均为零", "十件", "一万万万万万万万万件",
  string.rep("9", 40) .. "件收到", "收到1.5件", "收到2.0件", "第3件收到", "约5件收到", "5余件收到",
  "收到5个工作日", "收到5个申请", "收到5个\xED\xA0\x80", "收到5个\xE4", "收到\xE4\xB8 5件",
  "收\xE5到5件", "收 到5件", "收\u{3000}到5件", "收\n到5件", "收。\n到5件", "收；\n到5件", "\xE4 \xB8\x80件收到",
  "\0收到\0 5件\0", "收到1,2345件", "收到1,234,567件", "收到,123件", "收到12,34件", "2024年结转的3件申请",
  string.rep("，", 300) .. "收到5件" .. string.rep("，收到6件", 200) .. "。", "\xEF\xBC\x91\xEF\xBC\x92件收到申请",
  "\xF0\x9F\x98\x80收到5件", "\xC2\xA0收到\xC2\xA05件", "\xEF\xBB\xBF收到5件", "\xE2\x80\x8B收到5件",
}

local seed = 7
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n + 1 end
local BYTES = { "\xE4", "\xB8", "\x80", "\xED\xA0\x80", " ", "\n", "，", "。", "；", "件", "1", "十", "\0", "\xF0" }

return {
  id = "scanner-probe", severity = "info", description = "prose scanner probe",
  check = function(report, ctx)
    ctx:report{ message = "c:" .. tostring(I.live_sentences ~= I.live_sentences_lua) }
    local texts = {}
    for _, t in ipairs(BASES) do texts[#texts + 1] = t end
    for _, t in ipairs(EXTRA) do texts[#texts + 1] = t end
    for _, t in ipairs(BASES) do -- mutated: bytes deleted and inserted anywhere
      for _ = 1, 40 do
        local s = t
        for _ = 1, rnd(5) do
          local i = rnd(#s + 1)
          if rnd(2) == 1 then s = s:sub(1, i - 1) .. s:sub(i + 1)
          else s = s:sub(1, i - 1) .. BYTES[rnd(#BYTES)] .. s:sub(i) end
        end
        texts[#texts + 1] = s
      end
    end
    local checked, lua_raised = 0, 0
    for _, text in ipairs(texts) do
      local c, l = run(I.live_sentences, text), run(I.live_sentences_lua, text)
      if c ~= l then ctx:report{ message = "DIFF sentences " .. string.format("%q", text) .. "\nC   " .. c .. "\nLua " .. l } end
      for _, piece in ipairs(core.split(core.normalize(text, "compact"), { "。", "！", "？", "!", "?", "\n", "；", ";", "，", ",", "：", ":" })) do
        local tc, tl = run(I.tokens, piece), run(I.tokenize_lua, piece)
        if tl:find("^ERROR") and tl:find("invalid UTF%-8 code") and not tc:find("^ERROR") then
          lua_raised = lua_raised + 1 -- utf8.codepoint in ideograph_at: the C code takes it as no ideograph
        elseif tc ~= tl then
          ctx:report{ message = "DIFF tokens " .. string.format("%q", piece) .. "\nC   " .. tc .. "\nLua " .. tl }
        end
        checked = checked + 1
      end
    end
    ctx:report{ message = string.format("checked %d texts, %d clauses, %d where Lua raises", #texts, checked, lua_raised) }
  end,
}
]==]

    local HOSTILE_PROBE = [==[
local pc = require "govlua.prose_counts"
local core = require "govlua.core"
local I = pc._impl
return {
  id = "scanner-hostile", severity = "info", description = "prose scanner on hostile input",
  check = function(report, ctx)
    local function timed(name, f, ...)
      local t0 = os.clock()
      local ok, r = pcall(f, ...)
      ctx:report{ message = string.format("%s ok=%s n=%s %.3f", name, tostring(ok),
        type(r) == "table" and #r or tostring(r):sub(1, 80), os.clock() - t0) }
    end
    local seed = 3
    local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n + 1 end
    local parts = {}
    for i = 1, 200000 do parts[i] = string.char(rnd(256) - 1, rnd(256) - 1, rnd(256) - 1) end
    local noise = table.concat(parts) -- 600 kB of random bytes
    timed("sentences-repeat", I.live_sentences, string.rep("依申请公开，收到1件。", 20000))
    timed("sentences-noise", I.live_sentences, noise)
    timed("sentences-one-sentence", I.live_sentences, string.rep("收到申请", 100000) .. "1件" .. string.rep("，", 100000))
    timed("sentences-spaces", I.live_sentences, string.rep(" \n\u{3000}", 200000))
    timed("tokens-digits", I.tokens, string.rep("9", 1000000) .. "件")
    timed("tokens-chinese", I.tokens, string.rep("一万", 300000) .. "件")
    timed("tokens-noise", I.tokens, noise)
    timed("tokens-words", I.tokens, string.rep("不予以公开", 100000))
    timed("tokens-nil", I.tokens, nil)
    timed("sentences-table", I.live_sentences, {})
    timed("scanner-empty-spec", core.prose_scanner, {})
    timed("scanner-no-table", core.prose_scanner, "x")
  end,
}
]==]

    local probe_path, hostile_path
    setup(function()
      probe_path = H.temp_file(SCANNER_PROBE, ".lua")
      hostile_path = H.temp_file(HOSTILE_PROBE, ".lua")
    end)

    local function messages(path)
      local res = H.check(H.load_fixture("clean2021"), { rules = { path } })
      assert.are.equal(0, #H.rule_errors(res), H.encode(res.reports[1]))
      local out = {}
      for _, f in ipairs(H.findings(res)) do out[#out + 1] = f.message end
      return out
    end

    it("is used inside govlua, and agrees with the Lua code on sentences and tokens", function()
      local ms = messages(probe_path)
      local c_used, summary = false, nil
      for _, m in ipairs(ms) do
        assert.is_falsy(m:find("^DIFF"), m)
        if m == "c:true" then c_used = true end
        if m:find("^checked") then summary = m end
      end
      assert.is_true(c_used)
      assert.is_truthy(summary and summary:find("^checked 3%d%d texts"), summary)
    end)

    it("does bounded work on huge and hostile input, and checks its arguments", function()
      local by = {}
      for _, m in ipairs(messages(hostile_path)) do
        local name, ok, n, secs = m:match("^(%S+) ok=(%S+) n=(.-) ([%d.]+)$")
        by[name] = { ok = ok, n = n, secs = tonumber(secs) }
      end
      for _, name in ipairs({ "sentences-repeat", "sentences-noise", "sentences-one-sentence",
          "sentences-spaces", "tokens-digits", "tokens-chinese", "tokens-noise", "tokens-words" }) do
        assert.are.equal("true", by[name].ok, name)
        assert.is_true(by[name].secs < 5, name .. " took " .. by[name].secs .. " s")
      end
      assert.are.equal("20000", by["sentences-repeat"].n) -- each "收到1件" sentence is read
      assert.are.equal("1", by["sentences-one-sentence"].n)
      assert.are.equal("nil", by["sentences-spaces"].n)
      assert.are.equal("500000", by["tokens-words"].n) -- 不予以公开, 100000 times, 5 slots each
      assert.are.equal("5", by["tokens-digits"].n)
      for _, name in ipairs({ "tokens-nil", "sentences-table", "scanner-empty-spec", "scanner-no-table" }) do
        assert.are.equal("false", by[name].ok, name)
      end
      assert.is_truthy(by["tokens-nil"].n:find("bad argument"), by["tokens-nil"].n)
      assert.is_truthy(by["scanner-empty-spec"].n:find("prose_scanner"), by["scanner-empty-spec"].n)
      assert.is_truthy(by["scanner-no-table"].n:find("bad argument"), by["scanner-no-table"].n)
    end)
  end)
end)
