-- helper.lua - shared by the busted specs: fixtures, edits, and running the
-- real govlua binary (rules need govlua's C module, so specs drive the binary).
--
--   local H = require "helper"
--   local r = H.load_fixture("clean2021")
--   H.set(r, "applications.total.natural", 999)
--   local res = H.check(r)                  -- {rc=, reports=, summary=, raw=, stderr=}
--   local fs = H.findings(res, "application-balance")

local cjson = require "cjson"

local H = {}

H.null = cjson.null

H.bin = os.getenv("GOVLUA_BIN")
if not H.bin or H.bin == "" then
  error("GOVLUA_BIN is not set: point it at the built govlua binary", 0)
end
H.source_dir = os.getenv("GOVLUA_SOURCE_DIR") or "."

local FIXTURES = {
  clean2021 = "examples/pingtan-2025.json",
  clean2019 = "tests/fixtures/pingtan-2019.json",
  seed = "examples/xiangning-audit-2020.json",
}
H.FIXTURES = FIXTURES

-- Single-quotes a string for /bin/sh.
function H.shquote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

function H.read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

function H.write_file(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

function H.fixture_path(name)
  local rel = assert(FIXTURES[name], "unknown fixture: " .. tostring(name))
  return H.source_dir .. "/" .. rel
end

-- The fixture as a table, without its provenance ("source": the seed example
-- records that 采购总金额 was written "15万元", which unit-in-cell warns about):
-- specs edit and check the model; checking the file itself keeps the provenance.
function H.load_fixture(name)
  local t = cjson.decode(H.read_file(H.fixture_path(name)))
  t.source = nil
  return t
end

function H.deepcopy(v)
  if type(v) ~= "table" or v == cjson.null then return v end
  local out = {}
  for k, x in pairs(v) do out[k] = H.deepcopy(x) end
  return setmetatable(out, getmetatable(v))
end

--- set(report, "a.b.c", value): value may be H.null, a string, a number, or nil (delete).
-- Missing intermediate objects are created.
function H.set(report, path, value)
  local parts = {}
  for p in path:gmatch("[^.]+") do parts[#parts + 1] = p end
  local node = report
  for i = 1, #parts - 1 do
    local nxt = node[parts[i]]
    if type(nxt) ~= "table" or nxt == cjson.null then
      nxt = {}
      node[parts[i]] = nxt
    end
    node = nxt
  end
  node[parts[#parts]] = value
  return report
end

function H.get(report, path)
  local node = report
  for p in path:gmatch("[^.]+") do
    if type(node) ~= "table" or node == cjson.null then return nil end
    node = node[p]
  end
  return node
end

-- ---- a small JSON encoder: integral numbers are written as integers -------

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    local map = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
    return map[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function encode_number(n)
  if n ~= n or n == math.huge or n == -math.huge then error("cannot encode " .. tostring(n)) end
  if math.type(n) == "integer" then return string.format("%d", n) end
  if n == math.floor(n) and math.abs(n) < 2 ^ 53 then return string.format("%d", math.tointeger(n)) end
  for prec = 14, 17 do -- the shortest text that reads back as the same number
    local s = string.format("%." .. prec .. "g", n)
    if tonumber(s) == n then return s end
  end
  return string.format("%.17g", n)
end

local function is_array(t)
  local n = 0
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 then return false end
    n = n + 1
  end
  return n > 0 and n == #t
end

local function encode(v, out)
  local t = type(v)
  if v == cjson.null or v == nil then
    out[#out + 1] = "null"
  elseif t == "boolean" then
    out[#out + 1] = tostring(v)
  elseif t == "number" then
    out[#out + 1] = encode_number(v)
  elseif t == "string" then
    out[#out + 1] = encode_string(v)
  elseif t == "table" then
    if is_array(v) then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        encode(v[i], out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = tostring(k) end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = encode_string(k)
        out[#out + 1] = ":"
        local x = v[k]
        if x == nil then x = v[tonumber(k)] end
        encode(x, out)
      end
      out[#out + 1] = "}"
    end
  else
    error("cannot encode a " .. t)
  end
end

function H.encode(v)
  local out = {}
  encode(v, out)
  return table.concat(out)
end

H.decode = cjson.decode

-- ---- running the binary ---------------------------------------------------

local temps = {}

--- A fresh temp file name (removed by H.cleanup).  With suffix, a file of that
-- name is used instead (e.g. ".lua" for rule and format files).
function H.tmpname(suffix)
  local name = os.tmpname()
  if suffix then
    os.remove(name)
    name = name .. suffix
  end
  temps[#temps + 1] = name
  return name
end

function H.cleanup()
  for i = #temps, 1, -1 do
    os.remove(temps[i])
    temps[i] = nil
  end
end

--- Writes text to a fresh temp file with the given suffix; returns its path.
function H.temp_file(text, suffix)
  local p = H.tmpname(suffix)
  H.write_file(p, text)
  return p
end

--- Runs the binary with the given argument list; returns rc, stdout, stderr.
function H.run(args)
  local cmd = { H.shquote(H.bin) }
  for _, a in ipairs(args) do cmd[#cmd + 1] = H.shquote(a) end
  local errfile = os.tmpname()
  local line = "cd " .. H.shquote(H.source_dir) .. " && " .. table.concat(cmd, " ")
    .. " 2>" .. H.shquote(errfile) .. "; echo \"rc=$?\""
  local p = assert(io.popen(line, "r"))
  local out = p:read("a")
  p:close()
  local rc
  out = out:gsub("rc=(%d+)\n$", function(n) rc = tonumber(n); return "" end)
  assert(rc, "could not read the exit code of: " .. line)
  local err = H.read_file(errfile)
  os.remove(errfile)
  return rc, out, err
end

local function as_list(x)
  if type(x) == "table" and x[1] ~= nil then return x end
  return { x }
end

--- check(report_or_list, opts) -> {rc=, reports=, summary=, raw=, stderr=, files=}
-- opts.rules: rule files (relative to the repo root); default: the built-in rules.
-- opts.args: extra arguments placed before the rules and inputs.
-- opts.format: "json" (default, decoded) or another -f value (raw only).
-- A report given as a string is used as the path of an existing file.
function H.check(input, opts)
  opts = opts or {}
  local files, mine = {}, {}
  for _, r in ipairs(as_list(input)) do
    if type(r) == "string" then
      files[#files + 1] = r
    else
      local p = os.tmpname()
      H.write_file(p, H.encode(r))
      files[#files + 1] = p
      mine[#mine + 1] = p
    end
  end
  local format = opts.format or "json"
  local args = { "-f", format }
  for _, a in ipairs(opts.args or {}) do args[#args + 1] = a end
  for _, rule in ipairs(opts.rules or {}) do args[#args + 1] = rule end
  for _, f in ipairs(files) do args[#args + 1] = f end
  local rc, out, err = H.run(args)
  for _, p in ipairs(mine) do os.remove(p) end
  local res = { rc = rc, raw = out, stderr = err, files = files }
  if format == "json" then
    local ok, doc = pcall(cjson.decode, out)
    if not ok then
      error(string.format("govlua -f json output is not JSON (rc=%d): %s\nstdout: %s\nstderr: %s",
        rc, tostring(doc), out, err), 2)
    end
    res.reports = doc.reports
    res.summary = doc.summary
    res.version = doc.version
  end
  return res
end

--- findings(result, rule_id[, n]) -> the findings of that rule in report n (default 1)
function H.findings(result, rule_id, n)
  local rep = assert(result.reports and result.reports[n or 1], "no report in the result")
  local out = {}
  for _, f in ipairs(rep.findings or {}) do
    if rule_id == nil or f.rule == rule_id then out[#out + 1] = f end
  end
  return out
end

--- rule_errors(result[, n]) -> the rule errors of report n (default 1)
function H.rule_errors(result, n)
  local rep = assert(result.reports and result.reports[n or 1], "no report in the result")
  return rep.rule_errors or {}
end

--- One rule file of rules/, as a path relative to the repo root.
function H.rule(id)
  return "rules/" .. id .. ".lua"
end

--- Runs only one built-in rule on a report.
function H.check_rule(report, id, opts)
  opts = opts or {}
  local o = {}
  for k, v in pairs(opts) do o[k] = v end
  o.rules = { H.rule(id) }
  return H.check(report, o)
end

--- one(result, rule_id[, n]) -> the only finding of that rule in report n; raises
-- an error that lists every finding and rule error when there is not exactly one.
function H.one(result, rule_id, n)
  local fs = H.findings(result, rule_id, n)
  if #fs ~= 1 then
    error(string.format("expected exactly one %s finding, got %d; report: %s",
      rule_id, #fs, H.encode(result.reports[n or 1])), 2)
  end
  return fs[1]
end

--- Plain-text substring test (no patterns).
function H.contains(s, sub)
  return type(s) == "string" and s:find(sub, 1, true) ~= nil
end

return H
