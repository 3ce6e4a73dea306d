-- wrk script for search: each request asks for a query drawn at random from a list of
-- common words, rare words, phrases, unaccented spellings and words found nowhere, or (one
-- request in two) for two of them together: thousands of different queries (millions with
-- the seed's vocabulary), so that cached answers cannot flatter the figure. At the end it
-- prints the 95th percentile:
--   wrk -t2 -c64 -d20s --latency -s bench/search.lua http://127.0.0.1:8095 [-- PREFIX [WORD | @FILE]...]
-- PREFIX is the search address up to the query (default /recherche?q=; WordPress: /?s=);
-- the WORDs (URL-encoded) join the list, such as the common and rare words `essaim seed`
-- names, and so do the words of each FILE, written as `essaim seed`'s vocabulary.txt is:
-- words separated by commas, "masculine/feminine" forms, `#` comments and `[section]` lines.

local queries = {
  -- common words of a network's news
  "association", "quartier", "b%C3%A9n%C3%A9vole", "benevole", "jardin", "festival",
  "r%C3%A9union", "projet", "atelier", "%C3%A9cole", "jeunesse", "solidarit%C3%A9",
  "egalite", "%C3%A9galit%C3%A9", "culture", "sport", "environnement", "rencontre",
  "famille", "concert", "exposition", "march%C3%A9", "assembl%C3%A9e", "habitants",
  -- phrases
  "assembl%C3%A9e+g%C3%A9n%C3%A9rale", "jardin+partag%C3%A9", "fete+de+quartier",
  "appel+%C3%A0+projets", "conseil+municipal", "centre+social", "maison+de+quartier",
  -- rare words and places
  "ludoth%C3%A8que", "recyclerie", "compost", "%C3%A9picerie+solidaire", "friperie",
  "randonnee", "tournoi", "perpignan", "besan%C3%A7on", "interg%C3%A9n%C3%A9rationnel",
  -- found nowhere
  "xylophone", "zygomatique", "kangourou+bleu",
}

local prefix = "/recherche?q="
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local function urlencode(w)
  return (w:gsub("[^%w%-%._~ ]", function(c) return string.format("%%%02X", c:byte()) end):gsub(" ", "+"))
end

local function read_words(path)
  local f = io.open(path, "r")
  if not f then return end
  for line in f:lines() do
    if not line:match("^%s*#") and not line:match("^%s*%[") then
      for item in line:gmatch("[^,]+") do
        local w = item:gsub("/.*", ""):match("^%s*(.-)%s*$")
        if w ~= "" then queries[#queries + 1] = urlencode(w) end
      end
    end
  end
  f:close()
end

function init(args)
  if args[1] then prefix = args[1] end
  for i = 2, #args do
    if args[i]:sub(1, 1) == "@" then read_words(args[i]:sub(2)) else queries[#queries + 1] = args[i] end
  end
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  local q = queries[math.random(#queries)]
  if math.random() < 0.5 then q = q .. "+" .. queries[math.random(#queries)] end
  return wrk.format(nil, prefix .. q)
end

function done(summary, latency, requests)
  io.write(string.format("p95 %.3fms\n", latency:percentile(95) / 1000))
end
