-- Format jsonl: one JSON line per report, exactly the json format's report
-- entries, and nothing else (no summary line).
local H = require "helper"
local cjson = require "cjson"

local function lines(out)
  local list = {}
  for line in out:gmatch("([^\n]*)\n") do list[#list + 1] = line end
  return list
end

describe("format jsonl", function()
  after_each(H.cleanup)

  it("writes one line per report and no summary", function()
    local res = H.check({ H.load_fixture("clean2021"), H.load_fixture("seed") }, { format = "jsonl" })
    assert.are.equal(1, res.rc)
    local ls = lines(res.raw)
    assert.are.equal(2, #ls)
    assert.are.equal("\n", res.raw:sub(-1))
    for i, l in ipairs(ls) do
      local e = cjson.decode(l)
      assert.are.equal(res.files[i], e.file)
      assert.is_nil(e.summary)
      assert.is_nil(e.reports)
    end
    assert.is_true(H.contains(ls[1], '"findings":[]'), ls[1])
    assert.is_true(H.contains(ls[1], '"rule_errors":[]'), ls[1])
  end)

  it("has the same entries as the json format, unreadable inputs and rule errors included", function()
    local bad = H.temp_file("{ not json", ".json")
    local args = { "tests/fixtures/rules/broken.lua", "rules/cell-blank.lua", "examples/", bad }
    local rc1, jsonl = H.run({ "-f", "jsonl", table.unpack(args) })
    local rc2, json = H.run({ "-f", "json", table.unpack(args) })
    assert.are.equal(rc2, rc1)
    local reports = cjson.decode(json).reports
    local ls = lines(jsonl)
    assert.are.equal(#reports, #ls)
    assert.are.equal(3, #ls)
    for i, l in ipairs(ls) do assert.are.same(reports[i], cjson.decode(l)) end
    -- byte for byte: the json format writes the same compact encoding
    for i, l in ipairs(ls) do assert.is_true(H.contains(json, l), "line " .. i .. " differs from json") end
    assert.are.same({ "error", "file" }, (function()
      local k = {}
      for key in pairs(cjson.decode(ls[3])) do k[#k + 1] = key end
      table.sort(k)
      return k
    end)())
  end)

  it("writes nothing for no reports", function()
    local empty = H.tmpname()
    os.remove(empty)
    os.execute("mkdir " .. H.shquote(empty))
    local rc, out = H.run({ "-f", "jsonl", empty })
    os.execute("rmdir " .. H.shquote(empty))
    assert.are.equal("", out)
    assert.is_true(rc == 0 or rc == 2, "rc=" .. rc)
  end)
end)
