-- Generates N synthetic reports, valid per docs/report-model.md, alternating the
-- 2021 and 2019 editions, from the two clean real reports in the repo
-- (examples/pingtan-2025.json, tests/fixtures/pingtan-2019.json): numbers are
-- shifted so that every relation still holds (and the totals the prose states
-- follow), names and years vary: every report is clean for the built-in rules.
-- With --random-values every table cell is a random count instead, so that no
-- sum holds (about 44 findings a report: the worst case of docs/performance.md).
--   lua5.4 bench/gen.lua N OUTDIR [SEED] [--random-values]
local cjson = require "cjson"
local random_values = arg[#arg] == "--random-values"
if random_values then arg[#arg] = nil end
local n, out, seed = tonumber(arg[1]), arg[2], tonumber(arg[3] or "1")
assert(n and out, "usage: lua5.4 bench/gen.lua N OUTDIR [SEED] [--random-values]")
math.randomseed(seed)

local here = arg[0]:match("^(.*)/[^/]*$") or "."
local function load(path)
  local f = assert(io.open(here .. "/../" .. path, "rb"))
  local t = cjson.decode(f:read("a"))
  f:close()
  return t
end
local bases = { load("examples/pingtan-2025.json"), load("tests/fixtures/pingtan-2019.json") }

-- JSON with integers written as integers and keys in a stable order
local function encode(v, out)
  local t = type(v)
  if t == "table" then
    if v == cjson.null then out[#out + 1] = "null" return end
    if #v > 0 then
      out[#out + 1] = "["
      for i, x in ipairs(v) do if i > 1 then out[#out + 1] = "," end encode(x, out) end
      out[#out + 1] = "]"
      return
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys)
    out[#out + 1] = "{"
    for i, k in ipairs(keys) do
      if i > 1 then out[#out + 1] = "," end
      out[#out + 1] = cjson.encode(k) .. ":"
      encode(v[k], out)
    end
    out[#out + 1] = "}"
  elseif t == "number" then
    out[#out + 1] = (v == math.floor(v) and math.abs(v) < 2^53) and string.format("%d", v)
      or string.format("%.10g", v)
  else
    out[#out + 1] = cjson.encode(v)
  end
end

local function deepcopy(v)
  if type(v) ~= "table" or v == cjson.null then return v end
  local t = {}
  for k, x in pairs(v) do t[k] = deepcopy(x) end
  return t
end

local COLS = { "natural", "commercial", "research", "nonprofit", "legal", "other_org" }

for i = 1, n do
  local r = deepcopy(bases[(i % 2) + 1])
  r.agency = r.agency .. "第" .. i .. "局"
  local a = r.applications
  -- shift: d more applications granted in column c (new, granted, total move together)
  for _, c in ipairs(COLS) do
    local d = math.random(0, 9)
    for _, row in ipairs({ a.new, a.granted, a.total }) do
      row[c] = row[c] + d
      row.total = row.total + d
    end
  end
  local ap = r.appeals.review
  local d = math.random(0, 3)
  ap.upheld, ap.total = ap.upheld + d, ap.total + d
  -- the prose states some of these totals ("收到申请154件"): say the new ones
  local base = bases[(i % 2) + 1]
  local moved = {
    { base.applications.new.total, a.new.total }, { base.applications.granted.total, a.granted.total },
    { base.applications.total.total, a.total.total }, { base.appeals.review.total, ap.total },
  }
  for k, text in pairs(r.sections or {}) do
    if type(text) == "string" then
      for _, m in ipairs(moved) do
        text = text:gsub(string.format("%%f[%%d]%d([\228\232])", m[1]), string.format("%d%%1", m[2]))
      end
      r.sections[k] = text
    end
  end
  if random_values then
    local function scramble(t)
      for k, v in pairs(t) do
        if type(v) == "table" then scramble(v) elseif type(v) == "number" then t[k] = math.random(0, 500) end
      end
    end
    for _, k in ipairs({ "active", "applications", "appeals" }) do
      if type(r[k]) == "table" then scramble(r[k]) end
    end
  end
  local buf = {}
  encode(r, buf)
  local f = assert(io.open(string.format("%s/r%06d.json", out, i), "wb"))
  f:write(table.concat(buf))
  f:close()
end
