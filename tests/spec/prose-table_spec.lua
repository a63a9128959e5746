-- prose-table: counts stated in the prose of any section must match 表三 and 表四.
local H = require "helper"

local RULE = "prose-table"

-- n (0..9999) in Chinese numerals, as reports write them: 十二, 二十一, 一百零五
local function chinese(n)
  local D = { [0] = "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" }
  if n == 0 then return "零" end
  if n < 10 then return D[n] end
  if n < 20 then return "十" .. (n % 10 > 0 and D[n % 10] or "") end
  local out, units, zero = "", { { 1000, "千" }, { 100, "百" }, { 10, "十" } }, false
  for _, u in ipairs(units) do
    local d = (n // u[1]) % 10
    if d > 0 then
      out = out .. (zero and "零" or "") .. D[d] .. u[2]
      zero = false
    elseif out ~= "" then
      zero = true
    end
  end
  if n % 10 > 0 then out = out .. (zero and "零" or "") .. D[n % 10] end
  return out
end

-- One sentence per quantity, {} replaced by the number, and the table side the
-- message must name.
local QUANTITIES = {
  { q = "new", text = "本年度共收到政府信息公开申请%s件。", paths = { "applications.new.total" },
    label = "表三 一、本年新收政府信息公开申请数量 / 总计" },
  { q = "carried_over", text = "依申请公开方面，上年结转政府信息公开申请%s件。",
    paths = { "applications.carried_over.total" }, label = "表三 二、上年结转政府信息公开申请数量 / 总计" },
  { q = "granted", text = "办理的政府信息公开申请中，予以公开%s件。", paths = { "applications.granted.total" },
    label = "表三 （一）予以公开 / 总计" },
  { q = "total", text = "依申请公开方面，共办结政府信息公开申请%s件。", paths = { "applications.total.total" },
    label = "表三 （七）总计 / 总计" },
  { q = "carried_forward", text = "依申请公开方面，结转下年度继续办理%s件。",
    paths = { "applications.carried_forward.total" }, label = "表三 四、结转下年度继续办理 / 总计" },
  { q = "review", text = "因政府信息公开被申请行政复议%s起。", paths = { "appeals.review.total" },
    label = "表四 行政复议 / 总计" },
  { q = "litigation", text = "因政府信息公开被提起行政诉讼%s起。",
    paths = { "appeals.litigation_direct.total", "appeals.litigation_after_review.total" },
    label = "表四 行政诉讼·未经复议直接起诉 / 总计" },
}

local EDITIONS = { { edition = "2021", fixture = "clean2021" }, { edition = "2019", fixture = "clean2019" } }

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res), H.encode(res.reports[1]))
  assert.are.equal(0, res.summary.rule_errors)
end

local function has(m, piece)
  assert.is_true(H.contains(m, piece), "message lacks " .. piece .. ": " .. tostring(m))
end

local function table_value(r, qd)
  local sum = 0
  for _, p in ipairs(qd.paths) do sum = sum + H.get(r, p) end
  return math.tointeger(sum) -- cjson reads numbers as floats
end

local function with_overview(fixture, text)
  local r = H.load_fixture(fixture)
  H.set(r, "sections.overview", text)
  return r
end

local function check(r)
  local res = H.check_rule(r, RULE)
  assert_ran(res)
  return res
end

