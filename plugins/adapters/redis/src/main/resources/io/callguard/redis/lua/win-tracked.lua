-- ARGV: ns, prefix. How many keys starting with prefix hold state (for tests and metrics: a scan of the registry).
local prefix = ARGV[2]
local n = 0
for _, key in ipairs(redis.call('ZRANGE', P .. ':win-keys', 0, -1)) do
  if string.sub(key, 1, #prefix) == prefix then n = n + 1 end
end
return n
