-- jsonl: JSON Lines, one line per report, for pipelines (jq -c, grep,
-- line-by-line loaders).
--
-- Each line is exactly a report entry of the json format:
--   {"file", "agency", "year", "edition", "findings": [...], "rule_errors": [...],
--    "errors", "warnings", "infos"}            a checked report
--   {"file", "error"}                          an input that could not be read
-- Keys are sorted, the line has no spaces outside strings and ends in "\n".
-- There is NO summary line and no header: every line is a report, so a
-- consumer can treat lines uniformly and `cat` the output of several runs.
-- The totals are the sum of the lines; the exit code says whether there were
-- errors, unreadable inputs or rule failures, and rule files that failed to
-- load are named on stderr (use -f json when you need them in the output).
-- A line is written as soon as its report is checked.
local json = require "govlua.json"

-- The same entry as lua/formats/json.lua (tests/spec/format-jsonl_spec.lua
-- compares the two outputs, so a change to one must be made to both).
local function entry(r)
  if r.error then
    return { file = r.file, error = r.error }
  end
  local findings = json.array()
  for i, f in ipairs(r.findings) do
    findings[i] = {
      rule = f.rule, severity = f.severity, message = f.message,
      path = f.path, location = f.location, line = f.line,
    }
  end
  local rule_errors = json.array()
  for i, e in ipairs(r.rule_errors) do
    rule_errors[i] = { rule = e.rule, file = e.file, message = e.message,
                       traceback = e.traceback, limit = e.limit }
  end
  return {
    file = r.file, agency = r.agency, year = r.year, edition = r.edition,
    findings = findings, rule_errors = rule_errors,
    errors = r.errors, warnings = r.warnings, infos = r.infos,
  }
end

return function(run)
  for r in run:reports() do
    run:write(json.encode(entry(r)), "\n")
  end
end
