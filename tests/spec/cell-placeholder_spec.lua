-- cell-placeholder: text such as "—", "/", "无" where the template asks for a number.
local H = require "helper"

local RULE = "cell-placeholder"

local function assert_ran(res)
  assert.are.equal(0, #H.rule_errors(res))
  assert.are.equal(0, res.summary.rule_errors)
end

local function text_message(location, text)
  return location .. " 填写了文字“" .. text .. "”，应填写数字（没有发生的填 0）"
end

local CASES = {
  clean2021 = {
    { "applications.total.nonprofit", "表三 （七）总计 / 社会公益组织" },
    { "active.licensing.decisions", "表二 行政许可 / 本年处理决定数量" },
    { "applications.other_handling.no_correction.legal",
      "表三 （六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 / 法律服务机构" },
    { "appeals.litigation_direct.other", "表四 行政诉讼·未经复议直接起诉 / 其他结果" },
  },
  clean2019 = {
    { "applications.total.nonprofit", "表三 （七）总计 / 社会公益组织" },
    { "active.licensing.decisions", "表二 行政许可 / 处理决定数量" },
    { "active.fees.change", "表二 行政事业性收费 / 本年增/减" },
    { "applications.withheld.state_secret.research", "表三 （三）不予公开 1.属于国家秘密 / 科研机构" },
  },
}
local TEXTS = { "—", "/", "无" }

describe("rule " .. RULE, function()
  for _, fx in ipairs({ "clean2021", "clean2019" }) do
    describe(fx, function()
      it("passes the clean report", function()
        local res = H.check_rule(H.load_fixture(fx), RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
        assert.are.equal(0, res.rc)
      end)

      for i, case in ipairs(CASES[fx]) do
        for _, text in ipairs(TEXTS) do
          local path, location = case[1], case[2]
          it("reports “" .. text .. "” in " .. path, function()
            local r = H.load_fixture(fx)
            assert.is_not_nil(H.get(r, path))
            H.set(r, path, text)
            local res = H.check_rule(r, RULE)
            assert_ran(res)
            local fd = H.one(res, RULE)
            assert.are.equal("error", fd.severity)
            assert.are.equal(path, fd.path)
            assert.are.equal(location, fd.location)
            assert.are.equal(text_message(location, text), fd.message)
            assert.are.equal(1, res.rc)
          end)
        end
      end

      it("reports each text cell once, whatever the text", function()
        local r = H.load_fixture(fx)
        for i, case in ipairs(CASES[fx]) do H.set(r, case[1], TEXTS[(i - 1) % #TEXTS + 1]) end
        local res = H.check_rule(r, RULE)
        local got, want = {}, {}
        for _, f in ipairs(H.findings(res, RULE)) do got[#got + 1] = f.path end
        for _, case in ipairs(CASES[fx]) do want[#want + 1] = case[1] end
        table.sort(got)
        table.sort(want)
        assert.are.same(want, got)
      end)

      it("does not report blank or missing cells", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.granted.natural", H.null)
        H.set(r, "applications.granted.commercial", nil)
        local res = H.check_rule(r, RULE)
        assert_ran(res)
        assert.are.equal(0, #H.findings(res, RULE))
      end)

      it("is the only rule to report a text cell (no relation or blank finding)", function()
        local r = H.load_fixture(fx)
        H.set(r, "applications.total.nonprofit", "无")
        local res = H.check(r)
        assert_ran(res)
        assert.are.equal(1, #res.reports[1].findings)
        assert.are.equal("applications.total.nonprofit", H.one(res, RULE).path)
      end)
    end)
  end

  it("only looks at the cells of the report's edition", function()
    -- 其他对外管理服务事项 is a 2019 row; in a 2021 report it is not a template cell
    local r = H.load_fixture("clean2021")
    H.set(r, "active.other_services.decisions", "—")
    local res = H.check_rule(r, RULE)
    assert_ran(res)
    assert.are.equal(0, #H.findings(res, RULE))
  end)
end)
