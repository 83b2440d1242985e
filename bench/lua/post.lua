-- POST a body made from a template: wrk -s post.lua URL -- <template file> <first cycle id> <cycles per thread>
-- The template holds the literal "%CYCLE%" where the cycle id goes; each thread walks its own
-- range of cycle ids, so no two requests create the same department's filing in one cycle.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local report = require("report")
local counter = 0

function setup(thread)
  thread:set("thread_index", counter)
  counter = counter + 1
  report.setup(thread)
end

local head, tail, next_cycle, last_cycle

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local template = f:read("*a")
  f:close()
  local at = template:find("%CYCLE%", 1, true)
  if at then
    head, tail = template:sub(1, at - 1), template:sub(at + 7)
  else
    head, tail = template, nil
  end
  local per = tonumber(args[3] or "1")
  next_cycle = tonumber(args[2] or "0") + thread_index * per
  last_cycle = next_cycle + per - 1
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local body = head
  if tail then
    body = head .. tostring(next_cycle) .. tail
    if next_cycle < last_cycle then next_cycle = next_cycle + 1 end
  end
  return wrk.format("POST", nil, nil, body)
end

function done(summary, latency, requests)
  report.done(summary, latency, requests)
end
