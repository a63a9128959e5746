-- Hostile rules, through the binary.  Every attack runs together with a
-- witness rule (one known finding per report, and a self-check of the shared
-- library, the string metatable, the report and its own globals) on two real
-- reports, and must end as a rule error of each report — with the budget
-- that stopped it where one did — leaving the witness's finding intact,
-- exit code 4, and a quick run.  sandbox_spec.lua has the basic cases; this
-- file is the attacker's side: escapes, budget evasion, poisoning of shared
-- state, and everything at once.
local H = require "helper"

local REPORTS = { "examples/pingtan-2025.json", "examples/xiangning-audit-2020.json" }
local EXPECT = {} -- agency -> applications.total.natural, read from the files
for i, f in ipairs(REPORTS) do
  local d = H.decode(H.read_file(H.source_dir .. "/" .. f))
  EXPECT[i] = { agency = d.agency, natural = d.applications.total.natural }
end

local FAST = { "--max-instructions", "20000000", "--max-memory", "32" }
local FAST_BOUND = 15 -- seconds for one run under FAST limits (it takes well under 1 s)

-- ---- running ---------------------------------------------------------------

-- Runs the binary under `timeout`, timing it with the wall clock (date +%s%N:
-- os.clock would count this process, not the child).  Returns
-- {rc=, out=, err=, secs=, reports=, summary=}; rc 124 means killed by timeout.
local function run(args, limit)
  local cmd = { "timeout", "-k", "5", tostring(limit or 120), H.shquote(H.bin) }
  for _, a in ipairs(args) do cmd[#cmd + 1] = H.shquote(a) end
  local errfile = H.tmpname()
  local line = "cd " .. H.shquote(H.source_dir) .. " && s=$(date +%s%N); "
    .. table.concat(cmd, " ") .. " 2>" .. H.shquote(errfile)
    .. "; rc=$?; e=$(date +%s%N); echo \"rc=$rc ms=$(( (e - s) / 1000000 ))\""
  local p = assert(io.popen(line, "r"))
  local out = p:read("a")
  p:close()
  local rc, ms
  out = out:gsub("rc=(%d+) ms=(%d+)\n$", function(a, b) rc, ms = tonumber(a), tonumber(b); return "" end)
  assert(rc, "could not read the exit code of: " .. line)
  local res = { rc = rc, out = out, err = H.read_file(errfile), secs = ms / 1000 }
  local ok, doc = pcall(H.decode, out)
  if ok and type(doc) == "table" then
    res.reports, res.summary = doc.reports, doc.summary
  end
  return res
end

-- Runs rule files (attacks first, the witness last) on both reports.
local function check(rules, opts)
  opts = opts or {}
  local args = { "-f", "json" }
  for _, a in ipairs(opts.args or FAST) do args[#args + 1] = a end
  for _, r in ipairs(rules) do args[#args + 1] = r end
  for _, f in ipairs(opts.inputs or REPORTS) do args[#args + 1] = f end
  return run(args, opts.timeout)
end

local function describe_run(res)
  return string.format("rc=%d secs=%.2f\nstdout: %s\nstderr: %s", res.rc, res.secs,
    res.out:sub(1, 3000), res.err:sub(1, 2000))
end

-- ---- rule files ------------------------------------------------------------

-- A rule file in a temp directory: body is the code of check(report, ctx),
-- top (optional) the code before the returned table.
local function rule(id, body, top)
  return H.temp_file(table.concat({
    top or "",
    "return {",
    "  id = " .. string.format("%q", id) .. ", severity = \"error\", description = \"hostile spec attack\",",
    "  check = function(report, ctx)",
    body,
    "  end,",
    "}",
    "",
  }, "\n"), ".lua")
end

-- The witness: reports "witness <AGENCY>" at path agency, with " POISONED: …"
-- appended for whatever of its world is not as it should be.
local function witness()
  local expect = {}
  for _, e in ipairs(EXPECT) do
    expect[#expect + 1] = string.format("[%q] = %d", e.agency, e.natural)
  end
  return H.temp_file([[
local gl = require "govlua"
local NROWS = #gl.rows("2021")
local FIRST = gl.rows("2021")[1].path
local EXPECT = { ]] .. table.concat(expect, ", ") .. [[ }
return {
  id = "witness", severity = "warning", description = "hostile spec witness",
  check = function(report, ctx)
    local bad = {}
    local function want(ok, what) if not ok then bad[#bad + 1] = what end end
    want(string.upper("a") == "A", "string.upper")
    want(("a"):upper() == "A" and ("abc"):sub(2, 2) == "b", "string methods")
    want(string.format("%d-%s", 7, "x") == "7-x", "string.format")
    want(getmetatable("") == "string", "string metatable")
    want(table.concat({ "a", "b" }, ",") == "a,b", "table.concat")
    want(math.floor(2.5) == 2 and math.type(1) == "integer", "math")
    want(type(pcall) == "function" and type(ipairs) == "function" and type(os.time) == "function"
      and type(tostring) == "function", "base functions")
    want(gl.show(1) == "1" and gl.show(gl.BLANK) == "空白", "gl.show")
    want(gl.kind(gl.BLANK) == "blank" and tostring(gl.BLANK) == "blank", "gl.BLANK")
    want(#gl.APPLICANTS == 6 and gl.APPLICANTS[1] == "natural", "gl.APPLICANTS")
    want(#gl.rows("2021") == NROWS and gl.rows("2021")[1].path == FIRST, "gl.rows")
    for k in pairs(_G) do want(k == "_G" or k == "require", "global " .. tostring(k)) end
    want(poisoned == nil and leaked == nil, "globals of other rules")
    local t = report.applications and report.applications.total
    local nat = t and t.natural
    want(EXPECT[report.agency] ~= nil and EXPECT[report.agency] == nat,
      "report (natural=" .. tostring(nat) .. ")")
    local msg = "witness <" .. tostring(report.agency) .. ">"
    if #bad > 0 then msg = msg .. " POISONED: " .. table.concat(bad, ", ") end
    ctx:report{ path = "agency", message = msg }
  end,
}
]], ".lua")
end

-- ---- assertions ------------------------------------------------------------

local function report_of(res, i)
  local rep = res.reports and res.reports[i]
  assert(rep, "no report " .. i .. " in the output: " .. describe_run(res))
  return rep
end

-- The witness's finding in every report is there, once, and unpoisoned.
local function assert_witness(res)
  assert(res.reports, "the output is not govlua JSON: " .. describe_run(res))
  assert.are.equal(#REPORTS, #res.reports, describe_run(res))
  for i, e in ipairs(EXPECT) do
    local rep = report_of(res, i)
    assert.are.equal(e.agency, rep.agency, describe_run(res))
    local ws = {}
    for _, f in ipairs(rep.findings or {}) do
      if f.rule == "witness" then ws[#ws + 1] = f end
    end
    assert.are.equal(1, #ws, "witness findings in report " .. i .. ": " .. H.encode(rep))
    assert.are.equal("witness <" .. e.agency .. ">", ws[1].message)
    assert.are.equal("agency", ws[1].path)
    assert.are.equal("warning", ws[1].severity)
    for _, re in ipairs(rep.rule_errors or {}) do
      assert.are_not.equal("witness", re.rule, "the witness failed: " .. H.encode(re))
    end
  end
end

local function matches_any(s, wants)
  if type(wants) == "string" then wants = { wants } end
  for _, w in ipairs(wants) do
    if H.contains(s, w) then return true end
  end
  return false
end

-- The attack `id` is exactly one rule error in every report.  want.message:
-- a substring (or list of alternatives) of its message; want.limit: the budget
-- ("instructions", "memory"), false for none, "any" for either or none.
local function assert_attack(res, id, want)
  want = want or {}
  for i = 1, #REPORTS do
    local rep = report_of(res, i)
    local found
    for _, e in ipairs(rep.rule_errors or {}) do
      if e.rule == id then
        assert.is_nil(found, "two rule errors for " .. id .. ": " .. H.encode(rep))
        found = e
      end
    end
    assert(found, "no rule error for " .. id .. " in report " .. i .. ": " .. H.encode(rep)
      .. "\nstderr: " .. res.err:sub(1, 2000))
    if want.message then
      assert(matches_any(found.message, want.message),
        id .. ": unexpected message: " .. H.encode(found))
    end
    if want.limit == false then
      assert.is_nil(found.limit, id .. ": " .. H.encode(found))
    elseif want.limit and want.limit ~= "any" then
      assert.are.equal(want.limit, found.limit, id .. ": " .. H.encode(found))
    end
    if want.limit and want.limit ~= "any" then
      -- a budget stops the rule: nothing it reported before is trusted either way,
      -- but a runaway never gets as far as reporting
      for _, f in ipairs(rep.findings or {}) do
        assert.are_not.equal(id, f.rule, id .. " reported a finding: " .. H.encode(f))
      end
    end
  end
  assert(H.contains(res.err, "rule " .. id .. " failed"), "stderr lacks the failure of " .. id
    .. ": " .. res.err:sub(1, 2000))
end

local function assert_quick(res, bound)
  assert(res.rc ~= 124 and res.rc ~= 137,
    string.format("killed after %.1f s by timeout: %s", res.secs, describe_run(res)))
  assert(res.secs < bound, string.format("took %.1f s (bound %d s)", res.secs, bound))
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() return true end
  return false
end

-- A path in /tmp that does not exist (a pwned-file canary).
local function canary_name(tag)
  local p = H.tmpname()
  os.remove(p)
  p = p .. "-pwned-" .. tag
  os.remove(p)
  return p
end

-- ---- the attacks -----------------------------------------------------------

-- Each: id, name, body (check's code), top (file-level code), want (see
-- assert_attack).  `combo = false` leaves it out of the all-at-once run.
local ATTACKS = {
  -- runaways: the instruction budget
  { id = "loop", name = "an infinite loop", body = "while true do end",
    want = { limit = "instructions", message = "instruction budget exceeded" } },
  { id = "pcall-loop", name = "a loop inside pcall inside a loop",
    body = "while true do pcall(function() while true do end end) end",
    want = { limit = "instructions" } },
  { id = "catch-and-loop", name = "a loop that catches the budget error with pcall and loops again",
    body = [[
    local caught = 0
    while true do
      local ok, err = pcall(function() while true do end end)
      if not ok then caught = caught + 1 end -- swallow the budget error
      local ok2 = pcall(error, "again")      -- and raise/catch some more
      for i = 1, 1000000 do caught = caught + 1 end
    end]],
    want = { limit = "instructions" } },
  -- (the message handler runs with hooks off once an error is raised inside it)
  { id = "xpcall-handler-loop", name = "an xpcall whose message handler loops too",
    body = "while true do xpcall(function() while true do end end, function() while true do end end) end",
    want = { limit = "instructions" }, combo = false, timeout = 20 },
  { id = "xpcall-plain-handler-loop", name = "an xpcall of a plain error whose message handler loops",
    body = 'xpcall(function() error("plain") end, function() while true do end end)',
    want = { limit = "instructions" }, combo = false, timeout = 20 },
  { id = "tostring-loop", name = "an error object whose __tostring loops forever",
    body = "error(setmetatable({}, { __tostring = function() while true do end end }))",
    want = { limit = "instructions" } },
  -- runaways: the memory budget
  { id = "rep-bomb", name = "a memory bomb via string.rep (1 GiB)",
    body = 'local s = string.rep("x", 1 << 30) ctx:report{ message = #s }',
    want = { limit = "memory", message = "memory budget exceeded" } },
  { id = "rep-huge", name = "string.rep with a count beyond any string size",
    body = 'local s = string.rep("x", 1 << 40)',
    want = { message = "too large" } },
  { id = "table-bomb", name = "a memory bomb via growing tables",
    body = "local t, i = {}, 0 while true do i = i + 1 t[i] = { i, i, i } end",
    want = { limit = "memory" } },
  { id = "concat-double", name = "a memory bomb via string concatenation in a loop (doubling)",
    body = 'local s = "x" while true do s = s .. s end',
    want = { limit = "memory" } },
  { id = "recursion", name = "unbounded recursion",
    body = "local function f() return 1 + f() end f()",
    want = { message = { "stack overflow", "memory budget exceeded" }, limit = "any" } },
  -- coroutines
  { id = "coro-loop", name = "an infinite loop inside coroutine.wrap",
    body = "coroutine.wrap(function() while true do end end)()",
    want = { limit = "instructions" } },
  { id = "coro-pcall-loop", name = "a coroutine that catches the budget error and loops on",
    body = "coroutine.wrap(function() while true do pcall(function() while true do end end) end end)()",
    want = { limit = "instructions" } },
  { id = "coro-pingpong", name = "resuming a yielding coroutine forever",
    body = [[
    local co = coroutine.create(function() while true do coroutine.yield() end end)
    while true do coroutine.resume(co) end]],
    want = { limit = "instructions" } },
  { id = "coro-respawn", name = "a fresh runaway coroutine, again and again, under pcall",
    body = "while true do pcall(coroutine.wrap(function() while true do end end)) end",
    want = { limit = "instructions" } },
  { id = "coro-membomb", name = "a memory bomb inside a coroutine, its error caught",
    body = [[
    while true do
      local co = coroutine.create(function() local t = {} for i = 1, 1e9 do t[i] = i end end)
      coroutine.resume(co)
    end]],
    want = { limit = "memory" } },
  -- error objects
  { id = "tostring-errors", name = "an error object whose __tostring raises an error",
    body = 'error(setmetatable({}, { __tostring = function() error("nested") end }))',
    want = { limit = false, message = "error object is a table value" } },
  { id = "table-error", name = "an error object that is a table without __tostring",
    body = "error({ code = 1 })",
    want = { limit = false, message = "error object is a table value" } },
  { id = "nil-error", name = "error(nil)",
    body = "error(nil)",
    want = { limit = false, message = "nil" } },
  -- bytecode and the standard library's dangerous parts
  { id = "bytecode", name = "load(string.dump(f))",
    body = "local f = function() return 1 end local g = load(string.dump(f))",
    want = { limit = false, message = "not available in govlua rules" } },
  { id = "load-binary", name = 'load of a binary chunk string',
    body = 'load("\\27Lua\\84\\0", "x", "b")',
    want = { limit = false, message = "not available in govlua rules: load" } },
  { id = "dump-method", name = 'string.dump through the string metatable ("").dump',
    body = 'local d = ("").dump(function() end)',
    want = { limit = false, message = "attempt to call a nil value" } },
  { id = "require-io", name = 'require "io"', body = 'local m = require "io"',
    want = { limit = false, message = "module 'io' is not available in govlua rules" } },
  { id = "require-os", name = 'require "os"', body = 'local m = require "os"',
    want = { limit = false, message = "module 'os' is not available in govlua rules" } },
  { id = "require-debug", name = 'require "debug"', body = 'local m = require "debug"',
    want = { limit = false, message = "module 'debug' is not available in govlua rules" } },
  { id = "require-cjson", name = 'require "cjson"', body = 'local m = require "cjson"',
    want = { limit = false, message = "module 'cjson' is not available in govlua rules" } },
  { id = "require-traversal", name = 'require of a path outside the library',
    body = 'local m = require "govlua/../../../../etc/passwd"',
    want = { limit = false, message = "is not available in govlua rules" } },
  { id = "os-getenv", name = "os.getenv", body = 'local h = os.getenv("HOME")',
    want = { limit = false, message = "not available in govlua rules: os.getenv" } },
  { id = "os-exit", name = "os.exit", body = "os.exit(0, true)",
    want = { limit = false, message = "not available in govlua rules: os.exit" } },
  { id = "debug-sethook", name = "debug.sethook", body = "debug.sethook()",
    want = { limit = false, message = "not available in govlua rules: debug" } },
  { id = "package-loadlib", name = "package.loadlib",
    body = 'package.loadlib("libc.so.6", "system")',
    want = { limit = false, message = "not available in govlua rules: package" } },
  { id = "collectgarbage", name = 'collectgarbage("stop")', body = 'collectgarbage("stop")',
    want = { limit = false, message = "not available in govlua rules: collectgarbage" } },
  -- poisoning shared state (a poisoner that is not refused ends with error("poisoned"))
  { id = "globals", name = "assigning globals (plain, through _G, rawset on _G)",
    body = [[
    poisoned = true
    leaked = "yes"
    _G.string = { upper = function() return "HACKED" end }
    rawset(_G, "tostring", function() return "HACKED" end)
    error("poisoned")]],
    top = "leaked = 'at load time'",
    want = { limit = false, message = "poisoned" } },
  { id = "string-upper-nil", name = "string.upper = nil", body = "string.upper = nil",
    want = { limit = false, message = "read-only" } },
  { id = "string-mt-index", name = 'getmetatable("").__index = {}',
    body = 'getmetatable("").__index = {}',
    want = { limit = false, message = "attempt to index" } },
  { id = "string-mt-upper", name = 'getmetatable("").__index.upper = …',
    body = 'getmetatable("").__index.upper = function() return "HACKED" end',
    want = { limit = false, message = "attempt to index" } },
  { id = "report-write", name = "writing to the model",
    body = "report.applications.total.natural = 1",
    want = { limit = false, message = "read-only" } },
  { id = "report-rawset", name = "rawset on the report",
    body = 'rawset(report, "agency", "HACKED")',
    want = { limit = false, message = "read-only" } },
  { id = "report-setmetatable", name = "setmetatable on the report",
    body = "setmetatable(report, { __index = function() return 'HACKED' end })",
    want = { limit = false, message = "protected metatable" } },
  -- every rule has its own copy of govlua's Lua library: a change stays in the
  -- rule that made it (the witness checks that its gl is intact); the C
  -- modules (govlua.core: schema, blank) are shared and read-only
  { id = "gl-function", name = "replacing a function of its own copy of the govlua library",
    body = 'local gl = require "govlua"; gl.show = function() return "HACKED" end; error("patched its own copy")',
    want = { limit = false, message = "patched its own copy" } },
  { id = "gl-nested", name = "changing nested govlua tables (APPLICANTS, rows, schema)",
    body = [[
    local gl = require "govlua"
    local n = 0
    for _, f in ipairs({
      function() gl.APPLICANTS[1] = "HACKED" end,
      function() table.insert(gl.APPLICANTS, "HACKED") end,
      function() gl.rows("2021")[1].path = "HACKED" end,
      function() table.remove(gl.rows("2021")) end,
      function() rawset(gl.rows("2021"), 1, nil) end,
      function() gl.schema[1].path = "HACKED" end,
      function() (require "govlua.core").blank = nil end,
    }) do
      if not pcall(f) then n = n + 1 end
    end
    error("refused " .. n .. " of 7")]],
    -- the Lua library tables are the rule's own copy (its changes go through,
    -- without effect on other rules: the witness checks); the shared C module
    -- refuses its 2 (in the second report the rule's own damaged copy refuses one more)
    want = { limit = false, message = " of 7" } },
}

local function attack_files()
  local files = {}
  for _, a in ipairs(ATTACKS) do
    if a.combo ~= false then files[#files + 1] = rule(a.id, a.body, a.top) end
  end
  return files
end

describe("hostile rules", function()
  after_each(H.cleanup)

  it("the witness alone: one finding per report, exit 0", function()
    local res = check({ witness() })
    assert.are.equal(0, res.rc, describe_run(res))
    assert_witness(res)
    assert_quick(res, FAST_BOUND)
  end)

  for _, a in ipairs(ATTACKS) do
    it(a.name .. ": a rule error, witness intact, exit 4", function()
      local res = check({ rule(a.id, a.body, a.top), witness() }, { timeout = a.timeout or 60 })
      assert_quick(res, FAST_BOUND)
      assert_attack(res, a.id, a.want)
      assert_witness(res)
      assert.are.equal(4, res.rc, describe_run(res))
    end)
  end

  it("os.execute and io.open cannot create files", function()
    local c1, c2 = canary_name("execute"), canary_name("io")
    local res = check({
      rule("os-execute", string.format("os.execute(%q)", "touch " .. c1)),
      rule("io-open", string.format("local f = io.open(%q, 'w') f:write('x') f:close()", c2)),
      rule("io-popen", string.format("io.popen(%q)", "touch " .. c1)),
      witness() })
    assert_quick(res, FAST_BOUND)
    assert.is_false(exists(c1), "os.execute created " .. c1)
    assert.is_false(exists(c2), "io.open created " .. c2)
    assert_attack(res, "os-execute", { limit = false, message = "not available in govlua rules: os.execute" })
    assert_attack(res, "io-open", { limit = false, message = "not available in govlua rules: io" })
    assert_attack(res, "io-popen", { limit = false, message = "not available in govlua rules: io" })
    assert_witness(res)
    assert.are.equal(4, res.rc)
  end)

  it("os.remove and os.rename cannot touch files", function()
    local keep = H.temp_file("keep me")
    local res = check({
      rule("os-remove", string.format("os.remove(%q)", keep)),
      rule("os-rename", string.format("os.rename(%q, %q)", keep, keep .. ".moved")),
      witness() })
    assert_quick(res, FAST_BOUND)
    assert.are.equal("keep me", H.read_file(keep))
    assert.is_false(exists(keep .. ".moved"))
    assert_attack(res, "os-remove", { limit = false, message = "not available in govlua rules: os.remove" })
    assert_attack(res, "os-rename", { limit = false, message = "not available in govlua rules: os.rename" })
    assert_witness(res)
    assert.are.equal(4, res.rc)
  end)

  it("a global stored by a rule in report 1 is gone in report 2", function()
    local res = check({
      rule("stash", [[
    if stash ~= nil or rawget(_G, "stash") ~= nil then error("stash leaked: " .. tostring(stash)) end
    stash = report.agency
    _G.stash2 = report.agency
    ctx:report{ path = "agency", message = "fresh" }]]),
      witness() })
    assert_quick(res, FAST_BOUND)
    assert_witness(res)
    for i = 1, #REPORTS do
      local rep = report_of(res, i)
      assert.are.same({}, rep.rule_errors, H.encode(rep))
      assert.are.equal("fresh", H.one(res, "stash", i).message)
    end
    assert.are.equal(1, res.rc) -- the stash rule's findings are errors
  end)

  it("the budgets reset per report: a rule that nearly exhausts them passes every time", function()
    local res = check({
      rule("near", [[
    local x = 0
    for i = 1, 1500000 do x = x + i end        -- ~ 7.5M of the 20M instructions
    local s = string.rep("x", 10 * 1024 * 1024) -- 20 of the 32 MiB (string.rep's buffer + the string)
    ctx:report{ message = "done " .. #s }]]),
      witness() }, { inputs = { REPORTS[1], REPORTS[2], REPORTS[1], REPORTS[2] } })
    assert_quick(res, FAST_BOUND * 2)
    assert.are.equal(4, #res.reports, describe_run(res))
    for i = 1, 4 do
      assert.are.same({}, report_of(res, i).rule_errors, H.encode(report_of(res, i)))
      assert.are.equal("done 10485760", H.one(res, "near", i).message)
    end
    assert.are.equal(1, res.rc)
  end)

  it("every attack at once, with the witness: each reported, witness intact, well under a minute", function()
    local files = attack_files()
    local c1, c2 = canary_name("combo-exec"), canary_name("combo-io")
    files[#files + 1] = rule("os-execute", string.format("os.execute(%q)", "touch " .. c1))
    files[#files + 1] = rule("io-open", string.format("io.open(%q, 'w')", c2))
    files[#files + 1] = witness()
    local res = check(files, { timeout = 120 })
    assert_quick(res, 60)
    assert.is_false(exists(c1))
    assert.is_false(exists(c2))
    for _, a in ipairs(ATTACKS) do
      if a.combo ~= false then assert_attack(res, a.id, a.want) end
    end
    assert_attack(res, "os-execute", { limit = false })
    assert_attack(res, "io-open", { limit = false })
    assert_witness(res)
    local n = #files - 1
    for i = 1, #REPORTS do
      assert.are.equal(n, #report_of(res, i).rule_errors)
    end
    assert.are.equal(n * #REPORTS, res.summary.rule_errors)
    assert.are.equal(4, res.rc)
    assert(res.secs < 30, string.format("all attacks took %.1f s", res.secs))
  end)

  it("a dozen runaway rules under the DEFAULT budgets finish in well under a minute", function()
    local ids = { "loop", "pcall-loop", "catch-and-loop", "tostring-loop", "rep-bomb",
                  "table-bomb", "concat-double", "recursion", "coro-loop", "coro-pcall-loop",
                  "coro-respawn", "coro-membomb" }
    local by_id = {}
    for _, a in ipairs(ATTACKS) do by_id[a.id] = a end
    local files = {}
    for _, id in ipairs(ids) do
      local a = assert(by_id[id], id)
      files[#files + 1] = rule(id, a.body, a.top)
    end
    files[#files + 1] = witness()
    local res = check(files, { args = {}, inputs = { REPORTS[1] }, timeout = 120 })
    assert_quick(res, 45)
    local rep = report_of(res, 1)
    assert.are.equal(#ids, #rep.rule_errors, H.encode(rep))
    for _, id in ipairs(ids) do
      local found
      for _, e in ipairs(rep.rule_errors) do
        if e.rule == id then found = e end
      end
      assert(found, "no rule error for " .. id)
      if by_id[id].want.limit ~= "any" then
        assert.are.equal(by_id[id].want.limit, found.limit, H.encode(found))
      end
    end
    local ws = H.findings({ reports = res.reports }, "witness", 1)
    assert.are.equal(1, #ws)
    assert.are.equal("witness <" .. EXPECT[1].agency .. ">", ws[1].message)
    assert.are.equal(4, res.rc)
  end)

  -- ---- attacks that get around the budgets or the read-only views ------------
  -- (each of these failed when written: see the assertion messages)

  it("a memory-budget error caught by pcall still fails the rule (the trip is sticky)", function()
    -- the rule returns right after the caught allocation failure, before the
    -- instruction hook fires again
    local res = check({
      rule("mem-swallow", [[
    local ok, err = pcall(string.rep, "x", 1 << 30)
    ctx:report{ message = "survived: " .. tostring(err) }]]),
      witness() })
    assert_quick(res, FAST_BOUND)
    assert_witness(res)
    assert_attack(res, "mem-swallow", { limit = "memory" })
    assert.are.equal(4, res.rc)
  end)

  it("an instruction-budget error caught from a coroutine still fails the rule", function()
    -- the budget trips inside the coroutine; the rule catches the error and
    -- returns before the hook of its own thread fires again
    local res = check({
      rule("coro-swallow", [[
    local co = coroutine.create(function() while true do end end)
    local ok, err = coroutine.resume(co)
    local ok2, err2 = pcall(coroutine.wrap(function() while true do end end))
    ctx:report{ message = "survived: " .. tostring(err) }]]),
      witness() })
    assert_quick(res, FAST_BOUND)
    assert_witness(res)
    assert_attack(res, "coro-swallow", { limit = "instructions" })
    assert.are.equal(4, res.rc)
  end)

  for _, case in ipairs({
    { id = "pairs-report", what = "the report's data",
      body = [[
    local _, data = pairs(report)
    data.agency = "HACKED"
    local _, total = pairs(report.applications.total)
    total.natural = 1]] },
    { id = "pairs-string", what = "the shared string library",
      body = 'local _, s = pairs(string); s.upper = function() return "HACKED" end' },
    { id = "pairs-govlua", what = "the shared govlua C module",
      body = [[
    local _, g = pairs(require "govlua.core"); g.describe = function() return "HACKED" end
    local _, s = pairs(g.schema); s[1] = "HACKED"]] },
  }) do
    it("pairs() on a read-only view does not hand out a writable table: " .. case.what, function()
      local res = check({ rule(case.id, case.body), witness() })
      assert_quick(res, FAST_BOUND)
      assert_witness(res)
      assert_attack(res, case.id, { limit = false, message = "read-only" })
      assert.are.equal(4, res.rc)
    end)
  end

  it("ctx:report cannot make the host hold more than the memory budget (a huge path)", function()
    -- 500 findings with a 256 KiB path each: 128 MiB kept by the C side of a
    -- rule limited to 32 MiB, and the json format then runs out of its budget
    local res = check({
      rule("huge-path", [[
    local p = ("x"):rep(256 * 1024)
    for i = 1, 500 do ctx:report{ message = "m", path = p } end]]),
      witness() }, { inputs = { REPORTS[1], REPORTS[2] } })
    assert_quick(res, 30)
    assert.is_not_nil(res.reports, "no JSON output: " .. describe_run(res))
    assert(res.rc == 1 or res.rc == 4, "exit code " .. res.rc .. ": " .. res.err:sub(1, 500))
    assert_witness(res)
    for i = 1, #REPORTS do
      for _, f in ipairs(report_of(res, i).findings) do
        assert(not f.path or #f.path <= 4096, "a path of " .. (f.path and #f.path or 0) .. " bytes")
      end
    end
  end)

  it("a __gc finalizer that loops forever does not hang the run", function()
    local res = check({
      rule("gc-loop", 'setmetatable({}, { __gc = function() while true do end end })'),
      witness() }, { timeout = 20 })
    assert_quick(res, 15)
    assert_witness(res)
    assert(res.rc == 0 or res.rc == 4, describe_run(res))
  end)

  it("__gc finalizers do not run outside the budget (1000 finalizers of 4M instructions)", function()
    local res = check({
      rule("gc-work", [[
    for i = 1, 1000 do
      setmetatable({}, { __gc = function() local x = 0 for j = 1, 1000000 do x = x + j end end })
    end]]),
      witness() }, { timeout = 30 })
    assert_quick(res, 10)
    assert_witness(res)
  end)

  it("string concatenation in a loop (appending) stays within the time bound", function()
    -- few instructions, but quadratic copying inside C: not counted
    local res = check({
      rule("concat-append", 'local s = "" while true do s = s .. "xxxxxxxxxxxxxxxx" end'),
      witness() }, { timeout = 20, inputs = { REPORTS[1] } })
    assert_quick(res, 15)
    local rep = report_of(res, 1)
    assert.are.equal(1, #rep.rule_errors, H.encode(rep))
    assert.are.equal(4, res.rc)
  end)

  it("a backtracking string pattern stays within the time bound", function()
    local res = check({
      rule("pattern-bomb", 'local s = string.rep("a", 300) ctx:report{ message = tostring(s:find(".-.-.-.-b")) }'),
      witness() }, { timeout = 20, inputs = { REPORTS[1] } })
    assert_quick(res, 15)
    assert.are.equal(4, res.rc, describe_run(res))
  end)

  it("C functions called in a loop on a long string stay within the time bound", function()
    -- ~3M instructions (far below the default budget), ~0.6 ms of C each round
    local res = check({
      rule("scan-loop", [[
    local s = string.rep("x", 30000000)
    for i = 1, 1000000 do s:find("y", 1, true) end]]),
      witness() }, { args = {}, timeout = 20, inputs = { REPORTS[1] } })
    assert_quick(res, 15)
    assert.are.equal(4, res.rc, describe_run(res))
  end)
end)
