-- sarif: SARIF 2.1.0 (OASIS), for code-scanning dashboards and other SARIF
-- viewers.  One run; valid against sarif-schema-2.1.0.json.
--
--   runs[0].tool.driver   name "govlua", version, rules[] from the loaded rules:
--                         id, shortDescription (description), fullDescription
--                         (basis), defaultConfiguration.level (the rule's own
--                         severity; --rule changes are ruleConfigurationOverrides)
--   runs[0].results[]     one per finding: ruleId, ruleIndex, level
--                         (error | warning | note), message.text, and
--                         locations[0]: physicalLocation.artifactLocation (the
--                         report file as a URI reference: relative paths stay
--                         relative, absolute ones become file:///…, every byte
--                         outside A-Z a-z 0-9 - . _ ~ / percent-encoded),
--                         region.startLine when the finding has a line,
--                         logicalLocations[0] {fullyQualifiedName = the path,
--                         name = its last segment, kind "member"}, and
--                         message.text = the Chinese table/row/column label
--   runs[0].artifacts[]   every input, in order, with agency/year/edition as
--                         properties; results refer to them by index
--   runs[0].invocations[0] executionSuccessful (false when an input could not
--                         be read, a rule failed or a rule file did not load),
--                         toolExecutionNotifications for unreadable inputs and
--                         rule errors, toolConfigurationNotifications for rule
--                         files that did not load
--
-- Streaming: the rules are known before the first report, so the header is
-- written first, then each result as its report is checked; artifacts and
-- invocations (small: one entry per input, one per problem) close the run.
local json = require "govlua.json"
local esc = require "govlua.escape"

local SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
local LEVEL = { error = "error", warning = "warning", info = "note" }

local function text(s) return { text = esc.utf8(s) } end

-- configuration for a severity name: {level=…} or {enabled=false}
local function configuration(sev)
  if sev == "off" then return { enabled = false } end
  return { level = LEVEL[sev] or "warning" }
end

local function last_segment(path)
  return path:match("([^.]+)$") or path
end

return function(run)
  -- the driver and its rules, known up front
  local rules, rule_index = json.array(), {}
  local overrides = json.array()
  for i, rl in ipairs(run.rules) do
    rule_index[rl.id] = i - 1
    local d = {
      id = rl.id,
      shortDescription = text(rl.description or rl.id),
      defaultConfiguration = configuration(rl.default_severity or rl.severity),
    }
    if rl.basis then d.fullDescription = text(rl.basis) end
    rules[#rules + 1] = d
    if rl.severity and rl.severity ~= (rl.default_severity or rl.severity) then
      overrides[#overrides + 1] = { descriptor = { id = rl.id, index = i - 1 },
                                    configuration = configuration(rl.severity) }
    end
  end
  local driver = { name = "govlua", version = run.version, rules = rules }
  if tostring(run.version):match("^%d+%.%d+%.%d+") then driver.semanticVersion = run.version end

  run:write('{\n"$schema": ', json.encode(SCHEMA), ',\n"version": "2.1.0",\n"runs": [{\n',
            '"tool": ', json.encode({ driver = driver }, { indent = 2 }), ',\n"results": [')

  local artifacts = json.array()
  local exec_notes, config_notes = json.array(), json.array()
  local nresults = 0

  -- standard input ("-", or "-:N" for line N of a JSON Lines stream) has no URI
  local function is_stdin(file)
    return file == "-" or file:match("^%-:%d+$") ~= nil
  end
  -- artifactLocation of input number i (0-based)
  local function artifact_location(file, i)
    if is_stdin(file) then return { index = i } end
    return { uri = esc.uri(esc.utf8(file)), index = i }
  end

  for r in run:reports() do
    local ai = #artifacts
    local aloc = artifact_location(r.file, ai)
    local art = { location = { uri = aloc.uri } }
    if is_stdin(r.file) then art.location = { description = text("standard input " .. r.file) } end
    if r.error then
      art.properties = { error = esc.utf8(r.error) }
      exec_notes[#exec_notes + 1] = {
        level = "error",
        message = text(r.file .. ": could not be read: " .. r.error),
        descriptor = { id = "unreadable-input" },
        locations = { { physicalLocation = { artifactLocation = aloc } } },
      }
    else
      art.properties = { agency = r.agency and esc.utf8(r.agency), year = r.year,
                         edition = r.edition }
      for _, f in ipairs(r.findings) do
        local loc = { physicalLocation = { artifactLocation = aloc } }
        if f.line then loc.physicalLocation.region = { startLine = f.line } end
        if f.path then
          loc.logicalLocations = { { fullyQualifiedName = esc.utf8(f.path),
                                     name = esc.utf8(last_segment(f.path)), kind = "member" } }
        end
        if f.location then loc.message = text(f.location) end
        local res = {
          ruleId = f.rule, ruleIndex = rule_index[f.rule],
          level = LEVEL[f.severity] or "warning",
          message = text(f.message or f.rule),
          locations = { loc },
        }
        run:write(nresults == 0 and "\n  " or ",\n  ", json.encode(res))
        nresults = nresults + 1
      end
      for _, e in ipairs(r.rule_errors) do
        local props = { traceback = e.traceback and esc.utf8(e.traceback), limit = e.limit,
                        file = e.file and esc.utf8(e.file) }
        exec_notes[#exec_notes + 1] = {
          level = "error",
          message = text(r.file .. ": rule " .. tostring(e.rule) .. " failed: " .. tostring(e.message)),
          descriptor = { id = "rule-error" },
          associatedRule = { id = e.rule, index = rule_index[e.rule] },
          locations = { { physicalLocation = { artifactLocation = aloc } } },
          properties = next(props) and props or nil,
        }
      end
    end
    artifacts[#artifacts + 1] = art
  end

  for _, e in ipairs(run.rule_load_errors) do
    config_notes[#config_notes + 1] = { level = "error", message = text(e),
                                        descriptor = { id = "rule-load-error" } }
  end
  local invocation = {
    executionSuccessful = #exec_notes == 0 and #config_notes == 0,
    toolExecutionNotifications = #exec_notes > 0 and exec_notes or nil,
    toolConfigurationNotifications = #config_notes > 0 and config_notes or nil,
    ruleConfigurationOverrides = #overrides > 0 and overrides or nil,
  }
  run:write(nresults == 0 and "],\n" or "\n],\n", '"artifacts": [')
  for i, a in ipairs(artifacts) do run:write(i == 1 and "\n  " or ",\n  ", json.encode(a)) end
  run:write(#artifacts == 0 and "],\n" or "\n],\n",
            '"invocations": [', json.encode(invocation, { indent = 2 }), ']\n}]\n}\n')
end
