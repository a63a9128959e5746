-- Format sarif: SARIF 2.1.0, valid against the OASIS schema; rules from the
-- loaded rules, one result per finding, URIs percent-encoded, notifications
-- for unreadable inputs and rule errors.
local H = require "helper"
local cjson = require "cjson"

local SCHEMA = (os.getenv("GOVLUA_SHARED_DIR") or (H.source_dir .. "/../shared"))
  .. "/schemas/sarif-schema-2.1.0.json"

local function sh(cmd)
  local p = assert(io.popen(cmd .. " 2>&1; echo \"rc=$?\"", "r"))
  local out = p:read("a")
  p:close()
  local rc
  out = out:gsub("rc=(%d+)\n$", function(n) rc = tonumber(n); return "" end)
  return rc, out
end

local have_jsonschema
local function validator_missing()
  if have_jsonschema == nil then
    have_jsonschema = sh("python3 -c 'import jsonschema'") == 0
    if not have_jsonschema then
      print("\nSKIP SARIF schema validation: python3 cannot import jsonschema "
        .. "(apt-get install python3-jsonschema)")
    end
  end
  if not have_jsonschema then return true end
  local f = io.open(SCHEMA, "r")
  if not f then
    print("\nSKIP SARIF schema validation: no schema at " .. SCHEMA)
    return true
  end
  f:close()
  return false
end

local VALIDATE = [[
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft4Validator(schema)
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    for e in sorted(v.iter_errors(doc), key=lambda e: list(e.path))[:5]:
        bad += 1
        print(path, list(e.path), e.message)
sys.exit(1 if bad else 0)
]]