describe("rule " .. RULE, function()
  it("passes the seed (no counts in its prose)", function()
    local res = check(H.load_fixture("seed"))
    assert.are.equal(0, #H.findings(res, RULE))
  end)

  it("passes 平潭 2025, whose prose states 154/148/6 and 36, 9 — as its tables do", function()
    local r = H.load_fixture("clean2021")
    assert.is_truthy(r.sections.overview:find("全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件", 1, true))
    assert.is_truthy(r.sections.overview:find("行政复议36起，行政诉讼9起", 1, true))
    local res = check(r)
    assert.are.equal(0, #H.findings(res, RULE))
    assert.are.equal(0, res.rc)
  end)

  for _, ed in ipairs(EDITIONS) do
    describe("edition " .. ed.edition, function()
      it("passes the clean report", function()
        local res = check(H.load_fixture(ed.fixture))
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, res.rc)
      end)

      for _, qd in ipairs(QUANTITIES) do
        it("accepts " .. qd.q .. " equal to the table, in Arabic and Chinese numerals", function()
          local r = H.load_fixture(ed.fixture)
          local v = table_value(r, qd)
          for _, shown in ipairs({ tostring(v), chinese(v) }) do
            local res = check(with_overview(ed.fixture, string.format(qd.text, shown)))
            assert.are.equal(0, #H.findings(res, RULE), H.encode(res.reports[1]))
          end
        end)

        it("reports " .. qd.q .. " that differs from the table (Arabic)", function()
          local r = H.load_fixture(ed.fixture)
          local v = table_value(r, qd)
          local text = string.format(qd.text, tostring(v + 7))
          local res = check(with_overview(ed.fixture, text))
          local fd = H.one(res, RULE)
          assert.are.equal("warning", fd.severity)
          assert.are.equal("sections.overview", fd.path)
          local clause = text:gsub("。$", ""):gsub("^.*，", "")
          has(fd.message, "正文“" .. clause .. "”")
          has(fd.message, qd.label)
          if #qd.paths == 1 then
            has(fd.message, string.format("%s（%d）不一致", qd.label, v))
          else
            has(fd.message, string.format("+ 行政诉讼·复议后起诉 / 总计（%d）之和（%d）不一致",
              H.get(r, qd.paths[2]), v))
          end
          assert.are.equal(0, res.rc) -- a warning only
        end)

        it("reports " .. qd.q .. " that differs from the table (Chinese numerals)", function()
          local r = H.load_fixture(ed.fixture)
          local v = table_value(r, qd)
          local res = check(with_overview(ed.fixture, string.format(qd.text, chinese(v + 12))))
          local fd = H.one(res, RULE)
          assert.are.equal("sections.overview", fd.path)
          has(fd.message, chinese(v + 12))
          has(fd.message, string.format("（即 %d）", v + 12))
          has(fd.message, qd.label)
        end)

        it("leaves " .. qd.q .. " alone when the table cell is blank, text or missing", function()
          local r = H.load_fixture(ed.fixture)
          local v = table_value(r, qd)
          local text = string.format(qd.text, tostring(v + 7))
          for _, bad in ipairs({ H.null, "—", false }) do
            local r2 = with_overview(ed.fixture, text)
            H.set(r2, qd.paths[#qd.paths], bad ~= false and bad or nil)
            local res = check(r2)
            assert.are.equal(0, #H.findings(res, RULE), H.encode(res.reports[1]))
          end
        end)
      end

      it("reports a zero stated by a negation: 未收到政府信息公开申请", function()
        local r = with_overview(ed.fixture, "本年度，我单位未收到政府信息公开申请。")
        local new = r.applications.new.total
        local res = check(r)
        if new == 0 then
          assert.are.equal(0, #H.findings(res, RULE))
        else
          local fd = H.one(res, RULE)
          has(fd.message, "正文“我单位未收到政府信息公开申请”（即 0）")
          has(fd.message, string.format("总计（%d）不一致", new))
        end
      end)
    end)
  end

  describe("on 平潭 2025 (154/0/33/148/6; 行政复议 36; 行政诉讼 6 + 3)", function()
    it("reports the prose when the table changes (the table may be the wrong side)", function()
      local r = H.load_fixture("clean2021")
      H.set(r, "applications.new.total", 150)
      H.set(r, "appeals.litigation_after_review.total", 4)
      local res = check(r)
      local fs = H.findings(res, RULE)
      assert.are.equal(2, #fs, H.encode(res.reports[1]))
      table.sort(fs, function(a, b) return a.message < b.message end)
      local msgs = fs[1].message .. "\n" .. fs[2].message
      has(msgs, "正文“全区共收到政府信息公开申请154件”与表三 一、本年新收政府信息公开申请数量 / 总计（150）不一致")
      has(msgs, "正文“行政诉讼9起”与表四 行政诉讼·未经复议直接起诉 / 总计（6）+ 行政诉讼·复议后起诉 / 总计（4）之和（10）不一致")
      for _, f in ipairs(fs) do assert.are.equal("sections.overview", f.path) end
    end)

    it("沭阳 2025: 受理749件 against 713 new + 36 carried over is a contradiction", function()
      local r = with_overview("clean2021", "全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件，"
        .. "法人或其他组织申请 8 件；共办理 718 件，结转下一年 31 件。")
      H.set(r, "applications.new.total", 713)
      H.set(r, "applications.carried_over.total", 36)
      H.set(r, "applications.total.total", 718)
      H.set(r, "applications.carried_forward.total", 31)
      local fd = H.one(check(r), RULE)
      assert.are.equal("sections.overview", fd.path)
      has(fd.message, "正文“全县全年共受理政府信息公开申请749件”与表三 一、本年新收政府信息公开申请数量 / 总计（713）不一致")
      has(fd.message, "749 是本年新收与上年结转之和，正文未说明含上年结转")
    end)

    it("accepts 收到N件（含上年结转M件） when N = new + carried over", function()
      local r = with_overview("clean2021", "全年共收到政府信息公开申请159件（含上年结转5件），办结148件。")
      H.set(r, "applications.carried_over.total", 5)
      H.set(r, "applications.carried_forward.total", 11)
      local res = check(r)
      assert.are.equal(0, #H.findings(res, RULE), H.encode(res.reports[1]))
    end)

    it("names both readings when 收到N件（含上年结转M件） matches neither", function()
      local r = with_overview("clean2021", "全年共收到政府信息公开申请170件（含上年结转5件）。")
      H.set(r, "applications.carried_over.total", 5)
      local fd = H.one(check(r), RULE)
      has(fd.message, "总计（154）不一致，也不等于本年新收与上年结转之和（159）")
    end)

    it("reports 未发生行政复议、行政诉讼 against 36 and 9, once per quantity", function()
      local r = with_overview("clean2021", "2025年，未发生因政府信息公开引起的行政复议、行政诉讼案件。")
      local fs = H.findings(check(r), RULE)
      assert.are.equal(2, #fs)
      local msgs = fs[1].message .. "\n" .. fs[2].message
      has(msgs, "（即 0）与表四 行政复议 / 总计（36）不一致")
      has(msgs, "（即 0）与表四 行政诉讼·未经复议直接起诉 / 总计（6）+ 行政诉讼·复议后起诉 / 总计（3）之和（9）不一致")
    end)

    it("scans every section and reports each at its own path", function()
      local r = H.load_fixture("clean2021")
      H.set(r, "sections.applications", "本年度共收到申请30件，办结30件。")
      H.set(r, "sections.appeals", "行政复议3件，行政诉讼1件。")
      H.set(r, "sections.problems", "本年度政府信息公开申请予以公开20件，答复质量有待提升。")
      H.set(r, "sections.other", "2025年，未收取信息处理费。全年共收到政府信息公开申请154件。")
      local res = check(r)
      local by = {}
      for _, f in ipairs(H.findings(res, RULE)) do
        by[f.path] = (by[f.path] or 0) + 1
      end
      assert.are.same({ ["sections.applications"] = 2, ["sections.appeals"] = 2, ["sections.problems"] = 1 }, by)
    end)

    it("one finding per section and quantity; none when one of the numbers matches", function()
      local res = check(with_overview("clean2021",
        "全区共收到政府信息公开申请160件。区公安局收到政府信息公开申请12件。"))
      local fd = H.one(res, RULE)
      has(fd.message, "正文“全区共收到政府信息公开申请160件”")

      res = check(with_overview("clean2021",
        "全区共收到政府信息公开申请154件。区公安局收到政府信息公开申请12件。"))
      assert.are.equal(0, #H.findings(res, RULE))
    end)

    it("does not read counts that are not about the tables", function()
      local res = check(with_overview("clean2021", table.concat({
        "全年主动公开政府信息1234条。",
        "受理各类群众诉求259起，办结率100%。",
        "全年共办理人大建议12件、政协提案20件。",
        "依申请公开方面，受理行政许可申请1234件，办结1230件。",
        "2024年，全区共收到政府信息公开申请80件，办结78件，结转2件。",
        "共收到政府信息公开申请约150件。",
        "其中，区公安局收到政府信息公开申请5件。",
        "办结依申请公开81件，其中：予以公开及部分公开42件。",
        "全县共办理行政复议案件85件。",
        "依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件 74 件。",
        "未经行政复议直接提起行政诉讼的政府信息公开案件2件。",
        "着力减少政府信息公开行政复议、行政诉讼案件数量。",
      })))
      local fs = H.findings(res, RULE)
      -- only 办结81件 is a count of the table: (七)总计 is 148
      assert.are.equal(1, #fs, H.encode(res.reports[1]))
      has(fs[1].message, "正文“办结依申请公开81件”与表三 （七）总计 / 总计（148）不一致")
    end)

    it("skips a report without sections, tables or edition", function()
      local r = H.load_fixture("clean2021")
      r.sections = nil
      assert.are.equal(0, #H.findings(check(r), RULE))

      r = with_overview("clean2021", "本年度共收到政府信息公开申请160件。")
      r.applications = nil
      r.appeals = nil
      assert.are.equal(0, #H.findings(check(r), RULE))

      r = with_overview("clean2021", "本年度共收到政府信息公开申请160件。")
      r.edition = nil
      local fd = H.one(check(r), RULE)
      has(fd.message, "（154）不一致")
    end)
  end)

  -- The scanning in C (govlua.core.prose_scanner) must not change a finding:
  -- with GOVLUA_SLOW_PATHS=1 govlua.prose_counts does it all in Lua.
  describe("with and without the C scanner", function()
    local FRAGMENTS = {
      pre = { "", "全年", "2025年，", "2024年", "全区共", "依申请公开方面，", "因政府信息公开", "其中，", "本年度",
        "未", "没有", "约", "同比", "确保", "上年", "已", "均" },
      kw = { "收到", "受理", "新收", "办结", "办理", "答复", "予以公开", "上年结转", "结转", "行政复议", "行政诉讼",
        "信息公开申请", "依申请公开", "延期答复", "不予公开", "行政复议、行政诉讼", "案件", "纠错", "信访", "许可" },
      mid = { "", "政府信息公开申请", "各类", "共计", "数量为", "均为", "各", "、", "和", "下年度", "至2026年", "的" },
      num = { "154", "0", "3", "12", "36", "9", "148", "6", "2024", "1,234", "3.5", "１２", "十二", "一百零五", "两", "零", "" },
      unit = { "件", "件", "起", "例", "个", "条", "", "件以上", "个工作日", "%", "年" },
      tail = { "", "，", "。", "；", "：", "\n", "（含上年结转3件）", " " },
    }
    local seed = 11
    local function pick(list) seed = (seed * 1103515245 + 12345) % 2147483648; return list[seed % #list + 1] end

    it("gives the same findings on 400 generated reports", function()
      local base = H.load_fixture("clean2021")
      local lines = {}
      for i = 1, 400 do
        local text = {}
        for _ = 1, 1 + i % 4 do
          text[#text + 1] = pick(FRAGMENTS.pre) .. pick(FRAGMENTS.kw) .. pick(FRAGMENTS.mid) .. pick(FRAGMENTS.num)
            .. pick(FRAGMENTS.unit) .. pick(FRAGMENTS.tail)
        end
        base.year = 2023 + i % 4
        base.sections.overview = table.concat(text)
        base.sections.applications = i % 3 == 0 and base.sections.overview or ""
        base.sections.appeals = i % 3 == 1 and base.sections.overview or ""
        lines[#lines + 1] = H.encode(base)
      end
      local input = H.temp_file(table.concat(lines, "\n") .. "\n", ".jsonl")
      local function run(env)
        local p = assert(io.popen("cd " .. H.shquote(H.source_dir) .. " && " .. env .. " " .. H.shquote(H.bin)
          .. " --jsonl -q -j 2 -f jsonl rules/prose-table.lua " .. H.shquote(input) .. " 2>&1"))
        local out = p:read("a")
        p:close()
        return out
      end
      local fast, slow = run("GOVLUA_SLOW_PATHS=0"), run("GOVLUA_SLOW_PATHS=1")
      local _, n = fast:gsub('"rule":"prose%-table"', "")
      assert.is_true(n > 50, "only " .. n .. " findings")
      assert.is_falsy(fast:find('"rule_errors":%[{'))
      assert.are.equal(slow, fast)
      H.cleanup()
    end)
  end)
end)
