-- gl.count, gl.equations, gl.sums_hold: the C summaries that let the table rules
-- skip their loops.  Each count is compared with the same count made here, in
-- plain Lua, from the report file; tests/cli/fastpath.sh checks that the rules'
-- findings are the same with and without these shortcuts.
local H = require "helper"

-- A rule that reports what gl.count and gl.sums_hold say, as one JSON message.
local PROBE = [[
local gl = require "govlua"
local json = require "govlua.json"
local EQS = gl.equations({
  { { "applications.new.total", "applications.carried_over.total" },
    { "applications.total.total", "applications.carried_forward.total" } },
})
return { id = "probe", severity = "info", description = "probe", check = function(report, ctx)
  local out = {}
  for _, w in ipairs({ "number", "blank", "text", "missing", "missing_rows", "unusual", "sourced" }) do
    out[w] = gl.count(report, w, report.edition)
    out[w .. "_any"] = gl.count(report, w)
  end
  out.hold = gl.sums_hold(report, EQS)
  out.plain = gl.count({ edition = "2021" }, "blank") == nil
  ctx:report{ path = "applications", message = json.encode(out) }
end }
]]

local cjson = require "cjson"

local function probe(report)
  local rule = H.temp_file(PROBE, ".lua")
  local res = H.check(report, { rules = { rule } })
  local f = H.one(res, "probe")
  return cjson.decode(f.message)
end

-- govlua's schema (rows, columns, kinds, editions), read through a rule
local schema_cache
local function schema()
  if schema_cache then return schema_cache end
  local rule = H.temp_file([[
local gl = require "govlua"
local json = require "govlua.json"
return { id = "schema", severity = "info", description = "schema", check = function(report, ctx)
  for _, r in ipairs(gl.schema) do ctx:report{ path = r.path, message = json.encode(r) } end
end }
]], ".lua")
  schema_cache = {}
  for i, f in ipairs(H.findings(H.check(H.load_fixture("clean2021"), { rules = { rule } }), "schema")) do
    schema_cache[i] = cjson.decode(f.message)
  end
  return schema_cache
end

-- the same counts, from the decoded file, for the cells of the report's edition
local function expected(report)
  local schema = schema()
  local ed = report.edition
  local c = { number = 0, blank = 0, text = 0, missing = 0, missing_rows = 0, unusual = 0 }
  for _, r in ipairs(schema) do
    if r.editions[ed] then
      local t = report[r.table]
      local row = t and (r.group and t[r.group] and t[r.group][r.key] or (not r.group and t[r.key]))
      if t and not row then c.missing_rows = c.missing_rows + 1 end
      for _, col in ipairs(r.columns) do
        if row and col.editions[ed] then
          local v = row[col.key]
          if v == nil then c.missing = c.missing + 1
          elseif v == cjson.null then c.blank = c.blank + 1
          elseif type(v) == "string" then c.text = c.text + 1
          else
            c.number = c.number + 1
            local fits = (col.kind == "money" and v >= 0) or (col.kind == "signed" and v == math.floor(v))
              or (col.kind == "count" and v >= 0 and v == math.floor(v))
            if not fits then c.unusual = c.unusual + 1 end
          end
        end
      end
    end
  end
  return c
end

describe("gl.count and gl.sums_hold", function()
  for _, name in ipairs({ "clean2021", "clean2019", "seed" }) do
    it("count the cells of " .. name .. " as a plain walk of the file does", function()
      local r = H.load_fixture(name)
      local got, want = probe(r), expected(r)
      for k, v in pairs(want) do assert.are.equal(v, got[k], k) end
      assert.is_true(got.plain) -- a table that is not the report view: nil, look yourself
    end)
  end

  it("see blank, text, negative, fractional and missing cells and missing rows", function()
    local r = H.load_fixture("clean2021")
    H.set(r, "applications.total.nonprofit", H.null)
    H.set(r, "applications.new.natural", "—")
    H.set(r, "appeals.review.upheld", -2)
    H.set(r, "active.fees.amount", -0.5)
    H.set(r, "applications.granted.legal", 1.5)
    r.applications.carried_over.other_org = nil
    r.appeals.litigation_direct = nil
    local got, want = probe(r), expected(r)
    for k, v in pairs(want) do assert.are.equal(v, got[k], k) end
    assert.are.same({ 1, 1, 3, 1, 1 }, { got.blank, got.text, got.unusual, got.missing, got.missing_rows })
  end)

  it("sums_hold is true on a report that adds up, false when a sum is off", function()
    local r = H.load_fixture("clean2021")
    assert.is_true(probe(r).hold)
    H.set(r, "applications.carried_forward.total", H.get(r, "applications.carried_forward.total") + 1)
    assert.is_false(probe(r).hold)
    H.set(r, "applications.new.total", H.null) -- a term that is not a number: nothing to add
    assert.is_true(probe(r).hold)
  end)

  it("equations refuses a path that is not a cell, naming it", function()
    local bad = H.temp_file([[
local gl = require "govlua"
gl.equations({ { { "applications.new.nobody" }, { "applications.new.total" } } })
return { id = "bad-eq", severity = "info", description = "x", check = function() end }
]], ".lua")
    local res = H.check(H.load_fixture("clean2021"), { rules = { bad } })
    assert.are.equal(4, res.rc)
    assert.truthy(res.stderr:find("applications.new.nobody", 1, true))
  end)
end)
