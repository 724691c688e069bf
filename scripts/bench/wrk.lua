-- wrk's script for gridwatch's tile benchmark (scripts/bench/wrk.ts). Arguments after `--`:
--   <file of paths> <threads> once|cycle
-- once:  every path asked exactly once; thread k takes paths k, k+T, k+2T, ... and, when its share is answered,
--        says so on stdout ("gw-thread-done") so wrk.ts can stop the run at once (wrk would otherwise wait out -d).
-- cycle: the paths round and round (thread k starting further on) until -d runs out.
-- done() prints one line of JSON that wrk.ts parses: counts, errors and latency percentiles in microseconds.
-- For `once`, wrk.ts appends wrk-once.lua, whose response() counts the answers: wrk hands every response to Lua only
-- when a script defines response(), a cost the `cycle` runs (against nginx too) should not carry.
local threads, made = {}, 0

function setup(thread)
  thread:set("k", made)
  made = made + 1
  table.insert(threads, thread)
end

local paths, step, idx, mode, share, answered = {}, 1, 1, "cycle", 0, 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  step = tonumber(args[2])
  mode = args[3]
  local k = tonumber(wrk.thread:get("k"))
  if mode == "once" then
    idx = k + 1
    for _ = idx, #paths, step do share = share + 1 end
    if share == 0 then io.write("gw-thread-done\n"); io.flush() end
  else
    idx = (k * math.floor(#paths / step)) % #paths + 1
  end
end

function request()
  local path = paths[idx]
  if mode == "once" then
    idx = idx + step
    -- Past its share a connection may still be asked for a request before the stop lands: a zoom below every
    -- layer's minimum is answered 204 without any work, and is not counted (see done()).
    if path == nil then path = "/tiles/grid/0/0/0.mvt" end
  else
    idx = idx % #paths + 1
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'gw-result {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
