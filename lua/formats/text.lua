-- text: the default output, for people at a terminal.
-- One block per report: the file, the agency/year/edition, then each finding
-- (severity, rule id, where in the tables, message). A summary line ends it.
-- Colour only when run.color (a terminal, and NO_COLOR not set).

local SEV = { error = "error  ", warning = "warning", info = "info   " }
local COLOR = { error = "\27[31m", warning = "\27[33m", info = "\27[36m",
                bold = "\27[1m", dim = "\27[2m", ok = "\27[32m", reset = "\27[0m" }

local function plural(n, word)
  return string.format("%d %s%s", n, word, n == 1 and "" or "s")
end

return function(run)
  local function c(name, s)
    if run.color then return COLOR[name] .. s .. COLOR.reset end
    return s
  end
  for _, e in ipairs(run.rule_load_errors) do
    run:write(c("error", "rule not loaded: "), e, "\n")
  end
  for r in run:reports() do
    if r.error then
      run:write(c("bold", r.file), "  ", c("error", "could not be read: "), r.error, "\n\n")
    else
      local about = {}
      about[#about + 1] = r.agency or "（未填机关名称）"
      if r.year then about[#about + 1] = r.year .. " 年度" end
      if r.edition then about[#about + 1] = r.edition .. " 版格式" end
      run:write(c("bold", r.file), "  ", table.concat(about, " · "), "\n")
      for _, f in ipairs(r.findings) do
        local where = f.location or f.path or ""
        if f.path and f.location then where = where .. " " .. c("dim", "(" .. f.path .. ")") end
        if f.line then where = where .. c("dim", " 第 " .. f.line .. " 行") end
        run:write("  ", c(f.severity, SEV[f.severity] or f.severity), " ",
                  c("dim", "[" .. f.rule .. "]"), " ", where, "\n",
                  "          ", f.message, "\n")
      end
      for _, e in ipairs(r.rule_errors) do
        run:write("  ", c("error", "rule failed"), " ", c("dim", "[" .. e.rule .. "]"), " ",
                  e.message, "\n")
      end
      if #r.findings == 0 and #r.rule_errors == 0 then
        run:write("  ", c("ok", "ok"), " 未发现问题\n")
      end
      run:write("\n")
    end
  end
  local s = run.summary
  local parts = { plural(s.reports, "report"), plural(s.errors, "error"), plural(s.warnings, "warning") }
  if s.infos > 0 then parts[#parts + 1] = plural(s.infos, "info") end
  if s.unreadable > 0 then parts[#parts + 1] = s.unreadable .. " unreadable" end
  if s.rule_errors > 0 then parts[#parts + 1] = plural(s.rule_errors, "rule error") end
  local zh = string.format("%d 份报告，%d 个错误，%d 个警告", s.reports, s.errors, s.warnings)
  run:write(c(s.errors > 0 and "error" or "ok", table.concat(parts, ", ")), "（", zh, "）\n")
end
