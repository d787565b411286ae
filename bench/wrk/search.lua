-- POST /API/VIDEO/ {"Search": q} with q drawn from a file of queries (letters, digits, spaces only):
-- wrk -s search.lua URL -- queries.txt
package.path = debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua;" .. package.path
require "common"
local queries
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  seed_thread()
  queries = read_lines(args[1])
end

function request()
  local q = queries[math.random(#queries)]
  return wrk.format("POST", "/API/VIDEO/", headers, '{"Search":"' .. q .. '"}')
end
