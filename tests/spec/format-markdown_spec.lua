-- Format markdown: a heading and a findings table per report, a summary
-- line, and nothing from a report live as Markdown or HTML.
local H = require "helper"

local function rule(messages)
  local parts = {}
  for _, m in ipairs(messages) do
    parts[#parts + 1] = string.format("ctx:report{ path = 'applications.total', message = %q }", m)
  end
  return H.temp_file(string.format([[
return { id = "md_rule.x", severity = "error", description = "markdown spec rule",
  check = function(report, ctx) %s end }
]], table.concat(parts, "\n")), ".lua")
end

-- the cells of a table row, splitting on "|" not preceded by a backslash
local function cells(line)
  local s = line:gsub("\\.", "xx")
  local n = -1
  for _ in s:gmatch("|") do n = n + 1 end
  return n
end

describe("format markdown", function()
  after_each(H.cleanup)

  it("writes a section and a findings table per report, and a summary", function()
    local res = H.check({ H.load_fixture("clean2021"), H.load_fixture("seed") }, { format = "markdown" })
    assert.are.equal(1, res.rc)
    local out = res.raw
    assert.are.equal("# govlua 检查结果\n", out:match("^[^\n]*\n"))
    local f1, f2 = res.files[1]:gsub("_", "\\_"), res.files[2]:gsub("_", "\\_")
    assert.is_true(H.contains(out, "\n## " .. f1 .. "\n"), out)
    assert.is_true(H.contains(out, "\n## " .. f2 .. "\n"), out)
    assert.is_true(H.contains(out, "平潭综合实验区 · 2025 年度 · 2021 版格式"), out)
    assert.is_true(H.contains(out, "未发现问题。"), out)
    assert.is_true(H.contains(out, "| 级别 | 规则 | 位置 | 说明 |\n| --- | --- | --- | --- |\n"), out)
    assert.is_true(H.contains(out,
      "| 错误 | cell-blank | 表三 （七）总计 / 社会公益组织 (applications.total.nonprofit) | "
      .. "表三 （七）总计 / 社会公益组织 为空白，应填写数字（没有发生的填 0） |\n"), out)
    assert.is_true(H.contains(out, "**汇总**：2 份报告，1 个错误，0 个警告"), out)
    -- the clean report comes before the seed: input order
    assert.is_true(out:find(f1, 1, true) < out:find(f2, 1, true))
  end)

  it("names unreadable inputs and rule errors", function()
    local bad = H.temp_file("{ not json", ".json")
    local rc, out = H.run({ "-f", "markdown", "tests/fixtures/rules/broken.lua", H.fixture_path("clean2021"), bad })
    assert.are.equal(4, rc)
    assert.is_true(H.contains(out, "**无法读取**：not valid JSON"), out)
    assert.is_true(H.contains(out, "- broken："), out)
    assert.is_true(H.contains(out, "1 份无法读取"), out)
  end)

  it("escapes everything from the report and the rules", function()
    local msgs = {
      "<img src=x onerror=alert(1)> & &amp; <!-- c -->",
      "a | b | c",
      "line one\nline two\r\nline three",
      "[link](http://evil.example) ![img](x.png) <http://auto.example> www.evil.example me@evil.example",
      "`code` *em* _em_ ~~del~~ $x$ \\ # h",
      "1. not a list",
    }
    local report = H.load_fixture("clean2021")
    report.agency = "<script>alert(1)</script>"
    local res = H.check(report, { format = "markdown", rules = { rule(msgs) } })
    local out = res.raw
    assert.is_nil(out:find("<", 1, true), out)
    assert.is_nil(out:find(">", 1, true), out)
    assert.is_nil(out:find("[^\\]%]%("), out) -- no link: every "]" is escaped
    assert.is_nil(out:find("http://", 1, true), out)
    assert.is_nil(out:find("www.", 1, true), out)
    assert.is_nil(out:find("[^\\]@"), out)
    assert.is_true(H.contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;"), out)
    assert.is_true(H.contains(out, "&amp;amp;"), out)
    assert.is_true(H.contains(out, "a \\| b \\| c"), out)
    assert.is_true(H.contains(out, "line one line two line three"), out)
    assert.is_true(H.contains(out, "\\`code\\` \\*em\\* \\_em\\_ \\~\\~del\\~\\~ \\$x\\$ \\\\ \\# h"), out)
    assert.is_true(H.contains(out, "md\\_rule.x"), out)
    local rows = 0
    for line in out:gmatch("[^\n]+") do
      if line:sub(1, 1) == "|" then
        rows = rows + 1
        assert.are.equal(4, cells(line), line)
      end
    end
    assert.are.equal(2 + #msgs, rows)
  end)
end)
