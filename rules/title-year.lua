-- The years written in the report should be its own. (a) A title that names a
-- year ("2020年", "2020年度") other than the report year points at the wrong
-- year or at a title copied from another report. (b) An 一、总体情况 that talks
-- about years but never about the report year is probably last year's text
-- (format-spec §12 item 12: a 2021 report whose 总体情况 quotes 2020 counts).
-- Conservative: other years next to the report year are normal (comparisons
-- with last year, plans for next year, publication dates), so (b) only fires
-- when the report year is not mentioned at all; a range such as
-- "2021—2025年" that covers the report year counts as mentioning it, and dates
-- of the following year ("2022年1月", when the report is published) are ignored.
local prose = require "govlua.prose"

local function year_list(ys)
  local seen, out = {}, {}
  for _, y in ipairs(ys) do
    if not seen[y] then seen[y] = true; out[#out + 1] = y end
  end
  table.sort(out)
  for i, y in ipairs(out) do out[i] = string.format("%d 年", y) end
  return table.concat(out, "、")
end

-- The title's years lie in TITLE_LO..TITLE_HI (prose.years' bounds below).
local TITLE_LO, TITLE_HI = 1990, 2100

-- Whether prose.years(s, lo, hi) surely has the year y (lo <= y <= hi, four
-- digits) as a plain year: "y年" written in s where no digit (ASCII or
-- full-width) comes right before it. Normalising keeps such a match, so the
-- title names its own year without a look at the others. false: not sure.
local function names_year(s, y)
  local w = y .. "年"
  local i = s:find(w, 1, true)
  while i do
    local b = i > 1 and s:byte(i - 1)
    if not b then return true end
    local digit = (b >= 48 and b <= 57)                                 -- 0-9
      or (b >= 0x90 and b <= 0x99 and i > 3 and s:byte(i - 3) == 0xEF and s:byte(i - 2) == 0xBC) -- ０-９
    if not digit then return true end
    i = s:find(w, i + 1, true)
  end
  return false
end

return {
  id = "title-year",
  severity = "warning",
  description = "标题和“一、总体情况”中的年份应与报告年度一致",
  basis = "《政府信息公开条例》第四十九条、第五十条（报告上一年度的工作）",
  check = function(report, ctx)
    local year = report.year
    if math.type(year) ~= "integer" then return end

    -- (a) the title; fast path: the title names the report year plainly
    local title = report.title
    if type(title) == "string"
        and not (year >= TITLE_LO and year <= TITLE_HI and names_year(title, year)) then
      local ys, own = {}, false
      for _, m in ipairs(prose.years(title, TITLE_LO, TITLE_HI)) do
        if not m.range then
          ys[#ys + 1] = m.year
          own = own or m.year == year
        end
      end
      if #ys > 0 and not own then
        ctx:report{
          path = "title",
          message = string.format("标题“%s”中的年份（%s）与报告年度 %d 年不一致",
            report.title, year_list(ys), year),
        }
      end
    end

    -- (b) the narrative of 一、总体情况
    local overview = report.sections and report.sections.overview
    -- the report year written plainly ("2025年"): nothing to report (fast path)
    if type(overview) == "string" and not overview:find(year .. "年", 1, true) then
      local others, own = {}, false
      for _, m in ipairs(prose.years(overview, 2000, 2100)) do
        if m.range then
          own = own or (m.from <= year and year <= m.to)
        elseif m.year == year then
          own = true
        elseif not (m.year == year + 1 and m.date) then
          others[#others + 1] = m.year
        end
      end
      if #others > 0 and not own then
        ctx:report{
          path = "sections.overview",
          message = string.format("“一、总体情况”提到了 %s，却没有提到报告年度 %d 年，"
            .. "请核对是否沿用了其他年度报告的内容", year_list(others), year),
        }
      end
    end
  end,
}
