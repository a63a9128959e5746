-- A custom output format: one tab-separated line per report.
-- Run it with:  govlua -f examples/custom/tsv.lua examples/
return function(run)
  run:write("file\tagency\tyear\terrors\twarnings\n")
  for r in run:reports() do            -- one report at a time, as they are checked
    if r.error then
      run:write(r.file, "\t\t\t", "unreadable: ", r.error, "\n")
    else
      run:write(r.file, "\t", r.agency or "", "\t", r.year or "", "\t",
                r.errors, "\t", r.warnings, "\n")
    end
  end
  local s = run.summary                -- set after the last report
  run:write("# ", s.reports, " reports, ", s.errors, " errors, ", s.warnings, " warnings\n")
end
