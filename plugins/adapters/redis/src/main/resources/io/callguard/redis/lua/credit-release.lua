-- ARGV: ns, account, holder. Returns the amount the holder held (decimal string), or nil.
local ka, ke = P .. ':credit:amt:' .. ARGV[2], P .. ':credit:exp:' .. ARGV[2]
local v = redis.call('HGET', ka, ARGV[3])
if not v then return false end
redis.call('HDEL', ka, ARGV[3])
redis.call('ZREM', ke, ARGV[3])
return v
