-- junit: JUnit XML, for CI systems that show test results (Jenkins, GitLab,
-- GitHub test reporters).
--
--   <testsuites name="govlua">
--     <testsuite name="FILE" tests= failures= errors= skipped=>   one per report
--       <properties> agency, year, edition </properties>
--       <testcase classname="CLASS" name="RULE-ID"/>              one per rule
--
-- CLASS is the file path without ".json", "/" turned into "." (so
-- examples/pingtan-2025.json is examples.pingtan-2025); when two inputs would
-- get the same CLASS, the later one gets "~2", "~3" … appended, so
-- classname + name is unique over the whole output.
--
-- A testcase
--   passes                  the rule found nothing, or only warnings/infos:
--                           those are listed in <system-out> (warnings do not
--                           fail the build, as they do not change govlua's exit code)
--   <failure type="error">  the rule found at least one error; the body lists
--                           all of that rule's findings, one per line
--   <error type="rule-error"> the rule itself failed (message, traceback)
--   <skipped/>              the rule is turned off (--rule ID=off)
-- An unreadable input is a testsuite with one testcase, name "read", holding
-- an <error type="unreadable">.  Rule files that did not load make a first
-- testsuite "rule files" with one <error> testcase each.
--
-- Everything is XML-escaped and characters XML 1.0 does not allow are dropped.
-- <testsuites> carries no totals: they are only known at the end, and the
-- output is streamed; every <testsuite> has its own counts.
local esc = require "govlua.escape"

local function attr(s) return '"' .. esc.xml(s) .. '"' end
local text = esc.xml_text

local function line_of(f)
  local where = f.location or f.path
  local s = f.severity .. " "
  if where then
    s = s .. where
    if f.path and f.location then s = s .. " (" .. f.path .. ")" end
    if f.line then s = s .. " 第 " .. f.line .. " 行" end
    s = s .. ": "
  end
  return s .. (f.message or "")
end

local function plural(n, word)
  return string.format("%d %s%s", n, word, n == 1 and "" or "s")
end

return function(run)
  run:write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="govlua">\n')
  local nload = #run.rule_load_errors
  if nload > 0 then
    run:write('  <testsuite name="rule files" tests="', nload, '" failures="0" errors="', nload,
              '" skipped="0">\n')
    local names = {}
    for i, e in ipairs(run.rule_load_errors) do
      local name = e:match("^(.-%.lua):") or ("rule file " .. i)
      if names[name] then name = name .. " (" .. i .. ")" end
      names[name] = true
      run:write('    <testcase classname="govlua.rule-files" name=', attr(name),
                '>\n      <error type="rule-load-error" message=', attr(e), '>', text(e),
                '</error>\n    </testcase>\n')
    end
    run:write('  </testsuite>\n')
  end

  local used = {} -- classnames given so far
  local function classname(file)
    local c = file:gsub("^%./", ""):gsub("%.json$", ""):gsub("/+", ".")
    c = c:gsub("^%.", "")
    if c == "" then c = "report" end
    local base, n = c, 1
    while used[c] do
      n = n + 1
      c = base .. "~" .. n
    end
    used[c] = true
    return c
  end

  for r in run:reports() do
    local cls = attr(classname(r.file))
    if r.error then
      run:write('  <testsuite name=', attr(r.file), ' tests="1" failures="0" errors="1" skipped="0">\n',
                '    <testcase classname=', cls, ' name="read">\n',
                '      <error type="unreadable" message=', attr(r.error), '>', text(r.error),
                '</error>\n    </testcase>\n  </testsuite>\n')
    else
      -- findings and rule errors by rule; cases in the order of run.rules,
      -- then any rule id that is not among them (sorted)
      local by_rule, errs = {}, {}
      for _, f in ipairs(r.findings) do
        local l = by_rule[f.rule] or {}
        l[#l + 1] = f
        by_rule[f.rule] = l
      end
      for _, e in ipairs(r.rule_errors) do
        local l = errs[e.rule] or {}
        l[#l + 1] = e
        errs[e.rule] = l
      end
      local cases, seen = {}, {}
      for _, rl in ipairs(run.rules) do
        if not seen[rl.id] then
          seen[rl.id] = true
          cases[#cases + 1] = { id = rl.id, off = rl.severity == "off" }
        end
      end
      local extra = {}
      for id in pairs(by_rule) do if not seen[id] then seen[id] = true; extra[#extra + 1] = id end end
      for id in pairs(errs) do if not seen[id] then seen[id] = true; extra[#extra + 1] = id end end
      table.sort(extra)
      for _, id in ipairs(extra) do cases[#cases + 1] = { id = id } end

      local nfail, nerr, nskip, body = 0, 0, 0, {}
      for _, c in ipairs(cases) do
        local fs, es = by_rule[c.id] or {}, errs[c.id]
        local head = '    <testcase classname=' .. cls .. ' name=' .. attr(c.id)
        local nerror = 0
        for _, f in ipairs(fs) do if f.severity == "error" then nerror = nerror + 1 end end
        local lines = {}
        for i, f in ipairs(fs) do lines[i] = line_of(f) end
        local listing = table.concat(lines, "\n")
        if es then
          nerr = nerr + 1
          local parts = {}
          for _, e in ipairs(es) do
            parts[#parts + 1] = (e.message or "") .. (e.limit and (" (budget: " .. e.limit .. ")") or "")
              .. (e.traceback and ("\n" .. e.traceback) or "")
          end
          if #fs > 0 then parts[#parts + 1] = "findings before the failure:\n" .. listing end
          body[#body + 1] = head .. '>\n      <error type="rule-error" message=' .. attr(es[1].message)
            .. '>' .. text(table.concat(parts, "\n")) .. '</error>\n    </testcase>\n'
        elseif nerror > 0 then
          nfail = nfail + 1
          local first
          for _, f in ipairs(fs) do if f.severity == "error" then first = f; break end end
          local msg = #fs == 1 and (first.message or "") or
            (plural(nerror, "error") .. (#fs > nerror and (", " .. plural(#fs - nerror, "other finding")) or "")
             .. "; first: " .. (first.message or ""))
          body[#body + 1] = head .. '>\n      <failure type="error" message=' .. attr(msg) .. '>'
            .. text(listing) .. '</failure>\n    </testcase>\n'
        elseif #fs > 0 then
          body[#body + 1] = head .. '>\n      <system-out>' .. text(listing)
            .. '</system-out>\n    </testcase>\n'
        elseif c.off then
          nskip = nskip + 1
          body[#body + 1] = head .. '>\n      <skipped message="rule turned off"/>\n    </testcase>\n'
        else
          body[#body + 1] = head .. '/>\n'
        end
      end
      run:write('  <testsuite name=', attr(r.file), ' tests="', #cases, '" failures="', nfail,
                '" errors="', nerr, '" skipped="', nskip, '">\n    <properties>\n')
      for _, p in ipairs({ { "agency", r.agency }, { "year", r.year }, { "edition", r.edition },
                           { "title", r.title } }) do
        if p[2] ~= nil then
          run:write('      <property name="', p[1], '" value=', attr(p[2]), '/>\n')
        end
      end
      run:write('    </properties>\n', table.concat(body), '  </testsuite>\n')
    end
  end
  run:write('</testsuites>\n')
end
