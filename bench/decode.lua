-- The floor: read every file and decode it with lua-cjson in plain lua5.4.
--   lua5.4 bench/decode.lua DIR
local cjson = require("cjson").new()
local dir = assert(arg[1], "usage: lua5.4 bench/decode.lua DIR")
local list = io.popen("ls " .. string.format("%q", dir))
local n = 0
for name in list:lines() do
  if name:sub(-5) == ".json" then
    local f = assert(io.open(dir .. "/" .. name, "rb"))
    local t = cjson.decode(f:read("a"))
    f:close()
    n = n + (t and 1 or 0)
  end
end
list:close()
io.stderr:write(n, " decoded\n")
