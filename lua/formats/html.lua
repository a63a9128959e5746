-- html: one self-contained page (inline CSS, no script, no external asset;
-- works offline and can be mailed as one file).
--
-- Per report, in input order:
--   the file, agency · year · edition, counts, the title
--   the findings, numbered [1] [2] …, each linking to the cell it is about
--   表二 by the rows and columns of the report's edition (in the template's
--   blocks 第二十条第（一）项 …), 表三 with the seven applicant columns and
--   every row of the edition, 表四 as three groups × five columns
--   the six sections of prose (folded)
-- A cell a finding points at is marked: a class for its worst severity
-- (flag-error / flag-warning / flag-info), a title attribute with the
-- messages and superscript links to the numbered findings.  A finding about
-- a whole row marks the row, one about a group of rows (applications.withheld)
-- marks those rows, one about a table marks the table.  Blank cells read
-- “空白”, missing ones “缺失”, text cells are shown as they are.
--
-- An overview closes the document but is shown first (CSS order): totals,
-- errors and warnings per rule as an inline SVG bar chart and a table, and the
-- reports worst first (most errors, then rule errors, warnings, infos; ties
-- in input order).  Only small per-report summaries are kept for it, never
-- the report models, so a large batch streams in constant memory per report.
--
-- Everything that comes from a report, a rule or a file name is HTML-escaped
-- (& < > " '), with control characters dropped.  The output depends only on
-- the inputs: no timestamps, no host names.
local gl = require "govlua"
local esc = require "govlua.escape"
local locate = require "govlua.locate"

local h = esc.html     -- text and attribute values
local ha = esc.xml     -- attribute values that may hold line breaks (title=)

local SEV = { error = "错误", warning = "警告", info = "提示" }
local RANK = locate.RANK

local CSS = [[
:root{--err:#c62828;--err-bg:#fde0e0;--warn:#a86400;--warn-bg:#fff1c7;--info:#1565c0;--info-bg:#e1efff;--line:#c9c9c9;--muted:#666}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1d1d1d;background:#f6f6f4}
.page{display:flex;flex-direction:column;max-width:1200px;margin:0 auto;padding:16px}
.top{order:-3}.load-errors{order:-2}#overview{order:-1}
section,.top,.load-errors{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 18px;margin:0 0 16px}
h1{font-size:22px;margin:4px 0}h2{font-size:18px;margin:4px 0 8px;word-break:break-all}h3{font-size:15px;margin:18px 0 6px}
.muted,.meta{color:var(--muted)}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;margin-right:4px;border:1px solid}
.b-error{color:var(--err);border-color:var(--err);background:var(--err-bg)}
.b-warning{color:var(--warn);border-color:var(--warn);background:var(--warn-bg)}
.b-info{color:var(--info);border-color:var(--info);background:var(--info-bg)}
.b-ok{color:#2e7d32;border-color:#2e7d32;background:#e6f4e7}
ol.findings{padding-left:2.2em}ol.findings li{margin:4px 0}
.sev{font-weight:bold}.sev-error .sev{color:var(--err)}.sev-warning .sev{color:var(--warn)}.sev-info .sev{color:var(--info)}
.rule,.path{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:#444}
.msg{white-space:pre-wrap;margin-left:1em}
table.grid{border-collapse:collapse;margin:4px 0 10px;font-size:13px}
table.grid th,table.grid td{border:1px solid var(--line);padding:2px 6px;vertical-align:middle}
table.grid th{background:#f1f1ef;font-weight:normal;text-align:center}
table.grid th.label{text-align:left}
table.grid td{text-align:right;min-width:3.5em;font-variant-numeric:tabular-nums}
table.grid caption{text-align:left;font-weight:bold;padding:4px 0}
td.blank{color:#888;font-style:italic;background:#f4f4f4}
td.missing{color:#888;background:repeating-linear-gradient(45deg,#fafafa,#fafafa 4px,#eee 4px,#eee 8px)}
td.text{text-align:left;color:#5b3d00}
tr.article th{background:#e8e8e4;text-align:left;font-weight:bold}
.flag-error{outline:2px solid var(--err);outline-offset:-2px;background:var(--err-bg)!important}
.flag-warning{outline:2px solid var(--warn);outline-offset:-2px;background:var(--warn-bg)!important}
.flag-info{outline:2px dashed var(--info);outline-offset:-2px;background:var(--info-bg)!important}
tr.flag-error>*,tr.flag-warning>*,tr.flag-info>*{border-top:2px solid;border-bottom:2px solid}
tr.flag-error>*{border-color:var(--err)}tr.flag-warning>*{border-color:var(--warn)}tr.flag-info>*{border-color:var(--info)}
table.flag-error{outline:3px solid var(--err)}table.flag-warning{outline:3px solid var(--warn)}table.flag-info{outline:3px dashed var(--info)}
sup.ref{font-size:10px;margin-left:2px}sup.ref a{text-decoration:none}
.prose{white-space:pre-wrap;margin:4px 0 10px 1em}
details summary{cursor:pointer;color:#333}
pre{white-space:pre-wrap;font-size:12px;background:#f6f6f6;padding:6px}
.error-box{color:var(--err)}
table.list{border-collapse:collapse;font-size:13px}
table.list th,table.list td{border-bottom:1px solid #e4e4e4;padding:3px 8px;text-align:left}
table.list td.n{text-align:right;font-variant-numeric:tabular-nums}
svg.chart text{font-size:12px;font-family:ui-monospace,Menlo,Consolas,monospace}
@media print{body{background:#fff}section{break-inside:avoid-page}}
]]

-- 表二: the article of 第二十条 each row belongs to, as in the template
local ARTICLE = {
  rules = "（一）", normative_documents = "（一）", licensing = "（五）", other_services = "（五）",
  penalty = "（六）", coercion = "（六）", fees = "（八）", procurement = "（九）",
}
local TABLE_TITLE = {
  active = "表二 主动公开政府信息情况",
  applications = "表三 收到和处理政府信息公开申请情况",
  appeals = "表四 政府信息公开行政复议、行政诉讼情况",
}

local function add(map, key, v)
  local l = map[key]
  if not l then l = {}; map[key] = l end
  l[#l + 1] = v
end

local function append(a, b)
  if not b then return a end
  local out = {}
  for _, v in ipairs(a or {}) do out[#out + 1] = v end
  for _, v in ipairs(b) do out[#out + 1] = v end
  return out
end

-- The report being written: its number, findings, and what they mark.
local Page = {}
Page.__index = Page

function Page:worst(refs)
  local best, rank = nil, 0
  for _, i in ipairs(refs) do
    local k = RANK[self.findings[i].severity] or 0
    if k > rank then best, rank = self.findings[i].severity, k end
  end
  return best
end

-- ' class="flag-X" title="…"' for a list of finding numbers ("" if none)
function Page:flag(refs, extra)
  local cls = extra
  if refs and #refs > 0 then
    local w = self:worst(refs) or "info"
    cls = (cls and cls .. " " or "") .. "flag-" .. w
    local lines = {}
    for _, i in ipairs(refs) do lines[#lines + 1] = "[" .. i .. "] " .. (self.findings[i].message or "") end
    return ' class="' .. cls .. '" title="' .. ha(table.concat(lines, "\n")) .. '"'
  end
  return cls and (' class="' .. cls .. '"') or ""
end

-- superscript links to findings
function Page:refs(refs)
  if not refs or #refs == 0 then return "" end
  local out = {}
  for _, i in ipairs(refs) do
    out[#out + 1] = '<a href="#' .. self.id .. '-f' .. i .. '">' .. i .. '</a>'
  end
  return '<sup class="ref">' .. table.concat(out, ",") .. '</sup>'
end

function Page:cell(path, v, extra_refs)
  local refs = append(self.marks.cell[path], extra_refs) or {}
  local kind = gl.kind(v)
  local cls, content
  if kind == "number" then cls, content = "num", h(gl.show(v))
  elseif kind == "blank" then cls, content = "blank", "空白"
  elseif kind == "missing" then cls, content = "missing", "缺失"
  elseif kind == "text" then cls, content = "text", h(v)
  else cls, content = "text", h(type(v)) end
  local id = #refs > 0 and (' id="' .. self.id .. '-c-' .. h(path) .. '"') or ""
  return '<td' .. id .. self:flag(refs, cls) .. '>' .. content
    .. self:refs(self.marks.cell[path]) .. '</td>'
end

local function value(row, key)
  if type(row) ~= "table" then return nil end
  return row[key]
end

function Page:table_open(tbl)
  local refs = self.marks.table[tbl]
  return '<table' .. self:flag(refs, "grid") .. ' id="' .. self.id .. '-t-' .. tbl .. '"><caption>' .. TABLE_TITLE[tbl] .. self:refs(refs)
    .. (self.report[tbl] == nil and ' <span class="muted">（报告中没有这张表）</span>' or "")
    .. '</caption>'
end

function Page:row_refs(r)
  local refs = self.marks.row[r.path]
  if r.group then refs = append(refs, self.marks.row[r.table .. "." .. r.group]) end
  return refs
end

-- 表二
function Page:active()
  local rows = gl.rows(self.edition, "active")
  local width = 1
  for _, r in ipairs(rows) do width = math.max(width, #r.columns) end
  local out = { self:table_open("active") }
  local block
  for _, r in ipairs(rows) do
    local sig = {}
    for i, c in ipairs(r.columns) do sig[i] = c.key end
    local key = (ARTICLE[r.key] or "") .. "|" .. table.concat(sig, ",")
    local function span(i)
      if i == #r.columns then return width - #r.columns + 1 end
      return 1
    end
    if key ~= block then
      block = key
      if ARTICLE[r.key] then
        out[#out + 1] = '<tr class="article"><th colspan="' .. (width + 1) .. '">第二十条第'
          .. ARTICLE[r.key] .. '项</th></tr>'
      end
      local hdr = { '<tr><th>信息内容</th>' }
      for i, c in ipairs(r.columns) do
        local s = span(i)
        hdr[#hdr + 1] = '<th' .. (s > 1 and (' colspan="' .. s .. '"') or "") .. '>' .. h(c.label) .. '</th>'
      end
      out[#out + 1] = table.concat(hdr) .. '</tr>'
    end
    local refs = self:row_refs(r)
    local row = gl.row(self.report, r)
    local tr = { '<tr' .. self:flag(refs) .. '><th class="label">' .. h(r.label) .. self:refs(refs) .. '</th>' }
    for i, c in ipairs(r.columns) do
      local cell = self:cell(r.path .. "." .. c.key, value(row, c.key), refs)
      local s = span(i)
      if s > 1 then cell = cell:gsub("^<td", '<td colspan="' .. s .. '"') end
      tr[#tr + 1] = cell
    end
    out[#out + 1] = table.concat(tr) .. '</tr>'
  end
  out[#out + 1] = '</table>'
  return table.concat(out, "\n")
end

local OUTSIDE_RESULTS = { new = true, carried_over = true, carried_forward = true }

-- 表三
function Page:applications()
  local rows = gl.rows(self.edition, "applications")
  local cols = rows[1] and rows[1].columns or {}
  local out = { self:table_open("applications") }
  local label = {}
  for _, c in ipairs(cols) do label[c.key] = c.label end
  local std = #cols == 7
  for i, k in ipairs(gl.APPLICANT_COLUMNS) do if not cols[i] or cols[i].key ~= k then std = false end end
  if std then
    out[#out + 1] = '<tr><th colspan="3" rowspan="3"></th><th colspan="7">申请人情况</th></tr>'
    out[#out + 1] = '<tr><th rowspan="2">' .. h(label.natural) .. '</th><th colspan="5">法人或其他组织</th>'
      .. '<th rowspan="2">' .. h(label.total) .. '</th></tr>'
    local mid = {}
    for i = 2, 6 do mid[#mid + 1] = '<th>' .. h(cols[i].label) .. '</th>' end
    out[#out + 1] = '<tr>' .. table.concat(mid) .. '</tr>'
  else
    local hdr = { '<tr><th colspan="3"></th>' }
    for _, c in ipairs(cols) do hdr[#hdr + 1] = '<th>' .. h(c.label) .. '</th>' end
    out[#out + 1] = table.concat(hdr) .. '</tr>'
  end
  -- sizes of the result block and of each group
  local nres, gsize = 0, {}
  for _, r in ipairs(rows) do
    if not OUTSIDE_RESULTS[r.key] then nres = nres + 1 end
    if r.group then gsize[r.group] = (gsize[r.group] or 0) + 1 end
  end
  local in_results, last_group = false, nil
  for _, r in ipairs(rows) do
    local refs = self:row_refs(r)
    local tr = { '<tr' .. self:flag(refs) .. '>' }
    if OUTSIDE_RESULTS[r.key] then
      tr[#tr + 1] = '<th class="label" colspan="3">' .. h(r.label) .. self:refs(refs) .. '</th>'
    else
      if not in_results then
        in_results = true
        tr[#tr + 1] = '<th rowspan="' .. nres .. '">三、本年度办理结果</th>'
      end
      if r.group then
        if r.group ~= last_group then
          local grefs = self.marks.row[r.table .. "." .. r.group]
          tr[#tr + 1] = '<th rowspan="' .. gsize[r.group] .. '"' .. self:flag(grefs, "label") .. '>'
            .. h(r.group_label) .. self:refs(grefs) .. '</th>'
        end
        tr[#tr + 1] = '<th class="label">' .. h(r.label) .. self:refs(self.marks.row[r.path]) .. '</th>'
      else
        tr[#tr + 1] = '<th class="label" colspan="2">' .. h(r.label) .. self:refs(refs) .. '</th>'
      end
    end
    last_group = r.group
    local row = gl.row(self.report, r)
    for _, c in ipairs(r.columns) do
      tr[#tr + 1] = self:cell(r.path .. "." .. c.key, value(row, c.key), refs)
    end
    out[#out + 1] = table.concat(tr) .. '</tr>'
  end
  out[#out + 1] = '</table>'
  return table.concat(out, "\n")
end

-- 表四: one row of three groups × five columns
function Page:appeals()
  local rows = gl.rows(self.edition, "appeals")
  local out = { self:table_open("appeals") }
  local top, sub, cols, cells = {}, {}, {}, {}
  local i = 1
  while i <= #rows do
    local r = rows[i]
    local head = r.label:match("^(.-)·")
    if head then
      local j = i
      while rows[j + 1] and rows[j + 1].label:match("^(.-)·") == head do j = j + 1 end
      local span = 0
      for k = i, j do span = span + #rows[k].columns end
      top[#top + 1] = '<th colspan="' .. span .. '">' .. h(head) .. '</th>'
      for k = i, j do
        local rk = rows[k]
        local refs = self.marks.row[rk.path]
        sub[#sub + 1] = '<th colspan="' .. #rk.columns .. '"' .. self:flag(refs) .. '>'
          .. h(rk.label:match("·(.*)$")) .. self:refs(refs) .. '</th>'
      end
      i = j + 1
    else
      local refs = self.marks.row[r.path]
      top[#top + 1] = '<th colspan="' .. #r.columns .. '" rowspan="2"' .. self:flag(refs) .. '>'
        .. h(r.label) .. self:refs(refs) .. '</th>'
      i = i + 1
    end
  end
  for _, r in ipairs(rows) do
    local row = gl.row(self.report, r)
    local refs = self.marks.row[r.path]
    for _, c in ipairs(r.columns) do
      cols[#cols + 1] = '<th>' .. h(c.label) .. '</th>'
      cells[#cells + 1] = self:cell(r.path .. "." .. c.key, value(row, c.key), refs)
    end
  end
  out[#out + 1] = '<tr>' .. table.concat(top) .. '</tr>'
  if #sub > 0 then out[#out + 1] = '<tr>' .. table.concat(sub) .. '</tr>' end
  out[#out + 1] = '<tr>' .. table.concat(cols) .. '</tr>'
  out[#out + 1] = '<tr>' .. table.concat(cells) .. '</tr>'
  out[#out + 1] = '</table>'
  return table.concat(out, "\n")
end

local function badge(n, word, cls)
  return '<span class="badge b-' .. cls .. '">' .. (n == "" and "" or (n .. ' ')) .. word .. '</span>'
end

-- Writes one checked report; returns its summary for the overview.
local function write_report(run, r, n)
  local id = "r" .. n
  local sum = { n = n, id = id, file = r.file, agency = r.agency, year = r.year,
                errors = r.errors or 0, warnings = r.warnings or 0, infos = r.infos or 0,
                rule_errors = r.rule_errors and #r.rule_errors or 0, unreadable = r.error }
  run:write('<section class="report" id="', id, '">\n<h2>', h(r.file), '</h2>\n')
  if r.error then
    run:write('<p class="error-box">无法读取：', h(r.error), '</p>\n</section>\n')
    return sum
  end
  local edition = r.edition
  local guessed = false
  if edition ~= "2019" and edition ~= "2021" then
    edition = (r.year and r.year <= 2020) and "2019" or "2021"
    guessed = true
  end
  local p = setmetatable({ id = id, findings = r.findings, edition = edition, report = r.report,
                           marks = { cell = {}, row = {}, table = {} } }, Page)
  local placed = {}
  for i, f in ipairs(r.findings) do
    local w = locate.where(f.path, edition)
    if w then
      if w.kind == "cell" then add(p.marks.cell, f.path, i); placed[i] = id .. "-c-" .. f.path
      elseif w.kind == "table" then add(p.marks.table, f.path, i); placed[i] = id .. "-t-" .. f.path
      else
        add(p.marks.row, f.path, i)
        local first -- the first cell of the row or group, for the link
        for _, sr in ipairs(gl.rows(edition, w.table)) do
          if sr.path == f.path or (sr.group and (sr.table .. "." .. sr.group) == f.path) then
            first = sr.path .. "." .. sr.columns[1].key
            break
          end
        end
        placed[i] = first and (id .. "-c-" .. first)
      end
    end
  end

  local about = { r.agency and h(r.agency) or "（未填机关名称）" }
  if r.year then about[#about + 1] = r.year .. " 年度" end
  if r.edition then about[#about + 1] = h(r.edition) .. " 版格式" end
  run:write('<p class="meta">', table.concat(about, " · "), '</p>\n')
  if r.title then run:write('<p>标题：', h(r.title), '</p>\n') end
  run:write('<p>')
  if sum.errors > 0 then run:write(badge(sum.errors, "个错误", "error")) end
  if sum.warnings > 0 then run:write(badge(sum.warnings, "个警告", "warning")) end
  if sum.infos > 0 then run:write(badge(sum.infos, "条提示", "info")) end
  if sum.rule_errors > 0 then run:write(badge(sum.rule_errors, "条规则运行失败", "error")) end
  if #r.findings == 0 and sum.rule_errors == 0 then run:write(badge("", "未发现问题", "ok")) end
  run:write('</p>\n')

  if #r.findings > 0 then
    run:write('<h3>发现的问题</h3>\n<ol class="findings">\n')
    for i, f in ipairs(r.findings) do
      local where = f.location or f.path or ""
      run:write('<li id="', id, '-f', i, '" class="sev-', h(f.severity), '"><span class="sev">',
                SEV[f.severity] or h(f.severity), '</span> <span class="rule">', h(f.rule), '</span> ')
      if placed[i] then
        run:write('<a href="#', h(placed[i]), '">', h(where), '</a>')
      else
        run:write(h(where))
      end
      if f.path and f.location then run:write(' <span class="path">', h(f.path), '</span>') end
      if f.line then run:write(' <span class="muted">第 ', f.line, ' 行</span>') end
      run:write('<div class="msg">', h(f.message), '</div></li>\n')
    end
    run:write('</ol>\n')
  end
  if sum.rule_errors > 0 then
    run:write('<h3>规则运行失败（结果不完整）</h3>\n<ul>\n')
    for _, e in ipairs(r.rule_errors) do
      run:write('<li><span class="rule">', h(e.rule), '</span> ', h(e.message),
                e.limit and (' <span class="muted">（超出 ' .. h(e.limit) .. ' 预算）</span>') or "")
      if e.traceback then run:write('<pre>', h(e.traceback), '</pre>') end
      run:write('</li>\n')
    end
    run:write('</ul>\n')
  end

  run:write('<h3>表格</h3>\n')
  if guessed then
    run:write('<p class="muted">报告未写明格式版本，按 ', edition, ' 版格式显示。</p>\n')
  end
  run:write(p:active(), "\n", p:applications(), "\n", p:appeals(), "\n")

  local sections = r.report.sections
  if type(sections) == "table" then
    local parts = {}
    for _, s in ipairs(gl.sections) do
      local v = sections[s.key]
      if type(v) == "string" then
        parts[#parts + 1] = '<h4>' .. h(s.label) .. '</h4>\n<div class="prose">'
          .. (v == "" and '<span class="muted">（空）</span>' or h(v)) .. '</div>'
      end
    end
    if #parts > 0 then
      run:write('<details><summary>报告正文（', #parts, ' 个部分）</summary>\n',
                table.concat(parts, "\n"), '\n</details>\n')
    end
  end
  run:write('</section>\n')
  return sum
end

-- inline SVG: stacked bars of errors, warnings and infos per rule
local function chart(stats)
  local max = 0
  for _, s in ipairs(stats) do max = math.max(max, s.errors + s.warnings + s.infos) end
  if max == 0 then return "" end
  local LABEL, BAR, ROW = 230, 380, 22
  local height = #stats * ROW + 8
  local out = { string.format('<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
    .. 'viewBox="0 0 %d %d" role="img" aria-label="各规则的错误、警告和提示数">',
    LABEL + BAR + 90, height, LABEL + BAR + 90, height) }
  for i, s in ipairs(stats) do
    local y = (i - 1) * ROW + 4
    out[#out + 1] = string.format('<text x="%d" y="%d" text-anchor="end">%s</text>', LABEL - 8, y + 14, h(s.rule))
    local x = LABEL
    for _, part in ipairs({ { s.errors, "#c62828" }, { s.warnings, "#e0a000" }, { s.infos, "#1565c0" } }) do
      if part[1] > 0 then
        local w = BAR * part[1] / max
        out[#out + 1] = string.format('<rect x="%.1f" y="%d" width="%.1f" height="16" fill="%s"/>', x, y + 2, w, part[2])
        x = x + w
      end
    end
    out[#out + 1] = string.format('<text x="%.1f" y="%d">%d / %d / %d</text>', x + 6, y + 14, s.errors, s.warnings, s.infos)
  end
  out[#out + 1] = '</svg>'
  return table.concat(out, "\n")
end

local function overview(run, sums, per_rule, descr)
  local s = run.summary
  run:write('<section id="overview">\n<h2>总览</h2>\n<p>', badge(s.reports, "份报告", "ok"),
            badge(s.errors, "个错误", s.errors > 0 and "error" or "ok"),
            badge(s.warnings, "个警告", s.warnings > 0 and "warning" or "ok"))
  if s.infos > 0 then run:write(badge(s.infos, "条提示", "info")) end
  if s.unreadable > 0 then run:write(badge(s.unreadable, "份无法读取", "error")) end
  if s.rule_errors > 0 then run:write(badge(s.rule_errors, "条规则运行失败", "error")) end
  run:write('</p>\n')

  local stats = {}
  for rule, st in pairs(per_rule) do st.rule = rule; stats[#stats + 1] = st end
  table.sort(stats, function(a, b)
    if a.errors ~= b.errors then return a.errors > b.errors end
    if a.warnings ~= b.warnings then return a.warnings > b.warnings end
    if a.infos ~= b.infos then return a.infos > b.infos end
    return a.rule < b.rule
  end)
  if #stats > 0 then
    run:write('<h3>各规则的发现</h3>\n', chart(stats), '\n<table class="list"><tr><th>规则</th><th>说明</th>'
      .. '<th>错误</th><th>警告</th><th>提示</th><th>运行失败</th><th>涉及报告</th></tr>\n')
    for _, st in ipairs(stats) do
      run:write('<tr><td class="rule">', h(st.rule), '</td><td>', h(descr[st.rule] or ""), '</td><td class="n">',
                st.errors, '</td><td class="n">', st.warnings, '</td><td class="n">', st.infos,
                '</td><td class="n">', st.failures, '</td><td class="n">', st.reports, '</td></tr>\n')
    end
    run:write('</table>\n')
  else
    run:write('<p>所有规则都未发现问题。</p>\n')
  end

  local readable, unreadable = {}, {}
  for _, x in ipairs(sums) do
    if x.unreadable then unreadable[#unreadable + 1] = x else readable[#readable + 1] = x end
  end
  table.sort(readable, function(a, b)
    if a.errors ~= b.errors then return a.errors > b.errors end
    if a.rule_errors ~= b.rule_errors then return a.rule_errors > b.rule_errors end
    if a.warnings ~= b.warnings then return a.warnings > b.warnings end
    if a.infos ~= b.infos then return a.infos > b.infos end
    return a.n < b.n
  end)
  if #readable > 0 then
    run:write('<h3>报告（问题多的在前）</h3>\n<table class="list"><tr><th>文件</th><th>机关</th><th>年度</th>'
      .. '<th>错误</th><th>警告</th><th>提示</th><th>运行失败</th></tr>\n')
    for _, x in ipairs(readable) do
      run:write('<tr><td><a href="#', x.id, '">', h(x.file), '</a></td><td>', h(x.agency or ""), '</td><td>',
                h(x.year or ""), '</td><td class="n">', x.errors, '</td><td class="n">', x.warnings,
                '</td><td class="n">', x.infos, '</td><td class="n">', x.rule_errors, '</td></tr>\n')
    end
    run:write('</table>\n')
  end
  if #unreadable > 0 then
    run:write('<h3>无法读取的输入</h3>\n<ul>\n')
    for _, x in ipairs(unreadable) do
      run:write('<li><a href="#', x.id, '">', h(x.file), '</a>：', h(x.unreadable), '</li>\n')
    end
    run:write('</ul>\n')
  end
  run:write('</section>\n')
end

return function(run)
  run:write('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="generator" content="govlua ', h(run.version), '">\n',
            '<title>政府信息公开工作年度报告检查结果</title>\n<style>\n', CSS, '</style>\n</head>\n<body>\n',
            '<main class="page">\n<header class="top"><h1>政府信息公开工作年度报告检查结果</h1>\n',
            '<p class="muted">govlua ', h(run.version), ' · <a href="#overview">总览</a></p></header>\n')
  if #run.rule_load_errors > 0 then
    run:write('<div class="load-errors"><p class="error-box">未能加载的规则文件（其余规则照常运行）：</p><ul>\n')
    for _, e in ipairs(run.rule_load_errors) do run:write('<li>', h(e), '</li>\n') end
    run:write('</ul></div>\n')
  end
  local descr = {}
  for _, rl in ipairs(run.rules) do descr[rl.id] = rl.description end
  local sums, per_rule, n = {}, {}, 0
  for r in run:reports() do
    n = n + 1
    sums[n] = write_report(run, r, n)
    local touched = {}
    local function stat(rule)
      local st = per_rule[rule]
      if not st then
        st = { errors = 0, warnings = 0, infos = 0, failures = 0, reports = 0 }
        per_rule[rule] = st
      end
      if not touched[rule] then touched[rule] = true; st.reports = st.reports + 1 end
      return st
    end
    for _, f in ipairs(r.findings) do
      local st = stat(f.rule)
      local k = f.severity == "error" and "errors" or f.severity == "warning" and "warnings" or "infos"
      st[k] = st[k] + 1
    end
    for _, e in ipairs(r.rule_errors) do
      local st = stat(e.rule)
      st.failures = st.failures + 1
    end
  end
  overview(run, sums, per_rule, descr)
  run:write('</main>\n</body>\n</html>\n')
end
