-- wrk script for the load benchmark. With a cookie file as the script's argument ("-- FILE"), every request
-- carries the cookie of a session picked at random from FILE (returning visitors); without one, no cookie at
-- all (new visitors). done() prints one machine-readable line that run.sh parses.

local cookies = {}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  if file ~= nil and file ~= "" then
    for line in io.lines(file) do
      if line ~= "" then
        cookies[#cookies + 1] = line
      end
    end
  end
  -- each thread draws its own sequence
  math.randomseed(os.time() * 1000 + (thread_number or 0) * 7919)
end

function request()
  if #cookies == 0 then
    return wrk.format("GET", nil, nil, nil)
  end
  return wrk.format("GET", nil, { ["Cookie"] = cookies[math.random(#cookies)] }, nil)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
