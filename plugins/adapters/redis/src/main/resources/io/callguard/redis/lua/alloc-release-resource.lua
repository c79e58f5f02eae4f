-- ARGV: ns, resource. Returns how many holders were released.
local r = ARGV[2]
local n = 0
for _, h in ipairs(redis.call('ZRANGE', kExp(r), 0, -1)) do n = n + allocDrop(r, h) end
return n
