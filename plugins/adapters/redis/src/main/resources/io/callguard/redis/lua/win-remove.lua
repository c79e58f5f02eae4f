-- ARGV: ns, key, atMs. Takes back one event recorded at atMs; returns 1 when there was one.
local key = ARGV[2]
local k = P .. ':win:' .. key
local at = ARGV[3]
local found = redis.call('ZRANGEBYSCORE', k, at, at)
if #found == 0 then return 0 end
redis.call('ZREM', k, found[#found])
if redis.call('EXISTS', k) == 0 then redis.call('ZREM', P .. ':win-keys', key) end
return 1
