-- govlua.locate: what a finding's path points at, for output formats.
--
--   local locate = require "govlua.locate"
--   local w = locate.where("applications.total.nonprofit", "2019")
--   -- {kind = "cell", table = "applications", table_label = "表三",
--   --  row = "applications.total", row_label = "（七）总计",
--   --  column = "nonprofit", column_label = "社会公益组织"}
--
-- kind is "cell", "row", "group" (a group of rows such as
-- applications.withheld), "table", or nil for a path outside the three tables
-- (sections.problems, title, edition) or one the edition does not have.

local gl = require "govlua"

local M = {}

M.TABLE_LABEL = { active = "表二", applications = "表三", appeals = "表四" }

local index_cache = {}

local function index(edition)
  local key = tostring(edition)
  if index_cache[key] then return index_cache[key] end
  local idx = {}
  for _, t in ipairs(gl.TABLES) do
    idx[t] = { kind = "table", table = t, table_label = M.TABLE_LABEL[t] }
  end
  for _, r in ipairs(gl.rows(edition)) do
    local tl = M.TABLE_LABEL[r.table]
    if r.group then
      local gp = r.table .. "." .. r.group
      if not idx[gp] then
        idx[gp] = { kind = "group", table = r.table, table_label = tl, row = gp,
                    row_label = r.group_label }
      end
    end
    local rl = gl.row_label(r)
    idx[r.path] = { kind = "row", table = r.table, table_label = tl, row = r.path, row_label = rl }
    for _, c in ipairs(r.columns) do
      idx[r.path .. "." .. c.key] = {
        kind = "cell", table = r.table, table_label = tl, row = r.path, row_label = rl,
        column = c.key, column_label = c.label,
      }
    end
  end
  index_cache[key] = idx
  return idx
end

--- where(path, edition) -> a description table (see above) or nil.
-- The returned table is shared: do not change it.
function M.where(path, edition)
  if type(path) ~= "string" then return nil end
  return index(edition)[path]
end

--- severity rank: error 3, warning 2, info 1
M.RANK = { error = 3, warning = 2, info = 1 }

--- worst(list_of_findings) -> the most severe severity name in the list, or nil
function M.worst(list)
  local best, rank = nil, 0
  for _, f in ipairs(list) do
    local k = M.RANK[f.severity] or 0
    if k > rank then best, rank = f.severity, k end
  end
  return best
end

return M