-- Validates every SARIF text against the schema (one python3 run for all).
local function assert_valid(...)
  if validator_missing() then return end
  local args = { "python3", H.shquote(H.temp_file(VALIDATE, ".py")), H.shquote(SCHEMA) }
  for _, text in ipairs({ ... }) do args[#args + 1] = H.shquote(H.temp_file(text, ".sarif")) end
  local rc, out = sh(table.concat(args, " "))
  assert.are.equal(0, rc, out)
end

local function sarif(args)
  local rc, out, err = H.run({ "-f", "sarif", table.unpack(args) })
  local ok, doc = pcall(cjson.decode, out)
  assert(ok, "not JSON: " .. tostring(doc) .. "\n" .. out .. "\n" .. err)
  return doc, out, rc
end

local function rule(id, severity, body)
  return H.temp_file(string.format([[
return { id = %q, severity = %q, description = "sarif spec rule",
  check = function(report, ctx) %s end }
]], id, severity, body), ".lua")
end

describe("format sarif", function()
  after_each(H.cleanup)

  it("is valid SARIF 2.1.0 on the examples, clean, broken and unreadable inputs", function()
    local bad = H.temp_file("{ not json", ".json")
    local _, a = sarif({ "examples/" })
    local _, b = sarif({ H.fixture_path("clean2021") })
    local _, c = sarif({ "tests/fixtures/rules/broken.lua", "tests/fixtures/rules/not-a-rule.lua",
                         "rules/cell-blank.lua", "--rule", "cell-blank=warning", "examples/", bad })
    local _, d = sarif({ "--rule", "cell-blank=off", "--rule", "application-balance=info", "examples/" })
    assert_valid(a, b, c, d)
  end)

  it("describes the tool and every loaded rule", function()
    local doc = sarif({ "examples/" })
    assert.are.equal("2.1.0", doc.version)
    assert.is_true(H.contains(doc["$schema"], "sarif-schema-2.1.0.json"))
    assert.are.equal(1, #doc.runs)
    local driver = doc.runs[1].tool.driver
    assert.are.equal("govlua", driver.name)
    local _, listing = H.run({ "--list-rules", "-f", "json" })
    local list = cjson.decode(listing)
    list = list.rules or list
    assert.are.equal(#list, #driver.rules)
    local cb
    for _, d in ipairs(driver.rules) do if d.id == "cell-blank" then cb = d end end
    assert.are.equal("error", cb.defaultConfiguration.level)
    assert.is_string(cb.shortDescription.text)
    assert.is_string(cb.fullDescription.text) -- the rule's basis
  end)

  it("writes a result with rule, level, message, file and logical location", function()
    local doc = sarif({ "rules/cell-blank.lua", H.fixture_path("seed") })
    local run = doc.runs[1]
    assert.are.equal(1, #run.results)
    local r = run.results[1]
    assert.are.equal("cell-blank", r.ruleId)
    assert.are.equal("cell-blank", run.tool.driver.rules[r.ruleIndex + 1].id)
    assert.are.equal("error", r.level)
    assert.is_true(H.contains(r.message.text, "为空白"), r.message.text)
    local loc = r.locations[1]
    assert.are.equal(H.fixture_path("seed"):gsub("^/", "file:///"), loc.physicalLocation.artifactLocation.uri)
    assert.are.equal(333, loc.physicalLocation.region.startLine) -- from the example's provenance
    assert.are.same({ { fullyQualifiedName = "applications.total.nonprofit", name = "nonprofit", kind = "member" } },
                    loc.logicalLocations)
    assert.are.equal("表三 （七）总计 / 社会公益组织", loc.message.text)
    assert.is_true(run.invocations[1].executionSuccessful)
  end)

  it("maps severities to levels, adds startLine, and records --rule overrides", function()
    local r = rule("lined", "info", [[
      ctx:report{ path = "applications.total.natural", message = "with a line", line = 42 }
      ctx:report{ path = "title", message = "a warning", severity = "warning" }]])
    local doc = sarif({ r, "rules/cell-blank.lua", "--rule", "cell-blank=warning", H.fixture_path("seed") })
    local levels = {}
    for _, res in ipairs(doc.runs[1].results) do
      levels[res.message.text] = res.level
      if res.message.text == "with a line" then
        assert.are.same({ startLine = 42 }, res.locations[1].physicalLocation.region)
      end
    end
    assert.are.equal("note", levels["with a line"])
    assert.are.equal("warning", levels["a warning"])
    assert.are.equal("warning", levels["表三 （七）总计 / 社会公益组织 为空白，应填写数字（没有发生的填 0）"])
    local ov = doc.runs[1].invocations[1].ruleConfigurationOverrides
    assert.are.equal(1, #ov)
    assert.are.equal("cell-blank", ov[1].descriptor.id)
    assert.are.equal("warning", ov[1].configuration.level)
  end)

  it("writes results as [] when clean", function()
    local doc, out = sarif({ H.fixture_path("clean2021") })
    assert.is_true(H.contains(out, '"results": []'), out)
    assert.are.equal(0, #doc.runs[1].results)
  end)

  it("percent-encodes file URIs: relative stays relative, absolute becomes file://", function()
    local dir = H.tmpname()
    os.remove(dir)
    assert(os.execute("mkdir " .. H.shquote(dir)))
    local name = dir .. "/年报 2020#1%.json"
    H.write_file(name, H.encode(H.load_fixture("seed")))
    local doc = sarif({ name, "examples/pingtan-2025.json" })
    os.remove(name)
    os.execute("rmdir " .. H.shquote(dir))
    local uris = {}
    for i, a in ipairs(doc.runs[1].artifacts) do uris[i] = a.location.uri end
    local enc = dir:gsub("[^%w%-._~/]", function(c) return string.format("%%%02X", c:byte()) end)
    assert.are.equal("file://" .. enc .. "/%E5%B9%B4%E6%8A%A5%202020%231%25.json", uris[1])
    assert.are.equal("examples/pingtan-2025.json", uris[2])
    assert.are.equal(uris[1], doc.runs[1].results[1].locations[1].physicalLocation.artifactLocation.uri)
    assert.are.equal(0, doc.runs[1].results[1].locations[1].physicalLocation.artifactLocation.index)
  end)

  it("reports unreadable inputs and rule failures as notifications", function()
    local bad = H.temp_file("{ not json", ".json")
    local doc = sarif({ "tests/fixtures/rules/broken.lua", "tests/fixtures/rules/not-a-rule.lua",
                        "rules/cell-blank.lua", H.fixture_path("seed"), bad })
    local inv = doc.runs[1].invocations[1]
    assert.is_false(inv.executionSuccessful)
    local ids = {}
    for _, n in ipairs(inv.toolExecutionNotifications) do
      ids[#ids + 1] = n.descriptor.id
      assert.are.equal("error", n.level)
    end
    assert.are.same({ "rule-error", "unreadable-input" }, ids)
    local re = inv.toolExecutionNotifications[1]
    assert.are.equal("broken", re.associatedRule.id)
    assert.are.equal("broken", doc.runs[1].tool.driver.rules[re.associatedRule.index + 1].id)
    assert.is_true(H.contains(re.properties.traceback, "stack traceback"))
    assert.are.equal(1, #inv.toolConfigurationNotifications)
    assert.is_true(H.contains(inv.toolConfigurationNotifications[1].message.text, "not-a-rule.lua"))
    assert.are.equal(1, #doc.runs[1].results) -- the other rule still ran
  end)
end)
