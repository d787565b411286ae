-- GET /API/VIDEO/{ID} with a popularity skew: the id on line k of the file (the seeder writes them in random order)
-- is drawn with probability proportional to 1/k (Zipf, s = 1), as views of a video catalogue are: with 980,000 ids the
-- first 2,000 take ~57 % of the requests. wrk -s get-zipf.lua URL -- ids.txt
package.path = debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua;" .. package.path
require "common"
local ids, cumulative

function init(args)
  seed_thread()
  ids = read_lines(args[1])
  cumulative = {}
  local sum = 0
  for k = 1, #ids do
    sum = sum + 1 / k
    cumulative[k] = sum
  end
end

function request()
  -- inverse of the cumulative weights by binary search: the first k whose cumulative weight reaches the draw
  local target = math.random() * cumulative[#ids]
  local low, high = 1, #ids
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < target then low = middle + 1 else high = middle end
  end
  return wrk.format("GET", "/API/VIDEO/" .. ids[low])
end
