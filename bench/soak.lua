-- wrk script for bench/soak.sh: a mixed load on gpu-fit, one request chosen per call, in these shares:
--   40%  POST /estimate, explicit sizes, a random batch x context (nearly always a response-cache miss)
--   10%  POST /estimate, the same body again and again (answered from the response cache)
--   10%  POST /estimate, a catalog model, textbook or vLLM, random batch (mostly computed)
--    5%  POST /plan, three small scenarios, random batch
--   10%  GET /models        10%  GET /gpus        5%  GET /models/{id} or /gpus/{id}
--   10%  bad requests: 400 (unknown dtype, malformed JSON, unknown field, empty plan), 404, 415
-- done() prints the answers by status class and latency percentiles; soak.sh reads those lines.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

local json = { ["Content-Type"] = "application/json" }
local text = { ["Content-Type"] = "text/plain" }

local models = {
   "meta-llama/Llama-3.2-1B", "meta-llama/Llama-3.1-8B", "Qwen/Qwen3-8B", "Qwen/Qwen2.5-7B",
   "mistralai/Mistral-7B-v0.3", "google/gemma-2-9b", "microsoft/Phi-3-mini-4k-instruct",
   "deepseek-ai/DeepSeek-V2-Lite", "Qwen/Qwen3-30B-A3B", "openai/gpt-oss-20b",
}
local gpus = { "t4", "l4", "a10", "a40", "l40s", "a100-sxm4-80gb", "h100", "h200", "mi300x" }
local contexts = { 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768 }

local explicit = '{"parametersBillions": %d, "weightDtype": "%s", "numLayers": 32, "numAttentionHeads": 32, '
   .. '"numKeyValueHeads": 8, "headDim": 128, "batchSize": %d, "sequenceLength": %d}'
local dtypes = { "fp16", "bf16", "fp8", "int4", "q4_k_m" }
local repeated = '{"parametersBillions": 1, "weightDtype": "fp16", "numLayers": 16, "numAttentionHeads": 32, '
   .. '"numKeyValueHeads": 8, "headDim": 64, "batchSize": 4, "sequenceLength": 256}'

local bad = {
   { "POST", "/estimate", json, (repeated:gsub('"fp16"', '"fp12"')) },
   { "POST", "/estimate", json, '{"batchSize": ' },
   { "POST", "/estimate", json, '{"batchSze": 4, "sequenceLength": 256, "model": "meta-llama/Llama-3.1-8B"}' },
   { "POST", "/plan", json, '{"scenarios": []}' },
   { "GET", "/gpus/no-such-gpu", nil, nil },
   { "GET", "/no-such-page", nil, nil },
   { "POST", "/estimate", text, "batchSize=4" },
}

local function pick(list)
   return list[math.random(#list)]
end

function init(args)
   local id = tonumber(wrk.thread:get("id")) or 1
   math.randomseed(os.time() + id * 7919)
   counts = { s2 = 0, s4 = 0, s5 = 0, other = 0 }
end

local function catalog_request(batch)
   local engine = ""
   if math.random(2) == 1 then engine = ', "engine": {"name": "vllm"}' end
   return string.format('{"model": "%s", "batchSize": %d, "sequenceLength": %d%s}',
      pick(models), batch, pick(contexts), engine)
end

function request()
   counter = counter + 1
   local r = math.random(100)
   if r <= 40 then
      return wrk.format("POST", "/estimate", json,
         string.format(explicit, math.random(1, 70), pick(dtypes), math.random(1, 512), pick(contexts)))
   elseif r <= 50 then
      return wrk.format("POST", "/estimate", json, repeated)
   elseif r <= 60 then
      return wrk.format("POST", "/estimate", json, catalog_request(math.random(1, 256)))
   elseif r <= 65 then
      local s = {}
      for i = 1, 3 do
         s[i] = string.format('{"name": "s%d", "request": %s}', i, catalog_request(math.random(1, 64)))
      end
      return wrk.format("POST", "/plan", json,
         string.format('{"gpus": ["%s", "%s"], "scenarios": [%s]}', pick(gpus), pick(gpus), table.concat(s, ", ")))
   elseif r <= 75 then
      return wrk.format("GET", "/models")
   elseif r <= 85 then
      return wrk.format("GET", "/gpus")
   elseif r <= 90 then
      if math.random(2) == 1 then
         return wrk.format("GET", "/models/" .. pick(models))
      end
      return wrk.format("GET", "/gpus/" .. pick(gpus))
   else
      local b = pick(bad)
      return wrk.format(b[1], b[2], b[3], b[4])
   end
end

function response(status, headers, body)
   if status >= 200 and status < 300 then
      counts.s2 = counts.s2 + 1
   elseif status >= 400 and status < 500 then
      counts.s4 = counts.s4 + 1
   elseif status >= 500 then
      counts.s5 = counts.s5 + 1
   else
      counts.other = counts.other + 1
   end
end

function done(summary, latency, requests)
   local t = { s2 = 0, s4 = 0, s5 = 0, other = 0 }
   for _, thread in ipairs(threads) do
      local c = thread:get("counts")
      if c then
         for k, v in pairs(c) do t[k] = t[k] + v end
      end
   end
   local e = summary.errors
   io.write(string.format("soak answers: 2xx %d, 4xx %d, 5xx %d, other %d\n", t.s2, t.s4, t.s5, t.other))
   -- (wrk's errors.status counts the 4xx and 5xx answers, already above)
   io.write(string.format("soak socket errors: connect %d, read %d, write %d, timeout %d\n",
      e.connect, e.read, e.write, e.timeout))
   io.write(string.format("soak requests: %d in %.1f s\n", summary.requests, summary.duration / 1e6))
   io.write(string.format("soak latency ms: p50 %.2f, p90 %.2f, p99 %.2f, p99.9 %.2f, max %.2f\n",
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000))
end
