-- wrk script for POST benchmarks: wrk ... -s bench/post.lua <url> -- <body.json>
-- Sends the file's content as a JSON POST body and counts the responses that are not 2xx
-- (wrk's own "Non-2xx or 3xx" count lets 3xx through); done() prints "non-2xx responses: N".

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   local path = args[1]
   if path == nil then
      error("usage: wrk ... -s post.lua <url> -- <body.json>")
   end
   local file = assert(io.open(path, "rb"))
   wrk.method = "POST"
   wrk.body = file:read("*a")
   file:close()
   wrk.headers["Content-Type"] = "application/json"
   non2xx = 0
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
   end
end

function done(summary, latency, requests)
   local total = 0
   for _, thread in ipairs(threads) do
      total = total + (thread:get("non2xx") or 0)
   end
   io.write(string.format("non-2xx responses: %d\n", total))
end
