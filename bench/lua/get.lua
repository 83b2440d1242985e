-- GET <prefix><random id>: wrk -s get.lua URL -- <ids file> <path prefix>
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local report = require("report")
local ids = {}
local prefix

function setup(thread)
  report.setup(thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  prefix = args[2]
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
end

function request()
  return wrk.format("GET", prefix .. ids[math.random(#ids)])
end

function done(summary, latency, requests)
  report.done(summary, latency, requests)
end
