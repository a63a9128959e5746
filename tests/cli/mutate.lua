-- Writes N reports with random defects (blank, text, negative, decimal, missing
-- cells, rows and tables, broken sums, huge integers, decimals that are whole,
-- source texts with units, odd editions and years) made from the given clean
-- reports: the inputs of tests/cli/fastpath.sh.
--   lua5.4 tests/cli/mutate.lua OUTDIR N SEED REPORT.json ...
local cjson = require("cjson").new()
cjson.decode_invalid_numbers(false)
local out, n, seed = arg[1], tonumber(arg[2]), tonumber(arg[3])
assert(out and n and seed and arg[4], "usage: lua5.4 tests/cli/mutate.lua OUTDIR N SEED REPORT.json ...")
math.randomseed(seed)
local bases = {}
for i = 4, #arg do
  local f = assert(io.open(arg[i], "rb"))
  bases[#bases + 1] = f:read("a")
  f:close()
end

-- every cell path of a decoded report, as arrays of keys
local function cells(d)
  local res = {}
  local function walk(node, path)
    if type(node) == "table" and node ~= cjson.null then
      local keys = {}
      for k in pairs(node) do keys[#keys + 1] = k end
      table.sort(keys)
      for _, k in ipairs(keys) do
        local p = { table.unpack(path) }
        p[#p + 1] = k
        walk(node[k], p)
      end
    else
      res[#res + 1] = path
    end
  end
  for _, t in ipairs({ "active", "applications", "appeals" }) do
    if d[t] then walk(d[t], { t }) end
  end
  return res
end

local function parent_of(d, p, up)
  local node = d
  for i = 1, #p - (up or 1) do node = node[p[i]] end
  return node
end

local function pick(t) return t[math.random(#t)] end

for i = 1, n do
  local d = cjson.decode(pick(bases))
  d.source = nil
  local cs = cells(d)
  for _ = 1, pick({ 1, 1, 1, 2, 3, 5 }) do
    if #cs == 0 then break end
    local p = pick(cs)
    local parent, key = parent_of(d, p), p[#p]
    local v = parent[key]
    local m = math.random(0, 13)
    if m == 0 then parent[key] = cjson.null
    elseif m == 1 then parent[key] = pick({ "—", "/", "无", "3件", "15万元", "184719元", "x" })
    elseif m == 2 then parent[key] = -1
    elseif m == 3 then parent[key] = 1.5
    elseif m == 4 then parent[key] = nil
    elseif m == 5 and math.type(v) == "float" then parent[key] = v + pick({ 1, -1, 7 })
    elseif m == 6 and #p > 2 then parent_of(d, p, 2)[p[#p - 1]] = nil
    elseif m == 7 then d[pick({ "active", "applications", "appeals" })] = nil
    elseif m == 8 then d.edition = pick({ "2019", "2021", "2020", false })
    elseif m == 9 then parent[key] = 0
    elseif m == 10 then parent[key] = 4611686018427387904 + math.random(0, 4)
    elseif m == 11 then
      d.source = d.source or { cells = {} }
      d.source.cells[table.concat(p, ".")] = { text = pick({ "15万元", "3件", "1,234", "184719元" }), line = 9 }
    elseif m == 12 and type(v) == "number" then parent[key] = v + 0.0
    elseif m == 13 then d.year = pick({ 2019, 2020, 2021, 2025, false })
    end
    cs = cells(d)
  end
  if d.edition == false then d.edition = nil end
  if d.year == false then d.year = nil end
  local f = assert(io.open(string.format("%s/m%05d.json", out, i), "wb"))
  f:write(cjson.encode(d))
  f:close()
end
