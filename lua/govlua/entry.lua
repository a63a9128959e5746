-- govlua.entry: one report's result as the plain table that the json and
-- jsonl formats encode (their shared, stable contract).
--   {"file", "agency", "year", "edition", "findings": [...], "rule_errors": [...],
--    "errors", "warnings", "infos"}        a checked report
--   {"file", "error"}                      an input that could not be read
local json = require "govlua.json"

return function(r)
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
