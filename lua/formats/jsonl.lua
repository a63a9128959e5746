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

local entry = require "govlua.entry" -- the report entry, shared with the other of json/jsonl

return function(run)
  for r in run:reports() do
    run:write(json.encode(entry(r)), "\n")
  end
end
