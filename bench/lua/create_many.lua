-- Create filings as several filers, one department each, round robin:
-- wrk -s create_many.lua URL -- <template file> <first cycle id> <tokens file> <threads> [submit]
-- The tokens file holds one "<department code> <access token>" line per filer.
-- Each department walks the cycle ids from <first cycle id> on, so no two requests create the same
-- department's filing in one cycle. With "submit", each created filing is then submitted with the
-- ETag the create returned, by the same filer. Counts `created`, `submitted` and `refused`.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local report = require("report")
local counter = 0

function setup(thread)
  thread:set("thread_index", counter)
  counter = counter + 1
  report.setup(thread)
end

local head, tail, mine, turn, submit
local owners = {}
local pending = {}
created, submitted, refused = 0, 0, 0

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local template = f:read("*a")
  f:close()
  local at = assert(template:find("%CYCLE%", 1, true), "template needs %CYCLE%")
  head, tail = template:sub(1, at - 1), template:sub(at + 7)
  local tokens = {}
  for line in io.lines(args[3]) do
    local dept, token = line:match("^(%S+)%s+(%S+)")
    if dept then
      tokens[#tokens + 1] = "Bearer " .. token
      owners[dept] = "Bearer " .. token
    end
  end
  local threads = tonumber(args[4])
  mine = {}
  for i = thread_index + 1, #tokens, threads do
    mine[#mine + 1] = {auth = tokens[i], next = tonumber(args[2])}
  end
  turn = 0
  submit = args[5] == "submit"
end

local function headers(auth, extra)
  local h = {["Authorization"] = auth, ["Content-Type"] = "application/json"}
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

function request()
  local p = table.remove(pending, 1)
  if p then
    return wrk.format("POST", "/api/v1/filings/" .. p.id .. "/submit", headers(p.auth, {["If-Match"] = p.etag}), "")
  end
  turn = turn % #mine + 1
  local d = mine[turn]
  local body = head .. tostring(d.next) .. tail
  d.next = d.next + 1
  return wrk.format("POST", "/api/v1/filings", headers(d.auth), body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    if submit then
      local location = headers["Location"] or headers["location"]
      local etag = headers["ETag"] or headers["etag"]
      local id = location and location:match("([^/]+)$")
      -- the filing's department is in the response body; find whose token created it
      local dept = body:match('"departmentCode"%s*:%s*"([^"]+)"')
      if id and etag and dept and owners[dept] then
        pending[#pending + 1] = {id = id, etag = etag, auth = owners[dept]}
      end
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
