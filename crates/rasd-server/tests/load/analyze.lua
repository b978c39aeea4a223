-- POST /api/analyze with the sample articles as bodies, in turn (each line
-- of the corpus is a valid request: id, text, published, title, source, url).
package.path = (os.getenv("LOAD_DIR") or ".") .. "/?.lua;" .. package.path
require("common")

local bodies = {}
local corpus = os.getenv("CORPUS") or "data/sample/articles.jsonl"
for line in io.lines(corpus) do
  if #line > 0 then bodies[#bodies + 1] = line end
end

local n = 0
function init(args)
  n = math.random(#bodies)
end

function request()
  n = n % #bodies + 1
  return wrk.format("POST", "/api/analyze", { ["Content-Type"] = "application/json" }, bodies[n])
end

function done(summary, latency, requests)
  report(summary, latency)
end
