-- GET /api/search with rotating queries (words, a phrase, OR, filters).
package.path = (os.getenv("LOAD_DIR") or ".") .. "/?.lua;" .. package.path
require("common")

local queries = {
  "q=ليبيا", "q=حفتر", "q=السيسى", "q=مجلس النواب", "q=موسكو", "q=القاهرة",
  "q=الأمم المتحدة", "q=لافروف OR حفتر", 'q="مجلس النواب"', "q=الجيش&limit=5",
  "q=ليبيا&from=2016-01-01&to=2017-12-31", "q=الرئيس -السيسى", "q=تركيا", "q=وزير الخارجية",
}

local function encode(s)
  return (s:gsub("[^%w%-_%.~=&]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local paths = {}
for i, q in ipairs(queries) do paths[i] = "/api/search?" .. encode(q) end

local n = 0
function setup(thread) end

function init(args)
  n = math.random(#paths)
end

function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end

function done(summary, latency, requests)
  report(summary, latency)
end
