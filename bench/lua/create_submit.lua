-- Create a filing, then submit it with the ETag the create returned:
-- wrk -s create_submit.lua URL -- <template file> <first cycle id> <cycles per thread>
-- Counts `created` and `submitted` (2xx answers) per thread; done() sums them.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local report = require("report")
local counter = 0

function setup(thread)
  thread:set("thread_index", counter)
  counter = counter + 1
  report.setup(thread)
end

local head, tail, next_cycle, last_cycle
local pending = {}
created, submitted, refused = 0, 0, 0

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local template = f:read("*a")
  f:close()
  local at = assert(template:find("%CYCLE%", 1, true), "template needs %CYCLE%")
  head, tail = template:sub(1, at - 1), template:sub(at + 7)
  local per = tonumber(args[3])
  next_cycle = tonumber(args[2]) + thread_index * per
  last_cycle = next_cycle + per - 1
  wrk.headers["Content-Type"] = "application/json"
end

-- wrk.format uses the headers given instead of wrk.headers (which hold the -H token): merge them
local function headers(extra)
  local h = {}
  for k, v in pairs(wrk.headers) do h[k] = v end
  for k, v in pairs(extra) do h[k] = v end
  return h
end

function request()
  local p = table.remove(pending)
  if p then
    return wrk.format("POST", "/api/v1/filings/" .. p.id .. "/submit", headers({["If-Match"] = p.etag}), "")
  end
  local body = head .. tostring(next_cycle) .. tail
  if next_cycle < last_cycle then next_cycle = next_cycle + 1 end
  return wrk.format("POST", "/api/v1/filings", headers({}), body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    local location = headers["Location"] or headers["location"]
    local etag = headers["ETag"] or headers["etag"]
    if location and etag then
      pending[#pending + 1] = {id = location:match("([^/]+)$"), etag = etag}
    end
  elseif status == 200 then
    submitted = submitted + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  report.done(summary, latency, requests, {"created", "submitted", "refused"})
end
