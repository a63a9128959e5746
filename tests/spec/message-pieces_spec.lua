-- gl.show and gl.terms, the pieces of finding messages: made in C
-- (core_text.c) for speed, they must read exactly as the Lua definitions in
-- lua/govlua/init.lua (gl._impl) for every kind of value.
local H = require "helper"
local cjson = require "cjson"

-- A rule that compares both ways inside govlua and reports the differences
-- (and a few results) as one JSON message.
local PROBE = [[
local gl = require "govlua"
local json = require "govlua.json"
local VALUES = { 0, 7, -5, 123456789, math.maxinteger, math.mininteger, 1.0, -0.0, 0.5,
  -2.75, 1e15, 2^53 - 1, 2^53, 2^53 + 2, -2^53, 1e300, -1e300, 1/0, -1/0, 3.14159265358979,
  "—", "", "无", "15万元", gl.BLANK, true, false, {}, print }
return { id = "probe", severity = "info", description = "probe", check = function(report, ctx)
  local out = { diff = {}, shown = {} }
  local n = #VALUES + 1 -- and nil, at the end
  for i = 1, n do
    local v = VALUES[i]
    local c, l = gl.show(v), gl._impl.show(v)
    if type(v) == "function" or type(v) == "table" then l = gl._impl.show(v) end
    if c ~= l then out.diff[#out.diff + 1] = string.format("show #%d: %q vs %q", i, c, l) end
    out.shown[i] = c
  end
  local lists = {
    {},
    { { "自然人", 1 } },
    { { "自然人", 195 }, { "商业企业", 41.0 }, { "科研机构", gl.BLANK }, { "其他", "—" } },
    { { 1, 2 }, { 2.5, 0.5 }, { "缺", nil } },
  }
  local long = {}
  for i = 1, 250 do long[i] = { "第" .. i .. "项", i * 3 } end
  lists[#lists + 1] = long
  for k, list in ipairs(lists) do
    local c, l = gl.terms(list), gl._impl.terms(list)
    if c ~= l then out.diff[#out.diff + 1] = string.format("terms #%d: %q vs %q", k, c, l) end
  end
  out.example = gl.terms(lists[3])
  out.bad = select(2, pcall(gl.terms, { { {}, 1 } }))
  ctx:report{ path = "applications", message = json.encode(out) }
end }
]]

local function probe()
  local rule = H.temp_file(PROBE, ".lua")
  local res = H.check(H.load_fixture("clean2021"), { rules = { rule } })
  return cjson.decode(H.one(res, "probe").message)
end

describe("message pieces (gl.show, gl.terms)", function()
  after_each(H.cleanup)

  it("read the same from C as from the Lua definitions, for every kind of value", function()
    local out = probe()
    assert.are.same({}, out.diff)
    local shown = out.shown
    assert.are.equal("0", shown[1])
    assert.are.equal("-5", shown[3])
    assert.are.equal("9223372036854775807", shown[5])
    assert.are.equal("-9223372036854775808", shown[6])
    assert.are.equal("1", shown[7])    -- 1.0: a whole number reads without ".0"
    assert.are.equal("0", shown[8])    -- -0.0
    assert.are.equal("0.5", shown[9])
    assert.are.equal("1000000000000000", shown[11])
    assert.are.equal("“—”", shown[21])
    assert.are.equal("空白", shown[25])
    assert.are.equal("无效值", shown[26])
    assert.are.equal("缺失", shown[30])
    assert.are.equal("自然人(195) + 商业企业(41) + 科研机构(空白) + 其他(“—”)", out.example)
    assert.is_truthy(tostring(out.bad):find("concatenate", 1, true), out.bad)
  end)
end)
