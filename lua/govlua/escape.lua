-- govlua.escape: escaping for output formats.
--
--   local esc = require "govlua.escape"
--   esc.html(s)      text or attribute value for HTML and XML (& < > " ')
--   esc.xml(s)       the same, and tab/CR/LF as character references (for
--                    attribute values, whose whitespace parsers normalise)
--   esc.markdown(s)  one line of inert Markdown (also inside table cells)
--   esc.csv(s)       one RFC 4180 field, safe from spreadsheet formulas
--   esc.uri(path)    a file path as a URI reference (RFC 3986)
--   esc.utf8(s)      s with invalid UTF-8 replaced by U+FFFD
--   esc.clean(s)     utf8(s) without characters XML 1.0 forbids (and other
--                    control characters except tab, LF, CR)
--
-- Every function takes any value: nil gives "", numbers are formatted,
-- anything else goes through tostring.  Text from a report (agency names,
-- prose, text cells) and rule messages must go through one of these before it
-- reaches an HTML, XML, Markdown or CSV output.

local M = {}

local function str(v)
  if v == nil then return "" end
  local t = type(v)
  if t == "string" then return v end
  if t == "number" then
    if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2^53 then
      return string.format("%d", v)
    end
    return tostring(v)
  end
  return tostring(v)
end
M.str = str

--- utf8(s) -> s with every byte that is not part of valid UTF-8 (overlong
-- forms, surrogates and code points above U+10FFFF included) replaced by U+FFFD.
function M.utf8(s)
  s = str(s)
  if utf8.len(s) then return s end
  local out, i, n = {}, 1, #s
  while i <= n do
    local len, bad = utf8.len(s, i)
    if len then
      out[#out + 1] = s:sub(i)
      break
    end
    out[#out + 1] = s:sub(i, bad - 1)
    out[#out + 1] = "\239\191\189" -- U+FFFD
    i = bad + 1
  end
  return table.concat(out)
end

--- clean(s) -> valid UTF-8 with no control characters but tab, LF and CR, no
-- C1 controls and no U+FFFE/U+FFFF: every character is allowed in XML 1.0 and
-- is not an HTML parse error.
function M.clean(s)
  s = M.utf8(s)
  s = s:gsub("[%z\1-\8\11\12\14-\31\127]", "")
  s = s:gsub("\194[\128-\159]", "")          -- U+0080..U+009F
  s = s:gsub("\239\191[\190\191]", "")       -- U+FFFE, U+FFFF
  return s
end

local HTML = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

--- html(s) -> s for HTML/XML text and quoted attribute values.
function M.html(s)
  return (M.clean(s):gsub("[&<>\"']", HTML))
end

local XML_ATTR = { ["\t"] = "&#9;", ["\n"] = "&#10;", ["\r"] = "&#13;" }

--- xml(s) -> like html(s), with tab, LF and CR as character references so
-- that they survive attribute-value normalisation; CR is kept as &#13; in text.
function M.xml(s)
  return (M.html(s):gsub("[\t\n\r]", XML_ATTR))
end

--- xml_text(s) -> like html(s), for element content: CR becomes &#13; (a
-- parser would turn a raw CR into LF), tab and LF stay as they are.
function M.xml_text(s)
  return (M.html(s):gsub("\r", "&#13;"))
end

--- oneline(s) -> s with every line break (and other control character)
-- turned into one space, and the ends trimmed.
function M.oneline(s)
  s = M.clean(s)
  s = s:gsub("\r\n", " "):gsub("[\t\n\r]", " ")
  s = s:gsub("\226\128[\168\169]", " ")      -- U+2028, U+2029
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- Markdown: characters that could start a construct anywhere in a line.
-- "<", ">" and "&" become entities (so no HTML and no entity of the report is
-- live); the others get a backslash (CommonMark allows one before any ASCII
-- punctuation).  ":" and "@" are escaped so that no GFM autolink can form;
-- "www." is broken the same way; "|" so that table cells stay cells.
local MD = {
  ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
  ["\\"] = "\\\\", ["`"] = "\\`", ["*"] = "\\*", ["_"] = "\\_", ["["] = "\\[", ["]"] = "\\]",
  ["|"] = "\\|", ["~"] = "\\~", [":"] = "\\:", ["@"] = "\\@", ["$"] = "\\$", ["#"] = "\\#",
}

--- markdown(s) -> one line of Markdown that shows s literally.
function M.markdown(s)
  s = M.oneline(s)
  s = s:gsub("[&<>\\`*_%[%]|~:@$#]", MD)
  s = s:gsub("([Ww][Ww][Ww])%.", "%1\\.")
  -- a line-start construct ("1. ", "- ", "+ ", "=") only matters at the start
  if s:find("^[-+=%d]") then s = s:gsub("^([-+=])", "\\%1"):gsub("^(%d+)([.)])", "%1\\%2") end
  return s
end

--- csv(s) -> one CSV field (RFC 4180).  A value that a spreadsheet would read
-- as a formula (it starts with = + - @, a tab or a CR) gets a leading
-- apostrophe; a field with a comma, quote, CR or LF is quoted, quotes doubled.
function M.csv(s)
  s = M.utf8(s)
  if s:find("^[=+%-@\t\r]") then s = "'" .. s end
  if s:find('[,"\r\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

--- csv_row(list) -> the fields joined with commas, ending in CRLF.
-- list may contain nils: use csv_row({n = N, ...}) or pass the count.
function M.csv_row(list, n)
  local out = {}
  for i = 1, n or list.n or #list do out[i] = M.csv(list[i]) end
  return table.concat(out, ",") .. "\r\n"
end

--- uri(path) -> a URI reference for a file path: a relative path stays
-- relative ("examples/a%20b.json"), an absolute one becomes a file: URI
-- ("file:///tmp/x.json").  Every byte but the unreserved characters and "/"
-- is percent-encoded (UTF-8, upper-case hex), so a ":" in the first segment
-- cannot read as a scheme.
function M.uri(path)
  path = str(path)
  local enc = path:gsub("[^A-Za-z0-9%-._~/]", function(c)
    return string.format("%%%02X", c:byte())
  end)
  if path:sub(1, 1) == "/" then return "file://" .. enc end
  return enc
end

return M
