-- markdown: a readable summary, for issue trackers, merge-request comments
-- and chat (GitHub-flavoured Markdown).
--
--   # govlua 检查结果
--   ## FILE                      one section per report, in input order
--   agency · year · edition · counts
--   | 级别 | 规则 | 位置 | 说明 |   one row per finding; "未发现问题。" when none
--   rule errors and unreadable inputs as lists
--   --- and a summary line at the end
--
-- Nothing from a report is live Markdown or HTML: every "<", ">" and "&" is
-- an entity (&lt; &gt; &amp;), Markdown punctuation (\ ` * _ [ ] | ~ : @ $ #)
-- gets a backslash (so no emphasis, link, autolink, code span or table cell
-- break can form), and line breaks become spaces.
local esc = require "govlua.escape"
local md = esc.markdown

local SEV = { error = "错误", warning = "警告", info = "提示" }

return function(run)
  run:write("# govlua 检查结果\n\n")
  if #run.rule_load_errors > 0 then
    run:write("未能加载的规则文件（其余规则照常运行）：\n\n")
    for _, e in ipairs(run.rule_load_errors) do run:write("- ", md(e), "\n") end
    run:write("\n")
  end
  for r in run:reports() do
    run:write("## ", md(r.file), "\n\n")
    if r.error then
      run:write("**无法读取**：", md(r.error), "\n\n")
    else
      local about = { r.agency and md(r.agency) or "（未填机关名称）" }
      if r.year then about[#about + 1] = r.year .. " 年度" end
      if r.edition then about[#about + 1] = md(r.edition) .. " 版格式" end
      local counts = {}
      if r.errors > 0 then counts[#counts + 1] = r.errors .. " 个错误" end
      if r.warnings > 0 then counts[#counts + 1] = r.warnings .. " 个警告" end
      if r.infos > 0 then counts[#counts + 1] = r.infos .. " 条提示" end
      if #r.rule_errors > 0 then counts[#counts + 1] = #r.rule_errors .. " 条规则运行失败" end
      if #counts > 0 then about[#about + 1] = "**" .. table.concat(counts, "，") .. "**" end
      run:write(table.concat(about, " · "), "\n\n")
      if r.title then run:write("标题：", md(r.title), "\n\n") end
      if #r.findings > 0 then
        run:write("| 级别 | 规则 | 位置 | 说明 |\n| --- | --- | --- | --- |\n")
        for _, f in ipairs(r.findings) do
          local where = {}
          if f.location then where[#where + 1] = md(f.location) end
          if f.path then where[#where + 1] = "(" .. md(f.path) .. ")" end
          if f.line then where[#where + 1] = "第 " .. f.line .. " 行" end
          run:write("| ", SEV[f.severity] or md(f.severity), " | ", md(f.rule), " | ",
                    table.concat(where, " "), " | ", md(f.message), " |\n")
        end
        run:write("\n")
      end
      if #r.rule_errors > 0 then
        run:write("规则运行失败（结果不完整）：\n\n")
        for _, e in ipairs(r.rule_errors) do
          run:write("- ", md(e.rule), "：", md(e.message),
                    e.limit and ("（超出" .. md(e.limit) .. "预算）") or "", "\n")
        end
        run:write("\n")
      end
      if #r.findings == 0 and #r.rule_errors == 0 then run:write("未发现问题。\n\n") end
    end
  end
  local s = run.summary
  local parts = { string.format("%d 份报告，%d 个错误，%d 个警告", s.reports, s.errors, s.warnings) }
  if s.infos > 0 then parts[#parts + 1] = s.infos .. " 条提示" end
  if s.unreadable > 0 then parts[#parts + 1] = s.unreadable .. " 份无法读取" end
  if s.rule_errors > 0 then parts[#parts + 1] = s.rule_errors .. " 条规则运行失败" end
  run:write("---\n\n**汇总**：", table.concat(parts, "，"), "（govlua ", md(run.version), "）\n")
end
