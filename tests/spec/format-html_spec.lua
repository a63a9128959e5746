-- Format html: one self-contained page, parsed back with python3's
-- html.parser: the three tables laid out by the edition's schema, cells a
-- finding points at marked, blank/missing/text cells shown as such, the
-- overview with its chart, deterministic output.
local H = require "helper"
local cjson = require "cjson"

-- Parses HTML into a flat list of elements {tag, attrs, text, up = {ancestor indexes}}
-- and checks that every non-void element is closed in order.
local PARSE = [==[
import json, sys
from html.parser import HTMLParser
VOID = {"meta", "br", "img", "input", "link", "hr"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.els, self.stack, self.errors = [], [], []
    def add(self, tag, attrs):
        self.els.append({"tag": tag, "attrs": {k: (v if v is not None else "") for k, v in attrs},
                         "text": "", "up": list(self.stack)})
        return len(self.els) - 1
    def handle_starttag(self, tag, attrs):
        i = self.add(tag, attrs)
        if tag not in VOID: self.stack.append(i)
    def handle_startendtag(self, tag, attrs):
        self.add(tag, attrs)
    def handle_endtag(self, tag):
        if not self.stack or self.els[self.stack[-1]]["tag"] != tag:
            self.errors.append("unexpected </%s>" % tag)
        else:
            self.stack.pop()
    def handle_data(self, d):
        for i in self.stack: self.els[i]["text"] += d
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
if p.stack: p.errors.append("unclosed: " + ",".join(p.els[i]["tag"] for i in p.stack))
print(json.dumps({"els": p.els, "errors": p.errors}))
]==]

local function parse(html)
  local script = H.temp_file(PARSE, ".py")
  local path = H.temp_file(html, ".html")
  local p = assert(io.popen("python3 " .. H.shquote(script) .. " " .. H.shquote(path) .. " 2>&1"))
  local out = p:read("a")
  p:close()
  local ok, doc = pcall(cjson.decode, out)
  assert(ok, "python3 could not parse the HTML: " .. out)
  assert.are.same({}, doc.errors)
  for i, e in ipairs(doc.els) do
    e.i = i - 1
    e.class = " " .. (e.attrs.class or "") .. " "
  end
  return doc
end

local function all(doc, pred)
  local out = {}
  for _, e in ipairs(doc.els) do if pred(e) then out[#out + 1] = e end end
  return out
end

local function by_id(doc, id)
  return all(doc, function(e) return e.attrs.id == id end)[1]
end

local function inside(e, ancestor)
  for _, i in ipairs(e.up) do if i == ancestor.i then return true end end
  return false
end

local function has_class(e, c) return e.class:find(" " .. c .. " ", 1, true) ~= nil end

-- the elements with tag inside the element with that id
local function within(doc, id, tag)
  local a = assert(by_id(doc, id), "no element #" .. id)
  return all(doc, function(e) return e.tag == tag and inside(e, a) end)
end

local function rule(id, findings)
  local parts = {}
  for _, f in ipairs(findings) do
    parts[#parts + 1] = string.format("ctx:report{ path = %q, message = %q, severity = %q }",
      f[1], f[2], f[3] or "error")
  end
  return H.temp_file(string.format([[
return { id = %q, severity = "error", description = "html spec rule",
  check = function(report, ctx) %s end }
]], id, table.concat(parts, "\n")), ".lua")
end

local function html(reports, opts)
  opts = opts or {}
  opts.format = "html"
  local res = H.check(reports, opts)
  return parse(res.raw), res
end

describe("format html", function()
  after_each(H.cleanup)

  it("is one self-contained, deterministic page", function()
    local doc, res = html({ H.load_fixture("clean2021"), H.load_fixture("seed") })
    assert.are.equal(1, res.rc)
    assert.are.equal("<!DOCTYPE html>\n", res.raw:sub(1, 16))
    for _, e in ipairs(doc.els) do
      assert.is_true(e.tag ~= "script" and e.tag ~= "link" and e.tag ~= "img" and e.tag ~= "iframe", e.tag)
      assert.is_nil(e.attrs.src)
      if e.attrs.href then assert.are.equal("#", e.attrs.href:sub(1, 1), e.attrs.href) end
    end
    assert.is_nil(res.raw:find("url(", 1, true))
    assert.is_nil(res.raw:find("@import", 1, true))
    local again = H.check({ H.load_fixture("clean2021"), H.load_fixture("seed") }, { format = "html" })
    assert.are.equal(res.raw:gsub("/tmp/lua_%w+", "F"), (again.raw:gsub("/tmp/lua_%w+", "F")))
    -- every in-page link has its target
    for _, a in ipairs(all(doc, function(e) return e.tag == "a" end)) do
      assert.is_not_nil(by_id(doc, a.attrs.href:sub(2)), "dangling link " .. a.attrs.href)
    end
  end)

  it("lays out the three tables by the edition's rows and columns", function()
    local doc = html({ H.load_fixture("clean2021"), H.load_fixture("seed") })
    -- 2021: 表二 6 rows (3 + 3 + 1 + 1 + 1 + 1 cells), 表三 25 rows × 7, 表四 3 × 5
    assert.are.equal(3 + 3 + 1 + 1 + 1 + 1, #within(doc, "r1-t-active", "td"))
    assert.are.equal(25 * 7, #within(doc, "r1-t-applications", "td"))
    assert.are.equal(15, #within(doc, "r1-t-appeals", "td"))
    -- 2019: 表二 8 rows, 表三 23 rows
    assert.are.equal(3 + 3 + 3 * 4 + 2 + 2, #within(doc, "r2-t-active", "td"))
    assert.are.equal(23 * 7, #within(doc, "r2-t-applications", "td"))
    local heads = {}
    for _, th in ipairs(within(doc, "r1-t-applications", "th")) do heads[th.text] = true end
    for _, l in ipairs({ "自然人", "法人或其他组织", "商业企业", "社会公益组织", "总计", "三、本年度办理结果",
                         "（三）不予公开", "1.属于国家秘密", "（七）总计", "四、结转下年度继续办理" }) do
      assert.is_true(heads[l], "表三 lacks " .. l)
    end
    heads = {}
    for _, th in ipairs(within(doc, "r1-t-appeals", "th")) do heads[th.text] = true end
    for _, l in ipairs({ "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "尚未审结" }) do
      assert.is_true(heads[l], "表四 lacks " .. l)
    end
    heads = {}
    for _, th in ipairs(within(doc, "r2-t-active", "th")) do heads[th.text] = true end
    for _, l in ipairs({ "第二十条第（九）项", "政府集中采购", "采购总金额（万元）", "本年增/减" }) do
      assert.is_true(heads[l], "表二 (2019) lacks " .. l)
    end
  end)

  it("marks the cell a finding points at and links it with the finding", function()
    local doc = html(H.load_fixture("seed"), { rules = { "rules/cell-blank.lua" } })
    local td = by_id(doc, "r1-c-applications.total.nonprofit")
    assert.is_not_nil(td)
    assert.are.equal("td", td.tag)
    assert.is_true(has_class(td, "blank") and has_class(td, "flag-error"), td.class)
    assert.are.equal("空白1", td.text)
    assert.is_true(H.contains(td.attrs.title, "[1] 表三 （七）总计 / 社会公益组织 为空白"), td.attrs.title)
    local li = by_id(doc, "r1-f1")
    assert.are.equal("li", li.tag)
    assert.is_true(H.contains(li.text, "cell-blank"), li.text)
    local links = all(doc, function(e) return e.tag == "a" and inside(e, li) end)
    assert.are.equal("#r1-c-applications.total.nonprofit", links[1].attrs.href)
    local back = all(doc, function(e) return e.tag == "a" and inside(e, td) end)
    assert.are.equal("#r1-f1", back[1].attrs.href)
    -- only that cell is flagged
    assert.are.equal(1, #all(doc, function(e) return e.tag == "td" and e.class:find("flag-", 1, true) end))
  end)

  it("shows blank, missing and text cells as such", function()
    local r = H.load_fixture("clean2021")
    H.set(r, "applications.new.natural", H.null)
    H.set(r, "applications.new.commercial", nil)
    H.set(r, "applications.new.research", "—")
    H.set(r, "appeals", nil)
    local doc = html(r, { rules = { "rules/cell-blank.lua" } })
    local tds = within(doc, "r1-t-applications", "td")
    assert.are.equal("空白", tds[1].text:sub(1, 6))
    assert.is_true(has_class(tds[2], "missing"), tds[2].class)
    assert.are.equal("缺失", tds[2].text)
    assert.is_true(has_class(tds[3], "text"), tds[3].class)
    assert.are.equal("—", tds[3].text)
    local appeals = within(doc, "r1-t-appeals", "td")
    assert.are.equal(15, #appeals)
    for _, td in ipairs(appeals) do assert.are.equal("缺失", td.text) end
    assert.is_true(H.contains(by_id(doc, "r1-t-appeals").text, "报告中没有这张表"))
  end)

  it("marks a row, a group of rows and a table", function()
    local r = rule("where", {
      { "applications.total", "the row", "warning" },
      { "applications.withheld", "the group", "info" },
      { "appeals", "the table" },
      { "appeals.review", "a group of 表四" },
      { "sections.problems", "outside the tables", "warning" },
    })
    local doc = html(H.load_fixture("clean2021"), { rules = { r } })
    local rows = within(doc, "r1-t-applications", "tr")
    local flagged = {}
    for _, tr in ipairs(rows) do
      if tr.class:find("flag-", 1, true) then flagged[#flagged + 1] = tr end
    end
    assert.are.equal(1 + 8, #flagged) -- （七）总计 and the eight rows of （三）
    local total_row
    for _, tr in ipairs(flagged) do if H.contains(tr.text, "（七）总计") then total_row = tr end end
    assert.is_true(has_class(total_row, "flag-warning"), total_row.class)
    assert.is_true(H.contains(total_row.attrs.title, "the row"))
    local group_th = all(doc, function(e) return e.tag == "th" and e.text:find("^（三）不予公开") end)[1]
    assert.is_true(has_class(group_th, "flag-info"), group_th.class)
    local t = by_id(doc, "r1-t-appeals")
    assert.is_true(has_class(t, "flag-error"), t.class)
    local review = all(doc, function(e) return e.tag == "td" and inside(e, t) and e.class:find("flag-error", 1, true) end)
    assert.are.equal(5, #review)
    -- a finding outside the tables is listed, without a link
    local li = all(doc, function(e) return e.tag == "li" and H.contains(e.text, "outside the tables") end)[1]
    assert.is_truthy(li.attrs.id:match("^r1%-f%d$"), li.attrs.id)
    assert.are.equal(0, #all(doc, function(e) return e.tag == "a" and inside(e, li) end))
  end)

  it("ends with an overview: totals, a chart per rule, the worst reports first", function()
    local worse = H.load_fixture("seed")
    H.set(worse, "applications.total.natural", H.null)
    local bad = H.temp_file("{ not json", ".json")
    local doc, res = html({ H.load_fixture("clean2021"), H.load_fixture("seed"), worse, bad },
                          { rules = { "rules/cell-blank.lua", "rules/application-row-total.lua" } })
    assert.are.equal(3, res.rc)
    local ov = by_id(doc, "overview")
    local sections = all(doc, function(e) return e.tag == "section" end)
    assert.are.equal(ov, sections[#sections]) -- written last …
    assert.is_true(H.contains(res.raw, "#overview{order:-1}")) -- … shown first
    assert.is_true(H.contains(ov.text, "4 份报告"), ov.text)
    assert.is_true(H.contains(ov.text, "1 份无法读取"), ov.text)
    local rects = all(doc, function(e) return e.tag == "rect" and inside(e, ov) end)
    assert.is_true(#rects >= 1)
    local order = {}
    for _, a in ipairs(all(doc, function(e) return e.tag == "a" and inside(e, ov) end)) do
      order[#order + 1] = a.attrs.href
    end
    assert.are.same({ "#r3", "#r2", "#r1", "#r4" }, order)
    assert.is_true(H.contains(by_id(doc, "r4").text, "无法读取"), by_id(doc, "r4").text)
    local rule_cells = {}
    for _, td in ipairs(all(doc, function(e) return e.tag == "td" and inside(e, ov) and has_class(e, "rule") end)) do
      rule_cells[#rule_cells + 1] = td.text
    end
    assert.are.same({ "cell-blank" }, rule_cells) -- only rules with findings, most errors first
  end)
end)
