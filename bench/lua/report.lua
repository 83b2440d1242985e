-- Shared by every script: done() prints one machine-readable line with exact percentiles.
-- Scripts that count their own outcomes keep them in per-thread globals named in `counters`.
local M = {}
local threads = {}

function M.setup(thread)
  table.insert(threads, thread)
end

function M.done(summary, latency, requests, counters)
  local secs = summary.duration / 1e6
  local extra = ""
  for _, name in ipairs(counters or {}) do
    local total = 0
    for _, t in ipairs(threads) do
      total = total + (tonumber(t:get(name)) or 0)
    end
    extra = extra .. string.format(',"%s":%d', name, total)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"seconds":%.3f,"rps":%.2f,"p50_ms":%.3f,"p90_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f,"non2xx":%d,"socket_errors":%d%s}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, extra))
end

return M
