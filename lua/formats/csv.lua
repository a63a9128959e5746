-- csv: one row per finding, for spreadsheets.
--
-- UTF-8 with a byte-order mark (so Excel reads the Chinese text correctly),
-- CRLF line ends, RFC 4180 quoting.  Columns:
--
--   file, agency, year, edition, rule, severity, location, table, row, column,
--   path, line, message
--
-- location is the full Chinese label ("表三 （七）总计 / 社会公益组织"); table,
-- row and column split it for a cell of 表二/表三/表四 ("表三", "（七）总计",
-- "社会公益组织"; column is empty for a row, row and column for a whole table,
-- all three for paths outside the tables such as sections.problems).
--
-- Every report appears:
--   a finding            severity error | warning | info
--   a rule that failed   severity "rule-error", rule = its id, message = the error
--   no finding, no rule error: one row with empty rule and severity (a clean report)
--   an unreadable input  severity "unreadable", message = why
--   a rule file that did not load: severity "rule-load-error", empty file, first
--
-- Any cell that starts with = + - @, a tab or a CR gets a leading apostrophe,
-- so a spreadsheet never reads text from a report as a formula.
local esc = require "govlua.escape"
local locate = require "govlua.locate"

local N = 13
local HEADER = { "file", "agency", "year", "edition", "rule", "severity", "location", "table",
                 "row", "column", "path", "line", "message" }

return function(run)
  local function row(file, agency, year, edition, rule, severity, location, tbl, rw, col,
                     path, line, message)
    run:write(esc.csv_row({ file, agency, year, edition, rule, severity, location, tbl, rw, col,
                            path, line, message }, N))
  end
  run:write("\239\187\191", esc.csv_row(HEADER, N))
  for _, e in ipairs(run.rule_load_errors) do
    row(nil, nil, nil, nil, nil, "rule-load-error", nil, nil, nil, nil, nil, nil, e)
  end
  for r in run:reports() do
    if r.error then
      row(r.file, nil, nil, nil, nil, "unreadable", nil, nil, nil, nil, nil, nil, r.error)
    else
      for _, f in ipairs(r.findings) do
        local w = locate.where(f.path, r.edition) or {}
        row(r.file, r.agency, r.year, r.edition, f.rule, f.severity, f.location,
            w.table_label, w.row_label, w.column_label, f.path, f.line, f.message)
      end
      for _, e in ipairs(r.rule_errors) do
        row(r.file, r.agency, r.year, r.edition, e.rule, "rule-error", nil, nil, nil, nil, nil,
            nil, e.message)
      end
      if #r.findings == 0 and #r.rule_errors == 0 then
        row(r.file, r.agency, r.year, r.edition, nil, nil, nil, nil, nil, nil, nil, nil, nil)
      end
    end
  end
end
