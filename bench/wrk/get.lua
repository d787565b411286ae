-- GET /API/VIDEO/{ID} with ids drawn uniformly from a file (one id a line): wrk -s get.lua URL -- ids.txt
package.path = debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua;" .. package.path
require "common"
local ids

function init(args)
  seed_thread()
  ids = read_lines(args[1])
end

function request()
  return wrk.format("GET", "/API/VIDEO/" .. ids[math.random(#ids)])
end
