-- json: the machine-readable output, a stable contract for other tools.
--
-- {"reports": [{"file": …, "agency": …, "year": …, "edition": …,
--               "findings": [{"rule", "severity", "message", "path", "location", "line"}],
--               "rule_errors": [{"rule", "file", "message", "traceback", "limit"}],
--               "errors": N, "warnings": N, "infos": N}
--              | {"file": …, "error": "why it could not be read"}],
--  "summary": {"reports", "errors", "warnings", "infos", "unreadable", "rule_errors"},
--  "rule_load_errors": ["rule files that could not be loaded, with the reason"],
--  "version": "…"}
--
-- Reports are written one at a time as they are checked.
local json = require "govlua.json"

local entry = require "govlua.entry" -- the report entry, shared with the other of json/jsonl

return function(run)
  run:write('{"reports": [')
  local n = 0
  for r in run:reports() do
    run:write(n == 0 and "\n  " or ",\n  ", json.encode(entry(r)))
    n = n + 1
  end
  run:write(n == 0 and "],\n" or "\n],\n")
  local s = run.summary
  run:write('"summary": ', json.encode({
    reports = s.reports, errors = s.errors, warnings = s.warnings, infos = s.infos,
    unreadable = s.unreadable, rule_errors = s.rule_errors,
  }), ',\n"rule_load_errors": ', json.encode(json.array(run.rule_load_errors)),
    ',\n"version": ', json.encode(run.version), "}\n")
end
