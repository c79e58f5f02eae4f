-- ARGV: ns, account, holder, limitUnits, shareDigits, shareScale, atMost (decimal), atLeast (decimal), expiresAtMs,
-- nowMs, graceMs. Returns the amount reserved (decimal string), or nil.
local acc, h = ARGV[2], ARGV[3]
local limit, shareDigits, shareScale = tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
local atMostStr, atLeastStr = ARGV[7], ARGV[8]
local exp, now, grace = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local ka, ke = P .. ':credit:amt:' .. acc, P .. ':credit:exp:' .. acc
creditDropExpired(ka, ke, now)
redis.call('HDEL', ka, h)
redis.call('ZREM', ke, h)
local free = limit - creditSum(ka)
local atMost, atLeast = units(atMostStr), units(atLeastStr)
if free < atLeast then return false end
local grant = mulFloor(free, shareDigits, shareScale)
local str = fmt(grant)
if grant > atMost then grant = atMost; str = atMostStr end
if grant < atLeast then str = atLeastStr end
redis.call('HSET', ka, h, str)
redis.call('ZADD', ke, exp, h)
keep(ka, exp - now + grace)
keep(ke, exp - now + grace)
return str
